#pragma once
#include <memory>

#include "dialect/dialect.hpp"

namespace schemactl {
std::unique_ptr<Dialect> make_postgres_dialect();
}
