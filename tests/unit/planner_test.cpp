// planner: safety rules on Changes (protected columns, drops), with a
// recording dialect that shows what reaches rendering.
#include <catch2/catch.hpp>

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
    Table lower(const Table& t) const override { return t; }
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
    std::unique_ptr<Connection> connect(const DatabaseUrl&, bool) const override { return nullptr; }
    Schema inspect(Connection&) const override { return {}; }
    bool transactional_ddl() const override { return true; }
    void begin(Connection&, const ApplyOptions&) const override {}
    void lock_run(Connection&, const ApplyOptions&) const override {}
    void commit(Connection&) const override {}
    void rollback(Connection&) const override {}
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
    ColumnChange alter{ColumnChange::Kind::alter, "x", {}, col("x", "int"), col("x", "int"), false, false, false, false, false, false};
    alter.nullable_changed = true;
    alter.desired.nullable = false;
    CHECK(classify(alter) == Safety::risky);
    alter.desired.nullable = true;
    CHECK(classify(alter) == Safety::safe);
    IndexChange ix{IndexChange::Kind::add, Index{}};
    ix.item.unique = true;
    CHECK(classify(ix) == Safety::risky);
}
