#include "dialect/postgres/pg_recreate.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "dialect/postgres/pg_types.hpp"

namespace schemactl::pg {

std::string backup_table(const Table& live, const std::string& backup) {
    // An enum column would keep its type alive: DROP TYPE would then fail and
    // roll the whole recreate back. Text holds every label unchanged.
    std::vector<std::string> cols;
    for (const auto& c : live.columns)
        cols.push_back(c.enum_values.empty() ? quote_ident(c.name)
                                             : fmt::format("{0}::text AS {0}", quote_ident(c.name)));
    return fmt::format("CREATE TABLE {} AS SELECT {} FROM {}", quote_ident(backup), fmt::join(cols, ", "),
                       quote_ident(live.name));
}

std::string restore_value(const Column& from, const Column& to, const std::string& quoted) {
    if (!to.enum_values.empty()) return fmt::format("CAST(CAST({} AS text) AS {})", quoted, quote_ident(to.type));
    if (from.enum_values.empty() && from.type == to.type) return quoted;
    // An explicit cast to varchar(n) or char(n) truncates silently: cast to
    // the type without its length, and let the assignment to the column
    // check the length (it fails with "value too long").
    std::string t = to.type;
    auto open = t.find('(');
    if (open != std::string::npos) {
        std::string base = t.substr(0, open);
        while (!base.empty() && base.back() == ' ') base.pop_back();
        if (base == "character varying" || base == "numeric") t = base;
        else if (base == "character" || base == "bit") t = base == "bit" ? "bit varying" : "text";
    }
    return fmt::format("CAST({} AS {})", quoted, t);
}

std::vector<std::string> reset_identity(const Table& t) {
    std::vector<std::string> out;
    for (const auto& c : t.columns)
        if (c.auto_increment)
            // is_called = false: the next value is exactly max + 1 (1 for an empty table).
            out.push_back(fmt::format(
                "SELECT setval(pg_get_serial_sequence({}, {}), GREATEST(COALESCE(MAX({}), 0), 0) "
                "+ 1, false) FROM {}",
                quote_literal(quote_ident(t.name)), quote_literal(c.name), quote_ident(c.name), quote_ident(t.name)));
    return out;
}

}  // namespace schemactl::pg
