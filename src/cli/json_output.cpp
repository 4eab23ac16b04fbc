#include "cli/json_output.hpp"

#include <fmt/format.h>

#include <iostream>

#include "plan/format_json.hpp"
#include "schema/diagnostic.hpp"

namespace schemactl {

void add_format_option(CLI::App& cmd, std::string& format, const std::vector<std::string>& choices) {
    format = choices.front();
    cmd.add_option("--format", format, fmt::format("Output: {} (json: docs/output.md)", fmt::join(choices, " | ")))
        ->check(CLI::IsMember(choices));
}

std::string json_command(const CLI::App& app) {
    for (const auto* sub : app.get_subcommands()) {
        // Read the raw results: on a parse error the option may be stored but
        // not yet validated, and JSON is still what the caller reads.
        const auto* opt = sub->get_option_no_throw("--format");
        if (opt && !opt->results().empty() && opt->results().back() == "json") return sub->get_name();
    }
    return {};
}

void print_json(std::string_view command, int exit_code, toml::table body) {
    std::cout << to_json(json_document(command, exit_code, std::move(body))) << std::flush;
}

void print_json_error(std::string_view command, std::string_view kind, const std::exception& e, int exit_code) {
    std::vector<JsonProblem> problems;
    if (const auto* bad = dynamic_cast<const InvalidSchema*>(&e))
        for (const auto& d : bad->diagnostics)
            problems.push_back({d.pos.file(), d.pos.line, d.pos.col, d.where, d.message});
    print_json(command, exit_code, json_error(kind, e.what(), problems));
}

}  // namespace schemactl
