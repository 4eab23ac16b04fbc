#pragma once
// MySQL / MariaDB canonical forms, shared by lower() and inspect().
#include <string>
#include <string_view>

#include "schema/model.hpp"

namespace schemactl::mysql {

// Table::unmanaged kinds the MySQL renderer acts on.
inline constexpr const char* kInvisibleColumn = "invisible column";
inline constexpr const char* kSystemVersioning = "system versioning";

std::string quote_ident(std::string_view id);
// MySQL literal: backslash and quote escaped (the server reads \ as an escape).
std::string quote_literal(std::string_view v);
// COLUMN_TYPE or a file's spelling → canonical ("int(11)" → "int", "bool" → "tinyint(1)").
std::string canonical_type(const std::string& type);
// enum('a','b''c') → {"a", "b'c"}
std::vector<std::string> enum_values(std::string_view column_type);
// COLUMN_DEFAULT as MariaDB (quoted literals, expressions as written) or
// MySQL 8 (raw literals; `generated` when EXTRA says DEFAULT_GENERATED) reports it.
Default canonical_default(const std::optional<std::string>& reported, bool mariadb, bool generated,
                          const std::string& type);
Default lower_default(const Default& d, const std::string& type);
// The SQL after DEFAULT for a canonical default.
std::string default_sql(const Default& d);
// Table options as inspect reports them: engine in the server's spelling and
// left out when InnoDB; charset always with a collation, lowercase, utf8 as
// utf8mb3; the collation left out when it is its charset's default.
void canonical_table_options(std::map<std::string, std::string>& options);
std::string default_collation(std::string_view charset);
// A generated column's expression as MariaDB reports it back (its function
// names, no outer parentheses).
std::string canonical_generated(std::string_view expr);
Table lower_table(Table prepared);
Table raise_table(const Table& canonical);

}  // namespace schemactl::mysql
