#pragma once
// `recreate` as a plan (pure, no I/O): back the rows up, replace the table
// with the one the files describe, copy the rows back, and keep the foreign
// keys of other tables that reference it.
//
// PostgreSQL and SQLite run the plan in one transaction: drop, create,
// restore. MySQL / MariaDB commit every DDL statement, so the new table is
// built (and filled) under a temporary name and swapped in with one atomic
// RENAME: at every point the original table and its rows stand under their
// name, or the swap has happened. Its steps carry an undo for a failure
// before the swap.
#include <string>
#include <vector>

#include "dialect/dialect.hpp"
#include "plan/plan.hpp"
#include "schema/model.hpp"

namespace schemactl {

struct RecreateOptions {
    std::vector<std::string> tables;
    bool keep_backup = true;   // false: --no-backup (a restore still copies through a scratch table)
    bool restore = false;      // copy the rows back after the create
    std::string restore_from;  // copy the rows back from this table instead of the current ones
    std::string stamp;         // UTC yyyymmddhhmmss: names the backup and temporary tables
};

// A foreign key of another table that references the recreated one.
struct ReferencingKey {
    std::string table;  // the referencing (child) table
    ForeignKey fk;
    bool recreated_too = false;  // the child is in the same run, before this table
};

struct TableRecreate {
    std::string table;
    bool exists = false;                  // a live table to replace (else only created)
    std::string backup;                   // "" = no backup table
    bool backup_kept = false;             // false: a scratch copy dropped at the end
    std::string source;                   // the rows are copied back from it; "" = no restore
    std::string count_source;             // where the rows to copy back are now (the live table, or --restore-from)
    std::vector<std::string> copied;      // columns copied back (on both sides)
    std::vector<std::string> not_copied;  // source columns the new table does not have
    std::vector<ReferencingKey> referencing;
    std::vector<std::string> restore_sql;  // INSERT ... SELECT and the identity reset, on the final table
    // Why the restore cannot work when the source has rows (stop, exit 3).
    std::vector<std::string> problems;
};

struct RecreateStep {
    Step step;
    // MySQL: statements that reverse this step, run (in reverse order) when a
    // later step of the same table fails before its swap.
    std::vector<std::string> undo;
    bool swap = false;  // the new table is in place: nothing before it is undone
};

struct RecreatePlan {
    std::vector<TableRecreate> tables;  // in the order they are recreated
    std::vector<RecreateStep> steps;
};

// Tables are recreated referencing-tables-first, so that an emptied child
// never blocks its parent. Throws Error for a --restore-from table that does
// not exist.
RecreatePlan plan_recreate(const Dialect& d, const Schema& desired, const Schema& actual, const RecreateOptions& o);

// `<table>_<what>_<stamp>`, shortened to the dialect's identifier limit.
std::string recreate_name(const Dialect& d, const std::string& table, const std::string& what,
                          const std::string& stamp);

std::string row_count_sql(const Dialect& d, const std::string& table);
// Rows of the referencing table whose key (all columns non-NULL) matches no
// row of `source`; with source "", every row with a non-NULL key: the rows a
// recreate without restore would leave without their parent.
std::string orphan_count_sql(const Dialect& d, const ReferencingKey& k, const std::string& source);

}  // namespace schemactl
