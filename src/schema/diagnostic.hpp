#pragma once
#include <string>
#include <vector>

#include "schema/error.hpp"
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

// The schema files have problems: the message lists them all; the list is
// kept for `--format json`, which reports each with its file:line.
struct InvalidSchema : Error {
    InvalidSchema(const std::string& message, Diagnostics problems)
        : Error(message), diagnostics(std::move(problems)) {}
    Diagnostics diagnostics;
};

}  // namespace schemactl
