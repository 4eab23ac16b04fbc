#include "plan/plan.hpp"

#include <algorithm>

namespace schemactl {

const char* to_string(Safety s) {
    switch (s) {
        case Safety::safe: return "safe";
        case Safety::risky: return "risky";
        case Safety::destructive: return "destructive";
        case Safety::blocked: return "blocked";
    }
    return "?";
}

std::size_t Plan::pending() const {
    return static_cast<std::size_t>(
        std::count_if(steps.begin(), steps.end(), [](const Step& s) { return s.safety != Safety::blocked; }));
}

std::vector<std::string> Plan::tables() const {
    std::vector<std::string> out;
    for (const auto& s : steps)
        if (std::find(out.begin(), out.end(), s.table) == out.end()) out.push_back(s.table);
    return out;
}

}  // namespace schemactl
