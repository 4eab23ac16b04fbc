#include "apply/recreate.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>

#include "schema/error.hpp"

namespace schemactl {

long long count_rows(Connection& conn, const std::string& sql) {
    auto r = conn.query(sql);
    if (r.rows.empty() || r.rows[0].empty() || !r.rows[0][0]) return 0;
    return std::strtoll(r.rows[0][0]->c_str(), nullptr, 10);
}

std::string orphan_key(const TableRecreate& t, const ReferencingKey& k) {
    return k.table + "|" + k.fk.name + "|" + t.table;
}

RecreateFacts gather_recreate_facts(Connection& conn, const Dialect& d, const RecreatePlan& plan, bool restoring) {
    RecreateFacts f;
    auto rows = [&](const std::string& table) {
        if (!table.empty() && !f.rows.count(table)) f.rows[table] = count_rows(conn, row_count_sql(d, table));
    };
    for (const auto& t : plan.tables) {
        if (t.exists) rows(t.table);
        rows(t.count_source);
        for (const auto& k : t.referencing) {
            rows(k.table);
            // A child this run empties first (recreated without restore) loses nothing.
            if (k.recreated_too && !restoring) continue;
            long long n = count_rows(conn, orphan_count_sql(d, k, restoring ? t.count_source : ""));
            if (n > 0) f.orphans[orphan_key(t, k)] = n;
        }
    }
    return f;
}

namespace {

void run_swapped(Driver& db, const RecreatePlan& plan, const ApplyOptions& opts, const ProgressFn& progress) {
    const auto& steps = plan.steps;
    db.begin(opts);  // the named lock only: DDL commits as it goes
    std::size_t done = 0;
    try {
        for (const auto& s : steps) {
            auto t0 = std::chrono::steady_clock::now();
            for (const auto& sql : s.step.sql) db.connection().exec(sql);
            ++done;
            if (progress)
                progress(done, steps.size(), s.step,
                         std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        }
        db.commit();
    } catch (const std::exception& e) {
        const RecreateStep& failed = steps[done];
        const std::string& table = failed.step.table;
        std::string report = fmt::format("step [{}/{}] {} failed: {}", done + 1, steps.size(), failed.step.summary,
                                         e.what());
        // Back to the last swap (or the start), within the failed table.
        std::size_t first = done;
        while (first > 0 && steps[first - 1].step.table == table && !steps[first - 1].swap) --first;
        bool swapped = first > 0 && steps[first - 1].step.table == table;
        std::vector<std::string> undo_failed;
        if (!swapped) {
            for (std::size_t i = done; i-- > first;)
                for (const auto& sql : steps[i].undo) {
                    try {
                        db.connection().exec(sql);
                    } catch (const std::exception& u) {
                        undo_failed.push_back(sql + ": " + u.what());
                    }
                }
        }
        db.rollback();  // releases the lock
        for (const auto& t : plan.tables) {
            if (t.table == table) break;
            report += "\n  done: " + t.table + " was recreated";
        }
        if (!swapped && undo_failed.empty()) {
            report += fmt::format(
                "\n  {}: the original table and its rows are untouched, under their name; the new "
                "table built aside was removed.",
                table);
        } else if (!swapped) {
            report += fmt::format(
                "\n  {}: the original table and its rows are untouched, under their name, but "
                "cleaning up failed:",
                table);
            for (const auto& u : undo_failed) report += "\n    " + u;
            report += "\n  Run these statements by hand (or `schemactl sync`, which adds missing foreign keys).";
        } else {
            report += fmt::format("\n  {}: the new table is in place (swapped in); these steps did not run:", table);
            for (std::size_t i = done; i < steps.size() && steps[i].step.table == table; ++i)
                for (const auto& sql : steps[i].step.sql) report += "\n    " + sql + ";";
            report += "\n  Fix the cause and run them, or `schemactl sync`, which adds missing foreign keys.";
        }
        for (const auto& t : plan.tables)
            if (!t.backup.empty() && t.backup_kept) {
                // A table's first step is its backup.
                bool made = false;
                for (std::size_t i = 0; i < done; ++i) made = made || steps[i].step.table == t.table;
                if (made) report += "\n  The backup " + t.backup + " of " + t.table + " is kept.";
            }
        throw Error(report);
    }
}

}  // namespace

void run_recreate(Driver& db, const Dialect& d, const RecreatePlan& plan, const ApplyOptions& opts,
                  const ProgressFn& progress) {
    if (d.recreate_by_swap()) return run_swapped(db, plan, opts, progress);
    std::vector<Step> steps;
    for (const auto& s : plan.steps) steps.push_back(s.step);
    apply_steps(db, d, steps, opts, progress);
}

}  // namespace schemactl
