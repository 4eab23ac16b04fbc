#pragma once
// Shared by the integration tests: real databases (an SQLite file, a database
// on the PostgreSQL and MariaDB servers scripts/services.sh starts) and a
// runner for the schemactl binary.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dialect/connection.hpp"
#include "dialect/dialect.hpp"

namespace schemactl::test {

// The databases to run each parameterized test on: "sqlite" always,
// "postgres" / "mysql" when SCHEMACTL_TEST_PG_URL / SCHEMACTL_TEST_MYSQL_URL
// are set. With CI=true a missing server URL is a test failure, not a skip.
std::vector<std::string> database_kinds();

// A fresh, empty database of one kind, dropped again by the destructor.
class TestDb {
public:
    TestDb(const std::string& kind, const std::string& tag);
    ~TestDb();
    TestDb(const TestDb&) = delete;
    TestDb& operator=(const TestDb&) = delete;

    const std::string& kind() const { return kind_; }
    const std::string& url() const { return url_; }  // for --db
    const std::string& dir() const { return dir_; }  // a scratch folder for files
    Driver& driver();                                // an open connection to it
    Connection& conn() { return driver().connection(); }
    const Dialect& dialect() const { return *dialect_; }
    void exec(const std::string& sql) { conn().exec(sql); }
    std::vector<Row> rows(const std::string& sql) { return conn().query(sql).rows; }
    std::string scalar(const std::string& sql);  // first column of first row ("NULL" for null)
    Schema inspect() { return driver().inspect(); }

private:
    std::string kind_, url_, name_, dir_;
    std::unique_ptr<Dialect> dialect_;
    std::unique_ptr<Driver> db_;
};

struct RunResult {
    int code = -1;
    std::string out, err;
};

// Runs the schemactl binary (SCHEMACTL_BIN, else the one built with the
// tests) with args, feeding `input` on stdin (not a terminal), in `cwd`.
// env {"SCHEMACTL_TEST_RUN_AS_NOBODY", "1"} runs it as user nobody when root.
RunResult run(const std::vector<std::string>& args, const std::string& input = "",
              const std::map<std::string, std::string>& env = {}, const std::string& cwd = "");

std::string source_dir();
std::string write_file(const std::string& path, const std::string& text);  // returns path
std::string read_file(const std::string& path);

}  // namespace schemactl::test

namespace schemactl::test {

// Appends "database | what was tried | what happened" to the file named by
// SCHEMACTL_RELIABILITY_REPORT (scripts/reliability.sh turns it into
// docs/reliability.md). Does nothing when the variable is unset.
void record_outcome(const std::string& kind, const std::string& tried, const std::string& outcome);

}  // namespace schemactl::test

// First line of a test case that needs one server ("postgres" or "mysql"):
// returns from the case with a visible warning when the server is not there,
// and fails under CI=true. The skipped case asserts nothing, so a run with
// `-w NoAssertions` (scripts/test.sh) reports it as well.
#define REQUIRE_SERVER(kind)                                    \
    do {                                                        \
        if (!::schemactl::test::server_available(kind)) return; \
    } while (0)

namespace schemactl::test {

// True when the tests run on `kind` (database_kinds(): with CI=true a missing
// server is a failure there, not a silent skip here). Test cases for one
// server start with REQUIRE_SERVER instead: its skip is visible.
bool has_database(const std::string& kind);

// For REQUIRE_SERVER. True when `kind` is among database_kinds(). Otherwise:
// with CI=true a FAIL naming the missing server (CI runs every server); without
// it, or when SCHEMACTL_TEST_ONLY chose another database, a WARN that the case
// was skipped, then false.
bool server_available(const std::string& kind);

// A table with an int key `id` and one nullable column, as TOML, for the
// hostile_* tests. `column_extra` / `table_extra` are added TOML lines.
std::string one_column_toml(const std::string& table, const std::string& column, const std::string& type,
                            const std::string& column_extra = "", const std::string& table_extra = "");

// Every row's value of one column as the database prints it, in id order:
// "1=abc,2=NULL,".
std::string values_by_id(TestDb& db, const std::string& table, const std::string& column);

// Loads a DDL file into the test database with the database's own client
// (sqlite3, psql, mariadb), the way a user's database was made; returns the
// client's exit code (its output is in <db.dir()>/client.log).
int load_with_client(const TestDb& db, const std::string& file);

// A MariaDB user for one test, named for the test process (the two test
// halves share one server), dropped at the end: created with `options`
// (e.g. "IDENTIFIED BY 'pw'", "WITH MAX_USER_CONNECTIONS 1") and granted
// `privileges` on the test database. url() connects as it, no password.
class MysqlUser {
public:
    MysqlUser(TestDb& db, const std::string& tag, const std::string& privileges, const std::string& options = "");
    ~MysqlUser();
    MysqlUser(const MysqlUser&) = delete;
    MysqlUser& operator=(const MysqlUser&) = delete;
    void grant(const std::string& privileges);
    const std::string& name() const { return name_; }
    const std::string& url() const { return url_; }

private:
    TestDb& db_;
    std::string name_, database_, url_;
};

// A MariaDB global variable set to `value` (SQL: 4000, 'A,B') for a
// scope, then put back to what it was, however the scope ends.
class GlobalSetting {
public:
    GlobalSetting(TestDb& db, std::string name, const std::string& value);
    ~GlobalSetting();
    GlobalSetting(const GlobalSetting&) = delete;
    GlobalSetting& operator=(const GlobalSetting&) = delete;

private:
    TestDb& db_;
    std::string name_, old_;
};

// The files of a folder in name order, each after a "== name" line, comment
// lines left out (a database made from the files lacks what the "# not
// managed" notes name, by design): two inspections compare equal.
std::string folder_text(const std::string& dir);

}  // namespace schemactl::test
