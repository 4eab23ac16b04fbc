#pragma once
// The statements of one table's ALTER step, gathered by one function per kind
// of change (add_column, alter_column, add_check, ...) and put in order once:
// `before` (types the ALTER needs), the ALTER TABLE with all `actions`,
// `after_alter` (statements that must follow it directly), then `after`
// (comments, cleanup). The step's class is the worst of what was noted, each
// item classified by plan/safety.hpp, never by the renderer.
#include <fmt/format.h>

#include <string>
#include <utility>
#include <vector>

#include "plan/plan.hpp"
#include "plan/safety.hpp"

namespace schemactl {

struct AlterGroup {
    std::vector<std::string> what;         // "add column t.c (int)", for the step summary
    std::vector<std::string> before;       // statements before the ALTER TABLE
    std::vector<std::string> actions;      // the ALTER TABLE's comma-separated actions
    std::vector<std::string> after_alter;  // statements right after it
    std::vector<std::string> after;        // statements last
    Safety safety = Safety::safe;

    void note(std::string description, Safety s) {
        what.push_back(std::move(description));
        safety = worst(safety, s);
    }
    bool empty() const { return actions.empty() && before.empty() && after_alter.empty() && after.empty(); }

    // The one step, or nothing when no statement was gathered. `alter_table`
    // is the quoted table name; `suffix` ends the ALTER TABLE (MySQL's ALGORITHM).
    std::vector<Step> step(const std::string& table, const std::string& alter_table,
                           const std::string& suffix = "") const {
        if (empty()) return {};
        Step s;
        s.table = table;
        s.summary = fmt::format("alter table {}: {}", table, fmt::join(what, "; "));
        s.safety = safety;
        s.sql = before;
        if (!actions.empty())
            s.sql.push_back(fmt::format("ALTER TABLE {}\n  {}{}", alter_table, fmt::join(actions, ",\n  "), suffix));
        s.sql.insert(s.sql.end(), after_alter.begin(), after_alter.end());
        s.sql.insert(s.sql.end(), after.begin(), after.end());
        return {s};
    }
};

}  // namespace schemactl
