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

}  // namespace schemactl
