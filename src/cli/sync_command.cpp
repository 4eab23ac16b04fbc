#include <fmt/format.h>

#include <iostream>

#include "apply/apply.hpp"
#include "cli/commands.hpp"
#include "cli/fleet.hpp"
#include "cli/interactive.hpp"
#include "cli/json_output.hpp"
#include "cli/planning.hpp"
#include "cli/terminal.hpp"
#include "plan/format.hpp"
#include "plan/format_json.hpp"
#include "schema/error.hpp"
#include "schema/text.hpp"

namespace schemactl {

namespace {

struct SyncOptions {
    CommonOptions common;
    std::vector<std::string> tables;
    bool dry_run = false, exit_code = false, interactive = false, yes = false, allow_drop = false;
    bool verify = false, concurrent_indexes = false, skip_data_checks = false;
    std::string algorithm;
    std::size_t batch = 0;
    std::string format;
    FleetOptions fleet;
    bool json() const { return format == "json"; }
};

// What sync did, for --format json: the plan, then what the run left.
struct SyncReport {
    std::string result;  // "dry run" | "in sync" | "applied" | "stopped" | "failed"
    bool verified = false;
    ApplyOutcome outcome;
    std::string error;  // why stopped or failed
};

std::size_t skipped_steps(const Plan& plan) {
    std::size_t n = 0;
    for (const auto& st : plan.steps) n += st.skipped;
    return n;
}

void print_sync_json(const Session& s, const SyncOptions& o, const Plan& plan, const SyncReport& r, int exit_code) {
    toml::array skipped;
    for (const auto& st : plan.steps)
        if (!st.runs())
            skipped.push_back(toml::table{{"table", st.table},
                                          {"summary", st.summary},
                                          {"safety", to_string(st.safety)},
                                          {"reason", st.not_run_reason()}});
    toml::table body{{"dry_run", o.dry_run},
                     {"result", r.result},
                     {"plan", plan_json(plan, {false, s.dialect().name(), s.url().redacted()})},
                     {"applied", step_refs_json(r.outcome.applied, &r.outcome.seconds)},
                     {"failed", step_refs_json(r.outcome.failed)},
                     {"not_applied", step_refs_json(r.outcome.not_applied)},
                     {"skipped", std::move(skipped)}};
    if (o.verify) body.insert("verified", r.verified);
    if (!r.error.empty())
        body.insert_or_assign("error", *json_error(exit_code == 3 ? "stopped" : "error", r.error)["error"].as_table());
    print_json("sync", exit_code, std::move(body));
}

void check_options(const SyncOptions& o) {
    if (o.interactive && o.yes) throw Error("--interactive and --yes contradict each other: choose one");
    if (o.interactive && o.dry_run) throw Error("--interactive and --dry-run contradict each other: choose one");
    if (o.json() && o.interactive)
        throw Error("--interactive asks questions on the terminal and --format json is for programs: choose one");
    if (o.json() && !o.dry_run && !o.yes)
        throw SafetyStop(
            "sync --format json does not ask (a prompt would break the JSON): pass --yes to apply, "
            "or --dry-run; nothing was changed");
    if (o.interactive && !stdin_is_terminal())
        throw SafetyStop("--interactive needs a terminal to ask on; nothing was changed");
}

PlanOptions plan_options(const SyncOptions& o) {
    PlanOptions po;
    // A yes at the interactive prompt allows the table's destructive steps.
    po.allow_drop = o.allow_drop || o.interactive;
    po.concurrent_indexes = o.concurrent_indexes;
    po.mysql_algorithm = upper_ascii(o.algorithm);
    return po;
}

// The exit code: 0 applied or in sync, 2 dry run with changes (--exit-code),
// 3 stopped or destructive steps left, 1 failed (thrown in text mode).
int run_sync(Session& s, const SyncOptions& o) {
    check_options(o);
    const PlanOptions po = plan_options(o);
    s.read_files_ahead();
    if (!o.dry_run) s.connect_locked(true);
    auto p = compute_plan(s, o.tables, po, !o.skip_data_checks);
    FormatOptions fo{stdout_colour(), s.dialect().name(), s.url().redacted()};
    SyncReport r;
    auto finish = [&](int code) {
        if (o.json()) print_sync_json(s, o, p.plan, r, code);
        return code;
    };
    auto show_plan = [&] {
        if (!o.json()) std::cout << format_plan(p.plan, PlanFormat::text, fo);
    };

    if (o.dry_run) {
        show_plan();
        r.result = "dry run";
        if (o.verify && !runnable(p.plan.steps).empty()) {
            verify_steps(s.connect(false), s.dialect(), p.plan.steps, s.apply_options());
            r.verified = true;
            if (!o.json()) std::cout << "Verified: the server accepts every step (rolled back; nothing was changed).\n";
        }
        return finish((o.exit_code && p.plan.pending() > 0) ? 2 : 0);
    }
    // Interactive: a data problem stops only its own table (run_interactive).
    if (!p.plan.problems.empty() && !o.interactive) {
        const char* why =
            "the live data would break the plan (see data problems above); nothing was applied. "
            "Fix the rows, or pass --skip-data-checks to let the database decide";
        if (!o.json()) {
            show_plan();
            throw SafetyStop(why);
        }
        r.result = "stopped";
        r.error = why;
        r.outcome.not_applied = runnable(p.plan.steps);
        return finish(3);
    }
    const std::size_t skipped = skipped_steps(p.plan);
    if (runnable(p.plan.steps).empty()) {
        show_plan();
        r.result = skipped ? "stopped" : "in sync";
        if (skipped) r.error = "destructive steps not run: rerun with --allow-drop to drop";
        return finish(skipped ? 3 : 0);
    }
    if (o.interactive) return run_interactive(s, p, po);
    show_plan();
    if (!confirm("Apply these changes?", o.yes, "change the database")) {
        std::cout << "Nothing was changed.\n";
        return 3;
    }
    try {
        s.timed("apply", [&] {
            apply_plan_steps(s.connect(true), s.dialect(), p.plan.steps, s.apply_options(), o.batch,
                             o.json() ? ProgressFn{} : print_progress(), &r.outcome);
            return 0;
        });
    } catch (const Error& e) {
        if (!o.json()) throw;
        std::cerr << "schemactl: error: " << e.what() << "\n";
        r.result = "failed";
        r.error = e.what();
        return finish(1);
    }
    r.result = "applied";
    if (skipped)
        r.error = fmt::format("{} destructive step{} not run: rerun with --allow-drop to drop", skipped,
                              skipped == 1 ? "" : "s");
    if (!o.json()) {
        const std::size_t n = r.outcome.applied.size();
        std::cout << fmt::format("Applied {} step{}.", n, n == 1 ? "" : "s");
        if (skipped) std::cout << " " << r.error << ".";
        std::cout << "\n";
    }
    return finish(skipped ? 3 : 0);
}

// sync --targets: interactive is refused (docs/fleet.md: one question per
// target, or per group of targets, is not a review anyone can do well), and
// nothing is applied without --yes.
int run_sync_fleet(const SyncOptions& o) {
    if (o.interactive)
        throw CLI::ValidationError("--interactive",
                                   "--interactive asks per table on one database; with --targets review the plan "
                                   "with `plan --targets`, then sync --yes (docs/fleet.md)");
    if (!o.dry_run && !o.yes)
        throw SafetyStop(
            "sync --targets does not ask per target: pass --yes to apply, or --dry-run; "
            "nothing was changed");
    return run_fleet("sync", o.fleet, o.common, o.format);
}

}  // namespace

void add_sync_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("sync", "Apply the difference between the schema files and the database");
    auto o = std::make_shared<SyncOptions>();
    add_common_options(*cmd, o->common);
    add_engine_option(*cmd, o->common);
    cmd->add_option("--tables", o->tables, "Only these tables");
    cmd->add_flag("--dry-run", o->dry_run, "Print the plan and change nothing");
    cmd->add_flag("--exit-code", o->exit_code, "With --dry-run: exit 2 when changes are pending");
    cmd->add_flag("--interactive", o->interactive, "Ask per table: y / n / s(tep through) / a(ll) / q(uit) / ?");
    cmd->add_flag("-y,--yes", o->yes, "Apply without asking");
    cmd->add_flag("--allow-drop", o->allow_drop, "Run destructive steps (drops of unprotected columns)");
    cmd->add_flag("--verify", o->verify,
                  "With --dry-run: run the plan in a rolled-back transaction (PostgreSQL, SQLite)");
    cmd->add_flag("--concurrent-indexes", o->concurrent_indexes,
                  "PostgreSQL: build new indexes with CREATE INDEX CONCURRENTLY, outside the transaction");
    cmd->add_option("--algorithm", o->algorithm, "MySQL: require ALGORITHM=INSTANT or INPLACE for ALTERs")
        ->check(CLI::IsMember({"INSTANT", "INPLACE", "instant", "inplace"}));
    cmd->add_option("--batch", o->batch,
                    "Apply in transactions of N tables each (for plans bigger than the server's lock table)");
    cmd->add_flag("--skip-data-checks", o->skip_data_checks,
                  "Do not look for rows that would break risky steps (the database still rejects them)");
    add_format_option(*cmd, o->format, {"text", "json"});
    add_fleet_options(*cmd, o->fleet);
    cmd->callback([o, &exit_code] {
        if (o->fleet.active()) {
            exit_code = run_sync_fleet(*o);
            return;
        }
        Session s(o->common);
        exit_code = run_sync(s, *o);
    });
}

}  // namespace schemactl
