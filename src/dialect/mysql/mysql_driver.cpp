#include "dialect/mysql/mysql_driver.hpp"

#include <algorithm>

#include "dialect/mysql/mysql_connection.hpp"
#include "dialect/mysql/mysql_inspect.hpp"
#include "dialect/mysql/mysql_types.hpp"
#include "schema/error.hpp"

namespace schemactl::mysql {

namespace {

// DDL commits implicitly: no transaction, a named lock against concurrent runs.
class MysqlDriver final : public Driver {
public:
    explicit MysqlDriver(const DatabaseUrl& url) : conn_(url) {}

    Connection& connection() override { return conn_; }
    Schema inspect() override { return inspect_schema(conn_); }

    // GET_LOCK is per session and counts: begin() taking it again inside
    // a run that holds it is granted at once, and commit() releases one level.
    void lock_run(const ApplyOptions& opts) override { begin(opts); }
    void begin(const ApplyOptions& opts) override {
        int secs = std::max(1, (opts.lock_timeout_ms + 999) / 1000);
        auto r = conn_.query("SELECT GET_LOCK(" + lock_name() + ", " + std::to_string(secs) + ")");
        if (r.rows.empty() || r.rows[0][0].value_or("0") != "1")
            throw Error("another schemactl run holds the lock on " + conn_.database() +
                        "; try again when it has finished (waited " + std::to_string(secs) +
                        " s for GET_LOCK, [safety] lock_timeout)");
        // DDL waits for metadata locks held by open transactions: bound it too.
        conn_.exec("SET SESSION lock_wait_timeout = " + std::to_string(secs));
    }
    void commit() override { conn_.exec("DO RELEASE_LOCK(" + lock_name() + ")"); }
    void rollback() override {
        try {
            commit();
        } catch (...) {
        }
    }

private:
    std::string lock_name() { return quote_literal("schemactl:" + conn_.database()); }

    MysqlConnection conn_;
};

}  // namespace

std::unique_ptr<Driver> make_driver(const DatabaseUrl& url) { return std::make_unique<MysqlDriver>(url); }

}  // namespace schemactl::mysql
