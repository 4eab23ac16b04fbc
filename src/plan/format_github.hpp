#pragma once
// Plan → GitHub workflow commands: `::error` for blocked steps and data
// problems, `::warning` for destructive and risky steps, each pointing at
// the TOML file:line that asked for the change. Pure.
#include <string>

#include "diff/changes.hpp"
#include "plan/format.hpp"

namespace schemactl {

std::string format_github(const Plan& plan, const FormatOptions& opts);

// Where in the schema files a step or data problem comes from: the changed
// column, index, foreign key or check when the files define it (an add,
// rename or alter), else its table (a drop: the table no longer lists it).
// Unknown ({}) when the table is not in `changes`.
SourcePos source_of(const Step& step, const Changes& changes);
SourcePos source_of(const DataProblem& problem, const Changes& changes);

}  // namespace schemactl
