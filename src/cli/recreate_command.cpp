#include <fmt/chrono.h>
#include <fmt/format.h>

#include <ctime>
#include <iostream>

#include "apply/apply.hpp"
#include "cli/commands.hpp"
#include "cli/session.hpp"
#include "cli/terminal.hpp"
#include "plan/planner.hpp"
#include "schema/error.hpp"

namespace schemactl {

void add_recreate_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("recreate", "Drop one or more tables and create them from the files (asks first)");
    struct Opts {
        CommonOptions common;
        std::vector<std::string> tables;
        bool yes = false, no_backup = false;
    };
    auto o = std::make_shared<Opts>();
    add_common_options(*cmd, o->common);
    cmd->add_option("tables", o->tables, "Tables to recreate")->required();
    cmd->add_flag("-y,--yes", o->yes, "Do not ask");
    cmd->add_flag("--no-backup", o->no_backup, "Do not copy the old rows to a backup table first");
    cmd->callback([o, &exit_code] {
        Session s(o->common);
        Schema desired = s.desired();
        s.check_tables_known(o->tables, s.portable(), "the schema files");
        s.connect_locked(false);
        Schema actual = s.inspect();
        const Dialect& d = s.dialect();
        std::time_t now = std::time(nullptr);
        std::string stamp = fmt::format("{:%Y%m%d%H%M%S}", fmt::gmtime(now));

        Plan plan;
        std::vector<std::string> backups;
        for (const auto& name : o->tables) {
            const Table* live = actual.find_table(name);
            if (live && !o->no_backup) {
                std::string backup = name + "_backup_" + stamp;
                if (backup.size() > d.max_identifier_length())
                    backup = name.substr(0, d.max_identifier_length() - stamp.size() - 3) + "_b_" + stamp;
                Step st;
                st.table = name;
                st.summary = "copy the rows of " + name + " to " + backup;
                st.sql = {"CREATE TABLE " + d.quote_ident(backup) + " AS SELECT * FROM " + d.quote_ident(name)};
                plan.steps.push_back(st);
                backups.push_back(backup);
            }
            if (live) {
                Step st;
                st.table = name;
                st.summary = "drop table " + name;
                st.safety = Safety::destructive;
                st.sql = d.drop_table_sql(*live);
                plan.steps.push_back(st);
            }
            TableChange tc;
            tc.kind = TableChange::Kind::create;
            tc.name = name;
            tc.desired = *desired.find_table(name);
            auto steps = d.render(tc, {});
            plan.steps.insert(plan.steps.end(), steps.begin(), steps.end());
        }
        std::string names;
        for (const auto& n : o->tables) names += (names.empty() ? "" : ", ") + n;
        std::string question = "Recreate " + names + " from the schema files? The tables are dropped";
        question += o->no_backup ? " and their rows are lost (--no-backup)." : "; their rows are copied to a backup table first.";
        if (!confirm(question, o->yes, "recreate tables")) {
            std::cout << "Nothing was changed.\n";
            exit_code = 3;
            return;
        }
        apply_steps(s.connect(false), d, plan.steps, s.apply_options(),
                    print_progress());
        for (const auto& b : backups) std::cout << "backup: " << b << "\n";
        std::cout << "Recreated " << names << ".\n";
    });
}

}  // namespace schemactl
