#pragma once
// Diagram → a Mermaid entity-relationship diagram (`erDiagram`), which
// GitHub and GitLab render in a ```mermaid block as it is. Pure.
#include <string>

#include "diagram/diagram.hpp"

namespace schemactl {

std::string to_mermaid(const Diagram& d);

}  // namespace schemactl
