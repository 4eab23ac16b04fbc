#pragma once
// RAII wrapper of sqlite3* implementing Connection.
#include <sqlite3.h>

#include <memory>
#include <string>

#include "dialect/connection.hpp"

namespace schemactl {

// Settings SQLite takes only before its first use in the process: call it
// before every sqlite3_open (SqliteConnection does); later calls do nothing.
void configure_sqlite();

class SqliteConnection : public Connection {
public:
    // path: a file, ":memory:", or a "file:...?mode=ro" URI.
    SqliteConnection(const std::string& path, bool create_if_missing);
    void exec(const std::string& sql) override;
    PackedResult fetch(const std::string& sql) override;
    std::string server_version() override;
    void set_busy_timeout(int ms);
    // The busy timeout bounds every wait for SQLite's locks (reads included);
    // there is no statement bound.
    void bound_reads(int lock_timeout_ms, int statement_timeout_ms) override;
    // Holds an flock() on the database file until this connection closes, so
    // that another schemactl run waits (up to timeout_ms) before it plans.
    // flock and SQLite's own fcntl locks do not interact on Linux.
    void hold_run_lock(int timeout_ms);

private:
    // Declared before db_ so it is closed after it: closing any descriptor of
    // the file drops the process's fcntl locks, SQLite's included.
    struct Fd {
        int fd = -1;
        Fd() = default;
        Fd(const Fd&) = delete;
        Fd& operator=(const Fd&) = delete;
        ~Fd();
    } run_lock_;
    struct Close {
        void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
    };
    std::unique_ptr<sqlite3, Close> db_;
    std::string path_;
    int busy_ms_ = 5000;
    [[noreturn]] void fail(int rc, const std::string& sql) const;
};

}  // namespace schemactl
