// Driver::engine_facts() on the real servers: the test servers are the
// engines schemactl supports, found in one query each, and nothing about
// them looks like a distributed engine.
#include <catch2/catch.hpp>

#include "dialect/engine.hpp"
#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;

TEST_CASE("engine: PostgreSQL is postgresql, supported, in one query", "[engine]") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "engine");
    std::size_t before = db.conn().statements_sent;
    EngineFacts f = db.driver().engine_facts();
    CHECK(db.conn().statements_sent - before == 1);
    CHECK(f.dialect == "postgres");
    CHECK_THAT(f.version, Catch::StartsWith("PostgreSQL "));
    CHECK(f.settings.empty());  // no citus, no aurora_version()
    Engine e = detect_engine(f);
    CHECK(e.name == "postgresql");
    CHECK(e.supported);
    CHECK_THAT(db.conn().server_version(), Catch::Contains(e.version));
    CHECK_NOTHROW(require_supported(e, {}));
}

TEST_CASE("engine: MariaDB is mariadb, supported, in one query", "[engine]") {
    REQUIRE_SERVER("mysql");
    TestDb db("mysql", "engine");
    std::size_t before = db.conn().statements_sent;
    EngineFacts f = db.driver().engine_facts();
    CHECK(db.conn().statements_sent - before == 1);
    CHECK(f.dialect == "mysql");
    CHECK_THAT(f.version, Catch::Contains("MariaDB"));
    CHECK(f.settings.count("version_comment") == 1);
    Engine e = detect_engine(f);
    CHECK(e.name == "mariadb");
    CHECK(e.supported);
    CHECK_THAT(db.conn().server_version(), Catch::Contains(e.version));
    CHECK_NOTHROW(require_supported(e, {}));
}

TEST_CASE("engine: MariaDB answers the probe MySQL and Aurora MySQL get", "[engine]") {
    // The second query engine_facts() sends where VERSION() names no engine:
    // on MariaDB it runs and finds nothing (no aurora* or tidb* variables).
    REQUIRE_SERVER("mysql");
    TestDb db("mysql", "engine_probe");
    auto r = db.conn().query("SHOW GLOBAL VARIABLES WHERE Variable_name LIKE 'aurora%' OR Variable_name LIKE 'tidb%'");
    CHECK(r.rows.empty());
    EngineFacts f{"mysql", "10.11.6", {}};
    for (const auto& row : r.rows) f.settings["variable." + row[0].value_or("")] = row[1].value_or("");
    CHECK(detect_engine(f).name == "mysql");
}

TEST_CASE("engine: SQLite is sqlite, supported, with the dialect from the caller", "[engine]") {
    TestDb db("sqlite", "engine");
    EngineFacts f = db.driver().engine_facts();
    CHECK(f.dialect.empty());
    f.dialect = db.dialect().name();
    Engine e = detect_engine(f);
    CHECK(e.name == "sqlite");
    CHECK(e.supported);
    CHECK(e.version == db.conn().server_version());
}
