#include "dialect/postgres/pg_connection.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <vector>

#include "config/password.hpp"
#include "dialect/postgres/pg_types.hpp"
#include "schema/error.hpp"

namespace schemactl {

namespace {

std::string connect_hint(const std::string& msg, const std::string& database) {
    if (msg.find("Connection refused") != std::string::npos || msg.find("could not connect") != std::string::npos ||
        msg.find("No such file or directory") != std::string::npos)
        return "is the server running and accepting connections at that host and port?";
    if (msg.find("password authentication failed") != std::string::npos ||
        msg.find("no password supplied") != std::string::npos || msg.find("authentication failed") != std::string::npos)
        return "check the user and the password (in the URL, PGPASSWORD or --password-file)";
    if (msg.find("database \"") != std::string::npos && msg.find("does not exist") != std::string::npos)
        return "the database '" + database + "' does not exist: create it (CREATE DATABASE " + database +
               ") or fix its name in the URL";
    if (msg.find("role \"") != std::string::npos && msg.find("does not exist") != std::string::npos)
        return "the user does not exist on the server: check the user name in the URL";
    if (msg.find("permission denied") != std::string::npos)
        return "the user may not connect to '" + database + "': GRANT CONNECT ON DATABASE " + database + " TO <user>";
    if (msg.find("timeout") != std::string::npos)
        return "the server did not answer in time: check the host and firewall";
    return "check the URL";
}

}  // namespace

PgConnection::PgConnection(const DatabaseUrl& url) : where_(url.redacted()), database_(url.database) {
    // Given to libpq explicitly, so that PGPASSWORD does not win over --password-file.
    std::string password = resolve_password(url);
    secret_ = password;
    schema_ = url.params.count("schema") ? url.params.at("schema") : "public";
    std::vector<std::pair<std::string, std::string>> kv;
    auto add = [&](const char* k, const std::string& v) {
        if (!v.empty()) kv.emplace_back(k, v);
    };
    std::string host = url.host;
    if (auto it = url.params.find("host"); it != url.params.end()) host = it->second;
    add("host", host);
    if (url.port) add("port", std::to_string(url.port));
    add("user", url.user);
    add("password", password);
    add("dbname", url.database);
    add("application_name", "schemactl");
    // UTF-8 whatever PGCLIENTENCODING or the role says: in a client encoding
    // like SJIS a byte 0x5c inside a character would read as a backslash.
    add("client_encoding", "UTF8");
    add("connect_timeout", url.params.count("connect_timeout") ? url.params.at("connect_timeout") : "10");
    for (const char* k : {"sslmode", "sslrootcert", "sslcert", "sslkey", "target_session_attrs"})
        if (auto it = url.params.find(k); it != url.params.end()) add(k, it->second);
    std::vector<const char*> keys, values;
    for (const auto& [k, v] : kv) {
        keys.push_back(k.c_str());
        values.push_back(v.c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    conn_.reset(PQconnectdbParams(keys.data(), values.data(), 0));
    if (!conn_ || PQstatus(conn_.get()) != CONNECTION_OK) {
        std::string msg = conn_ ? PQerrorMessage(conn_.get()) : "out of memory";
        while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
        msg = redact(msg, secret_);
        throw Error("cannot connect to " + where_ + ": " + msg + "\n  " + connect_hint(msg, database_));
    }
    // Server warnings go to stderr, redacted; "no transaction in progress" (a ROLLBACK after a
    // failed BEGIN) is expected and dropped.
    PQsetNoticeProcessor(
        conn_.get(),
        [](void* self, const char* message) {
            std::string m = message ? message : "";
            if (m.find("there is no transaction in progress") != std::string::npos) return;
            std::fprintf(stderr, "postgres: %s", redact(m, static_cast<PgConnection*>(self)->secret_).c_str());
        },
        this);
    // UTC: timestamptz defaults read back the same whatever the server's zone.
    // standard_conforming_strings on, whatever the database or role says (some
    // legacy applications need it off): expressions from the schema files are
    // sent as written, and inspect reads defaults back as the server prints
    // them, both in the standard spelling. (Literals schemactl writes itself
    // mean the same either way: pg::quote_literal.)
    exec("SET client_min_messages = warning; SET TimeZone = 'UTC'; SET standard_conforming_strings = on");
    // JIT off, where the server has it: at 5,000 tables the catalog queries
    // cost more than jit_above_cost, and compiling them took 230 of a 900 ms
    // query (EXPLAIN ANALYZE; the index query 430 -> 270 ms without). No
    // query schemactl sends runs long enough to repay the compile.
    auto settings = query(
        "SELECT current_setting('standard_conforming_strings'), current_setting('client_encoding'), "
        "CASE WHEN current_setting('jit', true) IS NOT NULL THEN set_config('jit', 'off', false) END");
    if (settings.rows.empty() || settings.rows[0][0].value_or("") != "on" || settings.rows[0][1].value_or("") != "UTF8")
        throw Error("the session on " + where_ +
                    " did not keep standard_conforming_strings = on and client_encoding = UTF8 (a connection pooler "
                    "in statement mode?): connect to the server directly or in session pooling mode");
    if (schema_.find('\0') != std::string::npos ||
        query("SELECT 1 FROM pg_namespace WHERE nspname = " + pg::quote_literal(schema_)).rows.empty())
        throw Error("schema '" + schema_ + "' does not exist in " + where_ + ": create it or fix ?schema= in the URL");
    // The schema first (new tables and types go there), then the schemas that
    // hold extensions (citext in public): their types are found when a
    // column of the schema uses one, and format_type() prints them unqualified.
    std::string path = pg::quote_ident(schema_);
    for (const auto& r : query("SELECT DISTINCT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = "
                               "e.extnamespace WHERE n.nspname NOT IN ('pg_catalog', " +
                               pg::quote_literal(schema_) + ") ORDER BY 1")
                             .rows)
        if (r[0]) path += ", " + pg::quote_ident(*r[0]);
    exec("SET search_path TO " + path);
}

void PgConnection::bound_reads(int lock_timeout_ms, int statement_timeout_ms) {
    want_ = {std::max(lock_timeout_ms, 0), std::max(statement_timeout_ms, 0)};
}

void PgConnection::apply_bounds(const Bounds& b) {
    if (b == applied_ || PQtransactionStatus(conn_.get()) != PQTRANS_IDLE) return;
    auto value = [](int ms) { return ms > 0 ? "'" + std::to_string(ms) + "ms'" : std::string("DEFAULT"); };
    run("SET lock_timeout = " + value(b.lock_ms) + "; SET statement_timeout = " + value(b.statement_ms));
    applied_ = b;
}

std::string PgConnection::lock_holders() {
    // Sent directly: it must not replace the failed statement's SQLSTATE.
    const char* sql =
        "SELECT n.nspname, c.relname, l.granted, l.pid FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE l.mode = 'AccessExclusiveLock' "
        "AND l.pid <> pg_backend_pid() AND l.database IN (0, (SELECT oid FROM pg_database "
        "WHERE datname = current_database())) ORDER BY l.granted DESC, c.relname LIMIT 5";
    note_sql(sql);
    Result r(PQexec(conn_.get(), sql));
    if (!r || PQresultStatus(r.get()) != PGRES_TUPLES_OK || PQntuples(r.get()) == 0) return "";
    std::string out;
    for (int i = 0; i < PQntuples(r.get()); ++i) {
        std::string ns = PQgetvalue(r.get(), i, 0), rel = PQgetvalue(r.get(), i, 1);
        bool granted = std::string(PQgetvalue(r.get(), i, 2)) == "t";
        out += std::string(out.empty() ? "" : "; ") + "table " + (ns == schema_ ? "" : ns + ".") + rel + " is " +
               (granted ? "locked" : "queued for a lock") + " in ACCESS EXCLUSIVE mode by session pid " +
               PQgetvalue(r.get(), i, 3);
    }
    return out;
}

PgConnection::Result PgConnection::run(const std::string& sql, bool read) {
    note_sql(redact(sql, secret_));
    Result r(PQexec(conn_.get(), sql.c_str()));
    auto st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    sqlstate_.clear();
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return r;
    std::string msg = r ? PQresultErrorMessage(r.get()) : PQerrorMessage(conn_.get());
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    msg = redact(msg, secret_);
    const char* code = r ? PQresultErrorField(r.get(), PG_DIAG_SQLSTATE) : nullptr;
    std::string state = code ? code : "";
    sqlstate_ = state;
    const bool idle = PQtransactionStatus(conn_.get()) == PQTRANS_IDLE;
    if (read && idle && state == "55P03") {
        std::string who = lock_holders();
        throw Error(fmt::format(
            "reading {} waited longer than [safety] lock_timeout ({} ms) for a lock: {}\n  try again when the other "
            "session has finished, or raise lock_timeout in the [safety] section of schemactl.toml\n  ({})",
            database_, applied_.lock_ms,
            who.empty() ? "another session held one on a table this reads (it has been released since)" : who, msg));
    }
    if (read && idle && state == "57014" && applied_.statement_ms > 0)
        throw Error(fmt::format(
            "reading the catalog of {} took longer than {} ms (while reading, a statement may run for "
            "[safety] lock_timeout + 30 s): the server is overloaded, or waits on something else; try again, or "
            "raise lock_timeout in the [safety] section of schemactl.toml\n  ({})",
            database_, applied_.statement_ms, msg));
    if (state == "55P03")
        throw Error(msg +
                    "\n  a lock was not granted within lock_timeout: another session (or schemactl run) holds "
                    "it; try again later or raise [safety] lock_timeout");
    if (state == "53200")
        throw Error(msg +
                    "\n  the plan touches more relations than the server's lock table holds "
                    "(max_locks_per_transaction x connections): raise max_locks_per_transaction on the server, "
                    "or apply in batches with --batch N");
    if (state == "42501")
        throw Error(msg +
                    "\n  the database user lacks a privilege this needs (CREATE / ALTER / ownership of the table)");
    if (PQstatus(conn_.get()) != CONNECTION_OK)
        throw Error("lost the connection to " + where_ + ": " + msg + "\n  the transaction was not committed");
    throw Error(msg + "\n  in: " + redact(sql.substr(0, 400), secret_));
}

// Statements that change things run without the read bounds: a CREATE INDEX
// CONCURRENTLY after COMMIT must not stop halfway (it would leave an invalid
// index) because a read bound was still in force.
void PgConnection::exec(const std::string& sql) {
    apply_bounds({});
    run(sql);
}

PackedResult PgConnection::fetch(const std::string& sql) {
    apply_bounds(want_);
    Result r = run(sql, true);
    PackedResult rs;
    int cols = PQnfields(r.get()), rows = PQntuples(r.get());
    for (int c = 0; c < cols; ++c) rs.columns.emplace_back(PQfname(r.get(), c));
    rs.reserve_cells(static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols));
    for (int i = 0; i < rows; ++i)
        for (int c = 0; c < cols; ++c) {
            if (PQgetisnull(r.get(), i, c)) rs.add_null();
            else rs.add({PQgetvalue(r.get(), i, c), static_cast<std::size_t>(PQgetlength(r.get(), i, c))});
        }
    return rs;
}

int PgConnection::server_version_num() const { return PQserverVersion(conn_.get()); }

std::string PgConnection::server_version() {
    auto r = query("SHOW server_version");
    return "PostgreSQL " + (r.rows.empty() ? std::string("?") : r.rows[0][0].value_or("?"));
}

}  // namespace schemactl
