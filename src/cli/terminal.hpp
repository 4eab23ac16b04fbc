#pragma once
// Terminal facts and questions. Nothing that writes runs without --yes, a yes
// at a prompt, or a confirmed question on a terminal.
#include <string>

namespace schemactl {

bool stdin_is_terminal();
bool stdout_colour();  // a terminal, and NO_COLOR unset

// Asks a y/N question on the terminal. With `yes` returns true without
// asking; without a terminal throws SafetyStop (exit 3), naming `action`.
bool confirm(const std::string& question, bool yes, const std::string& action);

// Reads one answer line from the terminal (empty at end of input).
std::string ask(const std::string& prompt);

}  // namespace schemactl
