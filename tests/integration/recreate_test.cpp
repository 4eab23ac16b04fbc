// `recreate` on every database with rows in place first: a parent with an
// enum column and an auto-increment id, a child referencing it. The rows,
// the children and the counters must come through; a failure must leave the
// original table and its rows as they were.
#include <catch2/catch.hpp>

#include "pty.hpp"
#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;

namespace {

// `label_type` and `extra` let a test make the new definition stricter.
std::string shelves_and_books(const std::string& label_type = "varchar(40)", const std::string& extra = "") {
    return R"~(
[[table]]
name = "shelves"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "bigint"
  auto_increment = true
  [[table.column]]
  name = "label"
  type = ")~" +
           label_type + R"~("
)~" + extra +
           R"~(
  [[table.column]]
  name = "state"
  type = "enum"
  values = ["open", "full", "closed"]
  [[table.column]]
  name = "width_cm"
  type = "int"
  nullable = true

[[table]]
name = "books"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "bigint"
  auto_increment = true
  [[table.column]]
  name = "shelf_id"
  type = "bigint"
  [[table.column]]
  name = "title"
  type = "varchar(80)"
  [[table.foreign_key]]
  columns = ["shelf_id"]
  ref_table = "shelves"
  ref_columns = ["id"]
)~";
}

const char* kShelves = "SELECT id, label, state, width_cm FROM shelves ORDER BY id";
const char* kBooks = "SELECT id, shelf_id, title FROM books ORDER BY id";

std::vector<Row> expected_shelves() {
    return {{"1", "oak, by the door", "open", "90"},
            {"2", "pine", "full", std::nullopt},
            {"5", "it's tall", "closed", "45"}};
}

struct Fixture {
    TestDb db;
    std::string file;
    Fixture(const std::string& kind, const std::string& tag, bool with_books = true) : db(kind, tag) {
        file = write_file(db.dir() + "/s.toml", shelves_and_books());
        auto c = run({"create", "--db", db.url(), "--schema", file, "--yes"});
        INFO(c.out << c.err);
        REQUIRE(c.code == 0);
        db.exec("INSERT INTO shelves (id, label, state, width_cm) VALUES (1, 'oak, by the door', 'open', 90)");
        db.exec("INSERT INTO shelves (id, label, state, width_cm) VALUES (2, 'pine', 'full', NULL)");
        db.exec("INSERT INTO shelves (id, label, state, width_cm) VALUES (5, 'it''s tall', 'closed', 45)");
        if (with_books) {
            db.exec("INSERT INTO books (id, shelf_id, title) VALUES (10, 1, 'Tides')");
            db.exec("INSERT INTO books (id, shelf_id, title) VALUES (11, 5, 'Maps')");
        }
    }
    RunResult recreate(std::vector<std::string> extra) {
        std::vector<std::string> args{"recreate", "shelves", "--db", db.url(), "--schema", file};
        args.insert(args.end(), extra.begin(), extra.end());
        return run(args);
    }
    bool has_book_key() {
        Schema live = db.inspect();  // the pointer below points into it
        const Table* b = live.find_table("books");
        return b && b->foreign_keys.size() == 1 && b->foreign_keys[0].ref_table == "shelves";
    }
    std::size_t table_count() { return db.inspect().tables.size(); }
};

// An id after the restore must be above the highest copied one.
void check_next_id(TestDb& db) {
    db.exec("INSERT INTO shelves (label, state) VALUES ('new', 'open')");
    CHECK(db.scalar("SELECT id FROM shelves WHERE label = 'new'") == "6");
}

}  // namespace

TEST_CASE("recreate --restore keeps every row, the children and the counter", "[recreate]") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            Fixture f(kind, "rc_restore");
            auto r = f.recreate({"--yes", "--restore"});
            INFO(r.out << r.err);
            REQUIRE(r.code == 0);
            CHECK(r.out.find("shelves: 3 rows before, 3 rows after") != std::string::npos);
            CHECK(r.out.find("referenced by books (shelf_id): 2 rows") != std::string::npos);
            CHECK(r.out.find("backup: shelves_backup_") != std::string::npos);
            CHECK(f.db.rows(kShelves) == expected_shelves());
            CHECK(f.db.rows(kBooks) == std::vector<Row>{{"10", "1", "Tides"}, {"11", "5", "Maps"}});
            CHECK(f.has_book_key());
            check_next_id(f.db);
            auto p = run({"plan", "--db", f.db.url(), "--schema", f.file});
            INFO(p.out << p.err);
            CHECK(p.code == 0);
            if (kind != "sqlite") {  // the test connection does not switch SQLite's foreign keys on
                CHECK_THROWS(f.db.exec("INSERT INTO books (shelf_id, title) VALUES (99, 'Lost')"));
            }
            // --no-backup with --restore: the rows still come back, no backup table stays.
            std::size_t tables = f.table_count();
            auto nb = f.recreate({"--yes", "--restore", "--no-backup"});
            INFO(nb.out << nb.err);
            REQUIRE(nb.code == 0);
            CHECK(nb.out.find("backup:") == std::string::npos);
            CHECK(f.table_count() == tables);
            CHECK(f.db.scalar("SELECT COUNT(*) FROM shelves") == "4");
            CHECK(f.db.rows(kBooks) == std::vector<Row>{{"10", "1", "Tides"}, {"11", "5", "Maps"}});
        }
    }
}

TEST_CASE("recreate without --restore says the table is empty and how to bring the rows back", "[recreate]") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            Fixture f(kind, "rc_empty", false);
            auto r = f.recreate({"--yes"});
            INFO(r.out << r.err);
            REQUIRE(r.code == 0);
            CHECK(r.out.find("the new table is EMPTY") != std::string::npos);
            CHECK(f.db.scalar("SELECT COUNT(*) FROM shelves") == "0");
            auto at = r.out.find("--restore-from ");
            REQUIRE(at != std::string::npos);
            at += 15;
            std::string backup = r.out.substr(at, r.out.find(' ', at) - at);
            CHECK(backup.rfind("shelves_backup_", 0) == 0);
            auto back = f.recreate({"--restore-from", backup, "--yes"});
            INFO(back.out << back.err);
            REQUIRE(back.code == 0);
            CHECK(f.db.rows(kShelves) == expected_shelves());
            check_next_id(f.db);
            CHECK(f.has_book_key());
        }
    }
}

TEST_CASE("recreate refuses when child rows would lose their parent, and changes nothing", "[recreate]") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            Fixture f(kind, "rc_refuse");
            std::size_t tables = f.table_count();
            auto r = f.recreate({"--yes"});
            INFO(r.out << r.err);
            CHECK(r.code == 3);
            CHECK(r.err.find("2 rows of books") != std::string::npos);
            CHECK(r.err.find("--restore") != std::string::npos);
            CHECK(f.db.rows(kShelves) == expected_shelves());
            CHECK(f.db.rows(kBooks) == std::vector<Row>{{"10", "1", "Tides"}, {"11", "5", "Maps"}});
            CHECK(f.table_count() == tables);  // no backup made
            CHECK(f.has_book_key());
        }
    }
}

TEST_CASE("recreate: a value that does not fit the new table stops the restore, the original stays", "[recreate]") {
    for (const auto& kind : database_kinds()) {
        if (kind == "sqlite") continue;  // SQLite stores any length in varchar(n)
        DYNAMIC_SECTION(kind) {
            Fixture f(kind, "rc_nofit");
            std::size_t tables = f.table_count();
            write_file(f.file, shelves_and_books("varchar(5)"));
            auto r = f.recreate({"--yes", "--restore"});
            INFO(r.out << r.err);
            CHECK(r.code == 1);
            CHECK(f.db.rows(kShelves) == expected_shelves());
            CHECK(f.db.rows(kBooks) == std::vector<Row>{{"10", "1", "Tides"}, {"11", "5", "Maps"}});
            CHECK(f.has_book_key());
            if (kind == "mysql") {
                CHECK(r.err.find("untouched") != std::string::npos);
                CHECK(f.table_count() == tables + 1);  // only the kept backup is new
            } else {
                CHECK(f.table_count() == tables);  // rolled back, backup included
            }
        }
    }
}

TEST_CASE("recreate on MariaDB: a definition the server rejects leaves the table and its rows", "[recreate]") {
    for (const auto& kind : database_kinds()) {
        if (kind != "mysql") continue;
        DYNAMIC_SECTION(kind) {
            Fixture f(kind, "rc_reject");
            // Too long for a varchar: the server refuses the CREATE TABLE.
            write_file(f.file, shelves_and_books("varchar(40)",
                                                 "  [[table.column]]\n  name = \"note\"\n  type = \"text\"\n"
                                                 "  nullable = true\n  mysql = { type = \"varchar(70000)\" }\n"));
            std::size_t tables = f.table_count();
            for (const auto& flags :
                 std::vector<std::vector<std::string>>{{"--yes", "--restore"}, {"--yes", "--restore", "--no-backup"}}) {
                auto r = f.recreate(flags);
                INFO(r.out << r.err);
                CHECK(r.code == 1);
                CHECK(r.err.find("untouched") != std::string::npos);
                CHECK(f.db.rows(kShelves) == expected_shelves());
                CHECK(f.db.rows(kBooks) == std::vector<Row>{{"10", "1", "Tides"}, {"11", "5", "Maps"}});
                CHECK(f.has_book_key());
                CHECK_FALSE(f.db.inspect().find_table("shelves")->find_column("note"));
            }
            CHECK(f.table_count() == tables + 1);  // the backup of the first run; no table built aside is left
        }
    }
}

TEST_CASE("recreate asks on a terminal: restore, then confirm", "[recreate][pty]") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            Fixture f(kind, "rc_pty");
            auto r = run_in_pty({"recreate", "shelves", "--db", f.db.url(), "--schema", f.file},
                                {{"(--restore)? [y/N] ", "y"}, {"from the schema files? [y/N] ", "y"}});
            INFO(r.transcript);
            REQUIRE(r.code == 0);
            CHECK(r.transcript.find("referenced by books (shelf_id): 2 rows") != std::string::npos);
            CHECK(r.transcript.find("3 rows before, 3 rows after") != std::string::npos);
            CHECK(f.db.rows(kShelves) == expected_shelves());
            CHECK(f.db.rows(kBooks) == std::vector<Row>{{"10", "1", "Tides"}, {"11", "5", "Maps"}});
        }
    }
}
