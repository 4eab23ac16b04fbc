// Placeholder until the mysql dialect lands; replaced by the real implementation.
#include "dialect/mysql/mysql_dialect.hpp"

#include "schema/error.hpp"

namespace schemactl {
std::unique_ptr<Dialect> make_mysql_dialect() { throw Error("the mysql dialect is not built yet"); }
}  // namespace schemactl
