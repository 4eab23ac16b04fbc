#pragma once
// The fleet report (docs/fleet.md, docs/output.md "fleet"): one result per
// target, the exit-code rule, the drift matrix of `plan --targets` in text,
// Markdown and JSON, and `report merge` of per-shard JSON reports. Pure.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace schemactl {

struct TargetResult {
    std::string target;                          // the URL, password masked
    std::string dialect;                         // sqlite | postgres | mysql
    std::optional<int> exit_code;                // none: not run (--fail-fast, --canary)
    std::string status;                          // in sync | changes pending | done | stopped | error | not run
    std::string result;                          // the child's own `result` (sync: applied, in sync, ...), or ""
    std::string message;                         // why it stopped or failed
    std::int64_t pending = 0;                    // plan: steps still to run
    std::map<std::string, std::int64_t> tables;  // plan: pending steps per table
    double seconds = 0;
};

struct FleetReport {
    std::string command;  // plan | sync | create | ping
    std::string shard;    // "K/N", or "" for the whole list
    std::vector<TargetResult> targets;
};

// The worst of the exit codes: 1 (error) > 3 (stopped) > 2 (pending) > 0.
int worst_exit(int a, int b);
int fleet_exit(const FleetReport& r);

// Reads one child's JSON document (its stdout) and exit status into a result.
// A child that printed no document (killed, crashed) is an error with its
// stderr (already masked) as the message.
TargetResult result_from_child(const std::string& command, int exit_code, const std::string& out,
                               const std::string& err);
std::string status_for(const std::string& command, int exit_code);

// The fleet document (format_version 1, command "fleet"), with a final newline.
std::string fleet_json(const FleetReport& r);
// Text: a results table (sync, create, ping) or the drift matrix (plan),
// then a summary line. Markdown: the same as tables.
std::string fleet_text(const FleetReport& r);
std::string fleet_markdown(const FleetReport& r);

// Reads fleet documents (from --format json) and joins them. Errors: not a
// fleet document, different commands, a target in two files.
FleetReport parse_fleet_json(const std::string& text, const std::string& name);
FleetReport merge_reports(const std::vector<FleetReport>& parts);

}  // namespace schemactl
