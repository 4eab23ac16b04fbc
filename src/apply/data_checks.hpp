#pragma once
// Before a risky step runs, look at the live rows it would break: NULLs under
// a new NOT NULL, duplicates under a new unique index, values longer than a
// narrowed varchar, rows under a new NOT NULL column without default.
#include <vector>

#include "diff/changes.hpp"
#include "dialect/connection.hpp"
#include "dialect/dialect.hpp"
#include "plan/plan.hpp"

namespace schemactl {

std::vector<DataProblem> check_data(Connection& conn, const Dialect& dialect, const std::vector<TableChange>& changes);

}  // namespace schemactl
