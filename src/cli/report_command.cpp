#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.hpp"
#include "fleet/report.hpp"
#include "schema/error.hpp"

namespace schemactl {

void add_report_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("report", "Fleet reports (docs/fleet.md)");
    cmd->require_subcommand(1);
    auto* merge = cmd->add_subcommand(
        "merge", "Join per-shard fleet reports (--targets ... --format json) into the fleet view and its exit code");
    struct Opts {
        std::vector<std::string> files;
        std::string format = "text";
    };
    auto o = std::make_shared<Opts>();
    merge->add_option("files", o->files, "Fleet reports written with --format json")->required();
    merge->add_option("--format", o->format, "Output: text | markdown | json")
        ->check(CLI::IsMember({"text", "markdown", "json"}));
    merge->callback([o, &exit_code] {
        std::vector<FleetReport> parts;
        for (const auto& file : o->files) {
            std::ifstream in(file);
            if (!in) throw Error("report merge: cannot read " + file);
            std::ostringstream ss;
            ss << in.rdbuf();
            parts.push_back(parse_fleet_json(ss.str(), file));
        }
        FleetReport all = merge_reports(parts);
        if (o->format == "json") std::cout << fleet_json(all);
        else std::cout << (o->format == "markdown" ? fleet_markdown(all) : fleet_text(all));
        exit_code = fleet_exit(all);
    });
}

}  // namespace schemactl
