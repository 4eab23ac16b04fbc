#include <fmt/format.h>

#include <iostream>

#include "cli/commands.hpp"
#include "cli/session.hpp"

namespace schemactl {

void add_ping_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("ping", "Connect, print the server version and dialect");
    auto o = std::make_shared<CommonOptions>();
    add_common_options(*cmd, *o);
    cmd->callback([o, &exit_code] {
        Session s(*o);
        Connection& c = s.connect(false).connection();
        std::cout << fmt::format("{} {} at {}\n", s.dialect().name(), c.server_version(), s.url().redacted());
        (void)exit_code;
    });
}

}  // namespace schemactl
