#pragma once
// What a foreign key needs from the tables it joins, per database: which
// changes cannot run while it exists (docs/safety.md "Order of steps").
#include <string>

#include "diff/changes.hpp"

namespace schemactl {

struct FkRules {
    // Foreign keys can be dropped and added on their own (ALTER TABLE); false
    // on SQLite, where they change only with a table rebuild.
    bool separate = true;
    // Keep a table's foreign key changes in its own ALTER TABLE where the
    // order allows: MySQL commits each statement, so every statement between
    // a drop and an add is a window for rows the key forbids. PostgreSQL
    // runs the plan in one transaction: drops go first, adds last.
    bool merge = false;
    // MySQL: a key is served by any index (or the primary key) that starts
    // with the referenced columns, checked after the whole ALTER. PostgreSQL:
    // by the unique index or constraint over exactly those columns, which
    // cannot be dropped while the key exists.
    bool prefix_index = false;
    // MySQL: a column of a foreign key (either side) cannot change type
    // (errors 1832, 1833). PostgreSQL re-checks the key itself.
    bool type_change_breaks = false;
};

// The change of the referenced table cannot run while `fk` (live names)
// exists: it drops a referenced column, the index or primary key serving the
// key, or (MySQL) changes a referenced column's type.
bool breaks_reference(const ForeignKey& fk, const TableChange& referenced, const FkRules& r);
// The change of fk's own table cannot run while `fk` exists (MySQL: one of
// its columns changes type).
bool breaks_own(const ForeignKey& fk, const TableChange& own, const FkRules& r);

}  // namespace schemactl
