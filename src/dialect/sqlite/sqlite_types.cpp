#include "dialect/sqlite/sqlite_types.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <initializer_list>
#include <span>

#include "dialect/quote.hpp"
#include "schema/error.hpp"
#include "schema/text.hpp"

namespace schemactl::sqlite {

namespace {

bool is_number(std::string_view s) {
    if (s.empty()) return false;
    std::size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
    if (i == s.size()) return false;
    bool dot = false, digit = false;
    for (; i < s.size(); ++i) {
        if (std::isdigit(static_cast<unsigned char>(s[i]))) digit = true;
        else if (s[i] == '.' && !dot) dot = true;
        else return false;
    }
    return digit;
}

bool is_string_literal(std::string_view s) {
    if (s.size() < 2 || s.front() != '\'' || s.back() != '\'') return false;
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
        if (s[i] != '\'') continue;
        if (i + 2 < s.size() && s[i + 1] == '\'') ++i;  // '' inside
        else return false;
    }
    return true;
}

// "(x)" wrapping the whole expression → "x".
std::string_view strip_outer_parens(std::string_view s) {
    while (s.size() >= 2 && s.front() == '(' && s.back() == ')') {
        int depth = 0;
        bool wraps = true;
        char quote = 0;
        for (std::size_t i = 0; i < s.size(); ++i) {
            char c = s[i];
            if (quote) {
                if (c == quote) quote = 0;
                continue;
            }
            if (c == '\'' || c == '"') quote = c;
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

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

}  // namespace

std::string quote_ident(std::string_view id) { return doubled_quotes(id, '"'); }

std::string quote_literal(std::string_view v) {
    if (v.find('\0') != std::string_view::npos)
        throw Error("a string value contains a NUL byte, which SQL literals cannot hold: remove it");
    return doubled_quotes(v, '\'');
}

std::string canonical_action(std::string_view action) {
    std::string out;
    for (char c : trim(action)) {
        if (c == '_' || std::isspace(static_cast<unsigned char>(c))) {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
    }
    return out.empty() ? "NO ACTION" : out;
}

bool is_table_option(std::string_view key) { return key == kStrict || key == kWithoutRowid; }

std::string table_options_sql(const Table& t) {
    std::string s;
    if (t.options.count(kWithoutRowid)) s = " WITHOUT ROWID";
    if (t.options.count(kStrict)) s += s.empty() ? " STRICT" : ", STRICT";
    return s;
}

void check_table_options(const Table& t) {
    if (t.options.count(kStrict))
        for (const auto& c : t.columns)
            if (c.type != "INT" && c.type != "INTEGER" && c.type != "REAL" && c.type != "TEXT" && c.type != "BLOB" &&
                c.type != "ANY")
                throw Error(t.name + "." + c.name +
                            ": a STRICT SQLite table declares only INT, INTEGER, REAL, TEXT, "
                            "BLOB or ANY, not " +
                            (c.type.empty() ? std::string("no type") : c.type) +
                            " (give the column sqlite = { type = \"...\" }, or remove strict from [table.sqlite])");
    if (t.options.count(kWithoutRowid)) {
        if (t.primary_key.empty())
            throw Error(t.name +
                        ": a WITHOUT ROWID SQLite table needs a primary key (add primary_key, or remove "
                        "without_rowid from [table.sqlite])");
        for (const auto& c : t.columns)
            if (c.auto_increment)
                throw Error(t.name + "." + c.name +
                            ": a WITHOUT ROWID SQLite table has no AUTOINCREMENT (remove "
                            "auto_increment, or without_rowid from [table.sqlite])");
    }
}

std::string canonical_type(std::string_view declared) {
    std::string out;
    bool space = false;
    for (char c : trim(declared)) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = true;
            continue;
        }
        // One space between words; none around the parentheses and commas of
        // the arguments: "decimal (10, 2)" and "DECIMAL(10,2)" are one type.
        if (space && !out.empty() && out.back() != '(' && out.back() != ',' && c != '(' && c != ')' && c != ',')
            out += ' ';
        space = false;
        out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string lower_type(const std::string& portable) {
    const std::string b = type_base(portable);
    if (b == "smallint" || b == "int" || b == "integer" || b == "bigint" || b == "boolean") return "INTEGER";
    if (b == "real" || b == "double") return "REAL";
    if (b == "decimal") return "NUMERIC";
    if (b == "blob") return "BLOB";
    if (b == "char" || b == "varchar" || b == "text" || b == "uuid" || b == "json" || b == "enum" || b == "date" ||
        b == "time" || b == "timestamp" || b == "timestamptz")
        return "TEXT";
    return canonical_type(portable);  // a native type from the sqlite override
}

Default canonical_default(std::string_view reported) {
    std::string_view s = strip_outer_parens(trim(reported));
    s = trim(s);
    if (s.empty()) return {};
    std::string up = upper_ascii(s);
    if (up == "NULL") return {};
    if (up == "TRUE") return {Default::Kind::expr, "1"};
    if (up == "FALSE") return {Default::Kind::expr, "0"};
    if (up == "CURRENT_TIMESTAMP" || up == "CURRENT_DATE" || up == "CURRENT_TIME") return {Default::Kind::expr, up};
    if (is_number(s) && s.front() == '+') s.remove_prefix(1);
    return {Default::Kind::expr, std::string(s)};
}

Default lower_default(const Default& d) {
    switch (d.kind) {
        case Default::Kind::none: return {};
        case Default::Kind::string: return {Default::Kind::expr, quote_literal(d.text)};
        case Default::Kind::integer:
        case Default::Kind::floating: return canonical_default(d.text);
        case Default::Kind::boolean: return {Default::Kind::expr, d.text == "true" ? "1" : "0"};
        case Default::Kind::expr: return canonical_default(d.text);
    }
    return {};
}

std::string default_sql(const Default& d) {
    const std::string& s = d.text;
    if (is_string_literal(s) || is_number(s) || s == "CURRENT_TIMESTAMP" || s == "CURRENT_DATE" || s == "CURRENT_TIME")
        return s;
    return "(" + s + ")";  // expressions must be parenthesized in a column definition
}

Column raise_column(const Column& c) {
    Column p = c;
    const std::string& t = c.type;
    if (t == "INTEGER") p.type = "bigint";
    else if (t == "TEXT") p.type = "text";
    else if (t == "REAL") p.type = "double";
    else if (t == "NUMERIC") p.type = "decimal";
    else if (t == "BLOB") p.type = "blob";
    else {
        // A declared type no portable type lowers to: keep it for SQLite, and
        // give other databases the type of the same affinity (sqlite.org/datatype3.html).
        if (t.find("INT") != std::string::npos) p.type = "bigint";
        else if (t.find("CHAR") != std::string::npos || t.find("CLOB") != std::string::npos ||
                 t.find("TEXT") != std::string::npos)
            p.type = "text";
        else if (t.empty() || t.find("BLOB") != std::string::npos) p.type = "blob";
        else if (t.find("REAL") != std::string::npos || t.find("FLOA") != std::string::npos ||
                 t.find("DOUB") != std::string::npos)
            p.type = "double";
        else p.type = "decimal";
        p.overrides.edit()["sqlite"].type = t;
    }
    // The column's collation goes to `sqlite = { collation = "NOCASE" }`.
    if (!c.collation.empty()) p.overrides.edit()["sqlite"].collation = c.collation;
    p.collation.clear();
    const std::string& d = c.default_value.text;
    if (c.default_value.kind == Default::Kind::expr) {
        if (is_string_literal(d)) {
            std::string v;
            for (std::size_t i = 1; i + 1 < d.size(); ++i) {
                v += d[i];
                if (d[i] == '\'') ++i;
            }
            p.default_value = {Default::Kind::string, v};
        } else if (is_number(d)) {
            bool integer = d.find('.') == std::string::npos;
            p.default_value = {integer ? Default::Kind::integer : Default::Kind::floating, d};
            // A number on a text column must stay a string there.
            if (p.type == "text") p.default_value = {Default::Kind::expr, d};
            if (!integer && (p.type == "bigint")) p.default_value = {Default::Kind::expr, d};
        }
        // Literals the portable validator would refuse for this type stay SQL.
        bool numeric_type = p.type == "bigint" || p.type == "double" || p.type == "decimal";
        if ((p.default_value.kind == Default::Kind::string && numeric_type && !is_number(p.default_value.text)) ||
            (p.type == "blob" && p.default_value.kind != Default::Kind::expr))
            p.default_value = {Default::Kind::expr, d};
    }
    return p;
}

// ---- scanning CREATE statements ----

namespace {

struct Token {
    enum class Kind { word, quoted, string, group, punct };
    Kind kind;
    std::string text;                // word: as written; quoted: unquoted name; group: inner text
    std::size_t begin = 0, end = 0;  // where it is written in the text tokenized, parentheses and quotes included
};

bool comment_at(std::string_view s, std::size_t i) {
    return i + 1 < s.size() && ((s[i] == '-' && s[i + 1] == '-') || (s[i] == '/' && s[i + 1] == '*'));
}

// One past the quoted name, string or comment that starts at s[i], or i
// when none does: what a scan for parentheses and commas steps over, in a
// CREATE statement someone else wrote (-- don't, /* a, b */, [a(b]).
std::size_t past_quoted(std::string_view s, std::size_t i) {
    std::size_t end = std::string_view::npos;
    if (comment_at(s, i)) {
        if (s[i] == '-') end = s.find('\n', i);
        else if ((end = s.find("*/", i + 2)) != std::string_view::npos) ++end;
    } else if (s[i] == '\'' || s[i] == '"' || s[i] == '`' || s[i] == '[') {
        // A doubled quote inside is two runs back to back: the same end.
        end = s.find(s[i] == '[' ? ']' : s[i], i + 1);
    } else {
        return i;
    }
    return end == std::string_view::npos ? s.size() : end + 1;
}

// past_quoted for the scans that call it at every character: most
// characters start nothing, and this test is inlined where a call is not.
inline std::size_t skip_quoted(std::string_view s, std::size_t i) {
    switch (s[i]) {
        case '\'':
        case '"':
        case '`':
        case '[':
        case '-':
        case '/': return past_quoted(s, i);
        default: return i;
    }
}

// ASCII classes, without the locale lookups of <cctype>'s calls.
inline bool space_char(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
inline bool word_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
}
inline bool word_char(char c) { return word_start(c) || c == '$'; }

// s with each comment replaced by a space: an expression read from a
// CREATE statement is written again inside other SQL, where a -- comment
// would swallow what follows it (the closing parenthesis of a CHECK).
std::string without_comments(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t past = skip_quoted(s, i);
        if (past == i) {
            out += s[i++];
            continue;
        }
        if (comment_at(s, i)) out += ' ';
        else out.append(s.substr(i, past - i));
        i = past;
    }
    return out;
}

std::vector<Token> tokenize(std::string_view s) {
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < s.size()) {
        char c = s[i];
        if (space_char(c)) {
            ++i;
        } else if (comment_at(s, i)) {
            i = past_quoted(s, i);
        } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
            char close = c == '[' ? ']' : c;
            std::string v;
            const std::size_t start = i++;
            while (i < s.size()) {
                if (s[i] == close) {
                    if (close != ']' && i + 1 < s.size() && s[i + 1] == close) {
                        v += close;
                        i += 2;
                        continue;
                    }
                    break;
                }
                v += s[i++];
            }
            i = std::min(i + 1, s.size());
            out.push_back({c == '\'' ? Token::Kind::string : Token::Kind::quoted, v, start, i});
        } else if (c == '(') {
            int depth = 0;
            std::size_t start = i;
            while (i < s.size()) {
                if (std::size_t past = skip_quoted(s, i); past != i) {
                    i = past;
                    continue;
                }
                if (s[i] == '(') ++depth;
                else if (s[i] == ')' && --depth == 0) break;
                ++i;
            }
            out.push_back({Token::Kind::group, without_comments(s.substr(start + 1, std::min(i, s.size()) - start - 1)),
                           start, std::min(i + 1, s.size())});
            ++i;
        } else if (word_start(c)) {
            std::size_t start = i;
            while (i < s.size() && word_char(s[i])) ++i;
            out.push_back({Token::Kind::word, std::string(s.substr(start, i - start)), start, i});
        } else {
            out.push_back({Token::Kind::punct, std::string(1, c), i, i + 1});
            ++i;
        }
    }
    return out;
}

bool is_word(const Token& t, std::string_view w) { return t.kind == Token::Kind::word && iequals_ascii(t.text, w); }

std::vector<std::string> names_in(const std::string& group) {
    std::vector<std::string> out;
    for (const auto& t : tokenize(group))
        if (t.kind == Token::Kind::word || t.kind == Token::Kind::quoted) {
            if (is_word(t, "ASC") || is_word(t, "DESC") || is_word(t, "COLLATE")) continue;
            out.push_back(t.text);
        }
    return out;
}

}  // namespace

namespace {

// The parts of s separated by commas outside quotes and parentheses, trimmed.
std::vector<std::string> split_top(std::string_view s) {
    std::vector<std::string> out;
    int depth = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size();) {
        if (std::size_t past = i < s.size() ? skip_quoted(s, i) : i; past != i) {
            i = past;
            continue;
        }
        char c = i < s.size() ? s[i] : ',';
        if (c == '(') ++depth;
        else if (c == ')') --depth;
        else if (c == ',' && depth == 0) {
            out.emplace_back(trim(s.substr(start, i - start)));
            start = i + 1;
        }
        ++i;
    }
    return out;
}

// The inner text of the first top-level parenthesis group of s.
std::string_view first_group(std::string_view s, std::size_t from = 0) {
    int depth = 0;
    std::size_t open = std::string_view::npos;
    for (std::size_t i = from; i < s.size();) {
        if (std::size_t past = skip_quoted(s, i); past != i) {
            i = past;
            continue;
        }
        if (s[i] == '(') {
            if (depth++ == 0) open = i;
        } else if (s[i] == ')' && --depth == 0) {
            return s.substr(open + 1, i - open - 1);
        }
        ++i;
    }
    return {};
}

bool table_constraint(std::span<const Token> t) {
    return !t.empty() && (is_word(t[0], "CONSTRAINT") || is_word(t[0], "PRIMARY") || is_word(t[0], "UNIQUE") ||
                          is_word(t[0], "CHECK") || is_word(t[0], "FOREIGN"));
}

}  // namespace

namespace {

// The definitions between CREATE TABLE's parentheses (columns and table
// constraints), each as its tokens: the text is tokenized once, and split
// at its top-level commas.
struct Definitions {
    std::string_view text;  // between the parentheses: where the tokens are written
    std::vector<Token> tokens;
    std::vector<std::span<const Token>> each;  // into tokens, between the commas
};
Definitions definitions(std::string_view sql) {
    const std::string_view text = first_group(sql);
    Definitions out{text, tokenize(text), {}};
    std::size_t start = 0;
    for (std::size_t i = 0; i <= out.tokens.size(); ++i)
        if (i == out.tokens.size() || (out.tokens[i].kind == Token::Kind::punct && out.tokens[i].text == ",")) {
            if (i > start) out.each.emplace_back(out.tokens.data() + start, i - start);
            start = i + 1;
        }
    return out;
}

bool is_any_word(const Token& t, std::initializer_list<std::string_view> words) {
    return t.kind == Token::Kind::word &&
           std::any_of(words.begin(), words.end(), [&](std::string_view w) { return iequals_ascii(t.text, w); });
}

// The words that end a declared type: a column constraint starts.
bool starts_column_constraint(const Token& t) {
    return is_any_word(t, {"CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "COLLATE",
                           "REFERENCES", "GENERATED", "AS"});
}

// Past an optional ON CONFLICT clause at t[i].
std::size_t past_conflict(std::span<const Token> t, std::size_t i) {
    return i + 2 < t.size() && is_word(t[i], "ON") && is_word(t[i + 1], "CONFLICT") ? i + 3 : i;
}

// Past a foreign key's [NOT] DEFERRABLE [INITIALLY DEFERRED | IMMEDIATE] at t[i].
std::size_t past_deferral(std::span<const Token> t, std::size_t i) {
    const std::size_t n = t.size();
    if (i + 1 < n && is_word(t[i], "NOT") && is_word(t[i + 1], "DEFERRABLE")) i += 2;
    else if (i < n && is_word(t[i], "DEFERRABLE")) ++i;
    else return i;
    if (i + 1 < n && is_word(t[i], "INITIALLY")) i += 2;
    return i;
}

// Past the rest of a REFERENCES clause; t[i] is the parent table's name.
std::size_t past_references(std::span<const Token> t, std::size_t i) {
    const std::size_t n = t.size();
    if (++i < n && t[i].kind == Token::Kind::group) ++i;
    while (i < n) {
        if (is_word(t[i], "ON") && i + 2 < n) i += is_any_word(t[i + 2], {"SET", "NO"}) ? 4 : 3;
        else if (is_word(t[i], "MATCH")) i += 2;
        else if (std::size_t past = past_deferral(t, i); past != i) i = past;
        else break;
    }
    return std::min(i, n);
}

// One past the literal that starts at s[i]: a quoted string or name, a blob
// (x'..'), a number (1.5e-3, .5, 0x1F) or a word (NULL, TRUE,
// CURRENT_TIMESTAMP); i when none starts there. SQLite's grammar allows
// DEFAULT no more than that, and a sign, without parentheses.
std::size_t literal_end(std::string_view s, std::size_t i) {
    if (i >= s.size()) return i;
    const char c = s[i];
    if (c == '\'' || c == '"' || c == '`' || c == '[') {
        std::size_t j = past_quoted(s, i);
        while (c != '[' && j < s.size() && s[j] == c) j = past_quoted(s, j);  // 'it''s': one string
        return j;
    }
    if ((c == 'x' || c == 'X') && i + 1 < s.size() && s[i + 1] == '\'') return past_quoted(s, i + 1);
    const bool number = (c >= '0' && c <= '9') || c == '.';
    if (!number && !word_start(c)) return i;
    std::size_t j = i;
    while (j < s.size() && (word_char(s[j]) || (number && s[j] == '.') ||
                            (number && (s[j] == '+' || s[j] == '-') && (s[j - 1] == 'e' || s[j - 1] == 'E'))))
        ++j;
    return j;
}

// A column definition (t, written in src). False when it holds what this
// reading does not know (SQLite's pragma is asked instead); what it does
// know, COLLATE and the generated expression among it, is read all the same.
bool read_column(std::span<const Token> t, std::string_view src, ScannedColumn& c) {
    const std::size_t n = t.size();
    bool whole = t[0].kind == Token::Kind::word || t[0].kind == Token::Kind::quoted || t[0].kind == Token::Kind::string;
    c.name = t[0].text;
    // The declared type: words, then its arguments; SQLite keeps the text as written.
    std::size_t i = 1, type_begin = 0, type_end = 0;
    while (i < n && t[i].kind == Token::Kind::word && !starts_column_constraint(t[i])) {
        if (type_end == 0) type_begin = t[i].begin;
        type_end = t[i++].end;
    }
    if (type_end > 0 && i < n && t[i].kind == Token::Kind::group) type_end = t[i++].end;
    c.type = std::string(src.substr(type_begin, type_end - type_begin));
    while (i < n) {
        const Token& k = t[i];
        if (is_word(k, "CONSTRAINT") && i + 1 < n) {
            i += 2;
        } else if (is_word(k, "PRIMARY") && i + 1 < n && is_word(t[i + 1], "KEY")) {
            c.primary_key = true;
            i += 2;
            if (i < n && is_any_word(t[i], {"ASC", "DESC"})) ++i;
            i = past_conflict(t, i);
            if (i < n && is_word(t[i], "AUTOINCREMENT")) ++i;
        } else if (is_word(k, "NOT") && i + 1 < n && is_word(t[i + 1], "NULL")) {
            c.not_null = true;
            i = past_conflict(t, i + 2);
        } else if (is_any_word(k, {"NULL", "UNIQUE"})) {
            i = past_conflict(t, i + 1);
        } else if (is_word(k, "CHECK") && i + 1 < n && t[i + 1].kind == Token::Kind::group) {
            i += 2;
        } else if (is_word(k, "COLLATE") && i + 1 < n) {
            c.collation = t[i + 1].text;
            i += 2;
        } else if (is_word(k, "REFERENCES") && i + 1 < n) {
            i = past_references(t, i + 1);
        } else if (is_word(k, "GENERATED") && i + 2 < n && is_word(t[i + 1], "ALWAYS") && is_word(t[i + 2], "AS")) {
            i += 2;  // then AS, below
        } else if (is_word(k, "AS") && i + 1 < n && t[i + 1].kind == Token::Kind::group) {
            c.generated = std::string(trim(t[i + 1].text));
            i += 2;
            if (i < n && is_any_word(t[i], {"STORED", "VIRTUAL"})) c.stored = is_word(t[i++], "STORED");
        } else if (is_word(k, "DEFAULT") && i + 1 < n) {
            const Token& v = t[++i];
            std::size_t end = v.end;
            if (v.kind != Token::Kind::group) {
                const bool sign = v.kind == Token::Kind::punct && (v.text == "+" || v.text == "-");
                const std::size_t at = !sign ? v.begin : i + 1 < n ? t[i + 1].begin : src.size();
                end = literal_end(src, at);
                if (end == at) {
                    whole = false;
                    continue;
                }
            }
            c.has_default = true;
            c.default_sql = std::string(src.substr(v.begin, end - v.begin));
            while (i < n && t[i].begin < end) ++i;
        } else if (std::size_t past = past_deferral(t, i); past != i) {
            i = past;  // written apart from the REFERENCES it is for
        } else {
            whole = false;
            ++i;
        }
    }
    return whole;
}

// The columns of a PRIMARY KEY table constraint's group: each a name,
// with at most COLLATE and ASC / DESC after it. False for anything else.
bool read_key_columns(const std::string& group, std::vector<std::string>& out) {
    for (const auto& term : split_top(group)) {
        const auto t = tokenize(term);
        if (t.empty() ||
            (t[0].kind != Token::Kind::word && t[0].kind != Token::Kind::quoted && t[0].kind != Token::Kind::string))
            return false;
        std::size_t i = 1;
        if (i + 1 < t.size() && is_word(t[i], "COLLATE")) i += 2;
        if (i < t.size() && is_any_word(t[i], {"ASC", "DESC"})) ++i;
        if (i != t.size()) return false;
        out.push_back(t[0].text);
    }
    return !out.empty();
}

// A table constraint's PRIMARY KEY columns, if it is one; false when it is
// one this reading does not know.
bool read_table_constraint(std::span<const Token> t, std::vector<std::string>& primary_key) {
    for (std::size_t i = 0; i + 2 < t.size(); ++i)
        if (is_word(t[i], "PRIMARY") && is_word(t[i + 1], "KEY"))
            return t[i + 2].kind == Token::Kind::group && read_key_columns(t[i + 2].text, primary_key);
    return true;
}

// Named checks and foreign keys of one definition (a column's or the table's).
void scan_constraints(std::span<const Token> toks, std::vector<ScannedConstraint>& out) {
    std::string pending_name;
    for (std::size_t i = 0; i < toks.size(); ++i) {
        if (is_word(toks[i], "CONSTRAINT") && i + 1 < toks.size()) {
            pending_name = toks[i + 1].text;
            ++i;
            continue;
        }
        if (is_word(toks[i], "CHECK") && i + 1 < toks.size() && toks[i + 1].kind == Token::Kind::group) {
            out.push_back({ScannedConstraint::Kind::check, pending_name, std::string(trim(toks[i + 1].text)), {}});
            pending_name.clear();
            ++i;
            continue;
        }
        if (is_word(toks[i], "FOREIGN") && i + 2 < toks.size() && is_word(toks[i + 1], "KEY") &&
            toks[i + 2].kind == Token::Kind::group) {
            out.push_back({ScannedConstraint::Kind::foreign_key, pending_name, {}, names_in(toks[i + 2].text)});
            pending_name.clear();
            i += 2;
            continue;
        }
        // Other column or table constraints end a pending CONSTRAINT name.
        if (is_word(toks[i], "PRIMARY") || is_word(toks[i], "UNIQUE") || is_word(toks[i], "NOT") ||
            is_word(toks[i], "DEFAULT") || is_word(toks[i], "REFERENCES") || is_word(toks[i], "COLLATE"))
            pending_name.clear();
    }
}

// Clauses of one definition a rebuild would not write again.
void scan_unkept(std::span<const Token> t, const std::string& column,
                 std::vector<std::pair<std::string, std::string>>& out) {
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (is_word(t[i], "ON") && i + 2 < t.size() && is_word(t[i + 1], "CONFLICT"))
            out.emplace_back(column, "ON CONFLICT " + upper_ascii(t[i + 2].text));
        else if (is_word(t[i], "DEFERRABLE") && (i == 0 || !is_word(t[i - 1], "NOT")))
            out.emplace_back(column, "DEFERRABLE");
        else if (is_word(t[i], "MATCH") && i + 1 < t.size())
            out.emplace_back(column, "MATCH " + upper_ascii(t[i + 1].text));
        else if (is_word(t[i], "PRIMARY") && i + 2 < t.size() && is_word(t[i + 1], "KEY") &&
                 is_word(t[i + 2], "DESC") && !column.empty())
            out.emplace_back(column, "PRIMARY KEY DESC");
    }
}

}  // namespace

ScannedTable scan_table(std::string_view sql) {
    ScannedTable out;
    const Definitions defs = definitions(sql);
    // SQLite writes the text it keeps as "CREATE TABLE " and the rest as
    // given; "CREATE VIRTUAL TABLE" has columns only its module knows.
    out.columns_read = sql.starts_with("CREATE TABLE ") && !defs.each.empty();
    for (const auto d : defs.each) {
        const bool column = !table_constraint(d);
        if (column) {
            ScannedColumn c;
            out.columns_read = read_column(d, defs.text, c) && out.columns_read;
            out.columns.push_back(std::move(c));
        } else {
            out.columns_read = read_table_constraint(d, out.primary_key) && out.columns_read;
        }
        scan_constraints(d, out.constraints);
        scan_unkept(d, column ? d[0].text : std::string(), out.unkept);
        for (const auto& t : d) {
            if (is_word(t, "AUTOINCREMENT")) out.autoincrement = true;
            if (is_word(t, "UNIQUE")) out.unique = true;
        }
    }
    // A key names its columns (SQLite compares names without case), and a
    // table has one key.
    for (const auto& k : out.primary_key)
        if (std::none_of(out.columns.begin(), out.columns.end(),
                         [&](const ScannedColumn& c) { return iequals_ascii(c.name, k) && !c.primary_key; }))
            out.columns_read = false;
    return out;
}

std::string strip_parens(std::string_view expr) { return std::string(trim(strip_outer_parens(trim(expr)))); }

std::string canonical_collation(std::string_view name) {
    std::string u = upper_ascii(trim(name));
    return u == "BINARY" ? std::string() : u;
}

NamesUsed names_used(std::string_view sql, const Table& t) {
    NamesUsed out;
    std::vector<std::string> words;
    std::vector<Token> pending = tokenize(sql);
    // Groups hold nested text: open them all.
    for (std::size_t i = 0; i < pending.size(); ++i) {
        const Token& k = pending[i];
        if (k.kind == Token::Kind::group) {
            auto inner = tokenize(k.text);
            pending.insert(pending.end(), inner.begin(), inner.end());
        } else if (k.kind == Token::Kind::word || k.kind == Token::Kind::quoted) {
            words.push_back(upper_ascii(k.text));
        }
    }
    auto named = [&](const std::string& n) {
        return std::find(words.begin(), words.end(), upper_ascii(n)) != words.end();
    };
    out.mentions_table = named(t.name);
    for (const auto& c : t.columns)
        if (named(c.name)) out.columns.push_back(c.name);
    return out;
}

std::string trigger_name(std::string_view sql) {
    auto t = tokenize(sql);
    std::size_t i = 0;
    while (i < t.size() && !is_word(t[i], "TRIGGER")) ++i;
    ++i;
    if (i + 2 < t.size() && is_word(t[i], "IF") && is_word(t[i + 1], "NOT") && is_word(t[i + 2], "EXISTS")) i += 3;
    // schema.name
    if (i + 2 < t.size() && t[i + 1].kind == Token::Kind::punct && t[i + 1].text == ".") i += 2;
    return i < t.size() ? t[i].text : std::string();
}

std::vector<std::string> index_terms(std::string_view sql) {
    // CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (terms) [WHERE ...]
    std::vector<std::string> out;
    for (const auto& written : split_top(first_group(sql))) {
        const std::string term(trim(without_comments(written)));
        auto t = tokenize(term);
        std::string_view v = term;
        // Drop a trailing ASC / DESC, then a trailing COLLATE name.
        auto drop_last_word = [&](std::string_view w) {
            std::string up = upper_ascii(v);
            if (up.size() > w.size() && up.compare(up.size() - w.size(), w.size(), w) == 0 &&
                std::isspace(static_cast<unsigned char>(up[up.size() - w.size() - 1])))
                v = trim(v.substr(0, v.size() - w.size()));
        };
        drop_last_word("DESC");
        drop_last_word("ASC");
        if (std::any_of(t.begin(), t.end(), [](const Token& k) { return is_word(k, "COLLATE"); }))
            if (auto at = upper_ascii(v).rfind("COLLATE"); at != std::string::npos) v = trim(v.substr(0, at));
        out.emplace_back(v);
    }
    return out;
}

ScannedIndex scan_index(std::string_view sql) {
    ScannedIndex out;
    const auto t = tokenize(sql);
    std::size_t i = 1;
    if (t.size() < 6 || !is_word(t[0], "CREATE")) return out;
    if (is_word(t[i], "UNIQUE")) {
        out.unique = true;
        ++i;
    }
    auto name_at = [&](std::size_t k) {
        return k < t.size() && (t[k].kind == Token::Kind::word || t[k].kind == Token::Kind::quoted);
    };
    if (!is_word(t[i], "INDEX") || !name_at(i + 1) || i + 4 >= t.size() || !is_word(t[i + 2], "ON") ||
        !name_at(i + 3) || t[i + 4].kind != Token::Kind::group)
        return out;
    const auto exprs = index_terms(sql);
    const auto written = split_top(t[i + 4].text);
    if (written.size() != exprs.size()) return out;
    for (std::size_t k = 0; k < written.size(); ++k) {
        const auto term = tokenize(written[k]);
        if (term.empty() || term[0].kind == Token::Kind::group || term[0].kind == Token::Kind::string) return out;
        ScannedIndexKey key;
        std::size_t j = 1;
        if (j + 1 < term.size() && is_word(term[j], "COLLATE")) {
            key.collation = term[j + 1].text;
            j += 2;
        }
        if (j < term.size() && is_any_word(term[j], {"ASC", "DESC"})) key.desc = is_word(term[j++], "DESC");
        if (j == term.size() && term[0].kind != Token::Kind::punct) {
            key.column = term[0].text;
        } else {
            // An expression: ASC / DESC is its last word; a COLLATE in it
            // anywhere may decide its collation.
            if (upper_ascii(written[k]).find("COLLATE") != std::string::npos) return out;
            key = {};
            key.expr = exprs[k];
            key.desc = is_word(term.back(), "DESC");
        }
        out.keys.push_back(std::move(key));
    }
    out.where = index_where(sql);
    out.read = true;
    return out;
}

std::string index_where(std::string_view sql) {
    // The WHERE keyword at top level, outside quotes, comments and parentheses.
    int depth = 0;
    for (std::size_t i = 0; i < sql.size();) {
        if (std::size_t past = past_quoted(sql, i); past != i) {
            i = past;
            continue;
        }
        char c = sql[i];
        if (c == '(') ++depth;
        else if (c == ')') --depth;
        else if (depth == 0 && (c == 'W' || c == 'w') && i > 0 &&
                 std::isspace(static_cast<unsigned char>(sql[i - 1])) && iequals_ascii(sql.substr(i, 5), "WHERE") &&
                 i + 5 < sql.size() && !std::isalnum(static_cast<unsigned char>(sql[i + 5])) && sql[i + 5] != '_')
            return std::string(trim(without_comments(sql.substr(i + 5))));
        ++i;
    }
    return {};
}

bool has_without_rowid(std::string_view sql) {
    auto tokens = tokenize(sql);
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i)
        if (is_word(tokens[i], "WITHOUT") && is_word(tokens[i + 1], "ROWID")) return true;
    return false;
}

}  // namespace schemactl::sqlite
