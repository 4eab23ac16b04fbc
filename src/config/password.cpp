#include "config/password.hpp"

#include <cstdlib>
#include <fstream>

#include "schema/dialects.hpp"
#include "schema/error.hpp"

namespace schemactl {

const char* password_variable(const std::string& scheme) {
    const DialectInfo* d = find_dialect_by_scheme(scheme);
    return d && !d->password_variable.empty() ? d->password_variable.data() : nullptr;
}

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
    const char* var = password_variable(url.scheme);
    const char* env = var ? std::getenv(var) : nullptr;
    return env ? env : "";
}

}  // namespace schemactl
