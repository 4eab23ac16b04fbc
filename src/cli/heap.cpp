#include "cli/heap.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

namespace schemactl {

void prepare_heap() {
    // The heap grows in 64 MB steps of address space (a page is touched
    // only when used) instead of 128 KB ones: each step was a system call.
    // Like any mallopt() setting, it also fixes at 128 KB the size above
    // which a block gets its own mapping.
    constexpr std::uintptr_t pad = 64 << 20;
    mallopt(M_TOP_PAD, static_cast<int>(pad));
#if !defined(__SANITIZE_ADDRESS__)
    // A first page fault costs about 10 µs on a virtual machine, and a plan
    // of 1,000 tables touched 4,500 pages. Asking for huge pages in the
    // first step (the kernel's "madvise" mode of transparent huge pages)
    // makes that a few dozen faults. A block the initial heap cannot hold,
    // below the 128 KB threshold, makes the heap take that step now.
    void* block = std::malloc(120 << 10);
    const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
    const auto lo = (reinterpret_cast<std::uintptr_t>(block) + page - 1) & ~(page - 1);
    const auto hi = reinterpret_cast<std::uintptr_t>(sbrk(0));
    // Only where the block is in the heap just grown (not with another
    // allocator, nor when glibc could not grow it).
    if (block && hi > lo && hi - lo <= pad + (1 << 20)) madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_HUGEPAGE);
    std::free(block);
#endif
}

}  // namespace schemactl
