#pragma once
// A JSON Schema (draft-07) of the TOML schema file format, written from the
// reader's own table of keys (toml/reader.hpp), for TOML editors that
// complete and check keys. Shipped as docs/schemactl.schema.json.
#include <map>
#include <string>
#include <vector>

namespace schemactl {

// Each object of the format ("file", "table", "column", ...) and the keys
// the schema gives it, in the reader's order.
std::map<std::string, std::vector<std::string>> json_schema_objects();

// The JSON Schema text (ends in a newline). Throws std::logic_error when
// the reader accepts a key this file gives no type: add it to json_schema.cpp.
std::string json_schema_text();

}  // namespace schemactl
