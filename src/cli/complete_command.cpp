// schemactl __complete -- WORD... : the candidates for the last word, one a
// line, for the shell completion scripts in completions/. Commands, options
// and their fixed values are read from the CLI11 app; table names from the
// schema files the line (or schemactl.toml) points at. A first line ":file"
// asks the shell to complete file names itself.
#include <algorithm>
#include <iostream>
#include <set>

#include "cli/app_walk.hpp"
#include "cli/commands.hpp"
#include "config/config.hpp"
#include "toml/reader.hpp"

namespace schemactl {

namespace {

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

// Options whose value is a path: the shell completes those better than we can.
bool takes_path(const CLI::Option& opt) {
    for (const char* n : {"--schema", "--config", "--password-file", "--out"})
        if (opt.check_lname(std::string(n).substr(2))) return true;
    return false;
}

bool takes_tables(const CLI::Option& opt) { return opt.check_lname("tables") || opt.get_name() == "tables"; }

const CLI::Option* find_option(const CLI::App& cmd, const std::string& word) {
    for (const auto* o : visible_options(cmd))
        if (!o->get_positional() && o->check_name(word)) return o;
    return nullptr;
}

// What the words before the cursor say: the command, the option still
// taking values, the --schema/--config given, the tables already named.
struct Line {
    const CLI::App* cmd = nullptr;
    const CLI::Option* pending = nullptr;
    std::vector<std::string> schema;
    std::string config;
    std::set<std::string> tables;
};

Line read_line(const CLI::App& app, const std::vector<std::string>& before) {
    Line l;
    l.cmd = &app;
    auto value = [&](const CLI::Option& o, const std::string& v) {
        if (o.check_lname("schema")) l.schema.push_back(v);
        if (o.check_lname("config")) l.config = v;
        if (takes_tables(o)) l.tables.insert(v);
    };
    for (const auto& w : before) {
        if (w.size() > 1 && w[0] == '-') {
            auto eq = w.find('=');
            const CLI::Option* o = find_option(*l.cmd, w.substr(0, eq));
            l.pending = o && takes_value(*o) && eq == std::string::npos ? o : nullptr;
            if (o && eq != std::string::npos) value(*o, w.substr(eq + 1));
            continue;
        }
        if (l.pending) {
            value(*l.pending, w);
            // CLI11 gives a list option every word up to the next option.
            if (l.pending->get_items_expected_max() <= 1) l.pending = nullptr;
            continue;
        }
        if (l.cmd == &app) {
            for (const auto* sub : visible_commands(app))
                if (sub->get_name() == w) l.cmd = sub;
            continue;
        }
        for (const auto* o : visible_options(*l.cmd))
            if (o->get_positional() && takes_tables(*o)) l.tables.insert(w);
    }
    return l;
}

// Table names in the schema files; nothing when they cannot be read (a
// completion never prints errors into the user's command line).
std::vector<std::string> table_names(const Line& l) {
    std::vector<std::string> out;
    try {
        Config c = load_config(ConfigFlags{l.config, "", l.schema, ""});
        Diagnostics ignored;
        for (const auto& t : read_schema_files(c.schema_paths, ignored).tables)
            if (!l.tables.count(t.name)) out.push_back(t.name);
    } catch (...) {
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::vector<std::string> option_names(const CLI::App& cmd) {
    std::vector<std::string> out;
    for (const auto* o : visible_options(cmd)) {
        for (const auto& n : o->get_lnames()) out.push_back("--" + n);
        for (const auto& n : o->get_snames()) out.push_back("-" + n);
    }
    return out;
}

// Candidates for a value of `opt`; {":file"} for a path.
std::vector<std::string> values_of(const CLI::Option& opt, const Line& l) {
    if (takes_tables(opt)) return table_names(l);
    if (takes_path(opt)) return {":file"};
    return member_values(opt);
}

}  // namespace

std::vector<std::string> complete_words(const CLI::App& app, const std::vector<std::string>& words) {
    if (words.empty()) return {};
    std::vector<std::string> before(words.begin(), words.end() - 1);
    const std::string& cur = words.back();
    Line l = read_line(app, before);

    std::vector<std::string> all;
    std::string prefix;  // kept in front of each candidate ("--format=")
    auto eq = cur.find('=');
    if (starts_with(cur, "--") && eq != std::string::npos) {
        if (const auto* o = find_option(*l.cmd, cur.substr(0, eq)); o && takes_value(*o)) {
            prefix = cur.substr(0, eq + 1);
            all = values_of(*o, l);
        }
    } else if (starts_with(cur, "-")) {
        all = option_names(*l.cmd);
    } else if (l.pending) {
        all = values_of(*l.pending, l);
    } else if (l.cmd == &app) {
        for (const auto* sub : visible_commands(app)) all.push_back(sub->get_name());
    } else {
        for (const auto* o : visible_options(*l.cmd))
            if (o->get_positional() && takes_tables(*o)) all = table_names(l);
        if (all.empty() && cur.empty()) all = option_names(*l.cmd);
    }
    if (!all.empty() && all.front() == ":file") return all;
    std::vector<std::string> out;
    for (const auto& c : all)
        if (starts_with(prefix + c, cur)) out.push_back(prefix + c);
    return out;
}

void add_complete_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("__complete", "Completion candidates for the shell scripts");
    cmd->group("");  // hidden from --help and from completion itself
    auto words = std::make_shared<std::vector<std::string>>();
    cmd->add_option("words", *words, "The words typed after 'schemactl', the last one being completed");
    cmd->callback([&app, words] {
        for (const auto& c : complete_words(app, *words)) std::cout << c << "\n";
    });
}

}  // namespace schemactl
