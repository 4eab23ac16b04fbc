#include "plan/safety.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace schemactl {

Safety worst(Safety a, Safety b) { return static_cast<int>(a) > static_cast<int>(b) ? a : b; }

Safety classify(const ColumnChange& c) {
    using K = ColumnChange::Kind;
    switch (c.kind) {
        case K::add:
            // NOT NULL without a default fails on a table that has rows.
            return (!c.desired.nullable && !c.desired.default_value.has_value() && !c.desired.auto_increment)
                       ? Safety::risky
                       : Safety::safe;
        case K::drop: return Safety::destructive;
        case K::rename: return Safety::safe;
        case K::alter:
            // An ordinary column becoming generated: its stored values are
            // replaced by computed ones.
            if (c.generated_changed && !c.desired.generated.empty() && c.actual.generated.empty())
                return Safety::destructive;
            if (c.type_changed || c.auto_increment_changed || c.other_changed) return Safety::risky;
            if (c.nullable_changed && !c.desired.nullable) return Safety::risky;
            return Safety::safe;
    }
    return Safety::safe;
}

// Dropping an index, key or check loses no rows: safe. A new unique index or
// check can fail on existing data: risky. A new foreign key likewise.
Safety classify(const IndexChange& c) {
    return c.kind == IndexChange::Kind::add && c.item.unique ? Safety::risky : Safety::safe;
}
Safety classify(const ForeignKeyChange& c) {
    return c.kind == ForeignKeyChange::Kind::add ? Safety::risky : Safety::safe;
}
Safety classify(const CheckChange& c) { return c.kind == CheckChange::Kind::add ? Safety::risky : Safety::safe; }
Safety classify_primary_key(const TableChange& tc) { return tc.primary_key_changed ? Safety::risky : Safety::safe; }
Safety classify_options(const TableChange& tc) { return tc.options_changed ? Safety::risky : Safety::safe; }

static std::string col_list(const std::vector<IndexColumn>& cols) {
    std::vector<std::string> v;
    for (const auto& c : cols) v.push_back(c.key() + (c.desc ? " desc" : ""));
    return fmt::format("{}", fmt::join(v, ", "));
}

std::string describe(const std::string& table, const ColumnChange& c) {
    using K = ColumnChange::Kind;
    switch (c.kind) {
        case K::add: return fmt::format("add column {}.{} ({})", table, c.name, c.desired.type);
        case K::drop: return fmt::format("drop column {}.{}", table, c.name);
        case K::rename: return fmt::format("rename column {}.{} to {}", table, c.old_name, c.name);
        case K::alter: {
            std::vector<std::string> what;
            if (c.type_changed) what.push_back(fmt::format("type {} -> {}", c.actual.type, c.desired.type));
            if (c.nullable_changed) what.push_back(c.desired.nullable ? "drop not null" : "set not null");
            if (c.default_changed)
                what.push_back(c.desired.default_value.has_value()
                                   ? fmt::format("default {}", c.desired.default_value.text)
                                   : std::string("drop default"));
            if (c.auto_increment_changed)
                what.push_back(c.desired.auto_increment ? "add auto_increment" : "drop auto_increment");
            if (c.generated_changed)
                what.push_back(c.desired.generated.empty() ? std::string("stop generating")
                                                           : fmt::format("generated as {}", c.desired.generated));
            if (c.comment_changed) what.push_back("comment");
            if (c.other_changed) what.push_back("attributes");
            return fmt::format("alter column {}.{}: {}", table, c.name, fmt::join(what, ", "));
        }
    }
    return {};
}

std::string describe(const std::string& table, const IndexChange& c) {
    return fmt::format("{} {}{}index {} on {} ({})", c.kind == IndexChange::Kind::add ? "create" : "drop",
                       c.item.valid ? "" : "invalid ", c.item.unique ? "unique " : "", c.item.name, table,
                       col_list(c.item.columns));
}

std::string describe(const std::string& table, const ForeignKeyChange& c) {
    return fmt::format("{} foreign key {} on {} ({}) -> {} ({})",
                       c.kind == ForeignKeyChange::Kind::add ? "add" : "drop", c.item.name, table,
                       fmt::join(c.item.columns, ", "), c.item.ref_table, fmt::join(c.item.ref_columns, ", "));
}

std::string describe(const std::string& table, const CheckChange& c) {
    return fmt::format("{} check {} on {}: {}", c.kind == CheckChange::Kind::add ? "add" : "drop", c.item.name, table,
                       c.item.expr);
}

std::string describe_primary_key(const TableChange& tc) {
    if (tc.desired.primary_key.empty()) return "drop primary key";
    return fmt::format("primary key ({})", fmt::join(tc.desired.primary_key, ", "));
}

}  // namespace schemactl
