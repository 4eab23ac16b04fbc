// MySQL / MariaDB specifics: one ALTER per table, a failure in the middle of
// a plan, GET_LOCK, credentials and privileges.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;

namespace {

std::size_t count(const std::string& hay, const std::string& needle) {
    std::size_t n = 0;
    for (auto p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
    return n;
}

const std::string kItems = R"~(
[[table]]
name = "items"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "code"
  type = "varchar(20)"
  [[table.column]]
  name = "qty"
  type = "int"
  default = 0
  [[table.column]]
  name = "legacy"
  type = "text"
  nullable = true
)~";

}  // namespace

TEST_CASE("mysql: a table with five changes is altered by one statement") {
    REQUIRE_SERVER("mysql");
    TestDb db("mysql", "one_alter");
    auto file = write_file(db.dir() + "/s.toml", kItems);
    REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
    db.exec("INSERT INTO items VALUES (1, 'a', 3, 'x')");
    std::string changed = R"~(
[[table]]
name = "items"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "sku"
  type = "varchar(40)"
  renamed_from = "code"
  [[table.column]]
  name = "qty"
  type = "bigint"
  default = 1
  [[table.column]]
  name = "price"
  type = "decimal(8,2)"
  nullable = true
  [[table.index]]
  columns = ["sku"]
)~";
    write_file(file, changed);
    auto sql = run({"plan", "--db", db.url(), "--schema", file, "--format", "sql", "--allow-drop"});
    INFO(sql.out);
    CHECK(sql.code == 2);
    CHECK(count(sql.out, "ALTER TABLE") == 1);
    CHECK(count(sql.out, "CHANGE COLUMN `code` `sku` varchar(40)") == 1);  // renamed and widened
    CHECK(count(sql.out, "MODIFY COLUMN") == 1);
    CHECK(count(sql.out, "ADD COLUMN") == 1);
    CHECK(count(sql.out, "DROP COLUMN") == 1);
    CHECK(count(sql.out, "ADD KEY") == 1);
    auto r = run({"sync", "--db", db.url(), "--schema", file, "--yes", "--allow-drop", "-v"});
    INFO(r.out << r.err);
    CHECK(r.code == 0);
    CHECK(count(r.err, "sql> ALTER TABLE") == 1);
    CHECK(run({"plan", "--db", db.url(), "--schema", file}).code == 0);
    CHECK(db.scalar("SELECT sku FROM items WHERE id = 1") == "a");
    CHECK(db.scalar("SELECT qty FROM items WHERE id = 1") == "3");
}

TEST_CASE("mysql: a failure in the middle says what was applied, fixing the data and syncing again converges") {
    REQUIRE_SERVER("mysql");
    TestDb db("mysql", "midfail");
    std::string two = kItems + R"~(
[[table]]
name = "tags"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "label"
  type = "varchar(20)"
)~";
    auto file = write_file(db.dir() + "/s.toml", two);
    REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
    db.exec("INSERT INTO tags VALUES (1, 'dup'), (2, 'dup')");
    // items gets a new column (fine), tags a unique index over duplicates (fails).
    std::string changed = two;
    changed.insert(changed.find("[[table]]\nname = \"tags\""),
                   "  [[table.column]]\n  name = \"note\"\n  type = \"varchar(10)\"\n  nullable = true\n");
    changed += "  [[table.index]]\n  columns = [\"label\"]\n  unique = true\n";
    write_file(file, changed);
    auto r = run({"sync", "--db", db.url(), "--schema", file, "--yes", "--skip-data-checks"});
    INFO(r.out << r.err);
    CHECK(r.code == 1);
    CHECK(r.err.find("1 of 2 steps were applied") != std::string::npos);
    CHECK(r.err.find("applied: alter table items") != std::string::npos);
    CHECK(r.err.find("not applied: alter table tags") != std::string::npos);
    CHECK(r.err.find("run `schemactl sync` again") != std::string::npos);
    auto p = run({"plan", "--db", db.url(), "--schema", file});
    CHECK(p.code == 2);
    CHECK(p.out.find("items") == std::string::npos);  // already applied
    db.exec("UPDATE tags SET label = 'other' WHERE id = 2");
    auto again = run({"sync", "--db", db.url(), "--schema", file, "--yes"});
    INFO(again.out << again.err);
    CHECK(again.code == 0);
    CHECK(run({"plan", "--db", db.url(), "--schema", file}).code == 0);
}

TEST_CASE("mysql: GET_LOCK keeps a second run out, cleanly") {
    REQUIRE_SERVER("mysql");
    TestDb db("mysql", "getlock");
    auto file = write_file(db.dir() + "/s.toml", kItems);
    REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
    write_file(file, kItems + "  [[table.column]]\n  name = \"extra\"\n  type = \"int\"\n  nullable = true\n");
    auto cfg = write_file(db.dir() + "/schemactl.toml", "[safety]\nlock_timeout = \"1s\"\n");
    std::string dbname = db.url().substr(db.url().rfind('/') + 1);
    REQUIRE(db.scalar("SELECT GET_LOCK('schemactl:" + dbname + "', 1)") == "1");
    auto r = run({"sync", "--db", db.url(), "--schema", file, "--yes", "--config", cfg});
    INFO(r.out << r.err);
    CHECK(r.code == 1);
    CHECK(r.err.find("another schemactl run") != std::string::npos);
    db.exec("DO RELEASE_LOCK('schemactl:" + dbname + "')");
    CHECK(run({"sync", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
}

TEST_CASE("mysql: bad credentials, unknown database, missing privileges, no password shown") {
    REQUIRE_SERVER("mysql");
    TestDb db("mysql", "creds");
    auto file = write_file(db.dir() + "/s.toml", kItems);
    std::string dbname = db.url().substr(db.url().rfind('/') + 1);
    std::string hostport = db.url().substr(db.url().find('@') + 1);
    hostport = hostport.substr(0, hostport.find('/'));
    MysqlUser reader(db, "reader", "SELECT", "IDENTIFIED BY 'R3aderPw!'");
    const std::string user = reader.name();
    auto wrong = run({"plan", "--db", "mysql://" + user + ":Wr0ngPw@" + hostport + "/" + dbname, "--schema", file});
    INFO(wrong.err);
    CHECK(wrong.code == 1);
    CHECK(wrong.err.find("Access denied") != std::string::npos);
    CHECK(wrong.err.find("Wr0ngPw") == std::string::npos);
    auto unknown = run(
        {"plan", "--db", "mysql://" + user + ":R3aderPw!@" + hostport + "/no_such_db", "--schema", file});
    CHECK(unknown.code == 1);
    CHECK(unknown.err.find("R3aderPw") == std::string::npos);
    // Password from MYSQL_PWD and from a file; the reader can plan but not create.
    auto pwfile = write_file(db.dir() + "/pw", "R3aderPw!\n");
    auto plan = run({"plan", "--db", "mysql://" + user + "@" + hostport + "/" + dbname, "--schema", file,
                     "--password-file", pwfile});
    INFO(plan.err);
    CHECK(plan.code == 2);
    auto create = run(
        {"create", "--db", "mysql://" + user + "@" + hostport + "/" + dbname, "--schema", file, "--yes", "-v"}, "",
        {{"MYSQL_PWD", "R3aderPw!"}});
    INFO(create.out << create.err);
    CHECK(create.code == 1);
    CHECK(create.err.find("lacks a privilege") != std::string::npos);
    CHECK((create.out + create.err).find("R3aderPw") == std::string::npos);
}

TEST_CASE("mysql regression: a renamed json column on MariaDB is still json, with no phantom check") {
    REQUIRE_SERVER("mysql");
    TestDb db("mysql", "json_rename");
    std::string base =
        "[[table]]\nname = \"docs\"\nprimary_key = [\"id\"]\n"
        "  [[table.column]]\n  name = \"id\"\n  type = \"int\"\n";
    auto file = write_file(db.dir() + "/s.toml",
                           base + "  [[table.column]]\n  name = \"body\"\n  type = \"json\"\n  nullable = true\n");
    REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
    write_file(file, base +
                         "  [[table.column]]\n  name = \"payload\"\n  type = \"json\"\n  nullable = true\n"
                         "  renamed_from = \"body\"\n");
    REQUIRE(run({"sync", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
    auto p = run({"plan", "--db", db.url(), "--schema", file});
    INFO(p.out);
    CHECK(p.code == 0);
    Schema live = db.inspect();
    CHECK(live.find_table("docs")->find_column("payload")->type == "json");
    CHECK(live.find_table("docs")->checks.empty());
}

// Column collations were not in the files: an export lost utf8mb4_bin on a
// token column, and the recreated unique key then treated 'A' and 'a' as one.
TEST_CASE("mysql: a column collation in the files is created, changed and read back") {
    REQUIRE_SERVER("mysql");
    TestDb db("mysql", "collation");
    const std::string base = R"~(
[[table]]
name = "tokens"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "meta"
  type = "json"
  nullable = true
  [[table.column]]
  name = "token"
  type = "varchar(64)"
  unique = true
)~";
    auto file = write_file(db.dir() + "/s.toml", base + "  mysql = { collation = \"utf8mb4_bin\" }\n");
    REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
    CHECK(run({"plan", "--db", db.url(), "--schema", file}).code == 0);
    auto collation = [&] {
        return db.scalar(
            "SELECT COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
            "AND TABLE_NAME = 'tokens' AND COLUMN_NAME = 'token'");
    };
    CHECK(collation() == "utf8mb4_bin");
    db.exec("INSERT INTO tokens (id, token) VALUES (1, 'abc'), (2, 'ABC')");  // distinct under _bin
    auto out = db.dir() + "/exported";
    REQUIRE(run({"inspect", "--db", db.url(), "--out", out}).code == 0);
    // Regression: MariaDB's json (longtext COLLATE utf8mb4_bin) came back with a
    // collation of its own, a change after every sync.
    std::string exported = read_file(out + "/tokens.toml");
    CHECK(exported.find("collation = 'utf8mb4_bin'") != std::string::npos);
    CHECK(exported.find("collation") == exported.rfind("collation"));  // the token's only, not meta's
    // Back to the table's collation: the unique key would now see a duplicate,
    // which the server refuses; with distinct rows it goes through.
    db.exec("UPDATE tokens SET token = 'xyz' WHERE id = 2");
    write_file(file, base);
    auto r = run({"sync", "--db", db.url(), "--schema", file, "--yes"});
    INFO(r.out << r.err);
    CHECK(r.code == 0);
    CHECK(run({"plan", "--db", db.url(), "--schema", file}).code == 0);
    CHECK(collation() == "utf8mb4_general_ci");
    CHECK(db.scalar("SELECT token FROM tokens WHERE id = 1") == "abc");
}

// MariaDB reads the catalog with use_stat_tables = NEVER (the statistics
// tables cost it time for a column schemactl does not read); a sync then
// sends its data checks on the same session, which must have its own
// setting back. The indexes must still be read.
TEST_CASE("mysql: reading the catalog gives the session its use_stat_tables back, indexes read") {
    REQUIRE_SERVER("mysql");
    TestDb db("mysql", "stat_tables");
    db.exec("CREATE TABLE items (id INT PRIMARY KEY, code VARCHAR(20), KEY k_code (code))");
    db.exec("SET SESSION use_stat_tables = 'COMPLEMENTARY'");
    Schema s = db.inspect();
    CHECK(db.scalar("SELECT @@SESSION.use_stat_tables") == "COMPLEMENTARY");
    REQUIRE(s.tables.size() == 1);
    REQUIRE(s.tables[0].indexes.size() == 1);
    CHECK(s.tables[0].indexes[0].name == "k_code");
    CHECK(s.tables[0].primary_key == std::vector<std::string>{"id"});
}
