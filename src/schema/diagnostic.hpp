#pragma once
#include <string>
#include <vector>

#include "schema/model.hpp"

namespace schemactl {

// One problem in the schema files; `validate` reports all of them at once.
struct Diagnostic {
    SourcePos pos;        // file:line:col where known
    std::string where;    // "agents.config" (table.column) where it applies
    std::string message;  // what is wrong and what to do
    std::string str() const;
};

using Diagnostics = std::vector<Diagnostic>;

}  // namespace schemactl
