#include <fmt/chrono.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <ctime>
#include <iostream>

#include "apply/recreate.hpp"
#include "cli/commands.hpp"
#include "cli/json_output.hpp"
#include "cli/session.hpp"
#include "cli/terminal.hpp"
#include "plan/recreate_plan.hpp"
#include "schema/error.hpp"

namespace schemactl {

namespace {

struct Opts {
    CommonOptions common;
    std::vector<std::string> tables;
    bool yes = false, no_backup = false, restore = false;
    std::string restore_from;
    std::string format;
};

std::string shell_quote(const std::string& s) {
    bool plain = !s.empty() && s.find_first_not_of(
                                   "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                   "_./:@%+=,-") == std::string::npos;
    if (plain) return s;
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// The options of this run that say where the database and the files are,
// so that a printed command works as it stands (the password never shows).
std::string where_options(const Opts& o, const Session& s) {
    std::string out;
    if (!o.common.config.empty()) out += " --config " + shell_quote(o.common.config);
    if (!o.common.db.empty()) out += " --db " + shell_quote(s.url().redacted());
    for (const auto& p : o.common.schema) out += " --schema " + shell_quote(p);
    if (!o.common.password_file.empty()) out += " --password-file " + shell_quote(o.common.password_file);
    return out;
}

std::string rows(long long n) { return fmt::format("{} {}", n, n == 1 ? "row" : "rows"); }

void print_summary(const RecreatePlan& plan, const RecreateFacts& f) {
    for (const auto& t : plan.tables) {
        auto n = [&](const std::string& table) { return f.rows.count(table) ? f.rows.at(table) : 0; };
        if (!t.exists) {
            std::cout << t.table << ": not in the database yet: it is created";
            if (!t.source.empty()) std::cout << " and filled with the " << rows(n(t.source)) << " of " << t.source;
            std::cout << ".\n";
            continue;
        }
        std::cout << t.table << ": " << rows(n(t.table)) << " now.\n";
        if (t.backup_kept) std::cout << "  backup table: " << t.backup << " (kept)\n";
        else if (t.source.empty()) std::cout << "  no backup (--no-backup): the rows are lost\n";
        if (!t.source.empty()) {
            std::cout << "  restore: the " << rows(n(t.count_source)) << " of " << t.count_source
                      << " are copied back (columns " << fmt::format("{}", fmt::join(t.copied, ", ")) << ")\n";
            if (t.count_source != t.table && n(t.table) > 0)
                std::cout << "  the " << rows(n(t.table)) << " now in " << t.table << " are not copied back"
                          << (t.backup_kept ? " (they stay in " + t.backup + ")" : "") << "\n";
            if (!t.not_copied.empty())
                std::cout << "  columns not in the new table, not copied: "
                          << fmt::format("{}", fmt::join(t.not_copied, ", ")) << "\n";
        } else {
            std::cout << "  the new table is empty (--restore copies the rows back)\n";
        }
        for (const auto& k : t.referencing) {
            std::cout << "  referenced by " << k.table << " (" << fmt::format("{}", fmt::join(k.fk.columns, ", "))
                      << "): " << rows(n(k.table));
            if (auto it = f.orphans.find(orphan_key(t, k)); it != f.orphans.end())
                std::cout << ", " << it->second << " of them would lose their " << t.table << " row";
            std::cout << "\n";
        }
    }
}

// Stops (exit 3) before asking when the recreate would cost rows: child rows
// left without a parent, or a restore that cannot fill the new table.
void refuse_if_unsafe(const RecreatePlan& plan, const RecreateFacts& f, bool restoring) {
    std::string why;
    for (const auto& t : plan.tables) {
        long long source_rows = f.rows.count(t.count_source) ? f.rows.at(t.count_source) : 0;
        if (source_rows > 0)
            for (const auto& p : t.problems) why += "\n  " + p;
        for (const auto& k : t.referencing)
            if (auto it = f.orphans.find(orphan_key(t, k)); it != f.orphans.end())
                why += fmt::format("\n  {} of {} ({} -> {}.{}) would be left without their {} row{}", rows(it->second),
                                   k.table, fmt::join(k.fk.columns, ", "), t.table, fmt::join(k.fk.ref_columns, ", "),
                                   t.table, restoring ? " (their key is not in the rows copied back)" : "");
    }
    if (why.empty()) return;
    throw SafetyStop("recreate refused, nothing was changed:" + why +
                     (restoring ? "\nFix or delete those rows first."
                                : "\nCopy the rows back with --restore, or empty or fix the referencing rows first.") +
                     " A recreate never deletes the rows of other tables.");
}

void print_after(const RecreatePlan& plan, const RecreateFacts& before, Connection& conn, const Dialect& d,
                 const Opts& o, const Session& s) {
    for (const auto& t : plan.tables) {
        long long now = count_rows(conn, row_count_sql(d, t.table));
        long long was = before.rows.count(t.table) ? before.rows.at(t.table) : 0;
        if (!t.source.empty()) {
            std::cout << fmt::format("{}: {} before, {} after (copied back from {})\n", t.table, rows(was), rows(now),
                                     t.source);
        } else if (t.exists) {
            std::cout << fmt::format("{}: {} before; the new table is EMPTY.\n", t.table, rows(was));
            if (t.backup_kept && was > 0) {
                std::cout << fmt::format("The {} are in {}. To copy them back:\n", rows(was), t.backup);
                std::cout << "  schemactl recreate " << shell_quote(t.table) << " --restore-from "
                          << shell_quote(t.backup) << where_options(o, s) << " --yes\n";
                std::cout << "or in SQL, in one transaction:\n";
                for (const auto& sql : t.restore_sql) std::cout << "  " << sql << ";\n";
            }
        }
        if (t.backup_kept) std::cout << "backup: " << t.backup << "\n";
    }
}

// --format json: per table its rows before and after, the backup kept and
// where the rows came from.
toml::table after_json(const RecreatePlan& plan, const RecreateFacts& before, Connection& conn, const Dialect& d) {
    toml::array tables;
    for (const auto& t : plan.tables) {
        toml::table tt{{"table", t.table},
                       {"existed", t.exists},
                       {"rows_before", static_cast<int64_t>(before.rows.count(t.table) ? before.rows.at(t.table) : 0)},
                       {"rows_after", static_cast<int64_t>(count_rows(conn, row_count_sql(d, t.table)))},
                       {"backup", t.backup_kept ? t.backup : std::string()},
                       {"restored_from", t.source}};
        tables.push_back(std::move(tt));
    }
    toml::array steps;
    for (const auto& st : plan.steps)
        steps.push_back(toml::table{{"table", st.step.table}, {"summary", st.step.summary}});
    return toml::table{{"tables", std::move(tables)}, {"applied", std::move(steps)}};
}

}  // namespace

void add_recreate_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("recreate", "Drop one or more tables and create them from the files (asks first)");
    auto o = std::make_shared<Opts>();
    add_common_options(*cmd, o->common);
    add_engine_option(*cmd, o->common);
    cmd->add_option("tables", o->tables, "Tables to recreate")->required();
    cmd->add_flag("-y,--yes", o->yes, "Do not ask");
    cmd->add_flag("--no-backup", o->no_backup, "Do not keep a backup table of the old rows");
    cmd->add_flag("--restore", o->restore, "Copy the rows back into the new table (columns on both sides)");
    cmd->add_option("--restore-from", o->restore_from,
                    "Fill the new table from this table (a backup of an earlier recreate) instead of its current rows");
    add_format_option(*cmd, o->format, {"text", "json"});
    cmd->callback([o, &exit_code] {
        const bool json = o->format == "json";
        if (json && !o->yes)
            throw SafetyStop(
                "recreate --format json does not ask (a prompt would break the JSON): pass --yes; "
                "nothing was changed");
        Session s(o->common);
        Schema desired = s.desired();
        s.check_tables_known(o->tables, desired, "the schema files");
        Driver& db = s.connect_locked(false);
        Connection& conn = db.connection();
        Schema actual = s.inspect();
        const Dialect& d = s.dialect();
        RecreateOptions ro;
        ro.tables = o->tables;
        ro.keep_backup = !o->no_backup;
        ro.restore = o->restore && o->restore_from.empty();
        ro.restore_from = o->restore_from;
        ro.stamp = fmt::format("{:%Y%m%d%H%M%S}", fmt::gmtime(std::time(nullptr)));

        RecreatePlan plan = plan_recreate(d, desired, actual, ro);
        bool restoring = ro.restore || !ro.restore_from.empty();
        RecreateFacts facts = gather_recreate_facts(conn, d, plan, restoring);
        if (!restoring && !o->yes && stdin_is_terminal()) {
            long long total = 0;
            for (const auto& t : plan.tables)
                if (t.exists && facts.rows.count(t.table)) total += facts.rows.at(t.table);
            if (total > 0) {
                std::string a = ask(fmt::format(
                    "Copy the {} back into the new table after the create (--restore)? [y/N] ", rows(total)));
                if (a == "y" || a == "Y" || a == "yes") {
                    ro.restore = restoring = true;
                    plan = plan_recreate(d, desired, actual, ro);
                    facts = gather_recreate_facts(conn, d, plan, restoring);
                }
            }
        }

        if (!json) {
            std::cout << "SQL to run:\n";
            for (const auto& st : plan.steps) {
                std::cout << "-- " << st.step.summary << "\n";
                for (const auto& sql : st.step.sql) std::cout << sql << ";\n";
            }
            print_summary(plan, facts);
        }
        refuse_if_unsafe(plan, facts, restoring);

        std::string names = fmt::format("{}", fmt::join(o->tables, ", "));
        std::string question = "Recreate " + names + " from the schema files?";
        if (!confirm(question, o->yes, "recreate tables")) {
            std::cout << "Nothing was changed.\n";
            exit_code = 3;
            return;
        }
        run_recreate(db, d, plan, s.apply_options(), json ? ProgressFn{} : print_progress());
        exit_code = 0;
        if (json) {
            print_json("recreate", 0, after_json(plan, facts, conn, d));
            return;
        }
        print_after(plan, facts, conn, d, *o, s);
        std::cout << "Recreated " << names << ".\n";
    });
}

}  // namespace schemactl
