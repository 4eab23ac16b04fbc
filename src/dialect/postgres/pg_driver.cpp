#include "dialect/postgres/pg_driver.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <thread>

#include "dialect/postgres/pg_connection.hpp"
#include "dialect/postgres/pg_inspect.hpp"
#include "dialect/postgres/pg_types.hpp"
#include "schema/error.hpp"

namespace schemactl::pg {

namespace {

// pg_advisory_xact_lock key: "schemactl" folded into 63 bits, fixed forever.
constexpr long long kLockKey = 0x736368656d61LL;
// Pauses between lock attempts: 50 ms, doubling, at most 1 s (the lock
// queue is left to the applications meanwhile).
constexpr int kFirstPauseMs = 50;
constexpr int kMaxPauseMs = 1000;

// Short lock attempts apply when they are shorter than the whole bound.
bool retries_locks(const ApplyOptions& o) { return o.lock_attempt_ms > 0 && o.lock_attempt_ms < o.lock_timeout_ms; }

int ms_since(std::chrono::steady_clock::time_point t0) {
    return static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count());
}

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
        in_tx_ = true;
        savepoint_ = false;
        lock_ms_ = opts.lock_timeout_ms;
        if (retries_locks(opts)) set_lock_ms(opts.lock_attempt_ms);
    }
    // A step that times out waiting for a lock is rolled back to its
    // savepoint (the transaction and the steps before it stay), pauses, and
    // runs again, until lock_timeout is spent. The savepoint rides on the
    // step's first statement, and is released by the next step's: no extra
    // round trip.
    void run_step(const std::vector<std::string>& sql, const std::string& table, const ApplyOptions& opts,
                  std::size_t& ran) override {
        if (!in_tx_ || !retries_locks(opts) || sql.empty()) return Driver::run_step(sql, table, opts, ran);
        const auto t0 = std::chrono::steady_clock::now();
        int pause = kFirstPauseMs;
        std::string head = savepoint_ ? "RELEASE SAVEPOINT schemactl_step; SAVEPOINT schemactl_step; "
                                      : "SAVEPOINT schemactl_step; ";
        for (int attempt = 1;; ++attempt) {
            try {
                for (ran = 0; ran < sql.size(); ++ran) conn_.exec(ran == 0 ? head + sql[0] : sql[ran]);
                savepoint_ = true;
                if (lock_ms_ != opts.lock_attempt_ms) set_lock_ms(opts.lock_attempt_ms);
                return;
            } catch (const Error&) {
                if (conn_.last_sqlstate() != "55P03") throw;
            }
            conn_.exec("ROLLBACK TO SAVEPOINT schemactl_step");  // kept: the next attempt needs no new one
            savepoint_ = true;
            head.clear();
            int left = opts.lock_timeout_ms - ms_since(t0);
            if (left <= 0) lock_given_up(table, attempt, ms_since(t0), opts);
            std::this_thread::sleep_for(std::chrono::milliseconds(std::min(pause, left)));
            pause = std::min(pause * 2, kMaxPauseMs);
            left = opts.lock_timeout_ms - ms_since(t0);
            set_lock_ms(std::max(1, std::min(opts.lock_attempt_ms, left)));
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
        in_tx_ = false;
        if (flavour().transactional_ddl) conn_.exec("COMMIT");
    }
    void rollback() override {
        in_tx_ = false;
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
    void set_lock_ms(int ms) {
        conn_.exec("SET LOCAL lock_timeout = '" + std::to_string(ms) + "ms'");
        lock_ms_ = ms;
    }
    // Who holds a lock on `table` now (the step's own table; a step may also
    // wait on another, such as a foreign key's parent), for the report.
    std::string lock_holders(const std::string& table) {
        ResultSet r = conn_.query(
            "SELECT DISTINCT a.pid, coalesce(a.application_name, ''), coalesce(a.state, ''), "
            "coalesce(to_char(a.query_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS \"UTC\"'), ''), l.mode "
            "FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.granted AND l.locktype = 'relation' AND l.pid <> pg_backend_pid() AND l.database = "
            "(SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database()) AND l.relation = "
            "to_regclass(" +
            quote_literal(quote_ident(table)) + ") ORDER BY 1 LIMIT 5");
        std::string out;
        for (const auto& row : r.rows)
            out += fmt::format("{}pid {} (application_name '{}', state '{}', query started {}, holds {})",
                               out.empty() ? "" : "; ", row[0].value_or("?"), row[1].value_or(""), row[2].value_or(""),
                               row[3].value_or(""), row[4].value_or(""));
        return out;
    }
    [[noreturn]] void lock_given_up(const std::string& table, int attempts, int waited_ms, const ApplyOptions& opts) {
        std::string holders = lock_holders(table);
        throw Error(fmt::format(
            "could not get a lock on {} in {} attempts of at most {} ms over {} ms ([safety] lock_attempt, "
            "lock_timeout): {}; try again when that session has finished",
            table, attempts, opts.lock_attempt_ms, waited_ms,
            holders.empty()
                ? "no session holds a lock on " + table + " now (the step also waits on the tables it references)"
                : "held by " + holders));
    }
    [[noreturn]] void lock_held(const ApplyOptions& opts) {
        throw Error("another schemactl run holds the lock on " + conn_.database() + " (" + conn_.redacted_url() +
                    "); try again when it has finished (waited " + std::to_string(opts.lock_timeout_ms) +
                    " ms, [safety] lock_timeout)");
    }

    PgConnection conn_;
    std::map<std::string, std::string>* domains_;
    bool in_tx_ = false;      // inside begin() … commit() / rollback()
    bool savepoint_ = false;  // schemactl_step exists in the transaction
    int lock_ms_ = 0;         // lock_timeout set in the transaction
};

}  // namespace

std::unique_ptr<Driver> make_driver(const DatabaseUrl& url, std::map<std::string, std::string>* domains) {
    return std::make_unique<PgDriver>(url, domains);
}

}  // namespace schemactl::pg
