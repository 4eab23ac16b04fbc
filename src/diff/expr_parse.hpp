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
// an unclosed quote runs to the end. PostgreSQL `::type` casts are dropped
// here (a numeric string cast to a number type becomes the number).
std::vector<Token> tokenize(std::string_view sql);

// The expression printed in one canonical form (every operation in
// parentheses, server rewrites undone), or nothing when the tokens are not
// an expression this reader knows.
std::optional<std::string> canonical(const std::vector<Token>& tokens);

// The tokens joined by single spaces: the form of what canonical() cannot read.
std::string joined(const std::vector<Token>& tokens);

}  // namespace schemactl::expr
