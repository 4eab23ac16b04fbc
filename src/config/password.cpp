#include "config/password.hpp"

#include <cstdlib>
#include <fstream>

#include "schema/error.hpp"

namespace schemactl {

const char* password_variable(const std::string& scheme) { return scheme == "mysql" ? "MYSQL_PWD" : "PGPASSWORD"; }

std::string resolve_password(const DatabaseUrl& url) {
    if (!url.password.empty()) return url.password;
    if (auto it = url.params.find("password_file"); it != url.params.end()) {
        std::ifstream in(it->second);
        if (!in) throw Error("cannot read the password file " + it->second + ": check the path and its permissions");
        std::string pw;
        std::getline(in, pw);
        while (!pw.empty() && (pw.back() == '\r' || pw.back() == '\n')) pw.pop_back();
        return pw;
    }
    const char* env = std::getenv(password_variable(url.scheme));
    return env ? env : "";
}

}  // namespace schemactl
