#pragma once
// Reading the CLI11 app itself: the commands and options that --help shows,
// so that completion and the man page never keep a copy of their own.
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace schemactl {

// Commands shown in --help (an empty group hides one, like __complete).
inline std::vector<const CLI::App*> visible_commands(const CLI::App& app) {
    return app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); });
}

// Options shown in --help, positionals included.
inline std::vector<const CLI::Option*> visible_options(const CLI::App& cmd) {
    return cmd.get_options([](const CLI::Option* o) { return !o->get_group().empty(); });
}

// The values a CLI::IsMember check accepts, read from its description
// ("TEXT:{text,sql,json}"); empty when the option has no such check.
inline std::vector<std::string> member_values(const CLI::Option& opt) {
    std::string type = opt.get_type_name();
    auto open = type.find('{'), close = type.rfind('}');
    std::vector<std::string> out;
    if (open == std::string::npos || close == std::string::npos || close < open) return out;
    std::string list = type.substr(open + 1, close - open - 1);
    for (std::size_t at = 0; at <= list.size();) {
        auto comma = list.find(',', at);
        if (comma == std::string::npos) comma = list.size();
        if (comma > at) out.push_back(list.substr(at, comma - at));
        at = comma + 1;
    }
    return out;
}

// An option that is given values (not a flag).
inline bool takes_value(const CLI::Option& opt) { return opt.get_type_size_max() > 0; }

}  // namespace schemactl
