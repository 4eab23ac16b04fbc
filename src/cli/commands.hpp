#pragma once
// One function per command: registers it on the app; the callback runs it
// and stores the exit code.
#include <CLI/CLI.hpp>

namespace schemactl {

void add_create_command(CLI::App& app, int& exit_code);
void add_sync_command(CLI::App& app, int& exit_code);
void add_plan_command(CLI::App& app, int& exit_code);
void add_recreate_command(CLI::App& app, int& exit_code);
void add_inspect_command(CLI::App& app, int& exit_code);
void add_validate_command(CLI::App& app, int& exit_code);
void add_ping_command(CLI::App& app, int& exit_code);

}  // namespace schemactl
