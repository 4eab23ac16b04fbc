#pragma once
// One open database: the dialect's own typed connection, and what is done
// over it (inspect, the run lock, the apply bracket). Dialect::connect()
// makes one; the pure half (lower, raise, render, quote) stays in Dialect and
// needs no server.
#include <cstddef>
#include <string>
#include <vector>

#include "dialect/connection.hpp"
#include "dialect/engine.hpp"
#include "dialect/flavour.hpp"
#include "schema/model.hpp"

namespace schemactl {

struct ApplyOptions {
    int lock_timeout_ms = 5000;
    // PostgreSQL: inside the apply transaction, a step waits at most this
    // long for a table lock, is rolled back to its savepoint, pauses and is
    // tried again, until lock_timeout_ms is spent ([safety] lock_attempt,
    // docs/safety.md). 0, or not below lock_timeout_ms: one wait of
    // lock_timeout_ms.
    int lock_attempt_ms = 0;
};

class Driver {
public:
    // `reference`: the flavour a driver assumes until told (use_flavour).
    explicit Driver(const Flavour& reference) : flavour_(&reference) {}
    Driver(const Driver&) = delete;
    Driver& operator=(const Driver&) = delete;
    virtual ~Driver() = default;

    // Plain statements and queries (data checks, the steps themselves).
    virtual Connection& connection() = 0;
    void exec(const std::string& sql) { connection().exec(sql); }
    ResultSet query(const std::string& sql) { return connection().query(sql); }
    // The whole schema in canonical form, in a fixed number of queries.
    virtual Schema inspect() = 0;
    // Held until the connection closes, taken before a changing command
    // plans: a run that had to wait then plans against what the other run
    // left, instead of applying a stale plan. Waits up to lock_timeout.
    virtual void lock_run(const ApplyOptions& opts) = 0;
    // Apply bracket: lock against concurrent runs, then a transaction where
    // the database has transactional DDL (Dialect::transactional_ddl).
    virtual void begin(const ApplyOptions& opts) = 0;
    // Runs the statements of one step inside begin() … commit(), counting in
    // `ran` the statements run in full. PostgreSQL retries a step whose lock
    // wait timed out (ApplyOptions::lock_attempt_ms); `table` is the step's
    // table, named with whoever holds it when the retries are spent.
    virtual void run_step(const std::vector<std::string>& sql, const std::string& table, const ApplyOptions& opts,
                          std::size_t& ran) {
        (void)table;
        (void)opts;
        for (ran = 0; ran < sql.size(); ++ran) connection().exec(sql[ran]);
    }
    virtual void commit() = 0;
    virtual void rollback() = 0;  // must not throw
    // How many relation locks one transaction can hold on this server
    // (PostgreSQL: max_locks_per_transaction × (max_connections +
    // max_prepared_transactions)); 0 = no such limit.
    virtual std::size_t lock_capacity() { return 0; }
    // What detect_engine() needs to tell this server from the engines that
    // speak its protocol, in as few queries as possible; outside the apply
    // bracket. The default (SQLite) leaves `dialect` to the caller
    // (Dialect::name()).
    virtual EngineFacts engine_facts() { return {{}, connection().server_version(), {}}; }
    // The engine's overrides of its dialect (dialect/flavour.hpp): Session
    // sets the one detected, or the URL's flavour=, right after connecting.
    virtual void use_flavour(const Flavour& f) { flavour_ = &f; }
    const Flavour& flavour() const { return *flavour_; }

private:
    const Flavour* flavour_;
};

}  // namespace schemactl
