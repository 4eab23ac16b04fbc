#include "toml/parts.hpp"

#include <algorithm>
#include <exception>
#include <string>
#include <vector>

#include "runtime/parallel.hpp"

namespace schemactl {

namespace {

// Where each part starts: 0 (the head, maybe empty), then every line that
// begins with "[[KEY]]".
std::vector<std::size_t> part_starts(std::string_view text, std::string_view key) {
    const std::string header = "\n[[" + std::string(key) + "]]";
    std::vector<std::size_t> starts{0};
    if (text.substr(0, header.size() - 1) == std::string_view(header).substr(1)) starts.push_back(0);
    for (std::size_t at = text.find(header); at != std::string_view::npos; at = text.find(header, at + 1))
        starts.push_back(at + 1);
    return starts;
}

// An entry's part stands alone when all it defines is KEY's array of tables.
bool entry_only(const toml::table& root, std::string_view key) {
    const auto* arr = root.get_as<toml::array>(key);
    return root.size() == 1 && arr && arr->is_array_of_tables();
}

// How one slot's run of entries ended: all read, given up at a part that
// does not stand alone, or stopped by what the entry callback threw.
struct Outcome {
    bool gave_up = false;
    std::exception_ptr thrown;
};

}  // namespace

bool parse_by_parts(std::string_view text, const std::string& source, const TomlParts& parts) {
    const std::vector<std::size_t> starts = part_starts(text, parts.key);
    if (starts.size() < 2) return false;  // nothing to split: one parse is as fast
    auto part = [&](std::size_t i) {
        const std::size_t end = i + 1 < starts.size() ? starts[i + 1] : text.size();
        return text.substr(starts[i], end - starts[i]);
    };
    try {
        const toml::table head = toml::parse(part(0), source);
        if (head.contains(parts.key) || !parts.head(head)) return false;
    } catch (const toml::parse_error&) {
        return false;
    }
    std::vector<int> lines_before(starts.size(), 0);
    for (std::size_t i = 1; i < starts.size(); ++i) {
        const std::string_view prev = part(i - 1);
        lines_before[i] = lines_before[i - 1] + static_cast<int>(std::count(prev.begin(), prev.end(), '\n'));
    }
    // Each slot stops at its first failure; the earliest slot's decides.
    const std::size_t entries = starts.size() - 1;
    const std::size_t slots = std::clamp<std::size_t>(parts.slots, 1, entries);
    std::vector<Outcome> outcome(slots);
    in_ranges(entries, slots, [&](std::size_t from, std::size_t to, std::size_t slot) {
        try {
            for (std::size_t i = 1 + from; i < 1 + to; ++i) {
                toml::table root;
                try {
                    // No source path: each node would hold a counted
                    // reference to it, an atomic count per node on these
                    // threads; the entry callback knows the file.
                    root = toml::parse(part(i));
                } catch (const toml::parse_error&) {
                    outcome[slot].gave_up = true;
                    return;
                }
                if (!entry_only(root, parts.key)) {
                    outcome[slot].gave_up = true;
                    return;
                }
                parts.entry(root, lines_before[i], slot);
            }
        } catch (...) {
            outcome[slot].thrown = std::current_exception();
        }
    });
    for (const Outcome& o : outcome) {
        if (o.gave_up) return false;
        if (o.thrown) std::rethrow_exception(o.thrown);
    }
    return true;
}

}  // namespace schemactl
