#include "diagram/diagram.hpp"

#include <algorithm>

#include "schema/error.hpp"
#include "schema/lists.hpp"

namespace schemactl {

namespace {

// Unique on its own: a unique index over exactly this column. A partial
// (WHERE) or expression index does not make the column a key.
bool unique_alone(const Table& t, const Column& c) {
    if (c.unique) return true;
    for (const auto& ix : t.indexes)
        if (ix.unique && ix.where.empty() && ix.columns.size() == 1 && ix.columns[0].expr.empty() &&
            ix.columns[0].name == c.name)
            return true;
    return false;
}

// The columns are a key of the table: its primary key or a unique index
// over exactly these columns, in any order.
bool is_key(const Table& t, const std::vector<std::string>& cols) {
    auto same = [&](std::vector<std::string> a) {
        std::vector<std::string> b = cols;
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        return a == b;
    };
    if (!t.primary_key.empty() && same(t.primary_key)) return true;
    if (cols.size() == 1)
        if (const Column* c = t.find_column(cols[0]); c && unique_alone(t, *c)) return true;
    for (const auto& ix : t.indexes) {
        if (!ix.unique || !ix.where.empty()) continue;
        std::vector<std::string> names;
        for (const auto& k : ix.columns) names.push_back(k.expr.empty() ? k.name : std::string());
        if (same(names)) return true;
    }
    return false;
}

DiagramTable drawn(const Table& t) {
    DiagramTable d;
    d.name = t.name;
    for (const auto& c : t.columns) {
        DiagramColumn dc;
        dc.name = c.name;
        dc.type = c.type;
        dc.nullable = c.nullable;
        dc.pk = contains(t.primary_key, c.name);
        for (const auto& fk : t.foreign_keys) dc.fk = dc.fk || contains(fk.columns, c.name);
        // A one-column primary key is unique already; saying so twice is noise.
        dc.uk = unique_alone(t, c) && !(dc.pk && t.primary_key.size() == 1);
        d.columns.push_back(std::move(dc));
    }
    return d;
}

}  // namespace

int DiagramTable::column_index(const std::string& n) const {
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i].name == n) return static_cast<int>(i);
    return -1;
}

Diagram make_diagram(const Schema& s, const std::vector<std::string>& only) {
    Diagram d;
    std::vector<const Table*> chosen;
    for (const auto& t : s.tables)
        if (only.empty() || contains(only, t.name)) chosen.push_back(&t);
    for (const Table* t : chosen) d.tables.push_back(drawn(*t));

    auto index_of = [&](const std::string& name) {
        for (std::size_t i = 0; i < d.tables.size(); ++i)
            if (d.tables[i].name == name) return i;
        DiagramTable stub;
        stub.name = name;
        stub.stub = true;
        d.tables.push_back(std::move(stub));
        return d.tables.size() - 1;
    };
    for (std::size_t i = 0; i < chosen.size(); ++i) {
        const Table& t = *chosen[i];
        for (const auto& fk : t.foreign_keys) {
            DiagramEdge e;
            e.from = i;
            e.to = index_of(fk.ref_table);
            e.columns = fk.columns;
            e.ref_columns = fk.ref_columns;
            e.identifying = !fk.columns.empty();
            for (const auto& c : fk.columns) {
                const Column* col = t.find_column(c);
                if (col && col->nullable) e.optional = true;
                if (!contains(t.primary_key, c)) e.identifying = false;
            }
            e.one_to_one = is_key(t, fk.columns);
            d.edges.push_back(std::move(e));
        }
    }
    return d;
}

DiagramFormat parse_diagram_format(const std::string& s) {
    if (s == "mermaid") return DiagramFormat::mermaid;
    if (s == "dot") return DiagramFormat::dot;
    if (s == "svg") return DiagramFormat::svg;
    throw Error("unknown diagram format '" + s + "': use mermaid, dot or svg");
}

}  // namespace schemactl
