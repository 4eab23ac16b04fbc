#pragma once
// Settings from flags, environment, schemactl.toml and built-in defaults, in
// that order of precedence (docs/commands.md).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace schemactl {

struct Config {
    std::string database_url = "sqlite:schemactl.db";
    std::string database_url_source = "default";  // flag | SCHEMACTL_DATABASE_URL | DATABASE_URL | file | default
    std::vector<std::string> schema_paths{"schemas"};
    std::vector<std::string> protected_columns{"id", "created_at"};
    int lock_timeout_ms = 5000;
    int lock_attempt_ms = 200;  // [safety] lock_attempt (PostgreSQL's apply, docs/safety.md)
    std::string file;           // the config file read, if any
};

struct ConfigFlags {
    std::string config_file;                // --config (must exist when given)
    std::string database_url;               // --db
    std::vector<std::string> schema_paths;  // --schema
    std::string password_file;              // --password-file
};

// Throws Error naming the file:line of a bad setting.
Config load_config(const ConfigFlags& flags);

// A relative sqlite: path made relative to `base` (the config file's folder);
// every other URL unchanged.
std::string resolve_sqlite_path(const std::string& url, const std::filesystem::path& base);

// "5s", "500ms", "2m", "1500" (ms) → milliseconds; throws Error.
int parse_duration_ms(const std::string& s);

}  // namespace schemactl
