#include "pty.hpp"

#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>

namespace schemactl::test {

PtyResult run_in_pty(const std::vector<std::string>& args,
                     const std::vector<std::pair<std::string, std::string>>& answers, int timeout_s) {
    const char* env_bin = std::getenv("SCHEMACTL_BIN");
    std::string bin = env_bin && *env_bin ? env_bin : SCHEMACTL_BINARY;
    int master = -1;
    pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
    if (pid == 0) {
        setenv("NO_COLOR", "1", 1);
        unsetenv("DATABASE_URL");
        unsetenv("SCHEMACTL_DATABASE_URL");
        std::vector<char*> argv{const_cast<char*>(bin.c_str())};
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(bin.c_str(), argv.data());
        _exit(127);
    }
    PtyResult r;
    std::size_t next = 0, searched_from = 0;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    char buf[4096];
    for (;;) {
        if (std::chrono::steady_clock::now() > deadline) {
            kill(pid, SIGKILL);
            r.transcript += "\n[test: timed out]";
            break;
        }
        // Answers first: one typed ahead (empty `first`) goes in before any output.
        if (next < answers.size()) {
            auto at = r.transcript.find(answers[next].first, searched_from);
            if (at != std::string::npos) {
                searched_from = at + answers[next].first.size();
                const std::string& typed = answers[next].second;
                bool control = typed.size() == 1 && static_cast<unsigned char>(typed[0]) < 0x20;
                std::string line = control ? typed : typed + "\n";
                if (write(master, line.data(), line.size()) < 0) break;
                ++next;
            }
        }
        pollfd p{master, POLLIN, 0};
        if (poll(&p, 1, 200) > 0) {
            ssize_t n = read(master, buf, sizeof buf);
            if (n <= 0) break;  // EIO: the child closed the terminal
            r.transcript.append(buf, static_cast<std::size_t>(n));
        }
    }
    close(master);
    int status = 0;
    waitpid(pid, &status, 0);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

}  // namespace schemactl::test
