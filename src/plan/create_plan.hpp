#pragma once
// `create` as a plan (pure, no I/O): the tables of the files that do not
// exist yet, in dependency order; with --force the named ones that do exist
// are dropped first (children before parents) and created again.
#include <string>
#include <vector>

#include "dialect/dialect.hpp"
#include "plan/plan.hpp"
#include "plan/planner.hpp"
#include "schema/model.hpp"

namespace schemactl {

struct CreatePlan {
    Plan plan;
    std::vector<std::string> created;   // tables the plan creates, in order
    std::vector<std::string> existing;  // wanted tables that exist and are left alone (no --force)
    std::vector<std::string> dropped;   // wanted tables that exist and are dropped first (--force)
};

// `wanted` empty: every table of `desired`. `desired` is lowered (canonical).
CreatePlan make_create_plan(const Schema& desired, const Schema& live, const std::vector<std::string>& wanted,
                            bool force, const Dialect& dialect, const SafetyRules& rules);

}  // namespace schemactl
