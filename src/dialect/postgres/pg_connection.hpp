#pragma once
// RAII wrapper of libpq's PGconn / PGresult implementing Connection.
#include <libpq-fe.h>

#include <memory>
#include <string>

#include "config/database_url.hpp"
#include "dialect/connection.hpp"

namespace schemactl {

class PgConnection : public Connection {
public:
    explicit PgConnection(const DatabaseUrl& url);
    void exec(const std::string& sql) override;
    PackedResult fetch(const std::string& sql) override;
    std::string server_version() override;
    void bound_reads(int lock_timeout_ms, int statement_timeout_ms) override;
    const std::string& schema() const { return schema_; }
    // PQserverVersion: 150004 for 15.4 (catalog columns differ by version).
    int server_version_num() const;
    const std::string& database() const { return database_; }
    const std::string& redacted_url() const { return where_; }
    // SQLSTATE of the last failed statement ("" after a success).
    const std::string& last_sqlstate() const { return sqlstate_; }

private:
    struct Finish {
        void operator()(PGconn* c) const { PQfinish(c); }
    };
    struct Clear {
        void operator()(PGresult* r) const { PQclear(r); }
    };
    using Result = std::unique_ptr<PGresult, Clear>;
    std::unique_ptr<PGconn, Finish> conn_;
    std::string secret_, where_, schema_, database_, sqlstate_;
    // Read bounds: wanted (bound_reads) and in force in the session now.
    struct Bounds {
        int lock_ms = 0, statement_ms = 0;
        bool operator==(const Bounds&) const = default;
    };
    Bounds want_, applied_;
    // Puts `b` in force when no transaction is open (inside one, the apply
    // bracket's SET LOCAL governs).
    void apply_bounds(const Bounds& b);
    // For a lock timeout of a read: which relations other sessions hold or
    // queue for in ACCESS EXCLUSIVE mode, for the error message.
    std::string lock_holders();
    Result run(const std::string& sql, bool read = false);
};

}  // namespace schemactl
