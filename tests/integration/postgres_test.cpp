// PostgreSQL specifics: --verify, CREATE INDEX CONCURRENTLY, the advisory
// lock, the lock-table limit, connection errors.
#include <catch2/catch.hpp>
#include <thread>

#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;

namespace {

const std::string kBase = R"~(
[[table]]
name = "scores"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "points"
  type = "int"
)~";

}  // namespace

TEST_CASE("postgres: sync --dry-run --verify runs the plan and rolls it back") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "verify");
    auto file = write_file(db.dir() + "/s.toml", kBase);
    REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
    db.exec("INSERT INTO scores VALUES (1, -5)");
    // A check the existing row violates: the data checks do not cover checks, the server does.
    write_file(file, kBase +
                         "  [[table.check]]\n  name = \"chk_points\"\n  expr = \"points >= 0\"\n"
                         "  [[table.column]]\n  name = \"note\"\n  type = \"text\"\n  nullable = true\n");
    auto bad = run({"sync", "--db", db.url(), "--schema", file, "--dry-run", "--verify"});
    INFO(bad.out << bad.err);
    CHECK(bad.code == 1);
    CHECK(bad.err.find("verify: the server rejects") != std::string::npos);
    CHECK(bad.err.find("chk_points") != std::string::npos);
    CHECK(db.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'scores'") == "2");
    db.exec("UPDATE scores SET points = 5");
    auto good = run({"sync", "--db", db.url(), "--schema", file, "--dry-run", "--verify"});
    INFO(good.out << good.err);
    CHECK(good.code == 0);
    CHECK(good.out.find("Verified") != std::string::npos);
    CHECK(db.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'scores'") == "2");
}

TEST_CASE("postgres: --concurrent-indexes builds new indexes outside the transaction") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "concurrently");
    auto file = write_file(db.dir() + "/s.toml", kBase);
    REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
    write_file(file, kBase + "  [[table.index]]\n  columns = [\"points\"]\n");
    auto r = run({"sync", "--db", db.url(), "--schema", file, "--yes", "--concurrent-indexes", "-v"});
    INFO(r.out << r.err);
    CHECK(r.code == 0);
    CHECK(r.err.find("CREATE INDEX CONCURRENTLY \"idx_scores_points\"") != std::string::npos);
    CHECK(db.scalar("SELECT count(*) FROM pg_indexes WHERE indexname = 'idx_scores_points'") == "1");
    CHECK(run({"plan", "--db", db.url(), "--schema", file}).code == 0);
}

// Regression: the invalid index a failed CREATE UNIQUE INDEX CONCURRENTLY leaves
// behind was taken for the real one, so plan said "no changes" while nothing
// was enforced.
TEST_CASE("postgres: an invalid index left by a failed concurrent build is rebuilt") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "invalid_index");
    auto file = write_file(db.dir() + "/s.toml", kBase);
    REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
    db.exec("INSERT INTO scores VALUES (1, 7), (2, 7)");
    write_file(file, kBase + "  [[table.index]]\n  columns = [\"points\"]\n  unique = true\n");
    auto bad = run({"sync", "--db", db.url(), "--schema", file, "--yes", "--concurrent-indexes", "--skip-data-checks"});
    INFO(bad.out << bad.err);
    REQUIRE(bad.code == 1);
    REQUIRE(db.scalar("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                      "WHERE c.relname = 'uq_scores_points' AND NOT i.indisvalid") == "1");
    db.exec("UPDATE scores SET points = 8 WHERE id = 2");
    auto p = run({"plan", "--db", db.url(), "--schema", file});
    INFO(p.out << p.err);
    CHECK(p.code == 2);
    CHECK(p.out.find("drop invalid unique index uq_scores_points") != std::string::npos);
    auto good = run({"sync", "--db", db.url(), "--schema", file, "--yes", "--concurrent-indexes"});
    INFO(good.out << good.err);
    CHECK(good.code == 0);
    CHECK(db.scalar("SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                    "WHERE c.relname = 'uq_scores_points'") == "t");
    CHECK(run({"plan", "--db", db.url(), "--schema", file}).code == 0);
    CHECK_THROWS(db.exec("INSERT INTO scores VALUES (3, 7)"));
}

// Regression: renaming a table or a column rebuilt the enum type it owns (a new
// type and ALTER COLUMN ... TYPE ... USING, which rewrites the whole table).
TEST_CASE("postgres: renaming a table or column renames its enum type, without a rewrite") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "enum_rename");
    const std::string v1 = R"~(
[[table]]
name = "tickets"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "state"
  type = "enum"
  values = ["open", "closed"]
  default = "open"
)~";
    auto file = write_file(db.dir() + "/s.toml", v1);
    REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
    db.exec("INSERT INTO tickets VALUES (1, 'closed'), (2, DEFAULT)");
    std::string v2 = v1;
    v2.replace(v2.find("name = \"tickets\""), 16, "name = \"issues\"\nrenamed_from = \"tickets\"");
    v2.replace(v2.find("name = \"state\""), 14, "name = \"status\"\n  renamed_from = \"state\"");
    v2.replace(v2.find("\"closed\"]"), 9, "\"closed\", \"wontfix\"]");
    write_file(file, v2);
    auto p = run({"plan", "--db", db.url(), "--schema", file, "--format", "sql"});
    INFO(p.out << p.err);
    CHECK(p.code == 2);
    CHECK(p.out.find("ALTER TYPE \"tickets_state\" RENAME TO \"issues_status\"") != std::string::npos);
    CHECK(p.out.find("USING") == std::string::npos);
    CHECK(p.out.find("CREATE TYPE") == std::string::npos);
    auto r = run({"sync", "--db", db.url(), "--schema", file, "--yes"});
    INFO(r.out << r.err);
    REQUIRE(r.code == 0);
    CHECK(run({"plan", "--db", db.url(), "--schema", file}).code == 0);
    CHECK(db.scalar("SELECT status FROM issues WHERE id = 1") == "closed");
    CHECK(db.scalar("SELECT status FROM issues WHERE id = 2") == "open");
    CHECK(db.scalar("SELECT count(*) FROM pg_type WHERE typname IN ('tickets_state', 'issues_status')") == "1");
}

TEST_CASE("postgres: a second run waits for the advisory lock, then fails cleanly") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "advisory");
    auto file = write_file(db.dir() + "/s.toml", kBase);
    REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
    write_file(file, kBase + "  [[table.column]]\n  name = \"note\"\n  type = \"text\"\n  nullable = true\n");
    auto cfg = write_file(db.dir() + "/schemactl.toml", "[safety]\nlock_timeout = \"700ms\"\n");
    // Another run holds the lock (same key as schemactl's).
    db.exec("BEGIN");
    db.exec("SELECT pg_advisory_xact_lock(" + std::to_string(0x736368656d61LL) + ")");
    auto t0 = std::chrono::steady_clock::now();
    auto r = run({"sync", "--db", db.url(), "--schema", file, "--yes", "--config", cfg});
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    db.exec("ROLLBACK");
    INFO(r.out << r.err);
    CHECK(r.code == 1);
    CHECK(r.err.find("another schemactl run") != std::string::npos);
    CHECK(secs < 10);
    CHECK(db.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'scores'") == "2");
    CHECK(run({"sync", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
}

TEST_CASE("postgres: a plan bigger than the lock table is refused before it runs, --batch applies it") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "locktable");
    std::string s;
    for (int i = 0; i < 1000; ++i) {
        s += "[[table]]\nname = \"lt" + std::to_string(i) + "\"\nprimary_key = [\"id\"]\n";
        s += "  [[table.column]]\n  name = \"id\"\n  type = \"bigint\"\n  auto_increment = true\n";
        s += "  [[table.column]]\n  name = \"a\"\n  type = \"text\"\n  nullable = true\n";
        s += "  [[table.column]]\n  name = \"b\"\n  type = \"int\"\n  nullable = true\n";
        s += "  [[table.column]]\n  name = \"c\"\n  type = \"int\"\n  nullable = true\n";
        s += "  [[table.index]]\n  columns = [\"a\"]\n  [[table.index]]\n  columns = [\"b\"]\n";
        s += "  [[table.index]]\n  columns = [\"c\"]\n";
    }
    auto file = write_file(db.dir() + "/s.toml", s);
    auto r = run({"create", "--db", db.url(), "--schema", file, "--yes"});
    INFO(r.err.substr(0, 2000));
    CHECK(r.code == 1);
    CHECK(r.err.find("max_locks_per_transaction") != std::string::npos);
    CHECK(r.err.find("--batch") != std::string::npos);
    CHECK(db.scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == "0");
    auto b = run({"create", "--db", db.url(), "--schema", file, "--yes", "--batch", "300"});
    CHECK(b.code == 0);
    CHECK(db.scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == "1000");
}

TEST_CASE("postgres: connection errors name the database and never the password") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "connerr");
    auto file = write_file(db.dir() + "/s.toml", kBase);
    std::string base = db.url().substr(0, db.url().rfind('/'));
    std::string with_pw = "postgres://postgres:Secr3tPw@" + base.substr(base.find('@') + 1);
    auto missing = run({"plan", "--db", with_pw + "/no_such_db", "--schema", file});
    INFO(missing.err);
    CHECK(missing.code == 1);
    CHECK(missing.err.find("no_such_db") != std::string::npos);
    CHECK(missing.err.find("does not exist") != std::string::npos);
    CHECK(missing.err.find("Secr3tPw") == std::string::npos);
    auto refused = run({"ping", "--db", "postgres://u:Secr3tPw@127.0.0.1:1/x"});
    CHECK(refused.code == 1);
    CHECK(refused.err.find("127.0.0.1:1") != std::string::npos);
    CHECK(refused.err.find("Secr3tPw") == std::string::npos);
    auto schema = run({"plan", "--db", db.url() + "?schema=nope", "--schema", file});
    CHECK(schema.code == 1);
    CHECK(schema.err.find("schema 'nope' does not exist") != std::string::npos);
}
