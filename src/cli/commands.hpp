#pragma once
// One function per command: registers it on the app; the callback runs it
// and stores the exit code.
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace schemactl {

void add_create_command(CLI::App& app, int& exit_code);
void add_sync_command(CLI::App& app, int& exit_code);
void add_plan_command(CLI::App& app, int& exit_code);
void add_recreate_command(CLI::App& app, int& exit_code);
void add_inspect_command(CLI::App& app, int& exit_code);
void add_validate_command(CLI::App& app, int& exit_code);
void add_ping_command(CLI::App& app, int& exit_code);
void add_diagram_command(CLI::App& app, int& exit_code);
// report merge: joins per-shard fleet reports (docs/fleet.md).
void add_report_command(CLI::App& app, int& exit_code);
// Hidden commands: shell completion and the man page, read from the app
// itself, and the JSON Schema of the file format, from the reader's keys.
void add_complete_command(CLI::App& app);
void add_man_command(CLI::App& app, const std::string& version);
void add_json_schema_command(CLI::App& app);
std::vector<std::string> complete_words(const CLI::App& app, const std::vector<std::string>& words);

}  // namespace schemactl
