#pragma once
// Quoting by doubling: each dialect's quoted identifiers ("x", `x`) and the
// plain SQL string literal ('it''s') are one rule with another quote mark.
// What differs per dialect (MySQL's backslashes, PostgreSQL's E'') stays in
// the dialect's quote_literal.
#include <string>
#include <string_view>
#include <vector>

namespace schemactl {

// `s` between two `q`s, each `q` inside written twice.
inline std::string doubled_quotes(std::string_view s, char q) {
    std::string out(1, q);
    out.reserve(s.size() + 2);
    for (char c : s) {
        if (c == q) out += q;
        out += c;
    }
    out += q;
    return out;
}

// Names as an SQL list for IN, each a literal by the dialect's `quote`:
// ('a', 'b').
template <class Quote>
std::string sql_list(const std::vector<std::string>& names, Quote quote) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "(" : ", ") + quote(n);
    return out + ")";
}

}  // namespace schemactl
