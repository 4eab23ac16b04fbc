// A check whose parentheses change its meaning is a different check: sync
// replaces it on every database, and afterwards plan sees no difference
// (each server stores the expression with its own parentheses).
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;

namespace {

std::string gauges(const std::string& expr) {
    return R"~(
[[table]]
name = "gauges"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "a"
  type = "int"
  [[table.column]]
  name = "b"
  type = "int"
  [[table.column]]
  name = "c"
  type = "int"
  [[table.check]]
  name = "chk_gauges_abc"
  expr = ")~" +
           expr + "\"\n";
}

}  // namespace

TEST_CASE("a regrouped check is changed by sync on every database") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "regroup");
            std::string file = write_file(db.dir() + "/s.toml", gauges("(a > 0 OR b > 0) AND c > 0"));
            auto c = run({"create", "--db", db.url(), "--schema", file, "--yes"});
            INFO(c.out << c.err);
            REQUIRE(c.code == 0);
            // Rows that satisfy both groupings.
            db.exec("INSERT INTO gauges (id, a, b, c) VALUES (1, 1, 1, 1)");
            db.exec("INSERT INTO gauges (id, a, b, c) VALUES (2, 1, 0, 1)");
            db.exec("INSERT INTO gauges (id, a, b, c) VALUES (3, 0, 1, 1)");
            // a > 0 alone is not enough under the first grouping.
            CHECK_THROWS(db.exec("INSERT INTO gauges (id, a, b, c) VALUES (9, 1, 0, 0)"));
            {
                auto p = run({"plan", "--db", db.url(), "--schema", file});
                INFO(p.out << p.err);
                REQUIRE(p.code == 0);
            }

            write_file(file, gauges("a > 0 OR (b > 0 AND c > 0)"));
            auto p = run({"plan", "--db", db.url(), "--schema", file});
            INFO(p.out << p.err);
            CHECK(p.code == 2);
            CHECK(p.out.find("chk_gauges_abc") != std::string::npos);
            auto s = run({"sync", "--db", db.url(), "--schema", file, "--yes"});
            INFO(s.out << s.err);
            REQUIRE(s.code == 0);
            CHECK(db.scalar("SELECT COUNT(*) FROM gauges") == "3");
            CHECK(db.scalar("SELECT SUM(id * 1000 + a * 100 + b * 10 + c) FROM gauges") == "6223");
            // Now a > 0 alone is enough, and b > 0 without c > 0 is not.
            CHECK_NOTHROW(db.exec("INSERT INTO gauges (id, a, b, c) VALUES (9, 1, 0, 0)"));
            CHECK_THROWS(db.exec("INSERT INTO gauges (id, a, b, c) VALUES (10, 0, 1, 0)"));
            auto again = run({"plan", "--db", db.url(), "--schema", file});
            INFO(again.out << again.err);
            CHECK(again.code == 0);
        }
    }
}
