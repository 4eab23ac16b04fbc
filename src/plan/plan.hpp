#pragma once
// A plan: ordered steps, each with its SQL and safety class, grouped by table.
#include <string>
#include <vector>

namespace schemactl {

enum class Safety { safe, risky, destructive, blocked };
const char* to_string(Safety s);

struct Step {
    std::string table;
    std::string summary;  // one line for people: "add column agents.config json"
    Safety safety = Safety::safe;
    std::vector<std::string> sql;      // empty for blocked / skipped steps
    bool skipped = false;              // destructive without --allow-drop: shown, not run
    bool rebuilds = false;             // drops and re-creates the table (SQLite rebuild, recreate)
    bool outside_transaction = false;  // run after COMMIT (CREATE INDEX CONCURRENTLY)
    // Relations the step locks until commit (table, its indexes, sequences,
    // TOAST), estimated by the renderer: checked against PostgreSQL's lock table.
    std::size_t relations = 1;
    std::string note;  // why blocked / skipped, data problems found
    // Tables whose steps earlier in the plan this step must follow (foreign
    // keys across tables, docs/safety.md "Order of steps"): a step of another
    // table that drops a foreign key this step's change would break, or that
    // creates what a foreign key added here references. Applying a subset
    // (interactive sync) must run those tables' earlier steps first.
    std::vector<std::string> depends_on;

    // The one way renderers and planners start a step; the rest is filled in after.
    static Step make(std::string table, std::string summary, Safety safety, std::vector<std::string> sql = {}) {
        Step s;
        s.table = std::move(table);
        s.summary = std::move(summary);
        s.safety = safety;
        s.sql = std::move(sql);
        return s;
    }

    bool runs() const { return !skipped && safety != Safety::blocked; }
    // For a step that does not run: "not run: <why>", said once whoever wrote the note.
    std::string not_run_reason() const { return note.rfind("not run", 0) == 0 ? note : "not run: " + note; }
};

// A problem found in the live data that would make a risky step fail or lose data.
struct DataProblem {
    std::string table;
    std::string column;   // or index name
    std::string message;  // "12 rows hold NULL"
    long long rows = 0;
};

struct Plan {
    std::vector<Step> steps;
    std::vector<DataProblem> problems;
    // false when the plan was made without the database (plan
    // --from-snapshot): no rows were read, so an empty `problems` proves
    // nothing, and the formats say "data checks: not evaluated".
    bool data_checked = true;
    // Steps that would change the database (not blocked). Skipped destructive
    // steps count: the database still differs from the files.
    std::size_t pending() const;
    std::vector<std::string> tables() const;  // table names in step order, unique
};

}  // namespace schemactl
