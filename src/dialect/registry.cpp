#include "dialect/dialect.hpp"
#include "dialect/mysql/mysql_dialect.hpp"
#include "dialect/postgres/postgres_dialect.hpp"
#include "dialect/sqlite/sqlite_dialect.hpp"
#include "schema/error.hpp"

namespace schemactl {

std::unique_ptr<Dialect> make_dialect(const std::string& scheme) {
    if (scheme == "sqlite") return make_sqlite_dialect();
    if (scheme == "postgres") return make_postgres_dialect();
    if (scheme == "mysql") return make_mysql_dialect();
    throw Error("no dialect for database type '" + scheme + "'");
}

}  // namespace schemactl
