#pragma once
// The dialect-independent first half of lowering: generated names for
// indexes and foreign keys, `unique = true` columns as unique indexes, the
// per-dialect overrides applied. Dialect::lower() does the rest.
// renamed_from and protected_columns are kept: diff reads them, never compares them.
#include <string_view>

#include "schema/model.hpp"

namespace schemactl {

Table prepare(Table portable, std::string_view dialect, std::size_t max_identifier_length);

// The default a portable column has in `dialect` (its override's default_expr,
// else its own), as prepare() sets it: a check of the defaults reads this
// instead of preparing a copy of every table.
Default dialect_default(const Column& portable, std::string_view dialect);

// The name prepare() gives each index, `unique = true` column, foreign key
// and check of t, in the order its result holds them: t's indexes, then one
// per unique column, then foreign keys, then checks. The name checks read
// these instead of preparing a copy of every table.
struct KeyName {
    enum class Kind { index, unique_column, foreign_key, check };
    Kind kind;
    std::size_t at;  // position in t.indexes, t.columns, t.foreign_keys or t.checks
    std::string name;
    bool generated;        // t gives it no name
    const SourcePos* pos;  // where t defines it (points into t)
};
std::vector<KeyName> key_names(const Table& t, std::size_t max_identifier_length);

// idx_<table>_<cols>, uq_<table>_<cols>, fk_<table>_<cols>; shortened with a
// stable hash when longer than the dialect allows.
std::string generated_name(std::string_view prefix, std::string_view table, const std::vector<std::string>& columns,
                           std::size_t max_len);

}  // namespace schemactl
