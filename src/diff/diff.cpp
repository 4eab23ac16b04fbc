#include "diff/diff.hpp"

#include <algorithm>
#include <functional>
#include <unordered_map>
#include <unordered_set>

#include "diff/expr.hpp"

namespace schemactl {

static bool same_default(const Default& a, const Default& b) {
    if (a.kind != b.kind) return false;
    return a.kind == Default::Kind::expr ? expr_fingerprint(a.text) == expr_fingerprint(b.text) : a.text == b.text;
}

bool same_column(const Column& a, const Column& b) {
    return a.type == b.type && a.nullable == b.nullable && same_default(a.default_value, b.default_value) &&
           a.auto_increment == b.auto_increment && a.comment == b.comment &&
           expr_fingerprint(a.on_update) == expr_fingerprint(b.on_update) && a.collation == b.collation &&
           a.enum_values == b.enum_values;
}

bool same_index(const Index& a, const Index& b) {
    // An invalid index (never usable, not enforced) is rebuilt: drop and create.
    return a.columns == b.columns && a.unique == b.unique && a.method == b.method && a.valid == b.valid &&
           expr_fingerprint(a.where) == expr_fingerprint(b.where);
}

bool same_foreign_key(const ForeignKey& a, const ForeignKey& b) {
    return a.columns == b.columns && a.ref_table == b.ref_table && a.ref_columns == b.ref_columns &&
           a.on_delete == b.on_delete && a.on_update == b.on_update;
}

bool same_check(const Check& a, const Check& b) { return expr_fingerprint(a.expr) == expr_fingerprint(b.expr); }

static ColumnChange alter_of(const Column& desired, const Column& actual) {
    ColumnChange c{ColumnChange::Kind::alter, desired.name, {}, desired, actual};
    c.type_changed = desired.type != actual.type;
    c.nullable_changed = desired.nullable != actual.nullable;
    c.default_changed = !same_default(desired.default_value, actual.default_value);
    c.auto_increment_changed = desired.auto_increment != actual.auto_increment;
    c.comment_changed = desired.comment != actual.comment;
    c.other_changed = expr_fingerprint(desired.on_update) != expr_fingerprint(actual.on_update) ||
                      desired.collation != actual.collation || desired.enum_values != actual.enum_values;
    return c;
}

// Items (indexes, foreign keys, checks) are matched by name; a changed one is
// dropped and added again.
template <class T, class Same>
static void diff_items(const std::vector<T>& desired, const std::vector<T>& actual,
                       std::vector<ItemChange<T>>& out, Same same) {
    std::unordered_map<std::string_view, const T*> by_name;
    for (const auto& a : actual) by_name.emplace(a.name, &a);
    std::unordered_set<std::string_view> wanted;
    std::vector<ItemChange<T>> adds;
    for (const auto& d : desired) {
        wanted.insert(d.name);
        auto it = by_name.find(d.name);
        if (it == by_name.end()) {
            adds.push_back({ItemChange<T>::Kind::add, d});
        } else if (!same(d, *it->second)) {
            out.push_back({ItemChange<T>::Kind::drop, *it->second});
            adds.push_back({ItemChange<T>::Kind::add, d});
        }
    }
    for (const auto& a : actual)
        if (!wanted.count(a.name)) out.push_back({ItemChange<T>::Kind::drop, a});
    // Drops first: a changed item keeps its name.
    out.insert(out.end(), adds.begin(), adds.end());
}

static void diff_table(const Table& desired, const Table& actual, TableChange& tc) {
    std::unordered_map<std::string_view, const Column*> actual_cols;
    for (const auto& c : actual.columns) actual_cols.emplace(c.name, &c);
    std::unordered_set<std::string_view> desired_names, claimed;
    for (const auto& c : desired.columns) desired_names.insert(c.name);

    for (const auto& d : desired.columns) {
        if (auto it = actual_cols.find(d.name); it != actual_cols.end()) {
            claimed.insert(d.name);
            if (!same_column(d, *it->second)) tc.columns.push_back(alter_of(d, *it->second));
            continue;
        }
        // Rename only when the old name exists and is not itself still wanted.
        if (!d.renamed_from.empty() && !desired_names.count(d.renamed_from) && !claimed.count(d.renamed_from)) {
            if (auto it = actual_cols.find(d.renamed_from); it != actual_cols.end()) {
                claimed.insert(d.renamed_from);
                ColumnChange r{ColumnChange::Kind::rename, d.name, d.renamed_from, d, *it->second};
                tc.columns.push_back(r);
                if (!same_column(d, *it->second)) {
                    Column renamed = *it->second;
                    renamed.name = d.name;
                    tc.columns.push_back(alter_of(d, renamed));
                }
                continue;
            }
        }
        tc.columns.push_back({ColumnChange::Kind::add, d.name, {}, d, {}});
    }
    for (const auto& a : actual.columns)
        if (!claimed.count(a.name)) tc.columns.push_back({ColumnChange::Kind::drop, a.name, {}, {}, a});

    tc.primary_key_changed = desired.primary_key != actual.primary_key;
    tc.comment_changed = desired.comment != actual.comment;
    tc.options_changed = desired.options != actual.options;
    diff_items(desired.indexes, actual.indexes, tc.indexes, same_index);
    diff_items(desired.foreign_keys, actual.foreign_keys, tc.foreign_keys, same_foreign_key);
    diff_items(desired.checks, actual.checks, tc.checks, same_check);
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

Changes diff(const Schema& desired, const Schema& actual, const DiffOptions& opts) {
    std::unordered_map<std::string_view, const Table*> actual_by_name, desired_by_name;
    for (const auto& t : actual.tables) actual_by_name.emplace(t.name, &t);
    for (const auto& t : desired.tables) desired_by_name.emplace(t.name, &t);
    std::unordered_set<std::string_view> only(opts.only_tables.begin(), opts.only_tables.end());

    Changes out;
    for (const auto& name : dependency_order(desired)) {
        const Table& d = *desired_by_name.at(name);
        if (!only.empty() && !only.count(d.name)) continue;
        TableChange tc;
        tc.name = d.name;
        tc.desired = d;
        if (auto it = actual_by_name.find(d.name); it != actual_by_name.end()) {
            tc.kind = TableChange::Kind::alter;
            tc.actual = *it->second;
        } else if (auto old = actual_by_name.find(d.renamed_from);
                   !d.renamed_from.empty() && old != actual_by_name.end() && !desired_by_name.count(d.renamed_from)) {
            tc.kind = TableChange::Kind::rename;
            tc.old_name = d.renamed_from;
            tc.actual = *old->second;
        } else {
            tc.kind = TableChange::Kind::create;
            out.tables.push_back(std::move(tc));
            continue;
        }
        diff_table(d, tc.actual, tc);
        if (!tc.empty()) out.tables.push_back(std::move(tc));
    }
    return out;
}

}  // namespace schemactl
