#include <fmt/format.h>

#include <iostream>

#include "cli/commands.hpp"
#include "cli/json_output.hpp"
#include "cli/session.hpp"
#include "schema/diagnostic.hpp"
#include "schema/dialects.hpp"
#include "schema/error.hpp"
#include "schema/prepare.hpp"

namespace schemactl {

void add_validate_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("validate", "Check the schema files offline: names, types per dialect, references");
    struct Opts {
        CommonOptions common;
        std::string dialect;
        std::string format;
    };
    auto o = std::make_shared<Opts>();
    add_common_options(*cmd, o->common);
    std::vector<std::string> choices;
    for (const auto& d : dialect_infos()) choices.emplace_back(d.name);
    choices.emplace_back("all");
    cmd->add_option("--dialect", o->dialect,
                    fmt::format("Check for this database instead of the configured one: {}", fmt::join(choices, ", ")))
        ->check(CLI::IsMember(choices));
    add_format_option(*cmd, o->format, {"text", "json"});
    cmd->callback([o, &exit_code] {
        std::vector<std::string> dialects;
        if (o->dialect == "all")
            for (const auto& d : dialect_infos()) dialects.emplace_back(d.name);
        else if (!o->dialect.empty()) dialects = {o->dialect};
        std::size_t tables = 0;
        auto check = [&](CommonOptions common) {
            Session s(common);
            // Lowering finds what the dialect cannot express (table.column).
            Schema d = s.desired();
            tables = d.tables.size();
            return s.dialect().name();
        };
        std::vector<std::string> names;
        if (dialects.empty()) names.push_back(check(o->common));
        for (const auto& dn : dialects) {
            CommonOptions c = o->common;
            c.db = std::string(dialect_info(dn).example_url);  // never connected: lowering needs no server
            try {
                names.push_back(check(c));
            } catch (const InvalidSchema& e) {
                throw InvalidSchema(fmt::format("for {}: {}", dn, e.what()), e.diagnostics);
            } catch (const Error& e) {
                throw Error(fmt::format("for {}: {}", dn, e.what()));
            }
        }
        exit_code = 0;
        if (o->format == "json") {
            toml::array list;
            for (const auto& n : names) list.push_back(n);
            print_json("validate", 0, toml::table{{"tables", static_cast<int64_t>(tables)}, {"dialects", list}});
            return;
        }
        std::cout << fmt::format("ok: {} table{} valid for {}\n", tables, tables == 1 ? "" : "s",
                                 fmt::join(names, ", "));
    });
}

}  // namespace schemactl
