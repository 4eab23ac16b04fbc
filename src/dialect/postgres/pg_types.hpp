#pragma once
// PostgreSQL's canonical forms, shared by lower() and inspect().
#include <string>
#include <string_view>

#include "schema/model.hpp"

namespace schemactl::pg {

std::string quote_ident(std::string_view id);
std::string quote_literal(std::string_view v);
// Portable or native spelling → what format_type() prints. Portable names
// differ from PostgreSQL's for two types: json (→ jsonb) and blob (→ bytea).
std::string canonical_type(const std::string& type, bool portable);
// pg_get_expr() of a default, or a default_expr from a file → canonical.
Default canonical_default(std::string_view expr);
// A portable default for a column of canonical type `type`.
Default lower_default(const Default& d, const std::string& type);
// The enum type schemactl creates for table.column.
std::string enum_type_name(const std::string& table, const std::string& column);
Table lower_table(const Table& prepared);
Table raise_table(const Table& canonical);

}  // namespace schemactl::pg
