#pragma once

namespace schemactl {

// Sets up glibc's heap for a process that builds large models in small
// pieces; call first in main, before any thread starts.
void prepare_heap();

// The same for a thread's own heap (glibc gives each thread an arena of
// its own); call first on every thread schemactl starts.
void prepare_thread_heap();

}  // namespace schemactl
