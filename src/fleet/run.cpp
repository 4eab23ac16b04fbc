#include "fleet/run.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <memory>

#include "schema/error.hpp"

extern char** environ;

namespace schemactl {

namespace {

// A temporary file that is closed and removed with its owner: a child's
// stdout or stderr (files, not pipes: a child never blocks on a full pipe).
class TempFile {
public:
    TempFile() {
        const char* dir = std::getenv("TMPDIR");
        path_ = std::string(dir && *dir ? dir : "/tmp") + "/schemactl-fleet-XXXXXX";
        fd_ = mkostemp(path_.data(), O_CLOEXEC);  // not inherited by the other children
        if (fd_ < 0) throw Error("cannot create a temporary file in " + path_ + ": " + std::strerror(errno));
        unlink(path_.c_str());
    }
    ~TempFile() {
        if (fd_ >= 0) close(fd_);
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    int fd() const { return fd_; }
    std::string read_all() const {
        std::string s;
        char buf[65536];
        lseek(fd_, 0, SEEK_SET);
        for (ssize_t n; (n = ::read(fd_, buf, sizeof buf)) > 0;) s.append(buf, static_cast<std::size_t>(n));
        return s;
    }

private:
    std::string path_;
    int fd_ = -1;
};

struct Running {
    std::size_t index = 0;
    std::unique_ptr<TempFile> out, err;
    std::chrono::steady_clock::time_point start;
};

std::vector<std::string> child_environment(const std::vector<std::string>& add) {
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) {
        std::string kv(*e);
        bool replaced = false;
        for (const auto& a : add) replaced |= kv.compare(0, a.find('=') + 1, a, 0, a.find('=') + 1) == 0;
        if (!replaced) env.push_back(std::move(kv));
    }
    env.insert(env.end(), add.begin(), add.end());
    return env;
}

std::vector<char*> pointers(std::vector<std::string>& v) {
    std::vector<char*> p;
    for (auto& s : v) p.push_back(s.data());
    p.push_back(nullptr);
    return p;
}

// Starts one child: stdin /dev/null, stdout and stderr to the files. It gets
// SIGTERM when this process dies, however it dies (killed included).
pid_t spawn(ChildCommand c, const TempFile& out, const TempFile& err) {
    auto env = child_environment(c.env);
    auto argv_p = pointers(c.argv);
    auto env_p = pointers(env);
    const pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) throw Error(std::string("cannot start a child process: ") + std::strerror(errno));
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent) _exit(1);
        int null = open("/dev/null", O_RDONLY);
        dup2(null, 0);
        dup2(out.fd(), 1);
        dup2(err.fd(), 2);
        execve("/proc/self/exe", argv_p.data(), env_p.data());
        _exit(127);
    }
    return pid;
}

int exit_code_of(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return 1;  // killed by a signal: an error
}

class Progress {
public:
    Progress(bool on, std::size_t total) : on_(on), total_(total) {}
    ~Progress() {
        if (on_ && shown_) std::cerr << "\n";
    }
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;
    void show(std::size_t done, std::size_t running, std::size_t failures) {
        if (!on_) return;
        shown_ = true;
        std::cerr << "\rschemactl: targets " << done << "/" << total_ << " done, " << running << " running, "
                  << failures << " failed\x1b[K" << std::flush;
    }

private:
    bool on_, shown_ = false;
    std::size_t total_;
};

struct Scheduler {
    const std::vector<Target>& targets;
    const std::string& command;
    const MakeChild& make;
    std::vector<TargetResult>& results;
    Progress& progress;
    std::size_t done = 0, failures = 0;

    // Runs targets[first, last) with `jobs` at once; with `stop_on_failure`
    // starts none after a failure. Returns false when one failed.
    bool run(std::size_t first, std::size_t last, std::size_t jobs, bool stop_on_failure) {
        std::map<pid_t, Running> running;
        std::size_t next = first;
        bool any_failed = false;
        while (next < last || !running.empty()) {
            while (next < last && running.size() < jobs && !(stop_on_failure && any_failed)) start(next++, running);
            if (running.empty()) break;
            progress.show(done, running.size(), failures);
            any_failed |= !reap(running);
        }
        progress.show(done, 0, failures);
        return !any_failed;
    }

    void start(std::size_t i, std::map<pid_t, Running>& running) {
        Running r;
        r.index = i;
        r.out = std::make_unique<TempFile>();
        r.err = std::make_unique<TempFile>();
        r.start = std::chrono::steady_clock::now();
        pid_t pid = spawn(make(targets[i]), *r.out, *r.err);
        running.emplace(pid, std::move(r));
    }

    // Waits for one child; false when it failed.
    bool reap(std::map<pid_t, Running>& running) {
        int status = 0;
        pid_t pid;
        do {
            pid = waitpid(-1, &status, 0);
        } while (pid < 0 && errno == EINTR);
        auto it = running.find(pid);
        if (pid < 0 || it == running.end()) return true;
        const Running& r = it->second;
        const std::size_t i = r.index;  // `r` goes with the erase below
        TargetResult res = result_from_child(command, exit_code_of(status), r.out->read_all(), r.err->read_all());
        res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - r.start).count();
        res.target = targets[i].shown;
        res.dialect = targets[i].dialect;
        results[i] = std::move(res);
        running.erase(it);
        ++done;
        const bool bad = failed(results[i]);
        failures += bad;
        return !bad;
    }
};

}  // namespace

bool failed(const TargetResult& r) { return r.exit_code && *r.exit_code != 0 && *r.exit_code != 2; }

std::vector<TargetResult> run_targets(const std::vector<Target>& targets, const std::string& command,
                                      const MakeChild& make, const RunOptions& o) {
    std::vector<TargetResult> results(targets.size());
    for (std::size_t i = 0; i < targets.size(); ++i) {
        results[i].target = targets[i].shown;
        results[i].dialect = targets[i].dialect;
        results[i].status = "not run";
    }
    Progress progress(o.progress, targets.size());
    Scheduler s{targets, command, make, results, progress};
    const std::size_t jobs = o.jobs == 0 ? 1 : o.jobs;
    const std::size_t canary = std::min(o.canary, targets.size());
    if (canary > 0 && !s.run(0, canary, jobs, o.fail_fast)) {
        for (std::size_t i = canary; i < targets.size(); ++i) results[i].message = "not run: a canary target failed";
        return results;
    }
    bool ok = s.run(canary, targets.size(), jobs, o.fail_fast);
    if (!ok && o.fail_fast)
        for (auto& r : results)
            if (!r.exit_code) r.message = "not run: --fail-fast after a failure";
    return results;
}

}  // namespace schemactl
