// --shard K/N (src/fleet/shard.hpp): every target in exactly one shard, and
// a target's shard does not depend on its place in the list.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <random>

#include "fleet/shard.hpp"
#include "schema/error.hpp"

using namespace schemactl;

namespace {

std::vector<Target> fleet(std::size_t n) {
    std::string text;
    for (std::size_t i = 0; i < n; ++i)
        text += "postgres://app:pw" + std::to_string(i) + "@db/tenant" + std::to_string(i) + "\n";
    return parse_targets(text, "t", [](const std::string&) { return std::optional<std::string>{}; });
}

}  // namespace

TEST_CASE("every target is in exactly one shard, for N in 1..8", "[fleet]") {
    auto targets = fleet(200);
    for (std::size_t n = 1; n <= 8; ++n) {
        std::map<std::string, int> seen;
        for (std::size_t k = 1; k <= n; ++k)
            for (const auto& t : select_shard(targets, {k, n})) ++seen[t.shown];
        CHECK(seen.size() == targets.size());
        for (const auto& [name, times] : seen) CHECK(times == 1);
        // Roughly even: no shard of 200 holds more than twice its share.
        for (std::size_t k = 1; k <= n; ++k) CHECK(select_shard(targets, {k, n}).size() <= 2 * 200 / n + 1);
    }
}

TEST_CASE("reordering the list changes no shard assignment", "[fleet]") {
    auto targets = fleet(100);
    auto shuffled = targets;
    std::mt19937 rng(7);
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    for (std::size_t n = 1; n <= 8; ++n)
        for (std::size_t k = 1; k <= n; ++k) {
            std::vector<std::string> a, b;
            for (const auto& t : select_shard(targets, {k, n})) a.push_back(t.shown);
            for (const auto& t : select_shard(shuffled, {k, n})) b.push_back(t.shown);
            std::sort(a.begin(), a.end());
            std::sort(b.begin(), b.end());
            CHECK(a == b);
        }
}

TEST_CASE("the shard of a target ignores its password", "[fleet]") {
    auto env = [](const std::string&) { return std::optional<std::string>{}; };
    auto a = parse_targets("postgres://app:one@db/t\n", "t", env);
    auto b = parse_targets("postgres://app:two@db/t\n", "t", env);
    for (std::size_t n = 1; n <= 8; ++n) CHECK(shard_of(a[0].shown, n) == shard_of(b[0].shown, n));
}

TEST_CASE("--shard K/N is checked", "[fleet]") {
    CHECK(parse_shard("2/3").index == 2);
    CHECK(parse_shard("2/3").count == 3);
    CHECK(parse_shard("1/1").count == 1);
    for (const char* bad : {"0/3", "4/3", "1/0", "3", "a/b", "1/3x", "-1/3", "/3", "1/"})
        CHECK_THROWS_AS(parse_shard(bad), Error);
}
