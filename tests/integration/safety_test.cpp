// Protected columns survive every way of dropping them; the interactive
// prompt names its table and is answered in a real terminal.
#include <catch2/catch.hpp>

#include "pty.hpp"
#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;

static std::string schema(bool with_protected, bool with_notes) {
    std::string s = R"~(
[[table]]
name = "accounts"
primary_key = ["id"]
protected = ["legacy_ref"]
)~";
    if (with_protected)
        s += R"~(
  [[table.column]]
  name = "id"
  type = "bigint"
  auto_increment = true
  [[table.column]]
  name = "legacy_ref"
  type = "varchar(40)"
  nullable = true
  [[table.column]]
  name = "created_at"
  type = "timestamp"
  default_expr = "CURRENT_TIMESTAMP"
)~";
    else
        s += R"~(
  [[table.column]]
  name = "id"
  type = "bigint"
  auto_increment = true
)~";
    s += R"~(
  [[table.column]]
  name = "name"
  type = "varchar(64)"
)~";
    if (with_notes) s += "  [[table.column]]\n  name = \"notes\"\n  type = \"text\"\n  nullable = true\n";
    return s;
}

TEST_CASE("a protected column is never dropped: removed from the file, --allow-drop, interactive yes") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "protected");
            auto file = write_file(db.dir() + "/s.toml", schema(true, true));
            REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
            db.exec("INSERT INTO accounts (legacy_ref, name, notes) VALUES ('L-1', 'ann', 'n1')");
            auto keep_checks = [&] {
                Schema live = db.inspect();
                auto t = live.find_table("accounts");
                REQUIRE(t);
                CHECK(t->find_column("legacy_ref"));
                CHECK(t->find_column("created_at"));
                CHECK(db.scalar("SELECT legacy_ref FROM accounts WHERE name = 'ann'") == "L-1");
                CHECK(db.scalar("SELECT COUNT(*) FROM accounts WHERE created_at IS NOT NULL") == "1");
            };
            // Removed from the file (legacy_ref is protected by the table, created_at globally).
            write_file(file, schema(false, true));
            auto plan = run({"plan", "--db", db.url(), "--schema", file});
            INFO(plan.out << plan.err);
            CHECK(plan.code == 0);  // only blocked steps: in sync for CI
            CHECK(plan.out.find("blocked") != std::string::npos);
            CHECK(plan.out.find("drop column accounts.legacy_ref") != std::string::npos);
            auto s1 = run({"sync", "--db", db.url(), "--schema", file, "--yes"});
            INFO(s1.out << s1.err);
            CHECK(s1.code == 0);
            keep_checks();
            auto s2 = run({"sync", "--db", db.url(), "--schema", file, "--yes", "--allow-drop"});
            INFO(s2.out << s2.err);
            CHECK(s2.code == 0);
            keep_checks();
            // Interactive, answering yes: notes (unprotected) goes, the protected ones stay.
            write_file(file, schema(false, false));
            auto it = run_in_pty({"sync", "--db", db.url(), "--schema", file, "--interactive"},
                                 {{"Apply the changes to table accounts?", "y"}});
            INFO(it.transcript);
            CHECK(it.code == 0);
            CHECK(it.transcript.find("Apply the changes to table accounts?") != std::string::npos);
            keep_checks();
            CHECK_FALSE(db.inspect().find_table("accounts")->find_column("notes"));
        }
    }
}

TEST_CASE("interactive sync: n skips a table, q stops, a applies the rest") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "interactive");
            std::string two = R"~(
[[table]]
name = "alpha"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
[[table]]
name = "beta"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
)~";
            auto file = write_file(db.dir() + "/s.toml", two);
            REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
            std::string more = two;
            more.replace(more.find("[[table]]\nname = \"beta\""), 0,
                         "  [[table.column]]\n  name = \"x\"\n  type = \"int\"\n  nullable = true\n");
            more += "  [[table.column]]\n  name = \"y\"\n  type = \"int\"\n  nullable = true\n";
            write_file(file, more);

            auto q = run_in_pty({"sync", "--db", db.url(), "--schema", file, "--interactive"}, {{"table alpha?", "q"}});
            INFO(q.transcript);
            CHECK(q.code == 3);
            CHECK_FALSE(db.inspect().find_table("alpha")->find_column("x"));

            auto n = run_in_pty({"sync", "--db", db.url(), "--schema", file, "--interactive"},
                                {{"table alpha?", "n"}, {"table beta?", "y"}});
            INFO(n.transcript);
            CHECK(n.code == 3);  // a table was skipped: not converged
            CHECK_FALSE(db.inspect().find_table("alpha")->find_column("x"));
            CHECK(db.inspect().find_table("beta")->find_column("y"));

            auto a = run_in_pty({"sync", "--db", db.url(), "--schema", file, "--interactive"}, {{"table alpha?", "a"}});
            INFO(a.transcript);
            CHECK(a.code == 0);
            CHECK(db.inspect().find_table("alpha")->find_column("x"));
            CHECK(run({"plan", "--db", db.url(), "--schema", file}).code == 0);
        }
    }
}

TEST_CASE("data problems stop sync before anything is applied") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "data_checks");
            std::string base = R"~(
[[table]]
name = "people"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "email"
  type = "varchar(100)"
  nullable = true
  [[table.column]]
  name = "code"
  type = "varchar(20)"
  nullable = true
)~";
            auto file = write_file(db.dir() + "/s.toml", base);
            REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
            db.exec("INSERT INTO people (id, email, code) VALUES (1, NULL, 'abcdefghij')");
            db.exec("INSERT INTO people (id, email, code) VALUES (2, 'x@y.z', 'abc')");
            db.exec("INSERT INTO people (id, email, code) VALUES (3, 'x@y.z', 'abc')");
            std::string changed = base;
            changed.replace(changed.find("  nullable = true\n  [[table.column]]\n  name = \"code\""),
                            std::string("  nullable = true\n").size(), "  unique = true\n");
            changed.replace(changed.find("varchar(20)"), 11, "varchar(5)");
            write_file(file, changed);
            auto r = run({"sync", "--db", db.url(), "--schema", file, "--yes"});
            INFO(r.out << r.err);
            CHECK(r.code == 3);
            CHECK(r.out.find("people.email: 1 rows hold NULL") != std::string::npos);
            if (kind != "sqlite")  // SQLite does not enforce lengths: nothing to break
                CHECK(r.out.find("people.code: 1 rows hold values longer than 5") != std::string::npos);
            CHECK(r.out.find("occur more than once") != std::string::npos);
            Schema live = db.inspect();
            auto t = live.find_table("people");
            CHECK(t->find_column("email")->nullable);
            CHECK(t->indexes.empty());
            // Fix the data: sync converges.
            db.exec("UPDATE people SET email = 'a@b.c' WHERE id = 1");
            db.exec("UPDATE people SET email = 'c@d.e', code = 'abcde' WHERE id = 3");
            db.exec("UPDATE people SET code = 'abcde' WHERE id = 1");
            auto ok = run({"sync", "--db", db.url(), "--schema", file, "--yes"});
            INFO(ok.out << ok.err);
            CHECK(ok.code == 0);
            CHECK(run({"plan", "--db", db.url(), "--schema", file}).code == 0);
        }
    }
}
