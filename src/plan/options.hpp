#pragma once
// How a plan is rendered: chosen by the command line, read by the planner and
// by each dialect's render(). Here, not in dialect/dialect.hpp, so that the
// planner's header names the Dialect interface without including it.
#include <string>

namespace schemactl {

struct PlanOptions {
    bool allow_drop = false;          // destructive steps rendered (else skipped)
    bool concurrent_indexes = false;  // PostgreSQL: CREATE INDEX CONCURRENTLY
    std::string mysql_algorithm;      // "" | INSTANT | INPLACE: required algorithm
};

}  // namespace schemactl
