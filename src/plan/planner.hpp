#pragma once
// Changes → Plan: safety rules applied (protected columns blocked, drops
// skipped without --allow-drop), then each table's DDL from the dialect.
#include <string>
#include <vector>

#include "diff/changes.hpp"
#include "plan/options.hpp"
#include "plan/plan.hpp"

namespace schemactl {

class Dialect;  // dialect/dialect.hpp: the planner asks it for each table's DDL

struct SafetyRules {
    std::vector<std::string> protected_columns{"id", "created_at"};  // global list
};

// The TableChange with blocked / skipped items removed and the columns they
// keep put back into `desired`; the removed items become shown-only steps.
struct FilteredChange {
    TableChange change;
    std::vector<Step> held_back;  // blocked or skipped steps, no SQL
};
FilteredChange apply_safety(const TableChange& tc, const SafetyRules& rules, bool allow_drop);

// Steps in three phases across tables (docs/safety.md "Order of steps"):
// foreign keys that go, or that a change would break, are dropped first;
// then each table's changes in the order of `changes`; then foreign keys
// are added. MySQL keeps a table's foreign key changes in its own ALTER
// where that order allows. `live` (the inspected schema) finds keys of
// unchanged tables that point at a changing table; without it only the
// changing tables' keys are seen.
Plan make_plan(const Changes& changes, const Dialect& dialect, const SafetyRules& rules, const PlanOptions& opts);
Plan make_plan(const Changes& changes, const Schema& live, const Dialect& dialect, const SafetyRules& rules,
               const PlanOptions& opts);

}  // namespace schemactl
