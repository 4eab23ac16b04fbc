// String literals schemactl writes mean the same whatever the session
// settings: PostgreSQL standard_conforming_strings on or off, MariaDB's
// sql_mode with or without NO_BACKSLASH_ESCAPES. Values are sent as
// `SELECT <literal>` to the real servers and must come back byte for byte.
#include <catch2/catch.hpp>

#include <memory>
#include <optional>
#include <random>

#include "config/database_url.hpp"
#include "schema/error.hpp"
#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;

namespace {

// Valid UTF-8 pieces (the servers refuse invalid UTF-8) that stress quoting.
const std::vector<std::string> kPieces{"'",
                                       "''",
                                       "\\",
                                       "\\\\",
                                       "\\'",
                                       "'\\",
                                       "\"",
                                       "$$",
                                       "$tag$",
                                       ";",
                                       "--",
                                       "/*",
                                       "*/",
                                       "\n",
                                       "\r",
                                       "\t",
                                       "\x01",
                                       "\x1f",
                                       "%",
                                       "_",
                                       "`",
                                       "ü",
                                       "日本",
                                       "✓",
                                       "😀",
                                       "a",
                                       "Z",
                                       "0",
                                       " ",
                                       "E'",
                                       "\\n",
                                       "\\0",
                                       "\\x41",
                                       "\\u0041",
                                       "DROP TABLE keep; --",
                                       "C:\\new\\table"};

std::vector<std::string> hostile_strings() {
    std::vector<std::string> out{"",
                                 "plain",
                                 "it's",
                                 "x\\'; DROP TABLE keep; --",
                                 "C:\\new\\table",
                                 "ends with a backslash\\",
                                 "\\",
                                 "''''",
                                 "$$dollar$$ quoted $$",
                                 "ünïcødé ✓ 日本 😀",
                                 "tab\tand\nnewline\r\n"};
    std::mt19937 rng(20240612);  // fixed: a failure can be replayed
    std::uniform_int_distribution<std::size_t> piece(0, kPieces.size() - 1), len(1, 12);
    for (int i = 0; i < 150; ++i) {
        std::string s;
        for (std::size_t n = len(rng); n > 0; --n) s += kPieces[piece(rng)];
        out.push_back(s);
    }
    return out;
}

std::unique_ptr<Driver> open(TestDb& db) { return db.dialect().connect(parse_database_url(db.url()), false); }

// Every string through `conn` as SELECT <literal>, <literal>: both come back exact.
void check_round_trip(Driver& conn, const Dialect& d, const std::string& setting) {
    std::size_t n = 0;
    for (const auto& v : hostile_strings()) {
        std::string lit = d.quote_literal(v);
        INFO(setting << ": literal " << lit);
        auto rows = conn.query("SELECT " + lit + ", " + lit + " AS second").rows;
        REQUIRE(rows.size() == 1);
        REQUIRE(rows[0].size() == 2);  // one literal each: nothing ran after it
        CHECK(rows[0][0].value_or("<NULL>") == v);
        CHECK(rows[0][1].value_or("<NULL>") == v);
        ++n;
    }
    CHECK(n > 150);
}

}  // namespace

TEST_CASE("literals: every hostile string reads back byte for byte under every session setting", "[literals]") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "literals");
            // A NUL byte cannot be in a literal: refused, never truncated.
            CHECK_THROWS_AS(db.dialect().quote_literal(std::string("a\0b", 3)), Error);
            if (kind == "sqlite") {
                check_round_trip(db.driver(), db.dialect(), "sqlite");
                record_outcome(kind, "161 hostile strings as SELECT <literal>", "read back byte for byte");
            } else if (kind == "postgres") {
                auto conn = open(db);
                check_round_trip(*conn, db.dialect(), "standard_conforming_strings on");
                conn->exec("SET standard_conforming_strings = off");
                check_round_trip(*conn, db.dialect(), "standard_conforming_strings off (SET)");
                // The database's own setting off: schemactl's session is still right.
                std::string name = db.url().substr(db.url().rfind('/') + 1);
                db.exec("ALTER DATABASE " + name + " SET standard_conforming_strings = off");
                auto fresh = open(db);
                CHECK(fresh->query("SELECT current_setting('standard_conforming_strings')").rows[0][0] ==
                      std::optional<std::string>("on"));
                check_round_trip(*fresh, db.dialect(), "ALTER DATABASE ... SET standard_conforming_strings = off");
                record_outcome(kind, "161 hostile strings as SELECT <literal>, standard_conforming_strings on / off",
                               "read back byte for byte under both");
            } else {
                auto conn = open(db);
                check_round_trip(*conn, db.dialect(), "schemactl's sql_mode");
                // A session under NO_BACKSLASH_ESCAPES reads a backslash
                // differently, but a literal still ends where it ends.
                conn->exec("SET SESSION sql_mode = 'NO_BACKSLASH_ESCAPES,ANSI_QUOTES'");
                for (const auto& v : hostile_strings()) {
                    std::string lit = db.dialect().quote_literal(v);
                    INFO("NO_BACKSLASH_ESCAPES: literal " << lit);
                    auto rows = conn->query("SELECT " + lit + ", 'sentinel'").rows;
                    REQUIRE(rows.size() == 1);
                    REQUIRE(rows[0].size() == 2);
                    CHECK(rows[0][1] == std::optional<std::string>("sentinel"));
                    if (v.find('\\') == std::string::npos) CHECK(rows[0][0].value_or("<NULL>") == v);
                }
                // The server's global sql_mode with NO_BACKSLASH_ESCAPES: a new
                // schemactl session sets its own and reads back exact values.
                {
                    GlobalSetting legacy(db, "sql_mode", "'NO_BACKSLASH_ESCAPES,ANSI_QUOTES,STRICT_TRANS_TABLES'");
                    auto fresh = open(db);
                    check_round_trip(*fresh, db.dialect(), "global sql_mode NO_BACKSLASH_ESCAPES");
                }
                record_outcome(kind, "161 hostile strings as SELECT <literal>, sql_mode with NO_BACKSLASH_ESCAPES",
                               "exact in schemactl's session (it sets sql_mode); same literal extent under NBE");
            }
        }
    }
}

namespace {

const char* kFiles = R"TOML([[table]]
name = "t"
comment = "x\\'; DROP TABLE keep; --"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "path"
  type = "varchar(100)"
  default = "C:\\new\\table"
  comment = "it's \\\\ two"
)TOML";

}  // namespace

TEST_CASE("literals: a hostile comment and a backslash default under legacy session settings", "[literals]") {
    const std::string comment = "x\\'; DROP TABLE keep; --", path = "C:\\new\\table";
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "legacy_strings");
            db.exec("CREATE TABLE keep (id INT PRIMARY KEY, note VARCHAR(20))");
            db.exec("INSERT INTO keep VALUES (1, 'one'), (2, 'two'), (3, 'three')");
            db.exec("CREATE TABLE t (id INT PRIMARY KEY)");
            db.exec("INSERT INTO t (id) VALUES (7)");
            std::optional<GlobalSetting> legacy;
            if (kind == "postgres") {
                std::string name = db.url().substr(db.url().rfind('/') + 1);
                db.exec("ALTER DATABASE " + name + " SET standard_conforming_strings = off");
            } else if (kind == "mysql") {
                legacy.emplace(db, "sql_mode", "'NO_BACKSLASH_ESCAPES,STRICT_TRANS_TABLES'");
            }
            auto file = write_file(db.dir() + "/s.toml", kFiles);
            auto sync = run({"sync", "--db", db.url(), "--schema", file, "--yes"});
            auto plan = run({"plan", "--db", db.url(), "--schema", file});
            legacy.reset();
            INFO(sync.out << sync.err << "\n---\n" << plan.out << plan.err);
            CHECK(sync.code == 0);
            CHECK(plan.code == 0);
            // keep is untouched, with its rows.
            CHECK(db.scalar("SELECT COUNT(*) FROM keep") == "3");
            CHECK(db.scalar("SELECT note FROM keep WHERE id = 3") == "three");
            // The default is the exact string: the old row and a new one get it.
            CHECK(db.scalar("SELECT path FROM t WHERE id = 7") == path);
            db.exec("INSERT INTO t (id) VALUES (8)");
            CHECK(db.scalar("SELECT path FROM t WHERE id = 8") == path);
            Schema live = db.inspect();
            const Table* t = live.find_table("t");
            REQUIRE(t);
            if (kind != "sqlite") {
                CHECK(t->comment == comment);
                CHECK(t->find_column("path")->comment == "it's \\\\ two");
            }
            record_outcome(kind,
                           kind == "postgres" ? "ALTER DATABASE SET standard_conforming_strings = off; comment "
                                                "x\\'; DROP TABLE keep; --, default C:\\new\\table"
                           : kind == "mysql"  ? "global sql_mode NO_BACKSLASH_ESCAPES; comment x\\'; DROP TABLE keep; "
                                                "--, default C:\\new\\table"
                                              : "default C:\\new\\table",
                           "sync 0, plan 0, keep and its rows intact, comment and default stored exactly");
        }
    }
}

TEST_CASE("literals: plan --format sql run by another client under standard_conforming_strings off", "[literals]") {
    for (const auto& kind : database_kinds()) {
        if (kind != "postgres") continue;  // MySQL's printed SQL assumes the default sql_mode (docs/safety.md)
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "printed_sql");
            db.exec("CREATE TABLE keep (id INT PRIMARY KEY)");
            db.exec("INSERT INTO keep VALUES (1), (2)");
            db.exec("CREATE TABLE t (id INT PRIMARY KEY)");
            auto file = write_file(db.dir() + "/s.toml", kFiles);
            auto sql = run({"plan", "--db", db.url(), "--schema", file, "--format", "sql"});
            INFO(sql.out << sql.err);
            REQUIRE(sql.code == 2);
            // What psql would do with it in a session with the setting off.
            auto other = open(db);
            other->exec("SET standard_conforming_strings = off");
            other->exec(sql.out);
            auto plan = run({"plan", "--db", db.url(), "--schema", file});
            INFO(plan.out << plan.err);
            CHECK(plan.code == 0);
            CHECK(db.scalar("SELECT COUNT(*) FROM keep") == "2");
            CHECK(db.inspect().find_table("t")->comment == "x\\'; DROP TABLE keep; --");
            db.exec("INSERT INTO t (id) VALUES (1)");
            CHECK(db.scalar("SELECT path FROM t WHERE id = 1") == "C:\\new\\table");
        }
    }
}
