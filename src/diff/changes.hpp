#pragma once
// What differs between the desired and the actual schema, table by table.
// Produced by diff() (pure), consumed by plan().
#include <string>
#include <vector>

#include "schema/model.hpp"

namespace schemactl {

struct ColumnChange {
    enum class Kind { add, drop, rename, alter };
    Kind kind;
    std::string name;      // the column's desired name (drop: the actual name)
    std::string old_name;  // rename: the name in the database
    Column desired;        // add, rename, alter
    Column actual;         // drop, rename, alter
    // alter: which attributes differ
    bool type_changed = false;
    bool nullable_changed = false;
    bool default_changed = false;
    bool auto_increment_changed = false;
    bool comment_changed = false;
    bool generated_changed = false;  // became, stopped being, or changed as a generated column
    bool other_changed = false;      // on_update, collation, enum values
};

template <class T>
struct ItemChange {
    enum class Kind { add, drop };
    Kind kind;
    T item;
};
using IndexChange = ItemChange<Index>;
using ForeignKeyChange = ItemChange<ForeignKey>;
using CheckChange = ItemChange<Check>;

struct TableChange {
    enum class Kind { create, alter, rename };
    Kind kind;
    std::string name;      // desired name
    std::string old_name;  // rename: the name in the database
    // The exact target table. The planner puts back columns that must stay
    // (protected, or drops not allowed), so a renderer can rebuild from it.
    Table desired;
    Table actual;  // alter / rename: the live table
    // A rename comes first for its column; if the renamed column also changes
    // otherwise, an alter (name = new name) follows it.
    std::vector<ColumnChange> columns;
    bool primary_key_changed = false;
    bool comment_changed = false;
    bool options_changed = false;
    std::vector<IndexChange> indexes;
    std::vector<ForeignKeyChange> foreign_keys;
    std::vector<CheckChange> checks;

    bool empty() const;
};

struct Changes {
    std::vector<TableChange> tables;  // in dependency order: referenced tables first
    bool empty() const { return tables.empty(); }
};

}  // namespace schemactl
