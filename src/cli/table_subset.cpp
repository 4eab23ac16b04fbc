// only_items / items_needed_by (declared in table_items.hpp): a table change
// limited to the items a person chose.
#include <algorithm>

#include "cli/table_items.hpp"

namespace schemactl {

namespace {

using K = ChangeItem::Kind;
using CK = ColumnChange::Kind;

template <class T>
void erase_named(std::vector<T>& v, const std::string& name) {
    v.erase(std::remove_if(v.begin(), v.end(), [&](const T& x) { return x.name == name; }), v.end());
}

struct Subset {
    const TableChange& tc;
    const std::vector<ChangeItem>& items;
    const std::vector<bool>& chosen;
    TableChange out;

    // A live column name under the name it has after the chosen renames.
    std::string renamed(const std::string& live) const {
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (!chosen[i] || items[i].kind != K::column) continue;
            const auto& c = tc.columns[items[i].at];
            if (c.kind == CK::rename && c.old_name == live) return c.name;
        }
        return live;
    }
    std::vector<std::string> renamed(std::vector<std::string> names) const {
        for (auto& n : names) n = renamed(n);
        return names;
    }
    Index renamed(Index ix) const {
        for (auto& c : ix.columns) c.name = renamed(c.name);
        return ix;
    }
    ForeignKey renamed(ForeignKey fk) const {
        fk.columns = renamed(fk.columns);
        return fk;
    }

    // A kept column goes back after the nearest preceding live column.
    void restore_column(Column col) {
        auto& cols = out.desired.columns;
        auto pos = cols.begin();
        for (const auto& a : tc.actual.columns) {
            if (a.name == col.name) break;
            auto it = std::find_if(cols.begin(), cols.end(),
                                   [&](const Column& c) { return c.name == renamed(a.name); });
            if (it != cols.end()) pos = it + 1;
        }
        cols.insert(pos, std::move(col));
    }

    void rename_back(const ColumnChange& c) {
        Table& d = out.desired;
        if (Column* col = d.find_column(c.name)) col->name = c.old_name;
        auto back = [&](std::string& n) {
            if (n == c.name) n = c.old_name;
        };
        for (auto& n : d.primary_key) back(n);
        for (auto& ix : d.indexes)
            for (auto& ic : ix.columns) back(ic.name);
        for (auto& fk : d.foreign_keys)
            for (auto& n : fk.columns) back(n);
    }

    void leave_column(const ColumnChange& c) {
        Table& d = out.desired;
        switch (c.kind) {
            case CK::add: erase_named(d.columns, c.name); break;
            case CK::drop: restore_column(c.actual); break;
            case CK::rename: rename_back(c); break;
            case CK::alter:
                if (Column* col = d.find_column(c.name)) {
                    *col = c.actual;
                    col->name = c.name;
                }
                break;
        }
    }

    template <class T>
    static void leave_item(std::vector<T>& desired, const ItemChange<T>& change, T live) {
        erase_named(desired, change.item.name);
        if (change.kind == ItemChange<T>::Kind::drop) desired.push_back(std::move(live));
    }

    void leave(const ChangeItem& it) {
        Table& d = out.desired;
        switch (it.kind) {
            case K::whole:
            case K::table_rename: break;  // everything else needs it: nothing is left
            case K::column: leave_column(tc.columns[it.at]); break;
            case K::primary_key: d.primary_key = renamed(tc.actual.primary_key); break;
            case K::index: leave_item(d.indexes, tc.indexes[it.at], renamed(tc.indexes[it.at].item)); break;
            case K::foreign_key:
                leave_item(d.foreign_keys, tc.foreign_keys[it.at], renamed(tc.foreign_keys[it.at].item));
                break;
            case K::check: leave_item(d.checks, tc.checks[it.at], tc.checks[it.at].item); break;
            case K::comment: d.comment = tc.actual.comment; break;
            case K::options: d.options = tc.actual.options; break;
        }
    }
};

TableChange nothing(const TableChange& tc) {
    TableChange out;
    out.kind = TableChange::Kind::alter;
    out.name = tc.name;
    out.desired = tc.actual;
    out.actual = tc.actual;
    return out;
}

// Whether item kind `kind` at position `at` was chosen.
bool taken(const std::vector<ChangeItem>& items, const std::vector<bool>& chosen, K kind, std::size_t at) {
    for (std::size_t k = 0; k < items.size(); ++k)
        if (chosen[k] && items[k].kind == kind && items[k].at == at) return true;
    return false;
}

// The chosen entries of `all`, in their own order (renderers may rely on it).
template <class T>
std::vector<T> chosen_of(const std::vector<T>& all, const std::vector<ChangeItem>& items,
                         const std::vector<bool>& chosen, K kind) {
    std::vector<T> out;
    for (std::size_t i = 0; i < all.size(); ++i)
        if (taken(items, chosen, kind, i)) out.push_back(all[i]);
    return out;
}

}  // namespace

TableChange only_items(const TableChange& tc, const std::vector<ChangeItem>& items, const std::vector<bool>& chosen) {
    if (items.empty()) return nothing(tc);
    bool gate = items.front().kind == K::whole || items.front().kind == K::table_rename;
    if (gate && !chosen[0]) return nothing(tc);
    if (items.front().kind == K::whole) return tc;
    Subset s{tc, items, chosen, tc};
    // Later items first: an alter is undone before its rename, an add before
    // the drop of the same name.
    for (std::size_t i = items.size(); i-- > 0;)
        if (!chosen[i]) s.leave(items[i]);
    TableChange& out = s.out;
    out.columns = chosen_of(tc.columns, items, chosen, K::column);
    out.indexes = chosen_of(tc.indexes, items, chosen, K::index);
    out.foreign_keys = chosen_of(tc.foreign_keys, items, chosen, K::foreign_key);
    out.checks = chosen_of(tc.checks, items, chosen, K::check);
    out.primary_key_changed = tc.primary_key_changed && taken(items, chosen, K::primary_key, 0);
    out.comment_changed = tc.comment_changed && taken(items, chosen, K::comment, 0);
    out.options_changed = tc.options_changed && taken(items, chosen, K::options, 0);
    return out;
}

std::vector<std::size_t> items_needed_by(const ForeignKey& fk, const TableChange& ref,
                                         const std::vector<ChangeItem>& ref_items) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < ref_items.size(); ++i) {
        const auto& it = ref_items[i];
        bool needed = false;
        switch (it.kind) {
            case K::whole:
            case K::table_rename: needed = true; break;
            case K::column: {
                const auto& c = ref.columns[it.at];
                needed = (c.kind == CK::add || c.kind == CK::rename) &&
                         std::find(fk.ref_columns.begin(), fk.ref_columns.end(), c.name) != fk.ref_columns.end();
                break;
            }
            case K::primary_key: needed = ref.desired.primary_key == fk.ref_columns; break;
            case K::index: {
                const auto& ix = ref.indexes[it.at];
                std::vector<std::string> cols;
                for (const auto& c : ix.item.columns) cols.push_back(c.name);
                needed = ix.kind == IndexChange::Kind::add && ix.item.unique && cols == fk.ref_columns;
                break;
            }
            default: break;
        }
        if (needed) out.push_back(i);
    }
    return out;
}

}  // namespace schemactl
