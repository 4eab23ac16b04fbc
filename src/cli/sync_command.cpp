#include <fmt/format.h>

#include <iostream>

#include "apply/apply.hpp"
#include "cli/commands.hpp"
#include "cli/interactive.hpp"
#include "cli/planning.hpp"
#include "cli/terminal.hpp"
#include "plan/format.hpp"
#include "schema/error.hpp"

namespace schemactl {

namespace {

struct SyncOpts {
    CommonOptions common;
    std::vector<std::string> tables;
    bool dry_run = false, exit_code = false, interactive = false, yes = false, allow_drop = false;
    bool verify = false, concurrent_indexes = false, skip_data_checks = false;
    std::string algorithm;
    std::size_t batch = 0;
};

}  // namespace

void add_sync_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("sync", "Apply the difference between the schema files and the database");
    auto o = std::make_shared<SyncOpts>();
    add_common_options(*cmd, o->common);
    cmd->add_option("--tables", o->tables, "Only these tables");
    cmd->add_flag("--dry-run", o->dry_run, "Print the plan and change nothing");
    cmd->add_flag("--exit-code", o->exit_code, "With --dry-run: exit 2 when changes are pending");
    cmd->add_flag("--interactive", o->interactive, "Ask per table: y / n / s(tep through) / a(ll) / q(uit) / ?");
    cmd->add_flag("-y,--yes", o->yes, "Apply without asking");
    cmd->add_flag("--allow-drop", o->allow_drop, "Run destructive steps (drops of unprotected columns)");
    cmd->add_flag("--verify", o->verify, "With --dry-run: run the plan in a rolled-back transaction (PostgreSQL, SQLite)");
    cmd->add_flag("--concurrent-indexes", o->concurrent_indexes,
                  "PostgreSQL: build new indexes with CREATE INDEX CONCURRENTLY, outside the transaction");
    cmd->add_option("--algorithm", o->algorithm, "MySQL: require ALGORITHM=INSTANT or INPLACE for ALTERs")
        ->check(CLI::IsMember({"INSTANT", "INPLACE", "instant", "inplace"}));
    cmd->add_option("--batch", o->batch,
                    "Apply in transactions of N tables each (for plans bigger than the server's lock table)");
    cmd->add_flag("--skip-data-checks", o->skip_data_checks,
                  "Do not look for rows that would break risky steps (the database still rejects them)");
    cmd->callback([o, &exit_code] {
        if (o->interactive && o->yes) throw Error("--interactive and --yes contradict each other: choose one");
        if (o->interactive && o->dry_run) throw Error("--interactive and --dry-run contradict each other: choose one");
        if (o->interactive && !stdin_is_terminal())
            throw SafetyStop("--interactive needs a terminal to ask on; nothing was changed");
        Session s(o->common);
        PlanOptions po;
        // A yes at the interactive prompt allows the table's destructive steps.
        po.allow_drop = o->allow_drop || o->interactive;
        po.concurrent_indexes = o->concurrent_indexes;
        for (char& c : o->algorithm) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        po.mysql_algorithm = o->algorithm;
        if (!o->dry_run) s.connect_locked(true);
        auto p = compute_plan(s, o->tables, po, !o->skip_data_checks);
        FormatOptions fo{stdout_colour(), s.dialect().name(), s.url().redacted()};

        if (o->dry_run) {
            std::cout << format_plan(p.plan, PlanFormat::text, fo);
            if (o->verify && !runnable(p.plan.steps).empty()) {
                verify_steps(s.connect(false), s.dialect(), p.plan.steps, s.apply_options());
                std::cout << "Verified: the server accepts every step (rolled back; nothing was changed).\n";
            }
            exit_code = (o->exit_code && p.plan.pending() > 0) ? 2 : 0;
            return;
        }
        // Interactive: a data problem stops only its own table (run_interactive).
        if (!p.plan.problems.empty() && !o->interactive) {
            std::cout << format_plan(p.plan, PlanFormat::text, fo);
            throw SafetyStop("the live data would break the plan (see data problems above); nothing was applied. "
                             "Fix the rows, or pass --skip-data-checks to let the database decide");
        }
        if (runnable(p.plan.steps).empty()) {
            std::cout << format_plan(p.plan, PlanFormat::text, fo);
            std::size_t skipped = 0;
            for (const auto& st : p.plan.steps) skipped += st.skipped;
            exit_code = skipped ? 3 : 0;
            return;
        }
        if (o->interactive) {
            exit_code = run_interactive(s, p, po);
            return;
        }
        std::cout << format_plan(p.plan, PlanFormat::text, fo);
        if (!confirm("Apply these changes?", o->yes, "change the database")) {
            std::cout << "Nothing was changed.\n";
            exit_code = 3;
            return;
        }
        s.timed("apply", [&] {
            apply_plan_steps(s.connect(true), s.dialect(), p.plan.steps, s.apply_options(), o->batch,
                             print_progress());
            return 0;
        });
        std::size_t skipped = 0;
        for (const auto& st : p.plan.steps) skipped += st.skipped;
        std::cout << fmt::format("Applied {} step{}.", runnable(p.plan.steps).size(),
                                 runnable(p.plan.steps).size() == 1 ? "" : "s");
        if (skipped)
            std::cout << fmt::format(" {} destructive step{} not run: rerun with --allow-drop to drop.", skipped,
                                     skipped == 1 ? "" : "s");
        std::cout << "\n";
        exit_code = skipped ? 3 : 0;
    });
}

}  // namespace schemactl
