#include <catch2/catch.hpp>

#include "config/config.hpp"
#include "config/database_url.hpp"
#include "schema/error.hpp"

using namespace schemactl;

TEST_CASE("database URLs") {
    auto u = parse_database_url("postgres://app:s3cret@db.example:6432/prod?sslmode=require&schema=app");
    CHECK(u.scheme == "postgres");
    CHECK(u.user == "app");
    CHECK(u.password == "s3cret");
    CHECK(u.host == "db.example");
    CHECK(u.port == 6432);
    CHECK(u.database == "prod");
    CHECK(u.params.at("sslmode") == "require");
    CHECK(u.redacted() == "postgres://app:***@db.example:6432/prod?schema=app&sslmode=require");
    CHECK(u.redacted().find("s3cret") == std::string::npos);

    auto m = parse_database_url("mariadb://root@127.0.0.1/app?socket=/tmp/x.sock");
    CHECK(m.scheme == "mysql");
    CHECK(m.port == 0);
    CHECK(m.params.at("socket") == "/tmp/x.sock");

    CHECK(parse_database_url("sqlite:app.db").database == "app.db");
    CHECK(parse_database_url("sqlite::memory:").database == ":memory:");
    CHECK(parse_database_url("postgresql://u:p%40ss@h/d").password == "p@ss");
}

TEST_CASE("bad URLs say what is wrong and never echo the password") {
    for (std::string bad : {"oracle://u@h/d", "postgres://u:topsecret@h:99999/d", "nohost", "sqlite:",
                            "postgres:/u:topsecret@h/d", "mysql://u:topsecret@/d"}) {
        try {
            parse_database_url(bad);
            FAIL("accepted " << bad);
        } catch (const Error& e) {
            std::string msg = e.what();
            CHECK(msg.find("topsecret") == std::string::npos);
            CHECK(!msg.empty());
        }
    }
}

TEST_CASE("redact replaces every occurrence") {
    CHECK(redact("password pw and pw", "pw") == "password *** and ***");
    CHECK(redact("nothing", "") == "nothing");
}

TEST_CASE("durations") {
    CHECK(parse_duration_ms("5s") == 5000);
    CHECK(parse_duration_ms("250ms") == 250);
    CHECK(parse_duration_ms("2m") == 120000);
    CHECK_THROWS_AS(parse_duration_ms("soon"), Error);
    CHECK_THROWS_AS(parse_duration_ms("5h"), Error);
}
