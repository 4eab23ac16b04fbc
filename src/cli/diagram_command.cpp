// schemactl diagram: the schema files (or, with --db, the live database) as
// a Mermaid or Graphviz diagram, or as SVG drawn by Graphviz's `dot`.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <tuple>

#include "cli/commands.hpp"
#include "cli/session.hpp"
#include "diagram/diagram.hpp"
#include "diagram/dot.hpp"
#include "diagram/mermaid.hpp"
#include "schema/error.hpp"

extern char** environ;

namespace schemactl {

namespace {

// A file descriptor closed when it goes out of scope.
struct Fd {
    int fd = -1;
    Fd() = default;
    explicit Fd(int f) : fd(f) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { reset(); }
    void reset() {
        if (fd >= 0) ::close(fd);
        fd = -1;
    }
};

// SIGPIPE ignored while writing to a child that may exit early (its error
// is then read from its stderr, not a silent death of schemactl).
struct IgnoreSigpipe {
    struct sigaction old {};
    IgnoreSigpipe() {
        struct sigaction ign {};
        ign.sa_handler = SIG_IGN;
        sigaction(SIGPIPE, &ign, &old);
    }
    ~IgnoreSigpipe() { sigaction(SIGPIPE, &old, nullptr); }
};

// Runs Graphviz as `dot -Tsvg`, the DOT text on its stdin, and returns its
// stdout. A process rather than libgvc: schemactl does not link Graphviz's
// libraries (and their fonts and plugins) for one command, and starts as
// fast without it; `dot` is needed only when SVG is asked for.
std::string run_dot_svg(const std::string& dot) {
    int in[2], out[2], err[2];
    if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC))
        throw Error(std::string("cannot start Graphviz: ") + std::strerror(errno));
    Fd in_r(in[0]), in_w(in[1]), out_r(out[0]), out_w(out[1]), err_r(err[0]), err_w(err[1]);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in_r.fd, 0);
    posix_spawn_file_actions_adddup2(&fa, out_w.fd, 1);
    posix_spawn_file_actions_adddup2(&fa, err_w.fd, 2);
    char arg0[] = "dot", arg1[] = "-Tsvg";
    char* argv[] = {arg0, arg1, nullptr};
    pid_t pid = 0;
    int rc = posix_spawnp(&pid, "dot", &fa, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc == ENOENT)
        throw Error(
            "Graphviz's `dot` was not found on PATH: install the graphviz package (apt-get install graphviz), "
            "or write --format dot or --format mermaid instead of svg");
    if (rc != 0) throw Error(std::string("cannot start Graphviz's dot: ") + std::strerror(rc));
    in_r.reset();
    out_w.reset();
    err_w.reset();

    // Write stdin while reading stdout and stderr, so that neither side
    // waits on a full pipe.
    IgnoreSigpipe guard;
    fcntl(in_w.fd, F_SETFL, O_NONBLOCK);
    std::string svg, errors;
    std::size_t written = 0;
    if (dot.empty()) in_w.reset();
    char buf[65536];
    while (out_r.fd >= 0 || err_r.fd >= 0) {
        pollfd p[3] = {{out_r.fd, POLLIN, 0}, {err_r.fd, POLLIN, 0}, {in_w.fd, POLLOUT, 0}};
        if (poll(p, 3, -1) < 0) {
            if (errno == EINTR) continue;
            throw Error(std::string("waiting for Graphviz's dot: ") + std::strerror(errno));
        }
        if (in_w.fd >= 0 && (p[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t n = ::write(in_w.fd, dot.data() + written, dot.size() - written);
            if (n > 0) written += static_cast<std::size_t>(n);
            if (n < 0 && errno != EAGAIN && errno != EINTR) in_w.reset();  // dot stopped reading: its stderr says why
            if (written == dot.size()) in_w.reset();
        }
        for (auto [pf, fd, text] : {std::tuple{&p[0], &out_r, &svg}, {&p[1], &err_r, &errors}}) {
            if (fd->fd < 0 || !(pf->revents & (POLLIN | POLLHUP | POLLERR))) continue;
            ssize_t n = ::read(fd->fd, buf, sizeof buf);
            if (n > 0) text->append(buf, static_cast<std::size_t>(n));
            else if (n == 0 || (errno != EINTR && errno != EAGAIN)) fd->reset();
        }
    }
    in_w.reset();
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || written != dot.size()) {
        while (!errors.empty() && errors.back() == '\n') errors.pop_back();
        throw Error("Graphviz's dot could not draw the diagram" + (errors.empty() ? std::string() : ": " + errors) +
                    "\n  schemactl wrote DOT that dot refuses: please report it with the schema; "
                    "--format dot shows the text");
    }
    return svg;
}

}  // namespace

void add_diagram_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand(
        "diagram", "Draw the tables, their keys and foreign keys (the schema files, or the live database with --db)");
    struct Opts {
        CommonOptions common;
        std::vector<std::string> tables;
        std::string format = "mermaid";
    };
    auto o = std::make_shared<Opts>();
    add_common_options(*cmd, o->common);
    cmd->add_option("--tables", o->tables, "Only these tables (the tables they reference are drawn as names)");
    cmd->add_option("--format", o->format, "mermaid | dot | svg (svg runs Graphviz's dot)")
        ->check(CLI::IsMember({"mermaid", "dot", "svg"}));
    cmd->callback([o, &exit_code] {
        const bool live = !o->common.db.empty();
        if (live && !o->common.schema.empty())
            throw Error(
                "diagram draws either the schema files (--schema) or a live database (--db), not both: "
                "drop one of the two options");
        Session s(o->common);
        Schema schema;
        if (live) {
            // What inspect would write: the live tables raised to portable form.
            Schema actual = s.inspect();
            s.check_tables_known(o->tables, actual, "the database");
            s.timed("raise", [&] {
                for (const auto& t : actual.tables) schema.tables.push_back(s.dialect().raise(t));
                return 0;
            });
        } else {
            schema = s.portable();
            s.check_tables_known(o->tables, schema, "the schema files");
        }
        const DiagramFormat format = parse_diagram_format(o->format);
        std::cout << s.timed("render", [&] {
            Diagram d = make_diagram(schema, o->tables);
            if (format == DiagramFormat::mermaid) return to_mermaid(d);
            if (format == DiagramFormat::dot) return to_dot(d);
            return run_dot_svg(to_dot(d));
        });
        exit_code = 0;
    });
}

}  // namespace schemactl
