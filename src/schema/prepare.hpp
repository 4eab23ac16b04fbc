#pragma once
// The dialect-independent first half of lowering: generated names for
// indexes and foreign keys, `unique = true` columns as unique indexes, the
// per-dialect overrides applied. Dialect::lower() does the rest.
// renamed_from and protected_columns are kept: diff reads them, never compares them.
#include <string_view>

#include "schema/model.hpp"

namespace schemactl {

Table prepare(Table portable, std::string_view dialect, std::size_t max_identifier_length);

// idx_<table>_<cols>, uq_<table>_<cols>, fk_<table>_<cols>; shortened with a
// stable hash when longer than the dialect allows.
std::string generated_name(std::string_view prefix, std::string_view table, const std::vector<std::string>& columns,
                           std::size_t max_len);

}  // namespace schemactl
