#include "plan/unmanaged.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace schemactl {

std::vector<const Unmanaged*> pinned_by(const Table& live, const std::string& column) {
    std::vector<const Unmanaged*> out;
    for (const auto& u : live.unmanaged)
        if (std::find(u.columns.begin(), u.columns.end(), column) != u.columns.end()) out.push_back(&u);
    return out;
}

std::string describe_unmanaged(const std::vector<const Unmanaged*>& objects) {
    std::vector<std::string> v;
    for (const auto* u : objects) v.push_back(u->kind + " " + u->name);
    return fmt::format("{}", fmt::join(v, ", "));
}

void block_rebuilds(std::vector<Step>& steps, const Table& live) {
    std::vector<const Unmanaged*> all;
    for (const auto& u : live.unmanaged)
        if (!u.survives_rebuild) all.push_back(&u);
    if (all.empty()) return;
    for (auto& s : steps) {
        if (!s.rebuilds) continue;
        s.safety = Safety::blocked;
        s.sql.clear();
        s.note = fmt::format(
            "the table has {}, which schemactl does not manage and a rebuild would lose: "
            "drop it first and re-create it after the sync, or leave this change out",
            describe_unmanaged(all));
    }
}

}  // namespace schemactl
