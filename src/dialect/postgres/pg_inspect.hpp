#pragma once
#include "dialect/postgres/pg_connection.hpp"
#include "schema/model.hpp"

namespace schemactl::pg {

// The schema of the connection's search-path schema in five catalog queries.
Schema inspect_schema(PgConnection& conn);

}  // namespace schemactl::pg
