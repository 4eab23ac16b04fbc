// Placeholder until the sqlite dialect lands; replaced by the real implementation.
#include "dialect/sqlite/sqlite_dialect.hpp"

#include "schema/error.hpp"

namespace schemactl {
std::unique_ptr<Dialect> make_sqlite_dialect() { throw Error("the sqlite dialect is not built yet"); }
}  // namespace schemactl
