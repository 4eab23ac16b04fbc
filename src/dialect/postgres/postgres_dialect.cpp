// Placeholder until the postgres dialect lands; replaced by the real implementation.
#include "dialect/postgres/postgres_dialect.hpp"

#include "schema/error.hpp"

namespace schemactl {
std::unique_ptr<Dialect> make_postgres_dialect() { throw Error("the postgres dialect is not built yet"); }
}  // namespace schemactl
