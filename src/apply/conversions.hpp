#pragma once
// Which type changes can change a stored value, and the SQL that finds the
// rows they would change. Pure: builds SQL text, runs nothing. The counting is
// in data_checks.cpp; the table of rules is written out in docs/safety.md
// ("Type changes: what is checked").
//
// One mechanism where the database allows it: a row is lost when its value,
// converted to the new type and back to the old one, is no longer the same
// (PostgreSQL: (col::new)::old; MariaDB: CAST round trips; SQLite: type
// affinity). Guards keep the check query itself from failing where the cast
// would raise an error instead of changing the value (out of range, text that
// does not parse); such rows count as lost too.
#include <string>

#include "dialect/dialect.hpp"
#include "schema/model.hpp"

namespace schemactl {

struct Conversion {
    // A boolean SQL expression over the column, true for every row whose
    // value would not survive; "" when no value can change (a widening).
    std::string lost;
    // What such a row holds, for "N rows hold <reason>".
    std::string reason;
    // The server may refuse the check itself with an error for some rows
    // (PostgreSQL text that does not parse as the new type): that error then
    // stands for those rows.
    bool may_error = false;
    bool empty() const { return lost.empty(); }
};

// `from` and `to` are in the dialect's canonical form (lower() / inspect()),
// `col` the quoted live column name. Changes of type or of enum values.
Conversion conversion(const Dialect& d, const Column& from, const Column& to, const std::string& col);

}  // namespace schemactl
