#pragma once
// Errors are exceptions carrying a message a user can act on; main() catches
// them once and maps them to exit codes.
#include <stdexcept>
#include <string>

namespace schemactl {

// Bad input, connection failure, SQL failure: exit 1.
struct Error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Stopped by a safety rule or by the person at a prompt: exit 3.
struct SafetyStop : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace schemactl
