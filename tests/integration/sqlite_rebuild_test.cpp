// SQLite's 12-step rebuild of a parent table: every child row referencing it
// ON DELETE CASCADE is still there, and the parent keeps its rows, indexes
// and triggers. (Tools that leave foreign_keys on inside the transaction
// cascade-delete the children here.)
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;

TEST_CASE("sqlite: rebuilding a parent keeps every child row, index and trigger") {
    TestDb db("sqlite", "rebuild_parent");
    std::string parent = R"~(
[[table]]
name = "parents"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "name"
  type = "varchar(40)"
  [[table.index]]
  columns = ["name"]

[[table]]
name = "children"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "parent_id"
  type = "int"
  [[table.foreign_key]]
  columns = ["parent_id"]
  ref_table = "parents"
  ref_columns = ["id"]
  on_delete = "cascade"
)~";
    auto file = write_file(db.dir() + "/s.toml", parent);
    REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
    db.exec("CREATE TABLE audit (msg TEXT)");
    db.exec("CREATE TRIGGER parents_audit AFTER INSERT ON parents BEGIN INSERT INTO audit VALUES (NEW.name); END");
    for (int i = 1; i <= 5; ++i)
        db.exec("INSERT INTO parents VALUES (" + std::to_string(i) + ", 'p" + std::to_string(i) + "')");
    for (int i = 1; i <= 20; ++i)
        db.exec("INSERT INTO children VALUES (" + std::to_string(i) + ", " + std::to_string(1 + i % 5) + ")");
    // Making name nullable and adding a check cannot be done with ALTER: a rebuild.
    std::string changed = parent;
    changed.replace(changed.find("  type = \"varchar(40)\"\n"), 22, "  type = \"varchar(40)\"\n  nullable = true\n");
    changed.insert(changed.find("\n[[table]]\nname = \"children\""),
                   "  [[table.check]]\n  name = \"chk_parents_id\"\n  expr = \"id > 0\"\n");
    write_file(file, changed);
    auto plan = run({"plan", "--db", db.url(), "--schema", file});
    INFO(plan.out);
    REQUIRE(plan.out.find("rebuild table parents") != std::string::npos);
    auto r = run({"sync", "--db", db.url(), "--schema", file, "--yes", "-v"});
    INFO(r.out << r.err);
    REQUIRE(r.code == 0);
    // foreign_keys goes off before BEGIN, and the rebuild runs in BEGIN IMMEDIATE.
    auto off = r.err.find("PRAGMA foreign_keys = OFF"), begin = r.err.find("BEGIN IMMEDIATE");
    CHECK(off != std::string::npos);
    CHECK(begin != std::string::npos);
    CHECK(off < begin);
    CHECK(db.scalar("SELECT COUNT(*) FROM children") == "20");
    CHECK(db.scalar("SELECT COUNT(*) FROM parents") == "5");
    CHECK(db.scalar("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND name = 'idx_parents_name'") == "1");
    CHECK(db.scalar("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'trigger' AND name = 'parents_audit'") == "1");
    CHECK(db.scalar("SELECT COUNT(*) FROM pragma_foreign_key_check") == "0");
    CHECK(run({"plan", "--db", db.url(), "--schema", file}).code == 0);
    // The cascade still works afterwards: the schema was not damaged.
    db.exec("PRAGMA foreign_keys = ON");
    db.exec("DELETE FROM parents WHERE id = 1");
    CHECK(db.scalar("SELECT COUNT(*) FROM children") == "16");
}
