#pragma once
// Plan → text for people, an SQL script, or a stable JSON document. Pure.
#include <string>

#include "plan/plan.hpp"

namespace schemactl {

enum class PlanFormat { text, sql, json };
PlanFormat parse_plan_format(const std::string& s);  // throws Error for anything else

struct FormatOptions {
    bool colour = false;
    std::string dialect;   // shown in sql / json
    std::string database;  // redacted URL, shown in sql / json
};

std::string format_plan(const Plan& plan, PlanFormat format, const FormatOptions& opts);

// "3 changes (2 safe, 1 risky), 1 blocked" or "no changes".
std::string plan_summary(const Plan& plan);

}  // namespace schemactl
