// Bad input: malformed schema files, bad URLs, a missing database file, a
// read-only database. Each gets a clear error, exit 1, and the database is
// unchanged.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;
namespace fs = std::filesystem;

static const std::string kGood = R"~(
[[table]]
name = "items"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "label"
  type = "varchar(40)"
)~";

// tests/fixtures/bad/expected.txt: "<file> | <substring of the error> | <line>"
static std::vector<std::pair<std::string, std::string>> bad_fixtures() {
    std::vector<std::pair<std::string, std::string>> out;
    std::ifstream in(source_dir() + "/tests/fixtures/bad/expected.txt");
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        auto bar = line.find('|');
        if (bar == std::string::npos) continue;
        auto trim = [](std::string s) {
            s.erase(0, s.find_first_not_of(" \t"));
            s.erase(s.find_last_not_of(" \t") + 1);
            return s;
        };
        std::string file = trim(line.substr(0, bar));
        std::string rest = line.substr(bar + 1);
        std::string msg = trim(rest.substr(0, rest.find('|')));
        out.emplace_back(file, msg);
    }
    return out;
}

TEST_CASE("every malformed schema file: clear error naming file:line, exit 1, database unchanged") {
    auto fixtures = bad_fixtures();
    REQUIRE(fixtures.size() >= 20);
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "bad_schema");
            auto good = write_file(db.dir() + "/good.toml", kGood);
            REQUIRE(run({"create", "--db", db.url(), "--schema", good, "--yes"}).code == 0);
            db.exec("INSERT INTO items (id, label) VALUES (1, 'one')");
            for (const auto& [file, msg] : fixtures) {
                std::string path = source_dir() + "/tests/fixtures/bad/" + file;
                INFO(file);
                auto v = run({"validate", "--db", db.url(), "--schema", path});
                INFO(v.out << v.err);
                CHECK(v.code == 1);
                CHECK(v.err.find(msg) != std::string::npos);
                CHECK(v.err.find(file) != std::string::npos);  // names the file
                auto s = run({"sync", "--db", db.url(), "--schema", path, "--yes", "--allow-drop"});
                CHECK(s.code == 1);
            }
            auto t = db.inspect();
            REQUIRE(t.tables.size() == 1);
            CHECK(t.tables[0].columns.size() == 2);
            CHECK(db.scalar("SELECT label FROM items WHERE id = 1") == "one");
        }
    }
}

TEST_CASE("bad database URLs: exit 1 with what to do, never the password") {
    TestDb db("sqlite", "bad_urls");
    auto good = write_file(db.dir() + "/good.toml", kGood);
    for (std::string url :
         {"oracle://u:hunter2@h/d", "postgres://u:hunter2@127.0.0.1:1/d", "mysql://u:hunter2@127.0.0.1:1/d",
          "postgres://u:hunter2@h:notaport/d", "sqlite:", "nonsense"}) {
        INFO(url);
        auto r = run({"plan", "--db", url, "--schema", good});
        INFO(r.out << r.err);
        CHECK(r.code == 1);
        CHECK_FALSE(r.err.empty());
        CHECK(r.err.find("hunter2") == std::string::npos);
        CHECK(r.out.find("hunter2") == std::string::npos);
    }
}

// The dialect's own checks run on the thread reading the files once the
// connection is made, and on the main thread when it cannot be: either way
// the same problem is reported, and nothing waits for the other.
TEST_CASE("a problem only the dialect sees is reported whether or not the database can be reached") {
    TestDb db("sqlite", "dialect_check");
    auto good = write_file(db.dir() + "/good.toml", kGood);
    REQUIRE(run({"create", "--db", db.url(), "--schema", good, "--yes"}).code == 0);
    // Valid for every dialect but SQLite: AUTOINCREMENT is only for the
    // single INTEGER PRIMARY KEY there.
    auto bad = write_file(db.dir() + "/bad.toml", R"~(
[[table]]
name = "tallies"
primary_key = ["code"]
  [[table.column]]
  name = "code"
  type = "text"
  [[table.column]]
  name = "seq"
  type = "int"
  auto_increment = true
)~");
    REQUIRE(run({"validate", "--schema", bad, "--db", "postgres://u@127.0.0.1:1/d"}).code == 0);
    const std::string missing = "sqlite:" + db.dir() + "/nope.db";
    for (const auto& args : std::vector<std::vector<std::string>>{{"plan", "--db", db.url(), "--schema", bad},
                                                                  {"sync", "--db", db.url(), "--schema", bad, "--yes"},
                                                                  {"plan", "--db", missing, "--schema", bad}}) {
        auto r = run(args);
        INFO(args[0] << " " << args[2] << "\n" << r.out << r.err);
        CHECK(r.code == 1);
        CHECK(r.err.find("tallies.seq") != std::string::npos);
        CHECK(r.err.find("bad.toml") != std::string::npos);
    }
    CHECK(db.scalar("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'tallies'") == "0");
    CHECK_FALSE(fs::exists(db.dir() + "/nope.db"));
}

TEST_CASE("plan on a missing SQLite file: error, and no file is created") {
    TestDb db("sqlite", "missing_file");
    auto good = write_file(db.dir() + "/good.toml", kGood);
    std::string path = db.dir() + "/nope.db";
    auto r = run({"plan", "--db", "sqlite:" + path, "--schema", good});
    CHECK(r.code == 1);
    CHECK(r.err.find("nope.db") != std::string::npos);
    CHECK_FALSE(fs::exists(path));
}

TEST_CASE("a read-only SQLite database: error, unchanged") {
    TestDb db("sqlite", "readonly");
    auto good = write_file(db.dir() + "/good.toml", kGood);
    REQUIRE(run({"create", "--db", db.url(), "--schema", good, "--yes"}).code == 0);
    std::string path = db.url().substr(7);
    auto before = read_file(path);
    chmod(path.c_str(), 0444);
    chmod(db.dir().c_str(), 0555);  // no journal file either
    auto changed = write_file(db.dir() + "/../" + fs::path(db.dir()).filename().string() + "-changed.toml",
                              kGood + "  [[table.column]]\n  name = \"extra\"\n  type = \"int\"\n  nullable = true\n");
    chmod(changed.c_str(), 0644);
    auto r = run({"sync", "--db", db.url(), "--schema", changed, "--yes"}, "", {{"SCHEMACTL_TEST_RUN_AS_NOBODY", "1"}});
    chmod(db.dir().c_str(), 0755);
    chmod(path.c_str(), 0644);
    fs::remove(changed);
    INFO(r.out << r.err);
    CHECK(r.code == 1);
    CHECK(r.err.find("read-only") != std::string::npos);
    CHECK(read_file(path) == before);
    record_outcome("sqlite", "read-only database file (run as nobody)",
                   "exit 1, \"the SQLite database … is read-only\"; file byte-identical");
}

TEST_CASE("config file: bad settings name file:line") {
    TestDb db("sqlite", "bad_config");
    auto good = write_file(db.dir() + "/good.toml", kGood);
    auto cfg = write_file(db.dir() + "/schemactl.toml",
                          "[database]\nurl = \"" + db.url() + "\"\n[safety]\nlock_timeout = \"soon\"\n");
    auto r = run({"plan", "--config", cfg, "--schema", good});
    CHECK(r.code == 1);
    CHECK(r.err.find("schemactl.toml:4") != std::string::npos);
    write_file(cfg, "[database]\nurl = \"" + db.url() + "\"\nurll = 1\n");
    r = run({"plan", "--config", cfg, "--schema", good});
    CHECK(r.code == 1);
    CHECK(r.err.find("unknown setting 'database.urll'") != std::string::npos);
}
