#include "config/database_url.hpp"

#include <charconv>

#include "schema/error.hpp"

namespace schemactl {

static std::string percent_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() + 0 && i + 2 <= s.size() - 1) {
            int v = 0;
            auto r = std::from_chars(s.data() + i + 1, s.data() + i + 3, v, 16);
            if (r.ec == std::errc() && r.ptr == s.data() + i + 3) {
                out += static_cast<char>(v);
                i += 2;
                continue;
            }
        }
        out += s[i];
    }
    return out;
}

std::string redact(std::string text, const std::string& secret) {
    if (secret.empty()) return text;
    for (std::size_t p = text.find(secret); p != std::string::npos; p = text.find(secret, p + 3))
        text.replace(p, secret.size(), "***");
    return text;
}

std::string DatabaseUrl::redacted() const {
    if (scheme == "sqlite") return original;
    std::string rest = host;
    if (port) rest += ":" + std::to_string(port);
    rest += "/" + database;
    char sep = '?';
    for (const auto& [k, v] : params) {
        rest += sep + k + "=" + (k == "password" ? "***" : v);
        sep = '&';
    }
    std::string who = user.empty() ? "" : user + (password.empty() ? "" : ":***") + "@";
    // The password's text may also stand in another part (a user or database
    // named like it): scrub everywhere, an odd-looking URL beats a leak.
    return scheme + "://" + redact(who, password) + redact(rest, password);
}

DatabaseUrl parse_database_url(const std::string& url) {
    DatabaseUrl u;
    u.original = url;
    auto colon = url.find(':');
    if (colon == std::string::npos || colon == 0)
        throw Error("database URL has no scheme: expected sqlite:FILE, postgres://user@host/db or mysql://user@host/db");
    std::string scheme = url.substr(0, colon);
    if (scheme == "sqlite" || scheme == "sqlite3") {
        u.scheme = "sqlite";
        std::string path = url.substr(colon + 1);
        if (path.rfind("//", 0) == 0) path = path.substr(2);  // sqlite://path
        if (path.empty()) throw Error("database URL 'sqlite:' names no file: write sqlite:path/to/app.db or sqlite::memory:");
        u.database = path;
        return u;
    }
    if (scheme == "postgres" || scheme == "postgresql") u.scheme = "postgres";
    else if (scheme == "mysql" || scheme == "mariadb") u.scheme = "mysql";
    else
        throw Error("unknown database URL scheme '" + scheme +
                    "': use sqlite:, postgres://, postgresql://, mysql:// or mariadb://");
    if (url.compare(colon, 3, "://") != 0)
        throw Error("database URL for " + u.scheme + " must look like " + scheme + "://user@host:port/database");
    std::string rest = url.substr(colon + 3);
    std::string query;
    if (auto q = rest.find('?'); q != std::string::npos) {
        query = rest.substr(q + 1);
        rest = rest.substr(0, q);
    }
    std::string authority = rest, path;
    if (auto slash = rest.find('/'); slash != std::string::npos) {
        authority = rest.substr(0, slash);
        path = rest.substr(slash + 1);
    }
    if (auto at = authority.rfind('@'); at != std::string::npos) {
        std::string userinfo = authority.substr(0, at);
        authority = authority.substr(at + 1);
        if (auto c = userinfo.find(':'); c != std::string::npos) {
            u.user = percent_decode(userinfo.substr(0, c));
            u.password = percent_decode(userinfo.substr(c + 1));
        } else {
            u.user = percent_decode(userinfo);
        }
    }
    std::string host = authority;
    if (!authority.empty() && authority.front() == '[') {  // [::1]:5432
        auto close = authority.find(']');
        if (close == std::string::npos) throw Error("database URL has an unclosed '[' in the host");
        host = authority.substr(1, close - 1);
        authority = authority.substr(close + 1);
        if (!authority.empty() && authority.front() == ':') authority = authority.substr(1);
        else authority.clear();
        if (!authority.empty()) host += ":" + authority;  // re-split below
    }
    if (auto c = host.rfind(':'); c != std::string::npos && host.find(':') == c) {
        std::string port = host.substr(c + 1);
        host = host.substr(0, c);
        int p = 0;
        auto r = std::from_chars(port.data(), port.data() + port.size(), p);
        if (r.ec != std::errc() || r.ptr != port.data() + port.size() || p <= 0 || p > 65535)
            throw Error("database URL has a bad port '" + port + "': expected a number from 1 to 65535");
        u.port = p;
    }
    u.host = percent_decode(host);
    u.database = percent_decode(path);
    while (!query.empty()) {
        auto amp = query.find('&');
        std::string kv = query.substr(0, amp);
        query = amp == std::string::npos ? "" : query.substr(amp + 1);
        if (kv.empty()) continue;
        auto eq = kv.find('=');
        if (eq == std::string::npos) throw Error("database URL parameter '" + kv + "' has no value: write key=value");
        u.params[percent_decode(kv.substr(0, eq))] = percent_decode(kv.substr(eq + 1));
    }
    if (auto it = u.params.find("password"); it != u.params.end()) {
        if (u.password.empty()) u.password = it->second;
        u.params.erase(it);
    }
    if (u.host.empty() && !u.params.count("socket") && !u.params.count("host"))
        throw Error("database URL " + u.redacted() + " names no host: write " + scheme + "://user@host/database");
    return u;
}

}  // namespace schemactl
