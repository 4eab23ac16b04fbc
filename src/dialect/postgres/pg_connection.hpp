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
    ResultSet query(const std::string& sql) override;
    std::string server_version() override;
    const std::string& schema() const { return schema_; }
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
    Result run(const std::string& sql);
};

}  // namespace schemactl
