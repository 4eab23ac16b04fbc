#pragma once
// Comparing SQL expressions (check constraints, partial index predicates,
// expression defaults) across the rewrites databases apply when they store
// them: `CHECK ((runs >= 0))` vs `runs >= 0`.
#include <string>
#include <string_view>

namespace schemactl {

// The expression parsed with SQL operator precedence and printed in one
// canonical form: parentheses kept only where they change the grouping
// (`(a OR b) AND c` differs from `a OR (b AND c)`), lowercased outside string
// literals, identifier quotes ("x", `x`) and PostgreSQL casts (::type,
// ::character varying, ::text[], CAST(x AS t)) removed, numbers normalized
// (1.50 == 1.5), and the servers' rewrites undone: BETWEEN as two
// comparisons, IN (...) as = ANY (ARRAY[...]), LIKE as ~~, != as <>.
// What the parser cannot read falls back to its tokens. Never throws. Two
// expressions with the same fingerprint are treated as equal by diff.
std::string expr_fingerprint(std::string_view sql);

}  // namespace schemactl
