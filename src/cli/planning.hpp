#pragma once
// files + live database → plan, shared by plan, sync and create.
#include <string>
#include <vector>

#include "cli/session.hpp"
#include "diff/changes.hpp"
#include "plan/plan.hpp"

namespace schemactl {

struct Planned {
    Changes changes;
    Plan plan;
};

Planned compute_plan(Session& s, const std::vector<std::string>& tables, const PlanOptions& opts, bool data_checks);

// A plan limited to one table's steps (interactive sync).
Plan steps_of(const Plan& plan, const std::string& table);

}  // namespace schemactl
