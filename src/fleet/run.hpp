#pragma once
// Runs a command on every target of a fleet: each target is a child process
// of schemactl itself (its own connection, run lock, transaction and exit
// code, exactly as a single run), N at once, the canary targets first.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "fleet/report.hpp"
#include "fleet/targets.hpp"

namespace schemactl {

struct ChildCommand {
    std::vector<std::string> argv;  // argv[0] first; run as /proc/self/exe
    std::vector<std::string> env;   // NAME=VALUE set (or replaced) in the child's environment
};
using MakeChild = std::function<ChildCommand(const Target&)>;

struct RunOptions {
    std::size_t jobs = 1;
    std::size_t canary = 0;  // run the first K, stop if any fails, then the rest
    bool fail_fast = false;  // start no new target after the first failure
    bool progress = false;   // done / running / failed on stderr
};

// A failure is an exit code of 1 (error) or 3 (stopped).
bool failed(const TargetResult& r);

// One result per target, in list order; targets not started are "not run".
std::vector<TargetResult> run_targets(const std::vector<Target>& targets, const std::string& command,
                                      const MakeChild& make, const RunOptions& o);

}  // namespace schemactl
