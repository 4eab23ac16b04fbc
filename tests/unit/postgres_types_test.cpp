// PostgreSQL dialect, pure parts: lowering of portable types and defaults to
// what the server prints, native aliases, raise∘lower (the DDL is in tests/cases/postgres/).
#include <catch2/catch.hpp>

#include "dialect/dialect.hpp"
#include "schema/error.hpp"
#include "schema/prepare.hpp"

using namespace schemactl;

namespace {

std::unique_ptr<Dialect> pg() { return make_dialect("postgres"); }

Column col(std::string name, std::string type, Default def = {}) {
    Column c;
    c.name = std::move(name);
    c.type = std::move(type);
    c.default_value = std::move(def);
    return c;
}

Column lowered(const Column& c) {
    Table t;
    t.name = "t";
    t.columns.push_back(c);
    auto d = pg();
    return d->lower(prepare(t, "postgres", d->max_identifier_length())).columns.at(0);
}

Default expr_default(std::string text) { return {Default::Kind::expr, std::move(text)}; }

}  // namespace

TEST_CASE("postgres lower: every portable type is spelled the way format_type() prints it") {
    const std::vector<std::pair<std::string, std::string>> cases{
        {"smallint", "smallint"},
        {"int", "integer"},
        {"integer", "integer"},
        {"bigint", "bigint"},
        {"boolean", "boolean"},
        {"real", "real"},
        {"double", "double precision"},
        {"decimal(10,2)", "numeric(10,2)"},
        {"decimal(12)", "numeric(12,0)"},
        {"char(3)", "character(3)"},
        {"varchar(64)", "character varying(64)"},
        {"text", "text"},
        {"blob", "bytea"},
        {"date", "date"},
        {"time", "time without time zone"},
        {"timestamp", "timestamp without time zone"},
        {"timestamptz", "timestamp with time zone"},
        {"json", "jsonb"},
        {"uuid", "uuid"},
    };
    for (const auto& [portable, canonical] : cases) {
        INFO(portable);
        CHECK(lowered(col("c", portable)).type == canonical);
    }
}

TEST_CASE("postgres lower: native spellings in the postgres override are canonicalized with PostgreSQL's aliases") {
    const std::vector<std::pair<std::string, std::string>> cases{
        {"int4", "integer"},
        {"INT8", "bigint"},
        {"int2", "smallint"},
        {"varchar(10)", "character varying(10)"},
        {"VARCHAR (10)", "character varying(10)"},
        {"character varying", "character varying"},
        {"char", "character(1)"},
        {"bpchar(4)", "character(4)"},
        {"timestamptz", "timestamp with time zone"},
        {"timestamptz(3)", "timestamp(3) with time zone"},
        {"timestamp(6) without time zone", "timestamp(6) without time zone"},
        {"timetz", "time with time zone"},
        {"bool", "boolean"},
        {"float8", "double precision"},
        {"float4", "real"},
        {"float", "double precision"},
        {"float(10)", "real"},
        {"decimal(8, 3)", "numeric(8,3)"},
        {"numeric", "numeric"},
        {"citext", "citext"},
        {"json", "json"},  // native: the override asks for json, not jsonb
        {"jsonb", "jsonb"},
        {"int[]", "integer[]"},
        {"varchar(10)[]", "character varying(10)[]"},
        {"numeric(10)[]", "numeric(10,0)[]"},
        {"varbit(4)", "bit varying(4)"},
        {"inet", "inet"},
    };
    for (const auto& [native, canonical] : cases) {
        INFO(native);
        Column c = col("c", "text");
        c.overrides.edit()["postgres"].type = native;
        CHECK(lowered(c).type == canonical);
    }
}

TEST_CASE("postgres lower: serial in the override is an identity column") {
    Column c = col("id", "int");
    c.overrides.edit()["postgres"].type = "bigserial";
    Column l = lowered(c);
    CHECK(l.type == "bigint");
    CHECK(l.auto_increment);
    CHECK_FALSE(l.nullable);
    CHECK_FALSE(l.default_value.has_value());
}

TEST_CASE("postgres lower: defaults become what pg_get_expr() prints after normalization") {
    struct Case {
        std::string type;
        Default def;
        std::string canonical;
    };
    const std::vector<Case> cases{
        {"int", {Default::Kind::integer, "5"}, "5"},
        {"int", {Default::Kind::integer, "-1"}, "-1"},
        {"bigint", {Default::Kind::integer, "3000000000"}, "3000000000"},
        {"decimal(10,2)", {Default::Kind::floating, "1.5"}, "1.5"},
        {"double", {Default::Kind::floating, "-2.5"}, "-2.5"},
        {"boolean", {Default::Kind::boolean, "true"}, "true"},
        {"boolean", {Default::Kind::boolean, "false"}, "false"},
        {"boolean", {Default::Kind::integer, "0"}, "false"},
        {"varchar(10)", {Default::Kind::string, "x"}, "'x'"},
        {"text", {Default::Kind::string, "it's"}, "'it''s'"},
        {"text", {Default::Kind::string, ""}, "''"},
        {"text", {Default::Kind::integer, "5"}, "'5'"},
        {"json", {Default::Kind::string, "{}"}, "'{}'"},
        {"date", {Default::Kind::string, "2020-01-01"}, "'2020-01-01'"},
        {"timestamp", {Default::Kind::string, "2020-01-01"}, "'2020-01-01 00:00:00'"},
        {"uuid",
         {Default::Kind::string, "A0000000-0000-0000-0000-000000000000"},
         "'a0000000-0000-0000-0000-000000000000'"},
        {"timestamp", expr_default("now()"), "now()"},
        {"timestamp", expr_default("CURRENT_TIMESTAMP"), "CURRENT_TIMESTAMP"},
        {"timestamp", expr_default("current_timestamp"), "CURRENT_TIMESTAMP"},
        {"date", expr_default("current_date"), "CURRENT_DATE"},
        {"uuid", expr_default("gen_random_uuid()"), "gen_random_uuid()"},
        {"json", expr_default("'{}'::jsonb"), "'{}'"},
        {"varchar(10)", expr_default("'x'::character varying"), "'x'"},
        {"text", expr_default("'x'::text"), "'x'"},
        {"int", expr_default("'-1'::integer"), "-1"},
        {"int", expr_default("(-1)"), "-1"},
        {"int", expr_default("(0)::numeric"), "0"},
        {"decimal(10,2)", expr_default("'-1.5'::numeric"), "-1.5"},
        {"int", expr_default("1 + 2"), "1 + 2"},
        {"text", expr_default("NULL"), ""},
    };
    for (const auto& c : cases) {
        INFO(c.type << " " << c.def.text);
        Column l = lowered(col("c", c.type, c.def));
        if (c.canonical.empty()) {
            CHECK_FALSE(l.default_value.has_value());
        } else {
            CHECK(l.default_value.kind == Default::Kind::expr);
            CHECK(l.default_value.text == c.canonical);
        }
    }
}

TEST_CASE("postgres lower: an enum gets a type named <table>_<column>, auto_increment needs an integer type") {
    Table t;
    t.name = "agents";
    Column status = col("status", "enum", {Default::Kind::string, "idle"});
    status.enum_values = {"idle", "busy"};
    t.columns.push_back(status);
    auto d = pg();
    Table l = d->lower(prepare(t, "postgres", 63));
    CHECK(l.columns[0].type == "agents_status");
    CHECK(l.columns[0].enum_values == std::vector<std::string>{"idle", "busy"});
    CHECK(l.columns[0].default_value.text == "'idle'");

    Table bad;
    bad.name = "t";
    Column id = col("id", "text");
    id.auto_increment = true;
    bad.columns.push_back(id);
    CHECK_THROWS_AS(d->lower(prepare(bad, "postgres", 63)), Error);
}

TEST_CASE("postgres raise∘lower: lower(prepare(raise(t))) == t for canonical tables") {
    auto d = pg();
    Table t;
    t.name = "things";
    t.comment = "all things";
    t.primary_key = {"id"};
    auto add = [&](Column c) { t.columns.push_back(std::move(c)); };
    Column id = col("id", "bigint");
    id.auto_increment = true;
    add(id);
    add(col("n", "integer", expr_default("-1")));
    add(col("s", "smallint", expr_default("0")));
    add(col("price", "numeric(10,2)", expr_default("1.50")));
    add(col("ratio", "double precision", expr_default("0.5")));
    add(col("r", "real"));
    add(col("flag", "boolean", expr_default("true")));
    add(col("code", "character(3)", expr_default("'abc'")));
    add(col("name", "character varying(64)", expr_default("'it''s'")));
    add(col("body", "text"));
    add(col("data", "bytea"));
    add(col("day", "date", expr_default("CURRENT_DATE")));
    add(col("at", "time without time zone"));
    add(col("created", "timestamp without time zone", expr_default("now()")));
    add(col("updated", "timestamp with time zone", expr_default("CURRENT_TIMESTAMP")));
    add(col("doc", "jsonb", expr_default("'{}'")));
    add(col("raw", "json"));
    add(col("uid", "uuid", expr_default("gen_random_uuid()")));
    add(col("tags", "text[]"));
    add(col("ts3", "timestamp(3) with time zone"));
    add(col("big", "numeric"));
    add(col("v", "character varying"));
    Column st = col("state", "things_state", expr_default("'new'"));
    st.enum_values = {"new", "old"};
    add(st);
    Column mood = col("mood", "mood");
    mood.enum_values = {"sad", "happy"};
    mood.nullable = true;
    add(mood);
    Column cmt = col("note", "text");
    cmt.nullable = true;
    cmt.comment = "a note";
    add(cmt);
    Index ix;
    ix.name = "idx_things_doc";
    ix.columns = {{"doc", false, 0}};
    ix.method = "gin";
    t.indexes.push_back(ix);
    Index part;
    part.name = "uq_things_name";
    part.unique = true;
    part.columns = {{"name", false, 0}, {"created", true, 0}};
    part.where = "body IS NOT NULL";
    t.indexes.push_back(part);
    ForeignKey fk;
    fk.name = "fk_things_n";
    fk.columns = {"n"};
    fk.ref_table = "others";
    fk.ref_columns = {"id"};
    fk.on_delete = "CASCADE";
    fk.on_update = "SET NULL";
    t.foreign_keys.push_back(fk);
    t.checks.push_back({"chk_things_1", "n >= -1", {}});

    Table back = d->lower(prepare(d->raise(t), "postgres", 63));
    REQUIRE(back.columns.size() == t.columns.size());
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        const Column &a = back.columns[i], &b = t.columns[i];
        INFO(b.name << ": raised as " << d->raise(t).columns[i].type);
        CHECK(a.name == b.name);
        CHECK(a.type == b.type);
        CHECK(a.nullable == b.nullable);
        CHECK(a.default_value == b.default_value);
        CHECK(a.auto_increment == b.auto_increment);
        CHECK(a.comment == b.comment);
        CHECK(a.enum_values == b.enum_values);
    }
    CHECK(back.primary_key == t.primary_key);
    CHECK(back.comment == t.comment);
    REQUIRE(back.indexes.size() == 2);
    CHECK(back.indexes[0].method == "gin");
    CHECK(back.indexes[1].columns == t.indexes[1].columns);
    CHECK(back.indexes[1].where == t.indexes[1].where);
    REQUIRE(back.foreign_keys.size() == 1);
    CHECK(back.foreign_keys[0].on_delete == "CASCADE");
    CHECK(back.foreign_keys[0].on_update == "SET NULL");
    CHECK(back.checks.at(0).expr == "n >= -1");

    // Portable types come back portable; native ones go to the override.
    Table raised = d->raise(t);
    CHECK(raised.columns[0].type == "bigint");
    CHECK(raised.columns[1].type == "int");
    CHECK(raised.columns[1].default_value == Default{Default::Kind::integer, "-1"});
    CHECK(raised.columns[8].type == "varchar(64)");
    CHECK(raised.columns[8].default_value == Default{Default::Kind::string, "it's"});
    CHECK(raised.columns[6].default_value == Default{Default::Kind::boolean, "true"});
    CHECK(raised.columns[15].type == "json");
    CHECK(raised.columns[16].overrides->at("postgres").type == std::optional<std::string>("json"));
    CHECK(raised.columns[22].type == "enum");
    CHECK(raised.columns[22].overrides->count("postgres") == 0);
    CHECK(raised.columns[23].overrides->at("postgres").type == std::optional<std::string>("mood"));
}

TEST_CASE("postgres quoting") {
    auto d = pg();
    CHECK(d->quote_ident("user") == "\"user\"");
    CHECK(d->quote_ident("a\"b") == "\"a\"\"b\"");
    CHECK(d->quote_literal("it's") == "'it''s'");
    CHECK(d->quote_literal("a\\b") == "E'a\\\\b'");  // the same under either standard_conforming_strings
    CHECK_THROWS_AS(d->quote_literal(std::string("a\0b", 3)), Error);
    CHECK(d->length_sql("\"name\"") == "char_length(\"name\")");
    CHECK(d->max_identifier_length() == 63);
}

// The DDL of creates and ALTERs is data: tests/cases/postgres/ (the enum
// type before its table, NOT VALID keys, one ALTER per table, CONCURRENTLY).
TEST_CASE("postgres drop_table_sql: the table, then the enum types it owns") {
    auto d = pg();
    Table p;
    p.name = "jobs";
    p.primary_key = {"id"};
    p.columns.push_back(col("id", "bigint"));
    Column st = col("state", "enum", {Default::Kind::string, "new"});
    st.enum_values = {"new", "done"};
    p.columns.push_back(st);
    auto drop = d->drop_table_sql(d->lower(prepare(p, "postgres", 63)));
    REQUIRE(drop.size() == 2);
    CHECK(drop[0] == "DROP TABLE \"jobs\"");
    CHECK(drop[1].find("DROP TYPE") == 0);
}

// Issue 14: expressions adopted from databases others designed. (Included
// here: above, schemactl::pg would clash with the helper pg().)
#include "dialect/postgres/pg_types.hpp"

TEST_CASE("postgres default_sql: parentheses where DEFAULT's restricted grammar needs them") {
    using schemactl::pg::default_sql;
    CHECK(default_sql("now()") == "now()");
    CHECK(default_sql("-1") == "-1");
    CHECK(default_sql("'a'::text") == "'a'::text");
    CHECK(default_sql("E'a\\\\b'") == "E'a\\\\b'");
    CHECK(default_sql("CURRENT_TIMESTAMP") == "CURRENT_TIMESTAMP");
    CHECK(default_sql("nextval('s'::regclass)") == "nextval('s'::regclass)");
    CHECK(default_sql("(now())::date") == "((now())::date)");
    CHECK(default_sql("now() AT TIME ZONE 'utc'::text") == "(now() AT TIME ZONE 'utc'::text)");
    CHECK(default_sql("'a'::text || 'b'::text") == "('a'::text || 'b'::text)");
    CHECK(default_sql("1 IS NOT NULL") == "(1 IS NOT NULL)");
    CHECK(default_sql("f(')') + 1") == "(f(')') + 1)");
}

TEST_CASE("postgres typed literals read as the casts the server prints") {
    using schemactl::pg::typed_literals_as_casts;
    CHECK(typed_literals_as_casts("a > numeric '1'") == "a > '1'::numeric");
    CHECK(typed_literals_as_casts("d < DATE '2020-01-01' AND i > interval '1 day'") ==
          "d < '2020-01-01'::date AND i > '1 day'::interval");
    CHECK(typed_literals_as_casts("t = timestamp with time zone '2020-01-01'") ==
          "t = '2020-01-01'::timestamp with time zone");
    // Not typed literals: a column named like a type, AT TIME ZONE, a literal that only looks like one.
    CHECK(typed_literals_as_casts("now() AT TIME ZONE 'utc'") == "now() AT TIME ZONE 'utc'");
    CHECK(typed_literals_as_casts("my_date = 'x'") == "my_date = 'x'");
    CHECK(typed_literals_as_casts("s = 'numeric ''1'''") == "s = 'numeric ''1'''");
    CHECK(typed_literals_as_casts("x::text 'a'") == "x::text 'a'");
}

TEST_CASE("postgres checks: options after the expression and numeric constants") {
    using schemactl::pg::canonical_predicate;
    CHECK(canonical_predicate("CHECK ((g > 0)) NO INHERIT") == "g > 0");
    CHECK(canonical_predicate("CHECK ((g > 0)) NOT VALID") == "g > 0");
    CHECK(canonical_predicate("CHECK ((g > 0)) NO INHERIT NOT VALID") == "g > 0");
    CHECK(canonical_predicate("CHECK ((f > (1)::numeric))") == "f > 1");
    CHECK(canonical_predicate("CHECK ((f > '1'::numeric))") == "f > 1");
    CHECK(canonical_predicate("CHECK ((abs(1)::numeric > f))") == "abs(1)::numeric > f");
}

TEST_CASE("postgres checks: an IN list on varchar reads as PostgreSQL prints it back (one text)") {
    using schemactl::pg::canonical_predicate;
    const std::string stable =
        "(state)::text = ANY (ARRAY[('new'::character varying)::text, ('a, b'::character varying)::text])";
    CHECK(canonical_predicate("CHECK (((state)::text = ANY ((ARRAY['new'::character varying, "
                              "'a, b'::character varying])::text[])))") == stable);
    CHECK(canonical_predicate("CHECK ((" + stable + "))") == stable);
    // Other arrays are left alone.
    CHECK(canonical_predicate("CHECK ((n = ANY (ARRAY[1, 2])))") == "n = ANY (ARRAY[1, 2])");
    CHECK(canonical_predicate("CHECK ((tags <@ (ARRAY['x'])))") == "tags <@ (ARRAY['x'])");
}

TEST_CASE("postgres column_default: a bare number on a type that is not a number is a literal") {
    using schemactl::pg::column_default;
    Default three{Default::Kind::expr, "3"};
    CHECK(column_default(three, "posint").text == "'3'");
    CHECK(column_default(three, "text").text == "'3'");
    CHECK(column_default(three, "integer").text == "3");
    CHECK(column_default(three, "numeric(10,2)").text == "3");
    CHECK(column_default({Default::Kind::expr, "now()"}, "posint").text == "now()");
}

TEST_CASE("postgres raise: a domain column exports its base type, the domain in the override") {
    Table t;
    t.name = "t";
    t.primary_key = {"id"};
    t.columns.push_back(col("id", "integer"));
    t.columns.push_back(col("n", "posint", expr_default("'3'")));
    t.columns.push_back(col("m", "money2"));
    t.columns.push_back(col("x", "citext"));
    Table r = schemactl::pg::raise_table(t, {{"posint", "integer"}, {"money2", "numeric(10,2)"}});
    CHECK(r.columns[1].type == "int");
    CHECK(r.columns[1].overrides->at("postgres").type == "posint");
    CHECK(r.columns[2].type == "decimal(10,2)");
    CHECK(r.columns[3].type == "text");
    CHECK(r.columns[3].overrides->at("postgres").type == "citext");
    Table empty;
    empty.name = "bare";
    CHECK_THROWS_WITH(schemactl::pg::raise_table(empty), Catch::Contains("bare") && Catch::Contains("--tables"));
}
