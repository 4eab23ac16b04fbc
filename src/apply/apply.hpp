#pragma once
// Runs plan steps on a connection: lock, one transaction where the database
// has transactional DDL, progress, and a clear account of a failure.
#include <functional>
#include <string>
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

// Relations a transaction running these steps locks (the sum of the
// renderers' estimates, Step::relations).
std::size_t estimated_locks(const std::vector<Step>& steps);

// The steps split into groups of at most `tables` tables each (--batch N);
// plan order is kept, and a batch holds the steps of at most `tables` tables.
std::vector<std::vector<Step>> batches(const std::vector<Step>& steps, std::size_t tables);

// What a run left in the database, step by step (sync --format json). Filled
// as the run goes, so it holds the truth when apply throws: `applied` stay
// applied (committed, or DDL that commits itself), `failed` is the step that
// failed (none when the run stopped before any step), `not_applied` did not
// run or were rolled back.
struct ApplyOutcome {
    std::vector<Step> applied, failed, not_applied;
    std::vector<double> seconds;  // per applied step, in `applied` order
};

// Applies in one transaction, or in batches of tables when batch > 0. Before
// a single transaction, checks the server's lock table can hold it and, if
// not, throws Error saying so (nothing run) and suggesting --batch.
void apply_plan_steps(Driver& db, const Dialect& dialect, const std::vector<Step>& steps, const ApplyOptions& opts,
                      std::size_t batch, const ProgressFn& progress, ApplyOutcome* outcome = nullptr);

// Runs every step in one bracket (begin … commit). On failure rolls back
// where DDL is transactional and throws Error saying what happened: nothing
// changed, or (MySQL) which steps were applied and which not.
void apply_steps(Driver& db, const Dialect& dialect, const std::vector<Step>& steps, const ApplyOptions& opts,
                 const ProgressFn& progress, ApplyOutcome* outcome = nullptr);

// Where DDL commits statement by statement (MySQL), what a failure left:
// `order` the steps in the order run, `done` how many ran in full, and
// `statements` how many statements of the next (failed) step ran. Names
// every step applied, each statement of the failed step (applied / failed /
// not applied) and every step not applied.
std::string partial_report(const std::vector<Step>& order, std::size_t done, std::size_t statements);

}  // namespace schemactl

namespace schemactl {

// --verify: runs every step inside a transaction and rolls it back, so the
// server checks the whole plan without changing anything. Only for databases
// with transactional DDL; throws Error naming the first statement the server
// rejects.
void verify_steps(Driver& db, const Dialect& dialect, const std::vector<Step>& steps, const ApplyOptions& opts);

}  // namespace schemactl
