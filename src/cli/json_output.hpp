#pragma once
// --format json on the commands: the option, and errors as JSON documents
// when JSON was asked for (docs/output.md).
#include <toml++/toml.h>
#include <CLI/CLI.hpp>
#include <string>
#include <string_view>

namespace schemactl {

// Adds --format with these choices (the first is the default) to a command.
void add_format_option(CLI::App& cmd, std::string& format, const std::vector<std::string>& choices);

// The command run with `--format json`, or "" (main: print errors as JSON).
std::string json_command(const CLI::App& app);

// Prints the document for a command that ended with `exit_code` on stdout.
void print_json(std::string_view command, int exit_code, toml::table body);

// Prints the error document of `command` for the exception being handled
// (call from a catch block): kind "usage" (exit 1), "error" (1) or
// "stopped" (3), with the schema files' problems when there were any.
void print_json_error(std::string_view command, std::string_view kind, const std::exception& e, int exit_code);

}  // namespace schemactl
