// Shell completion: `schemactl __complete` answers from the program's own
// commands and options and from the schema files, and bash, with
// completions/schemactl.bash sourced in a real terminal, completes a table.
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "support.hpp"

using namespace schemactl::test;

namespace {

std::string table(const std::string& name) {
    return "[[table]]\nname = \"" + name +
           "\"\nprimary_key = [\"id\"]\n  [[table.column]]\n  name = \"id\"\n  type = \"int\"\n";
}

// A scratch folder with schemas/ (agents, accounts, jobs) for the default
// schema path, and defs/ (orders) named by a config file.
struct Folder {
    TestDb db{"sqlite", "completion"};
    std::string dir = db.dir();
    Folder() {
        write_file(dir + "/schemas/agents.toml", table("agents"));
        write_file(dir + "/schemas/accounts.toml", table("accounts"));
        write_file(dir + "/schemas/jobs.toml", table("jobs"));
        write_file(dir + "/defs/orders.toml", table("orders"));
        write_file(dir + "/other.toml", "[schema]\npaths = [\"defs\"]\n");
    }
    // The candidates for the last of `words`, one per element.
    std::vector<std::string> complete(const std::vector<std::string>& words) {
        std::vector<std::string> args{"__complete", "--"};
        args.insert(args.end(), words.begin(), words.end());
        RunResult r = run(args, "", {}, dir);
        INFO(r.err);
        REQUIRE(r.code == 0);
        CHECK(r.err.empty());
        std::vector<std::string> lines;
        std::istringstream in(r.out);
        for (std::string l; std::getline(in, l);) lines.push_back(l);
        return lines;
    }
};

using Words = std::vector<std::string>;

bool has(const Words& w, const std::string& s) { return std::find(w.begin(), w.end(), s) != w.end(); }

}  // namespace

TEST_CASE("__complete offers the commands, not the hidden ones", "[completion]") {
    Folder f;
    Words all = f.complete({""});
    for (const char* c : {"create", "sync", "plan", "recreate", "inspect", "validate", "ping"}) CHECK(has(all, c));
    CHECK_FALSE(has(all, "__complete"));
    CHECK_FALSE(has(all, "__man"));
    CHECK(f.complete({"rec"}) == Words{"recreate"});
    CHECK(f.complete({"--ver"}) == Words{"--version"});
}

TEST_CASE("__complete offers each command's options as --help lists them", "[completion]") {
    Folder f;
    Words plan = f.complete({"plan", "-"});
    for (const char* o : {"--db", "--schema", "--config", "--password-file", "--verbose", "-v", "--timings", "--tables",
                          "--format", "--allow-drop", "--help"})
        CHECK(has(plan, o));
    // Every option the completion offers is one plan --help prints.
    RunResult help = run({"plan", "--help"});
    for (const auto& o : plan) CHECK(help.out.find(o) != std::string::npos);
    CHECK(f.complete({"sync", "--dry"}) == Words{"--dry-run"});
    // A command without positionals offers its options on an empty word.
    CHECK(has(f.complete({"plan", ""}), "--format"));
}

TEST_CASE("__complete offers the --format values the option accepts", "[completion]") {
    Folder f;
    CHECK(f.complete({"plan", "--format", ""}) == Words{"text", "sql", "json", "markdown", "github"});
    CHECK(f.complete({"plan", "--format", "j"}) == Words{"json"});
    CHECK(f.complete({"plan", "--format=s"}) == Words{"--format=sql"});
    // The value given, the next word is an option or a new word again.
    CHECK(has(f.complete({"plan", "--format", "sql", "--"}), "--tables"));
}

TEST_CASE("__complete offers the table names of the schema files", "[completion]") {
    Folder f;
    // recreate's tables, from ./schemas (the default path).
    CHECK(f.complete({"recreate", "ag"}) == Words{"agents"});
    CHECK(f.complete({"recreate", "a"}) == Words{"accounts", "agents"});
    // A table already named is not offered again.
    CHECK(f.complete({"recreate", "agents", ""}) == Words{"accounts", "jobs"});
    // --tables, from the files --schema names, and from the files a --config names.
    CHECK(f.complete({"plan", "--schema", f.dir + "/defs", "--tables", ""}) == Words{"orders"});
    CHECK(f.complete({"sync", "--config", "other.toml", "--tables", "o"}) == Words{"orders"});
    CHECK(f.complete({"plan", "--tables=j"}) == Words{"--tables=jobs"});
    // Paths are left to the shell.
    CHECK(f.complete({"plan", "--schema", ""}) == Words{":file"});
}

TEST_CASE("__complete prints nothing, and no error, when the files cannot be read", "[completion]") {
    Folder f;
    write_file(f.dir + "/broken.toml", "[schema]\npaths = [\n");
    // No tables to offer: recreate's options instead, and no table of ./schemas.
    Words recreate = f.complete({"recreate", "--config", "broken.toml", ""});
    CHECK(has(recreate, "--restore"));
    CHECK_FALSE(has(recreate, "agents"));
    CHECK(f.complete({"plan", "--config", "broken.toml", "--tables", ""}).empty());
    CHECK(f.complete({"plan", "--config", "missing.toml", "--tables", ""}).empty());
}

namespace {

// Runs an interactive bash in a pseudo-terminal in `cwd`, with the built
// schemactl first on PATH and completions/schemactl.bash sourced, types
// `typed` and a Tab (no Enter), and returns what the terminal showed after
// it once `wait_for` appeared (or 10 s passed).
std::string bash_completes(const std::string& cwd, const std::string& typed, const std::string& wait_for) {
    const char* env_bin = std::getenv("SCHEMACTL_BIN");
    std::string bin = env_bin && *env_bin ? env_bin : SCHEMACTL_BINARY;
    std::string bin_dir = std::filesystem::path(bin).parent_path().string();
    std::string script = source_dir() + "/completions/schemactl.bash";
    int master = -1;
    pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
    if (pid == 0) {
        if (chdir(cwd.c_str()) != 0) _exit(126);
        setenv("PATH", (bin_dir + ":" + std::getenv("PATH")).c_str(), 1);
        setenv("TERM", "dumb", 1);
        setenv("INPUTRC", "/dev/null", 1);
        setenv("HOME", cwd.c_str(), 1);
        unsetenv("DATABASE_URL");
        unsetenv("SCHEMACTL_DATABASE_URL");
        execl("/bin/bash", "bash", "--norc", "--noprofile", "-i", static_cast<char*>(nullptr));
        _exit(127);
    }
    std::string out;
    auto read_until = [&](const std::string& want, std::size_t from, int seconds) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
        char buf[4096];
        while (out.find(want, from) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
            pollfd p{master, POLLIN, 0};
            if (poll(&p, 1, 100) > 0) {
                ssize_t n = read(master, buf, sizeof buf);
                if (n <= 0) break;
                out.append(buf, static_cast<std::size_t>(n));
            }
        }
        return out.find(want, from) != std::string::npos;
    };
    auto type = [&](const std::string& s) {
        return write(master, s.data(), s.size()) == static_cast<ssize_t>(s.size());
    };
    // The prompt is spelled so that the echo of this line does not match it.
    bool ok = type("PS1='READY''> '; source '" + script + "'\n") && read_until("READY> ", 0, 20);
    std::string shown;
    if (ok) {
        std::size_t from = out.size();
        type(typed + "\t");
        read_until(wait_for, from, 10);
        shown = out.substr(from);
    } else {
        shown = "[no prompt] " + out;
    }
    kill(pid, SIGKILL);
    close(master);
    int status = 0;
    waitpid(pid, &status, 0);
    return shown;
}

}  // namespace

TEST_CASE("bash completes a table name for recreate in a real terminal", "[completion]") {
    Folder f;
    std::string shown = bash_completes(f.dir, "schemactl recreate ag", "agents");
    INFO(shown);
    CHECK(shown.find("schemactl recreate agents") != std::string::npos);
    // `a` is ambiguous (accounts, agents): bash rings and completes nothing.
    std::string ambiguous = bash_completes(f.dir, "schemactl recreate a", "\x07");
    INFO(ambiguous);
    CHECK(ambiguous.find("agents") == std::string::npos);
}
