#pragma once
// Plan → text for people, an SQL script, a stable JSON document, a Markdown
// review comment, or GitHub workflow annotations. Pure.
#include <string>

#include "diff/changes.hpp"
#include "plan/plan.hpp"

namespace schemactl {

enum class PlanFormat { text, sql, json, markdown, github };
const char* plan_format_names();                     // "text | sql | json | markdown | github", for --help
PlanFormat parse_plan_format(const std::string& s);  // throws Error for anything else

struct FormatOptions {
    bool colour = false;
    std::string dialect;   // shown in sql / json
    std::string database;  // redacted URL, shown in sql / json
    // The changes the plan was made from: their desired tables carry the
    // TOML positions that `github` annotations point at. Optional.
    const Changes* changes = nullptr;
};

std::string format_plan(const Plan& plan, PlanFormat format, const FormatOptions& opts);

// "3 changes (2 safe, 1 risky), 1 blocked" or "no changes".
std::string plan_summary(const Plan& plan);

}  // namespace schemactl
