// Mermaid's ER grammar is narrow, and the Mermaid that GitHub or GitLab runs
// may be older than the newest: names go in the forms every version since
// 10 reads. Table names and edge labels are quoted ("..."), which keeps
// keywords and non-ASCII text as they are; the few characters a quoted name
// cannot hold are replaced. Column names and types must be bare words of
// ASCII letters, digits and _: any other is written as such a word and the
// exact text goes into the column's comment.
#include "diagram/mermaid.hpp"

#include <fmt/format.h>

#include <map>
#include <string_view>

#include "schema/text.hpp"

namespace schemactl {

namespace {

bool word_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// Mermaid reads PK / FK / UK (any case) as a key wherever they stand as a
// whole word, even at the start of a column name like `pk-x`.
bool key_like(std::string_view w) {
    if (w.size() < 2) return false;
    std::string two{lower_ascii(w[0]), lower_ascii(w[1])};
    if (two != "pk" && two != "fk" && two != "uk") return false;
    return w.size() == 2 || !word_char(w[2]);
}

// A quoted table name or label: the text between quotes may not hold a
// quote, %, backslash or a line break. Mermaid also reads a whole line
// holding "direction" + spaces + TB/BT/RL/LR as a layout statement, quotes
// or not: a zero-width non-joiner after "direction" keeps it a name and
// looks the same.
std::string quoted_text(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '"') out += '\'';
        else if (c == '%' || c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) out += '_';
        else out += c;
        static constexpr std::string_view kDirection = "direction";
        if (i + 1 >= kDirection.size()) {
            bool match = true;
            for (std::size_t k = 0; k < kDirection.size() && match; ++k)
                match = lower_ascii(s[i + 1 - kDirection.size() + k]) == kDirection[k];
            if (match) out += "\u200c";
        }
    }
    return out.empty() ? "_" : out;
}

// A bare word Mermaid reads as one attribute name or type; `extra` are the
// characters allowed besides letters, digits and _ (types: parentheses).
// Returns the text itself when it already is one.
std::string bare_word(const std::string& s, std::string_view extra) {
    std::string out;
    bool replacing = false;
    for (char c : s) {
        if (word_char(c) || extra.find(c) != std::string_view::npos) {
            out += c;
            replacing = false;
        } else if (!replacing) {  // one _ for a run of others (a UTF-8 letter is several bytes)
            out += '_';
            replacing = true;
        }
    }
    if (out.empty() || !((out[0] >= 'A' && out[0] <= 'Z') || (out[0] >= 'a' && out[0] <= 'z') || out[0] == '_') ||
        key_like(out))
        out = "_" + out;
    return out;
}

// A comment is "..." inside an entity's block: no quote, no line break, and
// no ~ (Mermaid's mark of a generic type).
std::string comment_text(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '"') out += '\'';
        else if (c == '~') out += '-';
        else if (static_cast<unsigned char>(c) < 0x20) out += ' ';
        else out += c;
    }
    return out;
}

// Distinct table names stay distinct once their odd characters are replaced.
std::vector<std::string> entity_names(const Diagram& d) {
    std::vector<std::string> names;
    std::map<std::string, int> seen;
    for (const auto& t : d.tables) {
        std::string n = quoted_text(t.name);
        std::string candidate = n;
        for (int k = 2; seen.count(candidate); ++k) candidate = n + "_" + std::to_string(k);
        seen[candidate] = 1;
        names.push_back("\"" + candidate + "\"");
    }
    return names;
}

std::string column_line(const DiagramColumn& c) {
    std::string name = bare_word(c.name, "");
    std::string type = bare_word(c.type.empty() ? std::string("unknown") : c.type, "()");
    std::vector<std::string> keys, notes;
    if (c.pk) keys.push_back("PK");
    if (c.fk) keys.push_back("FK");
    if (c.uk) keys.push_back("UK");
    if (name != c.name) notes.push_back(c.name);
    if (type != c.type && !c.type.empty()) notes.push_back("type " + c.type);
    if (c.nullable) notes.push_back("nullable");
    std::string line = "        " + type + " " + name;
    if (!keys.empty()) line += " " + fmt::format("{}", fmt::join(keys, ", "));
    if (!notes.empty()) line += " \"" + comment_text(fmt::format("{}", fmt::join(notes, "; "))) + "\"";
    return line + "\n";
}

}  // namespace

std::string to_mermaid(const Diagram& d) {
    const auto names = entity_names(d);
    std::string out = "erDiagram\n";
    for (std::size_t i = 0; i < d.tables.size(); ++i) {
        const auto& t = d.tables[i];
        if (t.columns.empty()) {
            out += "    " + names[i] + "\n";
            continue;
        }
        out += "    " + names[i] + " {\n";
        for (const auto& c : t.columns) out += column_line(c);
        out += "    }\n";
    }
    for (const auto& e : d.edges) {
        // Parent (referenced) on the left: exactly one, or zero or one when a
        // referencing column may be NULL; children: zero or more, or zero or
        // one when the referencing columns are a key of their own.
        std::string rel = std::string(e.optional ? "|o" : "||") + (e.identifying ? "--" : "..") +
                          (e.one_to_one ? "o|" : "o{");
        out += fmt::format("    {} {} {} : \"{}\"\n", names[e.to], rel, names[e.from],
                           quoted_text(fmt::format("{}", fmt::join(e.columns, ", "))));
    }
    return out;
}

}  // namespace schemactl
