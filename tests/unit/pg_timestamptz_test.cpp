// PostgreSQL timestamptz defaults: compared in UTC, the zone schemactl sets.
#include <catch2/catch.hpp>

#include "dialect/postgres/pg_types.hpp"

using schemactl::pg::utc_timestamptz;

// Regression: a timestamptz default without an offset read back as
// '...+00' and showed as a change after every sync.
TEST_CASE("postgres: timestamptz literal defaults are compared in UTC, as the server prints them") {
    CHECK(utc_timestamptz("2024-01-01 00:00:00") == "2024-01-01 00:00:00+00");
    CHECK(utc_timestamptz("2024-01-01") == "2024-01-01 00:00:00+00");
    CHECK(utc_timestamptz("2024-01-01T10:30") == "2024-01-01 10:30:00+00");
    CHECK(utc_timestamptz("2024-01-01 01:00:00+02") == "2023-12-31 23:00:00+00");
    CHECK(utc_timestamptz("2024-03-01 23:30:00-01:30") == "2024-03-02 01:00:00+00");
    CHECK(utc_timestamptz("2024-01-01 00:00:00.250Z") == "2024-01-01 00:00:00.25+00");
    CHECK(utc_timestamptz("2024-01-01 00:00:00.000") == "2024-01-01 00:00:00+00");
    CHECK(utc_timestamptz("now") == "now");
    CHECK(utc_timestamptz("2024-02-30 00:00:00") == "2024-02-30 00:00:00");
}
