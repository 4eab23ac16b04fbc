#pragma once
#include "dialect/mysql/mysql_connection.hpp"
#include "schema/model.hpp"

namespace schemactl::mysql {

// The connected database's schema in six information_schema queries, each
// narrowed by a constant TABLE_SCHEMA condition on every table it reads; on
// MariaDB with more tables than half of table_open_cache, the six run on
// batches of tables, on two sessions (mysql_inspect.cpp, table_batches).
Schema inspect_schema(MysqlConnection& conn);

}  // namespace schemactl::mysql
