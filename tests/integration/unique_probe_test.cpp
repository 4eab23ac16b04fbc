// The duplicate check before a new unique index: a cheap probe, then the
// exact count of duplicated values only when the probe finds something.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;

namespace {

std::string pairs_toml(bool unique_index) {
    std::string s = R"~(
[[table]]
name = "pairs"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "a"
  type = "varchar(20)"
  nullable = true
  [[table.column]]
  name = "b"
  type = "int"
  nullable = true
)~";
    if (unique_index) s += "  [[table.index]]\n  name = \"ux_pairs_ab\"\n  columns = [\"a\", \"b\"]\n  unique = true\n";
    return s;
}

}  // namespace

TEST_CASE("a new unique index over two columns: duplicated values counted, NULLs never collide", "[safety]") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "uniq_probe");
            auto file = write_file(db.dir() + "/s.toml", pairs_toml(false));
            REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
            db.exec(
                "INSERT INTO pairs (id, a, b) VALUES (1, 'x', 1), (2, 'x', 1), (3, 'x', 1), (4, 'y', 2), (5, 'y', 2), "
                "(6, 'z', 3), (7, NULL, 1), (8, NULL, 1), (9, 'w', NULL), (10, 'w', NULL), (11, 'Z', 3)");
            // Equality is the column's collation's, as in the index: MariaDB's default folds case.
            bool folds = db.scalar("SELECT CASE WHEN 'z' = 'Z' THEN 1 ELSE 0 END") == "1";
            write_file(file, pairs_toml(true));
            auto r = run({"sync", "--db", db.url(), "--schema", file, "--yes"});
            INFO(r.out << r.err);
            CHECK(r.code == 3);
            CHECK(r.out.find(std::string("pairs.ux_pairs_ab: ") + (folds ? "3" : "2") + " values of (") !=
                  std::string::npos);
            CHECK(db.inspect().find_table("pairs")->indexes.empty());
            // Without duplicates the probe finds nothing and sync adds the index.
            db.exec("DELETE FROM pairs WHERE id IN (2, 3, 5, 11)");
            auto ok = run({"sync", "--db", db.url(), "--schema", file, "--yes"});
            INFO(ok.out << ok.err);
            CHECK(ok.code == 0);
            CHECK(db.inspect().find_table("pairs")->indexes.size() == 1);
        }
    }
}
