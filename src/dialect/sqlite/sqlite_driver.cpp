#include "dialect/sqlite/sqlite_driver.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "dialect/sqlite/sqlite_connection.hpp"
#include "dialect/sqlite/sqlite_inspect.hpp"
#include "schema/error.hpp"

namespace schemactl::sqlite {

namespace {

class SqliteDriver final : public Driver {
public:
    SqliteDriver(const std::string& path, bool create_if_missing, std::size_t max_identifier_length)
        : Driver(*find_flavour("sqlite")),
          conn_(path, create_if_missing),
          max_identifier_length_(max_identifier_length) {}

    Connection& connection() override { return conn_; }
    Schema inspect() override { return inspect_schema(conn_, max_identifier_length_); }

    // foreign_keys must be switched off before BEGIN: inside a transaction the
    // pragma is a no-op, and a rebuild that drops a parent would then
    // cascade-delete its children.
    void begin(const ApplyOptions& opts) override {
        conn_.set_busy_timeout(opts.lock_timeout_ms);
        conn_.exec("PRAGMA foreign_keys = OFF");
        conn_.exec("BEGIN IMMEDIATE");
    }
    void lock_run(const ApplyOptions& opts) override { conn_.hold_run_lock(opts.lock_timeout_ms); }
    void commit() override {
        auto bad = conn_.query("PRAGMA foreign_key_check");
        if (!bad.rows.empty()) {
            // Rows per (child table, parent table), in the order SQLite reports them.
            std::vector<std::pair<std::string, std::size_t>> counts;
            for (const auto& r : bad.rows) {
                std::string key = r[0].value_or("?") + " -> " + r[2].value_or("?");
                auto it = std::find_if(counts.begin(), counts.end(), [&](const auto& p) { return p.first == key; });
                if (it == counts.end()) counts.emplace_back(key, 1);
                else ++it->second;
            }
            std::string detail;
            for (const auto& [key, n] : counts)
                detail += (detail.empty() ? "" : ", ") + key + ": " + std::to_string(n) + (n == 1 ? " row" : " rows");
            throw Error("foreign key check failed, nothing was changed: " + std::to_string(bad.rows.size()) +
                        " rows reference missing parent rows (" + detail +
                        "); fix or delete those rows, then run again");
        }
        conn_.exec("COMMIT");
        conn_.exec("PRAGMA foreign_keys = ON");
    }
    void rollback() override {
        try {
            conn_.exec("ROLLBACK");
        } catch (...) {
        }
        try {
            conn_.exec("PRAGMA legacy_alter_table = OFF");  // a rebuild may have stopped halfway
            conn_.exec("PRAGMA foreign_keys = ON");
        } catch (...) {
        }
    }

private:
    SqliteConnection conn_;
    std::size_t max_identifier_length_;
};

}  // namespace

std::unique_ptr<Driver> make_driver(const std::string& path, bool create_if_missing,
                                    std::size_t max_identifier_length) {
    return std::make_unique<SqliteDriver>(path, create_if_missing, max_identifier_length);
}

}  // namespace schemactl::sqlite
