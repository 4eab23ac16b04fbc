// Adopting an existing database: hand-written DDL (tests/fixtures/adopt/<db>/)
// loaded with the database's own client; inspect to TOML; plan with that TOML
// is clean; create from the TOML in a fresh database gives the same schema.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "config/database_url.hpp"
#include "diff/diff.hpp"
#include "schema/prepare.hpp"
#include "support.hpp"
#include "toml/reader.hpp"

using namespace schemactl;
using namespace schemactl::test;
namespace fs = std::filesystem;

namespace {

Schema lowered_from(const Dialect& d, const std::string& dir) {
    Diagnostics diags;
    Schema p = read_schema_files({dir}, diags);
    REQUIRE(diags.empty());
    Schema out;
    for (const auto& t : p.tables) out.tables.push_back(d.lower(prepare(t, d.name(), d.max_identifier_length())));
    return out;
}

}  // namespace

TEST_CASE("adopting hand-written databases: inspect, plan clean, recreate identical", "[adoption]") {
    for (const auto& kind : database_kinds()) {
        std::string dir = source_dir() + "/tests/fixtures/adopt/" + kind;
        std::vector<fs::path> files;
        if (fs::exists(dir))
            for (const auto& e : fs::directory_iterator(dir))
                if (e.path().extension() == ".sql") files.push_back(e.path());
        std::sort(files.begin(), files.end());
        if (files.empty()) {
            WARN("no adoption corpus for " << kind << " yet");
            continue;
        }
        CHECK(files.size() >= 40);
        for (const auto& f : files) {
            DYNAMIC_SECTION(kind << " " << f.filename().string()) {
                TestDb db(kind, "adopt");
                if (kind == "sqlite") db.exec("SELECT 1");  // the file exists for the client
                INFO(read_file(f.string()));
                int rc = load_with_client(db, f.string());
                INFO("client: " << read_file(db.dir() + "/client.log"));
                REQUIRE(rc == 0);
                std::string out = db.dir() + "/toml";
                auto in = run({"inspect", "--db", db.url(), "--out", out});
                INFO(in.err);
                REQUIRE(in.code == 0);
                auto p = run({"plan", "--db", db.url(), "--schema", out});
                INFO("plan: " << p.out << p.err);
                CHECK(p.code == 0);
                TestDb fresh(kind, "adopt_fresh");
                auto c = run({"create", "--db", fresh.url(), "--schema", out, "--yes"});
                INFO("create: " << c.out << c.err);
                REQUIRE(c.code == 0);
                std::string out2 = fresh.dir() + "/toml";
                REQUIRE(run({"inspect", "--db", fresh.url(), "--out", out2}).code == 0);
                auto changes = diff(lowered_from(db.dialect(), out), lowered_from(db.dialect(), out2),
                                    db.dialect().diff_options());
                std::string what;
                for (const auto& t : changes.tables) what += t.name + " ";
                INFO("differs: " << what);
                CHECK(changes.empty());
                // And the same text: what a team commits does not churn.
                CHECK(folder_text(out2) == folder_text(out));
            }
        }
    }
}
