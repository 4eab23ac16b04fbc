// Plans without the database (issue 15): `inspect --snapshot FILE` writes the
// live schema to one file, and `plan --from-snapshot FILE` plans against it
// with no connection. For every adoption fixture (hand-written DDL, edited
// the way the evolution test edits schemas) and 20 evolution seeds per
// database, the offline SQL is byte for byte the online SQL, with the same
// exit code. Bad snapshot files, and a snapshot of another kind of database
// than the one configured, stop with an error naming the file.
#include <catch2/catch.hpp>
#include <algorithm>
#include <filesystem>
#include <sstream>

#include "config/database_url.hpp"
#include "schema_gen.hpp"
#include "support.hpp"
#include "toml/writer.hpp"

using namespace schemactl;
using namespace schemactl::test;
namespace fs = std::filesystem;

namespace {

// Loads a DDL file with sqlite3 / psql / mariadb (as adoption_test.cpp does).
int load_with_client(const TestDb& db, const std::string& file) {
    DatabaseUrl u = parse_database_url(db.url());
    std::string cmd;
    if (db.kind() == "sqlite") cmd = "sqlite3 -bail '" + u.database + "' < '" + file + "'";
    else if (db.kind() == "postgres")
        cmd = "psql -q -X -v ON_ERROR_STOP=1 -h " + u.host + " -p " + std::to_string(u.port) + " -U " + u.user + " -d " +
              u.database + " -f '" + file + "'";
    else
        cmd = "mariadb --no-defaults -h" + u.host + " --protocol=TCP -P" + std::to_string(u.port) + " -u" + u.user + " " +
              u.database + " < '" + file + "'";
    return std::system((cmd + " > '" + db.dir() + "/client.log' 2>&1").c_str());
}

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

// Takes a snapshot of `db` with the CLI, then plans `schema_file` online and
// offline and checks that both print the same script and exit alike.
// Returns whether the online plan had SQL to run.
bool offline_matches_online(TestDb& db, const std::string& schema_file) {
    std::string snap = db.dir() + "/live.snapshot.toml";
    auto in = run({"inspect", "--db", db.url(), "--snapshot", snap}, "", {}, db.dir());
    INFO("inspect --snapshot: " << in.err);
    CHECK(in.code == 0);
    if (in.code != 0) return false;
    auto on = run({"plan", "--db", db.url(), "--schema", schema_file, "--format", "sql", "--allow-drop"}, "", {},
                  db.dir());
    auto off = run({"plan", "--from-snapshot", snap, "--schema", schema_file, "--format", "sql", "--allow-drop"}, "",
                   {}, db.dir());
    INFO("schema files:\n" << read_file(schema_file));
    INFO("online (exit " << on.code << "):\n" << on.out << on.err);
    INFO("offline (exit " << off.code << "):\n" << off.out << off.err);
    INFO("snapshot:\n" << read_file(snap));
    CHECK(off.code == on.code);
    CHECK(off.out == without_data_problems(on.out));
    CHECK(off.err == on.err);
    return on.code == 2 && statements(on.out) > 0;
}

// The live schema of `db` as schema files (what `inspect` exports), portable form.
Schema exported(TestDb& db) {
    Schema live = db.inspect();
    Schema out;
    for (const auto& t : live.tables) out.tables.push_back(db.dialect().raise(t));
    return out;
}

}  // namespace

// Plain loops, not sections: a failure names its fixture or seed and the
// loop goes on, and the counts below see every iteration.
TEST_CASE("offline plans of adopted databases match the online plans", "[snapshot]") {
    for (const auto& kind : database_kinds()) {
        std::string dir = source_dir() + "/tests/fixtures/adopt/" + kind;
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(dir))
            if (e.path().extension() == ".sql") files.push_back(e.path());
        std::sort(files.begin(), files.end());
        REQUIRE(files.size() >= 40);
        int with_changes = 0;
        for (std::size_t i = 0; i < files.size(); ++i) {
            const auto& f = files[i];
            INFO(kind << " " << f.filename().string());
            TestDb db(kind, "snap_adopt");
            if (kind == "sqlite") db.exec("SELECT 1");  // the file exists for the client
            int rc = load_with_client(db, f.string());
            INFO("client: " << read_file(db.dir() + "/client.log"));
            CHECK(rc == 0);
            if (rc != 0) continue;
            // The adopted tables, edited: columns, keys, checks and tables
            // added, changed, renamed and dropped.
            Schema s = exported(db);
            SchemaGen gen(static_cast<unsigned>(i + 1), {kind != "mysql", true});
            std::string edits;
            for (int k = 0; k < 4; ++k) edits += gen.mutate(s) + "; ";
            INFO("edits: " << edits);
            std::string file = write_file(db.dir() + "/schema.toml", write_schema_toml(s));
            if (offline_matches_online(db, file)) ++with_changes;
        }
        // Most edited fixtures plan real SQL (an edit the files refuse exits 1 on both sides).
        INFO(kind << ": " << with_changes << " of " << files.size() << " fixtures planned SQL");
        CHECK(with_changes >= static_cast<int>(files.size()) * 3 / 4);
    }
}

TEST_CASE("offline plans of evolved databases match the online plans", "[snapshot]") {
    for (const auto& kind : database_kinds()) {
        int with_changes = 0;
        for (unsigned seed = 1; seed <= 20; ++seed) {
            INFO(kind << " seed " << seed);
            TestDb db(kind, "snap_evolve");
            SchemaGen gen(seed, {kind != "mysql", true});
            Schema s = gen.initial();
            for (int k = 0; k < 3; ++k) gen.mutate(s);
            std::string file = write_file(db.dir() + "/v1.toml", write_schema_toml(s));
            auto c = run({"create", "--db", db.url(), "--schema", file, "--yes"}, "", {}, db.dir());
            INFO(c.out << c.err);
            CHECK(c.code == 0);
            if (c.code != 0) continue;
            std::string edits;
            for (int k = 0; k < 6; ++k) edits += gen.mutate(s) + "; ";
            INFO("edits: " << edits);
            write_file(file, write_schema_toml(s));
            if (offline_matches_online(db, file)) ++with_changes;
        }
        INFO(kind << ": " << with_changes << " of 20 seeds planned SQL");
        CHECK(with_changes >= 15);
    }
}
