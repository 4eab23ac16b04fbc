#include "apply/apply.hpp"

#include <fmt/format.h>

#include <chrono>
#include <iostream>

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
    std::vector<std::vector<Step>> out;
    std::size_t in_batch = 0;
    std::string last;
    for (const auto& s : steps) {
        if (out.empty() || (s.table != last && in_batch == tables)) {
            out.emplace_back();
            in_batch = 0;
        }
        if (s.table != last) ++in_batch;
        last = s.table;
        out.back().push_back(s);
    }
    return out;
}

void apply_plan_steps(Connection& conn, const Dialect& dialect, const std::vector<Step>& all,
                      const ApplyOptions& opts, std::size_t batch, const ProgressFn& progress) {
    std::vector<Step> steps = runnable(all);
    if (batch > 0) {
        auto groups = batches(steps, batch);
        for (std::size_t i = 0; i < groups.size(); ++i) {
            try {
                apply_steps(conn, dialect, groups[i], opts, progress);
            } catch (const Error& e) {
                throw Error(fmt::format("{}\n(batch {} of {}; the {} batches before it were committed: run sync "
                                        "again to finish)",
                                        e.what(), i + 1, groups.size(), i));
            }
        }
        return;
    }
    if (dialect.transactional_ddl()) {
        std::size_t capacity = dialect.lock_capacity(conn);
        std::size_t need = estimated_locks(steps);
        if (capacity > 0 && need > capacity)
            throw Error(fmt::format(
                "this plan locks about {} relations in one transaction, more than the server's lock table holds "
                "(about {}: max_locks_per_transaction x (max_connections + max_prepared_transactions)). Nothing "
                "was changed. Raise max_locks_per_transaction on the server, or apply in batches of tables with "
                "--batch N (each batch is its own transaction).",
                need, capacity));
    }
    apply_steps(conn, dialect, steps, opts, progress);
}

void apply_steps(Connection& conn, const Dialect& dialect, const std::vector<Step>& all, const ApplyOptions& opts,
                 const ProgressFn& progress) {
    std::vector<Step> steps = runnable(all);
    if (steps.empty()) return;
    std::vector<const Step*> order;
    for (const auto& s : steps)
        if (!s.outside_transaction) order.push_back(&s);
    std::size_t in_tx = order.size();
    for (const auto& s : steps)
        if (s.outside_transaction) order.push_back(&s);

    dialect.begin(conn, opts);
    std::size_t done = 0;
    bool committed = false;
    try {
        for (std::size_t i = 0; i < order.size(); ++i) {
            if (i == in_tx) {
                dialect.commit(conn);
                committed = true;
            }
            const Step& s = *order[i];
            auto t0 = std::chrono::steady_clock::now();
            for (const auto& sql : s.sql) conn.exec(sql);
            double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            ++done;
            if (progress) progress(done, order.size(), s, secs);
        }
        if (!committed) dialect.commit(conn);
    } catch (const std::exception& e) {
        const Step& failed = *order[std::min(done, order.size() - 1)];
        std::string what = fmt::format("step [{}/{}] {} failed: {}", done + 1, order.size(), failed.summary, e.what());
        if (dialect.transactional_ddl() && !committed) {
            dialect.rollback(conn);
            throw Error(what + "\nRolled back: the database schema is exactly as it was before this run.");
        }
        dialect.rollback(conn);  // releases the lock
        std::string report = what + fmt::format("\n{} of {} steps were applied before the failure:", done, order.size());
        for (std::size_t i = 0; i < done; ++i) report += "\n  applied: " + order[i]->summary;
        for (std::size_t i = done; i < order.size(); ++i) report += "\n  not applied: " + order[i]->summary;
        report += "\nFix the cause and run `schemactl sync` again: it converges from here.";
        throw Error(report);
    }
}

}  // namespace schemactl

namespace schemactl {

void verify_steps(Connection& conn, const Dialect& dialect, const std::vector<Step>& all, const ApplyOptions& opts) {
    if (!dialect.transactional_ddl())
        throw Error("--verify needs transactional DDL (PostgreSQL, SQLite); " + dialect.name() +
                    " commits every DDL statement, so it cannot be tried and rolled back");
    std::vector<Step> steps = runnable(all);
    dialect.begin(conn, opts);
    for (const auto& s : steps) {
        if (s.outside_transaction) continue;  // cannot run inside a transaction
        for (const auto& sql : s.sql) {
            try {
                conn.exec(sql);
            } catch (const std::exception& e) {
                dialect.rollback(conn);
                throw Error(fmt::format("verify: the server rejects step '{}': {}\nNothing was changed.", s.summary,
                                        e.what()));
            }
        }
    }
    dialect.rollback(conn);
}

}  // namespace schemactl
