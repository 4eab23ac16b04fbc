// Names as each database compares and stores them (issues 12 and 14): any
// name the database accepts works end to end; a case-only change is a
// rename (or nothing), never drop + add; names the database would refuse or
// confuse are refused by validate before anything runs.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;
namespace fs = std::filesystem;

static const std::string kOddNames = R"~(
[[table]]
name = "order"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
[[table]]
name = "Order Items"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "Ünit Price"
  type = "decimal(10,2)"
  nullable = true
  [[table.column]]
  name = "select"
  type = "varchar(20)"
  unique = true
  [[table.column]]
  name = "MixedCase"
  type = "int"
  nullable = true
  [[table.column]]
  name = "order id"
  type = "int"
  [[table.index]]
  columns = ["Ünit Price", "MixedCase"]
  [[table.foreign_key]]
  columns = ["order id"]
  ref_table = "order"
  ref_columns = ["id"]
)~";

TEST_CASE("names with spaces, non-ASCII letters, mixed case and reserved words work end to end") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "odd_names");
            auto q = [&](const std::string& id) { return db.dialect().quote_ident(id); };
            auto file = write_file(db.dir() + "/s.toml", kOddNames);
            auto v = run({"validate", "--db", db.url(), "--schema", file});
            INFO(v.out << v.err);
            REQUIRE(v.code == 0);
            auto c = run({"create", "--db", db.url(), "--schema", file, "--yes"});
            INFO(c.out << c.err);
            REQUIRE(c.code == 0);
            db.exec("INSERT INTO " + q("order") + " (" + q("id") + ") VALUES (1)");
            db.exec("INSERT INTO " + q("Order Items") + " (" + q("id") + ", " + q("Ünit Price") + ", " + q("select") +
                    ", " + q("MixedCase") + ", " + q("order id") +
                    ") VALUES (1, 12.50, 'a', 3, 1), (2, NULL, 'b', NULL, 1)");
            auto p = run({"plan", "--db", db.url(), "--schema", file});
            INFO(p.out << p.err);
            CHECK(p.code == 0);
            // inspect's files are accepted by validate, and plan is clean against them.
            auto out = db.dir() + "/exported";
            auto in = run({"inspect", "--db", db.url(), "--out", out});
            INFO(in.out << in.err);
            REQUIRE(in.code == 0);
            auto v2 = run({"validate", "--db", db.url(), "--schema", out});
            INFO(v2.out << v2.err);
            CHECK(v2.code == 0);
            auto p2 = run({"plan", "--db", db.url(), "--schema", out});
            INFO(p2.out << p2.err);
            CHECK(p2.code == 0);
            // The unique column and the foreign key are enforced under their generated names.
            CHECK_THROWS(db.exec("INSERT INTO " + q("Order Items") + " (" + q("id") + ", " + q("select") + ", " +
                                 q("order id") + ") VALUES (3, 'a', 1)"));
            CHECK(db.scalar("SELECT " + q("Ünit Price") + " FROM " + q("Order Items") + " WHERE " + q("id") + " = 1") ==
                  (kind == "sqlite" ? "12.5" : "12.50"));  // SQLite keeps a decimal as a REAL
            CHECK(db.scalar("SELECT " + q("select") + " FROM " + q("Order Items") + " WHERE " + q("id") + " = 2") ==
                  "b");
            CHECK(db.scalar("SELECT " + q("MixedCase") + " FROM " + q("Order Items") + " WHERE " + q("id") + " = 1") ==
                  "3");
            CHECK(db.scalar("SELECT COUNT(*) FROM " + q("Order Items")) == "2");
            record_outcome(kind, "table `Order Items`, columns `Ünit Price`, `select`, `MixedCase`, `order id`",
                           "created, rows stored exactly, plan clean, inspect output validates and plans clean");
        }
    }
}

static std::string notes_table(const std::string& table, const std::string& column, const std::string& extra = "") {
    return "[[table]]\nname = \"" + table + "\"\n" + extra +
           "primary_key = [\"id\"]\n  [[table.column]]\n  name = \"id\"\n"
           "  type = \"int\"\n  [[table.column]]\n  name = \"" +
           column +
           "\"\n  type = \"varchar(40)\"\n  nullable = true\n"
           "  [[table.index]]\n  columns = [\"" +
           column + "\"]\n";
}

TEST_CASE("a case-only column rename keeps every row's value") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "case_rename");
            auto q = [&](const std::string& id) { return db.dialect().quote_ident(id); };
            auto file = write_file(db.dir() + "/s.toml", notes_table("notes", "name"));
            REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
            db.exec("INSERT INTO notes (id, name) VALUES (1, 'one'), (2, NULL), (3, 'three')");
            auto values = [&](const std::string& col) {
                std::string s;
                for (const auto& r : db.rows("SELECT " + q(col) + " FROM notes ORDER BY id"))
                    s += r[0].value_or("NULL") + ",";
                return s;
            };
            // With renamed_from: a rename on every database.
            write_file(file,
                       notes_table("notes", "Name")
                           .replace(notes_table("notes", "Name").find("  nullable"), 0, "  renamed_from = \"name\"\n"));
            auto p = run({"plan", "--db", db.url(), "--schema", file});
            INFO(p.out << p.err);
            CHECK(p.code == 2);
            CHECK(p.out.find("rename column") != std::string::npos);
            CHECK(p.out.find("drop column") == std::string::npos);
            auto s = run({"sync", "--db", db.url(), "--schema", file, "--yes", "--allow-drop"});
            INFO(s.out << s.err);
            REQUIRE(s.code == 0);
            CHECK(values("Name") == "one,NULL,three,");
            auto live = db.inspect();
            REQUIRE(live.find_table("notes"));
            CHECK(live.find_table("notes")->find_column("Name"));
            CHECK(run({"plan", "--db", db.url(), "--schema", file}).code == 0);
            if (kind == "postgres") continue;  // `NAME` is another column there: renamed_from is how
            // Without renamed_from: the database treats NAME as the same column.
            write_file(file, notes_table("notes", "NAME"));
            auto p2 = run({"plan", "--db", db.url(), "--schema", file, "--allow-drop"});
            INFO(p2.out << p2.err);
            CHECK(p2.code == 2);
            CHECK(p2.out.find("rename column") != std::string::npos);
            CHECK(p2.out.find("drop column") == std::string::npos);
            auto s2 = run({"sync", "--db", db.url(), "--schema", file, "--yes", "--allow-drop"});
            INFO(s2.out << s2.err);
            REQUIRE(s2.code == 0);
            CHECK(values("NAME") == "one,NULL,three,");
            CHECK(db.inspect().find_table("notes")->find_column("NAME"));
            auto p3 = run({"plan", "--db", db.url(), "--schema", file});
            INFO(p3.out << p3.err);
            CHECK(p3.code == 0);
            record_outcome(kind, "case-only column rename name -> Name -> NAME, with --allow-drop",
                           "renamed in place, every value kept, plan clean after");
        }
    }
}

TEST_CASE("a case-only table rename keeps every row") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "case_table");
            auto q = [&](const std::string& id) { return db.dialect().quote_ident(id); };
            auto file = write_file(db.dir() + "/s.toml", notes_table("memo", "body"));
            REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
            db.exec("INSERT INTO memo (id, body) VALUES (1, 'x'), (2, 'y')");
            // SQLite ignores case in table names (a rename without renamed_from);
            // PostgreSQL and MariaDB (lower_case_table_names = 0) need renamed_from.
            write_file(file, notes_table("Memo", "body", kind == "sqlite" ? "" : "renamed_from = \"memo\"\n"));
            auto s = run({"sync", "--db", db.url(), "--schema", file, "--yes", "--allow-drop"});
            INFO(s.out << s.err);
            REQUIRE(s.code == 0);
            CHECK(s.out.find("rename table memo to Memo") != std::string::npos);
            Schema live = db.inspect();
            REQUIRE(live.tables.size() == 1);
            CHECK(live.tables[0].name == "Memo");
            CHECK(db.scalar("SELECT COUNT(*) FROM " + q("Memo")) == "2");
            CHECK(db.scalar("SELECT body FROM " + q("Memo") + " WHERE id = 2") == "y");
            auto p = run({"plan", "--db", db.url(), "--schema", file});
            INFO(p.out << p.err);
            CHECK(p.code == 0);
        }
    }
}

// tests/fixtures/bad/dialect/expected.txt: "<file> | <dialects> | <message> | <line>"
TEST_CASE("dialect-specific bad files: refused before anything runs where that database would fail") {
    std::string dir = source_dir() + "/tests/fixtures/bad/dialect/";
    std::ifstream in(dir + "expected.txt");
    std::vector<std::vector<std::string>> fixtures;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> f;
        for (std::size_t at = 0;;) {
            auto bar = line.find(" | ", at);
            f.push_back(line.substr(at, bar == std::string::npos ? std::string::npos : bar - at));
            if (bar == std::string::npos) break;
            at = bar + 3;
        }
        fixtures.push_back(f);
    }
    REQUIRE(fixtures.size() >= 8);
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "bad_dialect");
            for (const auto& f : fixtures) {
                INFO(f[0]);
                if (f[1].find(kind) == std::string::npos) continue;
                std::string path = dir + f[0];
                auto v = run({"validate", "--db", db.url(), "--schema", path});
                INFO(v.out << v.err);
                CHECK(v.code == 1);
                CHECK(v.err.find(f[2]) != std::string::npos);
                CHECK(v.err.find(f[0] + ":" + f[3] + ":") != std::string::npos);
                auto s = run({"sync", "--db", db.url(), "--schema", path, "--yes", "--allow-drop"});
                CHECK(s.code == 1);
                auto all = run({"validate", "--dialect", "all", "--schema", path});
                CHECK(all.code == 1);
            }
            CHECK(db.inspect().tables.empty());
        }
    }
}
