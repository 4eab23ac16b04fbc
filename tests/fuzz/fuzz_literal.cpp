// libFuzzer target: the string-literal renderers of the three dialects. For
// any bytes, quote_literal either refuses (a NUL byte: Error) or gives one
// literal that a reference scanner reads back as exactly those bytes, ending
// exactly where the literal ends (so nothing after it runs as SQL):
//  - PostgreSQL: under standard_conforming_strings on AND off;
//  - MySQL / MariaDB: with backslash escapes (schemactl's sql_mode); under
//    NO_BACKSLASH_ESCAPES the literal must still end at the same place;
//  - SQLite: '' is the only escape.
// And the default a file gives converges with what the server prints back.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dialect/mysql/mysql_types.hpp"
#include "dialect/postgres/pg_types.hpp"
#include "dialect/sqlite/sqlite_types.hpp"
#include "schema/error.hpp"

namespace {

struct Scanned {
    std::string value;
    std::size_t end = 0;  // one past the closing quote
};

// PostgreSQL: '...' (backslash escapes only when standard_conforming_strings
// is off) or E'...' (always). Escapes other than \\ \' \n \t \r \b \f give
// nullopt: a renderer that relied on them would be wrong anyway.
std::optional<Scanned> scan_pg(std::string_view s, bool standard) {
    std::size_t i = 0;
    bool escapes = !standard;
    if (i < s.size() && (s[i] == 'E' || s[i] == 'e')) {
        escapes = true;
        ++i;
    }
    if (i >= s.size() || s[i] != '\'') return std::nullopt;
    Scanned out;
    for (++i; i < s.size();) {
        char c = s[i];
        if (escapes && c == '\\') {
            if (i + 1 >= s.size()) return std::nullopt;
            switch (s[i + 1]) {
                case '\\': out.value += '\\'; break;
                case '\'': out.value += '\''; break;
                case 'n': out.value += '\n'; break;
                case 't': out.value += '\t'; break;
                case 'r': out.value += '\r'; break;
                case 'b': out.value += '\b'; break;
                case 'f': out.value += '\f'; break;
                default: return std::nullopt;
            }
            i += 2;
        } else if (c == '\'') {
            if (i + 1 < s.size() && s[i + 1] == '\'') {
                out.value += '\'';
                i += 2;
            } else {
                out.end = i + 1;
                return out;
            }
        } else {
            out.value += c;
            ++i;
        }
    }
    return std::nullopt;  // unterminated
}

// MySQL / MariaDB: '' always; \x escapes unless NO_BACKSLASH_ESCAPES.
std::optional<Scanned> scan_mysql(std::string_view s, bool backslash_escapes) {
    if (s.empty() || s[0] != '\'') return std::nullopt;
    Scanned out;
    for (std::size_t i = 1; i < s.size();) {
        char c = s[i];
        if (backslash_escapes && c == '\\') {
            if (i + 1 >= s.size()) return std::nullopt;
            char n = s[i + 1];
            out.value += n == 'n' ? '\n' : n == 't' ? '\t' : n == 'r' ? '\r' : n == '0' ? '\0' : n;
            i += 2;
        } else if (c == '\'') {
            if (i + 1 < s.size() && s[i + 1] == '\'') {
                out.value += '\'';
                i += 2;
            } else {
                out.end = i + 1;
                return out;
            }
        } else {
            out.value += c;
            ++i;
        }
    }
    return std::nullopt;
}

std::optional<Scanned> scan_sqlite(std::string_view s) { return scan_pg(s, true); }  // '' only, no E prefix used

void check(bool ok) {
    if (!ok) __builtin_trap();
}

template <class F>
std::optional<std::string> render(F&& f, const std::string& v) {
    try {
        return f(v);
    } catch (const schemactl::Error&) {
        check(v.find('\0') != std::string::npos);  // only a NUL byte may be refused
        return std::nullopt;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace schemactl;
    const std::string v(reinterpret_cast<const char*>(data), size);
    const bool nul = v.find('\0') != std::string::npos;

    if (auto lit = render([](const std::string& s) { return pg::quote_literal(s); }, v)) {
        check(!nul);
        for (bool standard : {true, false}) {
            auto r = scan_pg(*lit, standard);
            check(r && r->end == lit->size() && r->value == v);
        }
        // Convergence: the server prints a text default back as a standard
        // literal with a cast (standard_conforming_strings is on in
        // schemactl's sessions); canonical_default must give what lower gives.
        std::string printed = "'";
        for (char c : v) printed += c == '\'' ? std::string("''") : std::string(1, c);
        printed += "'::text";
        auto desired = pg::lower_default({Default::Kind::string, v}, "text");
        check(pg::canonical_default(printed).text == desired.text);
        check(desired.text == *lit);
    } else {
        check(nul);
    }

    if (auto lit = render([](const std::string& s) { return mysql::quote_literal(s); }, v)) {
        check(!nul);
        auto r = scan_mysql(*lit, true);
        check(r && r->end == lit->size() && r->value == v);
        auto nbe = scan_mysql(*lit, false);  // NO_BACKSLASH_ESCAPES: same extent
        check(nbe && nbe->end == lit->size());
        // MariaDB prints COLUMN_DEFAULT as a backslash-escaped literal.
        auto desired = mysql::lower_default({Default::Kind::string, v}, "varchar(255)");
        check(mysql::canonical_default(*lit, true, false, "varchar(255)").text == desired.text);
        check(mysql::default_sql(desired) == *lit);
    } else {
        check(nul);
    }

    if (auto lit = render([](const std::string& s) { return sqlite::quote_literal(s); }, v)) {
        check(!nul);
        check((*lit)[0] == '\'');
        auto r = scan_sqlite(*lit);
        check(r && r->end == lit->size() && r->value == v);
        auto desired = sqlite::lower_default({Default::Kind::string, v});
        check(sqlite::canonical_default(*lit).text == desired.text);
    } else {
        check(nul);
    }
    return 0;
}
