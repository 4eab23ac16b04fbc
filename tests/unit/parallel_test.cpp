// runtime/in_ranges: how schemactl splits a list over threads.
#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <vector>

#include "runtime/parallel.hpp"

using namespace schemactl;

TEST_CASE("in_ranges visits each item once, in consecutive ranges, whatever the thread count") {
    for (std::size_t threads : {1, 2, 3, 4, 9}) {
        std::vector<int> seen(10, 0);
        std::vector<std::pair<std::size_t, std::size_t>> ranges(threads);
        in_ranges(seen.size(), threads, [&](std::size_t from, std::size_t to, std::size_t k) {
            ranges[k] = {from, to};
            for (std::size_t i = from; i < to; ++i) ++seen[i];
        });
        CHECK(seen == std::vector<int>(10, 1));
        // More threads than items: each item is one range, the rest unused.
        const std::size_t used = std::min<std::size_t>(threads, seen.size());
        CHECK(ranges.front().first == 0);
        CHECK(ranges[used - 1].second == seen.size());
        for (std::size_t k = 1; k < used; ++k) CHECK(ranges[k].first == ranges[k - 1].second);
    }
}

TEST_CASE("in_ranges rethrows the earliest range's exception once all have ended") {
    std::atomic<int> ended{0};
    auto run = [&] {
        in_ranges(8, 4, [&](std::size_t from, std::size_t, std::size_t k) {
            ++ended;
            if (k >= 1) throw std::runtime_error("range from " + std::to_string(from));
        });
    };
    CHECK_THROWS_WITH(run(), "range from 2");
    CHECK(ended == 4);
}

TEST_CASE("threads_for keeps a small job on one thread") {
    CHECK(threads_for(499, 500) == 1);
    CHECK(threads_for(0, 500) == 1);
    CHECK(threads_for(5000, 500) >= 1);
    CHECK(threads_for(5000, 500) <= 4);
}
