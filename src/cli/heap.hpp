#pragma once

namespace schemactl {

// Sets up glibc's heap for a process that builds large models in small
// pieces; call first in main, before any thread starts.
void prepare_heap();

}  // namespace schemactl
