#pragma once
// The driver-neutral connection: each dialect wraps its C client in an RAII
// class implementing this.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "dialect/packed_result.hpp"

namespace schemactl {

class Connection {
public:
    Connection() = default;
    // Not copied or moved: drivers hold pointers to it (libpq's notice
    // receiver gets `this`).
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    virtual ~Connection() = default;
    // Runs one statement (or, where the driver allows, several) that returns no rows.
    virtual void exec(const std::string& sql) = 0;
    // Runs one query and returns all its rows as text, packed (the catalog
    // queries read them through NamedResult).
    virtual PackedResult fetch(const std::string& sql) = 0;
    // The same rows as strings (NULL = nullopt), for small results.
    ResultSet query(const std::string& sql) { return fetch(sql).unpacked(); }
    virtual std::string server_version() = 0;
    // Bounds for reading (the catalog, the data checks): a lock wait ends
    // after lock_timeout_ms, and a statement after statement_timeout_ms
    // (0 = no bound), each with an error naming what it waited for. Set by
    // the session before it reads; DDL keeps the apply bracket's own bounds.
    virtual void bound_reads(int lock_timeout_ms, int statement_timeout_ms) {
        (void)lock_timeout_ms;
        (void)statement_timeout_ms;
    }

    // -v: called with every statement before it is sent.
    std::function<void(const std::string&)> on_sql;
    // Statements sent so far (the scale tests count catalog queries with it).
    std::size_t statements_sent = 0;

protected:
    void note_sql(const std::string& sql) {
        ++statements_sent;
        if (on_sql) on_sql(sql);
    }
};

}  // namespace schemactl
