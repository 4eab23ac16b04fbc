// Order of steps across tables (docs/safety.md "Order of steps"): foreign
// keys that go are dropped before what they reference, keys a change would
// break are dropped and added again around it, and on MariaDB a table's key
// change and column changes are one ALTER, with an exact account of the
// statements that ran when one fails.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;

namespace {

std::string column(const std::string& name, const std::string& type, bool nullable = false,
                   const std::string& extra = "") {
    return "  [[table.column]]\n  name = \"" + name + "\"\n  type = \"" + type + "\"\n" +
           (nullable ? "  nullable = true\n" : "") + extra;
}

std::string foreign_key(const std::string& name, const std::string& cols, const std::string& ref_table,
                        const std::string& ref_cols, const std::string& extra = "") {
    return "  [[table.foreign_key]]\n  name = \"" + name + "\"\n  columns = [" + cols + "]\n  ref_table = \"" +
           ref_table + "\"\n  ref_columns = [" + ref_cols + "]\n" + extra;
}

// sync, then plan: both must succeed and the plan must be empty.
void converge(const TestDb& db, const std::string& file, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"sync", "--db", db.url(), "--schema", file, "--yes"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto s = run(args);
    INFO(s.out << s.err);
    REQUIRE(s.code == 0);
    auto p = run({"plan", "--db", db.url(), "--schema", file});
    INFO(p.out << p.err);
    REQUIRE(p.code == 0);
}

int count(const std::string& text, const std::string& what) {
    int n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
    return n;
}

}  // namespace

// Item 7: zchild's key to parent.code goes, and so does parent's unique index
// on code (code is protected: the column stays). parent comes first in the
// files, so the key must be dropped before parent's index.
TEST_CASE("ordering: a dropped foreign key goes before the unique index it references") {
    auto schema = [](bool before) {
        std::string s = "[[table]]\nname = \"parent\"\nprimary_key = [\"id\"]\nprotected = [\"code\"]\n" +
                        column("id", "bigint") + column("label", "varchar(40)");
        if (before) s += column("code", "varchar(20)", false, "  unique = true\n");
        s += "\n[[table]]\nname = \"zchild\"\nprimary_key = [\"id\"]\n" + column("id", "bigint") +
             column("parent_code", "varchar(20)", true) + column("note", "varchar(40)");
        if (before) s += foreign_key("zchild_parent_code", "\"parent_code\"", "parent", "\"code\"");
        return s;
    };
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "order_fkdrop");
            auto file = write_file(db.dir() + "/s.toml", schema(true));
            converge(db, file);
            db.exec("INSERT INTO parent (id, label, code) VALUES (1, 'one', 'A'), (2, 'two', 'B')");
            db.exec(
                "INSERT INTO zchild (id, parent_code, note) VALUES (10, 'A', 'n10'), (11, 'B', 'n11'), "
                "(12, NULL, 'n12')");
            write_file(file, schema(false));
            converge(db, file);
            converge(db, file);  // and stays converged
            Schema live = db.inspect();
            CHECK(live.find_table("zchild")->foreign_keys.empty());
            CHECK(live.find_table("parent")->find_column("code"));  // protected: kept
            for (const auto& ix : live.find_table("parent")->indexes) CHECK(ix.unique == false);
            CHECK(db.scalar("SELECT COUNT(*) FROM parent") == "2");
            CHECK(db.scalar("SELECT code FROM parent WHERE id = 2") == "B");
            CHECK(db.scalar("SELECT label FROM parent WHERE id = 1") == "one");
            CHECK(db.scalar("SELECT COUNT(*) FROM zchild") == "3");
            CHECK(db.scalar("SELECT parent_code FROM zchild WHERE id = 11") == "B");
            CHECK(db.scalar("SELECT note FROM zchild WHERE id = 12") == "n12");
            // The key is gone: a row it used to forbid goes in.
            db.exec("INSERT INTO zchild (id, parent_code, note) VALUES (13, 'Z', 'n13')");
            CHECK(db.scalar("SELECT COUNT(*) FROM zchild") == "4");
        }
    }
}

// Item 19: parent's primary key gains a column; child's key (same name) now
// uses both columns. The key must be dropped before the primary key changes
// and added after.
TEST_CASE("ordering: a primary key gains a column while a foreign key references it") {
    auto schema = [](bool after) {
        std::string s = "[[table]]\nname = \"parent\"\nprimary_key = [" +
                        std::string(after ? "\"id\", \"tenant\"" : "\"id\"") + "]\n" + column("id", "bigint") +
                        column("name", "varchar(40)");
        if (after) s += column("tenant", "int", false, "  default = 1\n");
        s += "\n[[table]]\nname = \"child\"\nprimary_key = [\"id\"]\n" + column("id", "bigint") +
             column("parent_id", "bigint") + column("qty", "int");
        if (after)
            s += column("tenant", "int", false, "  default = 1\n") +
                 foreign_key("child_parent", "\"parent_id\", \"tenant\"", "parent", "\"id\", \"tenant\"");
        else s += foreign_key("child_parent", "\"parent_id\"", "parent", "\"id\"");
        return s;
    };
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "order_pk");
            auto file = write_file(db.dir() + "/s.toml", schema(false));
            converge(db, file);
            db.exec("INSERT INTO parent (id, name) VALUES (1, 'p1'), (2, 'p2')");
            db.exec("INSERT INTO child (id, parent_id, qty) VALUES (10, 1, 5), (11, 2, 6), (12, 2, 7)");
            write_file(file, schema(true));
            converge(db, file);
            Schema live = db.inspect();
            const Table* parent = live.find_table("parent");
            CHECK(parent->primary_key == std::vector<std::string>{"id", "tenant"});
            REQUIRE(live.find_table("child")->foreign_keys.size() == 1);
            const ForeignKey& fk = live.find_table("child")->foreign_keys[0];
            CHECK(fk.name == "child_parent");
            CHECK(fk.columns == std::vector<std::string>{"parent_id", "tenant"});
            CHECK(fk.ref_columns == std::vector<std::string>{"id", "tenant"});
            CHECK(db.scalar("SELECT COUNT(*) FROM parent WHERE tenant = 1") == "2");
            CHECK(db.scalar("SELECT name FROM parent WHERE id = 2") == "p2");
            CHECK(db.scalar("SELECT COUNT(*) FROM child WHERE tenant = 1") == "3");
            CHECK(db.scalar("SELECT SUM(qty) FROM child") == "18");
            CHECK(db.scalar("SELECT parent_id FROM child WHERE id = 12") == "2");
        }
    }
}

// Item 19, a key the files do not change: parent's unique index on code is
// replaced by one of another name, while an unchanged table references
// parent.code. PostgreSQL: the key is dropped and added again around it;
// MariaDB: the new index serves the key in the same ALTER, nothing else runs.
TEST_CASE("ordering: a foreign key of an unchanged table survives the index it uses being replaced") {
    auto schema = [](const std::string& index_name) {
        return "[[table]]\nname = \"parent\"\nprimary_key = [\"id\"]\n" + column("id", "bigint") +
               column("code", "varchar(20)") + "  [[table.index]]\n  name = \"" + index_name +
               "\"\n  columns = [\"code\"]\n  unique = true\n" +
               "\n[[table]]\nname = \"child\"\nprimary_key = [\"id\"]\n" + column("id", "bigint") +
               column("parent_code", "varchar(20)") +
               foreign_key("child_code", "\"parent_code\"", "parent", "\"code\"");
    };
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "order_dep");
            auto file = write_file(db.dir() + "/s.toml", schema("parent_code_old"));
            converge(db, file);
            db.exec("INSERT INTO parent (id, code) VALUES (1, 'A'), (2, 'B')");
            db.exec("INSERT INTO child (id, parent_code) VALUES (10, 'A'), (11, 'B')");
            write_file(file, schema("parent_code_new"));
            // Only parent is named: child's key is put back all the same.
            auto s = run({"sync", "--db", db.url(), "--schema", file, "--yes", "--tables", "parent"});
            INFO(s.out << s.err);
            REQUIRE(s.code == 0);
            converge(db, file);
            Schema live = db.inspect();
            CHECK(live.find_table("parent")->find_index("parent_code_new"));
            CHECK_FALSE(live.find_table("parent")->find_index("parent_code_old"));
            REQUIRE(live.find_table("child")->foreign_keys.size() == 1);
            CHECK(live.find_table("child")->foreign_keys[0].name == "child_code");
            CHECK(db.scalar("SELECT COUNT(*) FROM child") == "2");
            CHECK(db.scalar("SELECT parent_code FROM child WHERE id = 11") == "B");
            CHECK(db.scalar("SELECT code FROM parent WHERE id = 1") == "A");
            if (kind != "sqlite") {
                // The key is enforced again.
                bool rejected = false;
                try {
                    db.exec("INSERT INTO child (id, parent_code) VALUES (12, 'Z')");
                } catch (const std::exception&) {
                    rejected = true;
                }
                CHECK(rejected);
            }
        }
    }
}

// Item 18: on MariaDB a key's change and a column MODIFY of its table are one
// ALTER TABLE statement: no window where the table has no key.
TEST_CASE("ordering: MariaDB changes a foreign key and a column in one ALTER", "[mysql]") {
    auto schema = [](bool after) {
        return "[[table]]\nname = \"parent\"\nprimary_key = [\"id\"]\n" + column("id", "bigint") +
               column("label", "varchar(40)") + "\n[[table]]\nname = \"child\"\nprimary_key = [\"id\"]\n" +
               column("id", "bigint") + column("parent_id", "bigint") +
               column("note", after ? "varchar(200)" : "varchar(40)") +
               (after
                    ? foreign_key("child_parent_v2", "\"parent_id\"", "parent", "\"id\"", "  on_delete = \"cascade\"\n")
                    : foreign_key("child_parent_v1", "\"parent_id\"", "parent", "\"id\""));
    };
    for (const auto& kind : database_kinds()) {
        if (kind != "mysql") continue;
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "order_one_alter");
            auto file = write_file(db.dir() + "/s.toml", schema(false));
            converge(db, file);
            db.exec("INSERT INTO parent (id, label) VALUES (1, 'p1'), (2, 'p2')");
            db.exec("INSERT INTO child (id, parent_id, note) VALUES (10, 1, 'a'), (11, 2, 'b')");
            write_file(file, schema(true));
            auto s = run({"sync", "--db", db.url(), "--schema", file, "--yes", "-v"});
            INFO(s.out << s.err);
            REQUIRE(s.code == 0);
            CHECK(count(s.err, "sql> ALTER TABLE") == 1);
            CHECK(s.out.find("[1/1]") != std::string::npos);
            converge(db, file);
            Schema live = db.inspect();
            REQUIRE(live.find_table("child")->foreign_keys.size() == 1);
            CHECK(live.find_table("child")->foreign_keys[0].name == "child_parent_v2");
            CHECK(live.find_table("child")->foreign_keys[0].on_delete == "CASCADE");
            CHECK(live.find_table("child")->find_column("note")->type == "varchar(200)");
            CHECK(db.scalar("SELECT note FROM child WHERE id = 11") == "b");
            db.exec("DELETE FROM parent WHERE id = 1");  // cascades now
            CHECK(db.scalar("SELECT COUNT(*) FROM child") == "1");
        }
    }
}

// Item 18: a key changed under the same name needs two statements on
// MariaDB. When the second fails, the report names exactly which statements
// ran (the first ALTER did: the old key is gone, the column changed). The
// failure: a child row without a parent, slipped in with the server's key
// checks off, and the data checks skipped, so only the server can refuse.
TEST_CASE("ordering: MariaDB failure report names the statements that ran", "[mysql]") {
    auto schema = [](const std::string& fk_extra, const std::string& note_type) {
        return "[[table]]\nname = \"parent\"\nprimary_key = [\"id\"]\n" + column("id", "bigint") +
               column("label", "varchar(40)") +
               "  [[table.index]]\n  name = \"parent_label\"\n  columns = [\"label\"]\n  unique = true\n" +
               "\n[[table]]\nname = \"child\"\nprimary_key = [\"id\"]\n" + column("id", "bigint") +
               column("parent_ref", "varchar(40)", true) + column("note", note_type) +
               foreign_key("child_parent", "\"parent_ref\"", "parent", "\"label\"", fk_extra);
    };
    for (const auto& kind : database_kinds()) {
        if (kind != "mysql") continue;
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "order_report");
            auto file = write_file(db.dir() + "/s.toml", schema("", "varchar(40)"));
            converge(db, file);
            db.exec("INSERT INTO parent (id, label) VALUES (1, 'p1'), (2, 'p2')");
            db.exec("INSERT INTO child (id, parent_ref, note) VALUES (10, 'p1', 'a'), (11, NULL, 'b')");
            db.exec("SET FOREIGN_KEY_CHECKS = 0");
            db.exec("INSERT INTO child (id, parent_ref, note) VALUES (12, 'gone', 'c')");
            db.exec("SET FOREIGN_KEY_CHECKS = 1");
            // The same key with another action: dropped and added again, in two
            // statements; the add fails on row 12 after the first ALTER ran.
            write_file(file, schema("  on_delete = \"cascade\"\n", "varchar(90)"));
            auto s = run({"sync", "--db", db.url(), "--schema", file, "--yes", "--skip-data-checks"});
            INFO(s.out << s.err);
            REQUIRE(s.code == 1);
            CHECK(s.err.find("0 of 1 steps were applied before the failure (1 of 2 statements ran, 1 of the "
                             "2 statements of step 1)") != std::string::npos);
            CHECK(s.err.find("applied: ALTER TABLE `child` DROP FOREIGN KEY `child_parent`") != std::string::npos);
            CHECK(s.err.find("failed: ALTER TABLE `child` ADD CONSTRAINT `child_parent` FOREIGN KEY") !=
                  std::string::npos);
            // What the report says ran did run: the old key is gone, note changed.
            Schema live = db.inspect();
            CHECK(live.find_table("child")->foreign_keys.empty());
            CHECK(live.find_table("child")->find_column("note")->type == "varchar(90)");
            CHECK(db.scalar("SELECT note FROM child WHERE id = 10") == "a");
            // The orphan removed, sync converges from there.
            db.exec("DELETE FROM child WHERE id = 12");
            converge(db, file);
            REQUIRE(db.inspect().find_table("child")->foreign_keys.size() == 1);
            CHECK(db.inspect().find_table("child")->foreign_keys[0].ref_columns == std::vector<std::string>{"label"});
            CHECK(db.scalar("SELECT COUNT(*) FROM child") == "2");
            CHECK(db.scalar("SELECT parent_ref FROM child WHERE id = 10") == "p1");
        }
    }
}
