#include "dialect/sqlite/sqlite_connection.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <thread>

#include "schema/error.hpp"

namespace schemactl {

// No memory statistics: keeping them takes a global mutex around every one
// of SQLite's allocations, and reading a schema of 1,000 tables makes
// hundreds of thousands (docs/performance.md). Nothing here asks for them.
void configure_sqlite() {
    static const int once = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    (void)once;  // SQLITE_MISUSE if the process already used SQLite: it then keeps them
}

SqliteConnection::SqliteConnection(const std::string& path, bool create_if_missing) : path_(path) {
    bool uri = path.rfind("file:", 0) == 0;
    if (!create_if_missing && !uri && path != ":memory:" && !std::filesystem::exists(path))
        throw Error("database file " + path +
                    " does not exist: run `schemactl create` to create it, or check the path in --db");
    // NOMUTEX: a connection is used by one thread at a time (a fleet runs a
    // process per target; the thread reading the files ahead opens none), so
    // SQLite's per-call mutex is pure cost: about 6 % of a plan's samples at
    // 5,000 tables (docs/performance.md).
    configure_sqlite();
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX |
                (create_if_missing ? SQLITE_OPEN_CREATE : 0);
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    db_.reset(raw);
    if (rc != SQLITE_OK)
        throw Error("cannot open SQLite database " + path + ": " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)) +
                    " (check the path and its folder's permissions)");
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, 5000);
}

void SqliteConnection::set_busy_timeout(int ms) {
    busy_ms_ = std::max(ms, 0);
    sqlite3_busy_timeout(db_.get(), busy_ms_);
}

void SqliteConnection::bound_reads(int lock_timeout_ms, int) { set_busy_timeout(lock_timeout_ms); }

SqliteConnection::Fd::~Fd() {
    if (fd >= 0) ::close(fd);
}

void SqliteConnection::hold_run_lock(int timeout_ms) {
    if (run_lock_.fd >= 0) return;
    const char* file = sqlite3_db_filename(db_.get(), "main");
    if (!file || !*file) return;  // in-memory: nobody else can see it
    int fd = ::open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) fd = ::open(file, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return;  // cannot open it: BEGIN IMMEDIATE still keeps runs apart
    run_lock_.fd = fd;
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::max(timeout_ms, 0));
    while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) return;
        if (std::chrono::steady_clock::now() >= until)
            throw Error("another schemactl run is changing " + path_ + "; try again when it has finished (waited " +
                        std::to_string(timeout_ms) + " ms, [safety] lock_timeout)");
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

void SqliteConnection::fail(int rc, const std::string& sql) const {
    std::string msg = sqlite3_errmsg(db_.get());
    int primary = rc & 0xff;
    if (primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN)
        throw Error("the SQLite database " + path_ + " is read-only (" + msg +
                    "): check the file's and its folder's permissions; nothing was changed");
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        throw Error("the SQLite database " + path_ + " is locked by another connection (" + msg + ", waited " +
                    std::to_string(busy_ms_) +
                    " ms, [safety] lock_timeout): another schemactl run or an application holds a lock on the "
                    "file (a transaction in progress); try again when it has finished, or raise lock_timeout in "
                    "the [safety] section of schemactl.toml");
    if (primary == SQLITE_FULL) throw Error("the disk is full writing " + path_ + ": " + msg);
    throw Error(msg + "\n  in: " + sql.substr(0, 400));
}

void SqliteConnection::exec(const std::string& sql) {
    note_sql(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &err);
    sqlite3_free(err);
    if (rc != SQLITE_OK) fail(sqlite3_extended_errcode(db_.get()), sql);
}

PackedResult SqliteConnection::fetch(const std::string& sql) {
    note_sql(sql);
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(db_.get(), sql.c_str(), static_cast<int>(sql.size()), &raw, nullptr);
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw, sqlite3_finalize);
    if (rc != SQLITE_OK) fail(rc, sql);
    PackedResult rs;
    int n = sqlite3_column_count(raw);
    for (int i = 0; i < n; ++i) rs.columns.emplace_back(sqlite3_column_name(raw, i));
    char digits[24];
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW)
        for (int i = 0; i < n; ++i) {
            const int type = sqlite3_column_type(raw, i);
            if (type == SQLITE_NULL) {
                rs.add_null();
            } else if (type == SQLITE_INTEGER) {
                // Written here: sqlite3_column_text would convert the value
                // in place, with an allocation, for each of a catalog's
                // hundreds of thousands of flags and positions.
                auto end = std::to_chars(digits, digits + sizeof digits, sqlite3_column_int64(raw, i)).ptr;
                rs.add({digits, static_cast<std::size_t>(end - digits)});
            } else {
                rs.add({reinterpret_cast<const char*>(sqlite3_column_text(raw, i)),
                        static_cast<std::size_t>(sqlite3_column_bytes(raw, i))});
            }
        }
    if (rc != SQLITE_DONE) fail(sqlite3_extended_errcode(db_.get()), sql);
    return rs;
}

std::string SqliteConnection::server_version() { return sqlite3_libversion(); }

}  // namespace schemactl
