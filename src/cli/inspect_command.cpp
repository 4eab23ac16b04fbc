#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/session.hpp"
#include "schema/error.hpp"
#include "toml/writer.hpp"

namespace schemactl {

void add_inspect_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("inspect", "Write the live tables as TOML that sync accepts unchanged");
    struct Opts {
        CommonOptions common;
        std::vector<std::string> tables;
        std::string out;
    };
    auto o = std::make_shared<Opts>();
    add_common_options(*cmd, o->common);
    cmd->add_option("--tables", o->tables, "Only these tables");
    cmd->add_option("--out", o->out, "Write one <table>.toml per table into this folder instead of stdout");
    cmd->callback([o, &exit_code] {
        Session s(o->common);
        Schema actual = s.inspect();
        s.check_tables_known(o->tables, actual, "the database");
        Schema portable;
        s.timed("raise", [&] {
            for (const auto& t : actual.tables)
                if (o->tables.empty() || std::find(o->tables.begin(), o->tables.end(), t.name) != o->tables.end())
                    portable.tables.push_back(s.dialect().raise(t));
            return 0;
        });
        if (o->out.empty()) {
            std::cout << s.timed("render", [&] { return write_schema_toml(portable); });
            return;
        }
        std::filesystem::create_directories(o->out);
        for (const auto& t : portable.tables) {
            Schema one;
            one.tables.push_back(t);
            auto path = std::filesystem::path(o->out) / (t.name + ".toml");
            std::ofstream f(path);
            f << write_schema_toml(one);
            if (!f) throw Error("cannot write " + path.string() + ": check the folder is writable");
        }
        std::cerr << "wrote " << portable.tables.size() << " tables to " << o->out << "\n";
        (void)exit_code;
    });
}

}  // namespace schemactl
