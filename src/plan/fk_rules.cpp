#include "plan/fk_rules.hpp"

#include <algorithm>

#include "schema/lists.hpp"

namespace schemactl {

namespace {

// A column's name in the live table (an alter after a rename carries the new name).
std::string live_name(const TableChange& tc, const std::string& name) {
    for (const auto& c : tc.columns)
        if (c.kind == ColumnChange::Kind::rename && c.name == name) return c.old_name;
    return name;
}

std::string desired_name(const TableChange& tc, const std::string& live) {
    for (const auto& c : tc.columns)
        if (c.kind == ColumnChange::Kind::rename && c.old_name == live) return c.name;
    return live;
}

bool same_set(std::vector<std::string> a, std::vector<std::string> b) {
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    return a == b;
}

std::vector<std::string> names(const Index& ix) {
    std::vector<std::string> v;
    for (const auto& c : ix.columns) v.push_back(c.key());
    return v;
}

// Whether an index (or primary key) over `cols` may be the one serving a key
// over `ref`: exactly those columns, or (MySQL) those columns first.
bool may_serve(const std::vector<std::string>& cols, const std::vector<std::string>& ref, bool prefix) {
    if (!prefix) return same_set(cols, ref);
    if (cols.size() < ref.size()) return false;
    return same_set({cols.begin(), cols.begin() + static_cast<std::ptrdiff_t>(ref.size())}, ref);
}

bool leads(const std::vector<std::string>& cols, const std::vector<std::string>& ref) {
    return cols.size() >= ref.size() && std::equal(ref.begin(), ref.end(), cols.begin());
}

}  // namespace

bool breaks_reference(const ForeignKey& fk, const TableChange& p, const FkRules& r) {
    if (p.kind == TableChange::Kind::create) return false;
    for (const auto& c : p.columns) {
        if (c.kind == ColumnChange::Kind::drop && contains(fk.ref_columns, c.name)) return true;
        if (c.kind == ColumnChange::Kind::alter && r.type_change_breaks && (c.type_changed || c.other_changed) &&
            contains(fk.ref_columns, live_name(p, c.name)))
            return true;
    }
    bool lost = p.primary_key_changed && !p.actual.primary_key.empty() &&
                may_serve(p.actual.primary_key, fk.ref_columns, r.prefix_index);
    for (const auto& ix : p.indexes)
        if (ix.kind == IndexChange::Kind::drop && (r.prefix_index || ix.item.unique) &&
            may_serve(names(ix.item), fk.ref_columns, r.prefix_index))
            lost = true;
    if (!lost || !r.prefix_index) return lost;
    // MySQL checks the table after the whole ALTER: an index that still
    // starts with the referenced columns keeps the key valid.
    std::vector<std::string> ref;
    for (const auto& c : fk.ref_columns) ref.push_back(desired_name(p, c));
    if (leads(p.desired.primary_key, ref)) return false;
    return !std::any_of(p.desired.indexes.begin(), p.desired.indexes.end(),
                        [&](const Index& ix) { return ix.method.empty() && leads(names(ix), ref); });
}

bool breaks_own(const ForeignKey& fk, const TableChange& own, const FkRules& r) {
    if (!r.type_change_breaks || own.kind == TableChange::Kind::create) return false;
    return std::any_of(own.columns.begin(), own.columns.end(), [&](const ColumnChange& c) {
        return c.kind == ColumnChange::Kind::alter && (c.type_changed || c.other_changed) &&
               contains(fk.columns, live_name(own, c.name));
    });
}

}  // namespace schemactl
