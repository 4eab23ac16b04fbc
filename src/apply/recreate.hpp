#pragma once
// Runs a recreate plan (plan/recreate_plan.hpp) and gathers the facts a
// person needs before saying yes: row counts, rows that would lose a parent.
#include <cstdint>
#include <map>
#include <string>

#include "apply/apply.hpp"
#include "plan/recreate_plan.hpp"

namespace schemactl {

long long count_rows(Connection& conn, const std::string& sql);

struct RecreateFacts {
    std::map<std::string, long long> rows;  // table → rows now (tables, sources, referencing tables)
    // "child|fk name|parent" → rows of the child whose parent row would be
    // missing after the recreate.
    std::map<std::string, long long> orphans;
};
std::string orphan_key(const TableRecreate& t, const ReferencingKey& k);

RecreateFacts gather_recreate_facts(Connection& conn, const Dialect& d, const RecreatePlan& plan, bool restoring);

// PostgreSQL / SQLite: one transaction, rolled back on failure. MySQL: the
// steps in order; a failure before a table's swap runs the undo statements
// of that table's steps, so its original stays as it was, and says so.
void run_recreate(Driver& db, const Dialect& d, const RecreatePlan& plan, const ApplyOptions& opts,
                  const ProgressFn& progress);

}  // namespace schemactl
