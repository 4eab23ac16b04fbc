#pragma once
// desired × actual → Changes. Pure: both schemas are in the target dialect's
// canonical form (lowered files, inspected database).
#include <string>
#include <vector>

#include "diff/changes.hpp"
#include "diff/expr.hpp"
#include "schema/model.hpp"
#include "schema/names.hpp"

namespace schemactl {

struct DiffOptions {
    std::vector<std::string> only_tables;  // empty = every table in the files
    // How the target database compares names (Dialect::name_rules()): a
    // desired name matches a live one the database treats as the same; if the
    // spelling differs that is a rename (tables, columns), or nothing (indexes,
    // foreign keys, checks: their names' case is never seen by a query).
    NameRules names;
    // How the target database spells expressions it stores
    // (Dialect::expression_form()).
    ExprForm exprs = nullptr;
};

// Tables in `actual` that `desired` does not name are left alone.
Changes diff(const Schema& desired, const Schema& actual, const DiffOptions& opts = {});

// Attribute comparison used by diff (exposed for tests and for `create`).
// Expressions compare by expr_fingerprint(…, exprs).
bool same_column(const Column& a, const Column& b, ExprForm exprs = nullptr);
// Column and table names inside an index or foreign key compare by `names`.
bool same_index(const Index& a, const Index& b, const NameRules& names = {}, ExprForm exprs = nullptr);
bool same_foreign_key(const ForeignKey& a, const ForeignKey& b, const NameRules& names = {});
bool same_check(const Check& a, const Check& b, ExprForm exprs = nullptr);

// Desired tables ordered so that referenced tables come before the tables
// whose foreign keys point at them (cycles keep file order).
std::vector<std::string> dependency_order(const Schema& s);

}  // namespace schemactl
