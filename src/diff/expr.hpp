#pragma once
// Comparing SQL expressions (check constraints, partial index predicates,
// expression defaults) across the rewrites databases apply when they store
// them: `CHECK ((runs >= 0))` vs `runs >= 0`.
#include <string>
#include <string_view>
#include <vector>

#include "diff/expr_parse.hpp"

namespace schemactl {

// A dialect's own spellings of an expression, rewritten in place into the
// standard SQL the canonical form reads (PostgreSQL: `x::text`, `~~`,
// `= ANY (ARRAY[...])`). Pure; supplied by Dialect::expression_form(), so
// diff/ knows no dialect. Null: the tokens are read as they are.
using ExprForm = void (*)(std::vector<expr::Token>& tokens);

// The expression parsed with SQL operator precedence and printed in one
// canonical form: parentheses kept only where they change the grouping
// (`(a OR b) AND c` differs from `a OR (b AND c)`), lowercased outside string
// literals, identifier quotes ("x", `x`) and CAST(x AS t) removed, numbers
// normalized (1.50 == 1.5), BETWEEN as its two comparisons, IN with one item
// as =, != as <>. `form` first undoes the dialect's own spellings. What the
// parser cannot read falls back to its tokens. Never throws. Two expressions
// with the same fingerprint are treated as equal by diff.
std::string expr_fingerprint(std::string_view sql, ExprForm form = nullptr);

}  // namespace schemactl
