// A SQLite table rebuild (the 12-step copy into a new table) must leave the
// table exactly as it was apart from the change: every stored value byte for
// byte (typeof and text), the AUTOINCREMENT counter, STRICT / WITHOUT ROWID,
// and the views and triggers that name the table, also when it is renamed.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;

namespace {

std::string sync(TestDb& db, const std::string& file) {
    auto r = run({"sync", "--db", db.url(), "--schema", file, "--yes", "-v"});
    INFO(r.out << r.err);
    REQUIRE(r.code == 0);
    return r.out + r.err;
}

void plan_is_clean(TestDb& db, const std::string& file) {
    auto p = run({"plan", "--db", db.url(), "--schema", file});
    INFO(p.out << p.err);
    CHECK(p.code == 0);
}

// id|typeof|value of every row, in id order.
std::string dump(TestDb& db, const std::string& table, const std::string& col) {
    std::string s;
    for (const auto& r : db.rows("SELECT id, typeof(" + col + "), quote(" + col + ") FROM " + table + " ORDER BY id"))
        s += r[0].value_or("NULL") + "|" + r[1].value_or("NULL") + "|" + r[2].value_or("NULL") + "\n";
    return s;
}

const char* kCounter = R"~(
[[table]]
name = "tickets"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
  auto_increment = true
  [[table.column]]
  name = "title"
  type = "text"
)~";

}  // namespace

TEST_CASE("sqlite rebuild keeps the AUTOINCREMENT counter", "[sqlite]") {
    TestDb db("sqlite", "rebuild_seq");
    std::string file = write_file(db.dir() + "/s.toml", kCounter);
    REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
    for (int i = 1; i <= 5; ++i) db.exec("INSERT INTO tickets (title) VALUES ('t" + std::to_string(i) + "')");
    db.exec("DELETE FROM tickets WHERE id >= 4");  // the highest ids are gone; 4 and 5 must never come back
    REQUIRE(db.scalar("SELECT seq FROM sqlite_sequence WHERE name = 'tickets'") == "5");

    std::string changed = kCounter;
    changed.replace(changed.find("  type = \"text\"\n"), 16, "  type = \"text\"\n  nullable = true\n");
    write_file(file, changed);
    auto out = sync(db, file);
    CHECK(out.find("rebuild table tickets") != std::string::npos);
    CHECK(db.scalar("SELECT seq FROM sqlite_sequence WHERE name = 'tickets'") == "5");
    CHECK(db.scalar("SELECT COUNT(*) FROM sqlite_sequence WHERE name LIKE '%schemactl%'") == "0");
    db.exec("INSERT INTO tickets (title) VALUES ('new')");
    CHECK(db.scalar("SELECT id FROM tickets WHERE title = 'new'") == "6");
    CHECK(dump(db, "tickets", "title") == "1|text|'t1'\n2|text|'t2'\n3|text|'t3'\n6|text|'new'\n");
    plan_is_clean(db, file);

    // Renamed in the same rebuild: the counter moves to the new name.
    std::string renamed = changed;
    renamed.replace(renamed.find("name = \"tickets\""), 16, "name = \"issues\"\nrenamed_from = \"tickets\"");
    renamed.replace(renamed.find("nullable = true\n"), 16, "");
    write_file(file, renamed);
    db.exec("DELETE FROM tickets WHERE id = 6");
    sync(db, file);
    CHECK(db.scalar("SELECT seq FROM sqlite_sequence WHERE name = 'issues'") == "6");
    CHECK(db.scalar("SELECT COUNT(*) FROM sqlite_sequence WHERE name <> 'issues'") == "0");
    db.exec("INSERT INTO issues (title) VALUES ('after')");
    CHECK(db.scalar("SELECT id FROM issues WHERE title = 'after'") == "7");
    plan_is_clean(db, file);
}

TEST_CASE("sqlite rebuild keeps STRICT, WITHOUT ROWID and every stored value", "[sqlite]") {
    TestDb db("sqlite", "rebuild_strict");
    db.exec("CREATE TABLE notes (id INTEGER NOT NULL, body ANY, code TEXT, n INT, PRIMARY KEY (id)) STRICT");
    db.exec("CREATE TABLE pairs (k TEXT NOT NULL, v ANY, PRIMARY KEY (k)) WITHOUT ROWID, STRICT");
    db.exec(
        "INSERT INTO notes VALUES (1, '0123', '0123', 7), (2, 12, '1e3', NULL), (3, 1.50, ' 5', 0), "
        "(4, x'00ff', 'x', -3), (5, '1e3', '', 9)");
    db.exec("INSERT INTO pairs VALUES ('a', '007'), ('b', 7), ('c', 2.5)");
    const std::string notes_before = dump(db, "notes", "body") + dump(db, "notes", "code") + dump(db, "notes", "n");
    const std::string pairs_before = db.scalar(
        "SELECT group_concat(k || ':' || typeof(v) || ':' || quote(v), ',') "
        "FROM (SELECT * FROM pairs ORDER BY k)");

    // inspect writes the options, and the files read back plan nothing.
    std::string file = db.dir() + "/s.toml";
    auto ins = run({"inspect", "--db", db.url()});
    INFO(ins.out << ins.err);
    REQUIRE(ins.code == 0);
    CHECK(ins.out.find("strict = true") != std::string::npos);
    CHECK(ins.out.find("without_rowid = true") != std::string::npos);
    write_file(file, ins.out);
    plan_is_clean(db, file);

    // The same tables with a check each: a change that forces a rebuild.
    std::string text = R"~(
[[table]]
name = "notes"
primary_key = ["id"]
  [table.sqlite]
  strict = true
  [[table.column]]
  name = "id"
  type = "bigint"
  [[table.column]]
  name = "body"
  type = "text"
  nullable = true
  sqlite = { type = "ANY" }
  [[table.column]]
  name = "code"
  type = "text"
  nullable = true
  [[table.column]]
  name = "n"
  type = "bigint"
  nullable = true
  sqlite = { type = "INT" }
  [[table.check]]
  expr = "id > 0"

[[table]]
name = "pairs"
primary_key = ["k"]
  [table.sqlite]
  strict = true
  without_rowid = true
  [[table.column]]
  name = "k"
  type = "text"
  [[table.column]]
  name = "v"
  type = "text"
  nullable = true
  sqlite = { type = "ANY" }
  [[table.check]]
  expr = "k <> ''"
)~";
    write_file(file, text);
    auto out = sync(db, file);
    CHECK(out.find("rebuild table notes") != std::string::npos);
    CHECK(out.find("rebuild table pairs") != std::string::npos);
    CHECK(dump(db, "notes", "body") + dump(db, "notes", "code") + dump(db, "notes", "n") == notes_before);
    CHECK(db.scalar("SELECT group_concat(k || ':' || typeof(v) || ':' || quote(v), ',') "
                    "FROM (SELECT * FROM pairs ORDER BY k)") == pairs_before);
    CHECK(db.scalar("SELECT \"strict\" || wr FROM pragma_table_list WHERE name = 'notes'") == "10");
    CHECK(db.scalar("SELECT \"strict\" || wr FROM pragma_table_list WHERE name = 'pairs'") == "11");
    plan_is_clean(db, file);
    // STRICT still enforced.
    CHECK_THROWS(db.exec("INSERT INTO notes VALUES (9, 'x', 'x', 'not a number')"));

    // Dropping strict from the files would turn ANY into NUMERIC affinity: refused.
    std::string loose = text;
    loose.replace(loose.find("strict = true"), 13, "");
    write_file(file, loose);
    auto p = run({"plan", "--db", db.url(), "--schema", file});
    INFO(p.out << p.err);
    CHECK(p.out.find("blocked") != std::string::npos);
    CHECK(p.out.find("body") != std::string::npos);
    auto s = run({"sync", "--db", db.url(), "--schema", file, "--yes"});
    CHECK(dump(db, "notes", "body") + dump(db, "notes", "code") + dump(db, "notes", "n") == notes_before);
    CHECK(db.scalar("SELECT \"strict\" FROM pragma_table_list WHERE name = 'notes'") == "1");
}

TEST_CASE("sqlite strict and without_rowid in the files create such tables", "[sqlite]") {
    TestDb db("sqlite", "create_strict");
    std::string file = write_file(db.dir() + "/s.toml", R"~(
[[table]]
name = "kv"
primary_key = ["k"]
  [table.sqlite]
  strict = true
  without_rowid = true
  [[table.column]]
  name = "k"
  type = "text"
  [[table.column]]
  name = "v"
  type = "int"
  nullable = true
)~");
    REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
    CHECK(db.scalar("SELECT \"strict\" || wr FROM pragma_table_list WHERE name = 'kv'") == "11");
    plan_is_clean(db, file);
    // A decimal lowers to NUMERIC, which STRICT does not allow: an error naming the column.
    write_file(file, read_file(file) +
                         "  [[table.column]]\n  name = \"price\"\n  type = \"decimal(10,2)\"\n  nullable = true\n");
    auto p = run({"plan", "--db", db.url(), "--schema", file});
    CHECK(p.code == 1);
    CHECK(p.err.find("kv.price") != std::string::npos);
}

TEST_CASE("sqlite rename together with a rebuild keeps views and triggers working", "[sqlite]") {
    TestDb db("sqlite", "rename_rebuild");
    std::string file = write_file(db.dir() + "/s.toml", kCounter);
    REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
    db.exec("INSERT INTO tickets (title) VALUES ('a'), ('b')");
    db.exec("CREATE TABLE log (msg TEXT)");
    db.exec("CREATE VIEW open_tickets AS SELECT id, title FROM tickets WHERE title <> 'x'");
    db.exec("CREATE TRIGGER tickets_log AFTER INSERT ON tickets BEGIN INSERT INTO log VALUES (NEW.title); END");

    std::string changed = kCounter;
    changed.replace(changed.find("name = \"tickets\""), 16, "name = \"issues\"\nrenamed_from = \"tickets\"");
    changed.replace(changed.find("  type = \"text\"\n"), 16, "  type = \"text\"\n  nullable = true\n");
    write_file(file, changed);
    auto out = sync(db, file);
    CHECK(out.find("rebuild table") != std::string::npos);
    CHECK(db.scalar("SELECT group_concat(id || ':' || title, ',') FROM open_tickets") == "1:a,2:b");
    db.exec("INSERT INTO issues (title) VALUES ('c')");
    CHECK(db.scalar("SELECT group_concat(msg, ',') FROM log") == "c");
    CHECK(db.scalar("SELECT group_concat(id || ':' || title, ',') FROM open_tickets") == "1:a,2:b,3:c");
    CHECK(db.scalar("SELECT COUNT(*) FROM sqlite_schema WHERE sql LIKE '%tickets%' AND name <> 'tickets_log' "
                    "AND name <> 'open_tickets'") == "0");
    CHECK(db.scalar("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'issues'") == "1");
    CHECK(db.scalar("PRAGMA integrity_check") == "ok");
    plan_is_clean(db, file);
}
