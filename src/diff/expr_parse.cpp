#include "diff/expr_parse.hpp"

#include <algorithm>
#include <array>

#include "schema/text.hpp"

namespace schemactl::expr {

namespace {

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool digit(char c) { return c >= '0' && c <= '9'; }
bool word_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c & 0x80); }
bool word_char(char c) { return word_start(c) || digit(c) || c == '$'; }

// Words this reader gives a meaning; as identifiers they are printed quoted.
constexpr std::array<std::string_view, 31> kKeywords{
    "and",      "or",    "not",     "is",      "null",   "true",    "false",   "in",  "like", "ilike", "glob",
    "regexp",   "match", "between", "case",    "when",   "then",    "else",    "end", "cast", "as",    "array",
    "distinct", "from",  "escape",  "collate", "isnull", "notnull", "unknown", "all", "any"};
bool keyword(std::string_view w) { return std::find(kKeywords.begin(), kKeywords.end(), w) != kKeywords.end(); }

// Longest first.
constexpr std::array<std::string_view, 20> kOps{"!~~*", "<=>", "!~~", "~~*", "!~*", "::", "||", "<=", ">=", "<>",
                                                "!=",   "==",  "!~",  "~~",  "~*",  "@>", "<@", "&&", "<<", ">>"};

}  // namespace

std::string normalize_number(std::string_view s) {
    bool neg = !s.empty() && s[0] == '-';
    if (neg) s.remove_prefix(1);
    std::size_t e = s.find_first_of("eE");
    std::string mant(s.substr(0, e)), exp = e == std::string_view::npos ? "" : std::string(s.substr(e));
    exp = lower_ascii(exp);
    std::string ip = mant.substr(0, mant.find('.')), fp;
    if (mant.find('.') != std::string::npos) fp = mant.substr(mant.find('.') + 1);
    while (ip.size() > 1 && ip[0] == '0') ip.erase(0, 1);
    if (ip.empty()) ip = "0";
    while (!fp.empty() && fp.back() == '0') fp.pop_back();
    std::string out = ip + (fp.empty() ? "" : "." + fp) + exp;
    if (neg && out != "0") out = "-" + out;
    return out;
}

bool plain_number(std::string_view s) {
    if (!s.empty() && s[0] == '-') s.remove_prefix(1);
    if (s.empty() || !digit(s[0])) return false;
    std::size_t dots = 0;
    for (char c : s) {
        if (c == '.') ++dots;
        else if (!digit(c)) return false;
    }
    return dots <= 1 && s.back() != '.';
}

namespace {

// Whether a token ends an operand: a following `-` is then binary.
bool ends_operand(const std::vector<Token>& out) {
    if (out.empty()) return false;
    const Token& t = out.back();
    if (t.kind == Token::Kind::op) return t.text == ")" || t.text == "]";
    if (t.kind == Token::Kind::keyword)
        return t.text == "end" || t.text == "null" || t.text == "true" || t.text == "false" || t.text == "unknown";
    return true;
}

// The quoted string or identifier at s[i] (a doubled quote stays inside);
// returns where the next token starts.
std::size_t read_quoted(std::string_view s, std::size_t i, std::vector<Token>& out) {
    char c = s[i];
    std::size_t j = i + 1;
    std::string body;  // a quoted identifier's name, lowercased
    while (j < s.size()) {
        if (s[j] == c && j + 1 < s.size() && s[j + 1] == c) {
            body += c;
            j += 2;
        } else if (s[j] == c) {
            break;
        } else {
            body += lower_ascii(s[j++]);
        }
    }
    bool closed = j < s.size();
    if (c == '\'') {
        out.push_back({Token::Kind::string, std::string(s.substr(i, std::min(j + 1, s.size()) - i))});
    } else {
        out.push_back({Token::Kind::ident, body});
    }
    return closed ? j + 1 : s.size();
}

// The number at s[i] (after its '-' when negative), normalized.
std::size_t read_number(std::string_view s, std::size_t i, bool negative, std::vector<Token>& out) {
    std::size_t j = negative ? i + 1 : i;
    while (j < s.size() && digit(s[j])) ++j;
    if (j + 1 < s.size() && s[j] == '.' && digit(s[j + 1])) {
        ++j;
        while (j < s.size() && digit(s[j])) ++j;
    } else if (j < s.size() && s[j] == '.' && (j + 1 == s.size() || !word_start(s[j + 1]))) {
        ++j;  // "1." is 1
    }
    if (j + 1 < s.size() && (s[j] == 'e' || s[j] == 'E')) {
        std::size_t k = j + 1;
        if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
        if (k < s.size() && digit(s[k])) {
            while (k < s.size() && digit(s[k])) ++k;
            j = k;
        }
    }
    out.push_back({Token::Kind::number, normalize_number(s.substr(i, j - i))});
    return j;
}

std::size_t read_word(std::string_view s, std::size_t i, std::vector<Token>& out) {
    std::size_t j = i;
    std::string w;
    while (j < s.size() && word_char(s[j])) w += lower_ascii(s[j++]);
    out.push_back({keyword(w) ? Token::Kind::keyword : Token::Kind::ident, w});
    return j;
}

// The longest operator at s[i], else the one character; != and == as <> and =.
std::size_t read_op(std::string_view s, std::size_t i, std::vector<Token>& out) {
    std::string op(1, s[i]);
    for (std::string_view o : kOps)
        if (s.substr(i, o.size()) == o) {
            op = std::string(o);
            break;
        }
    i += op.size();
    if (op == "!=") op = "<>";
    if (op == "==") op = "=";
    out.push_back({Token::Kind::op, op});
    return i;
}

}  // namespace

std::vector<Token> tokenize(std::string_view s) {
    std::vector<Token> out;
    for (std::size_t i = 0; i < s.size();) {
        char c = s[i];
        if (space(c)) {
            ++i;
            continue;
        }
        if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {  // comment to the end of the line
            while (i < s.size() && s[i] != '\n') ++i;
            continue;
        }
        if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
            std::size_t e = s.find("*/", i + 2);
            i = e == std::string_view::npos ? s.size() : e + 2;
            continue;
        }
        if (c == '\'' || c == '"' || c == '`') {
            i = read_quoted(s, i, out);
            continue;
        }
        bool negative = c == '-' && !ends_operand(out) && i + 1 < s.size() &&
                        (digit(s[i + 1]) || (s[i + 1] == '.' && i + 2 < s.size() && digit(s[i + 2])));
        if (digit(c) || (c == '.' && i + 1 < s.size() && digit(s[i + 1])) || negative)
            i = read_number(s, i, negative, out);
        else if (word_start(c)) i = read_word(s, i, out);
        else i = read_op(s, i, out);
    }
    return out;
}

namespace {

std::string print_ident(const std::string& s) {
    bool bare = !s.empty() && word_start(s[0]) && !keyword(s);
    for (char c : s) bare = bare && word_char(c) && !(c >= 'A' && c <= 'Z');
    if (bare) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

std::string print_token(const Token& t) { return t.kind == Token::Kind::ident ? print_ident(t.text) : t.text; }

// A parsed (sub)expression in canonical text. `op` names a flattenable
// operation (and / or) whose operands are in `items`.
struct Node {
    std::string text;
    bool compound = false;  // text is one operation in parentheses
    std::string op;
    std::vector<std::string> items;
};

struct Fail {};

class Parser {
public:
    explicit Parser(const std::vector<Token>& t) : t_(t) {}

    std::string parse() {
        Node n = expr();
        if (i_ != t_.size()) throw Fail{};
        return n.compound ? n.text.substr(1, n.text.size() - 2) : n.text;
    }

private:
    const std::vector<Token>& t_;
    std::size_t i_ = 0;
    int depth_ = 0;

    struct Deeper {
        int& d;
        explicit Deeper(int& depth) : d(depth) {
            if (++d > 200) throw Fail{};
        }
        ~Deeper() { --d; }
    };

    bool kw(std::string_view w, std::size_t ahead = 0) const {
        return i_ + ahead < t_.size() && t_[i_ + ahead].kind == Token::Kind::keyword && t_[i_ + ahead].text == w;
    }
    bool op(std::string_view o, std::size_t ahead = 0) const {
        return i_ + ahead < t_.size() && t_[i_ + ahead].kind == Token::Kind::op && t_[i_ + ahead].text == o;
    }
    void expect_kw(std::string_view w) {
        if (!kw(w)) throw Fail{};
        ++i_;
    }
    void expect_op(std::string_view o) {
        if (!op(o)) throw Fail{};
        ++i_;
    }

    static Node compound(std::string text) { return {"(" + text + ")", true, {}, {}}; }
    static Node binary(const Node& l, std::string_view o, const Node& r) {
        bool word = !o.empty() && word_start(o[0]);
        return compound(l.text + (word ? " " : "") + std::string(o) + (word ? " " : "") + r.text);
    }
    // and / or chains are flattened: (a and b) and c == a and (b and c).
    static Node chain(std::string_view o, const std::vector<Node>& parts) {
        if (parts.size() == 1) return parts[0];
        Node n;
        n.op = o;
        for (const auto& p : parts) {
            if (p.op == o) n.items.insert(n.items.end(), p.items.begin(), p.items.end());
            else n.items.push_back(p.text);
        }
        std::string text;
        for (const auto& s : n.items) text += (text.empty() ? "" : " " + n.op + " ") + s;
        n.text = "(" + text + ")";
        n.compound = true;
        return n;
    }

    Node expr() {
        Deeper d(depth_);
        return disjunction();
    }
    Node disjunction() {
        std::vector<Node> parts{conjunction()};
        while (kw("or")) {
            ++i_;
            parts.push_back(conjunction());
        }
        return chain("or", parts);
    }
    Node conjunction() {
        std::vector<Node> parts{negation()};
        while (kw("and")) {
            ++i_;
            parts.push_back(negation());
        }
        return chain("and", parts);
    }
    Node negation() {
        if (kw("not")) {
            Deeper d(depth_);
            ++i_;
            return compound("not " + negation().text);
        }
        return comparison();
    }

    static bool like_word(const Token& t) {
        return t.kind == Token::Kind::keyword &&
               (t.text == "like" || t.text == "ilike" || t.text == "glob" || t.text == "regexp" || t.text == "match");
    }

    Node comparison() {
        Node l = other();
        for (;;) {
            if (i_ >= t_.size()) return l;
            const Token& t = t_[i_];
            if (t.kind == Token::Kind::op) {
                static const std::array<std::string_view, 7> cmp{"=", "<>", "<", ">", "<=", ">=", "<=>"};
                if (std::find(cmp.begin(), cmp.end(), t.text) != cmp.end()) {
                    ++i_;
                    l = binary(l, t.text, other());
                    continue;
                }
                return l;
            }
            if (t.kind != Token::Kind::keyword) return l;
            if (t.text == "isnull" || t.text == "notnull") {
                ++i_;
                l = compound(l.text + (t.text == "isnull" ? " is null" : " is not null"));
                continue;
            }
            if (t.text == "is") {
                ++i_;
                bool neg = kw("not");
                if (neg) ++i_;
                std::string what = neg ? " is not " : " is ";
                if (kw("distinct") && kw("from", 1)) {
                    i_ += 2;
                    l = compound(l.text + what + "distinct from " + other().text);
                } else if (kw("null") || kw("true") || kw("false") || kw("unknown")) {
                    l = compound(l.text + what + t_[i_++].text);
                } else {
                    l = compound(l.text + what + other().text);  // SQLite: x IS y
                }
                continue;
            }
            bool neg = t.text == "not";
            std::size_t at = i_ + (neg ? 1 : 0);
            if (at >= t_.size() || t_[at].kind != Token::Kind::keyword) return l;
            const Token& w = t_[at];
            if (neg && w.text == "null") {  // SQLite: x NOT NULL
                i_ = at + 1;
                l = compound(l.text + " is not null");
            } else if (like_word(w)) {
                i_ = at + 1;
                l = like_tail(l, (neg ? "not " : "") + w.text);
            } else if (w.text == "in") {
                i_ = at + 1;
                l = in_list(l, neg);
            } else if (w.text == "between") {
                i_ = at + 1;
                Node lo = other();
                expect_kw("and");
                Node hi = other();
                // BETWEEN is its two comparisons (what PostgreSQL stores).
                l = neg ? chain("or", {binary(l, "<", lo), binary(l, ">", hi)})
                        : chain("and", {binary(l, ">=", lo), binary(l, "<=", hi)});
            } else {
                return l;
            }
        }
    }

    Node like_tail(const Node& l, const std::string& word) {
        Node r = other();
        std::string s = l.text + " " + word + " " + r.text;
        if (kw("escape")) {
            ++i_;
            s += " escape " + other().text;
        }
        return compound(s);
    }

    // x IN (a) is x = a; NOT IN (a) is x <> a.
    Node in_list(const Node& l, bool neg) {
        expect_op("(");
        std::vector<std::string> items{expr().text};
        while (op(",")) {
            ++i_;
            items.push_back(expr().text);
        }
        expect_op(")");
        if (items.size() == 1) return binary(l, neg ? "<>" : "=", Node{items[0], false, {}, {}});
        std::string list;
        for (std::size_t k = 0; k < items.size(); ++k) list += (k ? ", " : "") + items[k];
        return compound(l.text + (neg ? " not in (" : " in (") + list + ")");
    }

    static std::string array(const std::vector<std::string>& items) {
        std::string s = "array[";
        for (std::size_t k = 0; k < items.size(); ++k) s += (k ? ", " : "") + items[k];
        return s + "]";
    }

    Node other() {
        Node l = additive();
        static const std::array<std::string_view, 12> ops{"||", "~",  "~*", "!~", "!~*", "@>",
                                                          "<@", "&&", "<<", ">>", "&",   "|"};
        while (i_ < t_.size() && t_[i_].kind == Token::Kind::op &&
               std::find(ops.begin(), ops.end(), t_[i_].text) != ops.end()) {
            std::string o = t_[i_++].text;
            l = binary(l, o, additive());
        }
        return l;
    }
    Node additive() {
        Node l = multiplicative();
        while (op("+") || op("-")) {
            std::string o = t_[i_++].text;
            l = binary(l, o, multiplicative());
        }
        return l;
    }
    Node multiplicative() {
        Node l = unary();
        while (op("*") || op("/") || op("%")) {
            std::string o = t_[i_++].text;
            l = binary(l, o, unary());
        }
        return l;
    }
    Node unary() {
        if (op("-") || op("~") || op("+")) {
            Deeper d(depth_);
            std::string o = t_[i_++].text;
            Node n = unary();
            return o == "+" ? n : compound(o + n.text);
        }
        return postfix();
    }
    Node postfix() {
        Node n = primary();
        for (;;) {
            if (kw("collate") && i_ + 1 < t_.size() && t_[i_ + 1].kind == Token::Kind::ident) {
                n = compound(n.text + " collate " + print_ident(t_[i_ + 1].text));
                i_ += 2;
            } else if (op("[")) {
                ++i_;
                Node k = expr();
                expect_op("]");
                n = Node{n.text + "[" + k.text + "]", false, {}, {}};
            } else {
                return n;
            }
        }
    }

    Node primary() {
        if (i_ >= t_.size()) throw Fail{};
        const Token& t = t_[i_];
        switch (t.kind) {
            case Token::Kind::number: ++i_; return {t.text[0] == '-' ? "(" + t.text + ")" : t.text, false, {}, {}};
            case Token::Kind::string: ++i_; return {t.text, false, {}, {}};
            case Token::Kind::op:
                if (t.text == "(") {
                    ++i_;
                    Node n = expr();
                    if (!op(",")) {
                        expect_op(")");
                        return n;  // grouping: the tree keeps it
                    }
                    std::string s = "(" + n.text;
                    while (op(",")) {
                        ++i_;
                        s += ", " + expr().text;
                    }
                    expect_op(")");
                    return {s + ")", false, {}, {}};
                }
                throw Fail{};
            case Token::Kind::keyword:
                if (t.text == "null" || t.text == "true" || t.text == "false") {
                    ++i_;
                    return {t.text, false, {}, {}};
                }
                if (t.text == "case") return case_expr();
                if (t.text == "cast") {  // CAST(x AS type) is x, as x::type is
                    ++i_;
                    expect_op("(");
                    Node n = expr();
                    expect_kw("as");
                    int open = 1;
                    for (; i_ < t_.size() && open; ++i_) {
                        if (op("(")) ++open;
                        if (op(")")) --open;
                    }
                    if (open) throw Fail{};
                    return n;
                }
                if (t.text == "array" && op("[", 1)) {
                    i_ += 2;
                    std::vector<std::string> items;
                    if (!op("]")) items.push_back(expr().text);
                    while (op(",")) {
                        ++i_;
                        items.push_back(expr().text);
                    }
                    expect_op("]");
                    return {array(items), false, {}, {}};
                }
                if ((t.text == "any" || t.text == "all") && op("(", 1)) {
                    ++i_;
                    return call(t.text);
                }
                throw Fail{};
            case Token::Kind::ident: break;
        }
        // A typed literal: DATE '2024-01-01' is '2024-01-01'::date.
        if (i_ + 1 < t_.size() && t_[i_ + 1].kind == Token::Kind::string) {
            ++i_;
            return primary();
        }
        std::string name = print_ident(t.text);
        ++i_;
        while (op(".") && i_ + 1 < t_.size() && t_[i_ + 1].kind == Token::Kind::ident) {
            name += "." + print_ident(t_[i_ + 1].text);
            i_ += 2;
        }
        if (op("(")) return call(name);
        return {name, false, {}, {}};
    }

    // At the `(` after a function's name.
    Node call(const std::string& name) {
        ++i_;
        Deeper d(depth_);
        std::string s = name + "(";
        if (op("*")) {
            ++i_;
            s += "*";
        } else if (!op(")")) {
            s += expr().text;
            while (op(",")) {
                ++i_;
                s += ", " + expr().text;
            }
        }
        expect_op(")");
        return {s + ")", false, {}, {}};
    }

    Node case_expr() {
        ++i_;
        std::string s = "case";
        if (!kw("when")) s += " " + expr().text;
        if (!kw("when")) throw Fail{};
        while (kw("when")) {
            ++i_;
            s += " when " + expr().text;
            expect_kw("then");
            s += " then " + expr().text;
        }
        if (kw("else")) {
            ++i_;
            s += " else " + expr().text;
        }
        expect_kw("end");
        return {s + " end", false, {}, {}};
    }
};

}  // namespace

std::optional<std::string> canonical(const std::vector<Token>& tokens) {
    if (tokens.empty()) return std::string();
    try {
        return Parser(tokens).parse();
    } catch (const Fail&) {
        return std::nullopt;
    }
}

std::string joined(const std::vector<Token>& tokens) {
    std::string s;
    for (const auto& t : tokens) s += (s.empty() ? "" : " ") + print_token(t);
    return s;
}

}  // namespace schemactl::expr
