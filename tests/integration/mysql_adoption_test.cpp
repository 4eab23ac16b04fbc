// Adopting existing MariaDB databases (issue 14): every schema either round
// trips exactly (inspect -> files -> validate -> plan clean; sync converges
// with the rows kept) or is refused by name before anything runs.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;

namespace {

// inspect -> validate -> plan: the files inspect writes are accepted and
// describe the database exactly.
void round_trip_clean(TestDb& db) {
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
}

std::string column_info(TestDb& db, const std::string& table, const std::string& column, const std::string& what) {
    return db.scalar("SELECT " + what +
                     " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND "
                     "TABLE_NAME = '" +
                     table + "' AND COLUMN_NAME = '" + column + "'");
}

std::string table_info(TestDb& db, const std::string& table, const std::string& what) {
    return db.scalar("SELECT " + what +
                     " FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND "
                     "TABLE_NAME = '" +
                     table + "'");
}

}  // namespace

TEST_CASE("mysql adoption: expression defaults are added in parentheses, fill old rows, and read back equal") {
    REQUIRE_SERVER("mysql");
    TestDb db("mysql", "expr_defaults");
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
    // Each of these is a syntax error after a bare DEFAULT.
    write_file(file, base + R"~(
  [[table.column]]
  name = "due"
  type = "timestamp"
  default_expr = "current_timestamp + interval 1 day"
  [[table.column]]
  name = "label"
  type = "varchar(40)"
  default_expr = "concat('ev', '-', 'x')"
  [[table.column]]
  name = "shout"
  type = "varchar(40)"
  default_expr = "upper('quiet')"
  [[table.column]]
  name = "total"
  type = "int"
  default_expr = "2 * 21"
  [[table.column]]
  name = "day"
  type = "date"
  default_expr = "current_date"
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
        CHECK(db.scalar("SELECT shout" + where) == "QUIET");
        CHECK(db.scalar("SELECT total" + where) == "42");
        CHECK(db.scalar("SELECT day = CURDATE()" + where) == "1");
        CHECK(db.scalar("SELECT due > NOW()" + where) == "1");
    }
    round_trip_clean(db);
}

TEST_CASE("mysql adoption: auto_increment leading a secondary key, in a MyISAM composite key, and no primary key") {
    REQUIRE_SERVER("mysql");
    TestDb db("mysql", "auto_key");
    db.exec("CREATE TABLE codes (id INT AUTO_INCREMENT, code VARCHAR(5) PRIMARY KEY, KEY (id))");
    db.exec("CREATE TABLE readings (v INT, id BIGINT AUTO_INCREMENT, KEY by_id (id, v))");
    db.exec("CREATE TABLE per_group (grp INT, n INT AUTO_INCREMENT, PRIMARY KEY (grp, n)) ENGINE=MyISAM");
    db.exec("CREATE TABLE loose (v INT, w VARCHAR(10))");
    db.exec("INSERT INTO codes (code) VALUES ('a'), ('b')");
    db.exec("INSERT INTO readings (v) VALUES (7)");
    db.exec("INSERT INTO per_group (grp) VALUES (1), (1), (2)");
    db.exec("INSERT INTO loose VALUES (1, 'x'), (1, 'x')");
    round_trip_clean(db);

    // A fresh database from the inspected files hands out ids the same way.
    std::string out = db.dir() + "/inspected";
    TestDb fresh("mysql", "auto_key_fresh");
    auto c = run({"create", "--db", fresh.url(), "--schema", out, "--yes"});
    INFO(c.out << c.err);
    REQUIRE(c.code == 0);
    CHECK(run({"plan", "--db", fresh.url(), "--schema", out}).code == 0);
    fresh.exec("INSERT INTO per_group (grp) VALUES (1), (1), (2)");
    CHECK(fresh.scalar("SELECT MAX(n) FROM per_group WHERE grp = 1") == "2");
    CHECK(fresh.scalar("SELECT MAX(n) FROM per_group WHERE grp = 2") == "1");
    fresh.exec("INSERT INTO codes (code) VALUES ('q')");
    CHECK(fresh.scalar("SELECT id FROM codes WHERE code = 'q'") == "1");
    fresh.exec("INSERT INTO loose VALUES (1, 'x'), (1, 'x')");  // no key: duplicates allowed
    CHECK(fresh.scalar("SELECT COUNT(*) FROM loose") == "2");

    // Where MariaDB refuses it, validate says so first, by name.
    auto bad = write_file(db.dir() + "/bad.toml", R"~(
[[table]]
name = "notes"
primary_key = ["code"]
  [[table.column]]
  name = "code"
  type = "varchar(5)"
  [[table.column]]
  name = "seq"
  type = "int"
  auto_increment = true
)~");
    auto v = run({"validate", "--schema", bad, "--db", db.url()});
    INFO(v.out << v.err);
    CHECK(v.code != 0);
    CHECK((v.out + v.err).find("notes.seq") != std::string::npos);
    CHECK((v.out + v.err).find("first column of a key") != std::string::npos);
}

TEST_CASE("mysql adoption: a MyISAM and a utf8mb3 table are converted to what the files state, rows kept") {
    REQUIRE_SERVER("mysql");
    TestDb db("mysql", "engine_charset");
    db.exec("CREATE TABLE legacy (id INT PRIMARY KEY, v VARCHAR(20)) ENGINE=MyISAM");
    db.exec(
        "CREATE TABLE old_text (id INT PRIMARY KEY, body TEXT, name VARCHAR(30), code VARCHAR(8) "
        "COLLATE latin1_bin) DEFAULT CHARSET=utf8mb3");
    db.exec("CREATE TABLE latin_notes (id INT PRIMARY KEY, note VARCHAR(40)) DEFAULT CHARSET=latin1");
    db.exec("INSERT INTO latin_notes VALUES (1, 'café')");
    db.exec("INSERT INTO legacy VALUES (1, 'kept')");
    db.exec("INSERT INTO old_text VALUES (1, 'Grüße', 'Ærø', 'AB')");
    round_trip_clean(db);

    auto file = write_file(db.dir() + "/s.toml", R"~(
[[table]]
name = "legacy"
primary_key = ["id"]
mysql = { engine = "InnoDB" }
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "v"
  type = "varchar(20)"
  nullable = true

[[table]]
name = "old_text"
primary_key = ["id"]
mysql = { charset = "utf8mb4", collation = "utf8mb4_bin" }
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "body"
  type = "text"
  nullable = true
  [[table.column]]
  name = "name"
  type = "varchar(30)"
  nullable = true
  [[table.column]]
  name = "code"
  type = "varchar(8)"
  nullable = true
  mysql = { collation = "latin1_bin" }

[[table]]
name = "latin_notes"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "note"
  type = "varchar(40)"
  nullable = true
)~");
    auto p = run({"plan", "--db", db.url(), "--schema", file, "--format", "sql"});
    INFO(p.out << p.err);
    CHECK(p.code == 2);
    CHECK(p.out.find("ENGINE=InnoDB") != std::string::npos);
    CHECK(p.out.find("DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin") != std::string::npos);
    CHECK(p.out.find("DEFAULT CHARSET=DEFAULT") != std::string::npos);  // latin_notes: the database's
    auto s = run({"sync", "--db", db.url(), "--schema", file, "--yes"});
    INFO(s.out << s.err);
    REQUIRE(s.code == 0);
    auto again = run({"plan", "--db", db.url(), "--schema", file});
    INFO("plan after sync: " << again.out << again.err);
    CHECK(again.code == 0);
    CHECK(table_info(db, "legacy", "ENGINE") == "InnoDB");
    CHECK(table_info(db, "old_text", "TABLE_COLLATION") == "utf8mb4_bin");
    CHECK(table_info(db, "latin_notes", "TABLE_COLLATION") == db.scalar("SELECT @@collation_database"));
    CHECK(column_info(db, "latin_notes", "note", "CHARACTER_SET_NAME") == db.scalar("SELECT @@character_set_database"));
    CHECK(db.scalar("SELECT note FROM latin_notes WHERE id = 1") == "café");
    // The columns are converted too, keep their types, and the one with its
    // own collation keeps it.
    CHECK(column_info(db, "old_text", "body", "CHARACTER_SET_NAME") == "utf8mb4");
    CHECK(column_info(db, "old_text", "body", "DATA_TYPE") == "text");
    CHECK(column_info(db, "old_text", "name", "CHARACTER_SET_NAME") == "utf8mb4");
    CHECK(column_info(db, "old_text", "code", "COLLATION_NAME") == "latin1_bin");
    CHECK(db.scalar("SELECT v FROM legacy WHERE id = 1") == "kept");
    CHECK(db.scalar("SELECT body FROM old_text WHERE id = 1") == "Grüße");
    CHECK(db.scalar("SELECT name FROM old_text WHERE id = 1") == "Ærø");
    CHECK(db.scalar("SELECT code FROM old_text WHERE id = 1") == "AB");
    db.exec("INSERT INTO old_text (id, name) VALUES (2, 'emoji \xF0\x9F\x98\x80')");  // utf8mb4 only
    CHECK(db.scalar("SELECT name FROM old_text WHERE id = 2") == "emoji \xF0\x9F\x98\x80");
    round_trip_clean(db);
}

TEST_CASE("mysql adoption: a foreign key on a MyISAM table is refused by name before anything runs") {
    REQUIRE_SERVER("mysql");
    TestDb db("mysql", "myisam_fk");
    auto file = write_file(db.dir() + "/s.toml", R"~(
[[table]]
name = "parents"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"

[[table]]
name = "kids"
primary_key = ["id"]
mysql = { engine = "MyISAM" }
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "parent_id"
  type = "int"
  [[table.foreign_key]]
  name = "fk_kids_parent"
  columns = ["parent_id"]
  ref_table = "parents"
  ref_columns = ["id"]
)~");
    auto c = run({"create", "--db", db.url(), "--schema", file, "--yes"});
    INFO(c.out << c.err);
    CHECK(c.code != 0);
    CHECK((c.out + c.err).find("kids.fk_kids_parent") != std::string::npos);
    CHECK((c.out + c.err).find("MyISAM") != std::string::npos);
    CHECK(db.scalar("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()") == "0");

    // The other way round: an InnoDB table's key to a MyISAM parent.
    std::string parent_myisam = read_file(file);
    parent_myisam.erase(parent_myisam.find("mysql = { engine = \"MyISAM\" }\n"),
                        std::string("mysql = { engine = \"MyISAM\" }\n").size());
    parent_myisam.insert(parent_myisam.find("primary_key"), "mysql = { engine = \"MyISAM\" }\n");
    auto p = run(
        {"create", "--db", db.url(), "--schema", write_file(db.dir() + "/parent_myisam.toml", parent_myisam), "--yes"});
    INFO(p.out << p.err);
    CHECK(p.code != 0);
    CHECK((p.out + p.err).find("kids.fk_kids_parent") != std::string::npos);
    CHECK((p.out + p.err).find("references table parents, whose engine MyISAM") != std::string::npos);
    CHECK(db.scalar("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()") == "0");

    // A MyISAM table in the database and files without an engine: the table
    // becomes InnoDB in the statement that adds the key, and the key holds.
    db.exec("CREATE TABLE parents (id INT PRIMARY KEY)");
    db.exec("CREATE TABLE kids (id INT PRIMARY KEY, parent_id INT NOT NULL) ENGINE=MyISAM");
    db.exec("INSERT INTO parents VALUES (1)");
    db.exec("INSERT INTO kids VALUES (10, 1)");
    std::string text = read_file(file);
    text.erase(text.find("mysql = { engine = \"MyISAM\" }\n"), std::string("mysql = { engine = \"MyISAM\" }\n").size());
    write_file(file, text);
    auto s = run({"sync", "--db", db.url(), "--schema", file, "--yes"});
    INFO(s.out << s.err);
    REQUIRE(s.code == 0);
    CHECK(run({"plan", "--db", db.url(), "--schema", file}).code == 0);
    CHECK(table_info(db, "kids", "ENGINE") == "InnoDB");
    CHECK(db.scalar("SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = "
                    "DATABASE() AND CONSTRAINT_NAME = 'fk_kids_parent'") == "1");
    CHECK(db.scalar("SELECT parent_id FROM kids WHERE id = 10") == "1");
    CHECK_THROWS(db.exec("INSERT INTO kids VALUES (11, 99)"));
}

TEST_CASE("mysql adoption: generated columns are created, changed, indexed and read back, expression keys refused") {
    REQUIRE_SERVER("mysql");
    TestDb db("mysql", "generated");
    const std::string head = R"~(
[[table]]
name = "lines"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "price"
  type = "int"
  [[table.column]]
  name = "qty"
  type = "int"
  [[table.column]]
  name = "code"
  type = "varchar(20)"
)~";
    auto file = write_file(db.dir() + "/s.toml", head + R"~(
  [[table.column]]
  name = "total"
  type = "int"
  generated = "price * qty"
  [[table.column]]
  name = "code_lc"
  type = "varchar(20)"
  generated = "lower(code)"
  stored = true
  [[table.index]]
  columns = ["code_lc"]
)~");
    auto c = run({"create", "--db", db.url(), "--schema", file, "--yes"});
    INFO(c.out << c.err);
    REQUIRE(c.code == 0);
    auto p = run({"plan", "--db", db.url(), "--schema", file});
    INFO("plan: " << p.out << p.err);
    CHECK(p.code == 0);
    db.exec("INSERT INTO `lines` (id, price, qty, code) VALUES (1, 3, 4, 'AbC')");
    CHECK(db.scalar("SELECT total FROM `lines` WHERE id = 1") == "12");
    CHECK(db.scalar("SELECT code_lc FROM `lines` WHERE id = 1") == "abc");
    round_trip_clean(db);
    CHECK(read_file(db.dir() + "/inspected/lines.toml").find("stored = true") != std::string::npos);

    // A new expression: the column is changed in place and recomputed.
    write_file(file, head + R"~(
  [[table.column]]
  name = "total"
  type = "int"
  generated = "price * qty + 1"
  [[table.column]]
  name = "code_lc"
  type = "varchar(20)"
  generated = "upper(code)"
  stored = true
  [[table.index]]
  columns = ["code_lc"]
)~");
    auto s = run({"sync", "--db", db.url(), "--schema", file, "--yes"});
    INFO(s.out << s.err);
    REQUIRE(s.code == 0);
    CHECK(run({"plan", "--db", db.url(), "--schema", file}).code == 0);
    CHECK(db.scalar("SELECT total FROM `lines` WHERE id = 1") == "13");
    CHECK(db.scalar("SELECT code_lc FROM `lines` WHERE id = 1") == "ABC");
    CHECK(db.scalar("SELECT price FROM `lines` WHERE id = 1") == "3");

    // MariaDB 10.11 has no index on an expression: refused by name, with the way out.
    auto bad = write_file(db.dir() + "/bad.toml", head + R"~(
  [[table.index]]
  name = "by_lower_code"
  columns = ["(lower(code))"]
)~");
    auto v = run({"plan", "--db", db.url(), "--schema", bad});
    INFO(v.out << v.err);
    CHECK(v.code != 0);
    CHECK((v.out + v.err).find("lines.by_lower_code") != std::string::npos);
    CHECK((v.out + v.err).find("generated column") != std::string::npos);
}

TEST_CASE("mysql adoption: an INVISIBLE column stays invisible when schemactl changes it") {
    REQUIRE_SERVER("mysql");
    TestDb db("mysql", "invisible");
    db.exec("CREATE TABLE accounts (id INT PRIMARY KEY, name VARCHAR(20), secret VARCHAR(20) INVISIBLE DEFAULT 'x')");
    db.exec("INSERT INTO accounts VALUES (1, 'ann')");  // no column list: secret is skipped
    round_trip_clean(db);
    std::string out = db.dir() + "/inspected";
    std::string text = read_file(out + "/accounts.toml");
    CHECK(text.find("# not managed by schemactl: invisible column secret") != std::string::npos);
    // A new default for the invisible column and a wider name: two MODIFYs.
    auto at = text.find("default = 'x'");
    REQUIRE(at != std::string::npos);
    text.replace(at, std::string("default = 'x'").size(), "default = 'y'");
    text.replace(text.find("varchar(20)"), 11, "varchar(40)");
    write_file(out + "/accounts.toml", text);
    auto s = run({"sync", "--db", db.url(), "--schema", out, "--yes"});
    INFO(s.out << s.err);
    REQUIRE(s.code == 0);
    CHECK(run({"plan", "--db", db.url(), "--schema", out}).code == 0);
    CHECK(column_info(db, "accounts", "secret", "EXTRA") == "INVISIBLE");
    CHECK(column_info(db, "accounts", "secret", "COLUMN_DEFAULT") == "'y'");
    db.exec("INSERT INTO accounts VALUES (2, 'bob')");  // still two visible columns
    CHECK(db.scalar("SELECT secret FROM accounts WHERE id = 2") == "y");
    CHECK(db.scalar("SELECT secret FROM accounts WHERE id = 1") == "x");
}

TEST_CASE("mysql adoption: partitions, triggers, views and system versioning are named and kept") {
    REQUIRE_SERVER("mysql");
    TestDb db("mysql", "unmanaged");
    db.exec(
        "CREATE TABLE sales (id INT NOT NULL, sold DATE NOT NULL, amount INT, note VARCHAR(20), "
        "PRIMARY KEY (id, sold)) PARTITION BY RANGE (YEAR(sold)) (PARTITION p_old VALUES LESS THAN (2020), "
        "PARTITION p_new VALUES LESS THAN MAXVALUE)");
    db.exec("CREATE TABLE orders (id INT PRIMARY KEY, total INT, memo VARCHAR(20), spare INT)");
    db.exec("CREATE TABLE audit (id INT AUTO_INCREMENT PRIMARY KEY, order_id INT)");
    db.exec(
        "CREATE TRIGGER orders_audit AFTER INSERT ON orders FOR EACH ROW INSERT INTO audit (order_id) VALUES (NEW.id)");
    db.exec("CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100");
    db.exec("CREATE TABLE prices (id INT PRIMARY KEY, amount INT) WITH SYSTEM VERSIONING");
    db.exec("INSERT INTO sales VALUES (1, '2019-05-01', 10, 'a'), (2, '2024-01-01', 20, 'b')");
    db.exec("INSERT INTO orders VALUES (1, 500, 'm', 0)");
    db.exec("INSERT INTO prices VALUES (1, 5)");
    round_trip_clean(db);
    std::string out = db.dir() + "/inspected";
    CHECK(read_file(out + "/sales.toml").find("not managed by schemactl: partitioning") != std::string::npos);
    CHECK(read_file(out + "/orders.toml").find("trigger orders_audit") != std::string::npos);
    CHECK(read_file(out + "/orders.toml").find("view big_orders") != std::string::npos);
    REQUIRE(read_file(out + "/prices.toml").find("system versioning") != std::string::npos);

    // recreate would make sales one plain table: refused, naming the partitioning.
    auto r = run({"recreate", "sales", "--db", db.url(), "--schema", out, "--yes"});
    INFO(r.out << r.err);
    CHECK(r.code != 0);
    CHECK((r.out + r.err).find("partitioning") != std::string::npos);
    CHECK(db.scalar("SELECT COUNT(*) FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() AND "
                    "TABLE_NAME = 'sales' AND PARTITION_NAME IS NOT NULL") == "2");

    // Dropping the columns the view and the trigger use is blocked by name;
    // an unused column still goes.
    std::string o = read_file(out + "/orders.toml");
    auto drop_column = [&](std::string& text, const std::string& name) {
        auto at = text.find("name = '" + name + "'");
        REQUIRE(at != std::string::npos);
        auto start = text.rfind("[[table.column]]", at);
        auto end = text.find("[[table.", at);
        text.erase(start, end == std::string::npos ? std::string::npos : end - start);
    };
    drop_column(o, "total");
    drop_column(o, "spare");
    write_file(out + "/orders.toml", o);
    auto p = run({"plan", "--db", db.url(), "--schema", out, "--allow-drop"});
    INFO(p.out << p.err);
    CHECK(p.out.find("big_orders") != std::string::npos);
    auto s = run({"sync", "--db", db.url(), "--schema", out, "--yes", "--allow-drop"});
    INFO(s.out << s.err);
    CHECK(column_info(db, "orders", "total", "DATA_TYPE") == "int");
    CHECK(column_info(db, "orders", "spare", "COUNT(*)") == "0");
    CHECK(db.scalar("SELECT total FROM big_orders WHERE id = 1") == "500");
    db.exec("INSERT INTO orders (id, total) VALUES (2, 7)");
    CHECK(db.scalar("SELECT COUNT(*) FROM audit WHERE order_id = 2") == "1");

    // A system-versioned table: a change is blocked by name, nothing runs.
    std::string pr = read_file(out + "/prices.toml");
    write_file(out + "/prices.toml",
               pr + "  [[table.column]]\n  name = \"extra\"\n  type = \"int\"\n  nullable = true\n");
    auto pv = run({"plan", "--db", db.url(), "--schema", out});
    INFO(pv.out << pv.err);
    CHECK(pv.out.find("SYSTEM VERSIONING") != std::string::npos);
    CHECK(column_info(db, "prices", "extra", "COUNT(*)") == "0");
}

// MariaDB reports a sequence in a default with its database (`db`.`seq`):
// files made from it drew numbers from the source database's sequence.
TEST_CASE("mysql adoption: a sequence default is exported without its database and named") {
    REQUIRE_SERVER("mysql");
    TestDb db("mysql", "sequence_default");
    db.exec("CREATE SEQUENCE ticket_no");
    db.exec("CREATE TABLE ticket (id INT PRIMARY KEY DEFAULT (NEXT VALUE FOR ticket_no), subject VARCHAR(80))");
    db.exec("INSERT INTO ticket (subject) VALUES ('a')");
    round_trip_clean(db);
    std::string text = read_file(db.dir() + "/inspected/ticket.toml");
    CHECK(text.find("nextval(`ticket_no`)") != std::string::npos);
    CHECK(text.find(".`ticket_no`") == std::string::npos);
    CHECK(text.find("# not managed by schemactl: sequence") != std::string::npos);
    // A second database with its own sequence: the table draws from that one.
    TestDb other("mysql", "sequence_default_other");
    other.exec("CREATE SEQUENCE ticket_no START WITH 100");
    auto c = run({"create", "--db", other.url(), "--schema", db.dir() + "/inspected", "--yes"});
    INFO(c.out << c.err);
    REQUIRE(c.code == 0);
    other.exec("INSERT INTO ticket (subject) VALUES ('b')");
    CHECK(other.scalar("SELECT id FROM ticket") == "100");
    CHECK(db.scalar("SELECT COUNT(*) FROM ticket") == "1");
}

TEST_CASE("mysql adoption: files that state the database's own charset, collation and engine converge") {
    REQUIRE_SERVER("mysql");
    TestDb db("mysql", "default_charset");
    std::string charset = db.scalar(
        "SELECT DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA "
        "WHERE SCHEMA_NAME = DATABASE()");
    std::string collation = db.scalar(
        "SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA "
        "WHERE SCHEMA_NAME = DATABASE()");
    REQUIRE_FALSE(charset.empty());
    auto file = write_file(db.dir() + "/s.toml", fmt::format(R"~(
[[table]]
name = "notes"
primary_key = ["id"]
mysql = {{ engine = "InnoDB", charset = "{}", collation = "{}" }}
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "body"
  type = "varchar(40)"
  nullable = true
)~",
                                                             charset, collation));
    auto s = run({"sync", "--db", db.url(), "--schema", file, "--yes"});
    INFO(s.out << s.err);
    REQUIRE(s.code == 0);
    db.exec("INSERT INTO notes VALUES (1, 'kept')");
    auto p = run({"plan", "--db", db.url(), "--schema", file});
    INFO(p.out << p.err);
    CHECK(p.code == 0);
    CHECK(p.out.find("no changes") != std::string::npos);
    CHECK(table_info(db, "notes", "TABLE_COLLATION") == collation);
    // Another charset is still a change, and converges too.
    std::string text = read_file(file);
    text.replace(text.find(fmt::format("charset = \"{}\", collation = \"{}\"", charset, collation)),
                 fmt::format("charset = \"{}\", collation = \"{}\"", charset, collation).size(),
                 "charset = \"latin1\"");
    write_file(file, text);
    auto p2 = run({"plan", "--db", db.url(), "--schema", file});
    INFO(p2.out << p2.err);
    CHECK(p2.code == 2);
    REQUIRE(run({"sync", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
    CHECK(run({"plan", "--db", db.url(), "--schema", file}).out.find("no changes") != std::string::npos);
    CHECK(table_info(db, "notes", "TABLE_COLLATION").rfind("latin1", 0) == 0);
    CHECK(db.scalar("SELECT body FROM notes WHERE id = 1") == "kept");
}
