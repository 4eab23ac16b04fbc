// expr_fingerprint keeps the grouping an expression means and drops the
// parentheses and quotes servers add when they store it; PostgreSQL's own
// spellings (casts, ~~, = ANY (ARRAY[...])) are undone by its dialect's form.
#include <catch2/catch.hpp>

#include "dialect/dialect.hpp"
#include "dialect/postgres/pg_expr.hpp"
#include "diff/expr.hpp"

using schemactl::expr_fingerprint;

namespace {
bool same(const char* a, const char* b) { return expr_fingerprint(a) == expr_fingerprint(b); }
// As diff compares them on PostgreSQL: a file's text against what the server stores.
bool pg_same(const char* a, const char* b) {
    return expr_fingerprint(a, schemactl::pg::expression_form) == expr_fingerprint(b, schemactl::pg::expression_form);
}
}  // namespace

TEST_CASE("fingerprint: regrouping is a different expression") {
    CHECK_FALSE(same("(a > 0 OR b > 0) AND c > 0", "a > 0 OR (b > 0 AND c > 0)"));
    CHECK_FALSE(same("a > 0 OR b > 0 AND c > 0", "(a > 0 OR b > 0) AND c > 0"));
    CHECK(same("a > 0 OR b > 0 AND c > 0", "a > 0 OR (b > 0 AND c > 0)"));
    // What each server stores for the same two checks.
    CHECK(same("(a > 0 OR b > 0) AND c > 0", "(((a > 0) OR (b > 0)) AND (c > 0))"));  // PostgreSQL
    CHECK(same("(a > 0 OR b > 0) AND c > 0", "(`a` > 0 or `b` > 0) and `c` > 0"));    // MariaDB
    CHECK(same("a > 0 OR (b > 0 AND c > 0)", "((a > 0) OR ((b > 0) AND (c > 0)))"));
    CHECK(same("a > 0 OR (b > 0 AND c > 0)", "`a` > 0 or `b` > 0 and `c` > 0"));
    // AND and OR chains are associative: their inner grouping does not matter.
    CHECK(same("a AND (b AND c)", "(a AND b) AND c"));
    CHECK(same("(a OR b) OR c", "a OR b OR c"));
    CHECK_FALSE(same("a AND b OR c", "a AND (b OR c)"));
}

TEST_CASE("fingerprint: operator precedence") {
    CHECK(same("a + b * c", "a + (b * c)"));
    CHECK_FALSE(same("a + b * c", "(a + b) * c"));
    CHECK(same("a - b - c", "(a - b) - c"));
    CHECK_FALSE(same("a - b - c", "a - (b - c)"));
    CHECK(same("a * b % 2 = 0", "((a * b) % 2) = 0"));
    CHECK(same("x + 1 > y * 2", "((x + 1) > (y * 2))"));
    CHECK(same("a || b = c", "(a || b) = c"));
    CHECK(same("-a * b", "(-a) * b"));
    CHECK(pg_same("x > -1", "(x > '-1'::integer)"));  // PostgreSQL stores a negative constant as a string
    CHECK(same("a - -1", "a - (-1)"));
    CHECK_FALSE(same("a - -1", "a - 1"));
}

TEST_CASE("fingerprint: NOT") {
    CHECK(same("NOT a > 0 AND b > 0", "(NOT (a > 0)) AND (b > 0)"));
    CHECK_FALSE(same("NOT a > 0 AND b > 0", "NOT (a > 0 AND b > 0)"));
    CHECK(same("NOT (a > 0 AND b > 0)", "(NOT ((a > 0) AND (b > 0)))"));
    CHECK(same("a IS NOT NULL", "(a IS NOT NULL)"));
    CHECK(same("a NOTNULL", "a IS NOT NULL"));
    CHECK(same("a ISNULL", "a IS NULL"));
    CHECK(pg_same("x NOT IN (1, 2)", "(x <> ALL (ARRAY[1, 2]))"));
    CHECK(same("x NOT BETWEEN 1 AND 5", "((x < 1) OR (x > 5))"));
    CHECK(pg_same("name NOT LIKE 'a%'", "((name)::text !~~ 'a%'::text)"));
    CHECK(same("a != b", "a <> b"));
}

TEST_CASE("fingerprint: casts") {
    CHECK(pg_same("status = 'active'", "((status)::text = 'active'::character varying(20))"));
    CHECK(pg_same("x", "x::timestamp with time zone"));
    CHECK(pg_same("tags", "tags::text[]"));
    CHECK(same("CAST(n AS INTEGER) > 0", "n > 0"));
    CHECK(pg_same("(a + b)::numeric(10,2) > 1", "a + b > 1"));
    CHECK_FALSE(pg_same("(a + b)::int * 2", "a + b * 2"));
    CHECK(pg_same("d > DATE '2024-01-01'", "(d > '2024-01-01'::date)"));
}

TEST_CASE("fingerprint: nested function calls") {
    CHECK(pg_same("length(lower(name)) > 0", "(length(lower((name)::text)) > 0)"));
    CHECK_FALSE(same("length(lower(name)) > 0", "lower(length(name)) > 0"));
    CHECK(same("coalesce(a, b + 1) >= 0", "(COALESCE(a, (b + 1)) >= 0)"));
    CHECK_FALSE(same("coalesce(a, b) + 1 >= 0", "coalesce(a, b + 1) >= 0"));
    CHECK(same("count(*)", "COUNT(*)"));
    CHECK(pg_same("CASE WHEN a > 0 THEN 'p' ELSE 'n' END = 'p'",
                  "(CASE WHEN (a > 0) THEN 'p'::text ELSE 'n'::text END = 'p'::text)"));
}

TEST_CASE("fingerprint: spellings that stay different") {
    CHECK_FALSE(same("name = 'A'", "name = 'a'"));
    CHECK(same("\"Name\" = 'A'", "name = 'A'"));
    CHECK(same("x >= 1.50", "x >= 1.5"));
    CHECK(same("x >= 007", "x >= 7"));
    CHECK_FALSE(same("10", "1"));
    CHECK(same("s IN ('a')", "s = 'a'"));
    CHECK(same("p BETWEEN 0 AND 10", "((p >= 0) AND (p <= 10))"));
}

TEST_CASE("fingerprint: garbage is compared by its tokens and never throws") {
    for (const char* g : {"(a", "a >", "'unterminated", "\"x", "::", "((((", ")", "SELECT 1 FROM t", "a b c", "--",
                          "/* x", "1e", "x::", "case when", "cast(x as", "array[", "f(,)", "$1 + @x"}) {
        INFO(g);
        std::string a;
        CHECK_NOTHROW(a = expr_fingerprint(g));
        auto b = expr_fingerprint(a);
        CHECK(expr_fingerprint(b) == b);
    }
    CHECK(same("SELECT  1 FROM t", "select 1 from t"));
    CHECK_FALSE(same("a b (c)", "a b c"));
    std::string deep(5000, '(');
    CHECK_NOTHROW(expr_fingerprint(deep + "a" + std::string(5000, ')')));
}

TEST_CASE("fingerprint: PostgreSQL's spellings are its dialect's, not diff's") {
    // Without the dialect's form they are other text; with it, the file's SQL.
    CHECK_FALSE(same("s IN ('a', 'b')", "(s = ANY (ARRAY['a'::text, 'b'::text]))"));
    CHECK(pg_same("s IN ('a', 'b')", "(s = ANY (ARRAY['a'::text, 'b'::text]))"));
    CHECK_FALSE(same("name LIKE 'a%'", "(name ~~ 'a%')"));
    CHECK(pg_same("name LIKE 'a%'", "((name)::text ~~ 'a%'::text)"));
    CHECK(pg_same("name ILIKE 'a%'", "((name)::text ~~* 'a%'::text)"));
    CHECK(pg_same("name NOT ILIKE 'a%'", "((name)::text !~~* 'a%'::text)"));
    CHECK_FALSE(pg_same("name LIKE 'a%'", "((name)::text ~~* 'a%'::text)"));
    // varchar columns: the cast wraps the column and the array in parentheses.
    CHECK(pg_same("s IN ('a', 'b')",
                  "((s)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))"));
    CHECK_FALSE(pg_same("s IN ('a', 'b')", "(s = ANY (ARRAY['a'::text, 'c'::text]))"));
    CHECK_FALSE(pg_same("s IN ('a', 'b')", "(s <> ALL (ARRAY['a'::text, 'b'::text]))"));
    CHECK(pg_same("n IN (1, -2)", "(n = ANY (ARRAY[1, '-2'::integer]))"));
    // An array column compared with ANY is not an IN list.
    CHECK(pg_same("x = ANY (tags)", "(x = ANY (tags))"));
    CHECK_FALSE(pg_same("x = ANY (tags)", "x IN (tags)"));
    // The form is the dialect's: PostgreSQL has one, SQLite and MariaDB none.
    CHECK(schemactl::make_dialect("postgres")->expression_form() != nullptr);
    CHECK(schemactl::make_dialect("sqlite")->expression_form() == nullptr);
    CHECK(schemactl::make_dialect("mysql")->expression_form() == nullptr);
}

TEST_CASE("fingerprint: PostgreSQL's form keeps a fingerprint stable") {
    for (const char* e :
         {"(s = ANY (ARRAY['a'::text, 'b'::text]))", "((name)::text !~~ 'a%'::text)", "x = ANY (ARRAY[]::integer[])",
          "x = any (array[1", "a::", "::", "x <> ALL ((ARRAY[1, 2]))"}) {
        INFO(e);
        auto a = expr_fingerprint(e, schemactl::pg::expression_form);
        CHECK(expr_fingerprint(a, schemactl::pg::expression_form) == a);
    }
}
