#pragma once
// What every command shares: options common to all commands, the resolved
// configuration, the dialect, the connection, the schema files, timings.
#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/config.hpp"
#include "config/database_url.hpp"
#include "dialect/dialect.hpp"
#include "dialect/engine.hpp"
#include "plan/planner.hpp"
#include "schema/model.hpp"
#include "snapshot/snapshot.hpp"

namespace CLI {
class App;
}

namespace schemactl {

struct CommonOptions {
    std::string db;
    std::vector<std::string> schema;
    std::string config;
    std::string password_file;
    bool verbose = false;
    bool timings = false;
    // plan --from-snapshot: the live schema is read from this file, the
    // dialect is the one the file names, and no connection is made.
    std::string from_snapshot;
    // --allow-engine: engines schemactl does not support yet that a
    // changing command may run on anyway (docs/distributed.md).
    std::vector<std::string> allow_engines;
};

// Adds --db, --schema, --config, --password-file, -v, --timings to a command.
void add_common_options(CLI::App& cmd, CommonOptions& o);
// Adds --allow-engine NAME (repeatable) to a command that changes the database.
void add_engine_option(CLI::App& cmd, CommonOptions& o);

class Session {
public:
    explicit Session(const CommonOptions& o);
    ~Session();

    const Config& config() const { return config_; }
    const DatabaseUrl& url() const { return url_; }
    const Dialect& dialect() const { return *dialect_; }
    // Planning from a snapshot file: inspect() returns its schema, and
    // connect() is an error.
    bool offline() const { return snapshot_.has_value(); }
    // The database a plan is for, password redacted: the URL, or the one
    // the snapshot was taken from.
    std::string database_shown() const { return snapshot_ ? snapshot_->database : url_.redacted(); }
    SafetyRules safety() const { return {config_.protected_columns}; }
    ApplyOptions apply_options() const { return {config_.lock_timeout_ms, config_.lock_attempt_ms}; }

    Driver& connect(bool create_if_missing);
    // The engine behind the connection (PostgreSQL, CockroachDB, MariaDB,
    // TiDB, ...), told from what the server says about itself; connects.
    const Engine& engine();
    // connect(), then the lock against other schemactl runs, held until exit.
    // Commands that change the database take it before they inspect.
    Driver& connect_locked(bool create_if_missing);
    // Starts reading the schema files on another thread, so that parsing
    // them overlaps connecting and the catalog queries (plan, sync);
    // portable() waits for it. Reading is pure (src/toml/): the thread shares
    // nothing with this one but the list of paths, which it copies.
    void read_files_ahead();
    // Reads and validates the schema files: all problems at once, thrown
    // (exit 1). portable() and desired() start with it.
    void load_files();
    // The schema files, read and validated, portable form. Not after
    // read_files_ahead() once connected: the reading thread lowers them.
    const Schema& portable();
    // The files lowered into the dialect's canonical form. Call it once: it
    // releases the portable form as it lowers, and portable() is an error after.
    Schema desired();
    Schema inspect();
    // --tables names must be in the files (or, for inspect, the database).
    void check_tables_known(const std::vector<std::string>& names, const Schema& s, const std::string& where) const;

    // --timings: phase name and seconds.
    void time(const std::string& phase, double seconds) { timings_.emplace_back(phase, seconds); }
    template <class F>
    auto timed(const std::string& phase, F&& f) {
        auto t0 = std::chrono::steady_clock::now();
        struct Rec {
            Session* s;
            std::string p;
            std::chrono::steady_clock::time_point t0;
            ~Rec() { s->time(p, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()); }
        } rec{this, phase, t0};
        return f();
    }

private:
    void use_snapshot(const std::string& file);
    void adopt_flavour();

    CommonOptions opts_;
    Config config_;
    DatabaseUrl url_;
    // The engine's flavour as the driver and dialect use it (they point here:
    // declared before them, so it outlives both).
    Flavour flavour_;
    std::unique_ptr<Dialect> dialect_;
    std::unique_ptr<Driver> db_;
    std::optional<Snapshot> snapshot_;
    bool locked_ = false;
    std::optional<Engine> engine_;
    bool have_portable_ = false;
    bool portable_released_ = false;
    bool lowered_ahead_ = false;  // portable_ holds the lowered files
    Schema portable_;
    std::vector<std::pair<std::string, double>> timings_;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    struct FilesRead {
        Schema schema;
        Diagnostics diags;
        bool dialect_checked = false;  // the dialect's checks ran there too
        bool lowered = false;          // and, the files being valid, the lowering
        double seconds = 0;
        double lower_seconds = 0;
    };
    // The reading thread runs the dialect's checks as well once connect()
    // knows the server's flavour and sends the dialect; nullptr (sent by
    // portable() or the destructor when nothing was) leaves them to this
    // thread. Sent at most once.
    void send_dialect(const Dialect* d);
    std::promise<const Dialect*> dialect_for_reader_;
    bool dialect_sent_ = false;
    // Last: destroyed first, waiting for a reading thread still running
    // (the destructor has sent the dialect by then: it never waits for one).
    std::future<FilesRead> files_ahead_;
};

}  // namespace schemactl
