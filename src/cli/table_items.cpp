#include "cli/table_items.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>

#include "plan/safety.hpp"
#include "schema/lists.hpp"
#include "schema/text.hpp"

namespace schemactl {

namespace {

using K = ChangeItem::Kind;
using CK = ColumnChange::Kind;

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Whether an SQL expression names `name` as a whole identifier (rough: a
// string literal holding the word counts too, which only asks for more).
bool mentions(const std::string& expr, const std::string& name) {
    auto lower = [](std::string s) {
        s = lower_ascii(s);
        return s;
    };
    std::string e = lower(expr), n = lower(name);
    for (auto at = e.find(n); at != std::string::npos; at = e.find(n, at + 1)) {
        bool before = at == 0 || !ident_char(e[at - 1]);
        bool after = at + n.size() >= e.size() || !ident_char(e[at + n.size()]);
        if (before && after) return true;
    }
    return false;
}

std::vector<std::string> index_columns(const Index& ix) {
    std::vector<std::string> out;
    for (const auto& c : ix.columns) out.push_back(c.key());
    return out;
}

struct Builder {
    const TableChange& tc;
    std::vector<ChangeItem> items;

    std::size_t add(K kind, std::size_t at, std::string summary, Safety safety) {
        ChangeItem it{kind, at, std::move(summary), safety, {}};
        if (!items.empty() && items.front().kind == K::table_rename) it.needs.push_back(0);
        items.push_back(std::move(it));
        return items.size() - 1;
    }
    // Positions of the items of `kind` for which `pred(at)` holds.
    template <class P>
    std::vector<std::size_t> find(K kind, P pred) const {
        std::vector<std::size_t> out;
        for (std::size_t i = 0; i < items.size(); ++i)
            if (items[i].kind == kind && pred(items[i].at)) out.push_back(i);
        return out;
    }
    void need(std::size_t item, const std::vector<std::size_t>& what) {
        for (auto w : what) items[item].needs.push_back(w);
    }
    // The column add or rename that makes `name` exist.
    std::vector<std::size_t> making_column(const std::string& name) const {
        return find(K::column, [&](std::size_t at) {
            const auto& c = tc.columns[at];
            return (c.kind == CK::add || c.kind == CK::rename) && c.name == name;
        });
    }
    std::vector<std::size_t> making_columns(const std::vector<std::string>& names) const {
        std::vector<std::size_t> out;
        for (const auto& n : names)
            for (auto i : making_column(n)) out.push_back(i);
        return out;
    }
};

void add_drops(Builder& b) {
    const auto& tc = b.tc;
    for (std::size_t i = 0; i < tc.indexes.size(); ++i)
        if (tc.indexes[i].kind == IndexChange::Kind::drop)
            b.add(K::index, i, describe(tc.name, tc.indexes[i]), classify(tc.indexes[i]));
    for (std::size_t i = 0; i < tc.foreign_keys.size(); ++i)
        if (tc.foreign_keys[i].kind == ForeignKeyChange::Kind::drop)
            b.add(K::foreign_key, i, describe(tc.name, tc.foreign_keys[i]), classify(tc.foreign_keys[i]));
    for (std::size_t i = 0; i < tc.checks.size(); ++i)
        if (tc.checks[i].kind == CheckChange::Kind::drop)
            b.add(K::check, i, describe(tc.name, tc.checks[i]), classify(tc.checks[i]));
}

// A dropped column needs the drops of the indexes, keys and checks over it.
void add_column_drop_needs(Builder& b, std::size_t item, const std::string& col) {
    const auto& tc = b.tc;
    b.need(item, b.find(K::index, [&](std::size_t at) {
        const auto& ix = tc.indexes[at];
        return ix.kind == IndexChange::Kind::drop &&
               (contains(index_columns(ix.item), col) || mentions(ix.item.where, col));
    }));
    b.need(item, b.find(K::foreign_key, [&](std::size_t at) {
        const auto& f = tc.foreign_keys[at];
        return f.kind == ForeignKeyChange::Kind::drop && contains(f.item.columns, col);
    }));
    b.need(item, b.find(K::check, [&](std::size_t at) {
        const auto& k = tc.checks[at];
        return k.kind == CheckChange::Kind::drop && mentions(k.item.expr, col);
    }));
}

void add_columns(Builder& b) {
    const auto& tc = b.tc;
    for (std::size_t i = 0; i < tc.columns.size(); ++i)
        if (tc.columns[i].kind == CK::rename) b.add(K::column, i, describe(tc.name, tc.columns[i]), Safety::safe);
    for (std::size_t i = 0; i < tc.columns.size(); ++i) {
        const auto& c = tc.columns[i];
        if (c.kind == CK::rename) continue;
        std::size_t item = b.add(K::column, i, describe(tc.name, c), classify(c));
        if (c.kind == CK::alter)
            b.need(item, b.find(K::column, [&](std::size_t at) {
                return tc.columns[at].kind == CK::rename && tc.columns[at].name == c.name;
            }));
        if (c.kind == CK::drop) add_column_drop_needs(b, item, c.name);
    }
}

void add_primary_key(Builder& b) {
    const auto& tc = b.tc;
    if (!tc.primary_key_changed) return;
    std::size_t item = b.add(K::primary_key, 0,
                             fmt::format("primary key {} ({})", tc.name, fmt::join(tc.desired.primary_key, ", ")),
                             Safety::risky);
    b.need(item, b.making_columns(tc.desired.primary_key));
    // A dropped column of the old key waits for the new key.
    for (auto i : b.find(K::column, [&](std::size_t at) {
             return tc.columns[at].kind == CK::drop && contains(tc.actual.primary_key, tc.columns[at].name);
         }))
        b.items[i].needs.push_back(item);
}

void add_additions(Builder& b) {
    const auto& tc = b.tc;
    for (std::size_t i = 0; i < tc.indexes.size(); ++i) {
        const auto& ix = tc.indexes[i];
        if (ix.kind != IndexChange::Kind::add) continue;
        std::size_t item = b.add(K::index, i, describe(tc.name, ix), classify(ix));
        b.need(item, b.making_columns(index_columns(ix.item)));
        b.need(item,
               b.find(K::index, [&](std::size_t at) { return tc.indexes[at].item.name == ix.item.name && at != i; }));
    }
    for (std::size_t i = 0; i < tc.checks.size(); ++i) {
        const auto& k = tc.checks[i];
        if (k.kind != CheckChange::Kind::add) continue;
        std::size_t item = b.add(K::check, i, describe(tc.name, k), classify(k));
        for (const auto& c : tc.columns)
            if (mentions(k.item.expr, c.name)) b.need(item, b.making_column(c.name));
        b.need(item,
               b.find(K::check, [&](std::size_t at) { return tc.checks[at].item.name == k.item.name && at != i; }));
    }
    for (std::size_t i = 0; i < tc.foreign_keys.size(); ++i) {
        const auto& f = tc.foreign_keys[i];
        if (f.kind != ForeignKeyChange::Kind::add) continue;
        std::size_t item = b.add(K::foreign_key, i, describe(tc.name, f), classify(f));
        b.need(item, b.making_columns(f.item.columns));
        b.need(item, b.find(K::foreign_key,
                            [&](std::size_t at) { return tc.foreign_keys[at].item.name == f.item.name && at != i; }));
    }
    if (tc.comment_changed) b.add(K::comment, 0, "comment on " + tc.name, Safety::safe);
    if (tc.options_changed) b.add(K::options, 0, "table options of " + tc.name, Safety::safe);
}

}  // namespace

std::vector<ChangeItem> change_items(const TableChange& tc) {
    Builder b{tc, {}};
    if (tc.kind == TableChange::Kind::create) {
        b.add(K::whole, 0, "create table " + tc.name, Safety::safe);
        return b.items;
    }
    if (tc.kind == TableChange::Kind::rename)
        b.add(K::table_rename, 0, "rename table " + tc.old_name + " to " + tc.name, Safety::safe);
    add_drops(b);
    add_columns(b);
    add_primary_key(b);
    add_additions(b);
    return b.items;
}

std::vector<std::size_t> drop_unmet(const std::vector<ChangeItem>& items, std::vector<bool>& chosen) {
    std::vector<std::size_t> dropped;
    for (bool again = true; again;) {
        again = false;
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (!chosen[i]) continue;
            bool met = std::all_of(items[i].needs.begin(), items[i].needs.end(),
                                   [&](std::size_t n) { return chosen[n]; });
            if (met) continue;
            chosen[i] = false;
            dropped.push_back(i);
            again = true;
        }
    }
    return dropped;
}

}  // namespace schemactl
