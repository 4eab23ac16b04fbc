// recreate plans per dialect (pure): order of the steps, the backup that
// owns no enum type, referencing keys dropped and added back, the MariaDB
// build-aside-and-swap with its undo, restore problems found before running.
#include <catch2/catch.hpp>

#include <algorithm>

#include "dialect/dialect.hpp"
#include "plan/recreate_plan.hpp"
#include "schema/prepare.hpp"

using namespace schemactl;

namespace {

Column col(std::string name, std::string type, bool nullable = false) {
    Column c;
    c.name = std::move(name);
    c.type = std::move(type);
    c.nullable = nullable;
    return c;
}

// Portable: crates (id auto-increment, kind enum), jars referencing crates.
Schema portable(bool extra_required_column = false) {
    Table crates;
    crates.name = "crates";
    crates.primary_key = {"id"};
    Column id = col("id", "bigint");
    id.auto_increment = true;
    Column kind = col("kind", "enum");
    kind.enum_values = {"wood", "steel"};
    crates.columns = {id, col("label", "varchar(20)"), kind};
    if (extra_required_column) crates.columns.push_back(col("weight", "int"));
    Table jars;
    jars.name = "jars";
    jars.primary_key = {"id"};
    jars.columns = {col("id", "bigint"), col("crate_id", "bigint")};
    ForeignKey fk;
    fk.columns = {"crate_id"};
    fk.ref_table = "crates";
    fk.ref_columns = {"id"};
    jars.foreign_keys = {fk};
    return {{crates, jars}};
}

Schema lowered(const Dialect& d, const Schema& p) {
    Schema s;
    for (const auto& t : p.tables) s.tables.push_back(d.lower(prepare(t, d.name(), d.max_identifier_length())));
    return s;
}

std::vector<std::string> all_sql(const RecreatePlan& p) {
    std::vector<std::string> out;
    for (const auto& s : p.steps) out.insert(out.end(), s.step.sql.begin(), s.step.sql.end());
    return out;
}

// Index of the first statement that starts with `prefix` (or contains it).
std::size_t at(const std::vector<std::string>& sql, const std::string& part) {
    auto it = std::find_if(sql.begin(), sql.end(),
                           [&](const std::string& s) { return s.find(part) != std::string::npos; });
    INFO("looking for: " << part);
    REQUIRE(it != sql.end());
    return static_cast<std::size_t>(it - sql.begin());
}

RecreateOptions opts(bool restore) {
    RecreateOptions o;
    o.tables = {"crates"};
    o.restore = restore;
    o.stamp = "20240102030405";
    return o;
}

}  // namespace

TEST_CASE("recreate plan, PostgreSQL: enum-free backup, keys of children dropped and validated again") {
    auto d = make_dialect("postgres");
    Schema s = lowered(*d, portable());
    RecreatePlan p = plan_recreate(*d, s, s, opts(true));
    auto sql = all_sql(p);
    REQUIRE(p.tables.size() == 1);
    const auto& t = p.tables[0];
    CHECK(t.backup == "crates_backup_20240102030405");
    CHECK(t.source == t.backup);
    CHECK(t.count_source == "crates");
    REQUIRE(t.referencing.size() == 1);
    CHECK(t.referencing[0].table == "jars");
    CHECK(t.problems.empty());
    CHECK(sql[at(sql, "CREATE TABLE \"crates_backup_20240102030405\" AS SELECT")].find("\"kind\"::text AS \"kind\"") !=
          std::string::npos);
    std::size_t drop_fk = at(sql, "ALTER TABLE \"jars\"\n  DROP CONSTRAINT");
    std::size_t backup = at(sql, "CREATE TABLE \"crates_backup_");
    std::size_t drop = at(sql, "DROP TABLE \"crates\"");
    std::size_t drop_type = at(sql, "DROP TYPE IF EXISTS \"crates_kind\"");
    std::size_t create = at(sql, "CREATE TABLE \"crates\" (");
    std::size_t insert = at(sql, "INSERT INTO \"crates\"");
    std::size_t setval = at(sql, "setval(pg_get_serial_sequence('\"crates\"', 'id')");
    std::size_t add_fk = at(sql, "NOT VALID");
    std::size_t validate = at(sql, "VALIDATE CONSTRAINT");
    CHECK(drop_fk < backup);
    CHECK(backup < drop);
    CHECK(drop < drop_type);
    CHECK(drop_type < create);
    CHECK(create < insert);
    CHECK(insert < setval);
    CHECK(setval < add_fk);
    CHECK(add_fk < validate);
    CHECK(sql[insert].find("CAST(CAST(\"kind\" AS text) AS \"crates_kind\")") != std::string::npos);
    // varchar(20) → varchar(20): no cast at all.
    CHECK(sql[insert].find(", \"label\",") != std::string::npos);
}

TEST_CASE("recreate plan, PostgreSQL: a cast never truncates") {
    auto d = make_dialect("postgres");
    Column from = col("c", "character varying(40)"), to = col("c", "character varying(5)");
    CHECK(d->restore_value_sql(from, to, "\"c\"") == "CAST(\"c\" AS character varying)");
    to.type = "character(3)";
    CHECK(d->restore_value_sql(from, to, "\"c\"") == "CAST(\"c\" AS text)");
    to.type = "numeric(5,2)";
    CHECK(d->restore_value_sql(from, to, "\"c\"") == "CAST(\"c\" AS numeric)");
    CHECK(d->restore_value_sql(from, from, "\"c\"") == "\"c\"");
}

TEST_CASE("recreate plan, MariaDB: built aside, filled, swapped in one RENAME, undo before the swap") {
    auto d = make_dialect("mysql");
    Schema s = lowered(*d, portable());
    RecreatePlan p = plan_recreate(*d, s, s, opts(true));
    auto sql = all_sql(p);
    std::size_t backup = at(sql, "CREATE TABLE `crates_backup_20240102030405` AS SELECT * FROM `crates`");
    std::size_t create = at(sql, "CREATE TABLE `crates_new_20240102030405`");
    std::size_t insert = at(sql, "INSERT INTO `crates_new_20240102030405`");
    std::size_t counter = at(sql, "ALTER TABLE `crates_new_20240102030405` AUTO_INCREMENT = 1");
    std::size_t drop_fk = at(sql, "DROP FOREIGN KEY");
    std::size_t swap = at(
        sql, "RENAME TABLE `crates` TO `crates_old_20240102030405`, `crates_new_20240102030405` TO `crates`");
    std::size_t drop_old = at(sql, "DROP TABLE `crates_old_20240102030405`");
    std::size_t add_fk = at(sql, "ADD CONSTRAINT");
    CHECK(backup < create);
    CHECK(create < insert);
    CHECK(insert < counter);
    CHECK(counter < drop_fk);
    CHECK(drop_fk < swap);
    CHECK(swap < drop_old);
    CHECK(drop_old < add_fk);
    // The original is never dropped before the swap, and every step before it can be undone.
    for (std::size_t i = 0; i < swap; ++i) CHECK(sql[i].find("DROP TABLE `crates`") == std::string::npos);
    bool swapped = false;
    for (const auto& st : p.steps) {
        if (st.swap) swapped = true;
        if (!swapped && st.step.summary.find("create table") != std::string::npos)
            CHECK(st.undo == std::vector<std::string>{"DROP TABLE `crates_new_20240102030405`"});
        if (!swapped && st.step.summary.find("drop foreign key") != std::string::npos) {
            REQUIRE(st.undo.size() == 1);
            CHECK(st.undo[0].find("ADD CONSTRAINT") != std::string::npos);
        }
    }
    CHECK(swapped);
    // The new table is created without foreign keys (names are per database in InnoDB).
    CHECK(sql[create].find("FOREIGN KEY") == std::string::npos);
}

TEST_CASE("recreate plan, SQLite: the children's keys stay, rows and counter come back") {
    auto d = make_dialect("sqlite");
    Schema s = lowered(*d, portable());
    RecreatePlan p = plan_recreate(*d, s, s, opts(true));
    auto sql = all_sql(p);
    for (const auto& q : sql) CHECK(q.find("\"jars\"") == std::string::npos);
    CHECK(at(sql, "DROP TABLE \"crates\"") < at(sql, "CREATE TABLE \"crates\" ("));
    CHECK(at(sql, "INSERT INTO \"crates\"") < at(sql, "UPDATE sqlite_sequence"));
    REQUIRE(p.tables[0].referencing.size() == 1);  // still counted for the orphan check
}

TEST_CASE("recreate plan: without restore, the advice copies back from the kept backup") {
    auto d = make_dialect("postgres");
    Schema s = lowered(*d, portable());
    RecreatePlan p = plan_recreate(*d, s, s, opts(false));
    const auto& t = p.tables[0];
    CHECK(t.source.empty());
    REQUIRE(t.restore_sql.size() == 2);
    CHECK(t.restore_sql[0].find("INSERT INTO \"crates\"") == 0);
    CHECK(t.restore_sql[0].find("FROM \"crates_backup_20240102030405\"") != std::string::npos);
    for (const auto& q : all_sql(p)) CHECK(q.find("INSERT") == std::string::npos);
    // --no-backup: nothing to advise, no backup step.
    RecreateOptions nb = opts(false);
    nb.keep_backup = false;
    RecreatePlan q = plan_recreate(*d, s, s, nb);
    CHECK(q.tables[0].backup.empty());
    CHECK(q.tables[0].restore_sql.empty());
}

TEST_CASE("recreate plan: a restore that cannot fill the new table is found before running") {
    auto d = make_dialect("sqlite");
    Schema live = lowered(*d, portable());
    Schema want = lowered(*d, portable(true));
    RecreatePlan p = plan_recreate(*d, want, live, opts(true));
    REQUIRE(p.tables[0].problems.size() == 1);
    CHECK(p.tables[0].problems[0].find("crates.weight is NOT NULL without a default") != std::string::npos);
}

TEST_CASE("recreate plan: referencing tables first, names within the limit, orphan query") {
    auto d = make_dialect("postgres");
    Schema s = lowered(*d, portable());
    RecreateOptions o = opts(false);
    o.tables = {"crates", "jars"};
    RecreatePlan p = plan_recreate(*d, s, s, o);
    REQUIRE(p.tables.size() == 2);
    CHECK(p.tables[0].table == "jars");
    CHECK(p.tables[1].table == "crates");
    CHECK(p.tables[1].referencing[0].recreated_too);

    std::string long_name(60, 'x');
    std::string n = recreate_name(*d, long_name, "backup", "20240102030405");
    CHECK(n.size() <= 63);
    std::string want(46, 'x');  // appended in place: GCC 12's -Warray-bounds false positive on operator+
    want += "_b_20240102030405";
    CHECK(n == want);

    ReferencingKey k{"jars", s.find_table("jars")->foreign_keys[0], false};
    CHECK(orphan_count_sql(*d, k, "") == "SELECT COUNT(*) FROM \"jars\" c WHERE c.\"crate_id\" IS NOT NULL");
    CHECK(orphan_count_sql(*d, k, "crates") ==
          "SELECT COUNT(*) FROM \"jars\" c WHERE c.\"crate_id\" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM \"crates\" p "
          "WHERE p.\"id\" = c.\"crate_id\")");
}

TEST_CASE("recreate plan: a backup name already taken (same second) gets a suffix") {
    auto d = make_dialect("sqlite");
    Schema s = lowered(*d, portable());
    Table old_backup;
    old_backup.name = "crates_backup_20240102030405";
    Schema live = s;
    live.tables.push_back(old_backup);
    RecreatePlan p = plan_recreate(*d, s, live, opts(true));
    CHECK(p.tables[0].backup == "crates_backup_20240102030405_2");
}
