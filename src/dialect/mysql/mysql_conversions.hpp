#pragma once
#include <string>

#include "dialect/conversion.hpp"

namespace schemactl::my {
// Rows whose value the change `from` -> `to` (canonical types) would not
// keep; `col` is the quoted column. Dialect::conversion.
Conversion conversion(const Dialect& d, const Column& from, const Column& to, const std::string& col);
// Rows holding characters the new collation's character set cannot store.
Conversion collation_conversion(const Column& from, const Column& to, const std::string& col);
}  // namespace schemactl::my
