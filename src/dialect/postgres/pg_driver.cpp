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
    PgDriver(const DatabaseUrl& url, std::map<std::string, std::string>* domains) : conn_(url), domains_(domains) {}

    Connection& connection() override { return conn_; }

    Schema inspect() override {
        if (domains_) domains_->clear();
        return inspect_schema(conn_, domains_);
    }

    void begin(const ApplyOptions& opts) override {
        conn_.exec("BEGIN");
        try {
            conn_.exec("SET LOCAL lock_timeout = '" + std::to_string(std::max(opts.lock_timeout_ms, 0)) + "ms'");
            // One key for every schemactl run on this database; released at COMMIT / ROLLBACK.
            conn_.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kLockKey) + ")");
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
        conn_.exec("SET lock_timeout = '" + std::to_string(std::max(opts.lock_timeout_ms, 0)) + "ms'");
        try {
            conn_.exec("SELECT pg_advisory_lock(" + std::to_string(kLockKey) + ")");
        } catch (const Error&) {
            if (conn_.last_sqlstate() == "55P03") lock_held(opts);
            throw;
        }
        conn_.exec("RESET lock_timeout");
    }
    void commit() override { conn_.exec("COMMIT"); }
    void rollback() override {
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
