#pragma once
// Terminal facts and questions. Nothing that writes runs without --yes, a yes
// at a prompt, or a confirmed question on a terminal.
#include <string>

namespace schemactl {

bool stdin_is_terminal();
bool stdout_colour();  // a terminal, and NO_COLOR unset

// Asks a y/N question on the terminal (Enter, end of input, Ctrl-C: no).
// With `yes` returns true without asking; without a terminal throws
// SafetyStop (exit 3), naming `action`.
bool confirm(const std::string& question, bool yes, const std::string& action);

enum class Reply { text, end_of_input, interrupted };
struct Answer {
    Reply reply = Reply::text;
    std::string text;  // trimmed, lower case
};

// Discards anything typed before the prompt appeared (a key pressed early
// must not answer a question not yet shown), prints the prompt, reads one
// line. Ctrl-D on an empty line: end_of_input. Ctrl-C while an
// InterruptGuard is alive: interrupted.
Answer read_answer(const std::string& prompt);

// Reads one answer line (empty at end of input or Ctrl-C).
std::string ask(const std::string& prompt);

// While alive, the first SIGINT only sets a flag (interrupted()) so the
// caller can stop cleanly and report; a second one ends the process as usual.
class InterruptGuard {
public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

private:
    struct Saved;
    Saved* saved_;
};
bool interrupted();

}  // namespace schemactl
