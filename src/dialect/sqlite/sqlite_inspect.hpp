#pragma once
#include "dialect/connection.hpp"
#include "schema/model.hpp"

namespace schemactl::sqlite {

// Where columns and indexes come from: the CREATE TABLE and CREATE INDEX
// texts, with SQLite's pragmas for any table whose texts the scan does not
// read whole; or the pragmas for every table (what the tests compare the
// texts' reading with).
enum class CatalogSource { texts, pragmas };

Schema inspect_schema(Connection& conn, std::size_t max_identifier_length, CatalogSource = CatalogSource::texts);

}  // namespace schemactl::sqlite
