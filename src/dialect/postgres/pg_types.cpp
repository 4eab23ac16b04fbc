// Types and defaults in PostgreSQL's canonical spelling: what format_type()
// and pg_get_expr() print. lower() and inspect() both go through here.
#include "dialect/postgres/pg_types.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <map>
#include <regex>

#include "dialect/quote.hpp"
#include "schema/error.hpp"
#include "schema/prepare.hpp"
#include "schema/text.hpp"

namespace schemactl::pg {

namespace {

constexpr std::size_t kMaxIdent = 63;

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}
bool is_number(std::string_view s) {
    if (s.empty()) return false;
    std::size_t i = s[0] == '-' ? 1 : 0;
    bool digit = false, dot = false;
    for (; i < s.size(); ++i) {
        if (std::isdigit(static_cast<unsigned char>(s[i]))) digit = true;
        else if (s[i] == '.' && !dot) dot = true;
        else return false;
    }
    return digit;
}
// Length of the string literal starting at s[0] == '\'' (incl. quotes), or 0.
std::size_t literal_length(std::string_view s) {
    if (s.empty() || s[0] != '\'') return 0;
    for (std::size_t i = 1; i < s.size(); ++i) {
        if (s[i] != '\'') continue;
        if (i + 1 < s.size() && s[i + 1] == '\'') {
            ++i;
            continue;
        }
        return i + 1;
    }
    return 0;
}
// The value of a complete literal: 'it''s' → it's.
std::string literal_value(std::string_view lit) {
    std::string v;
    for (std::size_t i = 1; i + 1 < lit.size(); ++i) {
        v += lit[i];
        if (lit[i] == '\'') ++i;
    }
    return v;
}
// The value of quote_literal()'s E'...' form (\\ and '' inside, nothing
// else escaped); false for anything else.
bool escape_literal_value(std::string_view lit, std::string& out) {
    if (lit.size() < 3 || (lit[0] != 'E' && lit[0] != 'e') || lit[1] != '\'' || lit.back() != '\'') return false;
    out.clear();
    for (std::size_t i = 2; i + 1 < lit.size(); ++i) {
        char c = lit[i];
        if (c == '\\' || c == '\'') {
            if (i + 2 >= lit.size() || lit[i + 1] != c) return false;
            ++i;
        }
        out += c;
    }
    return true;
}
bool integer_type(const std::string& t) { return t == "smallint" || t == "integer" || t == "bigint"; }
bool numeric_type(const std::string& t) {
    return integer_type(t) || t == "real" || t == "double precision" || t.rfind("numeric", 0) == 0;
}
// Removes parentheses that wrap the whole expression: ((a > 0)) → a > 0.
std::string_view strip_parens(std::string_view s) {
    s = trim(s);
    while (s.size() >= 2 && s.front() == '(' && s.back() == ')') {
        int depth = 0;
        bool wraps = true;
        std::size_t i = 0;
        while (i < s.size()) {
            if (s[i] == '\'') {
                std::size_t n = literal_length(s.substr(i));
                i += n ? n : 1;
                continue;
            }
            if (s[i] == '(') ++depth;
            else if (s[i] == ')' && --depth == 0 && i + 1 != s.size()) {
                wraps = false;
                break;
            }
            ++i;
        }
        if (!wraps) break;
        s = trim(s.substr(1, s.size() - 2));
    }
    return s;
}
// True when `rest` is nothing but casts: ::text, ::character varying(10), ::"Mood", ::integer[].
bool only_casts(std::string_view rest) {
    std::size_t i = 0;
    auto skip_ws = [&] {
        while (i < rest.size() && std::isspace(static_cast<unsigned char>(rest[i]))) ++i;
    };
    skip_ws();
    while (i < rest.size()) {
        if (rest.substr(i, 2) != "::") return false;
        i += 2;
        skip_ws();
        std::size_t start = i;
        while (i < rest.size()) {
            char c = rest[i];
            if (c == '"') {
                auto close = rest.find('"', i + 1);
                if (close == std::string_view::npos) return false;
                i = close + 1;
            } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == ' ' || c == '[' ||
                       c == ']') {
                ++i;
            } else if (c == '(') {
                auto close = rest.find(')', i);
                if (close == std::string_view::npos) return false;
                for (std::size_t k = i + 1; k < close; ++k)
                    if (!std::isdigit(static_cast<unsigned char>(rest[k])) && rest[k] != ',' && rest[k] != ' ')
                        return false;
                i = close + 1;
            } else {
                break;
            }
        }
        if (i == start) return false;
        skip_ws();
    }
    return true;
}

struct SplitType {
    std::string base;  // the words outside the parentheses: "timestamp with time zone"
    std::vector<std::string> args;
    std::string array;  // "[]" per dimension
};

SplitType split_type(std::string_view in) {
    std::string s;  // lower case, one space between words
    for (char c : trim(in)) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (!s.empty() && s.back() != ' ') s += ' ';
        } else {
            s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    SplitType t;
    for (;;) {
        while (!s.empty() && s.back() == ' ') s.pop_back();
        if (s.size() < 2 || s.compare(s.size() - 2, 2, "[]") != 0) break;
        t.array += "[]";
        s.resize(s.size() - 2);
    }
    auto open = s.find('(');
    auto close = s.rfind(')');
    if (open == std::string::npos || close == std::string::npos || close < open) {
        t.base = s;
        return t;
    }
    std::string before(trim(std::string_view(s).substr(0, open)));
    std::string after(trim(std::string_view(s).substr(close + 1)));
    t.base = after.empty() ? before : before + " " + after;
    std::string cur;
    for (char c : s.substr(open + 1, close - open - 1)) {
        if (c == ',') {
            t.args.push_back(cur);
            cur.clear();
        } else if (c != ' ') {
            cur += c;
        }
    }
    t.args.push_back(cur);
    return t;
}

std::string join_args(const std::vector<std::string>& args) {
    std::string s;
    for (std::size_t i = 0; i < args.size(); ++i) s += (i ? "," : "") + args[i];
    return "(" + s + ")";
}

// SQL-standard value functions: PostgreSQL prints them in upper case (CURRENT_TIMESTAMP).
bool sql_value_function(const std::string& low) {
    static const char* names[] = {"current_timestamp", "current_date",   "current_time", "localtimestamp",
                                  "localtime",         "current_user",   "session_user", "current_role",
                                  "current_catalog",   "current_schema", "user"};
    std::string head(trim(std::string_view(low).substr(0, low.find('('))));
    if (head.size() != low.size()) {  // CURRENT_TIMESTAMP(3): only digits inside
        auto open = low.find('(');
        if (low.back() != ')') return false;
        for (std::size_t i = open + 1; i + 1 < low.size(); ++i)
            if (!std::isdigit(static_cast<unsigned char>(low[i]))) return false;
    }
    for (const char* n : names)
        if (head == n) return true;
    return false;
}

}  // namespace

std::string quote_ident(std::string_view id) { return doubled_quotes(id, '"'); }

// A literal that means the same under either standard_conforming_strings:
// with a backslash in it, E'...' with \ and ' doubled (a plain '...' would
// read the backslash as an escape when the setting is off, and let a value
// like \'; DROP ... end the literal early); without one, plain '...'. The
// sessions also set the setting on (pg_connection.cpp), but printed SQL
// (`plan --format sql`) may run anywhere.
std::string quote_literal(std::string_view v) {
    if (v.find('\0') != std::string_view::npos)
        throw Error("a string value contains a NUL byte, which PostgreSQL cannot store: remove it");
    if (v.find('\\') == std::string_view::npos) return doubled_quotes(v, '\'');
    // E'' so that a backslash means itself whatever standard_conforming_strings says.
    std::string o = "E'";
    for (char c : v) {
        if (c == '\'' || c == '\\') o += c;
        o += c;
    }
    return o + "'";
}

std::string enum_type_name(const std::string& table, const std::string& column) {
    return generated_name(table, column, {}, kMaxIdent);
}

std::string canonical_native_type(const std::string& type) {
    std::string_view tv = trim(type);
    if (tv.find('"') != std::string_view::npos) return std::string(tv);  // a quoted user type: as written
    SplitType t = split_type(tv);
    std::string b = t.base;
    if (b.rfind("pg_catalog.", 0) == 0) b = b.substr(11);
    const std::string p = t.args.empty() ? "" : "(" + t.args[0] + ")";
    static const std::map<std::string, std::string> alias{{"int", "integer"},
                                                          {"int4", "integer"},
                                                          {"serial", "integer"},
                                                          {"serial4", "integer"},
                                                          {"int8", "bigint"},
                                                          {"bigserial", "bigint"},
                                                          {"serial8", "bigint"},
                                                          {"int2", "smallint"},
                                                          {"smallserial", "smallint"},
                                                          {"serial2", "smallint"},
                                                          {"bool", "boolean"},
                                                          {"float4", "real"},
                                                          {"float8", "double precision"}};
    std::string out;
    if (b == "varchar" || b == "character varying") out = "character varying" + p;
    else if (b == "char" || b == "character") out = "character" + (p.empty() ? "(1)" : p);
    else if (b == "bpchar") out = p.empty() ? "bpchar" : "character" + p;
    else if (b == "decimal" || b == "numeric")
        out = t.args.empty() ? "numeric" : "numeric(" + t.args[0] + "," + (t.args.size() > 1 ? t.args[1] : "0") + ")";
    else if (b == "timestamp" || b == "timestamp without time zone") out = "timestamp" + p + " without time zone";
    else if (b == "timestamptz" || b == "timestamp with time zone") out = "timestamp" + p + " with time zone";
    else if (b == "time" || b == "time without time zone") out = "time" + p + " without time zone";
    else if (b == "timetz" || b == "time with time zone") out = "time" + p + " with time zone";
    else if (b == "float" || b == "double")
        out = !t.args.empty() && std::atoi(t.args[0].c_str()) <= 24 ? "real" : "double precision";
    else if (b == "varbit" || b == "bit varying") out = "bit varying" + p;
    else if (b == "bit") out = "bit" + (p.empty() ? "(1)" : p);
    else if (auto it = alias.find(b); it != alias.end() && t.args.empty()) out = it->second;
    else out = b + (t.args.empty() ? "" : join_args(t.args));
    return out + t.array;
}

std::string canonical_type(const std::string& type, bool portable) {
    if (portable) {
        SplitType t = split_type(type);
        if (t.args.empty() && t.base == "json") return "jsonb" + t.array;
        if (t.args.empty() && t.base == "blob") return "bytea" + t.array;
    }
    return canonical_native_type(type);
}

namespace {

// '-1'::integer → -1 inside an expression (PostgreSQL prints negative
// constants that way), and (1)::numeric → 1 (how it prints an integer
// constant compared with a numeric column); other literals and casts are
// left alone.
std::string unquote_numbers(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t n = s[i] == '\'' ? literal_length(s.substr(i)) : 0;
        std::string inner;
        if (n) {
            inner = literal_value(s.substr(i, n));
        } else if (s[i] == '(' && (i == 0 || !(std::isalnum(static_cast<unsigned char>(s[i - 1])) || s[i - 1] == '_' ||
                                               s[i - 1] == ')' || s[i - 1] == '"'))) {
            auto close = s.find(')', i);
            if (close != std::string_view::npos && close > i + 1 && s[i + 1] != '-' &&
                is_number(s.substr(i + 1, close - i - 1))) {
                n = close + 1 - i;
                inner = std::string(s.substr(i + 1, close - i - 1));
            }
        }
        if (!n) {
            out += s[i++];
            continue;
        }
        std::size_t j = i + n;
        std::string_view rest = s.substr(j);
        static const char* casts[] = {"::integer", "::bigint",           "::smallint",
                                      "::numeric", "::double precision", "::real"};
        bool replaced = false;
        if (is_number(inner))
            for (const char* c : casts) {
                std::string_view cv(c);
                if (rest.substr(0, cv.size()) == cv &&
                    (rest.size() == cv.size() || !(std::isalnum(static_cast<unsigned char>(rest[cv.size()])) ||
                                                   rest[cv.size()] == '_' || rest[cv.size()] == '('))) {
                    out += inner;
                    i = j + cv.size();
                    replaced = true;
                    break;
                }
            }
        if (!replaced) {
            out.append(s.substr(i, n));
            i = j;
        }
    }
    return out;
}

}  // namespace

Default canonical_default(std::string_view in) {
    const std::string cast_form = typed_literals_as_casts(in);
    std::string_view s = strip_parens(cast_form);
    std::string low = lower_ascii(s);
    if (s.empty() || low == "null" || low.rfind("null::", 0) == 0) return {};
    // 'literal'::type → 'literal'; a number in quotes cast to a number type → the number.
    if (std::size_t n = literal_length(s); n && only_casts(s.substr(n))) {
        std::string_view lit = s.substr(0, n);
        std::string cast = lower_ascii(s.substr(n));
        std::string inner = literal_value(lit);
        if (n != s.size() && is_number(inner) &&
            (cast.find("int") != std::string::npos || cast.find("numeric") != std::string::npos ||
             cast.find("double") != std::string::npos || cast.find("real") != std::string::npos ||
             cast.find("float") != std::string::npos || cast.find("decimal") != std::string::npos))
            return {Default::Kind::expr, inner};
        // Re-quoted: the server prints 'a\b', the canonical spelling is E'a\\b'.
        return {Default::Kind::expr, quote_literal(inner)};
    }
    if (low == "true" || low == "false") return {Default::Kind::expr, low};
    if (sql_value_function(low)) return {Default::Kind::expr, upper_ascii(s)};
    // A number cast to a type: 5::bigint, (-1)::integer.
    if (auto cast = s.find("::");
        cast != std::string_view::npos && is_number(strip_parens(s.substr(0, cast))) && only_casts(s.substr(cast)))
        return {Default::Kind::expr, std::string(strip_parens(s.substr(0, cast)))};
    return {Default::Kind::expr, unquote_numbers(s)};
}

namespace {

// The position after the ')' that closes s[open] == '(', skipping string
// literals and quoted names; npos when it is not closed.
std::size_t after_close(std::string_view s, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i < s.size();) {
        char c = s[i];
        if (c == '\'') {
            std::size_t n = literal_length(s.substr(i));
            if (!n) return std::string_view::npos;
            i += n;
            continue;
        }
        if (c == '"') {
            auto close = s.find('"', i + 1);
            if (close == std::string_view::npos) return close;
            i = close + 1;
            continue;
        }
        if (c == '(') ++depth;
        else if (c == ')' && --depth == 0) return i + 1;
        ++i;
    }
    return std::string_view::npos;
}

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '$'; }

// PostgreSQL prints `x IN ('a', 'b')` on a varchar column as
// `ANY ((ARRAY['a'::character varying, ...])::text[])`, but the same text read
// back prints as `ANY (ARRAY[('a'::character varying)::text, ...])`. The second
// form is stable, so the first is rewritten into it: one text per check.
std::string array_cast_inside(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        char c = s[i];
        if (c == '\'' || c == '"') {
            std::size_t n = c == '\'' ? literal_length(s.substr(i)) : s.find('"', i + 1);
            std::size_t end = c == '\'' ? (n ? i + n : s.size()) : (n == std::string_view::npos ? s.size() : n + 1);
            out.append(s.substr(i, end - i));
            i = end;
            continue;
        }
        if (s.substr(i, 7) != "(ARRAY[") {
            out += c;
            ++i;
            continue;
        }
        // Elements of ARRAY[...], split at top-level commas.
        std::vector<std::string_view> items;
        std::size_t j = i + 7, start = j;
        int depth = 0;
        bool closed = false;
        while (j < s.size() && !closed) {
            char d = s[j];
            if (d == '\'') {
                std::size_t n = literal_length(s.substr(j));
                if (!n) break;
                j += n;
                continue;
            }
            if (d == '(' || d == '[') ++depth;
            else if ((d == ')' || d == ']') && depth > 0) --depth;
            else if (d == ']') closed = true;
            else if (d == ',' && depth == 0) {
                items.push_back(trim(s.substr(start, j - start)));
                start = j + 1;
            }
            if (!closed) ++j;
        }
        // Then `)::type[]`, or this is some other parenthesized array: left as it is.
        std::string_view rest = closed ? s.substr(j + 1) : std::string_view();
        std::size_t type_end = rest.find("[]");
        if (!closed || rest.substr(0, 3) != ")::" || type_end == std::string_view::npos) {
            out += c;
            ++i;
            continue;
        }
        std::string_view type = rest.substr(3, type_end - 3);
        items.push_back(trim(s.substr(start, j - start)));
        std::vector<std::string> cast;
        for (auto item : items) cast.push_back(fmt::format("({})::{}", item, type));
        out += fmt::format("ARRAY[{}]", fmt::join(cast, ", "));
        i = j + 1 + type_end + 2;  // past "[]"
    }
    return out;
}

}  // namespace

std::string typed_literals_as_casts(std::string_view s) {
    // Longest spellings first: "timestamp with time zone" before "timestamp".
    static const char* types[] = {"timestamp with time zone",
                                  "timestamp without time zone",
                                  "time with time zone",
                                  "time without time zone",
                                  "double precision",
                                  "character varying",
                                  "timestamptz",
                                  "timestamp",
                                  "timetz",
                                  "time",
                                  "numeric",
                                  "decimal",
                                  "integer",
                                  "bigint",
                                  "smallint",
                                  "int2",
                                  "int4",
                                  "int8",
                                  "int",
                                  "real",
                                  "float4",
                                  "float8",
                                  "boolean",
                                  "bool",
                                  "text",
                                  "varchar",
                                  "character",
                                  "char",
                                  "date",
                                  "interval",
                                  "uuid",
                                  "jsonb",
                                  "json",
                                  "bytea",
                                  "inet",
                                  "cidr",
                                  "money"};
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        char c = s[i];
        if (c == '\'' || c == '"') {
            std::size_t end = c == '\'' ? literal_length(s.substr(i)) : s.find('"', i + 1);
            end = c == '\'' ? (end ? i + end : s.size()) : (end == std::string_view::npos ? s.size() : end + 1);
            out.append(s.substr(i, end - i));
            i = end;
            continue;
        }
        bool boundary = i == 0 || !(word_char(s[i - 1]) || s[i - 1] == ':');
        bool matched = false;
        if (boundary && std::isalpha(static_cast<unsigned char>(c)))
            for (std::string_view t : types) {
                if (i + t.size() > s.size() || lower_ascii(s.substr(i, t.size())) != t) continue;
                std::size_t j = i + t.size();
                if (j < s.size() && word_char(s[j])) continue;
                std::size_t k = j;
                while (k < s.size() && std::isspace(static_cast<unsigned char>(s[k]))) ++k;
                if (k == j || k >= s.size() || s[k] != '\'') continue;
                std::size_t n = literal_length(s.substr(k));
                if (!n) continue;
                out.append(s.substr(k, n));
                out += "::";
                out.append(t);
                i = k + n;
                matched = true;
                break;
            }
        if (matched) continue;
        // Copy the whole word, so that a type name inside a longer one is not taken.
        std::size_t j = i;
        while (j < s.size() && word_char(s[j])) ++j;
        if (j == i) j = i + 1;
        out.append(s.substr(i, j - i));
        i = j;
    }
    return out;
}

std::string default_sql(std::string_view expr) {
    std::string_view s = trim(expr);
    if (s.empty() || is_number(s)) return std::string(s);
    std::size_t start = (s[0] == 'E' || s[0] == 'e') && s.size() > 1 && s[1] == '\'' ? 1 : 0;
    if (std::size_t n = literal_length(s.substr(start)); n && only_casts(s.substr(start + n))) return std::string(s);
    // A bare word (true, NULL, CURRENT_TIMESTAMP) or a function call, possibly cast.
    std::size_t i = 0;
    while (i < s.size() && word_char(s[i])) ++i;
    if (i > 0 && !std::isdigit(static_cast<unsigned char>(s[0]))) {
        if (i == s.size()) return std::string(s);
        if (s[i] == '(') {
            std::size_t end = after_close(s, i);
            if (end != std::string_view::npos && only_casts(s.substr(end))) return std::string(s);
        }
    }
    // Anything else (AT TIME ZONE, IS NULL, ||, CASE ...): the DEFAULT clause
    // takes only a restricted expression, a parenthesized one is always valid.
    return "(" + std::string(s) + ")";
}

std::string canonical_expression(std::string_view expr) {
    return unquote_numbers(typed_literals_as_casts(strip_parens(expr)));
}

std::string canonical_collation(std::string_view name) {
    std::string_view n = trim(name);
    if (n.size() > 1 && n.front() == '"' && n.back() == '"') n = n.substr(1, n.size() - 2);
    return n == "default" ? "" : std::string(n);
}

std::string canonical_predicate(std::string_view expr) {
    std::string_view s = trim(expr);
    if (s.size() > 6 && iequals_ascii(s.substr(0, 6), "check ")) s.remove_prefix(6);
    s = trim(s);
    // The options pg_get_constraintdef() prints after the expression: not part of it.
    for (bool again = true; again;) {
        again = false;
        for (std::string_view opt : {" not valid", " no inherit"})
            if (s.size() > opt.size() && lower_ascii(s.substr(s.size() - opt.size())) == opt) {
                s = trim(s.substr(0, s.size() - opt.size()));
                again = true;
            }
    }
    return unquote_numbers(typed_literals_as_casts(array_cast_inside(strip_parens(s))));
}

// A timestamptz literal as PostgreSQL prints it back with TimeZone = UTC, which
// schemactl sets on its sessions: "2024-01-01 00:00:00+00". A literal without
// an offset means UTC; one with an offset is moved to UTC. Text that is not a
// plain date-time ('now', 'infinity') is left as written.
std::string utc_timestamptz(const std::string& v) {
    static const std::regex re(
        R"(^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$)");
    std::smatch m;
    if (!std::regex_match(v, m, re)) return v;
    using namespace std::chrono;
    auto num = [&](int i) { return m[i].matched ? std::atoi(m[i].str().c_str()) : 0; };
    year_month_day ymd{year{num(1)}, month{static_cast<unsigned>(num(2))}, day{static_cast<unsigned>(num(3))}};
    if (!ymd.ok()) return v;
    sys_seconds t = sys_days{ymd} + hours{num(4)} + minutes{num(5)} + seconds{num(6)};
    if (m[8].matched && m[8].str() != "Z") {
        std::string off = m[8].str();
        int oh = std::atoi(off.substr(1, 2).c_str());
        std::string rest = off.substr(3);
        if (!rest.empty() && rest[0] == ':') rest.erase(0, 1);
        int om = rest.empty() ? 0 : std::atoi(rest.c_str());
        auto shift = hours{oh} + minutes{om};
        t = off[0] == '+' ? t - shift : t + shift;
    }
    std::string frac = m[7].matched ? m[7].str() : "";
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    if (frac == ".") frac.clear();
    auto dp = floor<days>(t);
    year_month_day d{dp};
    hh_mm_ss tod{t - dp};
    return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}{}+00", static_cast<int>(d.year()),
                       static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()), tod.hours().count(),
                       tod.minutes().count(), tod.seconds().count(), frac);
}

Default column_default(Default d, const std::string& type) {
    if (d.kind == Default::Kind::expr && is_number(d.text) && !numeric_type(type) && type != "boolean")
        d.text = quote_literal(d.text);
    return d;
}

Default lower_default(const Default& d, const std::string& type) {
    auto literal = [&](const std::string& v) {
        std::string text = v;
        // What PostgreSQL stores for a few typed literals.
        if (type.rfind("timestamp", 0) == 0 && type.find("with time zone") != std::string::npos)
            text = utc_timestamptz(text);
        else if (type.rfind("timestamp", 0) == 0 && text.size() == 10 && text[4] == '-' && text[7] == '-')
            text += " 00:00:00";
        if (type == "uuid") text = lower_ascii(text);
        return Default{Default::Kind::expr, quote_literal(text)};
    };
    switch (d.kind) {
        case Default::Kind::none: return {};
        case Default::Kind::string:
            if (numeric_type(type) && is_number(d.text)) return {Default::Kind::expr, d.text};
            if (type == "boolean") {
                std::string v = lower_ascii(d.text);
                bool yes = v == "true" || v == "t" || v == "yes" || v == "y" || v == "on" || v == "1";
                return {Default::Kind::expr, yes ? "true" : "false"};
            }
            return literal(d.text);
        case Default::Kind::integer:
            if (type == "boolean") return {Default::Kind::expr, d.text == "0" ? "false" : "true"};
            if (!numeric_type(type)) return literal(d.text);
            return {Default::Kind::expr, d.text};
        case Default::Kind::floating:
            if (!numeric_type(type)) return literal(d.text);
            return {Default::Kind::expr, d.text};
        case Default::Kind::boolean:
            if (type == "boolean") return {Default::Kind::expr, d.text};
            if (numeric_type(type)) return {Default::Kind::expr, d.text == "true" ? "1" : "0"};
            return literal(d.text);
        case Default::Kind::expr: return canonical_default(d.text);
    }
    return {};
}

Table lower_table(Table t) {
    auto where = [&](const std::string& col) { return t.name + (col.empty() ? "" : "." + col); };
    if (t.name.size() > kMaxIdent)
        throw Error(where("") + ": the name is longer than PostgreSQL's 63 characters: shorten it");
    for (auto& c : t.columns) {
        if (c.name.size() > kMaxIdent)
            throw Error(where(c.name) + ": the name is longer than PostgreSQL's 63 characters: shorten it");
        std::string base = split_type(c.type).base;
        if (base == "enum") {
            // A portable enum gets a type of its own, owned by the table.
            if (c.enum_values.empty()) throw Error(where(c.name) + ": an enum needs values = [...]");
            c.type = enum_type_name(t.name, c.name);
        } else if (!c.enum_values.empty()) {
            // The postgres override names an existing enum type: kept as written (unquoted).
            if (c.type.size() > 1 && c.type.front() == '"' && c.type.back() == '"')
                c.type = c.type.substr(1, c.type.size() - 2);
        } else {
            if (base == "serial" || base == "serial4" || base == "bigserial" || base == "serial8" ||
                base == "smallserial" || base == "serial2")
                c.auto_increment = true;
            c.type = canonical_type(c.type, !c.native_type);
        }
        c.native_type = false;
        if (c.auto_increment) {
            if (!integer_type(c.type))
                throw Error(where(c.name) +
                            ": auto_increment needs smallint, int or bigint on PostgreSQL (the type is " + c.type +
                            ")");
            c.default_value = {};
            c.nullable = false;  // identity columns are NOT NULL
        }
        c.default_value = column_default(lower_default(c.default_value, c.type), c.type);
        if (std::find(t.primary_key.begin(), t.primary_key.end(), c.name) != t.primary_key.end()) c.nullable = false;
        if (!c.generated.empty()) {
            // PostgreSQL 15 computes on write only (validate refuses virtual ones).
            c.generated = canonical_expression(c.generated);
            c.generated_stored = true;
            c.default_value = {};
        }
        c.on_update.clear();
        c.collation = canonical_collation(c.collation);
        c.unique = false;
        c.overrides.clear();
    }
    t.options.clear();
    for (auto& ix : t.indexes) {
        ix.method = lower_ascii(ix.method);
        if (ix.method == "btree") ix.method.clear();
        ix.constraint = false;
        for (auto& ic : ix.columns) {
            ic.prefix_length = 0;
            if (!ic.expr.empty()) ic.expr = canonical_expression(ic.expr);
        }
        ix.where = typed_literals_as_casts(trim(ix.where));
    }
    for (auto& fk : t.foreign_keys) {
        fk.on_delete = fk.on_delete.empty() ? "NO ACTION" : upper_ascii(fk.on_delete);
        fk.on_update = fk.on_update.empty() ? "NO ACTION" : upper_ascii(fk.on_update);
    }
    for (auto& ck : t.checks) ck.expr = typed_literals_as_casts(trim(ck.expr));
    return t;
}

namespace {

// The portable type nearest to a native one (the native one goes into the override).
std::string nearest_portable(const std::string& native) {
    SplitType t = split_type(native);
    if (!t.array.empty()) return "text";
    const std::string& b = t.base;
    if (b.rfind("timestamp", 0) == 0)
        return b.find("with time zone") != std::string::npos ? "timestamptz" : "timestamp";
    if (b.rfind("time", 0) == 0) return "time";
    if (b == "numeric") return "decimal";
    if (b == "json") return "json";
    return "text";
}

bool fits_toml_integer(const std::string& s) {
    long long v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc() && p == s.data() + s.size() && std::to_string(v) == s;
}

bool fits_toml_float(const std::string& s) {
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    return end && *end == '\0' && fmt::format("{}", v) == s;
}

}  // namespace

Table raise_table(const Table& c, const std::map<std::string, std::string>& domains) {
    // The file format needs at least one column; PostgreSQL allows none.
    if (c.columns.empty())
        throw Error("table " + c.name +
                    " has no columns, which a schema file cannot hold: add a column to it (ALTER TABLE " +
                    quote_ident(c.name) + " ADD COLUMN ...), drop it, or leave it out with --tables");
    Table t = c;
    static const std::map<std::string, std::string> portable{{"smallint", "smallint"},
                                                             {"integer", "int"},
                                                             {"bigint", "bigint"},
                                                             {"boolean", "boolean"},
                                                             {"real", "real"},
                                                             {"double precision", "double"},
                                                             {"text", "text"},
                                                             {"bytea", "blob"},
                                                             {"date", "date"},
                                                             {"time without time zone", "time"},
                                                             {"timestamp without time zone", "timestamp"},
                                                             {"timestamp with time zone", "timestamptz"},
                                                             {"jsonb", "json"},
                                                             {"uuid", "uuid"},
                                                             {"numeric", "decimal"}};
    // The portable type of a native one; "" when only an override holds it.
    auto portable_of = [&](const std::string& native) -> std::string {
        if (auto it = portable.find(native); it != portable.end()) return it->second;
        TypeName tn = parse_type_name(native);
        bool simple = native.find('[') == std::string::npos && native.find(" with") == std::string::npos;
        if (simple && tn.base == "character varying" && tn.args.size() == 1) return "varchar(" + tn.args[0] + ")";
        if (simple && tn.base == "character" && tn.args.size() == 1) return "char(" + tn.args[0] + ")";
        if (simple && tn.base == "numeric" && tn.args.size() == 2)
            return "decimal(" + tn.args[0] + "," + tn.args[1] + ")";
        return "";
    };
    for (auto& col : t.columns) {
        std::string native = col.type;
        if (!col.enum_values.empty()) {
            col.type = "enum";
            if (native != enum_type_name(t.name, col.name)) col.overrides.edit()["postgres"].type = native;
        } else if (auto d = domains.find(native); d != domains.end()) {
            // A domain: the portable type is its base type's (a domain over
            // integer is an int elsewhere); PostgreSQL keeps the domain.
            std::string base = portable_of(d->second);
            col.type = base.empty() ? nearest_portable(d->second) : base;
            col.overrides.edit()["postgres"].type = native;
        } else if (std::string p = portable_of(native); !p.empty()) {
            col.type = p;
        } else {
            col.type = nearest_portable(native);
            col.overrides.edit()["postgres"].type = native;
        }
        if (!col.collation.empty()) {
            col.overrides.edit()["postgres"].collation = col.collation;
            col.collation.clear();
        }
        // Defaults: literals back to typed values where they survive the TOML round trip.
        const std::string& d = col.default_value.text;
        auto native_override = col.overrides->find("postgres");
        if (col.default_value.kind != Default::Kind::expr ||
            (native_override != col.overrides.end() && native_override->second.type))
            continue;
        std::size_t n = literal_length(d);
        std::string value;
        if ((n && n == d.size()) || escape_literal_value(d, value)) {
            bool textual = col.type == "text" || col.type == "enum" || col.type.rfind("varchar", 0) == 0 ||
                           col.type.rfind("char", 0) == 0;
            if (textual) col.default_value = {Default::Kind::string, n ? literal_value(d) : value};
        } else if (is_number(d)) {
            bool int_type = col.type == "int" || col.type == "bigint" || col.type == "smallint";
            if (d.find('.') == std::string::npos && fits_toml_integer(d))
                col.default_value = {Default::Kind::integer, d};
            else if (!int_type && fits_toml_float(d)) col.default_value = {Default::Kind::floating, d};
        } else if ((d == "true" || d == "false") && col.type == "boolean") {
            col.default_value = {Default::Kind::boolean, d};
        }
    }
    return t;
}

}  // namespace schemactl::pg
