#include "plan/planner.hpp"

#include <algorithm>

#include "plan/safety.hpp"

namespace schemactl {

static bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

// A kept column goes back where it stood in the live table: after the
// nearest preceding live column that the target still has.
static void keep_column(Table& desired, const Table& actual, const Column& col) {
    auto pos = desired.columns.begin();
    for (const auto& a : actual.columns) {
        if (a.name == col.name) break;
        auto it = std::find_if(desired.columns.begin(), desired.columns.end(),
                               [&](const Column& c) { return c.name == a.name; });
        if (it != desired.columns.end()) pos = it + 1;
    }
    desired.columns.insert(pos, col);
}

FilteredChange apply_safety(const TableChange& tc, const SafetyRules& rules, bool allow_drop) {
    FilteredChange out{tc, {}};
    auto& cols = out.change.columns;
    cols.clear();
    for (const auto& c : tc.columns) {
        if (c.kind != ColumnChange::Kind::drop) {
            cols.push_back(c);
            continue;
        }
        bool is_protected = contains(rules.protected_columns, c.name) || contains(tc.desired.protected_columns, c.name);
        if (!is_protected && allow_drop) {
            cols.push_back(c);
            continue;
        }
        Step s;
        s.table = tc.name;
        s.summary = describe(tc.name, c);
        if (is_protected) {
            s.safety = Safety::blocked;
            s.note = "protected column: never dropped (remove it from the protected list to allow it)";
        } else {
            s.safety = Safety::destructive;
            s.skipped = true;
            s.note = "not run: dropping a column loses its data; rerun with --allow-drop";
        }
        out.held_back.push_back(s);
        keep_column(out.change.desired, tc.actual, c.actual);
    }
    return out;
}

Plan make_plan(const Changes& changes, const Dialect& dialect, const SafetyRules& rules, const PlanOptions& opts) {
    Plan plan;
    for (const auto& tc : changes.tables) {
        FilteredChange f = apply_safety(tc, rules, opts.allow_drop);
        if (!f.change.empty()) {
            auto steps = dialect.render(f.change, opts);
            plan.steps.insert(plan.steps.end(), steps.begin(), steps.end());
        }
        plan.steps.insert(plan.steps.end(), f.held_back.begin(), f.held_back.end());
    }
    return plan;
}

}  // namespace schemactl
