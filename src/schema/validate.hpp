#pragma once
// Dialect-independent checks of a portable schema: names, types, duplicates,
// references. Problems are appended to `out`, each naming file:line:col and
// table.column.
#include <cstddef>

#include "schema/diagnostic.hpp"
#include "schema/model.hpp"
#include "schema/names.hpp"

namespace schemactl {

void validate_schema(const Schema& portable, Diagnostics& out, std::size_t max_identifier_length = 63);

// Two different spellings of one schema that `database` ("MySQL/MariaDB")
// treats as one name under `rules` (`a` and `A`): tables, the columns of a
// table, the index / foreign key / check names of a table (generated ones
// included). Called by the dialects' validate().
void validate_name_collisions(const Schema& portable, const NameRules& rules, std::size_t max_identifier_length,
                              std::string_view database, Diagnostics& out);

// Levenshtein-close candidate for a misspelt key or name ("" if none is close).
std::string nearest(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace schemactl
