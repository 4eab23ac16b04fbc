// The targets list of a fleet run (src/fleet/targets.hpp): comments, ${VAR},
// per-line password files, bad lines named file:line, passwords masked.
#include <catch2/catch.hpp>
#include <map>

#include "fleet/targets.hpp"
#include "schema/error.hpp"

using namespace schemactl;

namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
    return [vars](const std::string& name) -> std::optional<std::string> {
        auto it = vars.find(name);
        if (it == vars.end()) return std::nullopt;
        return it->second;
    };
}

std::string error_of(const std::string& text, const EnvLookup& env) {
    try {
        parse_targets(text, "fleet.txt", env);
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("a targets file: comments, blank lines, variables, password files", "[fleet]") {
    auto env = env_of({{"PGHOST", "db1"}, {"PW", "s3cret"}});
    auto t = parse_targets(
        "# tenants\n"
        "\n"
        "sqlite:a.db   # the first\n"
        "postgres://app:${PW}@${PGHOST}:5432/t1\n"
        "  mysql://app@db2/t2 --password-file secrets/t2  \n"
        "mariadb://app@db3/t3 --password-file=/run/t3\n",
        "fleet.txt", env, "/etc/fleet");
    REQUIRE(t.size() == 4);
    CHECK(t[0].url == "sqlite:a.db");
    CHECK(t[0].dialect == "sqlite");
    CHECK(t[0].where == "fleet.txt:3");
    CHECK(t[1].url == "postgres://app:s3cret@db1:5432/t1");
    CHECK(t[1].shown.find("s3cret") == std::string::npos);
    CHECK(t[1].shown.find("***") != std::string::npos);
    CHECK(t[2].password_file == "/etc/fleet/secrets/t2");
    CHECK(t[2].dialect == "mysql");
    CHECK(t[3].password_file == "/run/t3");
}

TEST_CASE("a bad targets line is an error naming file:line, never the password", "[fleet]") {
    auto env = env_of({{"PW", "s3cret"}});
    CHECK(error_of("sqlite:a.db\npostgres://app:${NOPE}@h/db\n", env) ==
          "fleet.txt:2: environment variable NOPE is not set");
    CHECK(error_of("sqlite:a.db\n\nfoo://x\n", env).rfind("fleet.txt:3: ", 0) == 0);
    CHECK(error_of("postgres://app:${PW}@h/db --jobs 3\n", env).rfind("fleet.txt:1: unexpected '--jobs'", 0) == 0);
    CHECK(error_of("postgres://app:${PW@h/db\n", env).rfind("fleet.txt:1: ", 0) == 0);
    CHECK(error_of("sqlite:a.db\nsqlite:a.db\n", env) == "fleet.txt:2: sqlite:a.db is listed twice");
    CHECK(error_of("# nothing\n\n", env) == "fleet.txt: no targets (one database URL a line)");
    // Two URLs that differ only in the password are one target.
    auto e = error_of("postgres://app:${PW}@h/db\npostgres://app:other@h/db\n", env);
    CHECK(e.find("listed twice") != std::string::npos);
    CHECK(e.find("s3cret") == std::string::npos);
    CHECK(e.find("other") == std::string::npos);
}

TEST_CASE("expand_variables", "[fleet]") {
    auto env = env_of({{"A", "1"}, {"B", ""}});
    CHECK(expand_variables("x${A}y${B}z$A", "f:1", env) == "x1yz$A");
    CHECK_THROWS_AS(expand_variables("${A", "f:1", env), Error);
    CHECK_THROWS_AS(expand_variables("${}", "f:1", env), Error);
}
