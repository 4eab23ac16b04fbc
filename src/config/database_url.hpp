#pragma once
// Database URLs: sqlite:path.db, sqlite::memory:, postgres://user:pw@host:5432/db?k=v,
// mysql://user@host:3306/db?socket=... (also mariadb://, postgresql://).
#include <map>
#include <string>

namespace schemactl {

struct DatabaseUrl {
    std::string scheme;  // canonical: sqlite | postgres | mysql
    std::string user;
    std::string password;  // never printed: see redacted()
    std::string host;
    int port = 0;          // 0 = driver default
    std::string database;  // sqlite: the file path (":memory:" for memory)
    std::map<std::string, std::string> params;
    std::string original;  // as given (may hold a password: never print it)

    std::string redacted() const;  // the URL with the password replaced by ***
};

// Throws Error naming what is wrong with the URL (and never echoing a password).
DatabaseUrl parse_database_url(const std::string& url);

// Replaces every occurrence of `secret` in `text` with "***" (for driver messages).
std::string redact(std::string text, const std::string& secret);

}  // namespace schemactl
