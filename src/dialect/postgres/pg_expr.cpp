#include "dialect/postgres/pg_expr.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

namespace schemactl::pg {

namespace {

using expr::Token;
using Kind = Token::Kind;

bool is_op(const std::vector<Token>& t, std::size_t i, std::string_view o) {
    return i < t.size() && t[i].kind == Kind::op && t[i].text == o;
}
bool is_kw(const std::vector<Token>& t, std::size_t i, std::string_view w) {
    return i < t.size() && t[i].kind == Kind::keyword && t[i].text == w;
}

bool numeric_type(std::string_view t) {
    for (std::string_view n : {"integer", "int", "bigint", "smallint", "numeric", "decimal", "real", "double", "float",
                               "int2", "int4", "int8", "float4", "float8"})
        if (t == n) return true;
    return false;
}

// Where the type name after `::` at `i` ends: schema-qualified, multi-word
// (character varying, timestamp with time zone), with a modifier (10,2) and
// array brackets ([]).
std::size_t skip_type(const std::vector<Token>& in, std::size_t i, std::string& type) {
    if (i >= in.size() || in[i].kind == Kind::op || in[i].kind == Kind::string) return i;
    type = in[i++].text;
    while (is_op(in, i, ".") && i + 1 < in.size() && in[i + 1].kind != Kind::op) i += 2;
    static constexpr std::array<std::string_view, 6> words{"varying", "precision", "with", "without", "time", "zone"};
    while (i < in.size() && in[i].kind == Kind::ident &&
           std::find(words.begin(), words.end(), in[i].text) != words.end())
        ++i;
    if (is_op(in, i, "(")) {
        while (i < in.size() && !is_op(in, i, ")")) ++i;
        if (i < in.size()) ++i;
    }
    while (is_op(in, i, "[") && is_op(in, i + 1, "]")) i += 2;
    return i;
}

// Drops `::type`; '-1'::integer is how PostgreSQL stores the constant -1.
std::vector<Token> drop_casts(std::vector<Token> in) {
    std::vector<Token> out;
    for (std::size_t i = 0; i < in.size();) {
        if (!is_op(in, i, "::")) {
            out.push_back(std::move(in[i++]));
            continue;
        }
        std::string type;
        i = skip_type(in, i + 1, type);
        if (!out.empty() && out.back().kind == Kind::string && numeric_type(type)) {
            std::string_view body = out.back().text;
            if (body.size() >= 2 && body.back() == '\'') {
                body = body.substr(1, body.size() - 2);
                if (expr::plain_number(body)) out.back() = {Kind::number, expr::normalize_number(body)};
            }
        }
    }
    return out;
}

// PostgreSQL prints LIKE as ~~ and NOT ILIKE as !~~*.
void like_words(std::vector<Token>& t) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> likes{
        {{"~~", "like"}, {"~~*", "ilike"}, {"!~~", "like"}, {"!~~*", "ilike"}}};
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i].kind != Kind::op) continue;
        for (const auto& [op, word] : likes) {
            if (t[i].text != op) continue;
            bool negated = op[0] == '!';
            t[i] = {Kind::keyword, std::string(word)};
            if (negated) t.insert(t.begin() + static_cast<std::ptrdiff_t>(i++), Token{Kind::keyword, "not"});
            break;
        }
    }
}

// The index of the bracket closing the one at `open`, or npos.
std::size_t closing(const std::vector<Token>& t, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i < t.size(); ++i) {
        if (is_op(t, i, "(") || is_op(t, i, "[")) ++depth;
        if ((is_op(t, i, ")") || is_op(t, i, "]")) && --depth == 0) return i;
    }
    return std::string_view::npos;
}

// `= ANY ((ARRAY[a, b]))` at i (the operator) as `IN (a, b)`, `<> ALL (...)`
// as `NOT IN (...)`; returns whether it rewrote. A comparison against an array
// column (`= ANY (tags)`) stays.
bool in_list_at(std::vector<Token>& t, std::size_t i) {
    bool in = is_op(t, i, "=") && is_kw(t, i + 1, "any"), not_in = is_op(t, i, "<>") && is_kw(t, i + 1, "all");
    if (!(in || not_in) || !is_op(t, i + 2, "(")) return false;
    std::size_t j = i + 3, wraps = 0;
    while (is_op(t, j, "(")) ++j, ++wraps;
    if (!is_kw(t, j, "array") || !is_op(t, j + 1, "[")) return false;
    std::size_t end = closing(t, j + 1);
    if (end == std::string_view::npos || end == j + 2) return false;  // ARRAY[] has no IN form
    for (std::size_t k = 1; k <= wraps + 1; ++k)
        if (!is_op(t, end + k, ")")) return false;
    std::vector<Token> list;
    if (not_in) list.push_back({Kind::keyword, "not"});
    list.push_back({Kind::keyword, "in"});
    list.push_back({Kind::op, "("});
    list.insert(list.end(), t.begin() + static_cast<std::ptrdiff_t>(j + 2),
                t.begin() + static_cast<std::ptrdiff_t>(end));
    list.push_back({Kind::op, ")"});
    t.erase(t.begin() + static_cast<std::ptrdiff_t>(i), t.begin() + static_cast<std::ptrdiff_t>(end + wraps + 2));
    t.insert(t.begin() + static_cast<std::ptrdiff_t>(i), list.begin(), list.end());
    return true;
}

}  // namespace

void expression_form(std::vector<Token>& tokens) {
    tokens = drop_casts(std::move(tokens));
    like_words(tokens);
    for (std::size_t i = 0; i < tokens.size(); ++i) in_list_at(tokens, i);
}

}  // namespace schemactl::pg
