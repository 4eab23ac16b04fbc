#pragma once
// Comparing SQL expressions (check constraints, partial index predicates,
// expression defaults) across the rewrites databases apply when they store
// them: `CHECK ((runs >= 0))` vs `runs >= 0`.
#include <string>
#include <string_view>

namespace schemactl {

// PostgreSQL's rewrites of BETWEEN and IN lists undone first; then
// lowercased outside string literals; whitespace, parentheses, identifier
// quotes ("x", `x`) and PostgreSQL casts (::type, ::character varying,
// ::text[]) removed. Two expressions with the same fingerprint are treated
// as equal by diff.
std::string expr_fingerprint(std::string_view sql);

}  // namespace schemactl
