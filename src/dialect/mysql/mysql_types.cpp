#include "dialect/mysql/mysql_types.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "dialect/quote.hpp"
#include "schema/error.hpp"
#include "schema/text.hpp"

namespace schemactl::mysql {

namespace {

bool is_number(std::string_view s) {
    if (s.empty()) return false;
    std::size_t i = s[0] == '-' ? 1 : 0;
    bool digit = false, dot = false;
    for (; i < s.size(); ++i) {
        if (std::isdigit(static_cast<unsigned char>(s[i]))) digit = true;
        else if (s[i] == '.' && !dot) dot = true;
        else if ((s[i] == 'e' || s[i] == 'E') && digit && i + 1 < s.size()) continue;
        else if ((s[i] == '-' || s[i] == '+') && i > 0 && (s[i - 1] == 'e' || s[i - 1] == 'E')) continue;
        else return false;
    }
    return digit;
}
// The canonical, dialect-neutral spelling of a string literal.
std::string canonical_literal(std::string_view v) {
    std::string o = "'";
    for (char c : v) {
        if (c == '\'') o += '\'';
        o += c;
    }
    return o + "'";
}
// A MySQL string literal ('…' with '' or \ escapes) → its value; false if s is not one literal.
bool parse_literal(std::string_view s, std::string& out) {
    if (s.size() < 2 || s.front() != '\'' || s.back() != '\'') return false;
    out.clear();
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
        char c = s[i];
        if (c == '\\' && i + 2 < s.size()) {
            char n = s[++i];
            switch (n) {
                case 'n': out += '\n'; break;
                case 't': out += '\t'; break;
                case 'r': out += '\r'; break;
                case '0': out += '\0'; break;
                default: out += n;
            }
        } else if (c == '\'') {
            if (i + 2 < s.size() && s[i + 1] == '\'') {
                out += '\'';
                ++i;
            } else {
                return false;
            }
        } else {
            out += c;
        }
    }
    return true;
}
// The canonical literal ('…' with quotes doubled, no backslash escapes) → its value.
bool parse_canonical_literal(std::string_view s, std::string& out) {
    if (s.size() < 2 || s.front() != '\'' || s.back() != '\'') return false;
    out.clear();
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
        if (s[i] == '\'') {
            if (i + 2 < s.size() && s[i + 1] == '\'') ++i;
            else return false;
        }
        out += s[i];
    }
    return true;
}
bool integer_type(const std::string& t) {
    TypeName n = parse_type_name(t);
    return n.base == "tinyint" || n.base == "smallint" || n.base == "mediumint" || n.base == "int" ||
           n.base == "bigint" || n.base == "int unsigned" || n.base == "bigint unsigned";
}
bool numeric_type(const std::string& t) {
    std::string b = type_base(t);
    return integer_type(t) || b == "decimal" || b == "float" || b == "double" ||
           b.find("unsigned") != std::string::npos;
}
// "(x)" wrapping the whole expression → "x"; "(a) + (b)" stays as it is.
std::string_view strip_outer_parens(std::string_view s) {
    while (s.size() >= 2 && s.front() == '(' && s.back() == ')') {
        int depth = 0;
        char quote = 0;
        bool wraps = true;
        for (std::size_t i = 0; i < s.size(); ++i) {
            char c = s[i];
            if (quote) {
                if (c == '\\') ++i;
                else if (c == quote) quote = 0;
                continue;
            }
            if (c == '\'' || c == '"' || c == '`') quote = c;
            else if (c == '(') ++depth;
            else if (c == ')' && --depth == 0 && i + 1 != s.size()) {
                wraps = false;
                break;
            }
        }
        if (!wraps) break;
        s = s.substr(1, s.size() - 2);
    }
    return s;
}

// MariaDB stores a default expression in its own spelling (lower() as
// lcase(), now() as current_timestamp()); the file's spelling is rewritten
// the same way so that the expression compares equal after a round trip.
// Words are replaced outside quotes only, and only where they name a call
// (or are the bare keyword, for the niladic ones).
std::string mariadb_spelling(std::string_view s) {
    static const std::map<std::string, std::string> calls{{"lower", "lcase"},
                                                          {"upper", "ucase"},
                                                          {"substring", "substr"},
                                                          {"character_length", "char_length"},
                                                          {"current_date", "curdate"},
                                                          {"now", "current_timestamp"},
                                                          {"localtime", "current_timestamp"},
                                                          {"localtimestamp", "current_timestamp"},
                                                          {"current_time", "curtime"}};
    static const std::map<std::string, std::string> bare{{"current_date", "curdate()"},
                                                         {"current_time", "curtime()"},
                                                         {"current_timestamp", "current_timestamp()"},
                                                         {"localtime", "current_timestamp()"},
                                                         {"localtimestamp", "current_timestamp()"}};
    std::string out;
    std::size_t i = 0;
    auto word_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; };
    while (i < s.size()) {
        char c = s[i];
        if (c == '\'' || c == '"' || c == '`') {
            std::size_t j = i + 1;
            while (j < s.size() && s[j] != c) j += s[j] == '\\' ? 2 : 1;
            j = std::min(j + 1, s.size());
            out.append(s.substr(i, j - i));
            i = j;
        } else if (word_char(c) && (i == 0 || !word_char(s[i - 1]))) {
            std::size_t j = i;
            while (j < s.size() && word_char(s[j])) ++j;
            std::string w = lower_ascii(s.substr(i, j - i));
            std::size_t k = j;
            while (k < s.size() && s[k] == ' ') ++k;
            bool call = k < s.size() && s[k] == '(';
            if (auto it = calls.find(w); call && it != calls.end()) out += it->second;
            else if (auto b = bare.find(w); !call && b != bare.end() && (i == 0 || s[i - 1] != '.')) out += b->second;
            else out.append(s.substr(i, j - i));
            i = j;
        } else {
            out += c;
            ++i;
        }
    }
    return out;
}

// CURRENT_TIMESTAMP in any spelling (now(), current_timestamp()) is kept as
// the keyword, the only expression MySQL takes without parentheses.
std::string expression_canonical(std::string_view in) {
    std::string_view s = strip_outer_parens(in);
    std::string low = lower_ascii(s);
    if (low == "current_timestamp()" || low == "current_timestamp" || low == "now()") return "CURRENT_TIMESTAMP";
    if ((low.rfind("current_timestamp(", 0) == 0 || low.rfind("now(", 0) == 0) && low.back() == ')') {
        std::string arg = low.substr(low.find('(') + 1, low.size() - low.find('(') - 2);
        if (!arg.empty() &&
            std::all_of(arg.begin(), arg.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
            return "CURRENT_TIMESTAMP(" + arg + ")";
    }
    return std::string(s);
}

bool is_current_timestamp(std::string_view s) {
    if (s == "CURRENT_TIMESTAMP") return true;
    if (s.rfind("CURRENT_TIMESTAMP(", 0) != 0 || s.back() != ')') return false;
    std::string_view arg = s.substr(18, s.size() - 19);
    return !arg.empty() &&
           std::all_of(arg.begin(), arg.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

}  // namespace

std::string quote_ident(std::string_view id) { return doubled_quotes(id, '`'); }

std::string quote_literal(std::string_view v) {
    if (v.find('\0') != std::string_view::npos)
        throw Error("a string value contains a NUL byte: remove it (MySQL identifiers and defaults cannot hold it)");
    std::string o = "'";
    for (char c : v) {
        if (c == '\\') o += "\\\\";
        else if (c == '\'') o += "''";
        else o += c;
    }
    return o + "'";
}

std::string canonical_type(const std::string& in) {
    std::string t = lower_ascii(in);
    // collapse spaces
    std::string s;
    for (char c : t) {
        if (c == ' ' && (s.empty() || s.back() == ' ')) continue;
        s += c;
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    bool is_unsigned = false;
    if (auto p = s.find(" unsigned"); p != std::string::npos) {
        is_unsigned = true;
        s.erase(p, 9);
    }
    if (auto p = s.find(" zerofill"); p != std::string::npos) s.erase(p, 9);
    TypeName n = parse_type_name(s);
    std::string b = n.base;
    std::string out;
    if (b == "bool" || b == "boolean" || (b == "tinyint" && n.args.size() == 1 && n.args[0] == "1"))
        return "tinyint(1)";
    if (b == "integer") b = "int";
    if (b == "tinyint" || b == "smallint" || b == "mediumint" || b == "int" || b == "bigint") out = b;
    else if (b == "numeric" || b == "decimal" || b == "dec" || b == "fixed")
        out = n.args.empty()       ? "decimal(10,0)"
              : n.args.size() == 1 ? "decimal(" + n.args[0] + ",0)"
                                   : "decimal(" + n.args[0] + "," + n.args[1] + ")";
    else if (b == "double precision" || b == "real") out = "double";
    else if (b == "character varying") out = "varchar(" + (n.args.empty() ? "255" : n.args[0]) + ")";
    else if (b == "character") out = "char(" + (n.args.empty() ? "1" : n.args[0]) + ")";
    else if (b == "char" && n.args.empty()) out = "char(1)";
    else if (b == "enum" || b == "set") out = b == "enum" ? "enum" : s;
    else out = s;
    return is_unsigned ? out + " unsigned" : out;
}

std::vector<std::string> enum_values(std::string_view ct) {
    std::vector<std::string> out;
    auto open = ct.find('(');
    if (open == std::string_view::npos) return out;
    std::string_view body = ct.substr(open + 1, ct.rfind(')') - open - 1);
    std::size_t i = 0;
    while (i < body.size()) {
        if (body[i] != '\'') {
            ++i;
            continue;
        }
        std::string v;
        ++i;
        while (i < body.size()) {
            if (body[i] == '\'' && i + 1 < body.size() && body[i + 1] == '\'') {
                v += '\'';
                i += 2;
            } else if (body[i] == '\\' && i + 1 < body.size()) {
                char n = body[i + 1];
                v += n == 'n' ? '\n' : n == 't' ? '\t' : n == 'r' ? '\r' : n == '0' ? '\0' : n;
                i += 2;
            } else if (body[i] == '\'') {
                ++i;
                break;
            } else {
                v += body[i++];
            }
        }
        out.push_back(v);
    }
    return out;
}

// decimal(p,s): the number as the server prints it, with s decimals.
static std::string with_scale(const std::string& number, const std::string& type) {
    TypeName n = parse_type_name(type);
    if (n.base != "decimal" || n.args.size() != 2) return number;
    int scale = std::stoi(n.args[1]);
    try {
        return fmt::format("{:.{}f}", std::stod(number), scale);
    } catch (const std::exception&) {
        return number;
    }
}

Default canonical_default(const std::optional<std::string>& reported, bool mariadb, bool generated,
                          const std::string& type) {
    if (!reported) return {};
    const std::string& s = *reported;
    std::string value;
    if (mariadb) {
        if (s == "NULL") return {};
        if (parse_literal(s, value)) return {Default::Kind::expr, canonical_literal(value)};
        if (is_number(s)) return {Default::Kind::expr, with_scale(s, type)};
        return {Default::Kind::expr, expression_canonical(mariadb_spelling(s))};
    }
    // MySQL 8: literals are raw; expressions are marked DEFAULT_GENERATED.
    std::string low = lower_ascii(s);
    if (generated || low == "current_timestamp" || low.rfind("current_timestamp(", 0) == 0) {
        return {Default::Kind::expr, expression_canonical(mariadb_spelling(strip_outer_parens(s)))};
    }
    if (numeric_type(type) && is_number(s)) return {Default::Kind::expr, with_scale(s, type)};
    return {Default::Kind::expr, canonical_literal(s)};
}

std::string canonical_generated(std::string_view expr) {
    return std::string(strip_outer_parens(mariadb_spelling(strip_outer_parens(expr))));
}

Default lower_default(const Default& d, const std::string& type) {
    switch (d.kind) {
        case Default::Kind::none: return {};
        case Default::Kind::string:
            if (numeric_type(type) && is_number(d.text)) return {Default::Kind::expr, with_scale(d.text, type)};
            return {Default::Kind::expr, canonical_literal(d.text)};
        case Default::Kind::integer:
        case Default::Kind::floating:
            if (!numeric_type(type)) return {Default::Kind::expr, canonical_literal(d.text)};
            return {Default::Kind::expr, with_scale(d.text, type)};
        case Default::Kind::boolean: return {Default::Kind::expr, d.text == "true" ? "1" : "0"};
        case Default::Kind::expr: {
            std::string value;
            if (parse_canonical_literal(d.text, value)) return {Default::Kind::expr, canonical_literal(value)};
            std::string e(strip_outer_parens(d.text));
            if (is_number(e)) return {Default::Kind::expr, with_scale(e, type)};
            return {Default::Kind::expr, expression_canonical(mariadb_spelling(e))};
        }
    }
    return {};
}

std::string default_sql(const Default& d) {
    std::string value;
    const std::string& s = d.text;
    // The canonical literal doubles quotes only; MySQL also needs backslashes escaped.
    if (s.size() >= 2 && s.front() == '\'' && s.back() == '\'') {
        std::string v;
        for (std::size_t i = 1; i + 1 < s.size(); ++i) {
            v += s[i];
            if (s[i] == '\'') ++i;
        }
        return quote_literal(v);
    }
    // Any other expression is parenthesized: MySQL 8 needs it for every
    // expression but CURRENT_TIMESTAMP, and `DEFAULT a + b` is a syntax error
    // on MariaDB too.
    if (is_number(s) || is_current_timestamp(s)) return s;
    return "(" + s + ")";
}

std::string canonical_charset(std::string_view cs) {
    std::string c = lower_ascii(cs);
    return c == "utf8" ? "utf8mb3" : c;
}

std::string canonical_collation(std::string_view coll) {
    std::string c = lower_ascii(coll);
    if (c.rfind("utf8_", 0) == 0) c = "utf8mb3_" + c.substr(5);
    return c;
}

std::string charset_of(std::string_view collation) {
    std::string c = canonical_collation(collation);
    return c.substr(0, c.find('_'));
}

// MariaDB 10.11's default collation of each common charset (SHOW CHARACTER
// SET): a file naming it states no more than the charset does.
std::string default_collation(std::string_view charset) {
    static const std::map<std::string, std::string, std::less<>> d{{"utf8mb4", "utf8mb4_general_ci"},
                                                                   {"utf8mb3", "utf8mb3_general_ci"},
                                                                   {"latin1", "latin1_swedish_ci"},
                                                                   {"ascii", "ascii_general_ci"},
                                                                   {"binary", "binary"},
                                                                   {"latin2", "latin2_general_ci"},
                                                                   {"ucs2", "ucs2_general_ci"},
                                                                   {"utf16", "utf16_general_ci"},
                                                                   {"utf32", "utf32_general_ci"},
                                                                   {"cp1250", "cp1250_general_ci"},
                                                                   {"cp1251", "cp1251_general_ci"},
                                                                   {"cp1252", "latin1_swedish_ci"},
                                                                   {"greek", "greek_general_ci"},
                                                                   {"hebrew", "hebrew_general_ci"},
                                                                   {"latin5", "latin5_turkish_ci"},
                                                                   {"latin7", "latin7_general_ci"},
                                                                   {"koi8r", "koi8r_general_ci"},
                                                                   {"big5", "big5_chinese_ci"},
                                                                   {"gbk", "gbk_chinese_ci"},
                                                                   {"gb2312", "gb2312_chinese_ci"},
                                                                   {"sjis", "sjis_japanese_ci"},
                                                                   {"ujis", "ujis_japanese_ci"},
                                                                   {"euckr", "euckr_korean_ci"},
                                                                   {"cp932", "cp932_japanese_ci"}};
    auto it = d.find(charset);
    return it == d.end() ? std::string() : it->second;
}

static std::string canonical_engine(const std::string& e) {
    static const std::map<std::string, std::string> names{
        {"innodb", "InnoDB"}, {"myisam", "MyISAM"}, {"aria", "Aria"},       {"memory", "MEMORY"},
        {"heap", "MEMORY"},   {"csv", "CSV"},       {"archive", "ARCHIVE"}, {"blackhole", "BLACKHOLE"}};
    auto it = names.find(lower_ascii(e));
    return it == names.end() ? e : it->second;
}

void canonical_table_options(std::map<std::string, std::string>& o) {
    if (auto e = o.find("engine"); e != o.end()) {
        e->second = canonical_engine(e->second);
        if (e->second == "InnoDB") o.erase(e);
    }
    auto cs = o.find("charset");
    auto co = o.find("collation");
    if (co != o.end()) {
        co->second = canonical_collation(co->second);
        if (cs == o.end()) cs = o.emplace("charset", charset_of(co->second)).first;
    }
    if (cs != o.end()) cs->second = canonical_charset(cs->second);
    if (co != o.end() && cs != o.end() && co->second == default_collation(cs->second)) o.erase(co);
}

static std::string portable_to_mysql(const std::string& portable) {
    TypeName n = parse_type_name(portable);
    const std::string& b = n.base;
    if (b == "boolean") return "tinyint(1)";
    if (b == "real") return "float";
    if (b == "double") return "double";
    if (b == "timestamp") return "datetime";
    if (b == "timestamptz") return "timestamp";
    if (b == "uuid") return "char(36)";
    if (b == "json") return "json";
    if (b == "enum") return "enum";
    return canonical_type(portable);
}

Table lower_table(Table t) {
    canonical_table_options(t.options);
    // The collation the table's columns follow when they name none (empty: the database's).
    std::string table_collation = t.options.count("collation") ? t.options["collation"]
                                  : t.options.count("charset") ? default_collation(t.options["charset"])
                                                               : std::string();
    for (auto& c : t.columns) {
        c.type = c.native_type ? canonical_type(c.type) : portable_to_mysql(c.type);
        c.native_type = false;
        if (c.type != "enum") c.enum_values.clear();
        c.default_value = lower_default(c.default_value, c.type);
        // Primary key and auto_increment columns are NOT NULL whatever the file says.
        if (std::find(t.primary_key.begin(), t.primary_key.end(), c.name) != t.primary_key.end() || c.auto_increment)
            c.nullable = false;
        if (!c.on_update.empty()) c.on_update = expression_canonical(c.on_update);
        if (!c.generated.empty()) {
            // MariaDB's generated columns take no NOT NULL and no default.
            c.generated = canonical_generated(c.generated);
            c.nullable = true;
            c.default_value = {};
        }
        c.collation = canonical_collation(c.collation);
        // The table's own collation, written on a column too, is no collation of its own.
        if (!table_collation.empty() && table_collation == c.collation) c.collation.clear();
    }
    for (auto& ix : t.indexes) {
        for (const auto& ic : ix.columns)
            if (!ic.expr.empty())
                throw Error(t.name + "." + ix.name + ": MariaDB has no index on an expression (" + ic.key() +
                            "): add a generated column computing it and index that column");
        if (ix.method == "btree" || ix.method == "hash") ix.method.clear();
        ix.constraint = false;
        if (!ix.where.empty())
            throw Error(t.name + "." + ix.name + ": MySQL has no partial indexes; remove 'where' for MySQL");
    }
    // MariaDB stores a check in its own spelling (lcase, substr): so does the file's.
    for (auto& ck : t.checks) ck.expr = mariadb_spelling(ck.expr);
    for (auto& fk : t.foreign_keys) {
        // MySQL treats NO ACTION as RESTRICT and reports RESTRICT.
        if (fk.on_delete == "NO ACTION") fk.on_delete = "RESTRICT";
        if (fk.on_update == "NO ACTION") fk.on_update = "RESTRICT";
        // InnoDB creates an index named after the foreign key when none starts with its columns.
        auto leads = [&](const std::vector<std::string>& cols) {
            return cols.size() >= fk.columns.size() && std::equal(fk.columns.begin(), fk.columns.end(), cols.begin());
        };
        bool covered = leads(t.primary_key);
        for (const auto& ix : t.indexes) {
            std::vector<std::string> cols;
            for (const auto& ic : ix.columns) cols.push_back(ic.name);
            covered = covered || (leads(cols) && ix.method.empty());
        }
        if (!covered) {
            Index ix;
            ix.name = fk.name;
            for (const auto& c : fk.columns) ix.columns.push_back(IndexColumn{c});
            t.indexes.push_back(ix);
        }
    }
    return t;
}

Table raise_table(const Table& c) {
    Table t = c;
    static const std::map<std::string, std::string> portable{
        {"smallint", "smallint"}, {"int", "int"},       {"bigint", "bigint"},      {"tinyint(1)", "boolean"},
        {"float", "real"},        {"double", "double"}, {"text", "text"},          {"blob", "blob"},
        {"date", "date"},         {"time", "time"},     {"datetime", "timestamp"}, {"timestamp", "timestamptz"},
        {"json", "json"},         {"enum", "enum"}};
    for (auto& col : t.columns) {
        std::string native = col.type;
        TypeName n = parse_type_name(native);
        if (auto it = portable.find(native); it != portable.end()) col.type = it->second;
        else if ((n.base == "varchar" || n.base == "char" || n.base == "decimal") &&
                 native.find(' ') == std::string::npos)
            col.type = native;
        else {
            bool textual = native.find("text") != std::string::npos || native.find("char") != std::string::npos;
            bool binary = native.find("blob") != std::string::npos || native.find("binary") != std::string::npos;
            bool integer = native.find("int") != std::string::npos;
            bool real = native.find("float") != std::string::npos || native.find("double") != std::string::npos;
            col.type = integer ? "bigint" : real ? "double" : binary ? "blob" : textual ? "text" : "text";
            col.overrides.edit()["mysql"].type = native;
        }
        const bool native_override = col.overrides->count("mysql") > 0;
        if (!col.collation.empty()) col.overrides.edit()["mysql"].collation = col.collation;
        col.collation.clear();
        const std::string& d = col.default_value.text;
        if (col.default_value.kind != Default::Kind::expr) continue;
        std::string v;
        bool textual = col.type == "text" || col.type == "enum" || col.type.rfind("varchar", 0) == 0 ||
                       col.type.rfind("char", 0) == 0;
        if (parse_canonical_literal(d, v)) {
            if (textual && !native_override) col.default_value = {Default::Kind::string, v};
        } else if (is_number(d) && !native_override) {
            if (col.type == "boolean") col.default_value = {Default::Kind::boolean, d == "0" ? "false" : "true"};
            else if (col.type == "int" || col.type == "bigint" || col.type == "smallint") {
                if (d.find('.') == std::string::npos) col.default_value = {Default::Kind::integer, d};
            } else if (!textual) {
                col.default_value = {d.find('.') == std::string::npos && d.find('e') == std::string::npos
                                         ? Default::Kind::integer
                                         : Default::Kind::floating,
                                     d};
            }
        }
    }
    // Indexes InnoDB made for foreign keys come back from lower(): leave them out.
    std::erase_if(t.indexes, [&](const Index& ix) {
        return std::any_of(t.foreign_keys.begin(), t.foreign_keys.end(), [&](const ForeignKey& fk) {
            if (fk.name != ix.name || fk.columns.size() != ix.columns.size()) return false;
            for (std::size_t i = 0; i < fk.columns.size(); ++i)
                if (fk.columns[i] != ix.columns[i].name || ix.columns[i].desc || ix.columns[i].prefix_length)
                    return false;
            return !ix.unique;
        });
    });
    for (auto& fk : t.foreign_keys) {
        if (fk.on_delete == "RESTRICT") fk.on_delete = "NO ACTION";
        if (fk.on_update == "RESTRICT") fk.on_update = "NO ACTION";
    }
    return t;
}

}  // namespace schemactl::mysql
