#pragma once
// Diagram → Graphviz DOT: one node per table, drawn as an HTML-like table
// (name, then a row per column: name, type, keys), and an edge per foreign
// key from its first column to the referenced column. Pure.
#include <string>

#include "diagram/diagram.hpp"

namespace schemactl {

std::string to_dot(const Diagram& d);

}  // namespace schemactl
