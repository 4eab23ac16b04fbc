#include "config/database_url.hpp"

#include <cctype>
#include <charconv>
#include <vector>

#include <fmt/format.h>

#include "schema/dialects.hpp"
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
    if (dialect_info(scheme).file_database) return original;
    std::string rest = host.find(':') != std::string::npos ? "[" + host + "]" : host;  // IPv6
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

namespace {

// "sqlite:, sqlite3:, postgres://, ..." from the dialects' URL schemes.
std::string known_schemes() {
    std::vector<std::string> all;
    for (const auto& d : dialect_infos())
        for (auto s : d.url_schemes) all.push_back(std::string(s) + (d.file_database ? ":" : "://"));
    return fmt::format("{}", fmt::join(all, ", "));
}

// The scheme as written, when it is harmless to print (a short word), else "".
std::string printable_scheme(const std::string& scheme) {
    if (scheme.empty() || scheme.size() > 16 || !std::isalpha(static_cast<unsigned char>(scheme[0]))) return "";
    for (char c : scheme)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return "";
    return scheme;
}

// A URL that does not parse may hold a password whose special characters were
// not percent-encoded, and any piece of it could be that password: the error
// names the scheme and what is wrong, and nothing else of the text.
[[noreturn]] void unparsable(const std::string& scheme, const std::string& what) {
    const DialectInfo* d = find_dialect_by_scheme(scheme);
    std::string env = d && !d->password_variable.empty() ? std::string(d->password_variable) : "PGPASSWORD";
    throw Error("the " + scheme + " database URL does not parse: " + what +
                " (the URL is not shown: it may hold the password).\n  If the password has any of the characters "
                "@ : / ? # % [ ] or spaces, percent-encode them in the URL (@ as %40, / as %2F, ? as %3F, "
                "# as %23, % as %25), or leave the password out of the URL and give it with --password-file or " +
                env);
}

// user:password@ off the front of the authority, into u; authority keeps the rest.
void take_userinfo(DatabaseUrl& u, std::string& authority) {
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
}

// host, [IPv6 host] and :port, into u.
void parse_host_port(DatabaseUrl& u, const std::string& authority) {
    std::string host = authority, port;
    const bool bracketed = !host.empty() && host.front() == '[';
    if (bracketed) {  // [::1]:5432
        auto close = host.find(']');
        if (close == std::string::npos) unparsable(u.scheme, "the host has an unclosed '['");
        std::string tail = host.substr(close + 1);
        host = host.substr(1, close - 1);
        if (!tail.empty() && tail.front() != ':') unparsable(u.scheme, "something follows the ']' of the host");
        if (!tail.empty()) port = tail.substr(1);
        if (tail == ":") unparsable(u.scheme, "the port after ':' is empty");
    } else if (auto c = host.find(':'); c != std::string::npos) {
        port = host.substr(c + 1);
        host = host.substr(0, c);
        if (port.empty()) unparsable(u.scheme, "the port after ':' is empty");
    }
    if (host.find_first_of(bracketed ? "[]" : ":[]") != std::string::npos)
        unparsable(u.scheme, "the host part has a stray ':', '[' or ']'");
    if (!port.empty()) {
        // Not echoed: when the '@' is missing, the "port" is the password.
        int p = 0;
        auto r = std::from_chars(port.data(), port.data() + port.size(), p);
        if (r.ec != std::errc() || r.ptr != port.data() + port.size() || p <= 0 || p > 65535)
            unparsable(u.scheme, "the port is not a number from 1 to 65535");
        u.port = p;
    }
    u.host = percent_decode(host);
}

// key=value&... after the '?', into u.params; a password parameter becomes u.password.
void parse_query(DatabaseUrl& u, std::string query) {
    for (std::size_t n = 1; !query.empty(); ++n) {
        auto amp = query.find('&');
        std::string kv = query.substr(0, amp);
        query = amp == std::string::npos ? "" : query.substr(amp + 1);
        if (kv.empty()) continue;
        auto eq = kv.find('=');
        // Not echoed either: it may be a piece of a password with an '&'.
        if (eq == std::string::npos)
            unparsable(u.scheme, "parameter " + std::to_string(n) + " after '?' has no '=': write key=value");
        u.params[percent_decode(kv.substr(0, eq))] = percent_decode(kv.substr(eq + 1));
    }
    if (auto it = u.params.find("password"); it != u.params.end()) {
        if (u.password.empty()) u.password = it->second;
        u.params.erase(it);
    }
}

}  // namespace

DatabaseUrl parse_database_url(const std::string& url) {
    DatabaseUrl u;
    u.original = url;
    auto colon = url.find(':');
    if (colon == std::string::npos || colon == 0)
        throw Error(
            "database URL has no scheme: expected sqlite:FILE, postgres://user@host/db or mysql://user@host/db");
    std::string scheme = url.substr(0, colon);
    const DialectInfo* dialect = find_dialect_by_scheme(scheme);
    if (dialect && dialect->file_database) {
        u.scheme = dialect->name;
        std::string path = url.substr(colon + 1);
        if (path.rfind("//", 0) == 0) path = path.substr(2);  // sqlite://path
        if (path.empty())
            throw Error(fmt::format("database URL '{}:' names no file: write {}:path/to/app.db or {}::memory:", scheme,
                                    scheme, scheme));
        u.database = path;
        return u;
    }
    if (dialect) u.scheme = dialect->name;
    else if (std::string shown = printable_scheme(scheme); !shown.empty())
        throw Error("unknown database URL scheme '" + shown + "': use " + known_schemes());
    else
        throw Error(
            "the database URL does not start with a known scheme (the URL is not shown: it may hold a "
            "password): use " +
            known_schemes());
    if (url.compare(colon, 3, "://") != 0)
        throw Error("database URL for " + u.scheme + " must look like " + scheme + "://user@host:port/database");
    std::string rest = url.substr(colon + 3);
    for (char c : rest)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) unparsable(u.scheme, "it has a control character");
    if (rest.find('#') != std::string::npos) unparsable(u.scheme, "it has a '#'");
    // RFC 3986: the authority (user:password@host:port) ends at the first '/'
    // or '?'. An '@' after that point means a '/' or '?' inside the password.
    auto end = rest.find_first_of("/?");
    std::string authority = rest.substr(0, end);
    std::string after = end == std::string::npos ? "" : rest.substr(end);
    if (after.find('@') != std::string::npos)
        unparsable(u.scheme, "an '@' follows the host part, so the user and password cannot be told apart");
    std::string path, query;
    if (auto q = after.find('?'); q != std::string::npos) {
        query = after.substr(q + 1);
        after = after.substr(0, q);
    }
    if (!after.empty()) path = after.substr(1);  // after the '/'
    take_userinfo(u, authority);
    parse_host_port(u, authority);
    u.database = percent_decode(path);
    parse_query(u, query);
    // A URL with a password but no host is rather a password with an
    // unencoded '@' or '/' than a wish for the client's default host.
    const bool default_host = dialect->client_default_host && u.password.empty();
    if (u.host.empty() && !u.params.count("socket") && !u.params.count("host") && !default_host)
        throw Error("database URL " + u.redacted() + " names no host: write " + scheme + "://user@host/database");
    return u;
}

}  // namespace schemactl
