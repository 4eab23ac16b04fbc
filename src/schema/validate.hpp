#pragma once
// Dialect-independent checks of a portable schema: names, types, duplicates,
// references. Problems are appended to `out`, each naming file:line:col and
// table.column.
#include <cstddef>

#include "schema/diagnostic.hpp"
#include "schema/model.hpp"

namespace schemactl {

void validate_schema(const Schema& portable, Diagnostics& out, std::size_t max_identifier_length = 63);

// Levenshtein-close candidate for a misspelt key or name ("" if none is close).
std::string nearest(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace schemactl
