#pragma once
// What a PostgreSQL table carries that schemactl does not manage and that a
// rebuild or drop would lose or break: Table::unmanaged, filled by inspect.
#include <string>
#include <unordered_map>

#include "dialect/postgres/pg_connection.hpp"
#include "schema/model.hpp"

namespace schemactl::pg {

// One catalog query for all tables of the schema, sent only when a cheaper
// probe finds the schema holds any of these objects. `ns` is the SQL of the
// schema's oid; `at` maps a table's oid (as text) to its place in s.tables.
void add_unmanaged(PgConnection& conn, const std::string& ns, const std::unordered_map<std::string, std::size_t>& at,
                   Schema& s);

}  // namespace schemactl::pg
