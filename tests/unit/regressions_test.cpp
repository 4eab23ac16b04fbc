// False diffs found along the way, each pinned by name (pure: no database).
#include <catch2/catch.hpp>

#include "dialect/dialect.hpp"
#include "schema/prepare.hpp"

using namespace schemactl;

namespace {
Table one_column(std::string type, std::string dialect, std::string native) {
    Table t;
    t.name = "t";
    Column c;
    c.name = "c";
    c.type = std::move(type);
    c.nullable = true;
    if (!native.empty()) c.overrides.edit()[dialect].type = native;
    t.columns.push_back(c);
    return t;
}
Column lowered(const std::string& dialect, const Table& t) {
    auto d = make_dialect(dialect);
    return d->lower(prepare(t, d->name(), d->max_identifier_length())).columns[0];
}
}  // namespace

TEST_CASE("regression: a native SQLite override type INT is declared INT, not mapped to INTEGER") {
    CHECK(lowered("sqlite", one_column("bigint", "sqlite", "INT")).type == "INT");
    CHECK(lowered("sqlite", one_column("int", "", "")).type == "INTEGER");
}

TEST_CASE("regression: a PostgreSQL override json stays json (portable json is jsonb)") {
    CHECK(lowered("postgres", one_column("text", "postgres", "json")).type == "json");
    CHECK(lowered("postgres", one_column("json", "", "")).type == "jsonb");
}

TEST_CASE("regression: a MySQL override timestamp stays timestamp (portable timestamp is datetime)") {
    CHECK(lowered("mysql", one_column("timestamp", "mysql", "timestamp")).type == "timestamp");
    CHECK(lowered("mysql", one_column("timestamp", "", "")).type == "datetime");
}

TEST_CASE("regression: a MySQL default holding a backslash and a quote reads back as the same string") {
    auto d = make_dialect("mysql");
    Table t = one_column("varchar(40)", "", "");
    t.columns[0].default_value = {Default::Kind::string, "\\'; x"};
    Table canonical = d->lower(prepare(t, "mysql", 64));
    Table raised = d->raise(canonical);
    CHECK(raised.columns[0].default_value.kind == Default::Kind::string);
    CHECK(raised.columns[0].default_value.text == "\\'; x");
}
