// CLI11 wiring only: commands live in cli/, one file each.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/fleet.hpp"
#include "cli/json_output.hpp"
#include "runtime/heap.hpp"
#include "schema/error.hpp"

int main(int argc, char** argv) {
    using namespace schemactl;
    prepare_heap();
    CLI::App app{"schemactl: keep live database tables in line with TOML table definitions"};
    app.require_subcommand(1);
    const std::string version = "schemactl " SCHEMACTL_VERSION;
    app.set_version_flag("--version", version);
    remember_arguments(argc, argv);
    int exit_code = 0;
    add_create_command(app, exit_code);
    add_sync_command(app, exit_code);
    add_plan_command(app, exit_code);
    add_recreate_command(app, exit_code);
    add_inspect_command(app, exit_code);
    add_validate_command(app, exit_code);
    add_ping_command(app, exit_code);
    add_diagram_command(app, exit_code);
    add_report_command(app, exit_code);
    add_complete_command(app);
    add_man_command(app, version);
    add_json_schema_command(app);
    // Errors go to stderr for people and, when JSON was asked for, as a
    // JSON document on stdout for the program reading it.
    auto fail = [&](std::string_view kind, const std::exception& e, int rc) {
        if (auto command = json_command(app); !command.empty()) print_json_error(command, kind, e, rc);
        return rc;
    };
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? 0 : fail("usage", e, 1);
    } catch (const SafetyStop& e) {
        std::cerr << "schemactl: stopped: " << e.what() << "\n";
        return fail("stopped", e, 3);
    } catch (const std::exception& e) {
        std::cerr << "schemactl: error: " << e.what() << "\n";
        return fail("error", e, 1);
    }
    return exit_code;
}
