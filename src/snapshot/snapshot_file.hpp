#pragma once
// Snapshot files on disk (see snapshot.hpp for what they hold).
#include <string>

#include "snapshot/snapshot.hpp"

namespace schemactl {

// Throws Error naming the file when it cannot be read or is not a snapshot.
Snapshot load_snapshot(const std::string& path);
// Writes through a temporary file in the same folder, so a failed or
// interrupted write never leaves half a snapshot under the name.
void save_snapshot(const std::string& path, const Snapshot& s);

}  // namespace schemactl
