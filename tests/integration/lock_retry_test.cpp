// PostgreSQL's short lock attempts with retries against a busy table
// (docs/safety.md, "Waiting for a busy table").
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "config/database_url.hpp"
#include "diff/diff.hpp"
#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;

namespace {

std::string two_tables(bool extra) {
    std::string s;
    for (int i = 0; i < 2; ++i) {
        s += "[[table]]\nname = \"h" + std::to_string(i) + "\"\nprimary_key = [\"id\"]\n";
        s += "  [[table.column]]\n  name = \"id\"\n  type = \"int\"\n";
        if (extra) s += "  [[table.column]]\n  name = \"w\"\n  type = \"int\"\n  nullable = true\n";
    }
    return s;
}

bool same(const Schema& a, const Schema& b) { return diff(a, b).empty() && a.tables.size() == b.tables.size(); }

// Another application reads h1 for two seconds while `db`'s session holds it;
// then the holder lets go. Returns the longest read in seconds.
double read_while_held(TestDb& db) {
    auto app = db.dialect().connect(parse_database_url(db.url()), false);
    double longest = 0;
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (std::chrono::steady_clock::now() < until) {
        auto t0 = std::chrono::steady_clock::now();
        app->query("SELECT count(*) FROM h1");
        longest = std::max(longest, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    db.exec("ROLLBACK");
    return longest;
}

}  // namespace

TEST_CASE("postgres: a busy table is retried in short lock attempts until its holder lets go", "[safety][lock]") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "lock_retry");
    auto file = write_file(db.dir() + "/s.toml", two_tables(false));
    REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
    write_file(file, two_tables(true));
    auto cfg = write_file(db.dir() + "/schemactl.toml", "[safety]\nlock_timeout = \"20s\"\nlock_attempt = \"100ms\"\n");
    db.exec("BEGIN; LOCK TABLE h1 IN ACCESS SHARE MODE");  // an application transaction left open
    RunResult r;
    std::thread t([&] { r = run({"sync", "--db", db.url(), "--schema", file, "--yes", "--config", cfg}); });
    // Meanwhile another application reads h1: it waits behind a queued attempt
    // at most about one attempt, never the whole lock_timeout.
    double longest = read_while_held(db);
    t.join();
    INFO(r.out << r.err << "longest application read: " << longest << " s");
    CHECK(r.code == 0);
    CHECK(longest < 2.0);
    Schema live = db.inspect();
    CHECK(live.find_table("h0")->find_column("w"));
    CHECK(live.find_table("h1")->find_column("w"));
}

TEST_CASE("postgres: a table never let go: exit 1 naming the holder, nothing changed", "[safety][lock]") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "lock_giveup");
    auto file = write_file(db.dir() + "/s.toml", two_tables(false));
    REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
    Schema before = db.inspect();
    write_file(file, two_tables(true));
    auto cfg = write_file(db.dir() + "/schemactl.toml", "[safety]\nlock_timeout = \"2s\"\nlock_attempt = \"200ms\"\n");
    std::string holder = db.scalar("SELECT pg_backend_pid()");
    db.exec("SET application_name = 'holder_app'");
    db.exec("BEGIN; LOCK TABLE h1 IN ACCESS SHARE MODE");
    auto r = run({"sync", "--db", db.url(), "--schema", file, "--yes", "--config", cfg});
    db.exec("ROLLBACK");
    INFO(r.out << r.err);
    CHECK(r.code == 1);
    CHECK(r.err.find("could not get a lock on h1") != std::string::npos);
    CHECK(r.err.find("pid " + holder + " (application_name 'holder_app', state 'idle in transaction'") !=
          std::string::npos);
    CHECK(r.err.find("Rolled back") != std::string::npos);
    CHECK(same(before, db.inspect()));  // h0, altered before h1 waited, is rolled back too
    CHECK(run({"sync", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
}

// recreate runs its steps through the same apply as sync, so its DROP of a
// busy table waits in the same short attempts, and its rows come back.
TEST_CASE("postgres: recreate of a busy table waits in short lock attempts too", "[safety][lock]") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "lock_recreate");
    auto file = write_file(db.dir() + "/s.toml", two_tables(true));
    REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
    db.exec("INSERT INTO h1 (id, w) VALUES (1, 10), (2, NULL), (3, -7)");
    auto cfg = write_file(db.dir() + "/schemactl.toml", "[safety]\nlock_timeout = \"20s\"\nlock_attempt = \"100ms\"\n");
    db.exec("BEGIN; LOCK TABLE h1 IN ACCESS SHARE MODE");
    RunResult r;
    std::thread t([&] {
        r = run({"recreate", "h1", "--restore", "--db", db.url(), "--schema", file, "--yes", "--config", cfg});
    });
    double longest = read_while_held(db);
    t.join();
    INFO(r.out << r.err << "longest application read: " << longest << " s");
    CHECK(r.code == 0);
    CHECK(longest < 2.0);
    CHECK(db.scalar("SELECT string_agg(id || ':' || coalesce(w::text, 'null'), ',' ORDER BY id) FROM h1") ==
          "1:10,2:null,3:-7");
}
