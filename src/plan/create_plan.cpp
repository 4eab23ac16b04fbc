#include "plan/create_plan.hpp"

#include <algorithm>

#include "diff/diff.hpp"
#include "plan/planner.hpp"

namespace schemactl {

CreatePlan make_create_plan(const Schema& desired, const Schema& live, const std::vector<std::string>& wanted,
                            bool force, const Dialect& dialect, const SafetyRules& rules) {
    CreatePlan out;
    Changes creates;
    for (const auto& name : dependency_order(desired)) {
        if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), name) == wanted.end()) continue;
        if (live.find_table(name)) {
            (force ? out.dropped : out.existing).push_back(name);
            if (!force) continue;
        }
        TableChange tc;
        tc.kind = TableChange::Kind::create;
        tc.name = name;
        tc.desired = *desired.find_table(name);
        creates.tables.push_back(tc);
        out.created.push_back(name);
    }
    // Children before parents when dropping.
    for (auto it = out.dropped.rbegin(); it != out.dropped.rend(); ++it) {
        Step st;
        st.table = *it;
        st.summary = "drop table " + *it + " (--force)";
        st.safety = Safety::destructive;
        st.sql = dialect.drop_table_sql(*live.find_table(*it));
        out.plan.steps.push_back(st);
    }
    if (creates.tables.empty()) return out;
    Plan made = make_plan(creates, dialect, rules, {});
    out.plan.steps.insert(out.plan.steps.end(), made.steps.begin(), made.steps.end());
    return out;
}

}  // namespace schemactl
