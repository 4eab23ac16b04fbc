#pragma once
#include <map>
#include <string>

#include "dialect/postgres/pg_connection.hpp"
#include "schema/model.hpp"

namespace schemactl::pg {

// The schema of the connection's search-path schema in five catalog queries.
// domains, when given, receives each domain type a column uses: its name as
// the column's type holds it → its base type (raise() exports the base type).
Schema inspect_schema(PgConnection& conn, std::map<std::string, std::string>* domains = nullptr);

}  // namespace schemactl::pg
