#pragma once
// The live schema as one file, for plans without the database:
// `inspect --snapshot FILE` writes it, `plan --from-snapshot FILE` reads it.
// It holds the canonical Schema exactly as the dialect's inspect() returned
// it (every field the diff, the planner and the renderers read), not the
// portable schema-file form: a plan against it is, byte for byte, the plan
// against the database (docs/decisions.md, "Snapshots hold the canonical
// schema"). Text <-> value here is pure; snapshot_file.hpp reads and writes files.
#include <string>
#include <string_view>

#include "schema/model.hpp"

namespace schemactl {

// Bumped when a reader of an older version could misread a newer file;
// a reader refuses versions it does not know.
inline constexpr int kSnapshotFormatVersion = 1;

struct Snapshot {
    int format_version = kSnapshotFormatVersion;
    std::string dialect;         // "sqlite" | "postgres" | "mysql"
    std::string server_version;  // for people: what the server said it was
    std::string database;        // the database it was taken from, password redacted
    Schema schema;               // canonical, as Dialect::inspect() returned it
};

std::string write_snapshot(const Snapshot& s);
// Throws Error "FILE:LINE:COL: ..." for bad TOML, an unknown key, a value of
// the wrong type, a missing [snapshot] table or an unknown format_version.
Snapshot read_snapshot(std::string_view text, const std::string& file_name);

}  // namespace schemactl
