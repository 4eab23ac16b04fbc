#pragma once
// PostgreSQL's canonical forms, shared by lower() and inspect().
#include <map>
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
// The canonical default of a column of canonical type `type`: a bare number
// on a type that is not a number type (a domain, text) is written as a
// string literal. The server prints `DEFAULT '3'` on a domain over integer
// as 3 and on a domain over text as '3'::text; quoted, both sides agree
// without knowing the domain's base type, and the SQL means the same.
Default column_default(Default d, const std::string& type);
// A portable default for a column of canonical type `type`.
Default lower_default(const Default& d, const std::string& type);
// Typed literals in the form the server prints them: numeric '1' →
// '1'::numeric, interval '1 day' → '1 day'::interval.
std::string typed_literals_as_casts(std::string_view expr);
// A default expression as the DEFAULT clause accepts it: as is when it is a
// literal, a number, a word or a function call; otherwise in parentheses
// (`DEFAULT now() AT TIME ZONE 'utc'` is a syntax error).
std::string default_sql(std::string_view expr);
// An expression (generated column, index key) as compared and stored: no
// wrapping parentheses, typed literals as casts, '1'::integer as 1.
std::string canonical_expression(std::string_view expr);
// A collation name without quotes; "default" (the type's) is "".
std::string canonical_collation(std::string_view name);
// pg_get_constraintdef() of a CHECK / pg_get_expr() of an index predicate →
// the expression without `CHECK`, `NOT VALID` and wrapping parentheses.
std::string canonical_predicate(std::string_view expr);
// The enum type schemactl creates for table.column.
std::string enum_type_name(const std::string& table, const std::string& column);
Table lower_table(Table prepared);
// domains: domain name → its base type (canonical); a domain column exports
// the base type's portable type with the domain in the postgres override.
Table raise_table(const Table& canonical, const std::map<std::string, std::string>& domains = {});

}  // namespace schemactl::pg
