// diff: desired × actual → Changes, on canonical tables (no database).
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "dialect/dialect.hpp"
#include "diff/diff.hpp"
#include "diff/expr.hpp"

using namespace schemactl;

static Column col(std::string name, std::string type, bool nullable = false) {
    Column c;
    c.name = std::move(name);
    c.type = std::move(type);
    c.nullable = nullable;
    return c;
}

static Table agents() {
    Table t;
    t.name = "agents";
    t.columns = {col("id", "bigint"), col("agent_id", "varchar(64)"), col("config", "json", true)};
    t.primary_key = {"id"};
    Index ix;
    ix.name = "idx_agents_agent_id";
    ix.columns = {{"agent_id"}};
    t.indexes = {ix};
    return t;
}

TEST_CASE("identical schemas give no changes") {
    Schema s{{agents()}};
    CHECK(diff(s, s).empty());
}

TEST_CASE("a table missing from the database is created, one only in the database is left alone") {
    Schema desired{{agents()}};
    Table other;
    other.name = "legacy";
    other.columns = {col("x", "int")};
    Schema actual{{other}};
    auto c = diff(desired, actual);
    REQUIRE(c.tables.size() == 1);
    CHECK(c.tables[0].kind == TableChange::Kind::create);
    CHECK(c.tables[0].name == "agents");
}

TEST_CASE("column add, drop and alter are found with what changed") {
    Table d = agents(), a = agents();
    d.columns.push_back(col("status", "varchar(20)"));
    a.columns.push_back(col("legacy", "text", true));
    d.columns[1].type = "varchar(128)";
    d.columns[2].nullable = false;
    auto c = diff(Schema{{d}}, Schema{{a}});
    REQUIRE(c.tables.size() == 1);
    auto& cols = c.tables[0].columns;
    REQUIRE(cols.size() == 4);
    CHECK(cols[0].kind == ColumnChange::Kind::alter);
    CHECK(cols[0].name == "agent_id");
    CHECK(cols[0].type_changed);
    CHECK_FALSE(cols[0].nullable_changed);
    CHECK(cols[1].kind == ColumnChange::Kind::alter);
    CHECK(cols[1].nullable_changed);
    CHECK_FALSE(cols[1].type_changed);
    CHECK(cols[2].kind == ColumnChange::Kind::add);
    CHECK(cols[2].name == "status");
    CHECK(cols[3].kind == ColumnChange::Kind::drop);
    CHECK(cols[3].name == "legacy");
}

TEST_CASE("renamed_from renames a column once, then is ignored") {
    Table d = agents(), a = agents();
    d.columns[2].name = "settings";
    d.columns[2].renamed_from = "config";
    auto c = diff(Schema{{d}}, Schema{{a}});
    REQUIRE(c.tables.size() == 1);
    REQUIRE(c.tables[0].columns.size() == 1);
    CHECK(c.tables[0].columns[0].kind == ColumnChange::Kind::rename);
    CHECK(c.tables[0].columns[0].old_name == "config");
    CHECK(c.tables[0].columns[0].name == "settings");
    // After the rename the database has `settings`: no change.
    a.columns[2].name = "settings";
    CHECK(diff(Schema{{d}}, Schema{{a}}).empty());
}

TEST_CASE("a rename with a type change is a rename followed by an alter") {
    Table d = agents(), a = agents();
    d.columns[1].name = "public_id";
    d.columns[1].renamed_from = "agent_id";
    d.columns[1].type = "varchar(128)";
    d.indexes[0].columns = {{"public_id"}};
    auto c = diff(Schema{{d}}, Schema{{a}});
    REQUIRE(c.tables.size() == 1);
    auto& cols = c.tables[0].columns;
    REQUIRE(cols.size() == 2);
    CHECK(cols[0].kind == ColumnChange::Kind::rename);
    CHECK(cols[1].kind == ColumnChange::Kind::alter);
    CHECK(cols[1].type_changed);
}

TEST_CASE("renamed_from on a table renames it") {
    Table d = agents(), a = agents();
    d.name = "bots";
    d.renamed_from = "agents";
    auto c = diff(Schema{{d}}, Schema{{a}});
    REQUIRE(c.tables.size() == 1);
    CHECK(c.tables[0].kind == TableChange::Kind::rename);
    CHECK(c.tables[0].old_name == "agents");
}

TEST_CASE("a changed index is dropped and created again, a new one is added") {
    Table d = agents(), a = agents();
    d.indexes[0].unique = true;
    Index extra;
    extra.name = "idx_agents_config";
    extra.columns = {{"config"}};
    d.indexes.push_back(extra);
    auto c = diff(Schema{{d}}, Schema{{a}});
    REQUIRE(c.tables.size() == 1);
    auto& ix = c.tables[0].indexes;
    REQUIRE(ix.size() == 3);
    CHECK(ix[0].kind == IndexChange::Kind::drop);
    CHECK(ix[1].kind == IndexChange::Kind::add);
    CHECK(ix[1].item.unique);
    CHECK(ix[2].item.name == "idx_agents_config");
}

TEST_CASE("expression rewrites by the server are not differences") {
    // As PostgreSQL stores them; its dialect supplies the form diff uses.
    auto fp = [](const char* e) { return expr_fingerprint(e, make_dialect("postgres")->expression_form()); };
    CHECK(fp("runs >= 0") == fp("((runs >= 0))"));
    CHECK(fp("status = 'active'") == fp("(status = 'active'::text)"));
    CHECK(fp("deleted_at IS NULL") == fp("(\"deleted_at\" is null)"));
    CHECK(fp("CURRENT_TIMESTAMP") == fp("current_timestamp"));
    CHECK(fp("name = 'A'") != fp("name = 'a'"));  // literals keep their case
    CHECK(fp("x::character varying") == fp("x"));
    // Regression (adoption corpus): PostgreSQL echoes DEFAULT 1.0 as 1.0, the file says 1.
    CHECK(fp("1.0") == fp("1"));
    CHECK(fp("x >= 0.50") == fp("x >= 0.5"));
    CHECK(fp("10") != fp("1"));
    CHECK(fp("c10 > 1") != fp("c1 > 1"));
    // Regression (shipped berrys schema on PostgreSQL): BETWEEN and IN come back rewritten.
    CHECK(fp("priority_level BETWEEN 0 AND 10") == fp("((priority_level >= 0) AND (priority_level <= 10))"));
    CHECK(fp("s IN ('new', 'done')") == fp("(s = ANY (ARRAY['new'::text, 'done'::text]))"));
    CHECK(fp("s IN ('new', 'done')") != fp("s IN ('new', 'gone')"));
    CHECK(fp("a BETWEEN 1 AND 2") != fp("a BETWEEN 1 AND 3"));
    Table d = agents(), a = agents();
    d.checks = {{"chk_agents_1", "runs >= 0", {}}};
    a.checks = {{"chk_agents_1", "((runs >= 0))", {}}};
    CHECK(diff(Schema{{d}}, Schema{{a}}).empty());
    // A check PostgreSQL stores with its own spellings: no change with its form.
    d.checks = {{"chk_agents_1", "status IN ('new', 'done')", {}}};
    a.checks = {{"chk_agents_1",
                 "((status)::text = ANY ((ARRAY['new'::character varying, 'done'::character varying])::text[]))",
                 {}}};
    CHECK(diff(Schema{{d}}, Schema{{a}}, make_dialect("postgres")->diff_options()).empty());
    a.checks = {{"chk_agents_1",
                 "((status)::text = ANY ((ARRAY['new'::character varying, 'gone'::character varying])::text[]))",
                 {}}};
    CHECK(diff(Schema{{d}}, Schema{{a}}, make_dialect("postgres")->diff_options()).tables.size() == 1);
}

TEST_CASE("tables referenced by foreign keys come first") {
    Table child;
    child.name = "events";
    child.columns = {col("id", "bigint"), col("agent_id", "varchar(64)")};
    ForeignKey fk;
    fk.name = "fk_events_agent_id";
    fk.columns = {"agent_id"};
    fk.ref_table = "agents";
    fk.ref_columns = {"agent_id"};
    child.foreign_keys = {fk};
    Schema s{{child, agents()}};
    auto order = dependency_order(s);
    REQUIRE(order == std::vector<std::string>{"agents", "events"});
    auto c = diff(s, Schema{});
    REQUIRE(c.tables.size() == 2);
    CHECK(c.tables[0].name == "agents");
}

TEST_CASE("plan --tables limits the diff") {
    Table other = agents();
    other.name = "users";
    Schema desired{{agents(), other}};
    auto c = diff(desired, Schema{}, {{"users"}, {}});
    REQUIRE(c.tables.size() == 1);
    CHECK(c.tables[0].name == "users");
}

// ---- names matched as the database compares them (issue 12 item 3) ----

static const NameRules kMysqlLike{NameCase::exact, NameCase::unicode, NameCase::unicode};
static const NameRules kSqliteLike{NameCase::ascii, NameCase::ascii, NameCase::ascii};

TEST_CASE("a case-only column change is a rename where the database ignores case, never drop + add") {
    Table d = agents(), a = agents();
    d.columns[1].name = "Agent_ID";
    d.indexes[0].columns = {{"Agent_ID"}};  // the index follows the column on the server
    for (const auto& rules : {kMysqlLike, kSqliteLike}) {
        auto c = diff(Schema{{d}}, Schema{{a}}, {{}, rules});
        REQUIRE(c.tables.size() == 1);
        auto& cols = c.tables[0].columns;
        REQUIRE(cols.size() == 1);
        CHECK(cols[0].kind == ColumnChange::Kind::rename);
        CHECK(cols[0].old_name == "agent_id");
        CHECK(cols[0].name == "Agent_ID");
        CHECK(c.tables[0].indexes.empty());
        CHECK_FALSE(c.tables[0].primary_key_changed);
    }
    // PostgreSQL (every name quoted): `Agent_ID` is another name, but the live
    // column that differs only in case is renamed, not emptied by add + drop.
    auto c = diff(Schema{{d}}, Schema{{a}});
    REQUIRE(c.tables.size() == 1);
    REQUIRE(c.tables[0].columns.size() == 1);
    CHECK(c.tables[0].columns[0].kind == ColumnChange::Kind::rename);
    CHECK(c.tables[0].columns[0].old_name == "agent_id");
}

TEST_CASE("where case matters, a case variant that the files still name is not taken for a rename") {
    Table d = agents(), a = agents();
    Column upper = a.columns[1];
    upper.name = "Agent_ID";
    d.columns.push_back(upper);  // the files want both agent_id and Agent_ID
    auto c = diff(Schema{{d}}, Schema{{a}});
    REQUIRE(c.tables.size() == 1);
    REQUIRE(c.tables[0].columns.size() == 1);
    CHECK(c.tables[0].columns[0].kind == ColumnChange::Kind::add);
    CHECK(c.tables[0].columns[0].name == "Agent_ID");
}

TEST_CASE("a case-only change of a non-ASCII letter: MySQL folds it, SQLite does not") {
    Table d = agents(), a = agents();
    a.columns[2].name = "ünit";
    d.columns[2].name = "Ünit";
    auto my = diff(Schema{{d}}, Schema{{a}}, {{}, kMysqlLike});
    REQUIRE(my.tables.size() == 1);
    REQUIRE(my.tables[0].columns.size() == 1);
    CHECK(my.tables[0].columns[0].kind == ColumnChange::Kind::rename);
    // SQLite keeps `Ünit` and `ünit` apart: two names, yet the one live column
    // that differs only in case is renamed, never emptied.
    auto lite = diff(Schema{{d}}, Schema{{a}}, {{}, kSqliteLike});
    REQUIRE(lite.tables.size() == 1);
    REQUIRE(lite.tables[0].columns.size() == 1);
    CHECK(lite.tables[0].columns[0].kind == ColumnChange::Kind::rename);
}

TEST_CASE("renamed_from with a case-only change renames on every database") {
    Table d = agents(), a = agents();
    d.columns[2].name = "Config";
    d.columns[2].renamed_from = "config";
    for (const auto& rules : {NameRules{}, kMysqlLike, kSqliteLike}) {
        auto c = diff(Schema{{d}}, Schema{{a}}, {{}, rules});
        REQUIRE(c.tables.size() == 1);
        REQUIRE(c.tables[0].columns.size() == 1);
        CHECK(c.tables[0].columns[0].kind == ColumnChange::Kind::rename);
        CHECK(c.tables[0].columns[0].old_name == "config");
        a.columns[2].name = "Config";
        CHECK(diff(Schema{{d}}, Schema{{a}}, {{}, rules}).empty());
        a.columns[2].name = "config";
    }
}

TEST_CASE("a renamed primary key column does not rebuild the primary key") {
    Table d = agents(), a = agents();
    d.columns[0].name = "ID";
    d.columns[0].renamed_from = "id";
    d.primary_key = {"ID"};
    auto c = diff(Schema{{d}}, Schema{{a}});
    REQUIRE(c.tables.size() == 1);
    CHECK_FALSE(c.tables[0].primary_key_changed);
}

TEST_CASE("a case-only table change is a rename where table names ignore case") {
    Table d = agents(), a = agents();
    d.name = "Agents";
    auto lite = diff(Schema{{d}}, Schema{{a}}, {{}, kSqliteLike});
    REQUIRE(lite.tables.size() == 1);
    CHECK(lite.tables[0].kind == TableChange::Kind::rename);
    CHECK(lite.tables[0].old_name == "agents");
    CHECK(lite.tables[0].columns.empty());
    // MySQL with lower_case_table_names = 0, PostgreSQL: another table.
    auto my = diff(Schema{{d}}, Schema{{a}}, {{}, kMysqlLike});
    REQUIRE(my.tables.size() == 1);
    CHECK(my.tables[0].kind == TableChange::Kind::create);
    // renamed_from makes it a rename there too.
    d.renamed_from = "agents";
    auto pg = diff(Schema{{d}}, Schema{{a}});
    REQUIRE(pg.tables.size() == 1);
    CHECK(pg.tables[0].kind == TableChange::Kind::rename);
}

TEST_CASE("an index name differing only in case is the same index where the database ignores case") {
    Table d = agents(), a = agents();
    d.indexes[0].name = "IDX_agents_agent_id";
    CHECK(diff(Schema{{d}}, Schema{{a}}, {{}, kMysqlLike}).empty());
    CHECK(diff(Schema{{d}}, Schema{{a}}, {{}, kSqliteLike}).empty());
    auto pg = diff(Schema{{d}}, Schema{{a}});
    REQUIRE(pg.tables.size() == 1);
    CHECK(pg.tables[0].indexes.size() == 2);  // drop + add under the new name
}

TEST_CASE("name_key folds as each rule says") {
    CHECK(name_key("Ünit Price", NameCase::unicode) == "ünit price");
    CHECK(name_key("Ünit Price", NameCase::ascii) == "Ünit price");
    CHECK(name_key("ΣΟΦΊΑ", NameCase::unicode) == "σοφία");
    CHECK(name_key("Имя", NameCase::unicode) == "имя");
    CHECK(name_key("MixedCase", NameCase::exact) == "MixedCase");
    CHECK(name_key("é", NameCase::unicode) != name_key("e", NameCase::unicode));  // accents kept, as MariaDB does
    CHECK(utf8_prefix("aÜ", 2) == "a");
    CHECK(utf8_length("Ünit") == 4);
    CHECK_FALSE(valid_utf8("\xC3"));
}

TEST_CASE("a big schema's changes come in the files' order, whichever thread compared them") {
    // Past 500 tables the comparisons run on several threads.
    Schema desired, actual;
    for (int i = 0; i < 1200; ++i) {
        Table t = agents();
        t.name = fmt::format("t{:04}", i);
        desired.tables.push_back(t);
        if (i % 300 == 7) continue;                           // missing: created
        if (i % 100 == 3) t.columns[1].type = "varchar(32)";  // altered
        actual.tables.push_back(std::move(t));
    }
    const Changes c = diff(desired, actual);
    std::vector<std::string> names;
    for (const auto& tc : c.tables) names.push_back(tc.name + (tc.kind == TableChange::Kind::create ? "+" : ""));
    std::vector<std::string> expected;
    for (int i = 0; i < 1200; ++i) {
        if (i % 300 == 7) expected.push_back(fmt::format("t{:04}+", i));
        else if (i % 100 == 3) expected.push_back(fmt::format("t{:04}", i));
    }
    CHECK(names == expected);
    for (const auto& tc : c.tables)
        if (tc.kind != TableChange::Kind::create) CHECK(tc.actual.columns.at(1).type == "varchar(32)");
}
