#include "diff/expr.hpp"

#include "diff/expr_parse.hpp"

namespace schemactl {

std::string expr_fingerprint(std::string_view sql, ExprForm form) {
    auto tokens = expr::tokenize(sql);
    if (form) form(tokens);
    if (auto c = expr::canonical(tokens)) return *c;
    return expr::joined(tokens);
}

}  // namespace schemactl
