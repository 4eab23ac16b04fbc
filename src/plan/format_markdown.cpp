#include "plan/format_markdown.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string_view>

#include "diagram/diagram.hpp"
#include "diagram/mermaid.hpp"

namespace schemactl {

std::string markdown_text(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (c == '\r') continue;
        if (c == '\n') {
            out += "<br>";
            continue;
        }
        if (std::string_view("\\`*_[]<>|&~").find(c) != std::string_view::npos) out += '\\';
        out += c;
    }
    return out;
}

namespace {

// For raw HTML (<summary>): entities, since Markdown escapes do not apply there.
std::string html_text(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

// A code fence longer than any run of backticks in the text (MySQL quotes
// names with backticks; a name may hold three of them).
std::string fence_for(const std::string& text) {
    std::size_t longest = 0, run = 0;
    for (char c : text) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

bool not_run(const Step& s) { return s.skipped || s.safety == Safety::blocked; }

std::string plural(std::size_t n, const char* one, const char* many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string step_class(const Step& s) {
    return s.skipped ? fmt::format("{}, skipped", to_string(s.safety)) : std::string(to_string(s.safety));
}

std::string counts_section(const Plan& plan) {
    std::array<std::size_t, 4> n{};
    std::size_t skipped = 0;
    for (const auto& s : plan.steps) {
        ++n[static_cast<std::size_t>(s.safety)];
        if (s.skipped) ++skipped;
    }
    std::string out = "| class | steps |\n|---|---:|\n";
    for (Safety c : {Safety::safe, Safety::risky, Safety::destructive, Safety::blocked}) {
        std::string cell = fmt::format("{}", n[static_cast<std::size_t>(c)]);
        if (c == Safety::destructive && skipped) cell += fmt::format(" ({} skipped without `--allow-drop`)", skipped);
        if (c == Safety::blocked && n[3]) cell += " (not run)";
        out += fmt::format("| {} | {} |\n", to_string(c), cell);
    }
    return out + "\n";
}

// A block quote listing the steps that match, or nothing.
template <class Pred>
std::string callout(const Plan& plan, Pred pred, const std::string& lead) {
    std::string items;
    for (const auto& s : plan.steps)
        if (pred(s))
            items += fmt::format("> - {}{}\n", markdown_text(s.summary),
                                 s.note.empty() ? "" : ": " + markdown_text(s.note));
    return items.empty() ? "" : "> " + lead + "\n>\n" + items + "\n";
}

std::string problems_section(const Plan& plan) {
    if (plan.problems.empty()) return {};
    std::string out = fmt::format(
        "### Data problems\n\n{} in the live rows would make a step fail or lose data; `sync` stops before "
        "changing anything until they are fixed.\n\n| table | column | rows | problem |\n|---|---|---:|---|\n",
        plural(plan.problems.size(), "problem", "problems"));
    for (const auto& p : plan.problems)
        out += fmt::format("| {} | {} | {} | {} |\n", markdown_text(p.table), markdown_text(p.column),
                           p.rows < 0 ? std::string("1 or more") : fmt::format("{}", p.rows), markdown_text(p.message));
    return out + "\n";
}

std::string tables_section(const Plan& plan) {
    std::string out = "### Steps by table\n\n| table | steps | classes |\n|---|---|---|\n";
    for (const auto& t : plan.tables()) {
        std::vector<std::string> lines;
        std::array<std::size_t, 4> n{};
        for (const auto& s : plan.steps) {
            if (s.table != t) continue;
            lines.push_back(fmt::format("{} **[{}]**", markdown_text(s.summary), step_class(s)));
            ++n[static_cast<std::size_t>(s.safety)];
        }
        std::vector<std::string> classes;
        for (Safety c : {Safety::safe, Safety::risky, Safety::destructive, Safety::blocked})
            if (n[static_cast<std::size_t>(c)])
                classes.push_back(fmt::format("{} {}", n[static_cast<std::size_t>(c)], to_string(c)));
        out += fmt::format("| {} | {} | {} |\n", markdown_text(t), fmt::join(lines, "<br>"), fmt::join(classes, ", "));
    }
    return out + "\n";
}

// The tables the plan touches as the files define them, in the database's
// own types (the tables their foreign keys reference drawn as names), as a
// Mermaid diagram that GitHub and GitLab draw in the comment. Columns a
// blocked or skipped drop keeps are not in it: those steps are called out
// above. Needs the changes the plan was made from.
std::string diagram_section(const Plan& plan, const FormatOptions& o) {
    if (!o.changes) return {};
    Schema touched;
    for (const auto& name : plan.tables())
        for (const auto& tc : o.changes->tables)
            if (tc.name == name) {
                touched.tables.push_back(tc.desired);
                break;
            }
    if (touched.tables.empty()) return {};
    std::string mermaid = to_mermaid(make_diagram(touched));
    std::string fence = fence_for(mermaid);
    return fmt::format(
        "### Tables the plan touches\n\nAs the schema files define them, in the database's "
        "types.\n\n{}mermaid\n{}{}\n\n",
        fence, mermaid, fence);
}

// Each table's SQL as `plan --format sql` writes it, folded: blocked and
// skipped steps stay visible as comments.
std::string sql_section(const Plan& plan) {
    std::string out = "### SQL\n\n";
    for (const auto& t : plan.tables()) {
        std::string body;
        std::size_t statements = 0;
        for (const auto& s : plan.steps) {
            if (s.table != t) continue;
            if (!body.empty()) body += "\n";
            body += fmt::format("-- {} [{}]{}\n", s.summary, step_class(s), s.runs() ? "" : " " + s.not_run_reason());
            if (not_run(s)) continue;
            for (const auto& sql : s.sql) {
                ++statements;
                body += sql;
                body += (!sql.empty() && sql.back() == ';') ? "\n" : ";\n";
            }
        }
        std::string fence = fence_for(body);
        out += fmt::format("<details>\n<summary><code>{}</code>: {}</summary>\n\n{}sql\n{}{}\n\n</details>\n\n",
                           html_text(t), plural(statements, "statement", "statements"), fence, body, fence);
    }
    return out;
}

}  // namespace

std::string format_markdown(const Plan& plan, const FormatOptions& o) {
    std::string out = fmt::format("## schemactl plan{}\n\n", o.dialect.empty() ? "" : " (" + o.dialect + ")");
    if (plan.steps.empty() && plan.problems.empty())
        return out + "**No changes**: the database matches the schema files.\n";
    out += fmt::format("**{}**\n\n", markdown_text(plan_summary(plan)));
    if (!plan.steps.empty()) out += counts_section(plan);
    out += callout(
        plan, [](const Step& s) { return s.safety == Safety::blocked; },
        "**Blocked**: these steps will not run. The files ask for them, but a safety rule stops them:");
    out += callout(
        plan, [](const Step& s) { return s.skipped; },
        "**Skipped**: these destructive steps run only with `--allow-drop`; until then the database "
        "still differs from the files:");
    out += problems_section(plan);
    if (!plan.data_checked)
        out +=
            "> **Data checks: not evaluated.** This plan was made from a snapshot, without the database: no "
            "rows were read, so no step is known to be free of data problems.\n\n";
    if (!plan.steps.empty()) out += tables_section(plan) + diagram_section(plan, o) + sql_section(plan);
    // One newline at the end, whatever the last section left.
    while (out.size() > 1 && out.back() == '\n' && out[out.size() - 2] == '\n') out.pop_back();
    return out;
}

}  // namespace schemactl
