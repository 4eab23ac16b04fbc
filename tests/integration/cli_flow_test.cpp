// The commands end to end on every database: create, plan, sync, inspect,
// recreate, exit codes, refusing without --yes.
#include <catch2/catch.hpp>
#include <filesystem>

#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;
namespace fs = std::filesystem;

static const std::string kAgentContext = source_dir() + "/schemas/agent_context";

static std::string two_tables(const std::string& extra_column = "") {
    return R"~(
[[table]]
name = "owners"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "bigint"
  auto_increment = true
  [[table.column]]
  name = "email"
  type = "varchar(120)"
  unique = true

[[table]]
name = "pets"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "bigint"
  auto_increment = true
  [[table.column]]
  name = "owner_id"
  type = "bigint"
  [[table.column]]
  name = "name"
  type = "varchar(64)"
)~" + extra_column +
           R"~(
  [[table.foreign_key]]
  columns = ["owner_id"]
  ref_table = "owners"
  ref_columns = ["id"]
  on_delete = "cascade"
)~";
}

TEST_CASE("create makes every table of the shipped schemas, then plan is in sync") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "create_shipped");
            auto r = run({"create", "--db", db.url(), "--schema", kAgentContext, "--yes"});
            INFO(r.out << r.err);
            REQUIRE(r.code == 0);
            CHECK(r.out.find("Created 15 tables") != std::string::npos);
            CHECK(db.inspect().tables.size() == 15);
            auto p = run({"plan", "--db", db.url(), "--schema", kAgentContext});
            INFO(p.out << p.err);
            CHECK(p.code == 0);
            CHECK(p.out.find("no changes") != std::string::npos);
            // A second create leaves existing tables alone and says so.
            auto again = run({"create", "--db", db.url(), "--schema", kAgentContext, "--yes"});
            CHECK(again.code == 0);
            CHECK(again.out.find("agents: exists") != std::string::npos);
        }
    }
}

TEST_CASE("create --tables creates only those (and the test connection creates nothing)") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "create_tables");
            if (kind == "sqlite") {
                // A connection test does not create a missing SQLite file.
                auto missing = run({"create", "--db", db.url(), "--schema", kAgentContext, "--test-connection"});
                CHECK(missing.code == 1);
                CHECK(missing.err.find("does not exist") != std::string::npos);
                db.exec("SELECT 1");
            }
            auto t = run({"create", "--db", db.url(), "--schema", kAgentContext, "--test-connection"});
            INFO(t.out << t.err);
            REQUIRE(t.code == 0);
            CHECK(t.out.find("connected to") != std::string::npos);
            CHECK(db.inspect().tables.empty());
            auto r = run(
                {"create", "--db", db.url(), "--schema", kAgentContext, "--tables", "users", "agents", "--yes"});
            INFO(r.out << r.err);
            REQUIRE(r.code == 0);
            auto s = db.inspect();
            REQUIRE(s.tables.size() == 2);
            CHECK(s.find_table("users"));
            CHECK(s.find_table("agents"));
            auto bad = run({"create", "--db", db.url(), "--schema", kAgentContext, "--tables", "nope", "--yes"});
            CHECK(bad.code == 1);
            CHECK(bad.err.find("nope") != std::string::npos);
        }
    }
}

TEST_CASE("plan exit codes and formats") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "plan_formats");
            auto file = write_file(db.dir() + "/s.toml", two_tables());
            REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
            CHECK(run({"plan", "--db", db.url(), "--schema", file}).code == 0);
            write_file(file, two_tables("  [[table.column]]\n  name = \"age\"\n  type = \"int\"\n  nullable = true\n"));
            auto text = run({"plan", "--db", db.url(), "--schema", file});
            INFO(text.out << text.err);
            CHECK(text.code == 2);
            CHECK(text.out.find("add column pets.age") != std::string::npos);
            auto sql = run({"plan", "--db", db.url(), "--schema", file, "--format", "sql"});
            CHECK(sql.code == 2);
            CHECK(sql.out.find("ALTER TABLE") != std::string::npos);
            CHECK(sql.out.find("age") != std::string::npos);
            auto json = run({"plan", "--db", db.url(), "--schema", file, "--format", "json"});
            CHECK(json.code == 2);
            CHECK(json.out.find("\"pending\" : 1") != std::string::npos);
            CHECK(json.out.find("\"in_sync\" : false") != std::string::npos);
            // The dry run changes nothing.
            auto dry = run({"sync", "--db", db.url(), "--schema", file, "--dry-run", "--exit-code"});
            CHECK(dry.code == 2);
            CHECK_FALSE(db.inspect().find_table("pets")->find_column("age"));
            auto dry0 = run({"sync", "--db", db.url(), "--schema", file, "--dry-run"});
            CHECK(dry0.code == 0);
        }
    }
}

TEST_CASE("without a terminal and without --yes nothing is written (exit 3)") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "no_yes");
            auto file = write_file(db.dir() + "/s.toml", two_tables());
            auto c = run({"create", "--db", db.url(), "--schema", file});
            CHECK(c.code == 3);
            CHECK(c.err.find("--yes") != std::string::npos);
            CHECK(db.inspect().tables.empty());
            REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
            write_file(file, two_tables("  [[table.column]]\n  name = \"age\"\n  type = \"int\"\n  nullable = true\n"));
            auto s = run({"sync", "--db", db.url(), "--schema", file});
            CHECK(s.code == 3);
            CHECK_FALSE(db.inspect().find_table("pets")->find_column("age"));
            auto r = run({"recreate", "pets", "--db", db.url(), "--schema", file});
            CHECK(r.code == 3);
            auto ok = run({"sync", "--db", db.url(), "--schema", file, "--yes"});
            INFO(ok.out << ok.err);
            CHECK(ok.code == 0);
            CHECK(db.inspect().find_table("pets")->find_column("age"));
        }
    }
}

TEST_CASE("recreate copies the rows to a backup table and names it") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "recreate");
            auto file = write_file(db.dir() + "/s.toml", two_tables());
            REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
            db.exec("INSERT INTO owners (email) VALUES ('a@x.org')");
            db.exec("INSERT INTO pets (owner_id, name) VALUES (1, 'rex')");
            db.exec("INSERT INTO pets (owner_id, name) VALUES (1, 'tom')");
            auto r = run({"recreate", "pets", "--db", db.url(), "--schema", file, "--yes"});
            INFO(r.out << r.err);
            REQUIRE(r.code == 0);
            auto pos = r.out.find("backup: ");
            REQUIRE(pos != std::string::npos);
            std::string backup = r.out.substr(pos + 8, r.out.find('\n', pos) - pos - 8);
            CHECK(db.scalar("SELECT COUNT(*) FROM pets") == "0");
            CHECK(db.scalar("SELECT COUNT(*) FROM " + backup) == "2");
            CHECK(run({"plan", "--db", db.url(), "--schema", file}).code == 0);
            auto nb = run({"recreate", "pets", "--db", db.url(), "--schema", file, "--yes", "--no-backup"});
            CHECK(nb.code == 0);
            CHECK(nb.out.find("backup:") == std::string::npos);
        }
    }
}

TEST_CASE("inspect writes TOML that sync accepts unchanged") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "inspect_roundtrip");
            REQUIRE(run({"create", "--db", db.url(), "--schema", kAgentContext, "--yes"}).code == 0);
            auto out = db.dir() + "/exported";
            auto r = run({"inspect", "--db", db.url(), "--out", out});
            INFO(r.out << r.err);
            REQUIRE(r.code == 0);
            CHECK(fs::exists(out + "/agents.toml"));
            auto p = run({"plan", "--db", db.url(), "--schema", out});
            INFO(p.out << p.err);
            CHECK(p.code == 0);
            // Stdout form, one table.
            auto one = run({"inspect", "--db", db.url(), "--tables", "users"});
            CHECK(one.code == 0);
            CHECK(one.out.find("users") != std::string::npos);
            CHECK(one.out.find("agents") == std::string::npos);
        }
    }
}

TEST_CASE("ping reports the dialect and never the password") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "ping");
            auto r = run({"ping", "--db", db.url()});
            INFO(r.out << r.err);
            if (kind == "sqlite") {
                // plan/ping do not create a missing file.
                CHECK(r.code == 1);
                CHECK(r.err.find("does not exist") != std::string::npos);
                db.exec("SELECT 1");
                r = run({"ping", "--db", db.url()});
            }
            CHECK(r.code == 0);
            CHECK(r.out.find(kind) != std::string::npos);
        }
    }
}

TEST_CASE("portable files: every shipped schema converges on every database") {
    for (const auto& kind : database_kinds()) {
        for (const char* sub : {"agent_context", "examples/automagik", "examples/berrys", "examples/maiar"}) {
            DYNAMIC_SECTION(kind << " " << sub) {
                TestDb db(kind, "shipped");
                std::string dir = source_dir() + "/schemas/" + sub;
                auto c = run({"create", "--db", db.url(), "--schema", dir, "--yes"});
                INFO(c.out << c.err);
                REQUIRE(c.code == 0);
                auto p = run({"plan", "--db", db.url(), "--schema", dir});
                INFO(p.out << p.err);
                CHECK(p.code == 0);
                auto out = db.dir() + "/inspected";
                REQUIRE(run({"inspect", "--db", db.url(), "--out", out}).code == 0);
                auto p2 = run({"plan", "--db", db.url(), "--schema", out});
                INFO(p2.out << p2.err);
                CHECK(p2.code == 0);
            }
        }
    }
}
