#pragma once
#include <memory>

#include "dialect/dialect.hpp"

namespace schemactl {
std::unique_ptr<Dialect> make_mysql_dialect();
}
