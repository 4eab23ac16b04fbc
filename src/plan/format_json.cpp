#include "plan/format_json.hpp"

#include <sstream>

namespace schemactl {

toml::table json_document(std::string_view command, int exit_code, toml::table body) {
    body.insert_or_assign("format_version", kJsonFormatVersion);
    body.insert_or_assign("command", std::string(command));
    body.insert_or_assign("exit_code", exit_code);
    body.insert_or_assign("ok", exit_code == 0 || exit_code == 2);
    return body;
}

toml::table json_error(std::string_view kind, std::string_view message, const std::vector<JsonProblem>& problems) {
    toml::array list;
    for (const auto& p : problems) {
        toml::table t{{"where", p.where}, {"message", p.message}};
        if (!p.file.empty()) {
            t.insert("file", p.file);
            t.insert("line", static_cast<int64_t>(p.line));
            t.insert("column", static_cast<int64_t>(p.column));
        }
        list.push_back(std::move(t));
    }
    return toml::table{
        {"error", toml::table{{"kind", std::string(kind)}, {"message", std::string(message)}, {"problems", list}}}};
}

toml::table step_json(const Step& s) {
    toml::array sql;
    for (const auto& q : s.sql) sql.push_back(q);
    return toml::table{{"table", s.table},     {"summary", s.summary}, {"safety", to_string(s.safety)},
                       {"skipped", s.skipped}, {"note", s.note},       {"sql", std::move(sql)}};
}

toml::array step_refs_json(const std::vector<Step>& steps, const std::vector<double>* seconds) {
    toml::array out;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        toml::table t{{"table", steps[i].table}, {"summary", steps[i].summary}, {"safety", to_string(steps[i].safety)}};
        if (seconds && i < seconds->size()) t.insert("seconds", (*seconds)[i]);
        out.push_back(std::move(t));
    }
    return out;
}

toml::table plan_json(const Plan& plan, const FormatOptions& o) {
    toml::array steps;
    for (const auto& s : plan.steps) steps.push_back(step_json(s));
    toml::array problems;
    for (const auto& p : plan.problems)
        problems.push_back(toml::table{
            {"table", p.table}, {"column", p.column}, {"message", p.message}, {"rows", static_cast<int64_t>(p.rows)}});
    toml::array tables;
    for (const auto& t : plan.tables()) tables.push_back(t);
    return toml::table{{"dialect", o.dialect},
                       {"database", o.database},
                       {"pending", static_cast<int64_t>(plan.pending())},
                       {"in_sync", plan.pending() == 0},
                       {"summary", plan_summary(plan)},
                       {"tables", std::move(tables)},
                       {"steps", std::move(steps)},
                       {"problems", std::move(problems)},
                       {"data_checks", plan.data_checked ? "evaluated" : "not evaluated"}};
}

std::string to_json(const toml::table& doc) {
    std::ostringstream ss;
    ss << toml::json_formatter{doc} << "\n";
    return ss.str();
}

}  // namespace schemactl
