#include "cli/fleet.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "fleet/report.hpp"
#include "fleet/run.hpp"
#include "fleet/shard.hpp"
#include "fleet/targets.hpp"
#include "schema/error.hpp"

namespace schemactl {

namespace {

std::vector<std::string>& arguments() {
    static std::vector<std::string> args;
    return args;
}

std::string read_targets_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw Error("--targets " + path + ": cannot read the file");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string read_targets_cmd(const std::string& cmd) {
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) throw Error("--targets-cmd: cannot run the command");
    std::string out;
    char buf[4096];
    for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    int status = pclose(p);
    if (status != 0)
        throw Error("--targets-cmd: the command failed (status " + std::to_string(status) + "); nothing was run");
    return out;
}

std::vector<Target> load_targets(const FleetOptions& f) {
    if (!f.targets.empty()) {
        auto base = std::filesystem::path(f.targets).parent_path().string();
        return parse_targets(read_targets_file(f.targets), f.targets, process_environment(), base);
    }
    return parse_targets(read_targets_cmd(f.targets_cmd), "--targets-cmd", process_environment());
}

// The parent's arguments without those that choose targets or output; the
// child gets its one URL in SCHEMACTL_DATABASE_URL (not on its command line,
// where `ps` would show a password) and prints JSON.
ChildCommand child_command(const Target& t) {
    static const std::set<std::string> valued{"--targets", "--targets-cmd", "--jobs", "--canary",
                                              "--shard",   "--format",      "--db"};
    const auto& args = arguments();
    ChildCommand c;
    c.argv.push_back(args.empty() ? "schemactl" : args.front());
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        const std::string name = a.substr(0, a.find('='));
        const bool has_file = !t.password_file.empty() && name == "--password-file";
        if (a == "--fail-fast") continue;
        if (valued.count(name) || has_file) {
            if (a.find('=') == std::string::npos) ++i;  // its value is the next argument
            continue;
        }
        c.argv.push_back(a);
    }
    c.argv.insert(c.argv.end(), {"--format", "json"});
    if (!t.password_file.empty()) c.argv.insert(c.argv.end(), {"--password-file", t.password_file});
    c.env.push_back("SCHEMACTL_DATABASE_URL=" + t.url);
    return c;
}

void check_usage(const std::string& command, const FleetOptions& f, const CommonOptions& common,
                 const std::string& format) {
    if (!f.targets.empty() && !f.targets_cmd.empty())
        throw CLI::ValidationError("--targets", "--targets and --targets-cmd: choose one");
    if (!common.db.empty())
        throw CLI::ValidationError("--db", "--db and --targets name the databases twice: choose one");
    if (!common.from_snapshot.empty())
        throw CLI::ValidationError("--from-snapshot", "--from-snapshot plans without a database: not with --targets");
    if (format != "text" && format != "json" && format != "markdown")
        throw CLI::ValidationError("--format", command + " --targets prints text, markdown or json, not " + format);
    if (f.jobs == 0) throw CLI::ValidationError("--jobs", "--jobs must be at least 1");
}

bool show_progress() {
    const char* ci = std::getenv("CI");
    return isatty(STDERR_FILENO) == 1 && !(ci && std::string(ci) == "true");
}

}  // namespace

void add_fleet_options(CLI::App& cmd, FleetOptions& f) {
    const char* group = "Fleet (docs/fleet.md)";
    cmd.add_option("--targets", f.targets, "Run on every database of FILE: one URL a line")->group(group);
    cmd.add_option("--targets-cmd", f.targets_cmd, "Run on every database the command CMD prints, one a line")
        ->group(group);
    cmd.add_option("--jobs", f.jobs, "With targets: N targets at once (default 1)")->group(group);
    cmd.add_option("--canary", f.canary, "With targets: the first K first; stop if any fails")->group(group);
    cmd.add_flag("--fail-fast", f.fail_fast, "With targets: start no new target after a failure")->group(group);
    cmd.add_option("--shard", f.shard, "With targets: only shard K of N (K/N), by a hash of each target")->group(group);
}

void remember_arguments(int argc, char** argv) { arguments().assign(argv, argv + argc); }

int run_fleet(const std::string& command, const FleetOptions& f, const CommonOptions& common,
              const std::string& format) {
    check_usage(command, f, common, format);
    std::optional<Shard> shard;
    if (!f.shard.empty()) shard = parse_shard(f.shard);
    auto targets = load_targets(f);
    if (shard) targets = select_shard(targets, *shard);
    FleetReport report;
    report.command = command;
    report.shard = f.shard;
    RunOptions ro{f.jobs, f.canary, f.fail_fast, show_progress()};
    report.targets = run_targets(targets, command, child_command, ro);
    if (format == "json") std::cout << fleet_json(report);
    else std::cout << (format == "markdown" ? fleet_markdown(report) : fleet_text(report));
    std::cout << std::flush;
    return fleet_exit(report);
}

}  // namespace schemactl
