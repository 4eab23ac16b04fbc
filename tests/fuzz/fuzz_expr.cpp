// libFuzzer target: the expression fingerprint used to compare checks,
// defaults and index predicates. Must not crash or hang, and must be
// idempotent on its own output's structure (fingerprint of a fingerprint is stable).
#include <cstdint>
#include <string>

#include "diff/expr.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string in(reinterpret_cast<const char*>(data), size);
    auto a = schemactl::expr_fingerprint(in);
    auto b = schemactl::expr_fingerprint(a);
    if (schemactl::expr_fingerprint(b) != b) __builtin_trap();
    return 0;
}
