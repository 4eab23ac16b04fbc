#pragma once
// --targets FILE / --targets-cmd CMD on plan, sync, create and ping: the
// command runs on every target as a child process of schemactl (one URL
// each, --format json) and the results are joined into a fleet report
// (docs/fleet.md).
#include <CLI/CLI.hpp>
#include <cstddef>
#include <string>

#include "cli/session.hpp"

namespace schemactl {

struct FleetOptions {
    std::string targets, targets_cmd, shard;
    std::size_t jobs = 1, canary = 0;
    bool fail_fast = false;
    bool active() const { return !targets.empty() || !targets_cmd.empty(); }
};

// Adds --targets, --targets-cmd, --jobs, --canary, --fail-fast, --shard.
void add_fleet_options(CLI::App& cmd, FleetOptions& f);

// main(): the arguments, from which each target's child command is made.
void remember_arguments(int argc, char** argv);

// Runs `command` on the fleet and prints the report in `format` (text,
// markdown or json); returns the exit code (the worst of the targets').
// Arguments that do not combine with targets are usage errors (exit 1).
int run_fleet(const std::string& command, const FleetOptions& f, const CommonOptions& common,
              const std::string& format);

}  // namespace schemactl
