// SQLite dialect, pure parts: lowering of every portable type and default,
// raise∘lower round trips, the rebuild's triggers and the scanners of CREATE
// statements (the DDL of creates and ALTERs is in tests/cases/sqlite/).
#include <catch2/catch.hpp>

#include <algorithm>

#include "dialect/dialect.hpp"
#include "dialect/sqlite/sqlite_types.hpp"
#include "diff/diff.hpp"
#include "schema/error.hpp"
#include "schema/prepare.hpp"

using namespace schemactl;

namespace {

std::unique_ptr<Dialect> sqlite_dialect() { return make_dialect("sqlite"); }

Column col(std::string name, std::string type, bool nullable = false) {
    Column c;
    c.name = std::move(name);
    c.type = std::move(type);
    c.nullable = nullable;
    return c;
}

// An index key on a column (named fields: the model's IndexColumn grows).
IndexColumn key(std::string name, bool desc = false) {
    IndexColumn k;
    k.name = std::move(name);
    k.desc = desc;
    return k;
}

Table lowered(const Table& portable) {
    auto d = sqlite_dialect();
    return d->lower(prepare(portable, d->name(), d->max_identifier_length()));
}

Column lower_one(Column c) {
    Table t;
    t.name = "t";
    t.columns.push_back(std::move(c));
    return lowered(t).columns[0];
}

Default lit(Default::Kind k, std::string text) { return {k, std::move(text)}; }

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

std::string all_sql(const std::vector<Step>& steps) {
    std::string s;
    for (const auto& st : steps)
        for (const auto& q : st.sql) s += q + ";\n";
    return s;
}

// Everything diff compares, as one readable string per table (first difference visible in the REQUIRE).
std::string describe_table(const Table& t) {
    std::string s = "table " + t.name + " pk(";
    for (const auto& p : t.primary_key) s += p + ",";
    s += ") comment=" + t.comment + "\n";
    for (const auto& c : t.columns) {
        s += "  col " + c.name + " " + c.type + (c.nullable ? " null" : " notnull") + " default[" +
             std::to_string(static_cast<int>(c.default_value.kind)) + "]=" + c.default_value.text +
             (c.auto_increment ? " autoinc" : "") + " comment=" + c.comment +
             " enum=" + std::to_string(c.enum_values.size()) + "\n";
    }
    for (const auto& ix : t.indexes) {
        s += "  index " + ix.name + (ix.unique ? " unique" : "") + " method=" + ix.method + " where=" + ix.where + " (";
        for (const auto& ic : ix.columns) s += ic.name + (ic.desc ? " desc" : "") + ",";
        s += ")\n";
    }
    for (const auto& fk : t.foreign_keys) {
        s += "  fk " + fk.name + " (";
        for (const auto& c : fk.columns) s += c + ",";
        s += ") -> " + fk.ref_table + " (";
        for (const auto& c : fk.ref_columns) s += c + ",";
        s += ") del=" + fk.on_delete + " upd=" + fk.on_update + "\n";
    }
    for (const auto& ck : t.checks) s += "  check " + ck.name + " " + ck.expr + "\n";
    for (const auto& [k, v] : t.options) s += "  option " + k + "=" + v + "\n";
    return s;
}

// A table with every portable type, default kind and constraint SQLite has.
Table feature_table() {
    Table t;
    t.name = "items";
    t.comment = "the items";
    t.primary_key = {"id"};
    Column id = col("id", "bigint");
    id.auto_increment = true;
    t.columns.push_back(id);
    for (const char* ty : {"smallint", "int", "boolean", "real", "double", "decimal(10,2)", "char(3)", "varchar(64)",
                           "text", "uuid", "json", "date", "time", "timestamp", "timestamptz", "blob"})
        t.columns.push_back(col(std::string("c_") + std::string(ty).substr(0, std::string(ty).find('(')), ty, true));
    Column e = col("status", "enum");
    e.enum_values = {"new", "done"};
    e.default_value = lit(Default::Kind::string, "new");
    e.comment = "state";
    t.columns.push_back(e);
    Column s = col("label", "varchar(40)");
    s.default_value = lit(Default::Kind::string, "it's");
    s.unique = true;
    t.columns.push_back(s);
    Column n = col("runs", "int");
    n.default_value = lit(Default::Kind::integer, "-3");
    t.columns.push_back(n);
    Column f = col("ratio", "double");
    f.default_value = lit(Default::Kind::floating, "1.5");
    t.columns.push_back(f);
    Column b = col("active", "boolean");
    b.default_value = lit(Default::Kind::boolean, "true");
    t.columns.push_back(b);
    Column ts = col("created_at", "timestamp");
    ts.default_value = lit(Default::Kind::expr, "current_timestamp");
    t.columns.push_back(ts);
    Column ex = col("day", "text");
    ex.default_value = lit(Default::Kind::expr, "(datetime('now'))");
    t.columns.push_back(ex);
    Column p = col("parent_id", "bigint", true);
    t.columns.push_back(p);
    Index ix;
    ix.columns = {key("created_at", true), key("runs")};
    ix.where = "runs > 0";
    t.indexes.push_back(ix);
    ForeignKey fk;
    fk.columns = {"parent_id"};
    fk.ref_table = "items";
    fk.ref_columns = {"id"};
    fk.on_delete = "SET NULL";
    fk.on_update = "CASCADE";
    t.foreign_keys.push_back(fk);
    Check ck;
    ck.expr = "runs >= -10";
    t.checks.push_back(ck);
    return t;
}

}  // namespace

TEST_CASE("sqlite lower: every portable type gets its declared type") {
    struct Case {
        const char* portable;
        const char* declared;
    };
    for (auto [portable, declared] :
         {Case{"smallint", "INTEGER"}, Case{"int", "INTEGER"}, Case{"integer", "INTEGER"}, Case{"bigint", "INTEGER"},
          Case{"boolean", "INTEGER"}, Case{"real", "REAL"}, Case{"double", "REAL"}, Case{"decimal(10,2)", "NUMERIC"},
          Case{"decimal", "NUMERIC"}, Case{"char(2)", "TEXT"}, Case{"varchar(255)", "TEXT"}, Case{"text", "TEXT"},
          Case{"uuid", "TEXT"}, Case{"json", "TEXT"}, Case{"date", "TEXT"}, Case{"time", "TEXT"},
          Case{"timestamp", "TEXT"}, Case{"timestamptz", "TEXT"}, Case{"blob", "BLOB"}}) {
        INFO(portable);
        CHECK(lower_one(col("c", portable)).type == declared);
    }
    Column e = col("c", "enum");
    e.enum_values = {"a", "b"};
    Column le = lower_one(e);
    CHECK(le.type == "TEXT");
    CHECK(le.enum_values.empty());  // SQLite cannot report them: never compared
}

TEST_CASE("sqlite lower: a native override type is canonicalized the way inspect reads it") {
    auto native = [](const std::string& t) {
        Column c = col("c", "text");
        c.overrides.edit()["sqlite"].type = t;
        return lower_one(c).type;
    };
    CHECK(native("varchar(255)") == "VARCHAR(255)");
    CHECK(native("datetime") == "DATETIME");
    CHECK(native("int(11)") == "INT(11)");
    CHECK(native("unsigned   big  int") == "UNSIGNED BIG INT");
    CHECK(native("decimal (10, 2)") == "DECIMAL(10,2)");
    CHECK(sqlite::canonical_type(" Double  Precision ") == "DOUBLE PRECISION");
    CHECK(sqlite::canonical_type("NUMERIC( 10 , 2 )") == "NUMERIC(10,2)");
}

TEST_CASE("sqlite lower: defaults in canonical SQL") {
    auto def = [](const char* type, Default d) {
        Column c = col("c", type);
        c.default_value = std::move(d);
        return lower_one(c).default_value;
    };
    CHECK(def("text", lit(Default::Kind::string, "it's")) == lit(Default::Kind::expr, "'it''s'"));
    CHECK(def("text", lit(Default::Kind::string, "")) == lit(Default::Kind::expr, "''"));
    CHECK(def("int", lit(Default::Kind::integer, "42")) == lit(Default::Kind::expr, "42"));
    CHECK(def("int", lit(Default::Kind::integer, "-7")) == lit(Default::Kind::expr, "-7"));
    CHECK(def("double", lit(Default::Kind::floating, "1.25")) == lit(Default::Kind::expr, "1.25"));
    CHECK(def("boolean", lit(Default::Kind::boolean, "true")) == lit(Default::Kind::expr, "1"));
    CHECK(def("boolean", lit(Default::Kind::boolean, "false")) == lit(Default::Kind::expr, "0"));
    CHECK(def("timestamp", lit(Default::Kind::expr, "current_timestamp")) ==
          lit(Default::Kind::expr, "CURRENT_TIMESTAMP"));
    CHECK(def("date", lit(Default::Kind::expr, "(Current_Date)")) == lit(Default::Kind::expr, "CURRENT_DATE"));
    CHECK(def("text", lit(Default::Kind::expr, "(datetime('now'))")) == lit(Default::Kind::expr, "datetime('now')"));
    CHECK(def("text", lit(Default::Kind::expr, "NULL")) == Default{});
    CHECK(def("text", Default{}) == Default{});
    // The same normalizer reads PRAGMA table_info's dflt_value.
    CHECK(sqlite::canonical_default("(datetime('now'))") == sqlite::canonical_default("datetime('now')"));
    CHECK(sqlite::canonical_default("((1 + 2))") == lit(Default::Kind::expr, "1 + 2"));
    CHECK(sqlite::canonical_default("(1) + (2)") == lit(Default::Kind::expr, "(1) + (2)"));  // not one wrapping pair
    CHECK(sqlite::canonical_default("'(x)'") == lit(Default::Kind::expr, "'(x)'"));
    CHECK(sqlite::canonical_default("TRUE") == lit(Default::Kind::expr, "1"));
    CHECK(sqlite::canonical_default("+5") == lit(Default::Kind::expr, "5"));
    // How render writes them back after DEFAULT.
    CHECK(sqlite::default_sql(lit(Default::Kind::expr, "'a'")) == "'a'");
    CHECK(sqlite::default_sql(lit(Default::Kind::expr, "-7")) == "-7");
    CHECK(sqlite::default_sql(lit(Default::Kind::expr, "CURRENT_TIMESTAMP")) == "CURRENT_TIMESTAMP");
    CHECK(sqlite::default_sql(lit(Default::Kind::expr, "datetime('now')")) == "(datetime('now'))");
}

TEST_CASE("sqlite lower: comments, options and enum values are dropped, FK actions canonical") {
    Table t = feature_table();
    t.options["mysql.engine"] = "InnoDB";
    t.foreign_keys[0].on_delete = "set_null";
    t.foreign_keys[0].on_update = "";
    Table l = lowered(t);
    CHECK(l.comment.empty());
    CHECK(l.options.empty());
    for (const auto& c : l.columns) {
        CHECK(c.comment.empty());
        CHECK(c.enum_values.empty());
    }
    CHECK(l.foreign_keys[0].on_delete == "SET NULL");
    CHECK(l.foreign_keys[0].on_update == "NO ACTION");
    CHECK(l.foreign_keys[0].name == "fk_items_parent_id");
    CHECK(l.checks[0].name == "chk_items_1");
    CHECK(l.find_index("uq_items_label") != nullptr);
    CHECK(l.find_index("idx_items_created_at_runs") != nullptr);
    CHECK(l.columns[0].type == "INTEGER");
    CHECK(l.columns[0].auto_increment);
    CHECK_FALSE(l.columns[0].nullable);
}

TEST_CASE("sqlite lower: auto_increment only on a single-column integer primary key") {
    Table t;
    t.name = "events";
    Column id = col("id", "bigint");
    id.auto_increment = true;
    Column other = col("seq", "bigint");
    t.columns = {id, other};
    t.primary_key = {"id", "seq"};
    try {
        lowered(t);
        FAIL("composite primary key with auto_increment was accepted");
    } catch (const Error& e) {
        CHECK(contains(e.what(), "events.id"));
    }
    t.primary_key = {"seq"};
    CHECK_THROWS_WITH(lowered(t), Catch::Contains("events.id"));
    t.primary_key = {"id"};
    CHECK(lowered(t).columns[0].auto_increment);
}

TEST_CASE("sqlite raise: lower(prepare(raise(t))) == t") {
    auto d = sqlite_dialect();
    Table canonical = lowered(feature_table());
    Table raised = d->raise(canonical);
    CHECK(raised.columns[0].type == "bigint");
    Table again = d->lower(prepare(raised, "sqlite", d->max_identifier_length()));
    REQUIRE(describe_table(again) == describe_table(canonical));

    // Declared types written by hand (an adopted database) survive in the override.
    Table adopted;
    adopted.name = "legacy";
    adopted.primary_key = {"id"};
    for (const char* ty : {"INT(11)", "VARCHAR(255)", "DATETIME", "BOOL", "DECIMAL(10,2)", "DOUBLE PRECISION",
                           "INTEGER", "TEXT", "REAL", "BLOB", "NUMERIC", "CLOB", "FLOAT"}) {
        Column c = col(std::string("c") + std::to_string(adopted.columns.size()), ty, true);
        adopted.columns.push_back(c);
    }
    adopted.columns[0].name = "id";
    adopted.columns[0].nullable = false;
    adopted.columns[1].default_value = lit(Default::Kind::expr, "'x'");
    adopted.columns[2].default_value = lit(Default::Kind::expr, "CURRENT_TIMESTAMP");
    adopted.columns[3].default_value = lit(Default::Kind::expr, "1");
    adopted.columns[4].default_value = lit(Default::Kind::expr, "0.5");
    adopted.columns[7].default_value = lit(Default::Kind::expr, "12");  // TEXT with a number
    adopted.columns[9].default_value = lit(Default::Kind::expr, "x'00'");
    Table r = d->raise(adopted);
    CHECK(r.columns[1].type == "text");
    REQUIRE(r.columns[1].overrides->count("sqlite"));
    CHECK(*r.columns[1].overrides->at("sqlite").type == "VARCHAR(255)");
    CHECK(r.columns[6].overrides.empty());  // INTEGER is what bigint lowers to
    Table back = d->lower(prepare(r, "sqlite", d->max_identifier_length()));
    REQUIRE(describe_table(back) == describe_table(adopted));
}

// The ALTER and rebuild cases without triggers are data: tests/cases/sqlite/
// (alter_or_rebuild.toml and the shared change kinds). These two need a live
// table with a trigger (kept_sql), which a case file cannot state.
TEST_CASE("sqlite render: a rebuild re-creates the live table's triggers") {
    auto d = sqlite_dialect();
    Table base;
    base.name = "t";
    base.primary_key = {"id"};
    base.columns = {col("id", "int"), col("name", "varchar(20)"), col("note", "text", true)};
    Index ix;
    ix.columns = {key("name")};
    base.indexes.push_back(ix);
    Table actual = lowered(base);
    actual.kept_sql = {"CREATE TRIGGER t_audit AFTER INSERT ON t BEGIN SELECT 1; END"};
    auto plan_for = [&](const Table& desired_portable) {
        Schema want, have;
        want.tables.push_back(lowered(desired_portable));
        have.tables.push_back(actual);
        auto changes = diff(want, have);
        REQUIRE(changes.tables.size() == 1);
        return d->render(changes.tables[0], {});
    };

    SECTION("nullability change: the 12-step rebuild in one step, indexes and triggers recreated") {
        Table t = base;
        t.columns[1].nullable = true;
        auto steps = plan_for(t);
        REQUIRE(steps.size() == 1);
        CHECK(contains(steps[0].summary, "rebuild table t"));
        const auto& q = steps[0].sql;
        REQUIRE(q.size() == 8);
        CHECK(q[0] == "PRAGMA legacy_alter_table = ON");
        CHECK(contains(q[1], "CREATE TABLE \"_schemactl_new_t\" ("));
        CHECK(contains(q[1], "\"name\" TEXT,"));
        CHECK(q[2] ==
              "INSERT INTO \"_schemactl_new_t\" (\"id\", \"name\", \"note\") SELECT \"id\", \"name\", \"note\" FROM "
              "\"t\"");
        CHECK(q[3] == "DROP TABLE \"t\"");
        CHECK(q[4] == "ALTER TABLE \"_schemactl_new_t\" RENAME TO \"t\"");
        CHECK(q[5] == "PRAGMA legacy_alter_table = OFF");
        CHECK(q[6] == "CREATE INDEX \"idx_t_name\" ON \"t\" (\"name\")");
        CHECK(q[7] == actual.kept_sql[0]);
    }
    SECTION("a renamed table that also needs a rebuild: rebuilt under its old name, then renamed") {
        Table t = base;
        t.name = "t2";
        t.renamed_from = "t";
        t.columns[1].nullable = true;
        t.indexes[0].name.clear();
        Schema want, have;
        want.tables.push_back(lowered(t));
        have.tables.push_back(actual);
        auto changes = diff(want, have);
        REQUIRE(changes.tables.size() == 1);
        REQUIRE(changes.tables[0].kind == TableChange::Kind::rename);
        auto steps = d->render(changes.tables[0], {});
        REQUIRE(steps.size() == 1);
        const auto& q = steps[0].sql;
        CHECK(contains(q[2], "FROM \"t\""));
        CHECK(contains(all_sql(steps), actual.kept_sql[0]));  // its text names the old table
        CHECK(q.back() == "ALTER TABLE \"t\" RENAME TO \"t2\"");
    }
}

TEST_CASE("sqlite render: dropping an inline UNIQUE constraint rebuilds (its autoindex cannot be dropped)") {
    auto d = sqlite_dialect();
    Table base;
    base.name = "u";
    base.columns = {col("a", "int"), col("b", "int")};
    Table actual = lowered(base);
    Index auto_ix;
    auto_ix.name = "uq_u_a";
    auto_ix.columns = {key("a")};
    auto_ix.unique = true;
    auto_ix.constraint = true;
    actual.indexes.push_back(auto_ix);
    Schema want, have;
    want.tables.push_back(lowered(base));
    have.tables.push_back(actual);
    auto changes = diff(want, have);
    REQUIRE(changes.tables.size() == 1);
    std::string sql = all_sql(d->render(changes.tables[0], {}));
    CHECK_FALSE(contains(sql, "DROP INDEX"));
    CHECK(contains(sql, "_schemactl_new_u"));
}

TEST_CASE("sqlite quoting and helpers") {
    auto d = sqlite_dialect();
    CHECK(d->quote_ident("we\"ird") == "\"we\"\"ird\"");
    CHECK(d->quote_literal("it's") == "'it''s'");
    CHECK(d->length_sql("\"c\"") == "length(\"c\")");
    CHECK(d->max_identifier_length() == 128);
    CHECK(d->transactional_ddl());
    Table t;
    t.name = "x";
    CHECK(d->drop_table_sql(t) == std::vector<std::string>{"DROP TABLE \"x\""});
}

TEST_CASE("sqlite scanning CREATE statements: checks, FK names, partial index WHERE, AUTOINCREMENT") {
    auto sc = sqlite::scan_table(
                  "CREATE TABLE \"t\" (a INTEGER CHECK (a > 0), b TEXT DEFAULT 'CHECK (x)', "
                  "CONSTRAINT \"chk_named\" CHECK (b IN ('(', ')')), CONSTRAINT fk_x FOREIGN KEY (a) REFERENCES p(id), "
                  "FOREIGN KEY (\"b\") REFERENCES q)")
                  .constraints;
    REQUIRE(sc.size() == 4);
    CHECK(sc[0].kind == sqlite::ScannedConstraint::Kind::check);
    CHECK(sc[0].name.empty());
    CHECK(sc[0].body == "a > 0");
    CHECK(sc[1].name == "chk_named");
    CHECK(sc[1].body == "b IN ('(', ')')");
    CHECK(sc[2].kind == sqlite::ScannedConstraint::Kind::foreign_key);
    CHECK(sc[2].name == "fk_x");
    CHECK(sc[2].columns == std::vector<std::string>{"a"});
    CHECK(sc[3].name.empty());
    CHECK(sc[3].columns == std::vector<std::string>{"b"});
    CHECK(sqlite::index_where("CREATE INDEX i ON t (a) WHERE a > 0 AND b = 'x WHERE y'") ==
          "a > 0 AND b = 'x WHERE y'");
    CHECK(sqlite::index_where("CREATE INDEX \"where\" ON t (\"where\")") == "");
    // A comment with an apostrophe or a parenthesis before the WHERE.
    CHECK(sqlite::index_where("CREATE INDEX i ON t (a) -- don't drop (see #12\nWHERE a > 0") == "a > 0");
    CHECK(sqlite::index_where("CREATE INDEX i ON [t(] (a) /* where */ WHERE b = 1") == "b = 1");
    // Comments are not part of what is read: written again, a trailing --
    // comment would swallow the statement's end. Strings keep their text.
    CHECK(sqlite::index_where("CREATE INDEX i ON t (a) WHERE s <> '--x' -- not void") == "s <> '--x'");
    CHECK(sqlite::index_terms("CREATE INDEX i ON t (lower(a) /* folded */, b -- second\n)") ==
          std::vector<std::string>{"lower(a)", "b"});
    auto generated = sqlite::scan_table("CREATE TABLE t (a INT, b INT AS (a * 2 -- doubled\n) STORED)");
    REQUIRE(generated.columns.size() == 2);
    CHECK(generated.columns[1].generated == "a * 2");
    CHECK(sqlite::scan_table("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT)").autoincrement);
    CHECK_FALSE(
        sqlite::scan_table("CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT DEFAULT 'AUTOINCREMENT')").autoincrement);
}

TEST_CASE("sqlite: column collations and generated expressions are read from CREATE TABLE") {
    auto cols =
        sqlite::scan_table(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, \"e mail\" TEXT COLLATE NOCASE NOT NULL, a INT DEFAULT (1 + 2), "
            "total INT GENERATED ALWAYS AS (a * 2) VIRTUAL, up TEXT AS (upper(\"e mail\")) STORED, "
            "CONSTRAINT c CHECK (a > 0), PRIMARY KEY (id))")
            .columns;
    REQUIRE(cols.size() == 5);
    CHECK(cols[1].name == "e mail");
    CHECK(cols[1].collation == "NOCASE");
    CHECK(cols[3].name == "total");
    CHECK(cols[3].generated == "a * 2");
    CHECK_FALSE(cols[3].stored);
    CHECK(cols[4].generated == "upper(\"e mail\")");
    CHECK(cols[4].stored);
    // An unquoted name may hold letters outside ASCII: SQLite reads them as
    // part of the name, and so must the scan (it once cut "prénom" to "pr").
    auto utf8 = sqlite::scan_table("CREATE TABLE t (id INTEGER, prénom TEXT COLLATE NOCASE, été$1 INT AS (id) STORED)")
                    .columns;
    REQUIRE(utf8.size() == 3);
    CHECK(utf8[1].name == "prénom");
    CHECK(utf8[1].collation == "NOCASE");
    CHECK(utf8[2].name == "été$1");
    CHECK(utf8[2].generated == "id");
}

// Comments in a CREATE TABLE someone else wrote, and a bracketed name with
// a parenthesis: none of them ends a definition or the column list early.
// Before, a comma in a comment read "as typed" as a column "as", and an
// apostrophe or a parenthesis in one hid every check and AUTOINCREMENT.
TEST_CASE("sqlite: comments and bracketed names between column definitions") {
    auto t = sqlite::scan_table("CREATE TABLE t (\n  a TEXT, -- the name, as typed\n  b TEXT COLLATE NOCASE\n)");
    REQUIRE(t.columns.size() == 2);
    CHECK(t.columns[0].name == "a");
    CHECK(t.columns[0].type == "TEXT");
    CHECK(t.columns[1].name == "b");
    CHECK(t.columns[1].collation == "NOCASE");
    CHECK(t.unkept.empty());
    CHECK_FALSE(t.autoincrement);

    t = sqlite::scan_table(
        "CREATE TABLE t (\n  id INTEGER PRIMARY KEY AUTOINCREMENT, -- don't reuse ids\n"
        "  qty INT CONSTRAINT pos CHECK (qty > 0), /* legacy, keep */ y TEXT COLLATE NOCASE, -- one of: a), b)\n"
        "  [a(b] INT CHECK ([a(b] > 0 /* ) */), c TEXT COLLATE NOCASE)");
    CHECK(t.autoincrement);
    REQUIRE(t.constraints.size() == 2);
    CHECK(t.constraints[0].name == "pos");
    CHECK(t.constraints[0].body == "qty > 0");
    CHECK(t.constraints[1].name.empty());
    CHECK(t.constraints[1].body == "[a(b] > 0");  // the comment is not part of the expression
    REQUIRE(t.columns.size() == 5);
    CHECK(t.columns[2].name == "y");
    CHECK(t.columns[3].name == "a(b");
    CHECK(t.columns[4].name == "c");
    CHECK(t.columns[4].collation == "NOCASE");
    CHECK(t.columns_read);
}

// What pragma_table_xinfo would say, read from the text: the type and the
// default exactly as written (SQLite keeps them so), NOT NULL, the key.
TEST_CASE("sqlite: a column's type, default, NOT NULL and key are read from CREATE TABLE as written") {
    auto t = sqlite::scan_table(
        "CREATE TABLE t (a DECIMAL ( 10 , 2 ) NOT NULL DEFAULT - 1.5e-3, b TEXT DEFAULT 'it''s, (really)' UNIQUE, "
        "c BLOB DEFAULT x'00' CHECK (length(c) > 0), d DEFAULT (1 + /* two */ 2), e INT REFERENCES p ON DELETE SET "
        "DEFAULT DEFAULT 3, f INT PRIMARY KEY DESC ON CONFLICT FAIL)");
    REQUIRE(t.columns.size() == 6);
    CHECK(t.columns_read);
    CHECK(t.columns[0].type == "DECIMAL ( 10 , 2 )");
    CHECK(t.columns[0].not_null);
    CHECK(t.columns[0].default_sql == "- 1.5e-3");
    CHECK(t.columns[1].default_sql == "'it''s, (really)'");
    CHECK_FALSE(t.columns[1].not_null);
    CHECK(t.columns[2].default_sql == "x'00'");
    CHECK(t.columns[3].type.empty());
    CHECK(t.columns[3].default_sql == "(1 + /* two */ 2)");
    CHECK(t.columns[4].default_sql == "3");  // not the SET DEFAULT of its foreign key
    CHECK(t.columns[5].primary_key);
    CHECK_FALSE(t.columns[0].has_default == t.columns[5].has_default);

    auto keyed = sqlite::scan_table(
        "CREATE TABLE t (\"A\" TEXT, b INT, CONSTRAINT k PRIMARY KEY (b, a COLLATE NOCASE DESC))");
    CHECK(keyed.columns_read);
    CHECK(keyed.primary_key == std::vector<std::string>{"b", "a"});
}

// What the scan does not know is left to SQLite's pragma, not guessed.
TEST_CASE("sqlite: a CREATE TABLE the scan cannot read whole says so") {
    CHECK_FALSE(sqlite::scan_table("CREATE VIRTUAL TABLE d USING fts5(title, body)").columns_read);
    CHECK_FALSE(sqlite::scan_table("CREATE TABLE t (a \"INT\")").columns_read);           // a quoted type
    CHECK_FALSE(sqlite::scan_table("CREATE TABLE t (a INT NOT NULL + 1)").columns_read);  // not SQLite's grammar
    CHECK(sqlite::scan_table("CREATE TABLE t (a INT SOMETHING NEW)").columns[0].type == "INT SOMETHING NEW");
    CHECK_FALSE(sqlite::scan_table("CREATE TABLE t (a INT, PRIMARY KEY (nope))").columns_read);
    CHECK_FALSE(sqlite::scan_table("CREATE TABLE t (a INT DEFAULT)").columns_read);
    CHECK(sqlite::scan_table("CREATE TABLE t (a INT DEFAULT 1 NOT NULL)").columns_read);
}

TEST_CASE("sqlite: index key terms as written, without order and collation") {
    CHECK(sqlite::index_terms("CREATE INDEX i ON t (lower(email) DESC, a, b COLLATE NOCASE ASC)") ==
          std::vector<std::string>{"lower(email)", "a", "b"});
    CHECK(sqlite::index_terms("CREATE UNIQUE INDEX \"x(\" ON \"t\" (substr(a, 1, 2), a + b) WHERE a > 0") ==
          std::vector<std::string>{"substr(a, 1, 2)", "a + b"});
}

TEST_CASE("sqlite: clauses a rebuild would not write again are named") {
    auto c = sqlite::scan_table(
                 "CREATE TABLE t (id INTEGER PRIMARY KEY, u TEXT UNIQUE ON CONFLICT REPLACE, p INT REFERENCES t(id) "
                 "DEFERRABLE INITIALLY DEFERRED, q INT REFERENCES t(id) NOT DEFERRABLE)")
                 .unkept;
    using P = std::pair<std::string, std::string>;
    CHECK(c == std::vector<P>{{"u", "ON CONFLICT REPLACE"}, {"p", "DEFERRABLE"}});
    CHECK(sqlite::scan_table("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)").unkept.empty());
}
