#pragma once
// The JSON documents of --format json, version 1 (docs/output.md; their JSON
// Schema is docs/output.schema.json). Built as toml++ tables, printed with
// its JSON formatter. Pure.
#include <toml++/toml.h>
#include <string_view>

#include "plan/format.hpp"
#include "plan/plan.hpp"

namespace schemactl {

inline constexpr int kJsonFormatVersion = 1;

// Every document: {"format_version": 1, "command": ..., "ok": ..., "exit_code": ...}
// and the command's own fields from `body`. `ok` is false exactly when the
// exit code is 1 (error) or 3 (stopped); 2 (changes pending) is a result.
toml::table json_document(std::string_view command, int exit_code, toml::table body);

// A failed or stopped command: the envelope and
// {"error": {"kind": "error"|"stopped"|"usage", "message": ..., "problems": [...]}}.
struct JsonProblem {
    std::string file;
    long long line = 0, column = 0;
    std::string where, message;
};
toml::table json_error(std::string_view kind, std::string_view message, const std::vector<JsonProblem>& problems = {});

// The plan's fields: dialect, database, pending, in_sync, summary, tables,
// steps, problems, data_checks.
toml::table plan_json(const Plan& plan, const FormatOptions& o);
// One step: table, summary, safety, skipped, note, sql.
toml::table step_json(const Step& s);
// Steps a run applied / failed / did not apply: {table, summary, safety},
// with `seconds` per step where given (sync and create reports).
toml::array step_refs_json(const std::vector<Step>& steps, const std::vector<double>* seconds = nullptr);

std::string to_json(const toml::table& doc);  // with a final newline

}  // namespace schemactl
