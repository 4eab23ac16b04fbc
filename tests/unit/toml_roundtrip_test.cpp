// write_schema_toml → read_schema_text gives the same schema back.
#include <catch2/catch.hpp>

#include "toml/reader.hpp"
#include "toml/writer.hpp"

using namespace schemactl;

static void require_same(const Schema& a, const Schema& b) {
    REQUIRE(a.tables.size() == b.tables.size());
    for (std::size_t i = 0; i < a.tables.size(); ++i) {
        const Table &x = a.tables[i], &y = b.tables[i];
        INFO(x.name);
        CHECK(x.name == y.name);
        CHECK(x.comment == y.comment);
        CHECK(x.primary_key == y.primary_key);
        CHECK(x.protected_columns == y.protected_columns);
        CHECK(x.renamed_from == y.renamed_from);
        CHECK(x.options == y.options);
        REQUIRE(x.columns.size() == y.columns.size());
        for (std::size_t c = 0; c < x.columns.size(); ++c) {
            const Column &p = x.columns[c], &q = y.columns[c];
            INFO(p.name);
            CHECK(p.name == q.name);
            CHECK(p.type == q.type);
            CHECK(p.enum_values == q.enum_values);
            CHECK(p.nullable == q.nullable);
            CHECK(p.default_value == q.default_value);
            CHECK(p.auto_increment == q.auto_increment);
            CHECK(p.unique == q.unique);
            CHECK(p.comment == q.comment);
            CHECK(p.on_update == q.on_update);
            CHECK(p.renamed_from == q.renamed_from);
            CHECK(p.overrides == q.overrides);
        }
        REQUIRE(x.indexes.size() == y.indexes.size());
        for (std::size_t k = 0; k < x.indexes.size(); ++k) {
            CHECK(x.indexes[k].name == y.indexes[k].name);
            CHECK(x.indexes[k].columns == y.indexes[k].columns);
            CHECK(x.indexes[k].unique == y.indexes[k].unique);
            CHECK(x.indexes[k].method == y.indexes[k].method);
            CHECK(x.indexes[k].where == y.indexes[k].where);
        }
        REQUIRE(x.foreign_keys.size() == y.foreign_keys.size());
        for (std::size_t k = 0; k < x.foreign_keys.size(); ++k) {
            CHECK(x.foreign_keys[k].name == y.foreign_keys[k].name);
            CHECK(x.foreign_keys[k].columns == y.foreign_keys[k].columns);
            CHECK(x.foreign_keys[k].ref_table == y.foreign_keys[k].ref_table);
            CHECK(x.foreign_keys[k].ref_columns == y.foreign_keys[k].ref_columns);
            CHECK(x.foreign_keys[k].on_delete == y.foreign_keys[k].on_delete);
            CHECK(x.foreign_keys[k].on_update == y.foreign_keys[k].on_update);
        }
        REQUIRE(x.checks.size() == y.checks.size());
        for (std::size_t k = 0; k < x.checks.size(); ++k) {
            CHECK(x.checks[k].name == y.checks[k].name);
            CHECK(x.checks[k].expr == y.checks[k].expr);
        }
    }
}

TEST_CASE("every key of the format survives write and read") {
    Diagnostics d;
    Schema s = read_schema_text(R"~(
[[table]]
name = "agents"
comment = "It's \"quoted\" and has a backslash \\ and unicode é"
primary_key = ["id"]
protected = ["agent_id"]
renamed_from = "agent"
mysql = { engine = "InnoDB", charset = "utf8mb4" }
  [[table.column]]
  name = "id"
  type = "bigint"
  auto_increment = true
  [[table.column]]
  name = "agent_id"
  type = "varchar(64)"
  unique = true
  renamed_from = "aid"
  [[table.column]]
  name = "config"
  type = "json"
  nullable = true
  mysql = { type = "longtext", collation = "utf8mb4_bin" }
  postgres = { type = "json", default_expr = "'{}'::json" }
  [[table.column]]
  name = "state"
  type = "enum"
  values = ["a", "b'c"]
  default = "a"
  [[table.column]]
  name = "ratio"
  type = "double"
  default = 0.25
  [[table.column]]
  name = "flag"
  type = "boolean"
  default = false
  [[table.column]]
  name = "n"
  type = "int"
  default = -3
  comment = "a number"
  [[table.column]]
  name = "created_at"
  type = "timestamp"
  default_expr = "CURRENT_TIMESTAMP"
  on_update = "CURRENT_TIMESTAMP"
  [[table.index]]
  name = "ix_multi"
  columns = ["state", "created_at desc", "agent_id(32)"]
  unique = true
  using = "btree"
  where = "state <> 'b'"
  [[table.foreign_key]]
  name = "fk_self"
  columns = ["agent_id"]
  ref_table = "agents"
  ref_columns = ["agent_id"]
  on_delete = "set null"
  on_update = "cascade"
  [[table.check]]
  name = "chk_n"
  expr = "n >= -10"
)~",
                                "full.toml", d);
    INFO((d.empty() ? "" : d[0].str()));
    REQUIRE(d.empty());
    std::string text = write_schema_toml(s);
    INFO(text);
    Diagnostics d2;
    Schema back = read_schema_text(text, "written.toml", d2);
    REQUIRE(d2.empty());
    require_same(s, back);
    CHECK(s.tables[0].indexes[0].columns[1].desc);
    CHECK(s.tables[0].indexes[0].columns[2].prefix_length == 32);
    CHECK(s.tables[0].foreign_keys[0].on_delete == "SET NULL");
}

TEST_CASE("the shipped schemas survive write and read") {
    for (const char* sub : {"agent_context", "examples/berrys"}) {
        Diagnostics d;
        Schema s = read_schema_files({std::string(SCHEMACTL_SOURCE_DIR) + "/schemas/" + sub}, d);
        REQUIRE(d.empty());
        Diagnostics d2;
        Schema back = read_schema_text(write_schema_toml(s), "x.toml", d2);
        REQUIRE(d2.empty());
        require_same(s, back);
    }
}
