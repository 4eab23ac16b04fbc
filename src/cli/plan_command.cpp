#include <iostream>

#include "cli/commands.hpp"
#include "cli/fleet.hpp"
#include "cli/planning.hpp"
#include "cli/terminal.hpp"
#include "plan/format.hpp"

namespace schemactl {

void add_plan_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("plan", "Dry run for CI: print what differs; exit 0 in sync, 2 changes pending");
    struct Opts {
        CommonOptions common;
        std::vector<std::string> tables;
        std::string format = "text";
        bool allow_drop = false;
        FleetOptions fleet;
    };
    auto o = std::make_shared<Opts>();
    add_common_options(*cmd, o->common);
    cmd->add_option("--tables", o->tables, "Only these tables");
    cmd->add_option("--format", o->format, plan_format_names())
        ->check(CLI::IsMember({"text", "sql", "json", "markdown", "github"}));
    cmd->add_flag("--allow-drop", o->allow_drop, "Show drops as sync --allow-drop would run them");
    cmd->add_option("--from-snapshot", o->common.from_snapshot,
                    "Plan against a file from `inspect --snapshot` instead of a database (no connection; data "
                    "checks not evaluated)");
    add_fleet_options(*cmd, o->fleet);
    cmd->callback([o, &exit_code] {
        if (o->fleet.active()) {
            exit_code = run_fleet("plan", o->fleet, o->common, o->format);
            return;
        }
        Session s(o->common);
        PlanOptions po;
        po.allow_drop = o->allow_drop;
        auto p = compute_plan(s, o->tables, po, true);
        std::cout << s.timed("render", [&] {
            FormatOptions fo{o->format == "text" && stdout_colour(), s.dialect().name(), s.database_shown()};
            fo.changes = &p.changes;  // TOML positions for `github` annotations
            return format_plan(p.plan, parse_plan_format(o->format), fo);
        });
        exit_code = p.plan.pending() > 0 ? 2 : 0;
    });
}

}  // namespace schemactl
