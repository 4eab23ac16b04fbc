#pragma once
// Which type changes can change a stored value, and the SQL that finds the
// rows they would change. Pure: builds SQL text, runs nothing. The counting
// is in data_checks.cpp; each dialect's rules are in its *_conversions.cpp
// (Dialect::conversion); the table of rules is written out in docs/safety.md
// ("Type changes: what is checked").
#include <string>

#include "dialect/conversion.hpp"
#include "dialect/dialect.hpp"
#include "schema/model.hpp"

namespace schemactl {

// `from` and `to` are in the dialect's canonical form (lower() / inspect()),
// `col` the quoted live column name. Changes of type or of enum values. NULL
// survives every conversion, so rows holding NULL are never counted.
Conversion conversion(const Dialect& d, const Column& from, const Column& to, const std::string& col);

}  // namespace schemactl
