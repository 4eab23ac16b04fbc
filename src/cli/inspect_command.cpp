#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/json_output.hpp"
#include "cli/session.hpp"
#include "schema/error.hpp"
#include "snapshot/snapshot_file.hpp"
#include "toml/writer.hpp"

namespace schemactl {

namespace {

// inspect --snapshot: the canonical schema as inspect() returned it, every
// table: a snapshot of some tables would make a plan create the others.
void write_snapshot_file(Session& s, const std::vector<std::string>& tables, const std::string& file) {
    if (!tables.empty())
        throw Error(
            "--snapshot holds every table, so it does not take --tables: limit the plan instead "
            "(plan --from-snapshot " +
            file + " --tables ...)");
    Snapshot snap;
    snap.dialect = s.dialect().name();
    snap.database = s.url().redacted();
    snap.schema = s.inspect();
    snap.server_version = s.connect(false).connection().server_version();
    s.timed("write snapshot", [&] {
        save_snapshot(file, snap);
        return 0;
    });
    std::cerr << "wrote a snapshot of " << snap.schema.tables.size() << " tables (" << snap.dialect << " "
              << snap.server_version << ") to " << file << "\n";
}

// inspect --format json: what the database holds, in brief (the TOML is the
// full account): per table its columns with portable types, key, and counts.
toml::table summary_json(Session& s, const Schema& portable, const std::string& out) {
    toml::array tables;
    for (const auto& t : portable.tables) {
        toml::array columns, key;
        for (const auto& c : t.columns)
            columns.push_back(toml::table{{"name", c.name}, {"type", c.type}, {"nullable", c.nullable}});
        for (const auto& k : t.primary_key) key.push_back(k);
        toml::table tt{{"name", t.name},
                       {"columns", std::move(columns)},
                       {"primary_key", std::move(key)},
                       {"indexes", static_cast<int64_t>(t.indexes.size())},
                       {"foreign_keys", static_cast<int64_t>(t.foreign_keys.size())},
                       {"checks", static_cast<int64_t>(t.checks.size())}};
        if (!out.empty()) tt.insert("file", (std::filesystem::path(out) / (t.name + ".toml")).string());
        tables.push_back(std::move(tt));
    }
    return toml::table{{"dialect", s.dialect().name()},
                       {"database", s.url().redacted()},
                       {"server_version", s.connect(false).connection().server_version()},
                       {"tables", std::move(tables)}};
}

}  // namespace

void add_inspect_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("inspect", "Write the live tables as TOML that sync accepts unchanged");
    struct Opts {
        CommonOptions common;
        std::vector<std::string> tables;
        std::string out;
        std::string snapshot;
        std::string format;
    };
    auto o = std::make_shared<Opts>();
    add_common_options(*cmd, o->common);
    cmd->add_option("--tables", o->tables, "Only these tables");
    auto* out = cmd->add_option("--out", o->out, "Write one <table>.toml per table into this folder instead of stdout");
    cmd->add_option("--snapshot", o->snapshot,
                    "Write the whole live schema to this one file for `plan --from-snapshot` (not a schema file)")
        ->excludes(out);
    add_format_option(*cmd, o->format, {"toml", "json"});
    cmd->callback([o, &exit_code] {
        Session s(o->common);
        exit_code = 0;
        const bool json = o->format == "json";
        if (!o->snapshot.empty()) {
            if (json) throw Error("--snapshot writes a file, not a report: leave out --format json");
            write_snapshot_file(s, o->tables, o->snapshot);
            return;
        }
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
            if (json) print_json("inspect", 0, summary_json(s, portable, ""));
            else std::cout << s.timed("render", [&] { return write_schema_toml(portable); });
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
        if (json) print_json("inspect", 0, summary_json(s, portable, o->out));
        else std::cerr << "wrote " << portable.tables.size() << " tables to " << o->out << "\n";
    });
}

}  // namespace schemactl
