// Node names are generated (t0, t1, ...) and so are ports (column k: i<k> on
// its name cell, where edges come in from the left, o<k> on its keys cell,
// where edges leave to the right, as rankdir=LR lays them out): a table
// or column name only ever appears as label text, escaped for Graphviz's
// HTML-like labels, so no name can end a string or an identifier early.
#include "diagram/dot.hpp"

#include <fmt/format.h>

namespace schemactl {

namespace {

// Text inside an HTML-like label: XML entities for the markup characters;
// control characters (a line break in a name) as a visible space.
std::string html(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c;
        }
    }
    return out;
}

std::string keys(const DiagramColumn& c) {
    std::string k;
    for (auto [on, word] : {std::pair{c.pk, "PK"}, {c.fk, "FK"}, {c.uk, "UK"}})
        if (on) k += (k.empty() ? "" : ", ") + std::string(word);
    return k;
}

std::string node(std::size_t i, const DiagramTable& t) {
    std::string rows;
    for (std::size_t k = 0; k < t.columns.size(); ++k) {
        const auto& c = t.columns[k];
        std::string name = html(c.name);
        if (c.pk) name = "<U>" + name + "</U>";
        std::string type = html(c.type) + (c.nullable ? " <I>null</I>" : "");
        rows += fmt::format(
            "    <TR><TD PORT=\"i{0}\" ALIGN=\"LEFT\">{1}</TD><TD ALIGN=\"LEFT\">{2}</TD><TD PORT=\"o{0}\" "
            "ALIGN=\"LEFT\">{3}</TD></TR>\n",
            k, name, type, keys(c));
    }
    // A stub (a referenced table that is not drawn in full) is dashed.
    return fmt::format(
        "  t{} [label=<<TABLE BORDER=\"{}\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"4\"{}>\n"
        "    <TR><TD COLSPAN=\"3\" BGCOLOR=\"#dde4ee\"><B>{}</B></TD></TR>\n{}  </TABLE>>];\n",
        i, t.stub ? 1 : 0, t.stub ? " STYLE=\"dashed\"" : "", html(t.name), rows);
}

// ":o3:e" / ":i0:w" for the first column of a key, "" when the table is
// drawn without it (a stub).
std::string port(const DiagramTable& t, const std::vector<std::string>& cols, const char* side) {
    if (cols.empty()) return "";
    int k = t.column_index(cols.front());
    return k < 0 ? "" : fmt::format(":{}{}:{}", side[0], k, side[0] == 'o' ? "e" : "w");
}

}  // namespace

std::string to_dot(const Diagram& d) {
    std::string out =
        "digraph schema {\n"
        "  graph [rankdir=LR, fontname=\"Helvetica\"];\n"
        "  node [shape=plaintext, fontname=\"Helvetica\", fontsize=10];\n"
        "  edge [fontname=\"Helvetica\", fontsize=9, arrowhead=normal];\n";
    for (std::size_t i = 0; i < d.tables.size(); ++i) out += node(i, d.tables[i]);
    for (const auto& e : d.edges) {
        // Dashed: the reference may be NULL.
        out += fmt::format("  t{}{} -> t{}{}{};\n", e.from, port(d.tables[e.from], e.columns, "o"), e.to,
                           port(d.tables[e.to], e.ref_columns, "i"), e.optional ? " [style=dashed]" : "");
    }
    return out + "}\n";
}

}  // namespace schemactl
