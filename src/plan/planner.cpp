#include "plan/planner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>
#include <unordered_map>

#include "dialect/dialect.hpp"
#include "plan/fk_rules.hpp"
#include "plan/safety.hpp"
#include "plan/unmanaged.hpp"
#include "schema/lists.hpp"

namespace schemactl {

// A kept column goes back where it stood in the live table: after the
// nearest preceding live column that the target still has.
static void keep_column(Table& desired, const Table& actual, const Column& col) {
    auto pos = desired.columns.begin();
    for (const auto& a : actual.columns) {
        if (a.name == col.name) break;
        auto it = std::find_if(desired.columns.begin(), desired.columns.end(),
                               [&](const Column& c) { return c.name == a.name; });
        if (it != desired.columns.end()) pos = it + 1;
    }
    desired.columns.insert(pos, col);
}

// A column an unmanaged object depends on (a view, a trigger...) keeps its
// name and type: the change goes back to the live column, shown as blocked.
static bool hold_pinned(FilteredChange& out, const TableChange& tc, const ColumnChange& c) {
    using K = ColumnChange::Kind;
    bool changes_use = c.kind == K::drop || c.kind == K::rename ||
                       (c.kind == K::alter && (c.type_changed || c.generated_changed));
    if (!changes_use || tc.kind == TableChange::Kind::create) return false;
    const std::string& live = c.kind == K::rename ? c.old_name : c.kind == K::drop ? c.name : c.actual.name;
    auto objects = pinned_by(tc.actual, live);
    if (objects.empty()) return false;
    Step s;
    s.table = tc.name;
    s.summary = describe(tc.name, c);
    s.safety = Safety::blocked;
    s.note = fmt::format(
        "{} depends on column {}, and schemactl does not manage it: change or drop it first, "
        "or leave this column as it is",
        describe_unmanaged(objects), live);
    out.held_back.push_back(s);
    Table& d = out.change.desired;
    if (c.kind == K::drop) {
        keep_column(d, tc.actual, c.actual);
        return true;
    }
    auto it = std::find_if(d.columns.begin(), d.columns.end(), [&](const Column& x) { return x.name == c.name; });
    if (it != d.columns.end()) *it = c.actual;
    if (c.kind == K::rename) {
        auto back = [&](std::string& n) {
            if (n == c.name) n = c.old_name;
        };
        for (auto& n : d.primary_key) back(n);
        for (auto& ix : d.indexes)
            for (auto& ic : ix.columns) back(ic.name);
        for (auto& fk : d.foreign_keys)
            for (auto& n : fk.columns) back(n);
    }
    return true;
}

FilteredChange apply_safety(const TableChange& tc, const SafetyRules& rules, bool allow_drop) {
    FilteredChange out{tc, {}};
    auto& cols = out.change.columns;
    cols.clear();
    std::vector<std::string> held;  // renamed columns put back: their later alter goes too
    for (const auto& c : tc.columns) {
        if (c.kind == ColumnChange::Kind::alter && std::find(held.begin(), held.end(), c.name) != held.end()) continue;
        bool is_protected_drop = c.kind == ColumnChange::Kind::drop && (contains(rules.protected_columns, c.name) ||
                                                                        contains(tc.desired.protected_columns, c.name));
        if (!is_protected_drop && hold_pinned(out, tc, c)) {
            held.push_back(c.name);
            continue;
        }
        if (c.kind != ColumnChange::Kind::drop) {
            cols.push_back(c);
            continue;
        }
        bool is_protected = contains(rules.protected_columns, c.name) || contains(tc.desired.protected_columns, c.name);
        if (!is_protected && allow_drop) {
            cols.push_back(c);
            continue;
        }
        Step s;
        s.table = tc.name;
        s.summary = describe(tc.name, c);
        if (is_protected) {
            s.safety = Safety::blocked;
            s.note = "protected column: never dropped (remove it from the protected list to allow it)";
        } else {
            s.safety = Safety::destructive;
            s.skipped = true;
            s.note = "not run: dropping a column loses its data; rerun with --allow-drop";
        }
        out.held_back.push_back(s);
        keep_column(out.change.desired, tc.actual, c.actual);
    }
    return out;
}

namespace {

// One table's foreign key drops and adds, taken out of its change so that
// they can run before or after other tables' changes.
struct FkWork {
    std::string name;                // desired name: Step::table
    std::string live;                // its name in the database before the plan
    std::optional<std::size_t> pos;  // its change in the plan; none for an unchanged table
    Table actual, desired;
    std::vector<ForeignKey> drops, adds;
    std::set<std::size_t> drop_before;  // changes that cannot run while the dropped keys exist
    std::set<std::size_t> add_after;    // changes of the tables the added keys reference
    bool early = false, late = false;
};

const ForeignKey* find_fk(const std::vector<ForeignKey>& v, const std::string& name) {
    auto it = std::find_if(v.begin(), v.end(), [&](const ForeignKey& f) { return f.name == name; });
    return it == v.end() ? nullptr : &*it;
}

// A live key as it reads after its referenced table's renames.
ForeignKey renamed_reference(ForeignKey fk, const TableChange& referenced) {
    fk.ref_table = referenced.name;
    for (auto& c : fk.ref_columns)
        for (const auto& r : referenced.columns)
            if (r.kind == ColumnChange::Kind::rename && r.old_name == c) {
                c = r.name;
                break;
            }
    return fk;
}

class Arranger {
public:
    Arranger(const Changes& changes, const Schema* live, const Dialect& dialect, const SafetyRules& rules,
             const PlanOptions& opts)
        : dialect_(dialect), opts_(opts), fr_(dialect.fk_rules()) {
        for (const auto& tc : changes.tables) filtered_.push_back(apply_safety(tc, rules, opts.allow_drop));
        if (!fr_.separate) return;
        for (std::size_t i = 0; i < filtered_.size(); ++i) {
            const TableChange& tc = filtered_[i].change;
            by_name_[tc.name] = i;
            if (tc.kind != TableChange::Kind::create)
                by_live_[tc.kind == TableChange::Kind::rename ? tc.old_name : tc.name] = i;
        }
        for (std::size_t i = 0; i < filtered_.size(); ++i) take_keys(i);
        if (live)
            for (const auto& t : live->tables)
                if (!by_live_.count(t.name)) unchanged_table(t);
        place();
    }

    Plan plan() const {
        Plan plan;
        if (!fr_.separate) {
            // SQLite: keys change only inside table rebuilds, and are checked at commit.
            for (const auto& f : filtered_) {
                if (!f.change.empty()) append(plan, render(f.change), f.change.name, {});
                plan.steps.insert(plan.steps.end(), f.held_back.begin(), f.held_back.end());
            }
            return plan;
        }
        // Phase 1: foreign keys that go, or that a change in the plan would break.
        for (const auto& w : work_)
            if (w.early) {
                TableChange d;
                d.kind = TableChange::Kind::alter;
                d.name = w.live;
                d.actual = d.desired = w.actual;
                for (const auto& fk : w.drops) d.foreign_keys.push_back({ForeignKeyChange::Kind::drop, fk});
                append(plan, render(d), w.name, {});
            }
        // Phase 2: every table's changes, referenced tables first.
        std::set<std::string> outside;  // tables with steps after the commit
        for (std::size_t i = 0; i < filtered_.size(); ++i) {
            const auto& f = filtered_[i];
            const FkWork& w = work_[i];
            TableChange m = f.change;
            if (!w.early)
                for (const auto& fk : w.drops) m.foreign_keys.push_back({ForeignKeyChange::Kind::drop, fk});
            if (!w.late) {
                if (m.kind == TableChange::Kind::create)
                    m.desired.foreign_keys.insert(m.desired.foreign_keys.end(), w.adds.begin(), w.adds.end());
                else
                    for (const auto& fk : w.adds) m.foreign_keys.push_back({ForeignKeyChange::Kind::add, fk});
            }
            if (!m.empty()) {
                std::size_t first = plan.steps.size();
                auto deps = m_deps_.find(i);
                append(plan, render(m), m.name, deps == m_deps_.end() ? std::set<std::string>{} : deps->second);
                for (std::size_t k = first; k < plan.steps.size(); ++k)
                    if (plan.steps[k].outside_transaction) outside.insert(m.name);
            }
            plan.steps.insert(plan.steps.end(), f.held_back.begin(), f.held_back.end());
        }
        // Phase 3: foreign keys added, once everything they reference stands.
        for (const auto& w : work_)
            if (w.late) {
                TableChange a;
                a.kind = TableChange::Kind::alter;
                a.name = w.name;
                a.desired = w.desired;
                a.actual = w.actual;
                for (const auto& fk : w.adds) a.foreign_keys.push_back({ForeignKeyChange::Kind::add, fk});
                std::set<std::string> deps;
                bool after_commit = false;
                for (auto p : w.add_after) {
                    deps.insert(filtered_[p].change.name);
                    after_commit = after_commit || outside.count(filtered_[p].change.name);
                }
                std::size_t first = plan.steps.size();
                append(plan, render(a), w.name, deps);
                // A key over an index built CONCURRENTLY (after the commit) waits for it.
                for (std::size_t k = first; k < plan.steps.size(); ++k)
                    plan.steps[k].outside_transaction = plan.steps[k].outside_transaction || after_commit;
            }
        return plan;
    }

private:
    std::vector<Step> render(const TableChange& tc) const {
        std::vector<Step> steps = dialect_.render(tc, opts_);
        block_rebuilds(steps, tc.actual);
        return steps;
    }

    static void append(Plan& plan, std::vector<Step> steps, const std::string& table,
                       const std::set<std::string>& deps) {
        for (auto& s : steps) {
            s.table = table;
            for (const auto& d : deps)
                if (d != table && std::find(s.depends_on.begin(), s.depends_on.end(), d) == s.depends_on.end())
                    s.depends_on.push_back(d);
            plan.steps.push_back(std::move(s));
        }
    }

    // The changes (positions) that cannot run while `fk` of a table exists.
    std::vector<std::size_t> broken_by(const ForeignKey& fk, std::optional<std::size_t> own) const {
        std::vector<std::size_t> out;
        if (auto p = by_live_.find(fk.ref_table);
            p != by_live_.end() && breaks_reference(fk, filtered_[p->second].change, fr_))
            out.push_back(p->second);
        if (own && breaks_own(fk, filtered_[*own].change, fr_)) out.push_back(*own);
        return out;
    }

    void reference(FkWork& w) const {
        for (const auto& fk : w.adds)
            if (auto p = by_name_.find(fk.ref_table); p != by_name_.end() && p->second != w.pos)
                w.add_after.insert(p->second);
    }

    void take_keys(std::size_t i) {
        TableChange& tc = filtered_[i].change;
        FkWork w;
        w.name = tc.name;
        w.live = tc.kind == TableChange::Kind::rename ? tc.old_name : tc.name;
        w.pos = i;
        w.actual = tc.actual;
        w.desired = tc.desired;
        if (tc.kind == TableChange::Kind::create) {
            // Keys to a table that changes later in the plan (a cycle) are added after it.
            auto& fks = tc.desired.foreign_keys;
            for (auto it = fks.begin(); it != fks.end();) {
                auto p = by_name_.find(it->ref_table);
                if (p != by_name_.end() && p->second > i) {
                    w.adds.push_back(*it);
                    it = fks.erase(it);
                } else {
                    if (p != by_name_.end() && p->second != i) m_deps_[i].insert(it->ref_table);
                    ++it;
                }
            }
            reference(w);
            work_.push_back(std::move(w));
            return;
        }
        for (const auto& f : tc.foreign_keys)
            (f.kind == ForeignKeyChange::Kind::drop ? w.drops : w.adds).push_back(f.item);
        tc.foreign_keys.clear();
        for (const auto& fk : w.drops)
            for (auto b : broken_by(fk, i)) w.drop_before.insert(b);
        // Kept keys that a change in the plan would break: dropped and added again around it.
        for (const auto& fk : tc.actual.foreign_keys) {
            if (find_fk(w.drops, fk.name)) continue;
            auto b = broken_by(fk, i);
            if (b.empty()) continue;
            w.drops.push_back(fk);
            const ForeignKey* d = find_fk(tc.desired.foreign_keys, fk.name);
            w.adds.push_back(d ? *d : fk);
            w.drop_before.insert(b.begin(), b.end());
        }
        reference(w);
        work_.push_back(std::move(w));
    }

    // A table the plan leaves alone whose keys point at a changing table.
    void unchanged_table(const Table& t) {
        FkWork w;
        w.name = w.live = t.name;
        for (const auto& fk : t.foreign_keys) {
            auto b = broken_by(fk, std::nullopt);
            if (b.empty()) continue;
            w.drops.push_back(fk);
            w.adds.push_back(renamed_reference(fk, filtered_[b.front()].change));
            w.drop_before.insert(b.begin(), b.end());
        }
        if (w.drops.empty()) return;  // most tables: copied only when kept
        w.actual = w.desired = t;
        reference(w);
        work_.push_back(std::move(w));
    }

    // Early / late, or (MySQL) kept in the table's own ALTER when no change
    // between there and where the phase would put them depends on them.
    void place() {
        for (auto& w : work_) {
            bool merge = fr_.merge && w.pos;
            w.early = !w.drops.empty() && (!merge || std::any_of(w.drop_before.begin(), w.drop_before.end(),
                                                                 [&](std::size_t b) { return b < *w.pos; }));
            w.late = !w.adds.empty() && (!merge || std::any_of(w.add_after.begin(), w.add_after.end(),
                                                               [&](std::size_t a) { return a > *w.pos; }));
            // A change that a key's drop must precede waits for that table's steps.
            for (auto b : w.drop_before) m_deps_[b].insert(w.name);
            if (!w.late && w.pos)
                for (auto a : w.add_after) m_deps_[*w.pos].insert(filtered_[a].change.name);
        }
    }

    const Dialect& dialect_;
    const PlanOptions& opts_;
    FkRules fr_;
    std::vector<FilteredChange> filtered_;
    std::unordered_map<std::string, std::size_t> by_name_, by_live_;
    std::vector<FkWork> work_;  // first one per change (same index), then unchanged tables
    std::unordered_map<std::size_t, std::set<std::string>> m_deps_;
};

}  // namespace

Plan make_plan(const Changes& changes, const Dialect& dialect, const SafetyRules& rules, const PlanOptions& opts) {
    return Arranger(changes, nullptr, dialect, rules, opts).plan();
}

Plan make_plan(const Changes& changes, const Schema& live, const Dialect& dialect, const SafetyRules& rules,
               const PlanOptions& opts) {
    return Arranger(changes, &live, dialect, rules, opts).plan();
}

}  // namespace schemactl
