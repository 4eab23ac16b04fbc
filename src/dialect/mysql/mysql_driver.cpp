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
    explicit MysqlDriver(const DatabaseUrl& url) : Driver(*find_flavour("mariadb")), conn_(url) {
        if (!conn_.mariadb()) Driver::use_flavour(*find_flavour("mysql"));
    }
    void use_flavour(const Flavour& f) override {
        Driver::use_flavour(f);
        conn_.set_mariadb(f.mariadb_catalog);
    }

    Connection& connection() override { return conn_; }
    Schema inspect() override { return inspect_schema(conn_); }

    // GET_LOCK is per session and counts: begin() taking it again inside
    // a run that holds it is granted at once, and commit() releases one level.
    void lock_run(const ApplyOptions& opts) override { begin(opts); }
    void begin(const ApplyOptions& opts) override {
        int secs = std::max(1, (opts.lock_timeout_ms + 999) / 1000);
        // An engine whose GET_LOCK keeps nothing apart (Flavour) is not asked.
        if (flavour().advisory_lock) get_lock(secs);
        // DDL waits for metadata locks held by open transactions: bound it too.
        conn_.exec("SET SESSION lock_wait_timeout = " + std::to_string(secs));
    }
    void commit() override {
        if (flavour().advisory_lock) conn_.exec("DO RELEASE_LOCK(" + lock_name() + ")");
    }
    void rollback() override {
        try {
            commit();
        } catch (...) {
        }
    }
    // One query where VERSION() names the engine (MariaDB, TiDB, Vitess,
    // PlanetScale); MySQL and Aurora MySQL report the same VERSION(), so
    // there a second one reads the global variables only Aurora (aurora*)
    // or TiDB with its version string changed (tidb*) have. SHOW with LIKE
    // answers on every server, where @@aurora_version would be an error.
    EngineFacts engine_facts() override {
        EngineFacts f;
        f.dialect = "mysql";
        auto r = conn_.query("SELECT VERSION(), @@version_comment");
        if (!r.rows.empty()) {
            f.version = r.rows[0][0].value_or("");
            if (r.rows[0].size() > 1 && r.rows[0][1]) f.settings["version_comment"] = *r.rows[0][1];
        }
        for (const char* named : {"MariaDB", "TiDB", "Vitess", "PlanetScale"})
            if (f.version.find(named) != std::string::npos) return f;
        try {
            auto v = conn_.query(
                "SHOW GLOBAL VARIABLES WHERE Variable_name LIKE 'aurora%' OR Variable_name LIKE 'tidb%'");
            for (const auto& row : v.rows)
                if (row.size() > 1 && row[0]) f.settings["variable." + *row[0]] = row[1].value_or("");
        } catch (const Error&) {
            // A proxy that does not pass SHOW on: VERSION() is all there is.
        }
        return f;
    }

private:
    void get_lock(int secs) {
        auto r = conn_.query("SELECT GET_LOCK(" + lock_name() + ", " + std::to_string(secs) + ")");
        if (r.rows.empty() || r.rows[0][0].value_or("0") != "1")
            throw Error("another schemactl run holds the lock on " + conn_.database() +
                        "; try again when it has finished (waited " + std::to_string(secs) +
                        " s for GET_LOCK, [safety] lock_timeout)");
    }
    std::string lock_name() { return quote_literal("schemactl:" + conn_.database()); }

    MysqlConnection conn_;
};

}  // namespace

std::unique_ptr<Driver> make_driver(const DatabaseUrl& url) { return std::make_unique<MysqlDriver>(url); }

}  // namespace schemactl::mysql
