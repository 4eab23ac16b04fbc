#include "cli/terminal.hpp"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "schema/error.hpp"

namespace schemactl {

bool stdin_is_terminal() { return isatty(STDIN_FILENO) == 1; }

bool stdout_colour() {
    const char* nc = std::getenv("NO_COLOR");
    return isatty(STDOUT_FILENO) == 1 && !(nc && *nc);
}

std::string ask(const std::string& prompt) {
    std::cout << prompt << std::flush;
    std::string line;
    if (!std::getline(std::cin, line)) return {};
    return line;
}

bool confirm(const std::string& question, bool yes, const std::string& action) {
    if (yes) return true;
    if (!stdin_is_terminal())
        throw SafetyStop("refusing to " + action +
                         " without --yes: there is no terminal to ask for confirmation. Nothing was changed.");
    std::string a = ask(question + " [y/N] ");
    return a == "y" || a == "Y" || a == "yes" || a == "YES" || a == "Yes";
}

}  // namespace schemactl
