#pragma once
// TOML schema files → portable Schema. Every problem (syntax, unknown keys,
// wrong value types, missing keys) is collected with file:line:col, so the
// user sees all of them at once.
#include <string>
#include <string_view>
#include <vector>

#include "schema/diagnostic.hpp"
#include "schema/model.hpp"

namespace schemactl {

// Each path is a .toml file or a folder (all *.toml directly in it, sorted by name).
Schema read_schema_files(const std::vector<std::string>& paths, Diagnostics& out);
Schema read_schema_text(std::string_view toml_text, const std::string& file_name, Diagnostics& out);

// The keys the reader accepts at each level of a schema file; any other key
// is an error. The JSON Schema for editors (docs/schemactl.schema.json) is
// written from these.
struct SchemaFileKeys {
    std::vector<std::string_view> file, table, column, column_dialect, index, foreign_key, check;
    // The keys of each dialect's table-level override are its DialectInfo::table_keys.
};
const SchemaFileKeys& schema_file_keys();

}  // namespace schemactl
