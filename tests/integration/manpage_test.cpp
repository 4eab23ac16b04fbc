// The man page schemactl(1), written by `schemactl __man` from the CLI11 app:
// it names every command and option --help shows, and groff renders it
// without a warning.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <sstream>

#include "support.hpp"

using namespace schemactl::test;

namespace {

// The commands `schemactl --help` lists under "Subcommands:".
std::vector<std::string> help_commands() {
    RunResult r = run({"--help"});
    std::vector<std::string> out;
    std::istringstream in(r.out);
    bool in_list = false;
    for (std::string l; std::getline(in, l);) {
        if (l.rfind("Subcommands:", 0) == 0) in_list = true;
        else if (in_list && l.rfind("  ", 0) == 0) out.push_back(l.substr(2, l.find(' ', 2) - 2));
        else if (in_list && !l.empty()) in_list = false;
    }
    return out;
}

std::string roff_dashes(std::string s) {
    std::string out;
    for (char c : s) out += c == '-' ? std::string("\\-") : std::string(1, c);
    return out;
}

bool has_program(const std::string& name) {
    return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

}  // namespace

TEST_CASE("the man page names every command and option of --help", "[manpage]") {
    RunResult page = run({"__man"});
    REQUIRE(page.code == 0);
    CHECK(page.out.rfind(".TH SCHEMACTL 1 ", 0) == 0);
    RunResult version = run({"--version"});
    CHECK(page.out.find(version.out.substr(0, version.out.find('\n'))) != std::string::npos);
    for (const char* section : {".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH COMMANDS", ".SH OPTIONS"})
        CHECK(page.out.find(section) != std::string::npos);

    auto commands = help_commands();
    REQUIRE(commands.size() >= 7);
    for (const auto& c : commands) {
        INFO(c);
        CHECK(page.out.find(".SS \"" + c + "\"") != std::string::npos);
        // Each option that `c --help` lists is in the page, as roff spells it.
        RunResult help = run({c, "--help"});
        std::istringstream in(help.out);
        for (std::string l; std::getline(in, l);) {
            auto at = l.find("--");
            if (l.rfind("  ", 0) != 0 || at == std::string::npos || at > 8) continue;
            std::string opt = l.substr(at, l.find_first_of(" ,", at) - at);
            INFO(opt);
            CHECK(page.out.find(roff_dashes(opt)) != std::string::npos);
        }
    }
    CHECK(page.out.find("__complete") == std::string::npos);
    CHECK(page.out.find("__man") == std::string::npos);
}

TEST_CASE("groff renders the man page without a warning", "[manpage]") {
    TestDb scratch("sqlite", "manpage");
    std::string file = write_file(scratch.dir() + "/schemactl.1", run({"__man"}).out);
    if (!has_program("groff")) {
        // Debian's man-db pulls in groff-base; without it the structure check above stands alone.
        WARN("groff is not installed: the page is not rendered");
        CHECK(std::getenv("CI") == nullptr);
        return;
    }
    std::string out = scratch.dir() + "/page.txt", err = scratch.dir() + "/page.err";
    int rc = std::system(("groff -man -Tutf8 -ww -P-cbou '" + file + "' > '" + out + "' 2> '" + err + "'").c_str());
    CHECK(rc == 0);
    CHECK(read_file(err).empty());
    std::string text = read_file(out);
    CHECK(text.find("recreate") != std::string::npos);
    CHECK(text.find("--format") != std::string::npos);
    CHECK(text.find("NAME") != std::string::npos);
    CHECK(text.find("keep live database tables") != std::string::npos);
}
