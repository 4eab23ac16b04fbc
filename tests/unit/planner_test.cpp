// planner: safety rules on Changes (protected columns, drops), with a
// recording dialect that shows what reaches rendering.
#include <catch2/catch.hpp>

#include "apply/apply.hpp"
#include "diff/diff.hpp"
#include "plan/format.hpp"
#include "plan/planner.hpp"
#include "plan/safety.hpp"

using namespace schemactl;

namespace {
// Renders one step per change so the tests see exactly what the planner let through.
struct EchoDialect : Dialect {
    mutable std::vector<TableChange> seen;
    std::string name() const override { return "echo"; }
    std::size_t max_identifier_length() const override { return 63; }
    Table lower(Table t) const override { return t; }
    Table raise(const Table& t) const override { return t; }
    std::string quote_ident(std::string_view s) const override { return "\"" + std::string(s) + "\""; }
    std::string quote_literal(std::string_view s) const override { return "'" + std::string(s) + "'"; }
    std::vector<Step> render(const TableChange& tc, const PlanOptions&) const override {
        seen.push_back(tc);
        std::vector<Step> out;
        for (const auto& c : tc.columns) {
            Step st;
            st.table = tc.name;
            st.summary = describe(tc.name, c);
            st.safety = classify(c);
            st.sql = {"-- sql"};
            out.push_back(st);
        }
        return out;
    }
    std::vector<std::string> drop_table_sql(const Table&) const override { return {}; }
    std::string length_sql(const std::string& c) const override { return "length(" + c + ")"; }
    std::unique_ptr<Driver> connect(const DatabaseUrl&, bool) const override { return nullptr; }
    bool ddl_in_transactions() const override { return true; }
    Conversion conversion(const Column&, const Column&, const std::string&) const override { return {}; }
};

PlanOptions allowing_drops() {
    PlanOptions po;
    po.allow_drop = true;
    return po;
}

Column col(std::string name, std::string type) {
    Column c;
    c.name = std::move(name);
    c.type = std::move(type);
    c.nullable = true;
    return c;
}

Table live() {
    Table t;
    t.name = "agents";
    t.columns = {col("id", "bigint"), col("name", "text"), col("created_at", "timestamp"), col("notes", "text")};
    return t;
}
}  // namespace

TEST_CASE("protected columns are never dropped, whatever the flags") {
    Table desired = live();
    desired.columns = {desired.columns[1]};  // id, created_at, notes removed from the file
    EchoDialect d;
    auto changes = diff(Schema{{desired}}, Schema{{live()}});
    for (bool allow : {false, true}) {
        PlanOptions po;
        po.allow_drop = allow;
        Plan p = make_plan(changes, d, SafetyRules{}, po);
        int blocked = 0;
        for (const auto& s : p.steps) {
            if (s.safety == Safety::blocked) {
                ++blocked;
                CHECK(s.sql.empty());
            }
            CHECK((s.summary.find("drop column agents.id") == std::string::npos || s.safety == Safety::blocked));
        }
        CHECK(blocked == 2);  // id and created_at
        // What reaches the renderer: no drop of a protected column, and a target that keeps them.
        auto f = apply_safety(changes.tables.at(0), SafetyRules{}, allow);
        for (const auto& c : f.change.columns) CHECK((c.name != "id" && c.name != "created_at"));
        CHECK(f.change.desired.find_column("id"));
        CHECK(f.change.desired.find_column("created_at"));
        CHECK(f.change.desired.columns.front().name == "id");  // back where it stood
        CHECK(f.change.desired.columns.at(2).name == "created_at");
    }
}

TEST_CASE("a table's own protected list is honoured") {
    Table desired = live();
    desired.columns.pop_back();  // notes
    desired.protected_columns = {"notes"};
    EchoDialect d;
    Plan p = make_plan(diff(Schema{{desired}}, Schema{{live()}}), d, SafetyRules{}, allowing_drops());
    REQUIRE(p.steps.size() == 1);
    CHECK(p.steps[0].safety == Safety::blocked);
    CHECK(p.pending() == 0);
}

TEST_CASE("drops without --allow-drop are shown, skipped, and still pending") {
    Table desired = live();
    desired.columns.pop_back();  // notes
    EchoDialect d;
    auto changes = diff(Schema{{desired}}, Schema{{live()}});
    Plan p = make_plan(changes, d, SafetyRules{}, {});
    REQUIRE(p.steps.size() == 1);
    CHECK(p.steps[0].skipped);
    CHECK(p.steps[0].safety == Safety::destructive);
    CHECK(p.pending() == 1);
    CHECK(d.seen.empty());  // nothing else to render
    // The SQL plan says once why the step does not run.
    auto sql = format_plan(p, PlanFormat::sql, {});
    CHECK(sql.find("not run: dropping a column") != std::string::npos);
    CHECK(sql.find("not run: not run") == std::string::npos);
    Plan allowed = make_plan(changes, d, SafetyRules{}, allowing_drops());
    REQUIRE(allowed.steps.size() == 1);
    CHECK_FALSE(allowed.steps[0].skipped);
    CHECK_FALSE(allowed.steps[0].sql.empty());
}

TEST_CASE("only blocked steps: the plan is in sync, and every format says so") {
    Table desired = live();
    desired.columns.erase(desired.columns.begin());  // id
    EchoDialect d;
    Plan p = make_plan(diff(Schema{{desired}}, Schema{{live()}}), d, SafetyRules{}, allowing_drops());
    CHECK(p.pending() == 0);
    CHECK(plan_summary(p) == "no changes, 1 blocked");
    auto json = format_plan(p, PlanFormat::json, {false, "echo", "db"});
    CHECK(json.find("\"in_sync\" : true") != std::string::npos);
    CHECK(json.find("\"safety\" : \"blocked\"") != std::string::npos);
    auto text = format_plan(p, PlanFormat::text, {});
    CHECK(text.find("protected column") != std::string::npos);
    auto sql = format_plan(p, PlanFormat::sql, {});
    CHECK(sql.find("-- sql") == std::string::npos);
}

TEST_CASE("safety classes") {
    ColumnChange add{ColumnChange::Kind::add, "x", {}, col("x", "int"), {}, false, false, false, false, false, false};
    CHECK(classify(add) == Safety::safe);
    add.desired.nullable = false;
    CHECK(classify(add) == Safety::risky);
    add.desired.default_value = {Default::Kind::expr, "0"};
    CHECK(classify(add) == Safety::safe);
    ColumnChange alter{
        ColumnChange::Kind::alter, "x", {}, col("x", "int"), col("x", "int"), false, false, false, false, false, false};
    alter.nullable_changed = true;
    alter.desired.nullable = false;
    CHECK(classify(alter) == Safety::risky);
    alter.desired.nullable = true;
    CHECK(classify(alter) == Safety::safe);
    // An ordinary column becoming generated loses its stored values, on every database.
    ColumnChange gen = alter;
    gen.generated_changed = true;
    gen.desired.generated = "a + 1";
    CHECK(classify(gen) == Safety::destructive);
    gen.actual.generated = "a + 2";  // one expression for another: computed again, nothing stored is lost
    CHECK(classify(gen) == Safety::safe);
    IndexChange ix{IndexChange::Kind::add, Index{}};
    ix.item.unique = true;
    CHECK(classify(ix) == Safety::risky);
}

// ---- order of steps across tables (docs/safety.md "Order of steps") ----

namespace {

Table table(std::string name, std::vector<Column> cols, std::vector<std::string> pk = {"id"}) {
    Table t;
    t.name = std::move(name);
    for (auto& c : cols) c.nullable = std::find(pk.begin(), pk.end(), c.name) == pk.end() && c.nullable;
    t.columns = std::move(cols);
    t.primary_key = std::move(pk);
    return t;
}

ForeignKey fkey(std::string name, std::vector<std::string> cols, std::string ref, std::vector<std::string> ref_cols) {
    ForeignKey f;
    f.name = std::move(name);
    f.columns = std::move(cols);
    f.ref_table = std::move(ref);
    f.ref_columns = std::move(ref_cols);
    return f;
}

Index unique_index(std::string name, std::vector<std::string> cols) {
    Index ix;
    ix.name = std::move(name);
    ix.unique = true;
    for (auto& c : cols) ix.columns.push_back({c});
    return ix;
}

Schema lowered(const Dialect& d, const std::vector<Table>& tables) {
    Schema s;
    for (const auto& t : tables) s.tables.push_back(d.lower(t));
    return s;
}

Plan order_plan(const std::string& kind, const std::vector<Table>& before, const std::vector<Table>& after,
                const std::vector<std::string>& only = {}) {
    auto d = make_dialect(kind);
    Schema live = lowered(*d, before), want = lowered(*d, after);
    return make_plan(diff(want, live, {only, {}}), live, *d, SafetyRules{}, allowing_drops());
}

// Index of the first step with a statement containing `text`; -1 if none.
int step_with(const Plan& p, const std::string& text) {
    for (std::size_t i = 0; i < p.steps.size(); ++i)
        for (const auto& sql : p.steps[i].sql)
            if (sql.find(text) != std::string::npos) return static_cast<int>(i);
    return -1;
}

int statements_with(const Plan& p, const std::string& text) {
    int n = 0;
    for (const auto& s : p.steps)
        for (const auto& sql : s.sql) n += sql.find(text) != std::string::npos;
    return n;
}

bool depends(const Step& s, const std::string& table) {
    return std::find(s.depends_on.begin(), s.depends_on.end(), table) != s.depends_on.end();
}

// Item 7: parent (first in the files) loses its unique index on code,
// zchild loses its key to parent.code.
std::vector<Table> item7(bool before) {
    Table parent = table("parent", {col("id", "bigint"), col("code", "varchar(20)")});
    Table child = table("zchild", {col("id", "bigint"), col("parent_code", "varchar(20)")});
    if (before) {
        parent.indexes.push_back(unique_index("uq_parent_code", {"code"}));
        child.foreign_keys.push_back(fkey("fk_zchild_code", {"parent_code"}, "parent", {"code"}));
    }
    return {parent, child};
}

}  // namespace

TEST_CASE("order: a dropped foreign key goes before the index it references") {
    for (std::string kind : {"postgres", "mysql"}) {
        DYNAMIC_SECTION(kind) {
            Plan p = order_plan(kind, item7(true), item7(false));
            int drop_fk = step_with(
                p, kind == "mysql" ? "DROP FOREIGN KEY `fk_zchild_code`" : "DROP CONSTRAINT \"fk_zchild_code\"");
            int drop_ix = step_with(p, kind == "mysql" ? "DROP INDEX `uq_parent_code`" : "uq_parent_code");
            REQUIRE(drop_fk >= 0);
            REQUIRE(drop_ix >= 0);
            CHECK(drop_fk < drop_ix);
            CHECK(p.steps[drop_fk].table == "zchild");
            CHECK(p.steps[drop_ix].table == "parent");
            CHECK(depends(p.steps[drop_ix], "zchild"));  // parent's change waits for zchild's key drop
            CHECK(p.tables() == std::vector<std::string>{"zchild", "parent"});
        }
    }
}

TEST_CASE("order: SQLite keeps one rebuild per table, in the files' dependency order") {
    Plan p = order_plan("sqlite", item7(true), item7(false));
    REQUIRE(p.steps.size() == 2);
    CHECK(p.steps[0].table == "parent");
    CHECK(p.steps[1].table == "zchild");
    CHECK(p.steps[1].summary.find("rebuild table zchild") != std::string::npos);
}

namespace {
// Item 19: parent's primary key (id) becomes (id, tenant); child's key
// child_parent (same name) follows it.
std::vector<Table> item19(bool after) {
    Table parent = table("parent", {col("id", "bigint"), col("name", "text")});
    Table child = table("child", {col("id", "bigint"), col("parent_id", "bigint")});
    if (after) {
        parent.columns.push_back(col("tenant", "int"));
        parent.columns.back().nullable = false;
        parent.primary_key = {"id", "tenant"};
        child.columns.push_back(col("tenant", "int"));
        child.foreign_keys.push_back(fkey("child_parent", {"parent_id", "tenant"}, "parent", {"id", "tenant"}));
    } else {
        child.foreign_keys.push_back(fkey("child_parent", {"parent_id"}, "parent", {"id"}));
    }
    return {parent, child};
}
}  // namespace

TEST_CASE("order: PostgreSQL drops a key before the primary key it uses changes, adds it after") {
    Plan p = order_plan("postgres", item19(false), item19(true));
    int drop_fk = step_with(p, "DROP CONSTRAINT \"child_parent\"");
    int pk = step_with(p, "ADD CONSTRAINT \"parent_pkey\" PRIMARY KEY (\"id\", \"tenant\")");
    int add_col = step_with(p, "ALTER TABLE \"child\"\n  ADD COLUMN \"tenant\"");
    int add_fk = step_with(p, "ADD CONSTRAINT \"child_parent\" FOREIGN KEY (\"parent_id\", \"tenant\")");
    REQUIRE(drop_fk >= 0);
    REQUIRE(pk >= 0);
    REQUIRE(add_col >= 0);
    REQUIRE(add_fk >= 0);
    CHECK(drop_fk < pk);
    CHECK(pk < add_col);
    CHECK(add_col < add_fk);
    CHECK(p.steps[add_fk].table == "child");
    CHECK(depends(p.steps[add_fk], "parent"));
    CHECK(depends(p.steps[pk], "child"));
    // The key is dropped and added exactly once.
    CHECK(statements_with(p, "DROP CONSTRAINT \"child_parent\"") == 1);
    CHECK(statements_with(p, "FOREIGN KEY") == 1);
}

TEST_CASE("order: MariaDB keeps the key change in the child's own ALTER after the parent's") {
    Plan p = order_plan("mysql", item19(false), item19(true));
    REQUIRE(p.steps.size() == 2);
    CHECK(p.steps[0].table == "parent");
    CHECK(p.steps[1].table == "child");
    // The new primary key still starts with id: the old key stays valid through
    // parent's ALTER. Same name dropped and added: two statements, the drop in
    // the ALTER that changes the columns.
    REQUIRE(p.steps[1].sql.size() == 2);
    CHECK(p.steps[1].sql[0].find("DROP FOREIGN KEY `child_parent`") != std::string::npos);
    CHECK(p.steps[1].sql[0].find("ADD COLUMN `tenant`") != std::string::npos);
    CHECK(p.steps[1].sql[1].find("ADD CONSTRAINT `child_parent`") != std::string::npos);
    CHECK(depends(p.steps[1], "parent"));
}

TEST_CASE("order: MariaDB changes a key under a new name and a column in one ALTER") {
    Table parent = table("parent", {col("id", "bigint")});
    Table before = table("child", {col("id", "bigint"), col("parent_id", "bigint"), col("note", "varchar(40)")});
    Table after = before;
    before.foreign_keys.push_back(fkey("child_v1", {"parent_id"}, "parent", {"id"}));
    after.foreign_keys.push_back(fkey("child_v2", {"parent_id"}, "parent", {"id"}));
    after.foreign_keys.back().on_delete = "CASCADE";
    after.columns[2].type = "varchar(200)";
    Plan p = order_plan("mysql", {parent, before}, {parent, after});
    REQUIRE(p.steps.size() == 1);
    REQUIRE(p.steps[0].sql.size() == 1);
    const auto& sql = p.steps[0].sql[0];
    CHECK(sql.find("DROP FOREIGN KEY `child_v1`") != std::string::npos);
    CHECK(sql.find("MODIFY COLUMN `note` varchar(200)") != std::string::npos);
    CHECK(sql.find("ADD CONSTRAINT `child_v2`") != std::string::npos);
}

TEST_CASE("order: MariaDB, a referenced column changes type: the key goes first, comes back with the child") {
    auto schema = [](const std::string& type) {
        Table parent = table("parent", {col("id", "bigint"), col("code", type)});
        parent.indexes.push_back(unique_index("uq_parent_code", {"code"}));
        Table child = table("child", {col("id", "bigint"), col("code", type)});
        child.foreign_keys.push_back(fkey("child_code", {"code"}, "parent", {"code"}));
        return std::vector<Table>{parent, child};
    };
    Plan p = order_plan("mysql", schema("varchar(20)"), schema("varchar(40)"));
    int drop_fk = step_with(p, "DROP FOREIGN KEY `child_code`");
    int parent_modify = step_with(p, "ALTER TABLE `parent`");
    int child_modify = step_with(p, "ALTER TABLE `child`\n  MODIFY");
    REQUIRE(drop_fk >= 0);
    REQUIRE(parent_modify >= 0);
    REQUIRE(child_modify >= 0);
    CHECK(drop_fk < parent_modify);
    CHECK(parent_modify < child_modify);
    // Added back in the child's own ALTER (the drop ran in an earlier one).
    CHECK(p.steps[child_modify].sql.size() == 1);
    CHECK(p.steps[child_modify].sql[0].find("ADD CONSTRAINT `child_code`") != std::string::npos);
    // PostgreSQL changes both types with the key in place.
    Plan pg = order_plan("postgres", schema("varchar(20)"), schema("varchar(40)"));
    CHECK(statements_with(pg, "child_code") == 0);
}

TEST_CASE("order: a key of an unchanged table is put back around the index it uses") {
    auto schema = [](const std::string& index) {
        Table parent = table("parent", {col("id", "bigint"), col("code", "varchar(20)")});
        parent.indexes.push_back(unique_index(index, {"code"}));
        Table child = table("child", {col("id", "bigint"), col("code", "varchar(20)")});
        child.foreign_keys.push_back(fkey("child_code", {"code"}, "parent", {"code"}));
        return std::vector<Table>{parent, child};
    };
    // Only parent changes (and only parent is asked for).
    Plan pg = order_plan("postgres", schema("uq_old"), schema("uq_new"), {"parent"});
    int drop_fk = step_with(pg, "DROP CONSTRAINT \"child_code\"");
    int drop_ix = step_with(pg, "DROP INDEX \"uq_old\"");
    int add_ix = step_with(pg, "CREATE UNIQUE INDEX \"uq_new\"");
    int add_fk = step_with(pg, "ADD CONSTRAINT \"child_code\"");
    REQUIRE(drop_fk >= 0);
    REQUIRE(add_fk >= 0);
    CHECK(drop_fk < drop_ix);
    CHECK(add_ix < add_fk);
    CHECK(pg.steps[drop_fk].table == "child");
    CHECK(pg.steps[add_fk].table == "child");
    // Without the live schema the unchanged table's key is not seen.
    auto d = make_dialect("postgres");
    Plan blind = make_plan(diff(lowered(*d, schema("uq_new")), lowered(*d, schema("uq_old"))), *d, SafetyRules{}, {});
    CHECK(step_with(blind, "child_code") == -1);
    // MariaDB checks after the whole ALTER: the new index serves the key.
    Plan my = order_plan("mysql", schema("uq_old"), schema("uq_new"));
    CHECK(step_with(my, "child_code") == -1);
    REQUIRE(my.steps.size() == 1);
    CHECK(my.steps[0].table == "parent");
}

TEST_CASE("order: tables created in a cycle get their keys after both exist") {
    Table a = table("a_table", {col("id", "bigint"), col("b_id", "bigint")});
    Table b = table("b_table", {col("id", "bigint"), col("a_id", "bigint")});
    a.foreign_keys.push_back(fkey("a_to_b", {"b_id"}, "b_table", {"id"}));
    b.foreign_keys.push_back(fkey("b_to_a", {"a_id"}, "a_table", {"id"}));
    for (std::string kind : {"postgres", "mysql"}) {
        DYNAMIC_SECTION(kind) {
            Plan p = order_plan(kind, {}, {a, b});
            // a_table visits b_table first: b_table is created first, without its key to a_table.
            REQUIRE(p.steps.size() == 3);
            CHECK(p.steps[0].summary == "create table b_table");
            CHECK(p.steps[1].summary == "create table a_table");
            CHECK(p.steps[0].sql.back().find("FOREIGN KEY") == std::string::npos);
            CHECK(p.steps[1].sql.back().find("FOREIGN KEY") != std::string::npos);  // b_table exists by then
            CHECK(depends(p.steps[1], "b_table"));
            CHECK(p.steps[2].table == "b_table");
            CHECK(step_with(p, "FOREIGN KEY (" + std::string(kind == "mysql" ? "`a_id`" : "\"a_id\"")) == 2);
            CHECK(depends(p.steps[2], "a_table"));
        }
    }
}

TEST_CASE("batches keep plan order and count a table once per batch") {
    auto st = [](std::string t) {
        Step s;
        s.table = std::move(t);
        s.sql = {"x"};
        return s;
    };
    // child's key dropped first and added last around parent's and other's changes.
    auto b = batches({st("child"), st("parent"), st("child"), st("other"), st("child")}, 2);
    REQUIRE(b.size() == 2);
    CHECK(b[0].size() == 3);  // child, parent, child
    CHECK(b[1].size() == 2);  // other, child
}

TEST_CASE("failure report names the statements that ran") {
    Step a, b, c;
    a.summary = "create table x";
    a.sql = {"CREATE TABLE x (id int)"};
    b.summary = "alter table child: drop foreign key fk; add foreign key fk";
    b.sql = {"ALTER TABLE `child`\n  DROP FOREIGN KEY `fk`,\n  MODIFY COLUMN `n` int",
             "ALTER TABLE `child`\n  ADD CONSTRAINT `fk`"};
    c.summary = "add column y.z";
    c.sql = {"ALTER TABLE y ADD z int"};
    std::string r = partial_report({a, b, c}, 1, 1);
    CHECK(
        r.find(
            "1 of 3 steps were applied before the failure (2 of 4 statements ran, 1 of the 2 statements of step 2):") !=
        std::string::npos);
    CHECK(r.find("  applied: create table x") != std::string::npos);
    CHECK(r.find("    applied: ALTER TABLE `child` DROP FOREIGN KEY `fk`, MODIFY COLUMN `n` int") != std::string::npos);
    CHECK(r.find("    failed: ALTER TABLE `child` ADD CONSTRAINT `fk`") != std::string::npos);
    CHECK(r.find("  not applied: add column y.z") != std::string::npos);
    // A one-statement step that failed: nothing of it ran.
    std::string one = partial_report({a, c}, 1, 0);
    CHECK(one.find("1 of 2 steps were applied before the failure (1 of 2 statements ran):") != std::string::npos);
    CHECK(one.find("  not applied: add column y.z (failed)") != std::string::npos);
}
