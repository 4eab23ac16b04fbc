#include "diff/diff.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "diff/expr.hpp"
#include "runtime/parallel.hpp"
#include "schema/text.hpp"

namespace schemactl {

static bool same_expr(const std::string& a, const std::string& b, ExprForm form) {
    return a == b || expr_fingerprint(a, form) == expr_fingerprint(b, form);
}

static bool same_default(const Default& a, const Default& b, ExprForm form) {
    if (a.kind != b.kind) return false;
    return a.kind == Default::Kind::expr ? same_expr(a.text, b.text, form) : a.text == b.text;
}

static bool same_generation(const Column& a, const Column& b, ExprForm form) {
    return a.generated_stored == b.generated_stored && a.generated.empty() == b.generated.empty() &&
           (a.generated.empty() || same_expr(a.generated, b.generated, form));
}

bool same_column(const Column& a, const Column& b, ExprForm form) {
    return a.type == b.type && a.nullable == b.nullable && same_default(a.default_value, b.default_value, form) &&
           a.auto_increment == b.auto_increment && a.comment == b.comment &&
           same_expr(a.on_update, b.on_update, form) && a.collation == b.collation && a.enum_values == b.enum_values &&
           same_generation(a, b, form);
}

static bool same_names(const std::vector<std::string>& a, const std::vector<std::string>& b, NameCase how) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [&](const std::string& x, const std::string& y) { return same_name(x, y, how); });
}

bool same_index(const Index& a, const Index& b, const NameRules& names, ExprForm form) {
    auto same_col = [&](const IndexColumn& x, const IndexColumn& y) {
        bool same_key = x.expr.empty() ? y.expr.empty() && same_name(x.name, y.name, names.columns)
                                       : !y.expr.empty() && same_expr(x.expr, y.expr, form);
        return same_key && x.desc == y.desc && x.prefix_length == y.prefix_length;
    };
    // An invalid index (never usable, not enforced) is rebuilt: drop and create.
    return std::equal(a.columns.begin(), a.columns.end(), b.columns.begin(), b.columns.end(), same_col) &&
           a.unique == b.unique && a.method == b.method && a.valid == b.valid && same_expr(a.where, b.where, form);
}

bool same_foreign_key(const ForeignKey& a, const ForeignKey& b, const NameRules& names) {
    return same_names(a.columns, b.columns, names.columns) && same_name(a.ref_table, b.ref_table, names.tables) &&
           same_names(a.ref_columns, b.ref_columns, names.columns) && a.on_delete == b.on_delete &&
           a.on_update == b.on_update;
}

bool same_check(const Check& a, const Check& b, ExprForm form) { return same_expr(a.expr, b.expr, form); }

static ColumnChange alter_of(const Column& desired, const Column& actual, ExprForm form) {
    ColumnChange c{ColumnChange::Kind::alter, desired.name, {}, desired, actual};
    c.type_changed = desired.type != actual.type;
    c.nullable_changed = desired.nullable != actual.nullable;
    c.default_changed = !same_default(desired.default_value, actual.default_value, form);
    c.auto_increment_changed = desired.auto_increment != actual.auto_increment;
    c.comment_changed = desired.comment != actual.comment;
    c.generated_changed = !same_generation(desired, actual, form);
    c.other_changed = !same_expr(desired.on_update, actual.on_update, form) || desired.collation != actual.collation ||
                      desired.enum_values != actual.enum_values;
    return c;
}

// Items (indexes, foreign keys, checks) are matched by name as the database
// compares them; a changed one is dropped and added again.
template <class T, class Same>
static void diff_items(const std::vector<T>& desired, const std::vector<T>& actual, NameCase how,
                       std::vector<ItemChange<T>>& out, Same same) {
    std::unordered_map<std::string, const T*> by_key;
    for (const auto& a : actual) by_key.emplace(name_key(a.name, how), &a);
    std::unordered_set<std::string> wanted;
    std::vector<ItemChange<T>> adds;
    for (const auto& d : desired) {
        std::string key = name_key(d.name, how);
        wanted.insert(key);
        auto it = by_key.find(key);
        if (it == by_key.end()) {
            adds.push_back({ItemChange<T>::Kind::add, d});
        } else if (!same(d, *it->second)) {
            out.push_back({ItemChange<T>::Kind::drop, *it->second});
            adds.push_back({ItemChange<T>::Kind::add, d});
        }
    }
    for (const auto& a : actual)
        if (!wanted.count(name_key(a.name, how))) out.push_back({ItemChange<T>::Kind::drop, a});
    // Drops first: a changed item keeps its name.
    out.insert(out.end(), adds.begin(), adds.end());
}

// The position of the one live column spelt like `d` but for case that
// `taken` (given a position) does not rule out, or npos (none, or several:
// then nothing is guessed).
template <class Taken>
static std::size_t case_variant(const Column& d, const Table& actual, Taken taken) {
    std::size_t found = std::string::npos;
    for (std::size_t i = 0; i < actual.columns.size(); ++i) {
        if (taken(i) || !same_name(actual.columns[i].name, d.name, NameCase::unicode)) continue;
        if (found != std::string::npos) return std::string::npos;
        found = i;
    }
    return found;
}

namespace {

// A table's live columns by key. A table in line has each column where the
// files have it, so a column is looked for at a given position first, and
// the map of every key is built only when that misses. Live keys are
// unique: each database refuses two columns of one name by its own rule.
class LiveColumns {
public:
    LiveColumns(const std::vector<Column>& columns, NameCase how) {
        keys_.reserve(columns.size());
        for (const auto& c : columns) keys_.push_back(name_key(c.name, how));
    }
    // The position of the column whose key is k, or npos.
    std::size_t find(const std::string& k, std::size_t hint = std::string::npos) {
        if (hint < keys_.size() && keys_[hint] == k) return hint;
        if (!mapped_) {
            at_.reserve(keys_.size());
            for (std::size_t i = 0; i < keys_.size(); ++i) at_.emplace(keys_[i], i);
            mapped_ = true;
        }
        auto it = at_.find(k);
        return it == at_.end() ? std::string::npos : it->second;
    }
    const std::string& key(std::size_t i) const { return keys_[i]; }

private:
    std::vector<std::string> keys_;
    std::unordered_map<std::string_view, std::size_t> at_;
    bool mapped_ = false;
};

}  // namespace

// Table options, each compared as its value or, where a side omits it, the
// database's default; names of charsets and engines ignore case.
static bool same_options(const std::map<std::string, std::string>& a, const std::map<std::string, std::string>& b,
                         const std::map<std::string, std::string>& defaults) {
    auto value = [&](const std::map<std::string, std::string>& m, const std::string& k) {
        auto it = m.find(k);
        if (it == m.end()) it = defaults.find(k);
        std::string v = it == defaults.end() ? std::string() : it->second;
        v = lower_ascii(v);
        return v;
    };
    for (const auto* m : {&a, &b})
        for (const auto& [k, v] : *m)
            if (value(a, k) != value(b, k)) return false;
    return true;
}

static void diff_table(const Table& desired, const Table& actual, const DiffOptions& opts,
                       const std::map<std::string, std::string>& option_defaults, TableChange& tc) {
    const NameRules& names = opts.names;
    const ExprForm form = opts.exprs;
    const NameCase how = names.columns;
    auto key = [&](const std::string& n) { return name_key(n, how); };
    LiveColumns live(actual.columns, how);
    std::vector<char> claimed(actual.columns.size(), 0);  // by live position
    // The desired columns' keys, needed only for a column not found by name.
    std::unordered_set<std::string> desired_names;
    auto wanted = [&](const std::string& k) {
        if (desired_names.empty())
            for (const auto& c : desired.columns) desired_names.insert(key(c.name));
        return desired_names.count(k) > 0;
    };
    auto claimed_key = [&](const std::string& k) {
        const std::size_t at = live.find(k);
        return at != std::string::npos && claimed[at];
    };

    auto rename = [&](const Column& d, const Column& a) {
        tc.columns.push_back({ColumnChange::Kind::rename, d.name, a.name, d, a});
        if (!same_column(d, a, form)) {
            Column renamed = a;
            renamed.name = d.name;
            tc.columns.push_back(alter_of(d, renamed, form));
        }
    };
    for (std::size_t i = 0; i < desired.columns.size(); ++i) {
        const Column& d = desired.columns[i];
        if (const std::size_t at = live.find(key(d.name), i); at != std::string::npos) {
            claimed[at] = 1;
            const Column& a = actual.columns[at];
            // The same name to the database, spelt otherwise (case): a rename.
            if (a.name != d.name) rename(d, a);
            else if (!same_column(d, a, form)) tc.columns.push_back(alter_of(d, a, form));
            continue;
        }
        // Rename only when the old name exists and is not itself still wanted.
        std::string old = key(d.renamed_from);
        if (!d.renamed_from.empty() && !wanted(old) && !claimed_key(old)) {
            if (const std::size_t at = live.find(old); at != std::string::npos) {
                claimed[at] = 1;
                rename(d, actual.columns[at]);
                continue;
            }
        }
        // Where the database tells case apart (PostgreSQL), a live column that
        // differs only in case and that nothing else in the files wants is
        // still this column renamed: an add and a drop would empty it.
        if (const std::size_t at = case_variant(d, actual,
                                                [&](std::size_t j) { return claimed[j] || wanted(live.key(j)); });
            at != std::string::npos) {
            claimed[at] = 1;
            rename(d, actual.columns[at]);
            continue;
        }
        tc.columns.push_back({ColumnChange::Kind::add, d.name, {}, d, {}});
    }
    for (std::size_t j = 0; j < actual.columns.size(); ++j)
        if (!claimed[j])
            tc.columns.push_back({ColumnChange::Kind::drop, actual.columns[j].name, {}, {}, actual.columns[j]});

    // The live primary key under the columns' new names.
    std::vector<std::string> live_pk = actual.primary_key;
    for (auto& c : live_pk)
        for (const auto& ch : tc.columns)
            if (ch.kind == ColumnChange::Kind::rename && same_name(ch.old_name, c, how)) c = ch.name;
    tc.primary_key_changed = !same_names(desired.primary_key, live_pk, how);
    tc.comment_changed = desired.comment != actual.comment;
    tc.options_changed = !same_options(desired.options, actual.options, option_defaults);
    auto same_ix = [&](const Index& a, const Index& b) { return same_index(a, b, names, form); };
    auto same_fk = [&](const ForeignKey& a, const ForeignKey& b) { return same_foreign_key(a, b, names); };
    diff_items(desired.indexes, actual.indexes, names.indexes, tc.indexes, same_ix);
    diff_items(desired.foreign_keys, actual.foreign_keys, names.indexes, tc.foreign_keys, same_fk);
    auto same_ck = [&](const Check& a, const Check& b) { return same_check(a, b, form); };
    diff_items(desired.checks, actual.checks, names.indexes, tc.checks, same_ck);
}

std::vector<std::string> dependency_order(const Schema& s) {
    std::unordered_map<std::string_view, const Table*> by_name;
    for (const auto& t : s.tables) by_name.emplace(t.name, &t);
    std::vector<std::string> out;
    out.reserve(s.tables.size());
    std::unordered_map<std::string_view, int> state;  // 1 visiting, 2 done
    std::function<void(const Table&)> visit = [&](const Table& t) {
        auto& st = state[t.name];
        if (st) return;  // done, or a cycle: keep file order
        st = 1;
        for (const auto& fk : t.foreign_keys)
            if (auto it = by_name.find(fk.ref_table); it != by_name.end() && it->second != &t) visit(*it->second);
        st = 2;
        out.push_back(t.name);
    };
    for (const auto& t : s.tables) visit(t);
    return out;
}

// Below this many tables the comparisons run on the calling thread: a
// thread's start costs more than they do.
constexpr std::size_t kTablesPerThread = 500;

Changes diff(const Schema& desired, const Schema& actual, const DiffOptions& opts) {
    const NameCase how = opts.names.tables;
    auto key = [&](const std::string& n) { return name_key(n, how); };
    // By name: views of the schemas' own names; by key: the keys made here.
    std::unordered_map<std::string, const Table*> actual_by_key;
    std::unordered_map<std::string_view, const Table*> actual_by_name, desired_by_name;
    std::unordered_set<std::string> desired_keys;
    actual_by_key.reserve(actual.tables.size());
    actual_by_name.reserve(actual.tables.size());
    desired_by_name.reserve(desired.tables.size());
    desired_keys.reserve(desired.tables.size());
    for (const auto& t : actual.tables) {
        actual_by_key.emplace(key(t.name), &t);
        actual_by_name.emplace(t.name, &t);
    }
    for (const auto& t : desired.tables) {
        desired_by_name.emplace(t.name, &t);
        desired_keys.insert(key(t.name));
    }
    std::unordered_set<std::string_view> only(opts.only_tables.begin(), opts.only_tables.end());

    // Which live table each file table is compared with, in order; then
    // the comparisons, on several threads for a big schema (each is pure).
    // Each thread keeps the changes it found; most tables have none.
    struct Pair {
        const Table* desired;
        const Table* live;  // null: created
        TableChange::Kind kind;
        std::string old_name;
    };
    std::vector<Pair> pairs;
    pairs.reserve(desired.tables.size());
    for (const auto& name : dependency_order(desired)) {
        const Table& d = *desired_by_name.at(name);
        if (!only.empty() && !only.count(d.name)) continue;
        auto exact = actual_by_name.find(d.name);
        auto found = actual_by_key.find(key(d.name));
        if (exact != actual_by_name.end()) {
            pairs.push_back({&d, exact->second, TableChange::Kind::alter, {}});
        } else if (found != actual_by_key.end()) {
            // The same table to the database, spelt otherwise: a rename.
            pairs.push_back({&d, found->second, TableChange::Kind::rename, found->second->name});
        } else if (auto old = actual_by_key.find(key(d.renamed_from));
                   !d.renamed_from.empty() && old != actual_by_key.end() && !desired_keys.count(key(d.renamed_from))) {
            pairs.push_back({&d, old->second, TableChange::Kind::rename, old->second->name});
        } else {
            pairs.push_back({&d, nullptr, TableChange::Kind::create, {}});
        }
    }
    using Found = std::vector<TableChange>;
    auto compare = [&](std::size_t from, std::size_t to) {
        Found changed;
        for (std::size_t i = from; i < to; ++i) {
            const Pair& p = pairs[i];
            TableChange tc;
            tc.name = p.desired->name;
            tc.kind = p.kind;
            tc.old_name = p.old_name;
            if (p.live) {
                diff_table(*p.desired, *p.live, opts, actual.option_defaults, tc);
                if (tc.empty()) continue;
                tc.actual = *p.live;
            }
            // Copied only for a table that changes: most of a big schema does not.
            tc.desired = *p.desired;
            changed.push_back(std::move(tc));
        }
        return changed;
    };
    std::vector<Found> by_thread(threads_for(pairs.size(), kTablesPerThread));
    in_ranges(pairs.size(), by_thread.size(),
              [&](std::size_t from, std::size_t to, std::size_t k) { by_thread[k] = compare(from, to); });
    Changes out;
    for (Found& f : by_thread)  // the threads' ranges follow each other
        for (auto& tc : f) out.tables.push_back(std::move(tc));
    return out;
}

}  // namespace schemactl
