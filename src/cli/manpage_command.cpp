// schemactl __man: the manual page schemactl(1) in roff, written from the
// CLI11 app (the same commands, options and descriptions --help prints), so
// the page cannot fall behind the program. The build runs it into
// build/schemactl.1; the package installs that.
#include <iostream>
#include <string>

#include "cli/app_walk.hpp"
#include "cli/commands.hpp"

namespace schemactl {

namespace {

// Text as roff prints it: backslashes and hyphens escaped, and a line that
// would start with a control character made plain.
std::string roff(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '\\') out += "\\e";
        else if (c == '-') out += "\\-";
        else out += c;
    }
    if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out = "\\&" + out;
    return out;
}

// "--format TEXT:{text,sql,json}" in bold and italics, as in a man page.
std::string option_term(const CLI::Option& o) {
    if (o.get_positional()) {
        std::string t = "\\fI" + roff(o.get_name()) + "\\fR";
        return o.get_items_expected_max() > 1 ? t + " ..." : t;
    }
    std::string names;
    auto add = [&](const std::string& n) { names += (names.empty() ? "" : ", ") + ("\\fB" + roff(n) + "\\fR"); };
    for (const auto& n : o.get_snames()) add("-" + n);
    for (const auto& n : o.get_lnames()) add("--" + n);
    if (takes_value(o))
        names += " \\fI" + roff(o.get_type_name()) + "\\fR" + (o.get_items_expected_max() > 1 ? " ..." : "");
    return names;
}

void options(std::ostream& out, const CLI::App& cmd) {
    for (const auto* o : visible_options(cmd)) {
        out << ".TP\n" << option_term(*o) << "\n";
        std::string d = o->get_description();
        if (o->get_required()) d += " (required)";
        out << roff(d) << "\n";
    }
}

std::string synopsis(const CLI::App& cmd) {
    std::string s = "\\fBschemactl " + roff(cmd.get_name()) + "\\fR [\\fIOPTIONS\\fR]";
    for (const auto* o : visible_options(cmd))
        if (o->get_positional()) s += " " + option_term(*o);
    return s;
}

}  // namespace

void write_man_page(std::ostream& out, const CLI::App& app, const std::string& version) {
    out << ".TH SCHEMACTL 1 \"\" \"" << roff(version) << "\" \"User Commands\"\n";
    out << ".SH NAME\nschemactl \\- " << roff(app.get_description().substr(app.get_description().find(':') + 2))
        << "\n";
    out << ".SH SYNOPSIS\n";
    for (const auto* cmd : visible_commands(app)) out << synopsis(*cmd) << "\n.br\n";
    out << ".SH DESCRIPTION\n" << roff(app.get_description()) << "\n";
    out << ".PP\nEach command reads its settings from the options, then the environment, then "
           "\\fBschemactl.toml\\fR in the current folder.\n";
    out << ".SH COMMANDS\n";
    for (const auto* cmd : visible_commands(app)) {
        out << ".SS \"" << roff(cmd->get_name()) << "\"\n"
            << synopsis(*cmd) << "\n.PP\n"
            << roff(cmd->get_description()) << "\n";
        options(out, *cmd);
    }
    out << ".SH OPTIONS\n";
    options(out, app);
    out << ".SH SEE ALSO\nThe documentation in the docs/ folder of the schemactl sources; "
           "\\fBschemactl\\fR \\fICOMMAND\\fR \\fB\\-\\-help\\fR.\n";
}

void add_man_command(CLI::App& app, const std::string& version) {
    auto* cmd = app.add_subcommand("__man", "Print the manual page schemactl(1) in roff");
    cmd->group("");  // hidden: a build step, not a user's command
    cmd->callback([&app, version] { write_man_page(std::cout, app, version); });
}

}  // namespace schemactl
