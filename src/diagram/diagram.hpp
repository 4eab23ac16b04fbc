#pragma once
// A picture of a schema: tables with their columns, types and keys, and the
// foreign keys as edges. make_diagram() picks what to draw from a Schema
// (portable or canonical form); mermaid.hpp and dot.hpp write it. Pure.
#include <string>
#include <vector>

#include "schema/model.hpp"

namespace schemactl {

struct DiagramColumn {
    std::string name;
    std::string type;
    bool nullable = false;
    bool pk = false;  // in the primary key
    bool fk = false;  // in a foreign key
    bool uk = false;  // unique on its own: `unique = true`, or a one-column unique index without WHERE
};

struct DiagramTable {
    std::string name;
    std::vector<DiagramColumn> columns;
    // Only referenced: a foreign key target outside --tables (or not in the
    // schema at all), drawn as a name without columns.
    bool stub = false;
    int column_index(const std::string& name) const;  // -1 when absent (or a stub)
};

struct DiagramEdge {
    std::size_t from = 0;                  // the referencing table (index into Diagram::tables)
    std::size_t to = 0;                    // the referenced table
    std::vector<std::string> columns;      // in `from`
    std::vector<std::string> ref_columns;  // in `to`
    bool optional = false;                 // a referencing column is nullable: zero or one parent
    bool one_to_one = false;               // the referencing columns are unique: at most one child per parent
    bool identifying = false;              // the referencing columns are part of the child's primary key
};

struct Diagram {
    std::vector<DiagramTable> tables;  // the drawn tables in schema order, then the stubs
    std::vector<DiagramEdge> edges;    // per referencing table, in foreign key order
};

// The tables named in `only` (all when empty), in schema order, and every
// table one of their foreign keys references, as a stub when not drawn in
// full. Foreign keys of tables outside `only` are not drawn.
Diagram make_diagram(const Schema& s, const std::vector<std::string>& only = {});

enum class DiagramFormat { mermaid, dot, svg };
DiagramFormat parse_diagram_format(const std::string& s);  // throws Error for anything else

}  // namespace schemactl
