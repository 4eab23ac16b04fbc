#include "dialect/postgres/pg_types.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "schema/error.hpp"
#include "schema/prepare.hpp"

namespace schemactl::pg {

namespace {

std::string lower_case(std::string_view s) {
    std::string o(s);
    for (auto& c : o) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return o;
}
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
bool numeric_type(const std::string& t) {
    return t == "smallint" || t == "integer" || t == "bigint" || t == "real" || t == "double precision" ||
           t.rfind("numeric", 0) == 0;
}
std::string_view strip_parens(std::string_view s) {
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

}  // namespace

std::string quote_ident(std::string_view id) {
    std::string o = "\"";
    for (char c : id) {
        if (c == '"') o += '"';
        o += c;
    }
    return o + "\"";
}

std::string quote_literal(std::string_view v) {
    if (v.find('\0') != std::string_view::npos)
        throw Error("a string value contains a NUL byte, which PostgreSQL cannot store: remove it");
    std::string o = "'";
    for (char c : v) {
        if (c == '\'') o += '\'';
        o += c;
    }
    return o + "'";
}

std::string enum_type_name(const std::string& table, const std::string& column) {
    return generated_name(table, column, {}, 63);
}

std::string canonical_type(const std::string& type, bool portable) {
    TypeName t = parse_type_name(type);
    std::string b = t.base;
    std::string array;
    while (b.size() > 2 && b.compare(b.size() - 2, 2, "[]") == 0) {
        array += "[]";
        b.resize(b.size() - 2);
        while (!b.empty() && b.back() == ' ') b.pop_back();
    }
    auto args = [&](const std::string& base) {
        if (t.args.empty()) return base;
        std::string s = base + "(";
        for (std::size_t i = 0; i < t.args.size(); ++i) s += (i ? "," : "") + t.args[i];
        return s + ")";
    };
    static const std::map<std::string, std::string> alias{
        {"int", "integer"}, {"int4", "integer"}, {"integer", "integer"}, {"serial", "integer"}, {"serial4", "integer"},
        {"int8", "bigint"}, {"bigserial", "bigint"}, {"serial8", "bigint"}, {"int2", "smallint"},
        {"smallserial", "smallint"}, {"serial2", "smallint"}, {"bool", "boolean"}, {"float4", "real"},
        {"float8", "double precision"}, {"double", "double precision"}, {"json", "jsonb"}, {"blob", "bytea"},
        {"timestamptz", "timestamp with time zone"}, {"timestamp", "timestamp without time zone"},
        {"timestamp without time zone", "timestamp without time zone"},
        {"timestamp with time zone", "timestamp with time zone"}, {"time", "time without time zone"},
        {"timetz", "time with time zone"}, {"time without time zone", "time without time zone"}};
    std::string out;
    if (b == "varchar" || b == "character varying") out = args("character varying");
    else if (b == "char" || b == "character" || b == "bpchar") out = t.args.empty() ? "character(1)" : args("character");
    else if (b == "decimal" || b == "numeric") out = args("numeric");
    else if (!portable && (b == "json" || b == "blob")) out = b;
    else if (auto it = alias.find(b); it != alias.end()) out = it->second;
    else out = args(b);
    return out + array;
}

Default canonical_default(std::string_view in) {
    std::string_view s = strip_parens(trim(in));
    if (s.empty() || lower_case(s) == "null" || lower_case(s).rfind("null::", 0) == 0) return {};
    // 'literal'::type → 'literal'; a number inside → the number.
    if (std::size_t n = literal_length(s); n && (n == s.size() || s.substr(n, 2) == "::")) {
        std::string_view lit = s.substr(0, n), rest = s.substr(n);
        bool only_casts = true;
        for (std::size_t i = 0; i < rest.size(); ++i)
            if (rest[i] == '(' || rest[i] == '+' || rest[i] == '|' || rest[i] == '-' || rest[i] == '*') only_casts = false;
        if (only_casts) {
            std::string_view inner = lit.substr(1, lit.size() - 2);
            if (n != s.size() && is_number(inner) && inner.find('\'') == std::string_view::npos) {
                std::string cast = lower_case(rest);
                if (cast.find("int") != std::string::npos || cast.find("numeric") != std::string::npos ||
                    cast.find("double") != std::string::npos || cast.find("real") != std::string::npos)
                    return {Default::Kind::expr, std::string(inner)};
            }
            return {Default::Kind::expr, std::string(lit)};
        }
    }
    std::string low = lower_case(s);
    if (low == "true" || low == "false") return {Default::Kind::expr, low};
    if (low == "current_timestamp" || low == "current_date" || low == "current_time" || low == "localtimestamp")
        return {Default::Kind::expr, std::string(s.size() ? std::string(s) : "")};
    if (is_number(s)) return {Default::Kind::expr, std::string(s)};
    return {Default::Kind::expr, std::string(s)};
}

Default lower_default(const Default& d, const std::string& type) {
    switch (d.kind) {
        case Default::Kind::none: return {};
        case Default::Kind::string:
            if (numeric_type(type) && is_number(d.text)) return {Default::Kind::expr, d.text};
            if (type == "boolean") return {Default::Kind::expr, lower_case(d.text) == "true" ? "true" : "false"};
            return {Default::Kind::expr, quote_literal(d.text)};
        case Default::Kind::integer:
            if (type == "boolean") return {Default::Kind::expr, d.text == "0" ? "false" : "true"};
            if (!numeric_type(type)) return {Default::Kind::expr, quote_literal(d.text)};
            return {Default::Kind::expr, d.text};
        case Default::Kind::floating:
            if (!numeric_type(type)) return {Default::Kind::expr, quote_literal(d.text)};
            return {Default::Kind::expr, d.text};
        case Default::Kind::boolean: return {Default::Kind::expr, d.text};
        case Default::Kind::expr: return canonical_default(d.text);
    }
    return {};
}

Table lower_table(const Table& p) {
    Table t = p;
    for (auto& c : t.columns) {
        bool is_enum = !c.enum_values.empty() || parse_type_name(c.type).base == "enum";
        if (is_enum) {
            // A portable enum gets a type of its own; an override names an existing one.
            c.type = parse_type_name(c.type).base == "enum" ? enum_type_name(t.name, c.name) : c.type;
        } else {
            c.type = canonical_type(c.type, !c.native_type);
        }
        c.native_type = false;
        if (c.auto_increment) {
            if (c.type != "integer" && c.type != "bigint" && c.type != "smallint")
                throw Error(t.name + "." + c.name + ": auto_increment needs smallint, int or bigint on PostgreSQL");
            c.default_value = {};
        }
        c.default_value = lower_default(c.default_value, c.type);
        if (std::find(t.primary_key.begin(), t.primary_key.end(), c.name) != t.primary_key.end()) c.nullable = false;
        c.on_update.clear();
        c.collation.clear();
    }
    t.options.clear();
    for (auto& ix : t.indexes) {
        if (ix.method == "btree") ix.method.clear();
        ix.constraint = false;
        for (auto& ic : ix.columns) ic.prefix_length = 0;
    }
    return t;
}

Table raise_table(const Table& c) {
    Table t = c;
    static const std::map<std::string, std::string> portable{
        {"smallint", "smallint"},   {"integer", "int"},     {"bigint", "bigint"},
        {"boolean", "boolean"},     {"real", "real"},       {"double precision", "double"},
        {"text", "text"},           {"bytea", "blob"},      {"date", "date"},
        {"time without time zone", "time"},                 {"timestamp without time zone", "timestamp"},
        {"timestamp with time zone", "timestamptz"},        {"jsonb", "json"},
        {"uuid", "uuid"},           {"numeric", "decimal"}};
    for (auto& col : t.columns) {
        std::string native = col.type;
        if (!col.enum_values.empty()) {
            col.type = "enum";
            if (native != enum_type_name(t.name, col.name)) col.overrides["postgres"].type = native;
        } else if (auto it = portable.find(native); it != portable.end()) {
            col.type = it->second;
        } else {
            TypeName tn = parse_type_name(native);
            if (tn.base == "character varying" && !tn.args.empty()) col.type = "varchar(" + tn.args[0] + ")";
            else if (tn.base == "character" && !tn.args.empty()) col.type = "char(" + tn.args[0] + ")";
            else if (tn.base == "numeric" && tn.args.size() == 2) col.type = "decimal(" + tn.args[0] + "," + tn.args[1] + ")";
            else if (tn.base == "numeric" && tn.args.size() == 1) col.type = "decimal(" + tn.args[0] + ",0)";
            else {
                col.type = native.find("char") != std::string::npos ? "text" : "text";
                col.overrides["postgres"].type = native;
            }
        }
        // Defaults: literals back to typed values where they are plain.
        const std::string& d = col.default_value.text;
        if (col.default_value.kind == Default::Kind::expr) {
            std::size_t n = literal_length(d);
            if (n && n == d.size()) {
                std::string v;
                for (std::size_t i = 1; i + 1 < d.size(); ++i) {
                    v += d[i];
                    if (d[i] == '\'') ++i;
                }
                bool textual = col.type == "text" || col.type == "enum" || col.type.rfind("varchar", 0) == 0 ||
                               col.type.rfind("char", 0) == 0 || col.type == "uuid";
                if (textual && !col.overrides.count("postgres")) col.default_value = {Default::Kind::string, v};
            } else if (is_number(d) && col.type != "text" && !col.overrides.count("postgres")) {
                bool integer = d.find('.') == std::string::npos;
                bool int_type = col.type == "int" || col.type == "bigint" || col.type == "smallint";
                if (integer || !int_type)
                    col.default_value = {integer ? Default::Kind::integer : Default::Kind::floating, d};
            } else if ((d == "true" || d == "false") && col.type == "boolean") {
                col.default_value = {Default::Kind::boolean, d};
            }
        }
    }
    return t;
}

}  // namespace schemactl::pg
