#include "config/config.hpp"

#include <toml++/toml.h>
#include <charconv>
#include <cstdlib>
#include <filesystem>

#include "schema/dialects.hpp"
#include "schema/error.hpp"

namespace schemactl {

int parse_duration_ms(const std::string& s) {
    long long v = 0;
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    std::string unit(r.ptr, s.data() + s.size());
    if (r.ec != std::errc() || v < 0) throw Error("bad duration '" + s + "': write e.g. 5s, 500ms or 2m");
    if (unit.empty() || unit == "ms") return static_cast<int>(v);
    if (unit == "s") return static_cast<int>(v * 1000);
    if (unit == "m" || unit == "min") return static_cast<int>(v * 60000);
    throw Error("bad duration '" + s + "': unit must be ms, s or m");
}

static std::string where(const std::string& file, const toml::node& n) {
    return file + ":" + std::to_string(n.source().begin.line) + ":" + std::to_string(n.source().begin.column);
}

static std::vector<std::string> string_list(const std::string& file, const toml::node& n, const char* key) {
    const auto* arr = n.as_array();
    if (!arr) throw Error(where(file, n) + ": '" + key + "' must be an array of strings");
    std::vector<std::string> out;
    for (const auto& e : *arr) {
        auto s = e.value<std::string>();
        if (!s) throw Error(where(file, e) + ": '" + key + "' must hold only strings");
        out.push_back(*s);
    }
    return out;
}

// A relative SQLite file in the config file is relative to the config file's
// folder, like its schema paths: `--config other/schemactl.toml` must not make
// a new database in whatever folder the command runs from. Other URLs, and
// URLs from flags or the environment, are left as written.
std::string resolve_sqlite_path(const std::string& url, const std::filesystem::path& base) {
    if (base.empty()) return url;
    auto colon = url.find(':');
    if (colon == std::string::npos) return url;
    std::string scheme = url.substr(0, colon);
    const DialectInfo* d = find_dialect_by_scheme(scheme);
    if (!d || !d->file_database) return url;
    std::string prefix = url.substr(0, colon + 1), path = url.substr(colon + 1);
    if (path.rfind("//", 0) == 0) {
        prefix += "//";
        path = path.substr(2);
    }
    // file: URIs (sqlite:file:app.db?mode=ro) carry the path after "file:".
    if (path.rfind("file:", 0) == 0) {
        prefix += "file:";
        path = path.substr(5);
        if (path.rfind("//", 0) == 0) return url;  // file://host/abs: absolute by form
    }
    if (path.empty() || path.front() == ':' || std::filesystem::path(path).is_absolute()) return url;  // :memory:
    return prefix + (base / path).string();
}

static void read_file(const std::string& file, Config& c) {
    toml::table root;
    try {
        root = toml::parse_file(file);
    } catch (const toml::parse_error& e) {
        throw Error(file + ":" + std::to_string(e.source().begin.line) + ":" + std::to_string(e.source().begin.column) +
                    ": " + std::string(e.description()));
    }
    c.file = file;
    for (const auto& [section, node] : root) {
        const auto* tbl = node.as_table();
        if (!tbl)
            throw Error(where(file, node) + ": unknown setting '" + std::string(section.str()) +
                        "': expected the sections [database], [schema], [safety]");
        for (const auto& [k, v] : *tbl) {
            std::string key = std::string(section.str()) + "." + std::string(k.str());
            if (key == "database.url") {
                auto s = v.value<std::string>();
                if (!s) throw Error(where(file, v) + ": database.url must be a string");
                c.database_url = resolve_sqlite_path(*s, std::filesystem::path(file).parent_path());
                c.database_url_source = file;
            } else if (key == "schema.paths") {
                c.schema_paths = string_list(file, v, "schema.paths");
                // Relative paths are relative to the config file's folder.
                auto base = std::filesystem::path(file).parent_path();
                for (auto& p : c.schema_paths)
                    if (std::filesystem::path(p).is_relative() && !base.empty()) p = (base / p).string();
            } else if (key == "safety.protected_columns") {
                c.protected_columns = string_list(file, v, "safety.protected_columns");
            } else if (key == "safety.lock_timeout") {
                auto s = v.value<std::string>();
                if (!s) throw Error(where(file, v) + ": safety.lock_timeout must be a string like \"5s\"");
                try {
                    c.lock_timeout_ms = parse_duration_ms(*s);
                } catch (const Error& e) {
                    throw Error(where(file, v) + ": " + e.what());
                }
            } else if (key == "safety.lock_attempt") {
                auto s = v.value<std::string>();
                if (!s) throw Error(where(file, v) + ": safety.lock_attempt must be a string like \"200ms\"");
                try {
                    c.lock_attempt_ms = parse_duration_ms(*s);
                } catch (const Error& e) {
                    throw Error(where(file, v) + ": " + e.what());
                }
            } else {
                throw Error(where(file, v) + ": unknown setting '" + key +
                            "': known are database.url, schema.paths, safety.protected_columns, safety.lock_timeout, "
                            "safety.lock_attempt");
            }
        }
    }
}

Config load_config(const ConfigFlags& flags) {
    Config c;
    if (!flags.config_file.empty()) {
        if (!std::filesystem::exists(flags.config_file))
            throw Error("config file " + flags.config_file + " does not exist");
        read_file(flags.config_file, c);
    } else if (std::filesystem::exists("schemactl.toml")) {
        read_file("schemactl.toml", c);
    }
    for (const char* var : {"DATABASE_URL", "SCHEMACTL_DATABASE_URL"}) {  // the latter wins
        if (const char* v = std::getenv(var); v && *v) {
            c.database_url = v;
            c.database_url_source = var;
        }
    }
    if (!flags.database_url.empty()) {
        c.database_url = flags.database_url;
        c.database_url_source = "--db";
    }
    if (!flags.schema_paths.empty()) c.schema_paths = flags.schema_paths;
    return c;
}

}  // namespace schemactl
