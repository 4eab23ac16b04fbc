// Plans without the database (issue 15): `inspect --snapshot FILE` writes the
// live schema to one file, and `plan --from-snapshot FILE` plans against it
// with no connection. For every adoption fixture (hand-written DDL, edited
// the way the evolution test edits schemas) and 20 evolution seeds per
// database, the offline SQL is byte for byte the online SQL, with the same
// exit code. Bad snapshot files, and a snapshot of another kind of database
// than the one configured, stop with an error naming the file.
#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <thread>

#include "config/database_url.hpp"
#include "schema_gen.hpp"
#include "snapshot/snapshot_file.hpp"
#include "support.hpp"
#include "toml/writer.hpp"

using namespace schemactl;
using namespace schemactl::test;
namespace fs = std::filesystem;

namespace {

// Statements in a `plan --format sql` script (lines that are not comments or blank).
int statements(const std::string& sql) {
    int n = 0;
    std::istringstream in(sql);
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line.rfind("--", 0) != 0) ++n;
    return n;
}

// The same script without the data problems the online plan found in the
// rows: the one thing an offline plan cannot know.
std::string without_data_problems(const std::string& sql) {
    std::string out;
    std::istringstream in(sql);
    for (std::string line; std::getline(in, line);)
        if (line.rfind("-- DATA PROBLEM ", 0) != 0) out += line + "\n";
    return out;
}

// What one fixture or seed showed, checked on the test's thread.
struct Outcome {
    std::string kind, what;  // "postgres", "12_enum.sql" or "seed 3"
    std::string failed;      // a step before the plans that failed, with its output
    std::string edits, schema, snapshot;
    RunResult on, off;
};

// Empties `db` for the next fixture or seed: cheaper than a new database
// per iteration (CREATE and DROP DATABASE take most of a second on
// PostgreSQL), which keeps this file's run time modest.
void empty_database(TestDb& db) {
    if (db.kind() == "postgres") {
        db.exec("DROP SCHEMA public CASCADE");
        db.exec("CREATE SCHEMA public");
    } else if (db.kind() == "mysql") {
        std::string name = parse_database_url(db.url()).database;
        db.exec("DROP DATABASE `" + name + "`");
        db.exec("CREATE DATABASE `" + name + "`");
        db.exec("USE `" + name + "`");
    } else {
        db.exec("PRAGMA foreign_keys = OFF");
        // Views first; dropping an FTS table drops its shadow tables too.
        for (const char* type : {"view", "table"})
            for (const auto& r : db.rows(std::string("SELECT name FROM sqlite_master WHERE type = '") + type +
                                         "' AND name NOT LIKE 'sqlite_%'"))
                db.exec(std::string("DROP ") + type + " IF EXISTS " + db.dialect().quote_ident(*r[0]));
    }
}

// Plans `schema_file` online and offline, against the snapshot `snap`.
void plan_both(TestDb& db, const std::string& schema_file, const std::string& snap, Outcome& o) {
    o.schema = read_file(schema_file);
    o.snapshot = read_file(snap);
    o.on = run({"plan", "--db", db.url(), "--schema", schema_file, "--format", "sql", "--allow-drop"}, "", {},
               db.dir());
    o.off = run({"plan", "--from-snapshot", snap, "--schema", schema_file, "--format", "sql", "--allow-drop"}, "", {},
                db.dir());
}

// Runs `body` for every (kind, index) job on a few threads, each with its
// own database of each kind. The databases are made here, on the test's
// thread (TestDb asserts), and bodies use no Catch macros (they are not
// thread-safe): they fill in an Outcome that check() looks at afterwards.
// Most of the time is spent waiting for processes and servers, so a few
// threads cut the run time even on a busy machine.
template <class Body>
std::vector<Outcome> run_jobs(const std::vector<std::pair<std::string, std::size_t>>& jobs, const std::string& tag,
                              Body body) {
    constexpr int kWorkers = 3;
    std::vector<std::map<std::string, std::unique_ptr<TestDb>>> dbs(kWorkers);
    for (auto& m : dbs)
        for (const auto& kind : database_kinds()) m[kind] = std::make_unique<TestDb>(kind, tag);
    std::vector<Outcome> out(jobs.size());
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < kWorkers; ++w)
        threads.emplace_back([&, w] {
            for (std::size_t i = next++; i < jobs.size(); i = next++) {
                Outcome& o = out[i];
                o.kind = jobs[i].first;
                try {
                    TestDb& db = *dbs[static_cast<std::size_t>(w)][o.kind];
                    empty_database(db);  // also makes the SQLite file for the client
                    body(jobs[i].second, db, o);
                } catch (const std::exception& e) {
                    o.failed += std::string(e.what());
                }
            }
        });
    for (auto& t : threads) t.join();
    return out;
}

// The offline plan printed the online script (less the rows' data
// problems) and exited alike. Returns whether the online plan had SQL to run.
bool check(const Outcome& o) {
    INFO(o.kind << " " << o.what);
    INFO("edits: " << o.edits);
    CHECK(o.failed == "");
    if (!o.failed.empty()) return false;
    INFO("schema files:\n" << o.schema);
    INFO("online (exit " << o.on.code << "):\n" << o.on.out << o.on.err);
    INFO("offline (exit " << o.off.code << "):\n" << o.off.out << o.off.err);
    INFO("snapshot:\n" << o.snapshot);
    CHECK(o.off.code == o.on.code);
    CHECK(o.off.out == without_data_problems(o.on.out));
    CHECK(o.off.err == o.on.err);
    return o.on.code == 2 && statements(o.on.out) > 0;
}

// Takes a snapshot of `db` with the CLI; "" when inspect failed (then o.failed says why).
std::string cli_snapshot(TestDb& db, Outcome& o) {
    std::string snap = db.dir() + "/live.snapshot.toml";
    auto in = run({"inspect", "--db", db.url(), "--snapshot", snap}, "", {}, db.dir());
    if (in.code == 0) return snap;
    o.failed = "inspect --snapshot: " + in.err;
    return "";
}

}  // namespace

TEST_CASE("offline plans of adopted databases match the online plans", "[snapshot]") {
    std::map<std::string, std::vector<fs::path>> files;
    std::vector<std::pair<std::string, std::size_t>> jobs;
    for (const auto& kind : database_kinds()) {
        for (const auto& e : fs::directory_iterator(source_dir() + "/tests/fixtures/adopt/" + kind))
            if (e.path().extension() == ".sql") files[kind].push_back(e.path());
        std::sort(files[kind].begin(), files[kind].end());
        REQUIRE(files[kind].size() >= 40);
        for (std::size_t i = 0; i < files[kind].size(); ++i) jobs.emplace_back(kind, i);
    }
    auto outcomes = run_jobs(jobs, "snap_adopt", [&](std::size_t i, TestDb& db, Outcome& o) {
        const fs::path& f = files[db.kind()][i];
        o.what = f.filename().string();
        if (load_with_client(db, f.string()) != 0) {
            o.failed = "loading the fixture: " + read_file(db.dir() + "/client.log");
            return;
        }
        // One catalog read for both the snapshot and the files to edit (the
        // same code as `inspect --snapshot`, whose CLI path the evolution
        // case below runs 20 times per database): it halves the PostgreSQL time.
        Snapshot snap;
        snap.dialect = db.kind();
        snap.database = parse_database_url(db.url()).redacted();
        snap.server_version = db.conn().server_version();
        snap.schema = db.inspect();
        std::string snap_file = db.dir() + "/live.snapshot.toml";
        save_snapshot(snap_file, snap);
        // The adopted tables as `inspect` exports them, edited: columns,
        // keys, checks and tables added, changed, renamed and dropped.
        Schema s;
        for (const auto& t : snap.schema.tables) s.tables.push_back(db.dialect().raise(t));
        SchemaGen gen(static_cast<unsigned>(i + 1), {db.kind() != "mysql", true});
        for (int k = 0; k < 4; ++k) o.edits += gen.mutate(s) + "; ";
        plan_both(db, write_file(db.dir() + "/schema.toml", write_schema_toml(s)), snap_file, o);
    });
    std::map<std::string, int> with_changes;
    for (const auto& o : outcomes)
        if (check(o)) ++with_changes[o.kind];
    // Most edited fixtures plan real SQL (an edit the files refuse exits 1 on both sides).
    for (const auto& [kind, list] : files) {
        INFO(kind << ": " << with_changes[kind] << " of " << list.size() << " fixtures planned SQL");
        CHECK(with_changes[kind] >= static_cast<int>(list.size()) * 3 / 4);
    }
}

TEST_CASE("offline plans of evolved databases match the online plans", "[snapshot]") {
    std::vector<std::pair<std::string, std::size_t>> jobs;
    for (const auto& kind : database_kinds())
        for (std::size_t seed = 1; seed <= 20; ++seed) jobs.emplace_back(kind, seed);
    auto outcomes = run_jobs(jobs, "snap_evolve", [&](std::size_t seed, TestDb& db, Outcome& o) {
        o.what = "seed " + std::to_string(seed);
        SchemaGen gen(static_cast<unsigned>(seed), {db.kind() != "mysql", true});
        Schema s = gen.initial();
        for (int k = 0; k < 3; ++k) gen.mutate(s);
        std::string file = write_file(db.dir() + "/schema.toml", write_schema_toml(s));
        auto c = run({"create", "--db", db.url(), "--schema", file, "--yes"}, "", {}, db.dir());
        if (c.code != 0) {
            o.failed = "create: " + c.out + c.err;
            return;
        }
        for (int k = 0; k < 6; ++k) o.edits += gen.mutate(s) + "; ";
        write_file(file, write_schema_toml(s));
        std::string snap = cli_snapshot(db, o);
        if (!snap.empty()) plan_both(db, file, snap, o);
    });
    std::map<std::string, int> with_changes;
    for (const auto& o : outcomes)
        if (check(o)) ++with_changes[o.kind];
    for (const auto& kind : database_kinds()) {
        INFO(kind << ": " << with_changes[kind] << " of 20 seeds planned SQL");
        CHECK(with_changes[kind] >= 15);
    }
}

TEST_CASE("offline plans say data checks were not evaluated, in every format", "[snapshot]") {
    TestDb db("sqlite", "snap_formats");
    db.exec("CREATE TABLE shelves (id INTEGER PRIMARY KEY, width INTEGER)");
    db.exec("INSERT INTO shelves (id, width) VALUES (1, 10), (2, NULL)");
    // width becomes NOT NULL: row 2 breaks it, which only the database can tell.
    std::string file = write_file(db.dir() + "/shelves.toml", R"([[table]]
name = "shelves"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "width"
  type = "int"
)");
    std::string snap = db.dir() + "/live.toml";
    auto in = run({"inspect", "--db", db.url(), "--snapshot", snap}, "", {}, db.dir());
    INFO(in.err);
    REQUIRE(in.code == 0);
    CHECK(in.err.find("wrote a snapshot of 1 tables (sqlite ") != std::string::npos);
    auto plan = [&](bool offline, const std::string& format) {
        std::vector<std::string> args{"plan", "--schema", file, "--format", format};
        if (offline) args.insert(args.end(), {"--from-snapshot", snap});
        else args.insert(args.end(), {"--db", db.url()});
        auto r = run(args, "", {}, db.dir());
        INFO((offline ? "offline " : "online ") << format << " (exit " << r.code << "): " << r.out << r.err);
        CHECK(r.code == 2);
        return r.out;
    };
    std::string on_text = plan(false, "text"), off_text = plan(true, "text");
    CHECK(on_text.find("shelves.width: 1 rows hold NULL") != std::string::npos);
    CHECK(on_text.find("not evaluated") == std::string::npos);
    CHECK(off_text.find("data problems") == std::string::npos);
    CHECK(off_text.find("data checks: not evaluated (planned from a snapshot: no rows were read)\nPlan: ") !=
          std::string::npos);
    CHECK(plan(false, "json").find("\"data_checks\" : \"evaluated\"") != std::string::npos);
    std::string off_json = plan(true, "json");
    CHECK(off_json.find("\"data_checks\" : \"not evaluated\"") != std::string::npos);
    CHECK(off_json.find("\"problems\" : []") != std::string::npos);
    CHECK(plan(false, "markdown").find("not evaluated") == std::string::npos);
    CHECK(plan(true, "markdown").find("> **Data checks: not evaluated.**") != std::string::npos);
    // The script is the same but for the problem the rows showed.
    std::string on_sql = plan(false, "sql"), off_sql = plan(true, "sql");
    CHECK(on_sql.find("-- DATA PROBLEM shelves.width: 1 rows hold NULL") != std::string::npos);
    CHECK(statements(off_sql) > 0);
    CHECK(off_sql == without_data_problems(on_sql));
    // No connection is made: the database can be gone.
    fs::remove(parse_database_url(db.url()).database);
    CHECK(plan(true, "sql") == off_sql);
    CHECK_FALSE(fs::exists(parse_database_url(db.url()).database));
}

TEST_CASE("plan --from-snapshot uses the snapshot's dialect and connects to nothing", "[snapshot]") {
    TestDb db("sqlite", "snap_dialect");  // only for its scratch folder
    // A PostgreSQL snapshot of an empty database on a host that does not exist.
    std::string snap = write_file(db.dir() + "/pg.toml",
                                  "[snapshot]\nformat_version = 1\ndialect = \"postgres\"\n"
                                  "database = \"postgres://app@db.invalid/app\"\n");
    std::string file = write_file(db.dir() + "/t.toml", R"([[table]]
name = "t"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "bigint"
  auto_increment = true
  [[table.column]]
  name = "doubled"
  type = "bigint"
  nullable = true
  generated = "id * 2"
)");
    // PostgreSQL has only stored generated columns: the files are checked for
    // the snapshot's dialect, and the error points at the column.
    auto r = run({"plan", "--from-snapshot", snap, "--schema", file}, "", {}, db.dir());
    INFO(r.out << r.err);
    CHECK(r.code == 1);
    CHECK(r.err.find(file + ":8:3: t.doubled: PostgreSQL 15 has only stored generated columns") != std::string::npos);
    // Stored: the plan creates the table in PostgreSQL's SQL, for the snapshot's database.
    write_file(file, read_file(file) + "  stored = true\n");
    r = run({"plan", "--from-snapshot", snap, "--schema", file, "--format", "sql"}, "", {}, db.dir());
    INFO(r.out << r.err);
    CHECK(r.code == 2);
    CHECK(r.out.rfind("-- schemactl plan for postgres://app@db.invalid/app (postgres)\n", 0) == 0);
    CHECK(r.out.find("CREATE TABLE \"t\" (\n  \"id\" bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,\n  \"doubled\" "
                     "bigint GENERATED ALWAYS AS (id * 2) STORED,") != std::string::npos);
}

TEST_CASE("a snapshot that cannot be used stops the plan naming the file", "[snapshot]") {
    TestDb db("sqlite", "snap_errors");
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
    std::string file = write_file(db.dir() + "/t.toml", one_column_toml("t", "note", "text"));
    std::string snap = db.dir() + "/live.toml";
    REQUIRE(run({"inspect", "--db", db.url(), "--snapshot", snap}, "", {}, db.dir()).code == 0);
    auto offline = [&](const std::string& from, const std::map<std::string, std::string>& env = {},
                       std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"plan", "--from-snapshot", from, "--schema", file};
        args.insert(args.end(), extra.begin(), extra.end());
        auto r = run(args, "", env, db.dir());
        INFO("exit " << r.code << ": " << r.out << r.err);
        CHECK(r.code == 1);
        CHECK(r.out.empty());
        return r.err;
    };
    SECTION("missing file, or a folder") {
        std::string missing = db.dir() + "/nope.toml";
        std::string e = offline(missing);
        CHECK(e.find("cannot read snapshot " + missing + ": No such file or directory") != std::string::npos);
        CHECK(e.find("schemactl inspect --db URL --snapshot " + missing) != std::string::npos);
        CHECK(offline(db.dir()).find("cannot read snapshot " + db.dir() + ": it is a folder") != std::string::npos);
    }
    SECTION("garbled, cut short, or a schema file") {
        std::string text = read_file(snap);
        std::string bad = write_file(db.dir() + "/bad.toml", text.substr(0, text.find("[[table.column]]") + 5));
        std::string e = offline(bad);
        CHECK(e.find(bad + ":") != std::string::npos);
        CHECK(e.find("not valid TOML") != std::string::npos);
        std::string typo = write_file(db.dir() + "/typo.toml", text + "\n[[table]]\nname = \"u\"\ncolumns = []\n");
        e = offline(typo);
        CHECK(e.find(typo + ":") != std::string::npos);
        CHECK(e.find("unknown key 'columns' in table u") != std::string::npos);
        CHECK(offline(file).find(file + ":1:1: no [snapshot] table") != std::string::npos);
    }
    SECTION("another kind of database than the URL the user set") {
        std::string e = offline(snap, {}, {"--db", db.url()});
        CHECK(e.find("--db and --from-snapshot " + snap + " both say where the live schema comes from") !=
              std::string::npos);
        e = offline(snap, {{"DATABASE_URL", "postgres://app:secret@db.invalid/app"}});
        CHECK(e.find("snapshot " + snap + " is of a sqlite database") != std::string::npos);
        CHECK(e.find("the database URL from the environment variable DATABASE_URL is postgres") != std::string::npos);
        CHECK(e.find("secret") == std::string::npos);
        write_file(db.dir() + "/schemactl.toml", "[database]\nurl = \"mysql://app@db.invalid/app\"\n");
        e = offline(snap);
        CHECK(e.find("is of a sqlite database") != std::string::npos);
        CHECK(e.find("schemactl.toml is mysql") != std::string::npos);
        // A URL for the same kind of database is not used, and not in the way.
        write_file(db.dir() + "/schemactl.toml", "[database]\nurl = \"sqlite:elsewhere.db\"\n");
        auto r = run({"plan", "--from-snapshot", snap, "--schema", file}, "", {}, db.dir());
        INFO(r.out << r.err);
        CHECK(r.code == 2);
        CHECK_FALSE(fs::exists(db.dir() + "/elsewhere.db"));
    }
    SECTION("inspect --snapshot is the whole schema, in one file") {
        auto r = run({"inspect", "--db", db.url(), "--snapshot", snap, "--tables", "t"}, "", {}, db.dir());
        CHECK(r.code == 1);
        CHECK(r.err.find("--snapshot holds every table, so it does not take --tables") != std::string::npos);
        r = run({"inspect", "--db", db.url(), "--snapshot", snap, "--out", db.dir() + "/out"}, "", {}, db.dir());
        CHECK(r.code == 1);
        CHECK(r.err.find("excludes") != std::string::npos);
        r = run({"inspect", "--db", db.url(), "--snapshot", db.dir() + "/no/such/folder/s.toml"}, "", {}, db.dir());
        CHECK(r.code == 1);
        CHECK(r.err.find("cannot write snapshot " + db.dir() + "/no/such/folder/s.toml") != std::string::npos);
    }
}
