// The database clients' own environment (issue 15, docs/commands.md
// "Database URLs"): on PostgreSQL, libpq's PG* variables fill what the URL
// leaves out and ~/.pgpass (or PGPASSFILE) gives the password, as for psql;
// on MariaDB, MYSQL_PWD gives the password and option files (~/.my.cnf) are
// not read, so a stray option file cannot redirect a run. The role
// schemactl_pw is the one scripts/services.sh makes give a password.
#include <sys/stat.h>
#include <catch2/catch.hpp>
#include <filesystem>

#include "config/database_url.hpp"
#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;

namespace {

// Each run gets an empty HOME and none of the variables under test, so
// that the developer's own files and settings play no part.
std::map<std::string, std::string> clean_env(const std::string& home) {
    std::map<std::string, std::string> env{{"HOME", home}};
    for (const char* k : {"PGHOST", "PGPORT", "PGUSER", "PGDATABASE", "PGPASSWORD", "PGPASSFILE", "PGSERVICE",
                          "MYSQL_PWD", "MYSQL_HOST", "MYSQL_TCP_PORT"})
        env[k] = "";
    return env;
}

}  // namespace

TEST_CASE("PostgreSQL: PG* variables and .pgpass work as they do for psql", "[client_env]") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "pgenv");
    DatabaseUrl u = parse_database_url(db.url());
    const std::string port = std::to_string(u.port);
    std::string home = db.dir() + "/home";
    std::filesystem::create_directories(home);
    db.exec("DO $$ BEGIN CREATE ROLE schemactl_pw LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
    db.exec("ALTER ROLE schemactl_pw PASSWORD 'pw-from-pgpass-7'");

    SECTION("the URL leaves out host, port, user: PGHOST, PGPORT, PGUSER fill them") {
        auto env = clean_env(home);
        env["PGHOST"] = u.host;
        env["PGPORT"] = port;
        env["PGUSER"] = u.user;
        RunResult r = run({"ping", "--db", "postgres:///" + u.database}, "", env);
        INFO(r.err);
        CHECK(r.code == 0);
        CHECK(r.out.rfind("postgres ", 0) == 0);
        // Without them libpq's defaults apply (a Unix socket): no server there.
        RunResult none = run({"ping", "--db", "postgres:///" + u.database}, "", clean_env(home));
        CHECK(none.code == 1);
    }
    const std::string pw_url = "postgres://schemactl_pw@" + u.host + ":" + port + "/" + u.database;
    SECTION("a role with a password: ~/.pgpass, PGPASSFILE, PGPASSWORD") {
        RunResult without = run({"ping", "--db", pw_url}, "", clean_env(home));
        CHECK(without.code == 1);
        CHECK(without.err.find("password") != std::string::npos);

        std::string line = u.host + ":" + port + ":*:schemactl_pw:pw-from-pgpass-7\n";
        write_file(home + "/.pgpass", line);
        chmod((home + "/.pgpass").c_str(), 0600);  // libpq ignores a file others can read
        RunResult pgpass = run({"ping", "--db", pw_url}, "", clean_env(home));
        INFO(pgpass.err);
        CHECK(pgpass.code == 0);
        CHECK(pgpass.out.find("pw-from-pgpass-7") == std::string::npos);

        std::string other = write_file(db.dir() + "/passfile", line);
        chmod(other.c_str(), 0600);
        std::filesystem::remove(home + "/.pgpass");
        auto env = clean_env(home);
        env["PGPASSFILE"] = other;
        CHECK(run({"ping", "--db", pw_url}, "", env).code == 0);

        // PGPASSWORD comes before the file, as in libpq: a wrong one fails.
        env["PGPASSWORD"] = "wrong-password";
        RunResult wrong = run({"ping", "--db", pw_url}, "", env);
        CHECK(wrong.code == 1);
        CHECK(wrong.err.find("wrong-password") == std::string::npos);
        env["PGPASSWORD"] = "pw-from-pgpass-7";
        CHECK(run({"ping", "--db", pw_url}, "", env).code == 0);
    }
}

TEST_CASE("MariaDB: MYSQL_PWD gives the password, option files are not read", "[client_env]") {
    REQUIRE_SERVER("mysql");
    TestDb db("mysql", "myenv");
    std::string home = db.dir() + "/home";
    std::filesystem::create_directories(home);
    MysqlUser user(db, "pw", "ALL", "IDENTIFIED BY 'pw-my-9'");
    const std::string& url = user.url();

    RunResult without = run({"ping", "--db", url}, "", clean_env(home));
    CHECK(without.code == 1);
    CHECK(without.err.find("Access denied") != std::string::npos);

    auto env = clean_env(home);
    env["MYSQL_PWD"] = "pw-my-9";
    RunResult with = run({"ping", "--db", url}, "", env);
    INFO(with.err);
    CHECK(with.code == 0);

    // An option file with the right password is not read (documented): the
    // URL, --password-file and MYSQL_PWD are the only sources.
    write_file(home + "/.my.cnf", "[client]\npassword=pw-my-9\n");
    CHECK(run({"ping", "--db", url}, "", clean_env(home)).code == 1);
    // Nor one that would send the run elsewhere.
    write_file(home + "/.my.cnf", "[client]\nport=1\nhost=192.0.2.1\nuser=nobody_here\n");
    CHECK(run({"ping", "--db", db.url()}, "", clean_env(home)).code == 0);
}
