#include "dialect/mysql/mysql_connection.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "config/password.hpp"
#include "schema/error.hpp"
#include "schema/text.hpp"

namespace schemactl {

namespace {

struct FreeResult {
    void operator()(MYSQL_RES* r) const { mysql_free_result(r); }
};
using Result = std::unique_ptr<MYSQL_RES, FreeResult>;

std::string hint(unsigned code) {
    switch (code) {
        case 2002:
        case 2003: return "is the server running and reachable at that host, port or socket?";
        case 1045: return "check the user and password (URL, MYSQL_PWD or --password-file)";
        case 1049: return "create the database first (CREATE DATABASE …) or check its name in the URL";
        case 1044:
        case 1142:
        case 1227: return "the database user lacks a privilege this needs (CREATE, ALTER, DROP, REFERENCES)";
        case 2013:
        case 2006: return "the connection to the server was lost";
        default: return "";
    }
}

}  // namespace

MysqlConnection::MysqlConnection(const DatabaseUrl& url) : url_(url), where_(url.redacted()), database_(url.database) {
    std::string password = resolve_password(url);
    secret_ = password;
    if (database_.empty()) throw Error("the MySQL URL " + where_ + " names no database: write mysql://user@host/db");
    conn_.reset(mysql_init(nullptr));
    if (!conn_) throw Error("out of memory creating a MySQL connection");
    unsigned timeout = 10;
    mysql_options(conn_.get(), MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
    std::string charset = url.params.count("charset") ? url.params.at("charset") : "utf8mb4";
    // In these a byte 0x5c (backslash) can be the second half of a character:
    // a backslash-escaped literal would then end early.
    for (const char* unsafe : {"big5", "cp932", "gbk", "gb18030", "sjis"})
        if (charset == unsafe)
            throw Error("charset=" + charset +
                        " in the URL is not supported: in it a backslash byte can be part of "
                        "a character, which breaks quoting; use utf8mb4 (the default)");
    mysql_options(conn_.get(), MYSQL_SET_CHARSET_NAME, charset.c_str());
    if (auto it = url.params.find("ssl-mode"); it != url.params.end()) {
        std::string m = it->second;
        m = upper_ascii(m);
        if (m == "REQUIRED" || m == "VERIFY_CA" || m == "VERIFY_IDENTITY") {
            my_bool on = 1;
            mysql_options(conn_.get(), MYSQL_OPT_SSL_ENFORCE, &on);
            if (m != "REQUIRED") mysql_options(conn_.get(), MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &on);
        } else if (m != "DISABLED" && m != "PREFERRED") {
            throw Error("unknown ssl-mode '" + it->second +
                        "': use DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY");
        }
    }
    std::string socket = url.params.count("socket") ? url.params.at("socket") : "";
    if (!mysql_real_connect(conn_.get(), url.host.empty() ? nullptr : url.host.c_str(),
                            url.user.empty() ? nullptr : url.user.c_str(),
                            password.empty() ? nullptr : password.c_str(), database_.c_str(),
                            static_cast<unsigned>(url.port), socket.empty() ? nullptr : socket.c_str(), 0)) {
        unsigned code = mysql_errno(conn_.get());
        std::string msg = redact(mysql_error(conn_.get()), secret_);
        std::string h = hint(code);
        throw Error("cannot connect to " + where_ + ": " + msg + (h.empty() ? "" : "\n  " + h));
    }
    std::string v = mysql_get_server_info(conn_.get());
    mariadb_ = v.find("MariaDB") != std::string::npos;
    // Set explicitly, whatever the server's global sql_mode: no
    // NO_BACKSLASH_ESCAPES (literals escape backslashes, mysql::quote_literal,
    // and inspect parses defaults the same way), no ANSI_QUOTES.
    const std::string mode = "STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION";
    exec("SET SESSION sql_mode = '" + mode + "'");
    auto r = query("SELECT @@SESSION.sql_mode");
    std::string now = r.rows.empty() ? "" : r.rows[0][0].value_or("");
    if (now.find("STRICT_ALL_TABLES") == std::string::npos || now.find("NO_BACKSLASH_ESCAPES") != std::string::npos ||
        now.find("ANSI_QUOTES") != std::string::npos)
        throw Error("the session on " + where_ + " did not keep sql_mode = '" + mode +
                    "' (a proxy that resets session settings?): connect to the server directly");
}

void MysqlConnection::bound_reads(int lock_timeout_ms, int statement_timeout_ms) {
    int secs = std::max(1, (std::max(lock_timeout_ms, 0) + 999) / 1000);  // whole seconds, at least 1
    if (secs != lock_wait_s_) {
        // Metadata locks (LOCK TABLES, a running ALTER) and row locks.
        exec("SET SESSION lock_wait_timeout = " + std::to_string(secs) +
             ", SESSION innodb_lock_wait_timeout = " + std::to_string(secs));
        lock_wait_s_ = secs;
    }
    int ms = std::max(statement_timeout_ms, 0);
    if (ms != statement_ms_) {
        // MariaDB: max_statement_time in seconds (every statement, so it is
        // reset once the catalog is read); MySQL: max_execution_time in ms (SELECT only).
        exec(mariadb_ ? "SET SESSION max_statement_time = " + std::to_string(ms / 1000.0)
                      : "SET SESSION max_execution_time = " + std::to_string(ms));
        statement_ms_ = ms;
    }
}

std::unique_ptr<MysqlConnection> MysqlConnection::another(std::function<void(const std::string&)> log) const {
    auto c = std::make_unique<MysqlConnection>(url_);
    c->mariadb_ = mariadb_;
    c->on_sql = std::move(log);
    if (lock_wait_s_ >= 0) c->bound_reads(lock_wait_s_ * 1000, statement_ms_);
    return c;
}

std::string MysqlConnection::tables_in_use() {
    // Sent directly: mysql_errno must stay the failed statement's.
    std::string sql = "SHOW OPEN TABLES WHERE In_use > 0";
    note_sql(sql);
    if (mysql_real_query(conn_.get(), sql.data(), sql.size()) != 0) return "";
    Result r(mysql_store_result(conn_.get()));
    if (!r) return "";
    // This database's tables are the ones a read of its catalog waits on; a
    // lock in another database is named only when there is none here (the
    // server is shared: listing every other application's locks misleads).
    std::string ours, others;
    while (MYSQL_ROW row = mysql_fetch_row(r.get())) {
        if (!row[0] || !row[1]) continue;
        std::string db = row[0], table = row[1];
        if (db == database_) ours += (ours.empty() ? "" : ", ") + table;
        else others += (others.empty() ? "" : ", ") + db + "." + table;
    }
    return ours.empty() ? others : ours;
}

void MysqlConnection::fail(const std::string& sql) {
    unsigned code = mysql_errno(conn_.get());
    std::string msg = redact(mysql_error(conn_.get()), secret_);
    // 1205: lock wait timeout; 1969 (MariaDB) / 3024 (MySQL): statement time exceeded.
    if (code == 1205 && lock_wait_s_ > 0 && sql.rfind("SELECT", 0) == 0) {
        std::string tables = tables_in_use();
        throw Error("reading " + database_ + " waited longer than [safety] lock_timeout (" +
                    std::to_string(lock_wait_s_) + " s) for a table lock: " +
                    (tables.empty() ? std::string("another session held one (it has been released since)")
                                    : "another session holds a lock on " + tables +
                                          " (LOCK TABLES, or an ALTER or a transaction in progress)") +
                    "\n  try again when it has finished, or raise lock_timeout in the [safety] section of "
                    "schemactl.toml\n  (" +
                    msg + ")");
    }
    if ((code == 1969 || code == 3024) && statement_ms_ > 0)
        throw Error("reading the catalog of " + database_ + " took longer than " + std::to_string(statement_ms_) +
                    " ms (while reading, a statement may run for [safety] lock_timeout + 30 s): the server is "
                    "overloaded, or waits on something else; try again, or raise lock_timeout in the [safety] "
                    "section of schemactl.toml\n  (" +
                    msg + ")");
    std::string h = hint(code);
    throw Error(msg + " (MySQL error " + std::to_string(code) + ")" + (h.empty() ? "" : "\n  " + h) +
                "\n  in: " + redact(sql.substr(0, 400), secret_));
}

void MysqlConnection::exec(const std::string& sql) {
    note_sql(redact(sql, secret_));
    if (mysql_real_query(conn_.get(), sql.data(), sql.size()) != 0) fail(sql);
    Result r(mysql_store_result(conn_.get()));  // discard rows of a statement that has them
    if (!r && mysql_field_count(conn_.get()) != 0) fail(sql);
}

PackedResult MysqlConnection::fetch(const std::string& sql) {
    note_sql(redact(sql, secret_));
    if (mysql_real_query(conn_.get(), sql.data(), sql.size()) != 0) fail(sql);
    Result r(mysql_store_result(conn_.get()));
    PackedResult rs;
    if (!r) {
        if (mysql_field_count(conn_.get()) != 0) fail(sql);
        return rs;
    }
    unsigned n = mysql_num_fields(r.get());
    MYSQL_FIELD* fields = mysql_fetch_fields(r.get());
    for (unsigned i = 0; i < n; ++i) rs.columns.emplace_back(fields[i].name);
    while (MYSQL_ROW row = mysql_fetch_row(r.get())) {
        unsigned long* len = mysql_fetch_lengths(r.get());
        for (unsigned i = 0; i < n; ++i) {
            if (row[i]) rs.add({row[i], len[i]});
            else rs.add_null();
        }
    }
    return rs;
}

std::string MysqlConnection::server_version() {
    std::string v = mysql_get_server_info(conn_.get());
    return (mariadb_ ? "MariaDB " : "MySQL ") + v;
}

}  // namespace schemactl
