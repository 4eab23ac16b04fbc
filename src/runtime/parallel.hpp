#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

#include "runtime/heap.hpp"

namespace schemactl {

// How many threads a job of `count` items is worth: one below `per_thread`
// items (starting a thread costs more than it saves), else one a core, at
// most 4.
inline std::size_t threads_for(std::size_t count, std::size_t per_thread) {
    if (count < per_thread) return 1;
    return std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
}

// Calls f(from, to, k) for the k-th of `threads` consecutive ranges of
// [0, count): the first range on this thread, each other on a thread of its
// own, and returns when all are done. What a range throws is rethrown here,
// the earliest range's.
template <class F>
void in_ranges(std::size_t count, std::size_t threads, F&& f) {
    threads = std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(count, 1));
    std::vector<std::exception_ptr> thrown(threads);
    auto run = [&](std::size_t k) {
        try {
            f(count * k / threads, count * (k + 1) / threads, k);
        } catch (...) {
            thrown[k] = std::current_exception();
        }
    };
    {
        std::vector<std::jthread> others;
        others.reserve(threads - 1);
        for (std::size_t k = 1; k < threads; ++k)
            others.emplace_back([&run, k] {
                prepare_thread_heap();
                run(k);
            });
        run(0);
    }  // joined
    for (const auto& e : thrown)
        if (e) std::rethrow_exception(e);
}

}  // namespace schemactl
