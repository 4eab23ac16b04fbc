#include "fleet/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "plan/format_json.hpp"
#include "schema/error.hpp"

namespace schemactl {

namespace {

int rank(int code) {
    switch (code) {
        case 1: return 3;
        case 3: return 2;
        case 2: return 1;
        case 0: return 0;
        default: return 3;  // anything else is an error
    }
}

std::string first_line(const std::string& s) {
    auto nl = s.find('\n');
    return nl == std::string::npos ? s : s.substr(0, nl);
}

std::set<std::string> drifted_tables(const FleetReport& r) {
    std::set<std::string> names;
    for (const auto& t : r.targets)
        for (const auto& [name, n] : t.tables)
            if (n > 0) names.insert(name);
    return names;
}

struct Counts {
    std::size_t ok = 0, pending = 0, stopped = 0, error = 0, not_run = 0;
};

Counts count(const FleetReport& r) {
    Counts c;
    for (const auto& t : r.targets) {
        if (!t.exit_code) ++c.not_run;
        else if (*t.exit_code == 0) ++c.ok;
        else if (*t.exit_code == 2) ++c.pending;
        else if (*t.exit_code == 3) ++c.stopped;
        else ++c.error;
    }
    return c;
}

std::string summary_line(const FleetReport& r) {
    Counts c = count(r);
    std::string s = fmt::format("{} targets: {} ok, {} changes pending, {} stopped, {} failed", r.targets.size(), c.ok,
                                c.pending, c.stopped, c.error);
    if (c.not_run) s += fmt::format(", {} not run", c.not_run);
    if (!r.shard.empty()) s += " (shard " + r.shard + ")";
    return s;
}

toml::table target_json(const TargetResult& t) {
    toml::table tables;
    for (const auto& [name, n] : t.tables) tables.insert(name, n);
    toml::table o{{"target", t.target},   {"dialect", t.dialect},        {"status", t.status},
                  {"pending", t.pending}, {"tables", std::move(tables)}, {"seconds", t.seconds}};
    if (t.exit_code) o.insert("exit_code", *t.exit_code);
    if (!t.result.empty()) o.insert("result", t.result);
    if (!t.message.empty()) o.insert("message", t.message);
    return o;
}

std::string cell(const TargetResult& t, const std::string& table) {
    if (!t.exit_code || (*t.exit_code != 0 && *t.exit_code != 2)) return "?";
    auto it = t.tables.find(table);
    return it == t.tables.end() || it->second == 0 ? "-" : std::to_string(it->second);
}

// Rows of cells, the first the header, as text columns or a Markdown table.
using Grid = std::vector<std::vector<std::string>>;

Grid grid(const FleetReport& r) {
    const bool matrix = r.command == "plan";
    auto tables = drifted_tables(r);
    Grid g;
    std::vector<std::string> head{"target", "status"};
    if (matrix) head.insert(head.end(), tables.begin(), tables.end());
    head.push_back("message");
    g.push_back(head);
    for (const auto& t : r.targets) {
        std::vector<std::string> row{t.target, t.status};
        if (matrix)
            for (const auto& name : tables) row.push_back(cell(t, name));
        row.push_back(first_line(t.message));
        g.push_back(std::move(row));
    }
    return g;
}

std::string error_message(const FleetReport& r, int code) {
    Counts c = count(r);
    if (code == 1) return fmt::format("{} of {} targets failed (see targets[])", c.error, r.targets.size());
    return fmt::format("{} of {} targets stopped (see targets[])", c.stopped, r.targets.size());
}

std::optional<int> exit_of(const nlohmann::json& j) {
    if (!j.contains("exit_code") || !j["exit_code"].is_number_integer()) return std::nullopt;
    return j["exit_code"].get<int>();
}

}  // namespace

int worst_exit(int a, int b) { return rank(a) >= rank(b) ? a : b; }

int fleet_exit(const FleetReport& r) {
    int code = 0;
    for (const auto& t : r.targets)
        if (t.exit_code) code = worst_exit(code, *t.exit_code);
    return code == 0 || code == 1 || code == 2 || code == 3 ? code : 1;
}

std::string status_for(const std::string& command, int exit_code) {
    switch (exit_code) {
        case 0: return command == "plan" ? "in sync" : "done";
        case 2: return "changes pending";
        case 3: return "stopped";
        default: return "error";
    }
}

TargetResult result_from_child(const std::string& command, int exit_code, const std::string& out,
                               const std::string& err) {
    TargetResult r;
    r.exit_code = exit_code;
    r.status = status_for(command, exit_code);
    auto doc = nlohmann::json::parse(out, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        r.exit_code = 1;
        r.status = "error";
        r.message = err.empty() ? "no JSON document from the run (killed?)" : first_line(err);
        return r;
    }
    if (doc.contains("result") && doc["result"].is_string()) r.result = doc["result"].get<std::string>();
    if (doc.contains("error") && doc["error"].contains("message"))
        r.message = doc["error"]["message"].get<std::string>();
    const auto& plan = command == "sync" && doc.contains("plan") ? doc["plan"] : doc;
    if (plan.contains("steps") && plan["steps"].is_array())
        for (const auto& st : plan["steps"])
            if (!st.value("skipped", false)) {
                ++r.tables[st.value("table", std::string{})];
                ++r.pending;
            }
    return r;
}

std::string fleet_json(const FleetReport& r) {
    const int code = fleet_exit(r);
    Counts c = count(r);
    toml::array targets;
    for (const auto& t : r.targets) targets.push_back(target_json(t));
    toml::array tables;
    for (const auto& name : drifted_tables(r)) tables.push_back(name);
    toml::table body{{"fleet_command", r.command},
                     {"summary", toml::table{{"targets", static_cast<std::int64_t>(r.targets.size())},
                                             {"ok", static_cast<std::int64_t>(c.ok)},
                                             {"pending", static_cast<std::int64_t>(c.pending)},
                                             {"stopped", static_cast<std::int64_t>(c.stopped)},
                                             {"failed", static_cast<std::int64_t>(c.error)},
                                             {"not_run", static_cast<std::int64_t>(c.not_run)}}},
                     {"drifted_tables", std::move(tables)},
                     {"targets", std::move(targets)}};
    if (!r.shard.empty()) body.insert("shard", r.shard);
    if (code == 1 || code == 3)
        body.insert("error", *json_error(code == 3 ? "stopped" : "error", error_message(r, code))["error"].as_table());
    return to_json(json_document("fleet", code, std::move(body)));
}

std::string fleet_text(const FleetReport& r) {
    Grid g = grid(r);
    std::vector<std::size_t> width(g.front().size(), 0);
    for (const auto& row : g)
        for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
    std::string s;
    for (const auto& row : g) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i)
            line += i + 1 == row.size() ? row[i] : fmt::format("{:<{}}  ", row[i], width[i]);
        while (!line.empty() && line.back() == ' ') line.pop_back();
        s += line + "\n";
    }
    return s + summary_line(r) + "\n";
}

std::string fleet_markdown(const FleetReport& r) {
    Grid g = grid(r);
    std::string s;
    for (std::size_t i = 0; i < g.size(); ++i) {
        std::string line = "|";
        for (auto c : g[i]) {
            std::replace(c.begin(), c.end(), '|', '/');
            line += " " + (i > 0 && c.empty() ? std::string(" ") : c) + " |";
        }
        s += line + "\n";
        if (i == 0) {
            s += "|";
            for (std::size_t k = 0; k < g[0].size(); ++k) s += "---|";
            s += "\n";
        }
    }
    return s + "\n" + summary_line(r) + "\n";
}

FleetReport parse_fleet_json(const std::string& text, const std::string& name) {
    auto doc = nlohmann::json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || doc.value("command", std::string{}) != "fleet" ||
        !doc.contains("targets") || !doc["targets"].is_array())
        throw Error(name + ": not a fleet report (write it with --targets ... --format json)");
    FleetReport r;
    r.command = doc.value("fleet_command", std::string{});
    r.shard = doc.value("shard", std::string{});
    for (const auto& t : doc["targets"]) {
        TargetResult x;
        x.target = t.value("target", std::string{});
        x.dialect = t.value("dialect", std::string{});
        x.exit_code = exit_of(t);
        x.status = t.value("status", std::string{});
        x.result = t.value("result", std::string{});
        x.message = t.value("message", std::string{});
        x.pending = t.value("pending", std::int64_t{0});
        x.seconds = t.value("seconds", 0.0);
        if (t.contains("tables") && t["tables"].is_object())
            for (const auto& [k, v] : t["tables"].items()) x.tables[k] = v.get<std::int64_t>();
        r.targets.push_back(std::move(x));
    }
    return r;
}

FleetReport merge_reports(const std::vector<FleetReport>& parts) {
    FleetReport out;
    std::set<std::string> seen;
    for (const auto& p : parts) {
        if (!out.command.empty() && p.command != out.command)
            throw Error("report merge: reports of different commands (" + out.command + ", " + p.command + ")");
        out.command = p.command;
        for (const auto& t : p.targets) {
            if (!seen.insert(t.target).second)
                throw Error("report merge: " + t.target + " is in two reports (the same shard twice?)");
            out.targets.push_back(t);
        }
    }
    std::sort(out.targets.begin(), out.targets.end(),
              [](const TargetResult& a, const TargetResult& b) { return a.target < b.target; });
    return out;
}

}  // namespace schemactl
