#include "fleet/targets.hpp"

#include <cstdlib>
#include <set>
#include <sstream>

#include "config/database_url.hpp"
#include "schema/error.hpp"

namespace schemactl {

EnvLookup process_environment() {
    return [](const std::string& name) -> std::optional<std::string> {
        const char* v = std::getenv(name.c_str());
        if (!v) return std::nullopt;
        return std::string(v);
    };
}

std::string expand_variables(std::string_view line, const std::string& where, const EnvLookup& env) {
    std::string out;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] != '$' || i + 1 >= line.size() || line[i + 1] != '{') {
            out += line[i];
            continue;
        }
        auto close = line.find('}', i + 2);
        if (close == std::string_view::npos) throw Error(where + ": unclosed ${ (write ${NAME})");
        std::string name(line.substr(i + 2, close - i - 2));
        if (name.empty()) throw Error(where + ": empty ${} (write ${NAME})");
        auto value = env(name);
        if (!value) throw Error(where + ": environment variable " + name + " is not set");
        out += *value;
        i = close;
    }
    return out;
}

namespace {

std::vector<std::string> words(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> w;
    for (std::string s; in >> s;) w.push_back(s);
    return w;
}

// The line's options after the URL: only --password-file PATH.
std::string password_file_of(const std::vector<std::string>& w, const std::string& where) {
    std::string file;
    for (std::size_t i = 1; i < w.size(); ++i) {
        if (w[i] == "--password-file" && i + 1 < w.size()) {
            file = w[++i];
        } else if (w[i].rfind("--password-file=", 0) == 0 && w[i].size() > 16) {
            file = w[i].substr(16);
        } else {
            throw Error(where + ": unexpected '" + w[i] + "' after the URL (a line is: URL [--password-file PATH])");
        }
    }
    return file;
}

Target parse_line(const std::string& raw, const std::string& where, const EnvLookup& env, const std::string& base_dir) {
    auto w = words(raw);
    Target t;
    t.where = where;
    t.url = expand_variables(w.front(), where, env);
    // The URL's own checks; their messages never echo a password.
    DatabaseUrl u;
    try {
        u = parse_database_url(t.url);
    } catch (const std::exception& e) {
        throw Error(where + ": " + e.what());
    }
    t.shown = u.redacted();
    t.dialect = u.scheme;
    std::vector<std::string> rest(w.begin(), w.end());
    for (std::size_t i = 1; i < rest.size(); ++i) rest[i] = expand_variables(rest[i], where, env);
    t.password_file = password_file_of(rest, where);
    if (!t.password_file.empty() && t.password_file.front() != '/' && !base_dir.empty())
        t.password_file = base_dir + "/" + t.password_file;
    return t;
}

}  // namespace

std::vector<Target> parse_targets(std::string_view text, const std::string& source, const EnvLookup& env,
                                  const std::string& base_dir) {
    std::vector<Target> out;
    std::set<std::string> seen;
    std::istringstream in{std::string(text)};
    std::size_t n = 0;
    for (std::string line; std::getline(in, line);) {
        ++n;
        if (auto hash = line.find('#');
            hash != std::string::npos && (hash == 0 || std::isspace(static_cast<unsigned char>(line[hash - 1]))))
            line.erase(hash);
        if (words(line).empty()) continue;
        const std::string where = source + ":" + std::to_string(n);
        Target t = parse_line(line, where, env, base_dir);
        if (!seen.insert(t.shown).second) throw Error(where + ": " + t.shown + " is listed twice");
        out.push_back(std::move(t));
    }
    if (out.empty()) throw Error(source + ": no targets (one database URL a line)");
    return out;
}

}  // namespace schemactl
