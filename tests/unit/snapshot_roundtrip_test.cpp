// Snapshot files (src/snapshot): every field of the canonical model comes
// back from write -> read as it went in, odd strings included; a file that
// is not a snapshot this version reads is refused naming file:line:col.
#include <catch2/catch.hpp>

#include "schema/error.hpp"
#include "snapshot/snapshot.hpp"

using namespace schemactl;

namespace {

// Text a writer could easily get wrong: newlines (a leading one is trimmed
// by TOML's multi-line strings), quotes of every kind, a trailing
// backslash, control characters, non-ASCII letters.
const std::vector<std::string> kOdd{
    "\nleading newline", "a\r\nb", "it's \"q\" ''' \"\"\"", "ends with \\", "tab\there\x01\x1f", "naïve ✓ 名前", ""};

Index plain_index(std::string name, std::string column) {
    Index ix;
    ix.name = std::move(name);
    ix.columns = {{std::move(column)}};
    return ix;
}

Check check(std::string name, std::string expr) {
    Check c;
    c.name = std::move(name);
    c.expr = std::move(expr);
    return c;
}

Table named(std::string name) {
    Table t;
    t.name = std::move(name);
    return t;
}

Column full_column(int i) {
    Column c;
    c.name = "col " + kOdd[static_cast<std::size_t>(i) % kOdd.size()] + std::to_string(i);
    c.type = "varchar(40)";
    c.enum_values = {"red", "", "it's"};
    c.nullable = true;
    c.default_value = {Default::Kind::expr, "'x'::character varying\n-- " + kOdd[1]};
    c.auto_increment = true;
    c.unique = true;
    c.comment = kOdd[2];
    c.on_update = "current_timestamp()";
    c.collation = "utf8mb4_bin";
    c.generated = "(a + b)";
    c.generated_stored = true;
    c.renamed_from = "old";
    c.overrides.edit()["mysql"] = {"longtext", "now()", "utf8mb4_bin", "a+b"};
    c.overrides.edit()["postgres"] = {std::nullopt, std::string("''"), std::nullopt, std::nullopt};
    c.native_type = true;
    return c;
}

Snapshot full_snapshot() {
    Snapshot s;
    s.dialect = "postgres";
    s.server_version = "16.2 (Debian 16.2-1)";
    s.database = "postgres://app:***@db:5432/app?sslmode=require";
    s.schema.option_defaults = {{"charset", "utf8mb4"}, {"collation", "utf8mb4_general_ci"}, {"engine", "InnoDB"}};
    Table t;
    t.name = "table " + kOdd[5];
    t.comment = kOdd[0];
    for (int i = 0; i < static_cast<int>(kOdd.size()); ++i) t.columns.push_back(full_column(i));
    t.primary_key = {t.columns[0].name, t.columns[1].name};
    t.protected_columns = {"p1", "p2"};
    t.renamed_from = "older";
    t.options = {{"engine", "MyISAM"}, {"sqlite.strict", "true"}};
    t.kept_sql = {"CREATE TRIGGER trg AFTER INSERT ON t BEGIN\n  SELECT 1;\nEND", kOdd[3]};
    t.nullable_key_columns = {"id", kOdd[2]};
    Index ix;
    ix.name = "ix";
    ix.columns = {{"a", true, 191, ""}, {"", false, 0, "lower(\"b\")"}};
    ix.unique = true;
    ix.method = "gin";
    ix.where = "a IS NOT NULL";
    ix.constraint = true;
    ix.valid = false;
    t.indexes = {ix, plain_index("plain", "a")};
    ForeignKey fk;
    fk.name = "fk";
    fk.columns = {"a", "b"};
    fk.ref_table = "parent";
    fk.ref_columns = {"x", "y"};
    fk.on_delete = "CASCADE";
    fk.on_update = "SET NULL";
    t.foreign_keys = {fk};
    t.checks = {check("chk", "(a > 0)"), check("", "b <> ''")};
    t.unmanaged = {{"trigger", "audit", kOdd[4], {"a", "b"}, true}, {"view", "v", "", {}, false}};
    s.schema.tables = {t, named("empty")};  // PostgreSQL has tables with no columns
    return s;
}

void same(const Column& a, const Column& b) {
    INFO("column " << a.name);
    CHECK(a.name == b.name);
    CHECK(a.type == b.type);
    CHECK(a.enum_values == b.enum_values);
    CHECK(a.nullable == b.nullable);
    CHECK(a.default_value == b.default_value);
    CHECK(a.auto_increment == b.auto_increment);
    CHECK(a.unique == b.unique);
    CHECK(a.comment == b.comment);
    CHECK(a.on_update == b.on_update);
    CHECK(a.collation == b.collation);
    CHECK(a.generated == b.generated);
    CHECK(a.generated_stored == b.generated_stored);
    CHECK(a.renamed_from == b.renamed_from);
    CHECK(a.overrides == b.overrides);
    CHECK(a.native_type == b.native_type);
}

void same(const Table& a, const Table& b) {
    INFO("table " << a.name);
    CHECK(a.name == b.name);
    CHECK(a.comment == b.comment);
    REQUIRE(a.columns.size() == b.columns.size());
    for (std::size_t i = 0; i < a.columns.size(); ++i) same(a.columns[i], b.columns[i]);
    CHECK(a.primary_key == b.primary_key);
    REQUIRE(a.indexes.size() == b.indexes.size());
    for (std::size_t i = 0; i < a.indexes.size(); ++i) {
        const Index &x = a.indexes[i], &y = b.indexes[i];
        CHECK(x.name == y.name);
        CHECK(x.columns == y.columns);
        CHECK(x.unique == y.unique);
        CHECK(x.method == y.method);
        CHECK(x.where == y.where);
        CHECK(x.constraint == y.constraint);
        CHECK(x.valid == y.valid);
    }
    REQUIRE(a.foreign_keys.size() == b.foreign_keys.size());
    for (std::size_t i = 0; i < a.foreign_keys.size(); ++i) {
        const ForeignKey &x = a.foreign_keys[i], &y = b.foreign_keys[i];
        CHECK(x.name == y.name);
        CHECK(x.columns == y.columns);
        CHECK(x.ref_table == y.ref_table);
        CHECK(x.ref_columns == y.ref_columns);
        CHECK(x.on_delete == y.on_delete);
        CHECK(x.on_update == y.on_update);
    }
    REQUIRE(a.checks.size() == b.checks.size());
    for (std::size_t i = 0; i < a.checks.size(); ++i) {
        CHECK(a.checks[i].name == b.checks[i].name);
        CHECK(a.checks[i].expr == b.checks[i].expr);
    }
    CHECK(a.protected_columns == b.protected_columns);
    CHECK(a.renamed_from == b.renamed_from);
    CHECK(a.options == b.options);
    CHECK(a.kept_sql == b.kept_sql);
    CHECK(a.nullable_key_columns == b.nullable_key_columns);
    CHECK(a.unmanaged == b.unmanaged);
}

// The error message read_snapshot throws for `text`, or "" when it reads.
std::string error_of(const std::string& text) {
    try {
        read_snapshot(text, "snap.toml");
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

const std::string kHead = "[snapshot]\nformat_version = 1\ndialect = \"sqlite\"\n";

}  // namespace

TEST_CASE("a snapshot gives back every field of the canonical schema", "[snapshot]") {
    Snapshot s = full_snapshot();
    std::string text = write_snapshot(s);
    INFO(text);
    Snapshot back = read_snapshot(text, "snap.toml");
    CHECK(back.format_version == kSnapshotFormatVersion);
    CHECK(back.dialect == s.dialect);
    CHECK(back.server_version == s.server_version);
    CHECK(back.database == s.database);
    CHECK(back.schema.option_defaults == s.schema.option_defaults);
    REQUIRE(back.schema.tables.size() == s.schema.tables.size());
    for (std::size_t i = 0; i < s.schema.tables.size(); ++i) same(s.schema.tables[i], back.schema.tables[i]);
    // And the default of every field is kept too (written by leaving it out).
    Table plain;
    plain.name = "t";
    plain.columns.push_back(Column{});
    plain.columns.back().name = "c";
    plain.columns.back().type = "integer";
    plain.indexes.push_back(plain_index("ix", "c"));
    ForeignKey fk;
    fk.name = "fk";
    fk.columns = fk.ref_columns = {"c"};
    fk.ref_table = "t";
    plain.foreign_keys.push_back(fk);
    Snapshot p;
    p.dialect = "sqlite";
    p.schema.tables = {plain};
    Snapshot pb = read_snapshot(write_snapshot(p), "p.toml");
    REQUIRE(pb.schema.tables.size() == 1);
    same(plain, pb.schema.tables[0]);
    CHECK(pb.schema.option_defaults.empty());
    // Writing what was read gives the same text: nothing drifts between runs.
    CHECK(write_snapshot(back) == text);
}

TEST_CASE("the snapshot writer knows every field of the model", "[snapshot]") {
    // These sizes change when a field is added to the model. Then teach
    // src/snapshot/snapshot_write.cpp and snapshot_read.cpp the new field,
    // add it to full_snapshot() above, and update the number here: a field
    // the snapshot leaves out would make offline plans differ from online ones.
    CHECK(sizeof(Column) == 192);
    CHECK(sizeof(Index) == 160);
    CHECK(sizeof(IndexColumn) == 72);
    CHECK(sizeof(ForeignKey) == 200);
    CHECK(sizeof(Check) == 88);
    CHECK(sizeof(Unmanaged) == 128);
    CHECK(sizeof(Table) == 384);
    CHECK(sizeof(Schema) == 72);
    CHECK(sizeof(Default) == 40);
    CHECK(sizeof(ColumnOverride) == 160);
}

TEST_CASE("a file that is not a readable snapshot is refused with file:line:col", "[snapshot]") {
    // Garbled TOML.
    std::string e = error_of(kHead + "[[table]]\nname = \"t\"\ncolumn = [ {name = \"a\", type = }\n");
    CHECK(e.rfind("snap.toml:6:", 0) == 0);
    CHECK(e.find("not valid TOML") != std::string::npos);
    CHECK(e.find("schemactl inspect --db URL --snapshot snap.toml") != std::string::npos);
    // A schema file is not a snapshot.
    e = error_of("[[table]]\nname = \"t\"\n");
    CHECK(e.find("snap.toml:") == 0);
    CHECK(e.find("no [snapshot] table") != std::string::npos);
    // Unknown keys are not skipped: they would be something this version cannot plan with.
    e = error_of(kHead + "\n[[table]]\nname = \"t\"\nshiny = 1\n");
    CHECK(e.rfind("snap.toml:7:", 0) == 0);
    CHECK(e.find("unknown key 'shiny' in table t") != std::string::npos);
    e = error_of(kHead +
                 "\n[[table]]\nname = \"t\"\n[[table.column]]\nname = \"c\"\ntype = \"integer\"\nnulable = true\n");
    CHECK(e.rfind("snap.toml:10:", 0) == 0);
    CHECK(e.find("unknown key 'nulable' in column t.c") != std::string::npos);
    // Wrong types and missing keys.
    e = error_of(kHead + "\n[[table]]\nname = \"t\"\n[[table.column]]\nname = \"c\"\ntype = 4\n");
    CHECK(e.rfind("snap.toml:9:", 0) == 0);
    CHECK(e.find("'type' of column t.c must be a string") != std::string::npos);
    e = error_of(kHead + "\n[[table]]\nname = \"t\"\n[[table.column]]\nname = \"c\"\n");
    CHECK(e.find("column t.c has no 'type'") != std::string::npos);
    // A newer format, or a dialect this version does not know.
    e = error_of("[snapshot]\nformat_version = 2\ndialect = \"sqlite\"\n");
    CHECK(e.rfind("snap.toml:2:", 0) == 0);
    CHECK(e.find("format_version 2 is not one this schemactl reads (it reads 1)") != std::string::npos);
    e = error_of("[snapshot]\nformat_version = 1\ndialect = \"oracle\"\n");
    CHECK(e.rfind("snap.toml:3:", 0) == 0);
    CHECK(e.find("dialect 'oracle'") != std::string::npos);
    // The smallest snapshot: a database with no tables.
    CHECK(error_of(kHead) == "");
    // Read table by table (toml/parts.hpp), a later table's error keeps its line in the file.
    e = error_of(kHead + "\n[[table]]\nname = \"a\"\n[[table]]\nname = \"b\"\nshiny = 1\n");
    CHECK(e.rfind("snap.toml:9:", 0) == 0);
    CHECK(e.find("unknown key 'shiny' in table b") != std::string::npos);
}

TEST_CASE("a snapshot whose [snapshot] comes after its tables is read all the same", "[snapshot]") {
    Snapshot s = read_snapshot("[[table]]\nname = \"a\"\n[[table]]\nname = \"b\"\n" + kHead, "snap.toml");
    CHECK(s.dialect == "sqlite");
    REQUIRE(s.schema.tables.size() == 2);
    CHECK(s.schema.tables[1].name == "b");
}
