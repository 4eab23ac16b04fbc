#include "plan/format.hpp"

#include <fmt/color.h>
#include <fmt/format.h>

#include <sstream>

#include "plan/format_github.hpp"
#include "plan/format_json.hpp"
#include "plan/format_markdown.hpp"
#include "schema/error.hpp"

namespace schemactl {

PlanFormat parse_plan_format(const std::string& s) {
    if (s == "text") return PlanFormat::text;
    if (s == "sql") return PlanFormat::sql;
    if (s == "json") return PlanFormat::json;
    if (s == "markdown") return PlanFormat::markdown;
    if (s == "github") return PlanFormat::github;
    throw Error("unknown format '" + s + "': use text, sql, json, markdown or github");
}

const char* plan_format_names() { return "text | sql | json | markdown | github"; }

std::string plan_summary(const Plan& plan) {
    std::size_t n[4] = {0, 0, 0, 0}, skipped = 0;
    for (const auto& s : plan.steps) {
        ++n[static_cast<int>(s.safety)];
        if (s.skipped) ++skipped;
    }
    std::size_t pending = plan.pending();
    std::string out;
    if (pending == 0) out = "no changes";
    else {
        std::vector<std::string> parts;
        const char* names[] = {"safe", "risky", "destructive"};
        for (int i = 0; i < 3; ++i)
            if (n[i]) parts.push_back(fmt::format("{} {}", n[i], names[i]));
        out = fmt::format("{} change{} ({})", pending, pending == 1 ? "" : "s", fmt::join(parts, ", "));
        if (skipped) out += fmt::format(", {} skipped without --allow-drop", skipped);
    }
    if (n[3]) out += fmt::format(", {} blocked", n[3]);
    return out;
}

static std::string styled(bool colour, fmt::text_style st, const std::string& s) {
    return colour ? fmt::format(st, "{}", s) : s;
}

static std::string format_text(const Plan& plan, const FormatOptions& o) {
    std::string out;
    std::string current;
    for (const auto& s : plan.steps) {
        if (s.table != current) {
            current = s.table;
            out += styled(o.colour, fmt::emphasis::bold, current) + "\n";
        }
        const char* mark = "+";
        fmt::text_style st = fg(fmt::terminal_color::green);
        switch (s.safety) {
            case Safety::safe: break;
            case Safety::risky:
                mark = "~";
                st = fg(fmt::terminal_color::yellow);
                break;
            case Safety::destructive:
                mark = "-";
                st = fg(fmt::terminal_color::red);
                break;
            case Safety::blocked:
                mark = "!";
                st = fg(fmt::terminal_color::magenta);
                break;
        }
        std::string cls = to_string(s.safety);
        if (s.skipped) cls += ", skipped";
        out += fmt::format("  {} {}  [{}]\n", styled(o.colour, st, mark), s.summary, styled(o.colour, st, cls));
        if (!s.note.empty()) out += fmt::format("      {}\n", s.note);
        for (const auto& sql : s.sql) {
            std::string indented;
            std::istringstream lines(sql);
            for (std::string line; std::getline(lines, line);) indented += "      " + line + "\n";
            out += styled(o.colour, fmt::emphasis::faint, indented);
        }
    }
    if (!plan.problems.empty()) {
        out += styled(o.colour, fmt::emphasis::bold | fg(fmt::terminal_color::red), "data problems") + "\n";
        for (const auto& p : plan.problems) out += fmt::format("  {}.{}: {}\n", p.table, p.column, p.message);
    }
    if (!plan.data_checked) out += "data checks: not evaluated (planned from a snapshot: no rows were read)\n";
    out += "Plan: " + plan_summary(plan) + "\n";
    return out;
}

static std::string format_sql(const Plan& plan, const FormatOptions& o) {
    std::string out = fmt::format("-- schemactl plan for {} ({})\n-- {}\n", o.database, o.dialect, plan_summary(plan));
    for (const auto& p : plan.problems) out += fmt::format("-- DATA PROBLEM {}.{}: {}\n", p.table, p.column, p.message);
    for (const auto& s : plan.steps) {
        out += fmt::format("\n-- {} [{}]{}\n", s.summary, to_string(s.safety),
                           s.runs() ? "" : " " + s.not_run_reason());
        for (const auto& sql : s.sql) {
            if (!s.runs()) continue;
            out += sql;
            out += (!sql.empty() && sql.back() == ';') ? "\n" : ";\n";
        }
    }
    return out;
}

std::string format_plan(const Plan& plan, PlanFormat format, const FormatOptions& opts) {
    switch (format) {
        case PlanFormat::text: return format_text(plan, opts);
        case PlanFormat::sql: return format_sql(plan, opts);
        case PlanFormat::json: return to_json(json_document("plan", plan.pending() > 0 ? 2 : 0, plan_json(plan, opts)));
        case PlanFormat::markdown: return format_markdown(plan, opts);
        case PlanFormat::github: return format_github(plan, opts);
    }
    return {};
}

}  // namespace schemactl
