#pragma once
// Safety class of each kind of change; dialect renderers use these so every
// database classifies the same change the same way (docs/safety.md).
#include <string>

#include "diff/changes.hpp"
#include "plan/plan.hpp"

namespace schemactl {

Safety classify(const ColumnChange& c);
Safety classify(const IndexChange& c);
Safety classify(const ForeignKeyChange& c);
Safety classify(const CheckChange& c);
// Table-level changes: a new or dropped primary key (a new one can fail on
// duplicate rows, a dropped one lets them in), new table options (every row
// is rewritten, and may not fit).
Safety classify_primary_key(const TableChange& tc);
Safety classify_options(const TableChange& tc);
Safety worst(Safety a, Safety b);

// One line for people: "add column agents.config (json)".
std::string describe(const std::string& table, const ColumnChange& c);
std::string describe(const std::string& table, const IndexChange& c);
std::string describe(const std::string& table, const ForeignKeyChange& c);
std::string describe(const std::string& table, const CheckChange& c);
std::string describe_primary_key(const TableChange& tc);  // "primary key (a, b)" | "drop primary key"

}  // namespace schemactl
