#pragma once
// Runs plan steps on a connection: lock, one transaction where the database
// has transactional DDL, progress, and a clear account of a failure.
#include <functional>
#include <vector>

#include "dialect/connection.hpp"
#include "dialect/dialect.hpp"
#include "plan/plan.hpp"

namespace schemactl {

// Called after each step: index (1-based), total, the step, seconds taken.
using ProgressFn = std::function<void(std::size_t, std::size_t, const Step&, double)>;

// Prints `[12/40] add column agents.x  0.03 s` lines to stdout.
ProgressFn print_progress();

// The runnable steps of `steps` (blocked and skipped ones are left out).
std::vector<Step> runnable(const std::vector<Step>& steps);

// Runs every step in one bracket (begin … commit). On failure rolls back
// where DDL is transactional and throws Error saying what happened: nothing
// changed, or (MySQL) which steps were applied and which not.
void apply_steps(Connection& conn, const Dialect& dialect, const std::vector<Step>& steps, const ApplyOptions& opts,
                 const ProgressFn& progress);

}  // namespace schemactl

namespace schemactl {

// --verify: runs every step inside a transaction and rolls it back, so the
// server checks the whole plan without changing anything. Only for databases
// with transactional DDL; throws Error naming the first statement the server
// rejects.
void verify_steps(Connection& conn, const Dialect& dialect, const std::vector<Step>& steps, const ApplyOptions& opts);

}  // namespace schemactl
