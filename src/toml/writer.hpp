#pragma once
// Portable Schema → TOML text in the schema-file format (for `inspect`).
// read_schema_text(write_schema_toml(s)) gives s back.
#include <string>

#include "schema/model.hpp"

namespace schemactl {

std::string write_schema_toml(const Schema& portable);

}  // namespace schemactl
