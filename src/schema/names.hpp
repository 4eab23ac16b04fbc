#pragma once
// How a database compares names: which spellings name the same table,
// column or index. diff matches names with these rules (a case-only change is
// then a rename, or nothing), validate refuses two names that collide.
// Each dialect says which rule applies to what (Dialect::name_rules()).
#include <cstddef>
#include <string>
#include <string_view>

namespace schemactl {

enum class NameCase {
    exact,    // byte for byte (PostgreSQL, every identifier being quoted)
    ascii,    // A-Z = a-z, nothing else folded (SQLite)
    unicode,  // letters of every case-pair (Ü = ü), accents kept (MySQL/MariaDB utf8 identifiers)
};

struct NameRules {
    NameCase tables = NameCase::exact;
    NameCase columns = NameCase::exact;
    NameCase indexes = NameCase::exact;  // indexes, foreign keys, checks
};

// The key two names share when the database treats them as the same.
std::string name_key(std::string_view name, NameCase how);
inline bool same_name(std::string_view a, std::string_view b, NameCase how) {
    return a == b || (how != NameCase::exact && name_key(a, how) == name_key(b, how));
}

// UTF-8 helpers for identifier limits: MySQL counts characters, PostgreSQL bytes.
bool valid_utf8(std::string_view s);
std::size_t utf8_length(std::string_view s);  // code points
// The longest prefix of at most max_bytes that does not cut a character.
std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes);

}  // namespace schemactl
