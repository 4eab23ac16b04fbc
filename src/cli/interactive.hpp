#pragma once
// `sync --interactive`: an overview, then per table its steps and a question;
// each table applied in a transaction of its own; a summary and an exit code
// at the end (docs/commands.md, "Interactive sync").
#include "cli/planning.hpp"
#include "cli/session.hpp"

namespace schemactl {

// 0: everything shown was applied; 3: something skipped, not applicable, or
// the person quit / pressed Ctrl-C; 1: a table failed.
int run_interactive(Session& s, const Planned& planned, const PlanOptions& opts);

}  // namespace schemactl
