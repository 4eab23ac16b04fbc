#pragma once
// ASCII case of SQL words and names: keywords, type names, option values.
// Never the locale's: an identifier must read the same on every machine.
#include <string>
#include <string_view>

namespace schemactl {

inline char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
inline char upper_ascii(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

inline std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = lower_ascii(c);
    return out;
}
inline std::string upper_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = upper_ascii(c);
    return out;
}

// Whether a and b are the same but for ASCII case: a keyword test that
// copies nothing (tokens are compared by the thousand in a catalog read).
inline bool iequals_ascii(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (upper_ascii(a[i]) != upper_ascii(b[i])) return false;
    return true;
}

}  // namespace schemactl
