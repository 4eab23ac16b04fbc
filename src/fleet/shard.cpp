#include "fleet/shard.hpp"

#include <charconv>
#include <cstdint>

#include "schema/error.hpp"

namespace schemactl {

namespace {

bool parse_number(const std::string& s, std::size_t& out) {
    if (s.empty()) return false;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && end == s.data() + s.size();
}

// FNV-1a, 64 bit: stable across machines, compilers and releases (unlike
// std::hash), so N workers on N machines agree.
std::uint64_t fnv1a(const std::string& s) {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

}  // namespace

Shard parse_shard(const std::string& text) {
    auto slash = text.find('/');
    Shard s;
    if (slash == std::string::npos || !parse_number(text.substr(0, slash), s.index) ||
        !parse_number(text.substr(slash + 1), s.count))
        throw Error("--shard " + text + ": write K/N, e.g. --shard 2/4 (shard K of N, 1 <= K <= N)");
    if (s.count < 1 || s.index < 1 || s.index > s.count)
        throw Error("--shard " + text + ": K must be between 1 and N (1 <= K <= N)");
    return s;
}

std::size_t shard_of(const std::string& identity, std::size_t count) {
    return static_cast<std::size_t>(fnv1a(identity) % count) + 1;
}

std::vector<Target> select_shard(const std::vector<Target>& targets, const Shard& shard) {
    std::vector<Target> out;
    for (const auto& t : targets)
        if (shard_of(t.shown, shard.count) == shard.index) out.push_back(t);
    return out;
}

}  // namespace schemactl
