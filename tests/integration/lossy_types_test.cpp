// Type changes that would change stored values, enum labels removed, and
// foreign keys the rows break: sync stops before anything runs (exit 3), the
// plan names table.column and the row count, and every value stays as it was.
// With only harmless rows left, sync converges and the values read back.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;

namespace {

// One schema, before and after; SQLite lowers several of these types to the
// same affinity (decimal, timestamp, bigint / int): there nothing changes.
std::string lossy_schema(bool after) {
    auto pick = [&](const char* before, const char* now) { return std::string(after ? now : before); };
    return R"~(
[[table]]
name = "ledger"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "amount"
  type = ")~" +
           pick("decimal(10,2)", "decimal(10,1)") + R"~("
  nullable = true
  [[table.column]]
  name = "created_at"
  type = ")~" +
           pick("timestamp", "date") + R"~("
  nullable = true
  [[table.column]]
  name = "qty"
  type = ")~" +
           pick("bigint", "int") + R"~("
  nullable = true
  [[table.column]]
  name = "score"
  type = ")~" +
           pick("double", "int") + R"~("
  nullable = true
  [[table.column]]
  name = "code"
  type = ")~" +
           pick("varchar(20)", "int") + R"~("
  nullable = true
  [[table.column]]
  name = "flag"
  type = ")~" +
           pick("int", "boolean") + R"~("
  nullable = true
  [[table.column]]
  name = "mood"
  type = "enum"
  values = )~" +
           pick(R"(["calm", "busy", "away"])", R"(["calm", "busy"])") + R"~(
  nullable = true

[[table]]
name = "extra"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "pad"
  type = ")~" +
           pick("varchar(10)", "char(10)") + R"~("
  nullable = true
  [[table.column]]
  name = "doc"
  type = ")~" +
           pick("text", "json") + R"~("
  nullable = true
  [[table.column]]
  name = "ratio"
  type = ")~" +
           pick("double", "real") + R"~("
  nullable = true

[[table]]
name = "parent"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"

[[table]]
name = "child"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "parent_id"
  type = "int"
  nullable = true
)~" +
           (after ? R"~(
  [[table.foreign_key]]
  columns = ["parent_id"]
  ref_table = "parent"
  ref_columns = ["id"]
)~"
                  : "");
}

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("lossy type changes, removed enum values and orphan rows stop sync", "[data-checks][lossy]") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "lossy");
            bool server = kind != "sqlite";
            auto file = write_file(db.dir() + "/s.toml", lossy_schema(false));
            REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
            // Row 1 would lose something in every column; row 2 in none.
            db.exec(
                "INSERT INTO ledger (id, amount, created_at, qty, score, code, flag, mood) VALUES "
                "(1, 1.25, '2024-01-05 10:30:00', 3000000000, 2.5, 'abc', 2, 'away')");
            db.exec(
                "INSERT INTO ledger (id, amount, created_at, qty, score, code, flag, mood) VALUES "
                "(2, 2.50, '2024-01-06 00:00:00', 7, 3, '12', 1, 'calm')");
            db.exec("INSERT INTO extra (id, pad, doc, ratio) VALUES (1, 'ab  ', 'not json', 0.1)");
            db.exec("INSERT INTO extra (id, pad, doc, ratio) VALUES (2, 'ab', '{\"a\":1}', 0.5)");
            db.exec("INSERT INTO parent (id) VALUES (1)");
            db.exec("INSERT INTO child (id, parent_id) VALUES (1, 1), (2, 99), (3, NULL)");

            auto row1 = [&] {
                return db.scalar("SELECT " + std::string(kind == "mysql" ? "CONCAT_WS('|', " : "") +
                                 (kind == "mysql" ? "amount, created_at, qty, score, code, flag, mood)"
                                                  : "amount || '|' || created_at || '|' || qty || '|' || score || "
                                                    "'|' || code || '|' || flag || '|' || mood") +
                                 " FROM ledger WHERE id = 1");
            };
            const std::string before1 = "1.25|2024-01-05 10:30:00|3000000000|2.5|abc|2|away";
            REQUIRE(row1() == before1);
            auto unchanged = [&] {
                CHECK(row1() == before1);
                CHECK(db.scalar("SELECT pad FROM extra WHERE id = 1") == "ab  ");
                CHECK(db.scalar("SELECT doc FROM extra WHERE id = 1") == "not json");
                CHECK(db.scalar("SELECT COUNT(*) FROM child") == "3");
                Schema live = db.inspect();
                CHECK(live.find_table("child")->foreign_keys.empty());
            };

            write_file(file, lossy_schema(true));
            auto r = run({"sync", "--db", db.url(), "--schema", file, "--yes"});
            INFO(r.out << r.err);
            CHECK(r.code == 3);
            CHECK(has(r.out, "data problems"));
            CHECK(has(r.out, "ledger.score: 1 rows hold"));
            CHECK(has(r.out, "ledger.code: 1 rows hold"));
            CHECK(has(r.out, "child.fk_child_parent_id: 1 rows hold values of (parent_id)"));
            if (server) {
                CHECK(has(r.out, "ledger.amount: 1 rows hold values that"));
                CHECK(has(r.out, "ledger.created_at: 1 rows hold values with a time of day"));
                CHECK(has(r.out, "protected column"));
                CHECK(has(r.out, "ledger.qty: 1 rows hold"));
                CHECK(has(r.out, "ledger.flag: 1 rows hold values other than 0 and 1"));
                CHECK(has(r.out, "ledger.mood: 1 rows hold enum values that the new definition removes ('away')"));
                CHECK(has(r.out, "extra.pad: 1 rows hold values longer than 10 characters"));
                CHECK(has(r.out, "or ending in spaces"));
                // PostgreSQL stores json as jsonb and refuses to count text that is not JSON.
                CHECK(has(r.out, kind == "postgres" ? "extra.doc: 1 or more rows hold" : "extra.doc: 1 rows hold"));
                CHECK(has(r.out, kind == "postgres" ? "or text that is not JSON" : "text that is not valid JSON"));
                CHECK(has(r.out, "extra.ratio: 1 rows hold"));
            }
            CHECK_FALSE(has(r.out, "Applied"));
            unchanged();

            // plan shows the same problems, as text and as json.
            auto pt = run({"plan", "--db", db.url(), "--schema", file});
            INFO(pt.out << pt.err);
            CHECK(pt.code == 2);
            CHECK(has(pt.out, "data problems"));
            CHECK(has(pt.out, "ledger.score: 1 rows hold"));
            auto pj = run({"plan", "--db", db.url(), "--schema", file, "--format", "json"});
            INFO(pj.out << pj.err);
            CHECK(pj.code == 2);
            auto problems = pj.out.find("\"problems\"");
            REQUIRE(problems != std::string::npos);
            CHECK(pj.out.find("\"score\"", problems) != std::string::npos);
            CHECK(pj.out.find("\"rows\"", problems) != std::string::npos);
            if (server) CHECK(pj.out.find("\"amount\"", problems) != std::string::npos);

            if (server) {
                // A protected column loses no value even with --skip-data-checks.
                auto skip = run({"sync", "--db", db.url(), "--schema", file, "--yes", "--skip-data-checks"});
                INFO(skip.out << skip.err);
                CHECK(skip.code == 3);
                CHECK(has(skip.out, "ledger.created_at: 1 rows hold"));
                CHECK_FALSE(has(skip.out, "ledger.amount: 1 rows hold"));
                unchanged();
            }

            // Only harmless rows left: sync converges and the values survive.
            db.exec(
                "UPDATE ledger SET amount = 1.2, created_at = '2024-01-05 00:00:00', qty = 3, score = 2, "
                "code = '5', flag = 0, mood = 'busy' WHERE id = 1");
            db.exec("UPDATE extra SET pad = 'ab', doc = '[1, 2]', ratio = 0.25 WHERE id = 1");
            db.exec("INSERT INTO parent (id) VALUES (99)");
            auto ok = run({"sync", "--db", db.url(), "--schema", file, "--yes"});
            INFO(ok.out << ok.err);
            CHECK(ok.code == 0);
            CHECK(run({"plan", "--db", db.url(), "--schema", file}).code == 0);
            std::string f0 = kind == "postgres" ? "f" : "0", f1 = kind == "postgres" ? "t" : "1";
            std::string d1 = server ? "2024-01-05" : "2024-01-05 00:00:00";
            std::string d2 = server ? "2024-01-06" : "2024-01-06 00:00:00";
            auto val = [&](const std::string& c, int id) {
                return db.scalar("SELECT " + c + " FROM ledger WHERE id = " + std::to_string(id));
            };
            CHECK(val("amount", 1) == "1.2");
            CHECK(val("amount", 2) == "2.5");
            CHECK(val("created_at", 1) == d1);
            CHECK(val("created_at", 2) == d2);
            CHECK(val("qty", 1) == "3");
            CHECK(val("qty", 2) == "7");
            CHECK(val("score", 1) == "2");
            CHECK(val("score", 2) == "3");
            CHECK(val("code", 1) == "5");
            CHECK(val("code", 2) == "12");
            CHECK(val("flag", 1) == f0);
            CHECK(val("flag", 2) == f1);
            CHECK(val("mood", 1) == "busy");
            CHECK(val("mood", 2) == "calm");
            CHECK(db.scalar("SELECT doc FROM extra WHERE id = 1") == "[1, 2]");
            CHECK(db.scalar("SELECT ratio FROM extra WHERE id = 1") == "0.25");
            CHECK(db.scalar("SELECT ratio FROM extra WHERE id = 2") == "0.5");
            CHECK(db.scalar("SELECT COUNT(*) FROM child") == "3");
            CHECK(db.inspect().find_table("child")->foreign_keys.size() == 1);
        }
    }
}
