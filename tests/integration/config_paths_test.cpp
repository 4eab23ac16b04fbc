// --config from another folder: a relative sqlite: URL in the config file,
// like its schema paths, is relative to the config file's folder.
#include <catch2/catch.hpp>
#include <filesystem>

#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;
namespace fs = std::filesystem;

TEST_CASE("create --config other/schemactl.toml makes the database next to the config file, nowhere else") {
    TestDb scratch("sqlite", "config_paths");
    fs::path root = scratch.dir();
    fs::create_directories(root / "other" / "schemas");
    fs::create_directories(root / "elsewhere");
    write_file(
        (root / "other" / "schemas" / "t.toml").string(),
        "[[table]]\nname = \"t\"\nprimary_key = [\"id\"]\n  [[table.column]]\n  name = \"id\"\n  type = \"int\"\n");
    write_file((root / "other" / "schemactl.toml").string(),
               "[database]\nurl = \"sqlite:app.db\"\n[schema]\npaths = [\"schemas\"]\n");
    // Relative --config, run from a sibling folder.
    auto r = run({"create", "--config", "../other/schemactl.toml", "--yes"}, "", {}, (root / "elsewhere").string());
    INFO(r.out << r.err);
    REQUIRE(r.code == 0);
    CHECK(fs::exists(root / "other" / "app.db"));
    CHECK_FALSE(fs::exists(root / "elsewhere" / "app.db"));
    CHECK_FALSE(fs::exists(root / "app.db"));
    auto p = run({"plan", "--config", (root / "other" / "schemactl.toml").string()}, "", {}, root.string());
    INFO(p.out << p.err);
    CHECK(p.code == 0);  // the same file, found from another folder again
    CHECK_FALSE(fs::exists(root / "app.db"));
    // --db on the command line stays relative to the current folder.
    auto f = run({"create", "--config", "../other/schemactl.toml", "--db", "sqlite:here.db", "--yes"}, "", {},
                 (root / "elsewhere").string());
    INFO(f.out << f.err);
    CHECK(f.code == 0);
    CHECK(fs::exists(root / "elsewhere" / "here.db"));
    CHECK_FALSE(fs::exists(root / "other" / "here.db"));
    // And so does SCHEMACTL_DATABASE_URL.
    auto e = run({"create", "--config", "../other/schemactl.toml", "--yes"}, "",
                 {{"SCHEMACTL_DATABASE_URL", "sqlite:env.db"}}, (root / "elsewhere").string());
    INFO(e.out << e.err);
    CHECK(e.code == 0);
    CHECK(fs::exists(root / "elsewhere" / "env.db"));
    CHECK_FALSE(fs::exists(root / "other" / "env.db"));
}
