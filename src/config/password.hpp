#pragma once
// The password of a server database, found in one order for every database.
#include <string>

#include "config/database_url.hpp"

namespace schemactl {

// The URL's password, else the file of --password-file (its first line),
// else the client's variable (PGPASSWORD, MYSQL_PWD); "" when none is given.
// An explicit choice (URL, flag) wins over the environment.
std::string resolve_password(const DatabaseUrl& url);

// The environment variable a database's own client reads the password from.
const char* password_variable(const std::string& scheme);  // nullptr: none (SQLite)

}  // namespace schemactl
