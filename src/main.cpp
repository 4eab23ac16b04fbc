// CLI11 wiring only: commands live in cli/, one file each.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.hpp"
#include "schema/error.hpp"

int main(int argc, char** argv) {
    using namespace schemactl;
    CLI::App app{"schemactl: keep live database tables in line with TOML table definitions"};
    app.require_subcommand(1);
    const std::string version = "schemactl " SCHEMACTL_VERSION;
    app.set_version_flag("--version", version);
    int exit_code = 0;
    add_create_command(app, exit_code);
    add_sync_command(app, exit_code);
    add_plan_command(app, exit_code);
    add_recreate_command(app, exit_code);
    add_inspect_command(app, exit_code);
    add_validate_command(app, exit_code);
    add_ping_command(app, exit_code);
    add_diagram_command(app, exit_code);
    add_complete_command(app);
    add_man_command(app, version);
    add_json_schema_command(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? 0 : 1;
    } catch (const SafetyStop& e) {
        std::cerr << "schemactl: stopped: " << e.what() << "\n";
        return 3;
    } catch (const Error& e) {
        std::cerr << "schemactl: error: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "schemactl: error: " << e.what() << "\n";
        return 1;
    }
    return exit_code;
}
