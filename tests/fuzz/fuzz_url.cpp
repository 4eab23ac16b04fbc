// libFuzzer target: the database-URL parser and redaction. Any input must
// give a URL or an Error, and no message may contain the password.
#include <cstdint>
#include <string>

#include "config/database_url.hpp"
#include "schema/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string in(reinterpret_cast<const char*>(data), size);
    try {
        auto u = schemactl::parse_database_url(in);
        auto r = u.redacted();
        // The password must never be printed where a password goes.
        // Checked part by part: the separators themselves may spell it.
        if (!u.password.empty() && u.scheme != "sqlite" && u.password.find('*') == std::string::npos) {
            auto at = r.find(":***@", u.scheme.size() + 3);
            std::string who = at == std::string::npos ? "" : r.substr(u.scheme.size() + 3, at - u.scheme.size() - 3);
            std::string rest = at == std::string::npos ? r.substr(u.scheme.size() + 3) : r.substr(at + 5);
            if (who.find(u.password) != std::string::npos || rest.find(u.password) != std::string::npos)
                __builtin_trap();
        }
    } catch (const schemactl::Error&) {
    }
    return 0;
}
