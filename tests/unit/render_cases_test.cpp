// Render behaviour pinned by data: every tests/cases/<dialect>/*.toml holds
// cases (before and after schema TOML, the expected steps with their SQL and
// safety class, or the expected refusal), format in tests/cases/README.md.
// Each case runs the pipeline the CLI runs, without a database: the reader,
// validate, prepare + Dialect::lower for both sides (the before side stands
// for what inspect would report), diff, make_plan with the dialect's pure
// renderer.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <toml++/toml.h>
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>

#include "dialect/dialect.hpp"
#include "diff/diff.hpp"
#include "plan/planner.hpp"
#include "schema/error.hpp"
#include "schema/prepare.hpp"
#include "schema/validate.hpp"
#include "toml/reader.hpp"

using namespace schemactl;
namespace fs = std::filesystem;

namespace {

const fs::path kCasesDir = fs::path(SCHEMACTL_SOURCE_DIR) / "tests" / "cases";

struct ExpectedStep {
    std::optional<std::string> table, summary, note;
    std::optional<bool> skipped, outside_transaction;
    std::string safety;
    std::vector<std::string> sql;
};

struct Case {
    std::string file, name;
    std::string before, after;
    bool allow_drop = false;
    bool concurrent_indexes = false;
    std::optional<std::vector<std::string>> protected_columns;
    std::optional<std::string> error;  // the run is refused with a message containing this
    std::vector<ExpectedStep> steps;
};

// TOML text of a string: basic where nothing needs escaping, literal where
// it can be (SQL quotes identifiers with "), escaped basic otherwise.
std::string toml_string(const std::string& s) {
    bool newline = s.find('\n') != std::string::npos;
    if (!newline && s.find_first_of("\"\\") == std::string::npos) return "\"" + s + "\"";
    if (!newline && s.find('\'') == std::string::npos) return "'" + s + "'";
    // One quote may stand next to a delimiter ('''x = 'a''''); '' inside is fine.
    bool ends_ok = s.rfind("''", 0) != 0 && (s.size() < 2 || s.compare(s.size() - 2, 2, "''") != 0);
    if (s.find("'''") == std::string::npos && ends_ok && s.front() != '\n') return "'''" + s + "'''";
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\', out += c;
        else if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else out += c;
    }
    return out + "\"";
}

// A plan's steps as [[case.step]] entries: what a mismatch prints, ready to
// paste into a case file once read and judged right.
std::string steps_as_toml(const std::vector<Step>& steps) {
    std::string out;
    for (const auto& s : steps) {
        out += "  [[case.step]]\n";
        out += "  table = " + toml_string(s.table) + "\n";
        out += "  summary = " + toml_string(s.summary) + "\n";
        out += fmt::format("  safety = \"{}\"\n", to_string(s.safety));
        if (s.skipped) out += "  skipped = true\n";
        if (s.outside_transaction) out += "  outside_transaction = true\n";
        if (!s.note.empty()) out += "  note = " + toml_string(s.note) + "\n";
        if (s.sql.empty()) {
            out += "  sql = []\n";
        } else {
            out += "  sql = [\n";
            for (const auto& q : s.sql) out += "    " + toml_string(q) + ",\n";
            out += "  ]\n";
        }
        out += "\n";
    }
    return out.empty() ? "  (no steps)\n" : out;
}

std::string expected_as_text(const Case& c) {
    if (c.error) return "  error containing " + toml_string(*c.error) + "\n";
    std::string out;
    for (const auto& s : c.steps) {
        out += "  [[case.step]]\n";
        if (s.table) out += "  table = " + toml_string(*s.table) + "\n";
        if (s.summary) out += "  summary = " + toml_string(*s.summary) + "\n";
        out += "  safety = \"" + s.safety + "\"\n";
        if (s.skipped) out += fmt::format("  skipped = {}\n", *s.skipped);
        if (s.outside_transaction) out += fmt::format("  outside_transaction = {}\n", *s.outside_transaction);
        if (s.note) out += "  note (contains) = " + toml_string(*s.note) + "\n";
        out += "  sql = [\n";
        for (const auto& q : s.sql) out += "    " + toml_string(q) + ",\n";
        out += "  ]\n\n";
    }
    return out.empty() ? "  (no steps)\n" : out;
}

std::string str(const toml::table& t, std::string_view key, const std::string& where) {
    auto v = t[key].value<std::string>();
    if (!v) throw std::runtime_error(where + ": '" + std::string(key) + "' must be a string");
    return *v;
}

std::vector<std::string> strings(const toml::node_view<const toml::node>& n, const std::string& where) {
    std::vector<std::string> out;
    const toml::array* a = n.as_array();
    if (!a) throw std::runtime_error(where + ": expected an array of strings");
    for (const auto& e : *a) {
        auto s = e.value<std::string>();
        if (!s) throw std::runtime_error(where + ": expected an array of strings");
        out.push_back(*s);
    }
    return out;
}

void known_keys(const toml::table& t, std::initializer_list<std::string_view> keys, const std::string& where) {
    for (const auto& [k, v] : t)
        if (std::find(keys.begin(), keys.end(), k.str()) == keys.end())
            throw std::runtime_error(where + ": unknown key '" + std::string(k.str()) + "'");
}

std::vector<Case> read_cases(const fs::path& file) {
    toml::table root = toml::parse_file(file.string());
    std::string fname = fs::relative(file, kCasesDir).string();
    known_keys(root, {"case"}, fname);
    const toml::array* arr = root["case"].as_array();
    if (!arr || arr->empty()) throw std::runtime_error(fname + ": no [[case]]");
    std::vector<Case> out;
    for (const auto& node : *arr) {
        const toml::table* t = node.as_table();
        if (!t) throw std::runtime_error(fname + ": [[case]] must be a table");
        Case c;
        c.file = fname;
        c.name = str(*t, "name", fname);
        std::string where = fname + ": case '" + c.name + "'";
        known_keys(
            *t, {"name", "before", "after", "allow_drop", "concurrent_indexes", "protected_columns", "error", "step"},
            where);
        c.before = t->get("before") ? str(*t, "before", where) : "";
        c.after = str(*t, "after", where);
        c.allow_drop = (*t)["allow_drop"].value_or(false);
        c.concurrent_indexes = (*t)["concurrent_indexes"].value_or(false);
        if (t->get("protected_columns")) c.protected_columns = strings((*t)["protected_columns"], where);
        if (auto e = (*t)["error"].value<std::string>()) c.error = *e;
        if (const toml::array* steps = (*t)["step"].as_array()) {
            for (const auto& sn : *steps) {
                const toml::table* st = sn.as_table();
                if (!st) throw std::runtime_error(where + ": [[case.step]] must be a table");
                known_keys(*st, {"table", "summary", "safety", "sql", "skipped", "outside_transaction", "note"}, where);
                ExpectedStep e;
                if (auto v = (*st)["table"].value<std::string>()) e.table = *v;
                if (auto v = (*st)["summary"].value<std::string>()) e.summary = *v;
                if (auto v = (*st)["note"].value<std::string>()) e.note = *v;
                if (auto v = (*st)["skipped"].value<bool>()) e.skipped = *v;
                if (auto v = (*st)["outside_transaction"].value<bool>()) e.outside_transaction = *v;
                e.safety = str(*st, "safety", where + " step");
                e.sql = strings((*st)["sql"], where + " step sql");
                c.steps.push_back(std::move(e));
            }
        }
        if (c.error && !c.steps.empty()) throw std::runtime_error(where + ": 'error' and [[case.step]] together");
        out.push_back(std::move(c));
    }
    return out;
}

// Reads one side the way Session::portable() and Session::desired() do:
// reader, validate_schema, Dialect::validate, then prepare + lower.
Schema lowered_side(const Dialect& d, const std::string& text, const std::string& label) {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) return {};  // an empty database
    Diagnostics diags;
    Schema portable = read_schema_text(text, label, diags);
    validate_schema(portable, diags, d.max_identifier_length());
    d.validate(portable, diags);
    if (!diags.empty()) {
        std::string msg = fmt::format("{} problem(s) in {}:", diags.size(), label);
        for (const auto& x : diags) msg += "\n  " + x.str();
        throw Error(msg);
    }
    Schema out;
    for (const auto& t : portable.tables)
        out.tables.push_back(d.lower(prepare(t, d.name(), d.max_identifier_length())));
    return out;
}

// What inspect would report for the before side: the lowered tables without
// what only the files state (renames, protected lists, source positions).
Schema as_inspected(Schema s) {
    for (auto& t : s.tables) {
        t.renamed_from.clear();
        t.protected_columns.clear();
        t.pos = {};
        for (auto& c : t.columns) {
            c.renamed_from.clear();
            c.pos = {};
        }
        for (auto& ix : t.indexes) ix.pos = {};
        for (auto& fk : t.foreign_keys) fk.pos = {};
        for (auto& ck : t.checks) ck.pos = {};
    }
    return s;
}

Plan run_case(const Dialect& d, const Case& c) {
    Schema live = as_inspected(lowered_side(d, c.before, "before"));
    Schema want = lowered_side(d, c.after, "after");
    SafetyRules rules;
    if (c.protected_columns) rules.protected_columns = *c.protected_columns;
    PlanOptions po;
    po.allow_drop = c.allow_drop;
    po.concurrent_indexes = c.concurrent_indexes;
    Changes changes = diff(want, live, {{}, d.name_rules()});
    return make_plan(changes, live, d, rules, po);
}

bool step_matches(const ExpectedStep& e, const Step& a) {
    if (e.safety != to_string(a.safety) || e.sql != a.sql) return false;
    if (e.table && *e.table != a.table) return false;
    if (e.summary && *e.summary != a.summary) return false;
    if (e.skipped.value_or(false) != a.skipped) return false;
    if (e.outside_transaction.value_or(false) != a.outside_transaction) return false;
    if (e.note && a.note.find(*e.note) == std::string::npos) return false;
    return true;
}

// "" when the case holds, else what to print.
std::string check_case(const Dialect& d, const Case& c) {
    std::optional<Plan> plan;
    std::string error;
    try {
        plan = run_case(d, c);
    } catch (const std::exception& e) {
        error = e.what();
    }
    std::string actual = plan ? steps_as_toml(plan->steps) : "  error: " + error + "\n";
    bool ok;
    if (c.error) {
        ok = !plan && error.find(*c.error) != std::string::npos;
    } else {
        ok = plan && plan->steps.size() == c.steps.size();
        for (std::size_t i = 0; ok && i < c.steps.size(); ++i) ok = step_matches(c.steps[i], plan->steps[i]);
    }
    if (ok) return {};
    return fmt::format("=== tests/cases/{}: case '{}'\n--- expected\n{}--- actual\n{}===\n", c.file, c.name,
                       expected_as_text(c), actual);
}

}  // namespace

TEST_CASE("render cases: tests/cases/<dialect>/*.toml") {
    REQUIRE(fs::is_directory(kCasesDir));
    std::vector<fs::path> dirs;
    for (const auto& e : fs::directory_iterator(kCasesDir))
        if (e.is_directory()) dirs.push_back(e.path());
    std::sort(dirs.begin(), dirs.end());
    REQUIRE(dirs.size() >= 3);
    for (const auto& dir : dirs) {
        std::string dialect = dir.filename().string();
        std::unique_ptr<Dialect> d;
        REQUIRE_NOTHROW(d = make_dialect(dialect));
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(dir))
            if (e.path().extension() == ".toml") files.push_back(e.path());
        std::sort(files.begin(), files.end());
        INFO("tests/cases/" << dialect);
        CHECK_FALSE(files.empty());
        std::size_t n = 0;
        for (const auto& f : files) {
            std::vector<Case> cases;
            try {
                cases = read_cases(f);
            } catch (const std::exception& e) {
                FAIL_CHECK("cannot read " << f.string() << ": " << e.what());
                continue;
            }
            for (const auto& c : cases) {
                ++n;
                std::string problem = check_case(*d, c);
                if (problem.empty()) continue;
                // Printed whole (Catch would wrap the SQL at 80 columns), then failed by name.
                std::cerr << problem << std::flush;
                FAIL_CHECK("tests/cases/" << c.file << ": case '" << c.name << "' (expected and actual above)");
            }
        }
        CHECK(n > 0);
    }
}
