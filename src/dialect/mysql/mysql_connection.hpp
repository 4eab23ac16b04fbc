#pragma once
// RAII wrapper of MariaDB Connector/C's MYSQL / MYSQL_RES implementing Connection.
#include <mysql.h>

#include <functional>
#include <memory>
#include <string>

#include "config/database_url.hpp"
#include "dialect/connection.hpp"

namespace schemactl {

class MysqlConnection : public Connection {
public:
    explicit MysqlConnection(const DatabaseUrl& url);
    void exec(const std::string& sql) override;
    PackedResult fetch(const std::string& sql) override;
    std::string server_version() override;
    void bound_reads(int lock_timeout_ms, int statement_timeout_ms) override;
    // MariaDB or MySQL 8: first from the handshake's version, then from the
    // flavour the driver is told (MysqlDriver::use_flavour).
    bool mariadb() const { return mariadb_; }
    void set_mariadb(bool on) { mariadb_ = on; }
    const std::string& database() const { return database_; }
    // A second session to the same database with this one's read bounds,
    // logging to `log` (the catalog read runs half its batches on it,
    // mysql_inspect.cpp).
    std::unique_ptr<MysqlConnection> another(std::function<void(const std::string&)> log) const;

private:
    struct Close {
        void operator()(MYSQL* m) const { mysql_close(m); }
    };
    std::unique_ptr<MYSQL, Close> conn_;
    DatabaseUrl url_;
    std::string secret_, where_, database_;
    bool mariadb_ = false;
    // Read bounds in force in the session (seconds; -1 = not set yet).
    int lock_wait_s_ = -1;
    int statement_ms_ = 0;
    // For a lock wait timeout: the tables other sessions hold, for the message.
    std::string tables_in_use();
    [[noreturn]] void fail(const std::string& sql);
};

}  // namespace schemactl
