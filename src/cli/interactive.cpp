#include "cli/interactive.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <stdexcept>

#include "apply/apply.hpp"
#include "cli/table_items.hpp"
#include "cli/terminal.hpp"
#include "plan/format.hpp"
#include "plan/planner.hpp"
#include "schema/error.hpp"

namespace schemactl {

namespace {

enum class Outcome { pending, applied, partly, skipped, not_applicable, failed, interrupted, not_reached, in_sync };
enum class Flow { next, stop };

struct Entry {
    const TableChange* tc = nullptr;
    std::vector<ChangeItem> items;
    std::vector<std::string> unavailable;  // per item: why it cannot run ("" = it can)
    std::vector<bool> by_rule;             // per item: blocked by a safety rule (not pending)
    std::vector<bool> applied;             // per item, after the table ran
    std::vector<DataProblem> problems;
    bool work = false;  // something to ask about (else only blocked steps: in sync)
    Outcome outcome = Outcome::pending;
    std::string detail;  // one line for the summary
};

const char* outcome_name(Outcome o) {
    switch (o) {
        case Outcome::applied: return "applied";
        case Outcome::partly: return "partly applied";
        case Outcome::skipped: return "skipped";
        case Outcome::not_applicable: return "not applied";
        case Outcome::failed: return "failed";
        case Outcome::interrupted: return "interrupted";
        case Outcome::not_reached: return "not reached";
        case Outcome::in_sync: return "in sync";
        case Outcome::pending: break;
    }
    return "not reached";
}

const char* help_text =
    "  y      apply this table's changes (one transaction where the database allows)\n"
    "  n      skip this table; Enter does the same\n"
    "  s      step through: choose each change of this table; a change that needs a declined one is\n"
    "         skipped with it (an index on a column not added, say)\n"
    "  a      apply this table and every table after it: shows all the remaining steps, asks once more\n"
    "  q      stop here; nothing more is changed (Ctrl-D does the same)\n"
    "  ?      this help\n"
    "  Ctrl-C stop here (during an apply: the table's transaction is rolled back where the database allows)\n";

class Interactive {
public:
    Interactive(Session& s, const Planned& p, const PlanOptions& o)
        : s_(s), planned_(p), opts_(o), fo_{stdout_colour(), s.dialect().name(), s.url().redacted()} {}

    int run();

private:
    Session& s_;
    const Planned& planned_;
    PlanOptions opts_;
    FormatOptions fo_;
    std::vector<Entry> entries_;
    bool all_ = false;

    void build_entries();
    void overview() const;
    Plan render(const Entry& e, const std::vector<bool>& chosen) const;
    std::vector<bool> available(const Entry& e) const;
    void mark_unavailable(Entry& e) const;
    void mark_foreign_keys(Entry& e) const;
    std::string missing_reference(const ForeignKey& fk) const;
    void show(const Entry& e, std::size_t number, std::size_t total) const;
    Flow ask_table(Entry& e, std::size_t number, std::size_t total);
    Flow on_answer(Entry& e, const std::string& answer, bool& again);
    Reply step_through(Entry& e, std::vector<bool>& chosen);
    Flow after_steps(Entry& e, std::vector<bool>& chosen);
    bool confirm_all(std::size_t from);
    Flow apply(Entry& e, const std::vector<bool>& chosen);
    Flow failed(Entry& e, const std::string& message);
    Flow quit(Entry& e, Outcome why, const std::string& detail);
    Flow skip(Entry& e, const std::string& detail);
    int summary() const;
};

void Interactive::build_entries() {
    for (const auto& tc : planned_.changes.tables) {
        Entry e;
        e.tc = &tc;
        e.items = change_items(tc);
        e.unavailable.assign(e.items.size(), "");
        e.by_rule.assign(e.items.size(), false);
        e.applied.assign(e.items.size(), false);
        for (const auto& pr : planned_.plan.problems)
            if (pr.table == tc.name) e.problems.push_back(pr);
        // Blocked by a safety rule (a protected column): never offered.
        for (const auto& held : apply_safety(tc, s_.safety(), true).held_back)
            for (std::size_t i = 0; i < e.items.size(); ++i)
                if (e.items[i].summary == held.summary) {
                    e.unavailable[i] = held.note;
                    e.by_rule[i] = true;
                }
        entries_.push_back(std::move(e));
    }
}

Plan Interactive::render(const Entry& e, const std::vector<bool>& chosen) const {
    TableChange only = only_items(*e.tc, e.items, chosen);
    Plan out;
    if (only.empty()) return out;
    Changes c;
    c.tables.push_back(std::move(only));
    out = make_plan(c, s_.dialect(), s_.safety(), opts_);
    return out;
}

std::vector<bool> Interactive::available(const Entry& e) const {
    std::vector<bool> out(e.items.size());
    for (std::size_t i = 0; i < e.items.size(); ++i) out[i] = e.unavailable[i].empty();
    return out;
}

void Interactive::overview() const {
    std::size_t n[4] = {0, 0, 0, 0}, skipped = 0, asked = 0;
    for (const auto& st : planned_.plan.steps) {
        ++n[static_cast<int>(st.safety)];
        skipped += st.skipped;
    }
    for (const auto& e : entries_) asked += !runnable(render(e, available(e)).steps).empty() || !e.problems.empty();
    std::cout << fmt::format(
        "Interactive sync: {} table{} to change; steps: {} safe, {} risky, {} destructive, {} blocked, {} skipped; "
        "{} data problem{}.\nEach table is asked for in turn (? for help) and applied in a transaction of its own.\n",
        asked, asked == 1 ? "" : "s", n[0], n[1], n[2], n[3], skipped, planned_.plan.problems.size(),
        planned_.plan.problems.size() == 1 ? "" : "s");
}

void Interactive::mark_unavailable(Entry& e) const {
    for (auto& why : e.unavailable)
        if (why.empty() && !e.problems.empty())
            why = "the live rows would break this table's changes (data problems above)";
    mark_foreign_keys(e);
    auto ok = available(e);
    for (auto i : drop_unmet(e.items, ok))
        for (auto n : e.items[i].needs)
            if (!ok[n]) {
                e.unavailable[i] = fmt::format("needs '{}', which cannot run", e.items[n].summary);
                break;
            }
}

// A new foreign key whose referenced table, column or key belongs to a table
// that was not applied cannot run: flagged here instead of failing on the server.
void Interactive::mark_foreign_keys(Entry& e) const {
    for (std::size_t i = 0; i < e.items.size(); ++i) {
        const auto& it = e.items[i];
        std::vector<const ForeignKey*> fks;
        if (it.kind == ChangeItem::Kind::whole)
            for (const auto& fk : e.tc->desired.foreign_keys) fks.push_back(&fk);
        if (it.kind == ChangeItem::Kind::foreign_key && e.tc->foreign_keys[it.at].kind == ForeignKeyChange::Kind::add)
            fks.push_back(&e.tc->foreign_keys[it.at].item);
        for (const auto* fk : fks)
            if (std::string why = missing_reference(*fk); !why.empty() && e.unavailable[i].empty())
                e.unavailable[i] = why;
    }
}

std::string Interactive::missing_reference(const ForeignKey& fk) const {
    for (const auto& r : entries_) {
        if (r.outcome == Outcome::pending || r.tc->name != fk.ref_table) continue;
        for (auto n : items_needed_by(fk, *r.tc, r.items))
            if (!r.applied[n])
                return fmt::format("foreign key {} needs '{}' of table {}, which was not applied ({})", fk.name,
                                   r.items[n].summary, r.tc->name, outcome_name(r.outcome));
    }
    return {};
}

void Interactive::show(const Entry& e, std::size_t number, std::size_t total) const {
    std::cout << fmt::format("\n[table {} of {}] {}\n", number, total, e.tc->name);
    Plan p = render(e, available(e));
    p.problems = e.problems;
    std::cout << format_plan(p, PlanFormat::text, fo_);
    for (std::size_t i = 0; i < e.items.size(); ++i)
        if (!e.unavailable[i].empty())
            std::cout << fmt::format("  {} {}\n      {}\n",
                                     e.by_rule[i] ? "blocked:" : "not applicable:", e.items[i].summary,
                                     e.unavailable[i]);
}

Flow Interactive::ask_table(Entry& e, std::size_t number, std::size_t total) {
    mark_unavailable(e);
    show(e, number, total);
    auto ok = available(e);
    if (std::none_of(ok.begin(), ok.end(), [](bool b) { return b; })) {
        e.outcome = Outcome::not_applicable;
        e.detail = e.problems.empty() ? "what it needs was not applied" : "data problems";
        std::cout << fmt::format("Not applied: no change of table {} can run (see above).\n", e.tc->name);
        return Flow::next;
    }
    if (all_) return apply(e, ok);
    bool several = std::count(ok.begin(), ok.end(), true) > 1;
    std::string prompt = fmt::format("Apply the changes to table {}? [y]es / [N]o / {}[a]ll / [q]uit / [?]help: ",
                                     e.tc->name, several ? "[s]tep through / " : "");
    for (;;) {
        Answer a = read_answer(prompt);
        if (a.reply == Reply::interrupted) return quit(e, Outcome::interrupted, "Ctrl-C at its prompt");
        if (a.reply == Reply::end_of_input) return quit(e, Outcome::skipped, "end of input at its prompt");
        bool again = false;
        if (a.text == "s" && !several) a.text = "?";
        Flow f = on_answer(e, a.text, again);
        if (!again) return f;
    }
}

Flow Interactive::on_answer(Entry& e, const std::string& a, bool& again) {
    auto ok = available(e);
    if (a == "y" || a == "yes") return apply(e, ok);
    if (a.empty() || a == "n" || a == "no") return skip(e, "answered n");
    if (a == "q" || a == "quit") return quit(e, Outcome::skipped, "q at its prompt");
    if (a == "s") return after_steps(e, ok);
    again = true;
    if (a == "a" || a == "all") {
        if (!confirm_all(static_cast<std::size_t>(&e - entries_.data()))) return Flow::next;
        all_ = true;
        again = false;
        return apply(e, ok);
    }
    std::cout << (a == "?" || a == "h" || a == "help" ? help_text : "Answer y, n, s, a, q or ? (Enter = n).\n");
    return Flow::next;
}

// Asks per item; an item whose need was declined is skipped with a note.
Reply Interactive::step_through(Entry& e, std::vector<bool>& chosen) {
    for (std::size_t i = 0; i < e.items.size(); ++i) {
        if (!chosen[i]) continue;
        const auto& it = e.items[i];
        auto missing = std::find_if(it.needs.begin(), it.needs.end(), [&](std::size_t n) { return !chosen[n]; });
        if (missing != it.needs.end()) {
            chosen[i] = false;
            std::cout << fmt::format("  skipped: {} (needs '{}', not chosen)\n", it.summary, e.items[*missing].summary);
            continue;
        }
        Answer a = read_answer(fmt::format("  {} [{}]? [y/N] ", it.summary, to_string(it.safety)));
        if (a.reply != Reply::text) return a.reply;
        if (a.text == "q") return Reply::end_of_input;
        chosen[i] = a.text == "y" || a.text == "yes";
    }
    drop_unmet(e.items, chosen);
    return Reply::text;
}

// `s`: the chosen items, planned again for this dialect, shown, then confirmed.
Flow Interactive::after_steps(Entry& e, std::vector<bool>& chosen) {
    Reply r = step_through(e, chosen);
    if (r == Reply::interrupted) return quit(e, Outcome::interrupted, "Ctrl-C at its prompt");
    if (r == Reply::end_of_input) return quit(e, Outcome::skipped, "stopped while stepping through");
    if (std::none_of(chosen.begin(), chosen.end(), [](bool b) { return b; })) return skip(e, "no change chosen");
    std::cout << "\nThe chosen changes of " << e.tc->name << ", as they would run:\n"
              << format_plan(render(e, chosen), PlanFormat::text, fo_);
    Answer a = read_answer("Apply these? [y/N] ");
    if (a.reply == Reply::interrupted) return quit(e, Outcome::interrupted, "Ctrl-C at its prompt");
    if (a.reply == Reply::end_of_input) return quit(e, Outcome::skipped, "end of input at its prompt");
    if (a.text == "y" || a.text == "yes") return apply(e, chosen);
    return skip(e, "chosen changes not confirmed");
}

// `a` never runs a step the person has not seen: every remaining step is
// shown first, then confirmed once more.
bool Interactive::confirm_all(std::size_t from) {
    Plan rest;
    for (std::size_t i = from; i < entries_.size(); ++i) {
        if (!entries_[i].problems.empty()) continue;  // never applied
        Plan p = render(entries_[i], available(entries_[i]));
        rest.steps.insert(rest.steps.end(), p.steps.begin(), p.steps.end());
    }
    auto steps = runnable(rest.steps);
    std::size_t tables = rest.tables().size();
    if (tables <= 1) return true;  // only this table: `a` is `y`
    auto destructive = std::count_if(steps.begin(), steps.end(),
                                     [](const Step& s) { return s.safety == Safety::destructive; });
    std::cout << "\n[a]ll would run every step below, in this table and the ones after it "
                 "(tables with data problems are left out):\n"
              << format_plan(rest, PlanFormat::text, fo_);
    Answer a = read_answer(fmt::format("Apply all {} steps in {} tables ({} destructive) without asking again? [y/N] ",
                                       steps.size(), tables, destructive));
    return a.reply == Reply::text && (a.text == "y" || a.text == "yes");
}

Flow Interactive::apply(Entry& e, const std::vector<bool>& chosen) {
    auto steps = runnable(render(e, chosen).steps);
    auto progress = print_progress();
    try {
        apply_steps(s_.connect(true), s_.dialect(), steps, s_.apply_options(),
                    [&](std::size_t i, std::size_t n, const Step& st, double secs) {
                        progress(i, n, st, secs);
                        // Thrown inside the transaction: apply_steps rolls it back.
                        if (interrupted()) throw std::runtime_error("interrupted (Ctrl-C)");
                    });
    } catch (const Error& err) {
        return failed(e, err.what());
    }
    e.applied = chosen;
    std::size_t offered = 0, taken = 0;
    for (std::size_t i = 0; i < chosen.size(); ++i) {
        offered += !e.by_rule[i];
        taken += chosen[i];
    }
    e.outcome = taken < offered ? Outcome::partly : Outcome::applied;
    if (taken < offered) e.detail = fmt::format("{} of {} changes", taken, offered);
    std::cout << "Applied " << e.tc->name << ".\n";
    if (!interrupted()) return Flow::next;
    std::cout << fmt::format("Interrupted (Ctrl-C): table {} was already applied; stopping here.\n", e.tc->name);
    return Flow::stop;
}

// apply_steps speaks of one transaction; here earlier tables were committed
// in transactions of their own, so the message says so.
Flow Interactive::failed(Entry& e, const std::string& message) {
    bool tx = s_.dialect().transactional_ddl();
    const std::string& t = e.tc->name;
    if (interrupted()) {
        e.outcome = Outcome::interrupted;
        e.detail = tx ? "Ctrl-C during its apply: rolled back, the table is as it was"
                      : "Ctrl-C during its apply: the statements that ran stay (MySQL commits each DDL statement)";
        std::cout << fmt::format("Interrupted (Ctrl-C) while applying table {}: {}.\n", t, e.detail);
        if (!tx) std::cout << message << "\n";
        return Flow::stop;
    }
    e.outcome = Outcome::failed;
    std::string m = message;
    if (auto cut = m.find("\nRolled back:"); cut != std::string::npos && tx)
        m = m.substr(0, cut) + fmt::format(
                                   "\nRolled back: table {} is as it was. Tables applied before it stay "
                                   "applied (see the summary).",
                                   t);
    e.detail = tx ? "rolled back" : "see the steps listed above";
    std::cout << fmt::format("Table {} failed: {}\n", t, m);
    return Flow::stop;
}

Flow Interactive::skip(Entry& e, const std::string& detail) {
    e.outcome = Outcome::skipped;
    e.detail = detail;
    std::cout << "Skipped " << e.tc->name << ".\n";
    return Flow::next;
}

Flow Interactive::quit(Entry& e, Outcome why, const std::string& detail) {
    e.outcome = why;
    e.detail = detail;
    std::cout << fmt::format("{} at table {}: it and the tables after it were not changed.\n",
                             why == Outcome::interrupted ? "Interrupted (Ctrl-C)" : "Stopped", e.tc->name);
    return Flow::stop;
}

int Interactive::summary() const {
    std::size_t n[9] = {};
    for (const auto& e : entries_)
        if (e.work) ++n[static_cast<int>(e.outcome)];
    std::cout << fmt::format("\nSummary: {} applied, {} partly applied, {} not applied, {} failed", n[1], n[2],
                             n[3] + n[4] + n[6] + n[7] + n[0], n[5]);
    std::cout << ".\n";
    for (const auto& e : entries_)
        if (e.work)
            std::cout << fmt::format("  {:<15} {}{}\n", outcome_name(e.outcome), e.tc->name,
                                     e.detail.empty() ? "" : " (" + e.detail + ")");
    if (n[static_cast<int>(Outcome::failed)]) return 1;
    bool all_applied = std::all_of(entries_.begin(), entries_.end(),
                                   [](const Entry& e) { return !e.work || e.outcome == Outcome::applied; });
    return all_applied ? 0 : 3;
}

int Interactive::run() {
    InterruptGuard guard;
    build_entries();
    for (auto& e : entries_) e.work = !runnable(render(e, available(e)).steps).empty() || !e.problems.empty();
    overview();
    std::size_t total = std::count_if(entries_.begin(), entries_.end(), [](const Entry& e) { return e.work; });
    std::size_t number = 0;
    bool stopped = false;
    for (auto& e : entries_) {
        if (!e.work) {
            std::cout << "\n" << format_plan(steps_of(planned_.plan, e.tc->name), PlanFormat::text, fo_);
            e.outcome = Outcome::in_sync;
            continue;
        }
        if (stopped) continue;  // pending: not reached
        if (interrupted()) {
            quit(e, Outcome::interrupted, "Ctrl-C");
            stopped = true;
            continue;
        }
        stopped = ask_table(e, ++number, total) == Flow::stop;
    }
    return summary();
}

}  // namespace

int run_interactive(Session& s, const Planned& planned, const PlanOptions& opts) {
    return Interactive(s, planned, opts).run();
}

}  // namespace schemactl
