#include "toml/parts.hpp"

#include <algorithm>
#include <string>
#include <vector>

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

}  // namespace

bool parse_by_parts(std::string_view text, const std::string& source, const TomlParts& parts) {
    const std::vector<std::size_t> starts = part_starts(text, parts.key);
    if (starts.size() < 2) return false;  // nothing to split: one parse is as fast
    int lines_before = 0;
    for (std::size_t i = 0; i < starts.size(); ++i) {
        const std::size_t end = i + 1 < starts.size() ? starts[i + 1] : text.size();
        const std::string_view part = text.substr(starts[i], end - starts[i]);
        toml::table root;
        try {
            root = toml::parse(part, source);
        } catch (const toml::parse_error&) {
            return false;
        }
        if (i == 0) {
            if (root.contains(parts.key) || !parts.head(root)) return false;
        } else {
            if (!entry_only(root, parts.key)) return false;
            parts.entry(root, lines_before);
        }
        lines_before += static_cast<int>(std::count(part.begin(), part.end(), '\n'));
    }
    return true;
}

}  // namespace schemactl
