#include <fmt/format.h>

#include <iostream>
#include <unordered_map>

#include "apply/apply.hpp"
#include "cli/commands.hpp"
#include "cli/session.hpp"
#include "cli/terminal.hpp"
#include "diff/diff.hpp"
#include "plan/format.hpp"
#include "plan/planner.hpp"
#include "schema/error.hpp"

namespace schemactl {

void add_create_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("create", "First deployment: create the tables that do not exist yet");
    struct Opts {
        CommonOptions common;
        std::vector<std::string> tables;
        bool force = false, test_connection = false, yes = false;
        std::size_t batch = 0;
    };
    auto o = std::make_shared<Opts>();
    add_common_options(*cmd, o->common);
    cmd->add_option("--tables", o->tables, "Only these tables");
    cmd->add_flag("--force", o->force, "Drop and recreate the named tables (their rows are lost; asks first)");
    cmd->add_flag("--test-connection", o->test_connection, "Only connect and report; create nothing");
    cmd->add_flag("-y,--yes", o->yes, "Do not ask");
    cmd->add_option("--batch", o->batch, "Create in transactions of N tables each (for very many tables)");
    cmd->callback([o, &exit_code] {
        Session s(o->common);
        if (o->test_connection) {
            Connection& c = s.connect(false).connection();
            std::cout << fmt::format("connected to {} ({} {})\n", s.url().redacted(), s.dialect().name(),
                                     c.server_version());
            return;
        }
        if (o->force && o->tables.empty())
            throw Error("--force drops tables: name them with --tables (every table is never implied)");
        Schema desired = s.desired();
        s.check_tables_known(o->tables, s.portable(), "the schema files");
        s.connect_locked(true);
        Schema actual = s.inspect();
        std::unordered_map<std::string, const Table*> live;
        for (const auto& t : actual.tables) live.emplace(t.name, &t);

        std::vector<std::string> wanted = o->tables;
        if (wanted.empty())
            for (const auto& t : desired.tables) wanted.push_back(t.name);
        std::vector<std::string> to_drop;
        Changes creates;
        for (const auto& name : dependency_order(desired)) {
            if (std::find(wanted.begin(), wanted.end(), name) == wanted.end()) continue;
            bool exists = live.count(name) > 0;
            if (exists && !o->force) {
                std::cout << name << ": exists — run sync to change it\n";
                continue;
            }
            if (exists) to_drop.push_back(name);
            TableChange tc;
            tc.kind = TableChange::Kind::create;
            tc.name = name;
            tc.desired = *desired.find_table(name);
            creates.tables.push_back(tc);
        }
        if (creates.tables.empty()) {
            std::cout << "Nothing to create.\n";
            return;
        }
        Plan plan;
        // Children before parents when dropping.
        for (auto it = to_drop.rbegin(); it != to_drop.rend(); ++it) {
            Step st;
            st.table = *it;
            st.summary = "drop table " + *it + " (--force)";
            st.safety = Safety::destructive;
            st.sql = s.dialect().drop_table_sql(*live.at(*it));
            plan.steps.push_back(st);
        }
        Plan made = make_plan(creates, s.dialect(), s.safety(), {});
        plan.steps.insert(plan.steps.end(), made.steps.begin(), made.steps.end());
        if (!to_drop.empty()) {
            std::string names;
            for (const auto& n : to_drop) names += (names.empty() ? "" : ", ") + n;
            if (!confirm("Drop and recreate " + names + "? Every row in them is lost.", o->yes,
                         "drop and recreate tables")) {
                std::cout << "Nothing was changed.\n";
                exit_code = 3;
                return;
            }
        } else if (!o->yes && !stdin_is_terminal()) {
            throw SafetyStop("refusing to create tables without --yes: there is no terminal to ask for "
                             "confirmation. Nothing was changed.");
        } else if (!o->yes) {
            std::cout << format_plan(plan, PlanFormat::text, {stdout_colour(), s.dialect().name(), ""});
            if (!confirm("Create these tables?", false, "create tables")) {
                std::cout << "Nothing was changed.\n";
                exit_code = 3;
                return;
            }
        }
        apply_plan_steps(s.connect(true), s.dialect(), plan.steps, s.apply_options(), o->batch,
                    print_progress());
        std::cout << fmt::format("Created {} table{}.\n", creates.tables.size(), creates.tables.size() == 1 ? "" : "s");
    });
}

}  // namespace schemactl
