#pragma once
#include <string>

#include "dialect/conversion.hpp"

namespace schemactl::pg {
// Rows whose value the change `from` -> `to` (canonical types) would not
// keep; `col` is the quoted column. Dialect::conversion.
Conversion conversion(const Dialect& d, const Column& from, const Column& to, const std::string& col);
}  // namespace schemactl::pg
