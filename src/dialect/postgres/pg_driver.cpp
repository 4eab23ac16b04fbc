#include "dialect/postgres/pg_driver.hpp"

#include <algorithm>
#include <charconv>

#include "dialect/postgres/pg_connection.hpp"
#include "dialect/postgres/pg_inspect.hpp"
#include "schema/error.hpp"

namespace schemactl::pg {

namespace {

// pg_advisory_xact_lock key: "schemactl" folded into 63 bits, fixed forever.
constexpr long long kLockKey = 0x736368656d61LL;

class PgDriver final : public Driver {
public:
    PgDriver(const DatabaseUrl& url, std::map<std::string, std::string>* domains)
        : Driver(*find_flavour("postgresql")), conn_(url), domains_(domains) {}

    Connection& connection() override { return conn_; }

    Schema inspect() override {
        if (domains_) domains_->clear();
        return inspect_schema(conn_, domains_);
    }

    void begin(const ApplyOptions& opts) override {
        const std::string timeout = "lock_timeout = '" + std::to_string(std::max(opts.lock_timeout_ms, 0)) + "ms'";
        // An engine that commits each DDL statement on its own (Flavour): no
        // transaction to open, the session's run lock (if any) is the bracket.
        if (!flavour().transactional_ddl) return conn_.exec("SET " + timeout);
        conn_.exec("BEGIN");
        try {
            conn_.exec("SET LOCAL " + timeout);
            // One key for every schemactl run on this database; released at COMMIT / ROLLBACK.
            if (flavour().advisory_lock) conn_.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kLockKey) + ")");
        } catch (const Error&) {
            bool timed_out = conn_.last_sqlstate() == "55P03";
            rollback();
            if (timed_out) lock_held(opts);
            throw;
        }
    }
    // The session-level twin of begin()'s transaction lock (same key; a session
    // that holds one is always granted the other).
    void lock_run(const ApplyOptions& opts) override {
        if (!flavour().advisory_lock) return;  // its advisory locks keep nothing apart (Flavour)
        conn_.exec("SET lock_timeout = '" + std::to_string(std::max(opts.lock_timeout_ms, 0)) + "ms'");
        try {
            conn_.exec("SELECT pg_advisory_lock(" + std::to_string(kLockKey) + ")");
        } catch (const Error&) {
            if (conn_.last_sqlstate() == "55P03") lock_held(opts);
            throw;
        }
        conn_.exec("RESET lock_timeout");
    }
    void commit() override {
        if (flavour().transactional_ddl) conn_.exec("COMMIT");
    }
    void rollback() override {
        if (!flavour().transactional_ddl) return;
        try {
            conn_.exec("ROLLBACK");
        } catch (...) {
        }
    }
    std::size_t lock_capacity() override {
        auto r = conn_.query(
            "SELECT current_setting('max_locks_per_transaction')::bigint * "
            "(current_setting('max_connections')::bigint + current_setting('max_prepared_transactions')::bigint)");
        std::size_t n = 0;
        if (!r.rows.empty() && r.rows[0][0]) {
            const auto& s = *r.rows[0][0];
            std::from_chars(s.data(), s.data() + s.size(), n);
        }
        return n;
    }
    // One query on PostgreSQL and its derivatives: version() names
    // CockroachDB and YugabyteDB; Citus is an extension, Aurora a function
    // (its version() is PostgreSQL's own), read from the catalog so that a
    // server without them answers too. A second query only on Aurora.
    EngineFacts engine_facts() override {
        EngineFacts f;
        f.dialect = "postgres";
        ResultSet r;
        try {
            r = conn_.query(
                "SELECT version(), "
                "(SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'citus'), "
                "EXISTS (SELECT 1 FROM pg_catalog.pg_proc WHERE proname = 'aurora_version')");
        } catch (const Error&) {
            // A derivative whose catalog lacks one of these: version() still tells.
            r = conn_.query("SELECT version()");
        }
        if (r.rows.empty()) return f;
        const Row& row = r.rows[0];
        f.version = row[0].value_or("");
        if (row.size() > 1 && row[1]) f.settings["extension.citus"] = *row[1];
        if (row.size() > 2 && row[2].value_or("f") == "t") {
            f.settings["function.aurora_version"] = "yes";
            try {
                auto a = conn_.query("SELECT aurora_version()");
                if (!a.rows.empty() && a.rows[0][0]) f.settings["aurora_version"] = *a.rows[0][0];
            } catch (const Error&) {
            }
        }
        return f;
    }

private:
    [[noreturn]] void lock_held(const ApplyOptions& opts) {
        throw Error("another schemactl run holds the lock on " + conn_.database() + " (" + conn_.redacted_url() +
                    "); try again when it has finished (waited " + std::to_string(opts.lock_timeout_ms) +
                    " ms, [safety] lock_timeout)");
    }

    PgConnection conn_;
    std::map<std::string, std::string>* domains_;
};

}  // namespace

std::unique_ptr<Driver> make_driver(const DatabaseUrl& url, std::map<std::string, std::string>* domains) {
    return std::make_unique<PgDriver>(url, domains);
}

}  // namespace schemactl::pg
