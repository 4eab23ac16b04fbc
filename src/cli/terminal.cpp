#include "cli/terminal.hpp"

#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <iostream>

#include "schema/error.hpp"
#include "schema/text.hpp"

namespace schemactl {

namespace {

volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void on_sigint(int) { g_interrupted = 1; }

std::string normalised(const std::string& s) {
    std::size_t b = s.find_first_not_of(" \t\r"), e = s.find_last_not_of(" \t\r");
    std::string out = b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
    out = lower_ascii(out);
    return out;
}

// Blocks SIGINT except inside ppoll, so a Ctrl-C between the flag test and
// the wait cannot be lost.
class SigintBlocked {
public:
    SigintBlocked() {
        sigset_t s;
        sigemptyset(&s);
        sigaddset(&s, SIGINT);
        sigprocmask(SIG_BLOCK, &s, &old_);
    }
    ~SigintBlocked() { sigprocmask(SIG_SETMASK, &old_, nullptr); }
    const sigset_t* waiting_mask() const { return &old_; }

private:
    sigset_t old_;
};

// One byte from stdin: 1 read, 0 end of input, -1 interrupted.
int read_byte(char& c, const SigintBlocked& blocked) {
    for (;;) {
        if (g_interrupted) return -1;
        pollfd p{STDIN_FILENO, POLLIN, 0};
        if (ppoll(&p, 1, nullptr, blocked.waiting_mask()) < 0) {
            if (errno == EINTR) continue;
            return 0;
        }
        ssize_t n = read(STDIN_FILENO, &c, 1);
        if (n < 0 && errno == EINTR) continue;
        return n == 1 ? 1 : 0;
    }
}

}  // namespace

struct InterruptGuard::Saved {
    struct sigaction old;
};

InterruptGuard::InterruptGuard() : saved_(new Saved) {
    g_interrupted = 0;
    struct sigaction sa {};
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    // SA_RESTART: a Ctrl-C during an apply must not break the database
    // client's I/O; SA_RESETHAND: a second Ctrl-C kills as usual.
    sa.sa_flags = SA_RESTART | SA_RESETHAND;
    sigaction(SIGINT, &sa, &saved_->old);
}

InterruptGuard::~InterruptGuard() {
    sigaction(SIGINT, &saved_->old, nullptr);
    delete saved_;
}

bool interrupted() { return g_interrupted != 0; }

bool stdin_is_terminal() { return isatty(STDIN_FILENO) == 1; }

bool stdout_colour() {
    const char* nc = std::getenv("NO_COLOR");
    return isatty(STDOUT_FILENO) == 1 && !(nc && *nc);
}

Answer read_answer(const std::string& prompt) {
    if (stdin_is_terminal()) tcflush(STDIN_FILENO, TCIFLUSH);
    std::cout << prompt << std::flush;
    SigintBlocked blocked;
    Answer a;
    std::string line;
    for (char c;;) {
        int r = read_byte(c, blocked);
        if (r < 0) {
            std::cout << "\n";
            return {Reply::interrupted, {}};
        }
        if (r == 0) {
            if (!line.empty()) break;
            std::cout << "\n";
            return {Reply::end_of_input, {}};
        }
        if (c == '\n') break;
        line += c;
    }
    a.text = normalised(line);
    return a;
}

std::string ask(const std::string& prompt) { return read_answer(prompt).text; }

bool confirm(const std::string& question, bool yes, const std::string& action) {
    if (yes) return true;
    if (!stdin_is_terminal())
        throw SafetyStop("refusing to " + action +
                         " without --yes: there is no terminal to ask for confirmation. Nothing was changed.");
    std::string a = ask(question + " [y/N] ");
    return a == "y" || a == "yes";
}

}  // namespace schemactl
