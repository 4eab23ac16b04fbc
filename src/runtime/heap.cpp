#include "runtime/heap.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

namespace schemactl {

namespace {

// Whether prepare_heap() advised the main heap.
bool advised = false;

}  // namespace

void prepare_heap() {
    // The heap grows in 64 MB steps of address space (a page is touched
    // only when used) instead of 128 KB ones: each step was a system call.
    // A thread's heap (below) is made 64 MB whole at once by this setting
    // too. Blocks up to 32 MB (a batch's query result) come from these
    // advised heaps rather than a mapping of their own: mallopt() would
    // otherwise fix that size at 128 KB.
    constexpr std::uintptr_t pad = 64 << 20;
    mallopt(M_TOP_PAD, static_cast<int>(pad));
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
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
    if (block && hi > lo && hi - lo <= pad + (1 << 20)) {
        madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_HUGEPAGE);
        advised = true;
    }
    std::free(block);
#endif
}

void prepare_thread_heap() {
#if !defined(__SANITIZE_ADDRESS__)
    // glibc's heap for a thread's arena is one mapping of HEAP_MAX_SIZE
    // (64 MB on 64-bit), aligned to its size, and with the 64 MB top pad
    // set above it is readable and writable whole from the start: advising
    // it is what glibc's own glibc.malloc.hugetlb=1 does. A thread's first
    // block is in that mapping. At 5,000 tables a MariaDB plan took 11,700
    // page faults, most on the threads reading the files and the catalog
    // (docs/performance.md). Skipped when prepare_heap() did not advise
    // the main heap (another allocator, or no room to grow).
    constexpr std::uintptr_t heap_max = std::uintptr_t{64} << 20;
    if (!advised) return;
    void* block = std::malloc(1);
    const auto at = reinterpret_cast<std::uintptr_t>(block);
    // Below the program break: this thread shares the main arena.
    if (block && at >= reinterpret_cast<std::uintptr_t>(sbrk(0)))
        madvise(reinterpret_cast<void*>(at & ~(heap_max - 1)), heap_max, MADV_HUGEPAGE);
    std::free(block);
#endif
}

}  // namespace schemactl
