#include <fmt/format.h>

#include <iostream>

#include "apply/apply.hpp"
#include "cli/commands.hpp"
#include "cli/fleet.hpp"
#include "cli/json_output.hpp"
#include "cli/session.hpp"
#include "cli/terminal.hpp"
#include "plan/create_plan.hpp"
#include "plan/format.hpp"
#include "plan/format_json.hpp"
#include "schema/error.hpp"

namespace schemactl {

namespace {

struct CreateOptions {
    CommonOptions common;
    std::vector<std::string> tables;
    bool force = false, test_connection = false, yes = false;
    std::size_t batch = 0;
    std::string format;
    FleetOptions fleet;
    bool json() const { return format == "json"; }
};

toml::array names_json(const std::vector<std::string>& names) {
    toml::array a;
    for (const auto& n : names) a.push_back(n);
    return a;
}

int test_connection(Session& s, const CreateOptions& o) {
    Connection& c = s.connect(false).connection();
    if (o.json())
        print_json("create", 0,
                   toml::table{{"connected", true},
                               {"dialect", s.dialect().name()},
                               {"server_version", c.server_version()},
                               {"database", s.url().redacted()}});
    else
        std::cout << fmt::format("connected to {} ({} {})\n", s.url().redacted(), s.dialect().name(),
                                 c.server_version());
    return 0;
}

// Asks before anything is dropped or created (text mode); false: the person said no.
bool confirmed(const Session& s, const CreateOptions& o, const CreatePlan& cp) {
    if (!cp.dropped.empty())
        return confirm(fmt::format("Drop and recreate {}? Every row in them is lost.", fmt::join(cp.dropped, ", ")),
                       o.yes, "drop and recreate tables");
    if (o.yes) return true;
    if (!stdin_is_terminal())
        throw SafetyStop(
            "refusing to create tables without --yes: there is no terminal to ask for "
            "confirmation. Nothing was changed.");
    std::cout << format_plan(cp.plan, PlanFormat::text, {stdout_colour(), s.dialect().name(), ""});
    return confirm("Create these tables?", false, "create tables");
}

int run_create(Session& s, const CreateOptions& o) {
    if (o.test_connection) return test_connection(s, o);
    if (o.force && o.tables.empty())
        throw Error("--force drops tables: name them with --tables (every table is never implied)");
    if (o.json() && !o.yes)
        throw SafetyStop(
            "create --format json does not ask (a prompt would break the JSON): pass --yes; "
            "nothing was changed");
    Schema desired = s.desired();
    s.check_tables_known(o.tables, desired, "the schema files");
    s.connect_locked(true);
    CreatePlan cp = make_create_plan(desired, s.inspect(), o.tables, o.force, s.dialect(), s.safety());
    ApplyOutcome outcome;
    std::string error;
    auto finish = [&](int code) {
        if (o.json()) {
            toml::table body{{"dialect", s.dialect().name()},
                             {"database", s.url().redacted()},
                             {"created", names_json(code == 0 ? cp.created : std::vector<std::string>{})},
                             {"existing", names_json(cp.existing)},
                             {"dropped", names_json(code == 0 ? cp.dropped : std::vector<std::string>{})},
                             {"applied", step_refs_json(outcome.applied)},
                             {"failed", step_refs_json(outcome.failed)},
                             {"not_applied", step_refs_json(outcome.not_applied)}};
            if (!error.empty()) body.insert_or_assign("error", *json_error("error", error)["error"].as_table());
            print_json("create", code, std::move(body));
        }
        return code;
    };
    if (!o.json())
        for (const auto& name : cp.existing) std::cout << name << ": exists — run sync to change it\n";
    if (cp.created.empty()) {
        if (!o.json()) std::cout << "Nothing to create.\n";
        return finish(0);
    }
    if (!o.json() && !confirmed(s, o, cp)) {
        std::cout << "Nothing was changed.\n";
        return 3;
    }
    try {
        apply_plan_steps(s.connect(true), s.dialect(), cp.plan.steps, s.apply_options(), o.batch,
                         o.json() ? ProgressFn{} : print_progress(), &outcome);
    } catch (const Error& e) {
        if (!o.json()) throw;
        std::cerr << "schemactl: error: " << e.what() << "\n";
        error = e.what();
        return finish(1);
    }
    if (!o.json())
        std::cout << fmt::format("Created {} table{}.\n", cp.created.size(), cp.created.size() == 1 ? "" : "s");
    return finish(0);
}

}  // namespace

void add_create_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("create", "First deployment: create the tables that do not exist yet");
    auto o = std::make_shared<CreateOptions>();
    add_common_options(*cmd, o->common);
    add_engine_option(*cmd, o->common);
    cmd->add_option("--tables", o->tables, "Only these tables");
    cmd->add_flag("--force", o->force, "Drop and recreate the named tables (their rows are lost; asks first)");
    cmd->add_flag("--test-connection", o->test_connection, "Only connect and report; create nothing");
    cmd->add_flag("-y,--yes", o->yes, "Do not ask");
    cmd->add_option("--batch", o->batch, "Create in transactions of N tables each (for very many tables)");
    add_format_option(*cmd, o->format, {"text", "json"});
    add_fleet_options(*cmd, o->fleet);
    cmd->callback([o, &exit_code] {
        if (o->fleet.active()) {
            if (!o->yes && !o->test_connection)
                throw SafetyStop("create --targets does not ask per target: pass --yes; nothing was changed");
            exit_code = run_fleet("create", o->fleet, o->common, o->format);
            return;
        }
        Session s(o->common);
        exit_code = run_create(s, *o);
    });
}

}  // namespace schemactl
