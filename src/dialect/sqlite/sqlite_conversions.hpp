#pragma once
#include <string>

#include "dialect/conversion.hpp"

namespace schemactl::lite {
// Rows whose value the change `from` -> `to` would not keep under the new
// column's type affinity; `col` is the quoted column. Dialect::conversion.
Conversion conversion(const Column& from, const Column& to, const std::string& col);
}  // namespace schemactl::lite
