// Adopting existing SQLite databases (issue 14): every schema either round
// trips exactly (inspect -> files -> validate -> plan clean; sync converges
// with the rows kept) or is refused by name before anything runs.
#include <catch2/catch.hpp>
#include <filesystem>

#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;

namespace {

// inspect -> validate -> plan: the files inspect writes are accepted and
// describe the database exactly. Returns the folder of files.
std::string round_trip_clean(TestDb& db) {
    std::string out = db.dir() + "/inspected";
    auto in = run({"inspect", "--db", db.url(), "--out", out});
    INFO(in.out << in.err);
    REQUIRE(in.code == 0);
    auto v = run({"validate", "--schema", out, "--db", db.url()});
    INFO("validate: " << v.out << v.err);
    CHECK(v.code == 0);
    auto p = run({"plan", "--db", db.url(), "--schema", out});
    INFO("plan: " << p.out << p.err);
    CHECK(p.code == 0);
    return out;
}

}  // namespace

TEST_CASE("sqlite adoption: expression defaults are added in parentheses, fill old rows, and read back equal") {
    TestDb db("sqlite", "expr_defaults");
    const std::string base = R"~(
[[table]]
name = "events"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
)~";
    auto file = write_file(db.dir() + "/s.toml", base);
    REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
    db.exec("INSERT INTO events (id) VALUES (1)");
    write_file(file, base + R"~(
  [[table.column]]
  name = "label"
  type = "text"
  default_expr = "'ev' || '-' || 'x'"
  [[table.column]]
  name = "total"
  type = "int"
  default_expr = "2 * 21"
  [[table.column]]
  name = "day"
  type = "text"
  default_expr = "date('now')"
  [[table.column]]
  name = "minus"
  type = "int"
  default = -3
)~");
    auto s = run({"sync", "--db", db.url(), "--schema", file, "--yes"});
    INFO(s.out << s.err);
    REQUIRE(s.code == 0);
    auto p = run({"plan", "--db", db.url(), "--schema", file});
    INFO("plan after sync: " << p.out << p.err);
    CHECK(p.code == 0);
    db.exec("INSERT INTO events (id) VALUES (2)");
    for (const char* id : {"1", "2"}) {
        std::string where = std::string(" FROM events WHERE id = ") + id;
        CHECK(db.scalar("SELECT label" + where) == "ev-x");
        CHECK(db.scalar("SELECT total" + where) == "42");
        CHECK(db.scalar("SELECT day = date('now')" + where) == "1");
        CHECK(db.scalar("SELECT minus" + where) == "-3");
    }
    round_trip_clean(db);
}

TEST_CASE("sqlite adoption: STRICT and WITHOUT ROWID survive inspect, a rebuild, and a fresh create") {
    TestDb db("sqlite", "strict_rowid");
    db.exec("CREATE TABLE setting (key TEXT PRIMARY KEY, value ANY) STRICT, WITHOUT ROWID");
    db.exec("CREATE TABLE measure (id INTEGER PRIMARY KEY, n INT NOT NULL, label TEXT) STRICT");
    db.exec("INSERT INTO setting VALUES ('a', '0123'), ('b', 7)");
    db.exec("INSERT INTO measure VALUES (1, 5, 'x')");
    std::string out = round_trip_clean(db);
    std::string text = read_file(out + "/setting.toml");
    CHECK(text.find("strict = true") != std::string::npos);
    CHECK(text.find("without_rowid = true") != std::string::npos);

    // setting.value and measure.label become NOT NULL: SQLite rebuilds both
    // tables, which must stay STRICT (and WITHOUT ROWID).
    for (const char* t : {"/setting.toml", "/measure.toml"}) {
        std::string f = read_file(out + t);
        auto nullable = f.find("nullable = true");
        REQUIRE(nullable != std::string::npos);
        f.erase(nullable, std::string("nullable = true").size());
        write_file(out + t, f);
    }
    auto s = run({"sync", "--db", db.url(), "--schema", out, "--yes"});
    INFO(s.out << s.err);
    REQUIRE(s.code == 0);
    CHECK(run({"plan", "--db", db.url(), "--schema", out}).code == 0);
    CHECK(db.scalar("SELECT \"strict\" FROM pragma_table_list WHERE name = 'setting'") == "1");
    CHECK(db.scalar("SELECT wr FROM pragma_table_list WHERE name = 'setting'") == "1");
    CHECK(db.scalar("SELECT \"strict\" FROM pragma_table_list WHERE name = 'measure'") == "1");
    // ANY kept the text '0123' as text through the rebuild.
    CHECK(db.scalar("SELECT typeof(value) || ':' || value FROM setting WHERE key = 'a'") == "text:0123");
    CHECK(db.scalar("SELECT typeof(value) || ':' || value FROM setting WHERE key = 'b'") == "integer:7");
    CHECK(db.scalar("SELECT label FROM measure WHERE id = 1") == "x");

    TestDb fresh("sqlite", "strict_rowid_fresh");
    auto c = run({"create", "--db", fresh.url(), "--schema", out, "--yes"});
    INFO(c.out << c.err);
    REQUIRE(c.code == 0);
    CHECK(run({"plan", "--db", fresh.url(), "--schema", out}).code == 0);
    CHECK(fresh.scalar("SELECT wr || \"strict\" FROM pragma_table_list WHERE name = 'setting'") == "11");
}

TEST_CASE("sqlite adoption: auto_increment only on the single INTEGER PRIMARY KEY, refused by name elsewhere") {
    TestDb db("sqlite", "autoinc");
    db.exec("CREATE TABLE counted (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT)");
    db.exec("CREATE TABLE loose (a INTEGER, b TEXT)");
    db.exec("INSERT INTO counted (v) VALUES ('a'), ('b')");
    db.exec("DELETE FROM counted WHERE id = 2");
    db.exec("INSERT INTO loose VALUES (1, 'x'), (1, 'x')");
    std::string out = round_trip_clean(db);
    CHECK(read_file(out + "/counted.toml").find("auto_increment = true") != std::string::npos);
    CHECK(read_file(out + "/loose.toml").find("primary_key") == std::string::npos);
    db.exec("INSERT INTO counted (v) VALUES ('c')");
    CHECK(db.scalar("SELECT id FROM counted WHERE v = 'c'") == "3");  // 2 is never reused

    auto bad = write_file(db.dir() + "/bad.toml", R"~(
[[table]]
name = "notes"
primary_key = ["code"]
  [[table.column]]
  name = "code"
  type = "text"
  [[table.column]]
  name = "seq"
  type = "int"
  auto_increment = true
)~");
    auto v = run({"validate", "--schema", bad, "--db", db.url()});
    INFO(v.out << v.err);
    CHECK(v.code != 0);
    CHECK((v.out + v.err).find("notes.seq") != std::string::npos);
    auto c = run({"sync", "--db", db.url(), "--schema", bad, "--yes"});
    CHECK(c.code != 0);
    CHECK(db.scalar("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'notes'") == "0");
}

// SQLite numbers foreign keys from the last one written: read in that order,
// a database created from the files came back with its keys reversed.
TEST_CASE("sqlite adoption: foreign keys read back in the order they were written") {
    TestDb db("sqlite", "fk_order");
    db.exec("CREATE TABLE a (id INTEGER PRIMARY KEY)");
    db.exec("CREATE TABLE b (id INTEGER PRIMARY KEY)");
    db.exec("CREATE TABLE c (id INTEGER PRIMARY KEY)");
    db.exec(
        "CREATE TABLE abc (a_id INTEGER REFERENCES a(id), b_id INTEGER REFERENCES b(id), "
        "c_id INTEGER, FOREIGN KEY (c_id) REFERENCES c(id))");
    std::string out = round_trip_clean(db);
    std::string first = read_file(out + "/abc.toml");
    CHECK(first.find("ref_table = 'a'") < first.find("ref_table = 'b'"));
    CHECK(first.find("ref_table = 'b'") < first.find("ref_table = 'c'"));
    TestDb fresh("sqlite", "fk_order_fresh");
    REQUIRE(run({"create", "--db", fresh.url(), "--schema", out, "--yes"}).code == 0);
    std::string again = fresh.dir() + "/again";
    REQUIRE(run({"inspect", "--db", fresh.url(), "--out", again}).code == 0);
    CHECK(read_file(again + "/abc.toml") == first);
}

namespace {

// Appends a check on `column` to the table file: SQLite adds checks by a rebuild.
void add_check(const std::string& file, const std::string& expr) {
    write_file(file, read_file(file) + "\n[[table.check]]\nname = \"chk_added\"\nexpr = \"" + expr + "\"\n");
}

}  // namespace

// wild-triage S1: a COLLATE NOCASE column was exported without it, and a
// rebuild recreated it BINARY: its unique index then took both spellings.
TEST_CASE("sqlite adoption: a column collation is read, kept by a rebuild, and created") {
    TestDb db("sqlite", "collate");
    db.exec("CREATE TABLE hosts (id INTEGER PRIMARY KEY, name TEXT NOT NULL COLLATE NOCASE, port INTEGER)");
    db.exec("CREATE UNIQUE INDEX hosts_name ON hosts (name)");
    db.exec("INSERT INTO hosts VALUES (1, 'Example.com', 80)");
    std::string out = round_trip_clean(db);
    CHECK(read_file(out + "/hosts.toml").find("collation = 'NOCASE'") != std::string::npos);
    add_check(out + "/hosts.toml", "port > 0");
    auto s = run({"sync", "--db", db.url(), "--schema", out, "--yes"});
    INFO(s.out << s.err);
    REQUIRE(s.code == 0);
    CHECK(run({"plan", "--db", db.url(), "--schema", out}).code == 0);
    CHECK_THROWS(db.exec("INSERT INTO hosts VALUES (2, 'example.COM', 81)"));  // still one host
    CHECK(db.scalar("SELECT COUNT(*) FROM hosts WHERE name = 'EXAMPLE.COM'") == "1");

    TestDb fresh("sqlite", "collate_fresh");
    REQUIRE(run({"create", "--db", fresh.url(), "--schema", out, "--yes"}).code == 0);
    fresh.exec("INSERT INTO hosts VALUES (1, 'Example.com', 80)");
    CHECK_THROWS(fresh.exec("INSERT INTO hosts VALUES (2, 'example.com', 81)"));
}

TEST_CASE("sqlite adoption: generated columns and expression indexes survive a rebuild and are created") {
    TestDb db("sqlite", "generated");
    db.exec(
        "CREATE TABLE items (id INTEGER PRIMARY KEY, price INT, qty INT, email TEXT, "
        "total INT GENERATED ALWAYS AS (price * qty) VIRTUAL, tag TEXT AS (upper(email)) STORED)");
    db.exec("CREATE INDEX items_email_lower ON items (lower(email) DESC, qty)");
    db.exec("INSERT INTO items (id, price, qty, email) VALUES (1, 3, 4, 'A@x.org')");
    std::string out = round_trip_clean(db);
    std::string text = read_file(out + "/items.toml");
    CHECK(text.find("generated = 'price * qty'") != std::string::npos);
    CHECK(text.find("(lower(email)) desc") != std::string::npos);

    // A rebuild (a new check), and a STORED column added (which ALTER TABLE cannot).
    add_check(out + "/items.toml", "qty >= 0");
    std::string t = read_file(out + "/items.toml");
    auto idx = t.find("[[table.index]]");
    REQUIRE(idx != std::string::npos);
    t.insert(idx,
             "[[table.column]]\nname = \"price2\"\ntype = \"bigint\"\nnullable = true\ngenerated = \"price * 2\"\n"
             "stored = true\n\n");
    write_file(out + "/items.toml", t);
    auto s = run({"sync", "--db", db.url(), "--schema", out, "--yes"});
    INFO(s.out << s.err);
    REQUIRE(s.code == 0);
    auto p = run({"plan", "--db", db.url(), "--schema", out});
    INFO(p.out << p.err);
    CHECK(p.code == 0);
    CHECK(db.scalar("SELECT total || ',' || tag || ',' || price2 FROM items WHERE id = 1") == "12,A@X.ORG,6");
    CHECK(db.scalar("SELECT hidden FROM pragma_table_xinfo('items') WHERE name = 'tag'") == "3");
    CHECK(db.scalar("SELECT sql LIKE '%lower(email)%' FROM sqlite_schema WHERE name = 'items_email_lower'") == "1");

    TestDb fresh("sqlite", "generated_fresh");
    REQUIRE(run({"create", "--db", fresh.url(), "--schema", out, "--yes"}).code == 0);
    CHECK(run({"plan", "--db", fresh.url(), "--schema", out}).code == 0);
    fresh.exec("INSERT INTO items (id, price, qty, email) VALUES (1, 2, 5, 'b@y')");
    CHECK(fresh.scalar("SELECT total || ',' || tag FROM items") == "10,B@Y");
}

TEST_CASE("sqlite adoption: what a rebuild would lose or break is named, and the rebuild blocked") {
    TestDb db("sqlite", "unmanaged");
    // wild-triage S2: a TEXT PRIMARY KEY without NOT NULL holds NULL; a rebuild keeps that.
    db.exec("CREATE TABLE peers (host TEXT PRIMARY KEY, seen INTEGER)");
    db.exec("INSERT INTO peers VALUES (NULL, 1), ('a', 2)");
    db.exec("CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT UNIQUE ON CONFLICT REPLACE, spare INT)");
    db.exec("INSERT INTO tags VALUES (1, 'x', 0)");
    db.exec("CREATE TABLE orders (id INTEGER PRIMARY KEY, total INT, spare INT)");
    db.exec("CREATE VIEW big AS SELECT id, total FROM orders WHERE total > 100");
    db.exec("INSERT INTO orders VALUES (1, 500, 0)");
    std::string out = round_trip_clean(db);
    CHECK(read_file(out + "/tags.toml").find("ON CONFLICT REPLACE") != std::string::npos);
    CHECK(read_file(out + "/orders.toml").find("view big") != std::string::npos);

    add_check(out + "/peers.toml", "seen >= 0");
    add_check(out + "/tags.toml", "id > 0");
    std::string o = read_file(out + "/orders.toml");
    auto at = o.find("name = 'total'");
    REQUIRE(at != std::string::npos);
    auto start = o.rfind("[[table.column]]", at);
    o.erase(start, o.find("[[table.column]]", at) - start);
    write_file(out + "/orders.toml", o);
    auto p = run({"plan", "--db", db.url(), "--schema", out, "--allow-drop"});
    INFO(p.out << p.err);
    CHECK(p.out.find("ON CONFLICT REPLACE") != std::string::npos);
    CHECK(p.out.find("view big") != std::string::npos);
    run({"sync", "--db", db.url(), "--schema", out, "--yes", "--allow-drop"});
    // peers was rebuilt (its check is there) and its primary key still takes
    // NULL, as before: no NOT NULL added behind the user's back, no failed copy.
    CHECK(db.scalar("SELECT sql LIKE '%seen >= 0%' FROM sqlite_schema WHERE name = 'peers'") == "1");
    CHECK(db.scalar("SELECT COUNT(*) FROM peers WHERE host IS NULL") == "1");
    db.exec("INSERT INTO peers VALUES (NULL, 3)");
    CHECK(db.scalar("SELECT COUNT(*) FROM peers") == "3");
    CHECK(run({"plan", "--db", db.url(), "--schema", out, "--allow-drop"}).out.find("peers") == std::string::npos);
    CHECK(db.scalar("SELECT sql LIKE '%ON CONFLICT REPLACE%' FROM sqlite_schema WHERE name = 'tags'") == "1");
    CHECK(db.scalar("SELECT total FROM big WHERE id = 1") == "500");
}

// Someone else's CREATE TABLE: comments holding an apostrophe, a comma and
// a parenthesis, and a [bracketed] name with a parenthesis in it. Each once
// hid what came after it (a check, AUTOINCREMENT, a collation). And two
// index keys under a collation the files cannot state: SQLite lists the
// newest index first, and they are listed in name order all the same.
TEST_CASE("sqlite adoption: comments in CREATE TABLE hide nothing; unstated index collations in name order") {
    TestDb db("sqlite", "comments");
    db.exec(
        "CREATE TABLE items (\n"
        "  id INTEGER PRIMARY KEY AUTOINCREMENT, -- don't reuse ids\n"
        "  qty INT CONSTRAINT qty_positive CHECK (qty > 0), /* legacy, keep */ label TEXT COLLATE NOCASE,\n"
        "  -- one of: a), b)\n"
        "  [w(x] INT CHECK ([w(x] >= 0), code TEXT COLLATE NOCASE\n)");
    db.exec("CREATE INDEX items_a ON items (id COLLATE NOCASE)");
    db.exec("CREATE INDEX items_z ON items (qty COLLATE NOCASE)");
    db.exec("INSERT INTO items (qty, label, [w(x], code) VALUES (2, 'Ab', 1, 'Cd')");
    std::string out = round_trip_clean(db);
    std::string f = read_file(out + "/items.toml");
    INFO(f);
    CHECK(f.find("auto_increment = true") != std::string::npos);
    CHECK(f.find("qty_positive") != std::string::npos);
    CHECK(f.find("w(x] >= 0") != std::string::npos);
    CHECK(f.find("collation = 'NOCASE'") != std::string::npos);
    auto a = f.find("# not managed by schemactl: index items_a");
    auto z = f.find("# not managed by schemactl: index items_z");
    REQUIRE(a != std::string::npos);
    REQUIRE(z != std::string::npos);
    CHECK(a < z);
    CHECK(db.scalar("SELECT label || code FROM items") == "AbCd");
}

// A -- comment inside a CHECK, a generated column and a partial index's
// WHERE was read into the expression, and a rebuild wrote it back before
// the closing parenthesis: CREATE TABLE failed, and no change to the table
// could ever be applied. Comments are left out of what is read.
TEST_CASE("sqlite adoption: a table whose expressions hold comments is rebuilt with its rows") {
    TestDb db("sqlite", "exprcomments");
    db.exec(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, x INT CHECK (x > 0 -- positive\n), "
        "y INT AS (x * 2 -- doubled\n) STORED, s TEXT)");
    db.exec("CREATE INDEX t_s ON t (s) WHERE s <> 'void' -- partial");
    db.exec("INSERT INTO t (id, x, s) VALUES (1, 5, 'a'), (2, 7, 'void')");
    std::string out = round_trip_clean(db);
    add_check(out + "/t.toml", "id > 0");  // SQLite adds a check by rebuilding the table
    auto s = run({"sync", "--db", db.url(), "--schema", out, "--yes"});
    INFO(s.out << s.err);
    REQUIRE(s.code == 0);
    CHECK(db.scalar("SELECT group_concat(id || ':' || x || ':' || y || ':' || s, ' ') FROM t") ==
          "1:5:10:a 2:7:14:void");
    CHECK(db.scalar("SELECT sql LIKE '%id > 0%' FROM sqlite_schema WHERE name = 't'") == "1");
    CHECK(db.scalar("SELECT sql LIKE '%WHERE s <> ''void''%' FROM sqlite_schema WHERE name = 't_s'") == "1");
    CHECK(run({"plan", "--db", db.url(), "--schema", out}).code == 0);
}

TEST_CASE("sqlite adoption: a virtual table is named, its shadow tables left alone, and changes to it blocked") {
    TestDb db("sqlite", "virtual");
    db.exec("CREATE TABLE docs (id INTEGER PRIMARY KEY, body TEXT)");
    db.exec("CREATE VIRTUAL TABLE docs_fts USING fts5(body, content='docs', content_rowid='id')");
    db.exec("INSERT INTO docs VALUES (1, 'hello world')");
    db.exec("INSERT INTO docs_fts (rowid, body) VALUES (1, 'hello world')");
    std::string out = round_trip_clean(db);
    CHECK_FALSE(std::filesystem::exists(out + "/docs_fts_data.toml"));  // fts5's own storage
    std::string text = read_file(out + "/docs_fts.toml");
    CHECK(text.find("not managed by schemactl: virtual table docs_fts") != std::string::npos);
    write_file(out + "/docs_fts.toml",
               text + "\n[[table.column]]\nname = \"extra\"\ntype = \"text\"\nnullable = true\n");
    auto p = run({"plan", "--db", db.url(), "--schema", out});
    INFO(p.out << p.err);
    CHECK(p.out.find("virtual table") != std::string::npos);
    run({"sync", "--db", db.url(), "--schema", out, "--yes"});
    CHECK(db.scalar("SELECT rowid FROM docs_fts WHERE docs_fts MATCH 'hello'") == "1");
    CHECK(db.scalar("SELECT COUNT(*) FROM pragma_table_xinfo('docs_fts') WHERE name = 'extra'") == "0");
}

// A rebuild re-creates the table's triggers as written; SQLite checks a
// trigger's columns only when it fires, so dropping a column one uses left
// every later INSERT failing ("no such column: new.b") after a clean sync.
TEST_CASE("sqlite adoption: a rebuild that would drop a column a trigger uses is blocked, naming the trigger") {
    TestDb db("sqlite", "trigger_column");
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, a INT, b INT)");
    db.exec("CREATE TABLE log (x INT)");
    db.exec("CREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.b); END");
    db.exec("INSERT INTO t VALUES (1, 2, 3)");
    std::string out = round_trip_clean(db);
    std::string text = read_file(out + "/t.toml");
    auto at = text.find("name = 'b'");
    REQUIRE(at != std::string::npos);
    auto start = text.rfind("[[table.column]]", at);
    text.erase(start);
    // A plain DROP COLUMN (no rebuild) is held back the same way.
    write_file(out + "/t.toml", text);
    auto plain = run({"plan", "--db", db.url(), "--schema", out, "--allow-drop"});
    INFO(plain.out << plain.err);
    CHECK(plain.out.find("trigger t_log depends on column b") != std::string::npos);
    CHECK(plain.out.find("blocked") != std::string::npos);
    write_file(out + "/t.toml", text + "\n[[table.check]]\nname = \"a_positive\"\nexpr = \"a > 0\"\n");
    auto p = run({"plan", "--db", db.url(), "--schema", out, "--allow-drop"});
    INFO(p.out << p.err);
    CHECK(p.out.find("trigger t_log depends on column b") != std::string::npos);
    run({"sync", "--db", db.url(), "--schema", out, "--yes", "--allow-drop"});
    db.exec("INSERT INTO t VALUES (2, 3, 4)");  // the trigger still works
    CHECK(db.scalar("SELECT group_concat(x) FROM log") == "3,4");
    CHECK(db.scalar("SELECT b FROM t WHERE id = 1") == "3");
    // recreate drops a table's triggers with it: refused, nothing changed.
    auto r = run({"recreate", "t", "--db", db.url(), "--schema", out, "--yes"});
    INFO(r.out << r.err);
    CHECK(r.code != 0);
    CHECK((r.out + r.err).find("trigger") != std::string::npos);
    CHECK(db.scalar("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'trigger' AND name = 't_log'") == "1");
    CHECK(db.scalar("SELECT group_concat(id || ':' || b) FROM t") == "1:3,2:4");
}
