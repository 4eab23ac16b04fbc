#pragma once
// PostgreSQL's own spellings of the expressions it stores (pg_get_expr,
// pg_get_indexdef, pg_get_constraintdef), rewritten into the standard SQL
// that diff's canonical form reads: the dialect's half of expression
// comparison (diff/expr.hpp).
#include <vector>

#include "diff/expr_parse.hpp"

namespace schemactl::pg {

// In place: `x::type` casts dropped ('-1'::integer is the number -1), `~~`
// and its kin as LIKE / ILIKE / NOT LIKE / NOT ILIKE, `x = ANY (ARRAY[a, b])`
// as `x IN (a, b)` and `x <> ALL (ARRAY[...])` as `x NOT IN (...)`.
void expression_form(std::vector<expr::Token>& tokens);

}  // namespace schemactl::pg
