// Flavours (dialect/flavour.hpp) on the real servers. The URL's flavour=
// runs PostgreSQL or MariaDB with the overrides of an engine this machine
// cannot reach, so what schemactl does differently there is tested against
// a server that behaves the same way: each DDL statement committing on its
// own, and no advisory lock. The day the engine is reachable, detection
// picks the same entry.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;
using Catch::Contains;

namespace {

std::string with_flavour(const TestDb& db, const std::string& name) {
    return db.url() + (db.url().find('?') == std::string::npos ? "?" : "&") + "flavour=" + name;
}

// aa gains a column (accepted); bb.note becomes NOT NULL over a NULL, which
// the server rejects when the data checks are skipped: a plan that fails
// after one step has run.
std::string failing_schema(const TestDb& db) {
    return write_file(db.dir() + "/flavour.toml", one_column_toml("aa", "name", "varchar(40)",
                                                                  "  [[table.column]]\n  name = \"more\"\n"
                                                                  "  type = \"int\"\n  nullable = true\n") +
                                                      "\n[[table]]\nname = \"bb\"\nprimary_key = [\"id\"]\n"
                                                      "  [[table.column]]\n  name = \"id\"\n  type = \"int\"\n"
                                                      "  [[table.column]]\n  name = \"note\"\n"
                                                      "  type = \"varchar(40)\"\n");
}

void two_tables(TestDb& db) {
    db.exec("CREATE TABLE aa (id int PRIMARY KEY, name varchar(40))");
    db.exec("CREATE TABLE bb (id int PRIMARY KEY, note varchar(40))");
    db.exec("INSERT INTO aa VALUES (1, 'one'), (2, NULL)");
    db.exec("INSERT INTO bb VALUES (1, 'x'), (2, NULL)");
}

bool has_more(TestDb& db) { return db.inspect().find_table("aa")->find_column("more") != nullptr; }

}  // namespace

TEST_CASE("flavour: yugabytedb on PostgreSQL commits each statement and takes no advisory lock", "[flavour]") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "flavour_yb");
    two_tables(db);
    std::string schema = failing_schema(db), yb = with_flavour(db, "yugabytedb");

    // PostgreSQL itself: the failure rolls the whole plan back.
    auto pg = run({"sync", "--db", db.url(), "--schema", schema, "--yes", "--skip-data-checks"});
    CHECK(pg.code == 1);
    CHECK_FALSE(has_more(db));

    // Not supported yet: refused naming it, nothing changed.
    auto refused = run({"sync", "--db", yb, "--schema", schema, "--yes", "--skip-data-checks"});
    CHECK(refused.code == 3);
    CHECK_THAT(refused.err, Contains("yugabytedb") && Contains("--allow-engine yugabytedb"));
    CHECK_FALSE(has_more(db));
    auto ping = run({"ping", "--db", yb});
    CHECK(ping.code == 0);
    CHECK_THAT(ping.out, Contains("as yugabytedb (flavour= in the URL)"));

    // Allowed, with the run lock's key held by another session: the flavour
    // takes no advisory lock, so the run does not wait for it; the step that
    // ran before the failure stays, and the message says so.
    db.exec("SELECT pg_advisory_lock(" + std::to_string(0x736368656d61LL) + ")");
    auto yb_run = run(
        {"sync", "--db", yb, "--schema", schema, "--yes", "--skip-data-checks", "--allow-engine", "yugabytedb"});
    CHECK(yb_run.code == 1);
    CHECK_THAT(yb_run.err, Contains("bb"));
    CHECK_THAT(yb_run.err, !Contains("Rolled back"));
    CHECK(has_more(db));
    CHECK(values_by_id(db, "aa", "name") == "1=one,2=NULL,");
    CHECK(values_by_id(db, "bb", "note") == "1=x,2=NULL,");

    // The data fixed, a rerun converges.
    db.exec("UPDATE bb SET note = 'y' WHERE id = 2");
    auto again = run({"sync", "--db", yb, "--schema", schema, "--yes", "--allow-engine", "yugabytedb"});
    CHECK(again.code == 0);
    CHECK(run({"plan", "--db", yb, "--schema", schema}).code == 0);
    CHECK(values_by_id(db, "bb", "note") == "1=x,2=y,");
    db.exec("SELECT pg_advisory_unlock_all()");
}

TEST_CASE("flavour: vitess on MariaDB takes no GET_LOCK", "[flavour]") {
    REQUIRE_SERVER("mysql");
    TestDb db("mysql", "flavour_vt");
    two_tables(db);
    db.exec("UPDATE bb SET note = 'y' WHERE id = 2");
    std::string schema = failing_schema(db), vt = with_flavour(db, "vitess");
    std::string lock = "'schemactl:" + db.scalar("SELECT DATABASE()") + "'";
    REQUIRE(db.scalar("SELECT GET_LOCK(" + lock + ", 1)") == "1");

    // MariaDB itself waits for the lock, then gives up naming it.
    auto maria = run({"sync", "--db", db.url(), "--schema", schema, "--yes"});
    CHECK(maria.code != 0);
    CHECK_THAT(maria.err, Contains("another schemactl run holds the lock"));
    CHECK_FALSE(has_more(db));

    auto refused = run({"sync", "--db", vt, "--schema", schema, "--yes"});
    CHECK(refused.code == 3);
    CHECK_THAT(refused.err, Contains("--allow-engine vitess"));

    auto vt_run = run({"sync", "--db", vt, "--schema", schema, "--yes", "--allow-engine", "vitess"});
    CHECK(vt_run.code == 0);
    CHECK(has_more(db));
    CHECK(run({"plan", "--db", vt, "--schema", schema}).code == 0);
    CHECK(values_by_id(db, "bb", "note") == "1=x,2=y,");
    db.exec("DO RELEASE_ALL_LOCKS()");
}

TEST_CASE("flavour: a flavour of another dialect, or none, is an error naming the choices", "[flavour]") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "flavour_bad");
    for (std::string name : {"mariadb", "nosuch"}) {
        auto r = run({"plan", "--db", with_flavour(db, name), "--schema",
                      write_file(db.dir() + "/t.toml", one_column_toml("t", "c", "int"))});
        CHECK(r.code == 1);
        CHECK_THAT(r.err, Contains("flavour=" + name) && Contains("postgresql, cockroachdb, yugabytedb"));
    }
}
