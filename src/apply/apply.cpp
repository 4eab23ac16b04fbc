#include "apply/apply.hpp"

#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <optional>
#include <set>

#include "schema/error.hpp"

namespace schemactl {

ProgressFn print_progress() {
    return [](std::size_t i, std::size_t n, const Step& s, double secs) {
        std::cout << fmt::format("[{}/{}] {}  {:.2f} s", i, n, s.summary, secs) << std::endl;
    };
}

std::vector<Step> runnable(const std::vector<Step>& steps) {
    std::vector<Step> out;
    for (const auto& s : steps)
        if (s.safety != Safety::blocked && !s.skipped && !s.sql.empty()) out.push_back(s);
    return out;
}

std::size_t estimated_locks(const std::vector<Step>& steps) {
    std::size_t n = 0;
    for (const auto& s : steps) n += s.relations;
    return n;
}

std::vector<std::vector<Step>> batches(const std::vector<Step>& steps, std::size_t tables) {
    // Plan order is kept: a table with steps in several phases (its foreign
    // keys dropped first, added last) counts once per batch it appears in.
    std::vector<std::vector<Step>> out;
    std::set<std::string> in_batch;
    for (const auto& s : steps) {
        if (out.empty() || (!in_batch.count(s.table) && in_batch.size() == tables)) {
            out.emplace_back();
            in_batch.clear();
        }
        in_batch.insert(s.table);
        out.back().push_back(s);
    }
    return out;
}

void apply_plan_steps(Driver& db, const Dialect& dialect, const std::vector<Step>& all, const ApplyOptions& opts,
                      std::size_t batch, const ProgressFn& progress, ApplyOutcome* outcome) {
    std::vector<Step> steps = runnable(all);
    if (batch > 0) {
        auto groups = batches(steps, batch);
        for (std::size_t i = 0; i < groups.size(); ++i) {
            try {
                apply_steps(db, dialect, groups[i], opts, progress, outcome);
            } catch (const Error& e) {
                if (outcome)
                    for (std::size_t j = i + 1; j < groups.size(); ++j)
                        outcome->not_applied.insert(outcome->not_applied.end(), groups[j].begin(), groups[j].end());
                throw Error(
                    fmt::format("{}\n(batch {} of {}; the {} batches before it were committed: run sync "
                                "again to finish)",
                                e.what(), i + 1, groups.size(), i));
            }
        }
        return;
    }
    if (dialect.transactional_ddl()) {
        std::size_t capacity = db.lock_capacity();
        std::size_t need = estimated_locks(steps);
        if (capacity > 0 && need > capacity) {
            if (outcome) outcome->not_applied.insert(outcome->not_applied.end(), steps.begin(), steps.end());
            throw Error(fmt::format(
                "this plan locks about {} relations in one transaction, more than the server's lock table holds "
                "(about {}: max_locks_per_transaction x (max_connections + max_prepared_transactions)). Nothing "
                "was changed. Raise max_locks_per_transaction on the server, or apply in batches of tables with "
                "--batch N (each batch is its own transaction).",
                need, capacity));
        }
    }
    apply_steps(db, dialect, steps, opts, progress, outcome);
}

namespace {

// A statement on one line, for the failure report.
std::string one_line(const std::string& sql) {
    std::string out;
    bool space = false;
    for (char c : sql) {
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

}  // namespace

std::string partial_report(const std::vector<Step>& order, std::size_t done, std::size_t statements) {
    const Step& failed = order[done];
    std::size_t total = 0, ran = statements;
    for (const auto& s : order) total += s.sql.size();
    for (std::size_t i = 0; i < done; ++i) ran += order[i].sql.size();
    // Each statement commits on its own: say exactly which ones ran.
    std::string r = fmt::format("{} of {} steps were applied before the failure ({} of {} statements ran", done,
                                order.size(), ran, total);
    r += statements ? fmt::format(", {} of the {} statements of step {}):", statements, failed.sql.size(), done + 1)
                    : "):";
    for (std::size_t i = 0; i < done; ++i) r += "\n  applied: " + order[i].summary;
    if (failed.sql.size() > 1 || statements > 0) {
        r += fmt::format("\n  step {} ({}), statement by statement:", done + 1, failed.summary);
        for (std::size_t k = 0; k < failed.sql.size(); ++k)
            r += fmt::format("\n    {}: {}",
                             k < statements    ? "applied"
                             : k == statements ? "failed"
                                               : "not applied",
                             one_line(failed.sql[k]));
    } else {
        r += "\n  not applied: " + failed.summary + " (failed)";
    }
    for (std::size_t i = done + 1; i < order.size(); ++i) r += "\n  not applied: " + order[i].summary;
    r += "\nFix the cause and run `schemactl sync` again: it converges from here.";
    return r;
}

void apply_steps(Driver& db, const Dialect& dialect, const std::vector<Step>& all, const ApplyOptions& opts,
                 const ProgressFn& progress, ApplyOutcome* outcome) {
    std::vector<Step> steps = runnable(all);
    if (steps.empty()) return;
    std::vector<const Step*> order;
    for (const auto& s : steps)
        if (!s.outside_transaction) order.push_back(&s);
    std::size_t in_tx = order.size();
    for (const auto& s : steps)
        if (s.outside_transaction) order.push_back(&s);

    std::vector<double> secs_of;  // per step run in full
    // Steps [0, upto) applied, the one at `failed` (if any) failed, the rest not.
    auto record = [&](std::size_t upto, std::optional<std::size_t> failed) {
        if (!outcome) return;
        for (std::size_t i = 0; i < order.size(); ++i) {
            if (i < upto) {
                outcome->applied.push_back(*order[i]);
                outcome->seconds.push_back(i < secs_of.size() ? secs_of[i] : 0.0);
            } else if (failed && i == *failed) {
                outcome->failed.push_back(*order[i]);
            } else {
                outcome->not_applied.push_back(*order[i]);
            }
        }
    };
    db.begin(opts);
    std::size_t done = 0;        // steps run in full
    std::size_t statements = 0;  // statements of the next step run
    bool committed = false;
    try {
        for (std::size_t i = 0; i < order.size(); ++i) {
            if (i == in_tx) {
                db.commit();
                committed = true;
            }
            const Step& s = *order[i];
            auto t0 = std::chrono::steady_clock::now();
            if (i < in_tx) {
                db.run_step(s.sql, s.table, opts, statements);
            } else {
                for (statements = 0; statements < s.sql.size(); ++statements) db.connection().exec(s.sql[statements]);
            }
            statements = 0;
            double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            ++done;
            secs_of.push_back(secs);
            if (progress) progress(done, order.size(), s, secs);
        }
        if (!committed) db.commit();
        record(done, std::nullopt);
    } catch (const std::exception& e) {
        if (done == order.size()) {  // the final commit failed
            db.rollback();
            record(dialect.transactional_ddl() ? 0 : done, std::nullopt);
            throw Error(fmt::format("the commit failed: {}\n{}", e.what(),
                                    dialect.transactional_ddl()
                                        ? "Rolled back: the database schema is exactly as it was before this run."
                                        : "Every step had run: `schemactl plan` shows where the database stands."));
        }
        const Step& failed = *order[done];
        std::string what = fmt::format("step [{}/{}] {} failed: {}", done + 1, order.size(), failed.summary, e.what());
        if (dialect.transactional_ddl() && !committed) {
            db.rollback();
            record(0, done);
            throw Error(what + "\nRolled back: the database schema is exactly as it was before this run.");
        }
        db.rollback();  // releases the lock
        record(done, done);
        std::vector<Step> ordered;
        for (const auto* st : order) ordered.push_back(*st);
        throw Error(what + "\n" + partial_report(ordered, done, statements));
    }
}

}  // namespace schemactl

namespace schemactl {

void verify_steps(Driver& db, const Dialect& dialect, const std::vector<Step>& all, const ApplyOptions& opts) {
    if (!dialect.transactional_ddl())
        throw Error("--verify needs transactional DDL (PostgreSQL, SQLite); " + dialect.name() +
                    " commits every DDL statement, so it cannot be tried and rolled back");
    std::vector<Step> steps = runnable(all);
    db.begin(opts);
    for (const auto& s : steps) {
        if (s.outside_transaction) continue;  // cannot run inside a transaction
        for (const auto& sql : s.sql) {
            try {
                db.connection().exec(sql);
            } catch (const std::exception& e) {
                db.rollback();
                throw Error(
                    fmt::format("verify: the server rejects step '{}': {}\nNothing was changed.", s.summary, e.what()));
            }
        }
    }
    db.rollback();
}

}  // namespace schemactl
