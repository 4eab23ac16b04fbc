// plan --format markdown / github on hand-made plans: what a reviewer reads
// in the pull request, and where the annotations point. No database.
#include <catch2/catch.hpp>

#include "plan/format.hpp"
#include "plan/format_github.hpp"
#include "plan/format_markdown.hpp"
#include "plan/safety.hpp"

using namespace schemactl;

namespace {

Column column(const std::string& name, const std::string& type, bool nullable, int line) {
    Column c;
    c.name = name;
    c.type = type;
    c.nullable = nullable;
    c.pos = {"schemas/shop.toml", line, 3};
    return c;
}

Step step(const std::string& table, const std::string& summary, Safety safety, std::vector<std::string> sql,
          bool skipped = false, const std::string& note = "") {
    Step s;
    s.table = table;
    s.summary = summary;
    s.safety = safety;
    s.sql = std::move(sql);
    s.skipped = skipped;
    s.note = note;
    return s;
}

// owners (line 1): nickname added (line 8), email made NOT NULL (line 5),
// legacy dropped, created_at (protected) dropped.
struct Fixture {
    Changes changes;
    Plan plan;
    Fixture() {
        TableChange tc;
        tc.kind = TableChange::Kind::alter;
        tc.name = "owners";
        tc.desired.name = "owners";
        tc.desired.pos = {"schemas/shop.toml", 1, 1};
        tc.desired.columns = {column("id", "bigint", false, 3), column("email", "varchar(120)", false, 5),
                              column("nickname", "text", true, 8)};
        ColumnChange add{ColumnChange::Kind::add, "nickname", "", tc.desired.columns[2], {}};
        ColumnChange alter{ColumnChange::Kind::alter, "email", "", tc.desired.columns[1],
                           column("email", "varchar(120)", true, 0)};
        alter.nullable_changed = true;
        ColumnChange drop{ColumnChange::Kind::drop, "legacy", "", {}, column("legacy", "text", true, 0)};
        ColumnChange drop_protected{
            ColumnChange::Kind::drop, "created_at", "", {}, column("created_at", "timestamp", false, 0)};
        tc.columns = {add, alter, drop, drop_protected};
        changes.tables.push_back(tc);

        plan.steps.push_back(
            step("owners", "alter table owners: " + describe("owners", add) + "; " + describe("owners", alter),
                 Safety::risky,
                 {"ALTER TABLE owners ADD COLUMN nickname text", "ALTER TABLE owners ALTER email SET NOT NULL;"}));
        plan.steps.push_back(step("owners", describe("owners", drop), Safety::destructive, {}, true,
                                  "not run: dropping a column loses its data; rerun with --allow-drop"));
        plan.steps.push_back(step("owners", describe("owners", drop_protected), Safety::blocked, {}, false,
                                  "protected column: never dropped"));
        plan.steps.push_back(step("pets", "create table pets", Safety::safe, {"CREATE TABLE pets (id bigint)"}));
        plan.problems.push_back({"owners", "email", "2 rows hold NULL, so NOT NULL would fail: fill them first", 2});
    }
};

}  // namespace

TEST_CASE("markdown: counts, blocked and skipped steps, data problems, one row per table, folded SQL") {
    Fixture f;
    std::string md = format_plan(f.plan, PlanFormat::markdown, {false, "postgres", "postgres://u@h/db"});
    INFO(md);
    CHECK(md.rfind("## schemactl plan (postgres)\n", 0) == 0);
    CHECK(md.find("postgres://") == std::string::npos);  // nothing run-specific
    CHECK(md.find("| safe | 1 |") != std::string::npos);
    CHECK(md.find("| risky | 1 |") != std::string::npos);
    CHECK(md.find("| destructive | 1 (1 skipped without `--allow-drop`) |") != std::string::npos);
    CHECK(md.find("| blocked | 1 (not run) |") != std::string::npos);
    CHECK(md.find("> **Blocked**") != std::string::npos);
    CHECK(md.find("> - drop column owners.created\\_at: protected column: never dropped") != std::string::npos);
    CHECK(md.find("> **Skipped**") != std::string::npos);
    CHECK(md.find("> - drop column owners.legacy: not run") != std::string::npos);
    CHECK(md.find("| owners | email | 2 | 2 rows hold NULL, so NOT NULL would fail: fill them first |") !=
          std::string::npos);
    // One row per table, its steps and their classes.
    CHECK(md.find("| owners | alter table owners: add column owners.nickname (text); alter column owners.email: "
                  "set not null **[risky]**<br>drop column owners.legacy **[destructive, skipped]**<br>drop column "
                  "owners.created\\_at **[blocked]** | 1 risky, 1 destructive, 1 blocked |") != std::string::npos);
    CHECK(md.find("| pets | create table pets **[safe]** | 1 safe |") != std::string::npos);
    // SQL folded per table; statements end with one ';'; not-run steps as comments.
    CHECK(md.find("<details>\n<summary><code>owners</code>: 2 statements</summary>\n\n```sql\n") != std::string::npos);
    CHECK(md.find("ALTER TABLE owners ADD COLUMN nickname text;\nALTER TABLE owners ALTER email SET NOT NULL;\n") !=
          std::string::npos);
    CHECK(md.find("-- drop column owners.created_at [blocked] not run: protected column: never dropped\n") !=
          std::string::npos);
    CHECK(md.find("<summary><code>pets</code>: 1 statement</summary>") != std::string::npos);
    CHECK(md.back() == '\n');
    CHECK(md.find("\n\n\n") == std::string::npos);
}

TEST_CASE("markdown: an empty plan says so, names cannot break the table or the code fence") {
    CHECK(format_plan(Plan{}, PlanFormat::markdown, {false, "sqlite", ""}) ==
          "## schemactl plan (sqlite)\n\n**No changes**: the database matches the schema files.\n");
    CHECK(markdown_text("a|b_c<d>\nx") == "a\\|b\\_c\\<d\\><br>x");
    Plan p;
    p.steps.push_back(step("t|x", "create table t|x", Safety::safe, {"CREATE TABLE `a```b` (id int)"}));
    std::string md = format_plan(p, PlanFormat::markdown, {false, "mysql", ""});
    INFO(md);
    CHECK(md.find("| t\\|x | create table t\\|x **[safe]** | 1 safe |") != std::string::npos);
    CHECK(md.find("````sql\n") != std::string::npos);  // longer than the ``` inside the SQL
    CHECK(md.find("\n````\n") != std::string::npos);
}

TEST_CASE("github: errors for blocked steps and data problems, warnings for destructive and risky, at file:line") {
    Fixture f;
    FormatOptions o{false, "postgres", ""};
    o.changes = &f.changes;
    std::string gh = format_plan(f.plan, PlanFormat::github, o);
    INFO(gh);
    // The combined risky step points at the risky part (email, line 5), not the safe add (line 8).
    CHECK(gh.find("::warning file=schemas/shop.toml,line=5,col=3,title=schemactl%3A risky step on owners::alter table "
                  "owners: add column owners.nickname (text); alter column owners.email: set not null\n") !=
          std::string::npos);
    // Drops point at the table: the files no longer list the column.
    CHECK(gh.find("::warning file=schemas/shop.toml,line=1,col=1,title=schemactl%3A destructive step on owners "
                  "(skipped)::drop column owners.legacy: not run: dropping a column loses its data; rerun with "
                  "--allow-drop\n") != std::string::npos);
    CHECK(gh.find("::error file=schemas/shop.toml,line=1,col=1,title=schemactl%3A blocked step on owners::drop column "
                  "owners.created_at: protected column: never dropped\n") != std::string::npos);
    CHECK(gh.find("::error file=schemas/shop.toml,line=5,col=3,title=schemactl%3A data problem in owners.email::2 rows "
                  "hold NULL, so NOT NULL would fail: fill them first\n") != std::string::npos);
    CHECK(gh.find("pets") == std::string::npos);  // safe steps are not annotated
    CHECK(gh.substr(gh.rfind("schemactl plan: ")) == "schemactl plan: " + plan_summary(f.plan) + "\n");
}

TEST_CASE("github: workflow command escaping, and no position when the files do not have the table") {
    Plan p;
    p.steps.push_back(step("gone", "drop column gone.x", Safety::blocked, {}, false, "100% sure\nline two"));
    Changes c;
    TableChange tc;
    tc.name = "t";
    tc.desired.pos = {"dir,with:odd%name.toml", 4, 0};
    c.tables.push_back(tc);
    p.steps.push_back(step("t", "drop column t.y", Safety::destructive, {"ALTER TABLE t DROP y"}));
    FormatOptions o{false, "sqlite", ""};
    o.changes = &c;
    std::string gh = format_plan(p, PlanFormat::github, o);
    INFO(gh);
    CHECK(gh.find("::error title=schemactl%3A blocked step on gone::drop column gone.x: 100%25 sure%0Aline two\n") !=
          std::string::npos);
    CHECK(gh.find("::warning file=dir%2Cwith%3Aodd%25name.toml,line=4,title=") != std::string::npos);
    // A path as `--schema ./schemas/` spells it is given as the repository names it.
    c.tables[0].desired.pos = {"./schemas//shop.toml", c.tables[0].desired.pos.line, c.tables[0].desired.pos.col};
    CHECK(format_plan(p, PlanFormat::github, o).find("::warning file=schemas/shop.toml,line=4,title=") !=
          std::string::npos);
}

TEST_CASE("github: an added index, foreign key or check is pointed at where the files define it") {
    TableChange tc;
    tc.kind = TableChange::Kind::alter;
    tc.name = "bins";
    tc.desired.pos = {"s.toml", 1, 1};
    Index ix;
    ix.name = "uq_bins_code";
    ix.unique = true;
    ix.columns = {IndexColumn{"code", false, 0, ""}};
    ix.pos = {"s.toml", 20, 3};
    ForeignKey fk;
    fk.name = "fk_bins_shelf";
    fk.columns = {"shelf_id"};
    fk.ref_table = "shelves";
    fk.ref_columns = {"id"};
    fk.pos = {"s.toml", 30, 3};
    Check ck;
    ck.name = "ck_bins_size";
    ck.expr = "size > 0";
    ck.pos = {"s.toml", 40, 3};
    Index old = ix;
    old.name = "idx_bins_old";
    tc.indexes = {{IndexChange::Kind::add, ix}, {IndexChange::Kind::drop, old}};
    tc.foreign_keys = {{ForeignKeyChange::Kind::add, fk}};
    tc.checks = {{CheckChange::Kind::add, ck}};
    tc.desired.indexes = {ix};  // the target table holds what is added
    tc.desired.foreign_keys = {fk};
    tc.desired.checks = {ck};
    Changes c;
    c.tables.push_back(tc);
    auto at = [&](const std::string& summary, Safety safety) {
        return source_of(step("bins", summary, safety, {}), c).line;
    };
    CHECK(at(describe("bins", tc.indexes[0]), classify(tc.indexes[0])) == 20);
    CHECK(at(describe("bins", tc.indexes[1]), classify(tc.indexes[1])) == 1);  // dropped: the table
    CHECK(at(describe("bins", tc.foreign_keys[0]), classify(tc.foreign_keys[0])) == 30);
    CHECK(at(describe("bins", tc.checks[0]), classify(tc.checks[0])) == 40);
    // A rebuild naming several: the part whose class is the step's.
    CHECK(at("rebuild table bins: " + describe("bins", tc.indexes[0]) + "; " + describe("bins", tc.checks[0]),
             classify(tc.checks[0])) == (classify(tc.checks[0]) == classify(tc.indexes[0]) ? 20 : 40));
    CHECK(at("create table bins", Safety::safe) == 1);
    // A data problem on the new unique index points at the index.
    CHECK(source_of(DataProblem{"bins", "uq_bins_code", "2 values occur more than once", 2}, c).line == 20);
}
