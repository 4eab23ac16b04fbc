// SQLite's columns and indexes are read from the CREATE TABLE and CREATE
// INDEX texts, not from pragma statements per table and index
// (docs/performance.md). That is only right if the reading says what
// pragma_table_xinfo, pragma_index_list and pragma_index_xinfo say, for
// tables someone else wrote: each table here is read both ways from a real
// database file, and the two schemas must be the same field for field. What
// the scan does not read whole falls back to the pragmas, named here as doing so.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "dialect/sqlite/sqlite_inspect.hpp"
#include "dialect/sqlite/sqlite_types.hpp"
#include "snapshot/snapshot.hpp"
#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;

namespace {

struct Written {
    const char* sql;  // run as is: CREATE TABLE, then maybe ALTER TABLE
    bool read;        // the scan reads it whole (false: the pragma does)
};

// Column definitions as people write them, and as SQLite keeps them.
const std::vector<Written> kTables = {
    {"CREATE TABLE plain (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT, price REAL DEFAULT 0)", true},
    {"CREATE TABLE types (a UNSIGNED BIG INT, b DOUBLE PRECISION, c varchar(255), d int(11), e DECIMAL ( 10 , 2 ), "
     "f, g VARCHAR\n(10), h NATIVE CHARACTER(70), i BOOL, j DATETIME, k BLOB)",
     true},
    {"CREATE TABLE defaults (a TEXT DEFAULT 'it''s', b REAL DEFAULT -1.5e-3, c BLOB DEFAULT x'00FF', "
     "d NUMERIC DEFAULT (1 + 2), e DEFAULT NULL, f INT DEFAULT +5, g INT DEFAULT - 5, h REAL DEFAULT .5, "
     "i REAL DEFAULT 1., j INT DEFAULT 0x1F, k TEXT DEFAULT \"dq\", l TEXT DEFAULT abc, m INT DEFAULT TRUE, "
     "n TEXT DEFAULT CURRENT_TIMESTAMP, o TEXT DEFAULT current_date, p TEXT DEFAULT (datetime('now')), "
     "q REAL DEFAULT 1e10, r REAL DEFAULT -0.0, s TEXT DEFAULT '', t INT DEFAULT(7), u TEXT DEFAULT 'a,b)'  NOT NULL)",
     true},
    {"CREATE TABLE constraints (id INT CONSTRAINT pk PRIMARY KEY DESC ON CONFLICT ROLLBACK, "
     "a TEXT CONSTRAINT nn NOT NULL ON CONFLICT IGNORE, b TEXT NULL, c TEXT UNIQUE ON CONFLICT REPLACE, "
     "d INT CHECK (d > 0) NOT NULL, e TEXT COLLATE NOCASE NOT NULL DEFAULT 'x', "
     "f INT REFERENCES plain(id) ON DELETE SET NULL ON UPDATE NO ACTION MATCH SIMPLE DEFERRABLE INITIALLY DEFERRED, "
     "g INT REFERENCES plain ON DELETE SET DEFAULT DEFAULT 3, h INT REFERENCES plain NOT NULL NOT DEFERRABLE)",
     true},
    {"CREATE TABLE keys (a TEXT, b INT, c INT, PRIMARY KEY (b, a))", true},
    {"CREATE TABLE keys_collated (\"A\" TEXT, b INT, CONSTRAINT k PRIMARY KEY (a COLLATE NOCASE DESC) ON CONFLICT "
     "FAIL, UNIQUE (b), CHECK (b <> 0), FOREIGN KEY (b) REFERENCES plain(id))",
     true},
    {"CREATE TABLE generated (a INT, b INT GENERATED ALWAYS AS (a * 2) STORED, c AS (a + 1) VIRTUAL, "
     "d INT AS (a - 1), e GENERATED ALWAYS AS (a) NOT NULL)",
     true},
    {"CREATE TABLE \"names \"\"here\"\"\" (\"weird \"\"name\"\"\" TEXT, [bracket name] INT, `tick` INT, "
     "'single' INT, \"select\" INT, prénom TEXT, été$1 INT)",
     true},
    {"CREATE TABLE commented (\n  a INT /* why */ NOT NULL, -- the count, as typed\n  b VARCHAR /*w*/ (10),\n"
     "  c INT DEFAULT /* d */ 5,\n  d INT DEFAULT (1 /* one */ + 2) -- sum\n)",
     true},
    {"CREATE TABLE cased (A Integer Primary Key AutoIncrement, b Text Not Null Default 'X' Collate NoCase)", true},
    {"CREATE TABLE wr (k TEXT PRIMARY KEY, v INT) WITHOUT ROWID", true},
    {"CREATE TABLE st (k INTEGER PRIMARY KEY, v TEXT NOT NULL, w ANY) STRICT", true},
    {"CREATE TABLE nullable_key (k TEXT PRIMARY KEY, v INT)", true},
    // SQLite's quirk: DESC written on the column makes it no rowid alias,
    // written in the table constraint it still is one.
    {"CREATE TABLE desc_column (x INTEGER PRIMARY KEY DESC, v TEXT)", true},
    {"CREATE TABLE desc_table (x INTEGER, v TEXT, PRIMARY KEY (x DESC))", true},
    {"CREATE TABLE spaced (a   VARCHAR  (  10  ) NOT NULL, b INT /*x*/ , c long  varchar, "
     "d INT GENERATED ALWAYS AS (1), e GENERATED ALWAYS AS (2), f DEFAULT 1.5e+3, g INTEGER PRIMARY KEY ASC, "
     "h DEFAULT x'0a' NOT NULL, j INT DEFAULT 5 DEFAULT 6, k DEFAULT -'x', l DEFAULT +NULL, "
     "m TEXT CONSTRAINT c1 DEFAULT 'x' COLLATE BINARY,\r\n\tn\tTEXT\tNOT\tNULL)",
     true},
    {"CREATE TABLE main.qualified (a)", true},
    {"CREATE TABLE IF NOT EXISTS maybe(a INT)", true},
    {"CREATE TABLE quoted_type (a \"INT\", b 'TEXT')", false},
    {"CREATE TABLE altered (a INT)", true},
    {"ALTER TABLE altered ADD COLUMN b TEXT DEFAULT 'y' NOT NULL", true},
    {"ALTER TABLE altered RENAME COLUMN a TO first", true},
    {"CREATE TABLE copied AS SELECT id, name, price * 2 AS doubled FROM plain", true},
    {"CREATE VIRTUAL TABLE docs USING fts5(title, body)", false},
};

struct WrittenIndex {
    const char* name;
    const char* sql;
    bool read;  // the scan reads it whole (false: the pragmas do)
};

// Indexes: read from their CREATE INDEX texts unless a key is one only
// SQLite can resolve (the table's indexes then come from the pragmas, as do
// those of a table with a UNIQUE constraint's index).
const std::vector<WrittenIndex> kIndexes = {
    {"ix_plain_name", "CREATE INDEX ix_plain_name ON plain (name)", true},
    {"ux_plain", "CREATE UNIQUE INDEX ux_plain ON plain (name COLLATE NOCASE DESC, price) WHERE price > 0", true},
    {"ix_plain_expr", "CREATE INDEX ix_plain_expr ON plain (lower(name), price * 2 DESC)", true},
    {"ix_plain_case", "CREATE INDEX ix_plain_case ON PLAIN (NAME)", true},
    {"ix_names", "CREATE INDEX ix_names ON \"names \"\"here\"\"\" (\"WEIRD \"\"NAME\"\"\", [bracket name] DESC)", true},
    {"ix_commented", "CREATE INDEX ix_commented ON commented (a /* first */, b -- second\n)", true},
    {"ix_qualified", "CREATE INDEX IF NOT EXISTS main.ix_qualified ON qualified (a)", true},
    {"ix_wr", "CREATE INDEX ix_wr ON wr (v DESC)", true},
    {"ix_constraints", "CREATE INDEX ix_constraints ON constraints (e COLLATE BINARY, a)", true},
    {"ix_keys_collated", "CREATE INDEX ix_keys_collated ON keys_collated (b COLLATE RTRIM)", true},
    {"ix_cased", "CREATE INDEX ix_cased ON cased (b COLLATE BINARY, A)", true},
    {"ix_types_paren", "CREATE INDEX ix_types_paren ON types ((a))", false},
    {"ix_types_string", "CREATE INDEX ix_types_string ON types ('b')", false},
    {"ix_altered_collate", "CREATE INDEX ix_altered_collate ON altered (b || 'x' COLLATE NOCASE)", false},
};

std::string snapshot_of(const Schema& s) {
    Snapshot snap;
    snap.dialect = "sqlite";
    snap.schema = s;
    return write_snapshot(snap);
}

}  // namespace

TEST_CASE("sqlite: columns and indexes read from CREATE texts are what the pragmas report, field for field") {
    TestDb db("sqlite", "column_text");
    for (const auto& w : kTables) db.exec(w.sql);
    for (const auto& w : kIndexes) db.exec(w.sql);
    const std::size_t max_len = db.dialect().max_identifier_length();

    // Which tables the scan reads whole: the test below proves nothing for
    // a table that falls back, so each is listed, and most are read.
    std::size_t read = 0;
    for (const auto& row : db.rows("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql IS NOT NULL "
                                   "AND name NOT LIKE 'docs%' AND name NOT LIKE 'sqlite%'")) {
        const std::string name = *row[0];
        const bool whole = sqlite::scan_table(*row[1]).columns_read;
        INFO(*row[1]);
        const bool expected = name != "quoted_type";
        CHECK(whole == expected);
        read += whole;
    }
    CHECK(read >= 18);
    std::size_t indexes_read = 0;
    for (const auto& w : kIndexes) {
        INFO(w.sql);
        const bool whole = sqlite::scan_index(
                               db.scalar("SELECT sql FROM sqlite_schema WHERE name = '" + std::string(w.name) + "'"))
                               .read;
        CHECK(whole == w.read);
        indexes_read += whole;
    }
    CHECK(indexes_read >= 10);

    Schema from_texts = sqlite::inspect_schema(db.conn(), max_len, sqlite::CatalogSource::texts);
    Schema from_pragmas = sqlite::inspect_schema(db.conn(), max_len, sqlite::CatalogSource::pragmas);
    REQUIRE(from_texts.tables.size() == from_pragmas.tables.size());
    for (std::size_t i = 0; i < from_texts.tables.size(); ++i) {
        Schema a, b;
        a.tables = {from_texts.tables[i]};
        b.tables = {from_pragmas.tables[i]};
        INFO(from_pragmas.tables[i].name);
        CHECK(snapshot_of(a) == snapshot_of(b));
    }

    // Spot checks of what a user would look for, so that both readings
    // being wrong the same way does not pass.
    const Table* defaults = from_texts.find_table("defaults");
    REQUIRE(defaults);
    CHECK(defaults->find_column("a")->default_value.text == "'it''s'");
    CHECK(defaults->find_column("b")->default_value.text == "-1.5e-3");
    CHECK(defaults->find_column("c")->default_value.text == "x'00FF'");
    CHECK(defaults->find_column("g")->default_value.text == "- 5");
    CHECK(defaults->find_column("u")->default_value.text == "'a,b)'");
    CHECK_FALSE(defaults->find_column("u")->nullable);
    CHECK(defaults->find_column("e")->default_value.kind == Default::Kind::none);
    const Table* keys = from_texts.find_table("keys");
    REQUIRE(keys);
    CHECK(keys->primary_key == std::vector<std::string>{"b", "a"});
    CHECK(from_texts.find_table("keys_collated")->primary_key == std::vector<std::string>{"A"});
    CHECK(from_texts.find_table("types")->find_column("e")->type == "DECIMAL(10,2)");
    CHECK(from_texts.find_table("altered")->find_column("first"));
    CHECK(from_texts.find_table("generated")->find_column("b")->generated_stored);
    CHECK(from_texts.find_table("nullable_key")->nullable_key_columns == std::vector<std::string>{"k"});
    CHECK(from_texts.find_table("wr")->nullable_key_columns.empty());
    // The key column that is no rowid alias takes NULL, and a rebuild must keep that.
    db.exec("INSERT INTO desc_column (x, v) VALUES (NULL, 'a')");
    db.exec("INSERT INTO desc_table (x, v) VALUES (NULL, 'a')");
    CHECK(db.scalar("SELECT count(*) FROM desc_column WHERE x IS NULL") == "1");
    CHECK(db.scalar("SELECT count(*) FROM desc_table WHERE x IS NULL") == "0");
    CHECK(from_texts.find_table("desc_column")->nullable_key_columns == std::vector<std::string>{"x"});
    CHECK(from_texts.find_table("desc_table")->nullable_key_columns.empty());
    CHECK(from_texts.find_table("cased")->columns[0].auto_increment);
    CHECK(from_texts.find_table("names \"here\"")->find_column("weird \"name\""));
    const Table* plain = from_texts.find_table("plain");
    REQUIRE(plain->find_index("ix_plain_case"));
    CHECK(plain->find_index("ix_plain_case")->columns[0].name == "name");  // the table's spelling
    CHECK(plain->find_index("ux_plain")->unique);
    CHECK(plain->find_index("ux_plain")->where == "price > 0");
    CHECK(plain->find_index("ux_plain")->columns[0].desc);
    CHECK(plain->find_index("ix_plain_expr")->columns[1].expr == "price * 2");
    CHECK(plain->find_index("ix_plain_expr")->columns[1].desc);
    const Table* cased = from_texts.find_table("cased");
    REQUIRE(cased->unmanaged.size() == 1);
    CHECK(cased->unmanaged[0].name == "ix_cased");  // a key collated unlike its column: a rebuild would lose it
}

// Where the two readings differ on purpose. SQLite's grammar lets a type
// swallow GENERATED ALWAYS and then cuts those words off the end of the
// type's text, so a comment written before them stays in the type the
// pragma reports ("integer -- why"): a type a rebuild would write into DDL,
// commenting out the rest of its line. The text reading stops at GENERATED.
TEST_CASE("sqlite: a comment before GENERATED ALWAYS is not part of the column's type") {
    TestDb db("sqlite", "column_text_quirk");
    db.exec("CREATE TABLE q (a INT, b integer -- why\n  GENERATED ALWAYS AS (a + 1) STORED)");
    const std::size_t max_len = db.dialect().max_identifier_length();
    const Schema texts = sqlite::inspect_schema(db.conn(), max_len, sqlite::CatalogSource::texts);
    const Schema pragmas = sqlite::inspect_schema(db.conn(), max_len, sqlite::CatalogSource::pragmas);
    CHECK(pragmas.tables[0].find_column("b")->type == "INTEGER -- WHY");
    CHECK(texts.tables[0].find_column("b")->type == "INTEGER");
    CHECK(texts.tables[0].find_column("b")->generated == "a + 1");
    CHECK(texts.tables[0].find_column("b")->generated_stored);
}
