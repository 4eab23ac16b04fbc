#include "diff/expr.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

namespace schemactl {

static bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Rewrites servers apply to what they store: PostgreSQL turns `x BETWEEN a AND b`
// into `x >= a AND x <= b` and `x IN (a, b)` into `x = ANY (ARRAY[a, b])`.
static std::string server_rewrites(std::string_view in) {
    std::string s(in);
    // Most expressions have neither keyword: skip the (slow) regular expressions.
    std::string low(in);
    for (auto& c : low) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (low.find("between") == std::string::npos && low.find(" in") == std::string::npos) return s;
    static const std::regex between(R"(([A-Za-z_][A-Za-z0-9_."`]*)\s+(?:BETWEEN|between|Between)\s+(\S+)\s+(?:AND|and|And)\s+([^\s()]+))");
    static const std::regex in_list(R"(([A-Za-z_][A-Za-z0-9_."`]*)\s+(?:IN|in|In)\s*\(([^()]*)\))");
    s = std::regex_replace(s, between, "$1 >= $2 AND $1 <= $3");
    s = std::regex_replace(s, in_list, "$1 = ANY (ARRAY[$2])");
    return s;
}

std::string expr_fingerprint(std::string_view original) {
    const std::string rewritten = server_rewrites(original);
    std::string_view s = rewritten;
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        char c = s[i];
        if (c == '\'') {  // string literal: kept verbatim, '' stays ''
            std::size_t j = i + 1;
            while (j < s.size()) {
                if (s[j] == '\'' && j + 1 < s.size() && s[j + 1] == '\'') j += 2;
                else if (s[j] == '\'') break;
                else ++j;
            }
            out.append(s.substr(i, j + 1 - i));
            i = j + 1;
            continue;
        }
        if (c == ':' && i + 1 < s.size() && s[i + 1] == ':') {  // ::type cast
            i += 2;
            while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
            // the type name may have several words ("character varying", "timestamp with time zone")
            while (i < s.size()) {
                std::size_t start = i;
                if (s[i] == '"') {
                    ++i;
                    while (i < s.size() && s[i] != '"') ++i;
                    ++i;
                } else {
                    while (i < s.size() && (ident_char(s[i]) || s[i] == '.')) ++i;
                }
                if (i < s.size() && s[i] == '(') {  // varchar(10)
                    while (i < s.size() && s[i] != ')') ++i;
                    ++i;
                }
                i = std::min(i, s.size());  // an unclosed quote or parenthesis ends the input
                while (i + 1 < s.size() && s[i] == '[' && s[i + 1] == ']') i += 2;
                std::size_t k = i;
                while (k < s.size() && s[k] == ' ') ++k;
                std::string_view next = s.substr(k);
                auto word = [&](std::string_view w) {
                    return next.size() >= w.size() && std::equal(w.begin(), w.end(), next.begin(), [](char a, char b) {
                               return a == std::tolower(static_cast<unsigned char>(b));
                           }) && (next.size() == w.size() || !ident_char(next[w.size()]));
                };
                if (i > start && (word("varying") || word("precision") || word("with") || word("without") ||
                                  word("time") || word("zone"))) {
                    i = k;
                    continue;
                }
                break;
            }
            continue;
        }
        if (std::isdigit(static_cast<unsigned char>(c)) && (out.empty() || !ident_char(out.back()))) {
            // A number: 1.50, 1.5 and 1.500 are the same value (servers echo the scale they like).
            std::size_t j = i;
            while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
            std::string num(s.substr(i, j - i));
            if (j + 1 < s.size() && s[j] == '.' && std::isdigit(static_cast<unsigned char>(s[j + 1]))) {
                std::size_t k = j + 1;
                while (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) ++k;
                std::string frac(s.substr(j + 1, k - j - 1));
                while (!frac.empty() && frac.back() == '0') frac.pop_back();
                if (!frac.empty()) num += "." + frac;
                j = k;
            }
            out += num;
            i = j;
            continue;
        }
        if (std::isspace(static_cast<unsigned char>(c)) || c == '(' || c == ')' || c == '"' || c == '`') {
            ++i;
            continue;
        }
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        ++i;
    }
    return out;
}

}  // namespace schemactl
