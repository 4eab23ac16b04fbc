// Literals that mean the same under any session setting, and defaults that
// still converge with what the servers print back.
#include <catch2/catch.hpp>

#include "dialect/mysql/mysql_types.hpp"
#include "dialect/postgres/pg_types.hpp"
#include "dialect/sqlite/sqlite_types.hpp"
#include "schema/error.hpp"

using namespace schemactl;

TEST_CASE("PostgreSQL literals: E'' with backslashes doubled when there is one, plain otherwise") {
    CHECK(pg::quote_literal("plain") == "'plain'");
    CHECK(pg::quote_literal("it's") == "'it''s'");
    CHECK(pg::quote_literal("C:\\new\\table") == "E'C:\\\\new\\\\table'");
    CHECK(pg::quote_literal("x\\'; DROP TABLE keep; --") == "E'x\\\\''; DROP TABLE keep; --'");
    CHECK(pg::quote_literal("") == "''");
    CHECK_THROWS_AS(pg::quote_literal(std::string("a\0b", 3)), Error);
}

TEST_CASE("PostgreSQL defaults with a backslash converge and raise back to the string") {
    auto desired = pg::lower_default({Default::Kind::string, "C:\\new\\table"}, "character varying(100)");
    CHECK(desired.text == "E'C:\\\\new\\\\table'");
    // pg_get_expr with standard_conforming_strings on (schemactl's sessions).
    CHECK(pg::canonical_default("'C:\\new\\table'::character varying").text == desired.text);
    CHECK(pg::canonical_default("'plain'::text").text == "'plain'");
    Table t;
    t.name = "t";
    Column c;
    c.name = "path";
    c.type = "character varying(100)";
    c.default_value = desired;
    t.columns.push_back(c);
    Table raised = pg::raise_table(t);
    CHECK(raised.columns[0].default_value.kind == Default::Kind::string);
    CHECK(raised.columns[0].default_value.text == "C:\\new\\table");
}

TEST_CASE("MySQL and SQLite literals") {
    CHECK(mysql::quote_literal("C:\\new") == "'C:\\\\new'");
    CHECK(mysql::quote_literal("x\\'y") == "'x\\\\''y'");
    CHECK(sqlite::quote_literal("C:\\new'") == "'C:\\new'''");
    CHECK_THROWS_AS(mysql::quote_literal(std::string("\0", 1)), Error);
    CHECK_THROWS_AS(sqlite::quote_literal(std::string("\0", 1)), Error);
}
