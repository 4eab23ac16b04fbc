#include <fmt/format.h>

#include <iostream>

#include "cli/commands.hpp"
#include "cli/fleet.hpp"
#include "cli/json_output.hpp"
#include "cli/session.hpp"

namespace schemactl {

void add_ping_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("ping", "Connect, print the server version and dialect");
    struct Opts {
        CommonOptions common;
        std::string format;
        FleetOptions fleet;
    };
    auto o = std::make_shared<Opts>();
    add_common_options(*cmd, o->common);
    add_format_option(*cmd, o->format, {"text", "json"});
    add_fleet_options(*cmd, o->fleet);
    cmd->callback([o, &exit_code] {
        if (o->fleet.active()) {
            exit_code = run_fleet("ping", o->fleet, o->common, o->format);
            return;
        }
        Session s(o->common);
        Connection& c = s.connect(false).connection();
        const std::string version = c.server_version();
        const Engine& e = s.engine();
        if (o->format == "json") {
            toml::table engine{
                {"name", e.name}, {"title", e.title}, {"version", e.version}, {"supported", e.supported}};
            if (!e.supported) engine.insert("why_not", e.why_not);
            print_json("ping", 0,
                       toml::table{{"dialect", s.dialect().name()},
                                   {"server_version", version},
                                   {"database", s.url().redacted()},
                                   {"engine", std::move(engine)}});
        } else {
            std::cout << fmt::format("{} {} at {}\n", s.dialect().name(), version, s.url().redacted());
            std::cout << "engine: " << e.title
                      << (e.supported ? ""
                                      : " (not supported yet: sync and create stop there unless --allow-engine " +
                                            e.name + "; " + e.why_not + ")")
                      << "\n";
        }
        exit_code = 0;
    });
}

}  // namespace schemactl
