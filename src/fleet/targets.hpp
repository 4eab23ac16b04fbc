#pragma once
// The targets of a fleet run (docs/fleet.md): one database URL a line, `#`
// comments and blank lines, ${VAR} expanded, an optional
// `--password-file PATH` after the URL. Pure: the environment is passed in.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace schemactl {

struct Target {
    std::string url;            // expanded; may hold a password: never print it
    std::string password_file;  // the line's --password-file, or ""
    std::string shown;          // the URL with its password masked: the target's identity
    std::string dialect;        // sqlite | postgres | mysql
    std::string where;          // file:line it came from
};

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

// The process environment, for parse_targets.
EnvLookup process_environment();

// Replaces ${NAME} by its value; an unset variable or an unclosed ${ is an
// Error naming `where` (file:line).
std::string expand_variables(std::string_view line, const std::string& where, const EnvLookup& env);

// Parses the list read from `source` (a file name, or "--targets-cmd").
// A relative --password-file is taken from `base_dir` when it is not empty.
// Any bad line: an Error naming source:line, and no target is returned.
// The same target twice is an error too (both runs would want its lock).
std::vector<Target> parse_targets(std::string_view text, const std::string& source, const EnvLookup& env,
                                  const std::string& base_dir = "");

}  // namespace schemactl
