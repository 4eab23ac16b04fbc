#pragma once
// Runs schemactl in a real pseudo-terminal and answers its prompts, for the
// interactive tests.
#include <string>
#include <utility>
#include <vector>

namespace schemactl::test {

struct PtyResult {
    int code = -1;
    std::string transcript;  // everything the program wrote to the terminal
};

// `answers`: for each pair, wait until the output contains `first`, then type
// `second` and Enter. An empty `first` types at once (typed ahead, before any
// prompt). A `second` that is one control character (ctrl_c, ctrl_d) is sent
// alone, without Enter.
inline const std::string ctrl_c = "\x03";
inline const std::string ctrl_d = "\x04";

PtyResult run_in_pty(const std::vector<std::string>& args,
                     const std::vector<std::pair<std::string, std::string>>& answers, int timeout_s = 60);

}  // namespace schemactl::test
