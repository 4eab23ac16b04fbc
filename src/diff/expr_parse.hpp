#pragma once
// A small precedence-aware SQL expression reader for expr_fingerprint: it
// knows enough of the expression grammar shared by SQLite, PostgreSQL and
// MariaDB to tell the parentheses that change meaning from the redundant ones
// servers add when they store an expression.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace schemactl::expr {

struct Token {
    enum class Kind { ident, keyword, number, string, op };
    Kind kind;
    std::string text;  // ident/keyword lowercased, number normalized, string verbatim with quotes
};

// Never throws: characters it does not know become one-character operators,
// an unclosed quote runs to the end.
std::vector<Token> tokenize(std::string_view sql);

// The expression printed in one canonical form (every operation in
// parentheses), or nothing when the tokens are not an expression this reader
// knows. A dialect's own spellings are rewritten before this (ExprForm).
std::optional<std::string> canonical(const std::vector<Token>& tokens);

// A number token's text: 007 -> 7, 1.50 -> 1.5, .5 -> 0.5, 1E+3 -> 1e+3, -0 -> 0.
std::string normalize_number(std::string_view s);
// Whether s is a plain decimal number ("-12", "1.5"), as in a string literal.
bool plain_number(std::string_view s);

// The tokens joined by single spaces: the form of what canonical() cannot read.
std::string joined(const std::vector<Token>& tokens);

}  // namespace schemactl::expr
