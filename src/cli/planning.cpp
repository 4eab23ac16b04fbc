#include "cli/planning.hpp"

#include "apply/data_checks.hpp"
#include "diff/diff.hpp"
#include "plan/planner.hpp"

namespace schemactl {

Planned compute_plan(Session& s, const std::vector<std::string>& tables, const PlanOptions& opts, bool data_checks) {
    // The files are parsed while the catalog is read; a problem in them is
    // still the error reported when the database cannot be read either.
    s.read_files_ahead();
    Schema actual;
    try {
        actual = s.inspect();
    } catch (...) {
        s.load_files();
        throw;
    }
    Schema desired = s.desired();
    s.check_tables_known(tables, desired, "the schema files");
    Planned p;
    p.changes = s.timed("diff", [&] { return diff(desired, actual, s.dialect().diff_options(tables)); });
    p.plan = s.timed("plan", [&] { return make_plan(p.changes, actual, s.dialect(), s.safety(), opts); });
    if (s.offline()) {  // plan --from-snapshot: there are no rows to look at
        p.plan.data_checked = false;
        return p;
    }
    // Without data checks, a protected column's type change is still checked (docs/safety.md).
    p.plan.problems = s.timed("data checks", [&] {
        return check_data(s.connect(false).connection(), s.dialect(), p.changes.tables,
                          {data_checks, s.safety().protected_columns});
    });
    return p;
}

Plan steps_of(const Plan& plan, const std::string& table) {
    Plan out;
    for (const auto& st : plan.steps)
        if (st.table == table) out.steps.push_back(st);
    for (const auto& pr : plan.problems)
        if (pr.table == table) out.problems.push_back(pr);
    return out;
}

}  // namespace schemactl
