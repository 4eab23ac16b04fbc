#pragma once
// PostgreSQL's canonical forms, shared by lower() and inspect().
#include <string>
#include <string_view>

#include "schema/model.hpp"

namespace schemactl::pg {

std::string quote_ident(std::string_view id);
std::string quote_literal(std::string_view v);
// A timestamptz literal as PostgreSQL prints it in UTC ("2024-01-01 00:00:00+00").
std::string utc_timestamptz(const std::string& v);
// A native PostgreSQL spelling ("int4", "varchar(10)", "timestamptz(3)",
// "float8[]", "serial") → what format_type() prints ("integer",
// "character varying(10)", …). Unknown types pass through in lower case.
std::string canonical_native_type(const std::string& type);
// portable = true: a type from the file (json → jsonb, blob → bytea, then the
// native aliases); false: a type from the postgres override, as written.
std::string canonical_type(const std::string& type, bool portable);
// pg_get_expr() of a default, or a default_expr from a file → canonical.
Default canonical_default(std::string_view expr);
// A portable default for a column of canonical type `type`.
Default lower_default(const Default& d, const std::string& type);
// pg_get_constraintdef() of a CHECK / pg_get_expr() of an index predicate →
// the expression without `CHECK`, `NOT VALID` and wrapping parentheses.
std::string canonical_predicate(std::string_view expr);
// The enum type schemactl creates for table.column.
std::string enum_type_name(const std::string& table, const std::string& column);
Table lower_table(const Table& prepared);
Table raise_table(const Table& canonical);

}  // namespace schemactl::pg
