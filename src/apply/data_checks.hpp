#pragma once
// Before a risky step runs, look at the live rows it would break: NULLs under
// a new NOT NULL, duplicates under a new unique index, values a type change
// would change or reject (apply/conversions.hpp), rows holding removed enum
// values, child rows a new foreign key would reject, rows under a new NOT NULL
// column without default.
#include <string>
#include <vector>

#include "dialect/connection.hpp"
#include "dialect/dialect.hpp"
#include "diff/changes.hpp"
#include "plan/plan.hpp"

namespace schemactl {

struct DataCheckOptions {
    // false (--skip-data-checks): only the checks that no flag turns off run,
    // the type changes of protected columns.
    bool all = true;
    // The global protected list ([safety] protected_columns); each table's
    // `protected` is added from the change itself.
    std::vector<std::string> protected_columns{"id", "created_at"};
};

std::vector<DataProblem> check_data(Connection& conn, const Dialect& dialect, const std::vector<TableChange>& changes,
                                    const DataCheckOptions& opts = {});

}  // namespace schemactl
