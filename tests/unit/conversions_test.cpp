// The rule table of lossy type changes (apply/conversions.hpp): which pairs
// are checked, and that the SQL finds what docs/safety.md says it finds.
#include <catch2/catch.hpp>

#include "apply/conversions.hpp"
#include "dialect/dialect.hpp"

using namespace schemactl;

namespace {

Column col(const std::string& type, std::vector<std::string> values = {}) {
    Column c;
    c.name = std::string(1, 'v');  // not = "v": GCC 12 -Wrestrict false positive
    c.type = type;
    c.enum_values = std::move(values);
    return c;
}

Conversion conv(const std::string& dialect, const Column& from, const Column& to) {
    auto d = make_dialect(dialect);
    return conversion(*d, from, to, d->quote_ident("v"));
}

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("postgres: widening conversions need no check") {
    CHECK(conv("postgres", col("integer"), col("bigint")).empty());
    CHECK(conv("postgres", col("smallint"), col("numeric(10,2)")).empty());
    CHECK(conv("postgres", col("numeric(10,2)"), col("numeric(12,3)")).empty());
    CHECK(conv("postgres", col("character varying(5)"), col("character varying(10)")).empty());
    CHECK(conv("postgres", col("character varying(5)"), col("text")).empty());
    CHECK(conv("postgres", col("real"), col("double precision")).empty());
    CHECK(conv("postgres", col("date"), col("timestamp without time zone")).empty());
    CHECK(conv("postgres", col("jsonb"), col("json")).empty());
    CHECK(conv("postgres", col("timestamp without time zone"), col("text")).empty());
    // Labels appended to an enum
    CHECK(conv("postgres", col("t_v", {"a", "b"}), col("t_v", {"a", "b", "c"})).empty());
}

TEST_CASE("postgres: lossy conversions get a predicate") {
    auto dec = conv("postgres", col("numeric(10,2)"), col("numeric(10,1)"));
    REQUIRE_FALSE(dec.empty());
    CHECK(has(dec.lost, "\"v\" IS NOT NULL AND"));
    CHECK(has(dec.lost, "abs(round(\"v\"::numeric, 1)) < 1000000000"));
    CHECK(has(dec.lost, "((\"v\")::numeric(10,1))::numeric(10,2)::text IS DISTINCT FROM \"v\"::text"));
    CHECK(has(dec.reason, "round to 1 decimals"));

    auto narrow = conv("postgres", col("bigint"), col("integer"));
    CHECK(has(narrow.lost, "\"v\" BETWEEN -2147483648 AND 2147483647"));
    auto frac = conv("postgres", col("double precision"), col("smallint"));
    CHECK(has(frac.lost, "round(\"v\") BETWEEN -32768 AND 32767"));

    auto date = conv("postgres", col("timestamp without time zone"), col("date"));
    CHECK(has(date.lost, "::date)::timestamp without time zone::text"));
    CHECK(has(date.reason, "time of day"));
    auto time = conv("postgres", col("timestamp with time zone"), col("time without time zone"));
    CHECK(has(time.lost, "TRUE"));
    CHECK(has(time.reason, "date part"));
    auto tz = conv("postgres", col("timestamp with time zone"), col("timestamp without time zone"));
    CHECK_FALSE(tz.empty());

    auto len = conv("postgres", col("text"), col("character varying(5)"));
    CHECK(has(len.lost, "char_length(\"v\"::text) > 5"));
    CHECK(has(len.reason, "values longer than 5 characters"));
    auto pad = conv("postgres", col("character varying(10)"), col("character(10)"));
    CHECK(has(pad.lost, "rtrim"));

    auto parse = conv("postgres", col("character varying(20)"), col("integer"));
    CHECK(has(parse.lost, "btrim(\"v\") ~ '^[-+]?[0-9]+$'"));
    CHECK(parse.may_error);
    auto json = conv("postgres", col("text"), col("json"));
    CHECK(json.may_error);
    auto jsonb = conv("postgres", col("json"), col("jsonb"));
    CHECK(has(jsonb.lost, "json_object_keys"));

    auto boolean = conv("postgres", col("integer"), col("boolean"));
    CHECK(has(boolean.lost, "\"v\" NOT IN (0, 1)"));
    auto real = conv("postgres", col("double precision"), col("real"));
    CHECK(has(real.lost, "3.4e38"));
}

TEST_CASE("postgres: a removed enum label is checked, also without a type change") {
    auto c = conv("postgres", col("t_v", {"a", "b", "c"}), col("t_v", {"a", "b"}));
    CHECK(has(c.lost, "\"v\"::text NOT IN ('a', 'b')"));
    CHECK(has(c.reason, "removes ('c')"));
    auto from_text = conv("postgres", col("text"), col("t_v", {"a"}));
    CHECK(has(from_text.lost, "\"v\" NOT IN ('a')"));
}

TEST_CASE("mysql: rules") {
    CHECK(conv("mysql", col("int"), col("bigint")).empty());
    CHECK(conv("mysql", col("smallint unsigned"), col("int")).empty());
    CHECK(conv("mysql", col("varchar(5)"), col("varchar(10)")).empty());
    CHECK(conv("mysql", col("varchar(5)"), col("longtext")).empty());
    CHECK(conv("mysql", col("date"), col("datetime")).empty());
    CHECK(conv("mysql", col("float"), col("double")).empty());
    CHECK(conv("mysql", col("enum", {"a"}), col("enum", {"a", "b"})).empty());

    auto dec = conv("mysql", col("decimal(10,2)"), col("decimal(10,1)"));
    CHECK(has(dec.lost, "`v` <> ROUND(`v`, 1)"));
    CHECK(has(dec.lost, "ABS(ROUND(`v`, 1)) >= 1000000000"));
    CHECK(has(conv("mysql", col("bigint"), col("int")).lost, "`v` NOT BETWEEN -2147483648 AND 2147483647"));
    CHECK(has(conv("mysql", col("int"), col("int unsigned")).lost, "NOT BETWEEN 0 AND 4294967295"));
    CHECK(has(conv("mysql", col("double"), col("int")).lost, "`v` <> ROUND(`v`)"));
    CHECK(has(conv("mysql", col("int"), col("tinyint(1)")).lost, "`v` NOT IN (0, 1)"));
    CHECK(has(conv("mysql", col("datetime"), col("date")).lost, "TIME(`v`) <> '00:00:00'"));
    CHECK(has(conv("mysql", col("datetime"), col("time")).lost, "TRUE"));
    CHECK(has(conv("mysql", col("datetime"), col("timestamp")).lost, "UNIX_TIMESTAMP(`v`)"));
    CHECK(has(conv("mysql", col("datetime(6)"), col("datetime")).lost, "CAST(`v` AS DATETIME(0))"));
    CHECK(has(conv("mysql", col("text"), col("varchar(5)")).lost, "CHAR_LENGTH(`v`) > 5"));
    CHECK(has(conv("mysql", col("varchar(10)"), col("char(10)")).lost, "RTRIM"));
    CHECK(has(conv("mysql", col("longtext"), col("json")).lost, "NOT JSON_VALID(`v`)"));
    CHECK(has(conv("mysql", col("varchar(20)"), col("int")).lost, "REGEXP"));
    CHECK(has(conv("mysql", col("double"), col("float")).lost, "CAST(CAST(`v` AS FLOAT) AS DOUBLE) <> `v`"));
    auto en = conv("mysql", col("enum", {"a", "b", "c"}), col("enum", {"a", "c"}));
    CHECK(has(en.lost, "BINARY `v` NOT IN (BINARY 'a', BINARY 'c')"));
    CHECK(has(en.reason, "removes ('b')"));
    // A change schemactl has no rule for: every non-NULL row is reported.
    CHECK(has(conv("mysql", col("date"), col("year")).lost, "`v` IS NOT NULL AND (TRUE)"));
}

TEST_CASE("sqlite: only a change of affinity can change a value") {
    CHECK(conv("sqlite", col("TEXT"), col("TEXT")).empty());
    CHECK(conv("sqlite", col("INTEGER"), col("BIGINT")).empty());  // both INTEGER affinity
    CHECK(conv("sqlite", col("INTEGER"), col("BLOB")).empty());
    auto to_int = conv("sqlite", col("REAL"), col("INTEGER"));
    CHECK(has(to_int.lost, "typeof(\"v\") = 'real' AND \"v\" <> CAST(\"v\" AS INTEGER)"));
    CHECK(has(conv("sqlite", col("TEXT"), col("NUMERIC")).lost, "CAST(CAST(\"v\" AS NUMERIC) AS TEXT) <> \"v\""));
    CHECK(has(conv("sqlite", col("INTEGER"), col("REAL")).lost, "CAST(CAST(\"v\" AS REAL) AS INTEGER) <> \"v\""));
    CHECK(has(conv("sqlite", col("REAL"), col("TEXT")).lost, "CAST(CAST(\"v\" AS TEXT) AS REAL) <> \"v\""));
}
