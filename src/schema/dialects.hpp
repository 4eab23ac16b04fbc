#pragma once
// What the schema files, database URLs and commands know of each database:
// one entry per dialect, read by the URL parser, the TOML reader, the JSON
// Schema, `validate` and the password lookup. The behaviour (lowering,
// rendering, inspecting) is the Dialect in dialect/, made by make_dialect()
// from the same name. Adding a dialect: one entry here, one line in
// dialect/registry.cpp, and its folder (docs/architecture.md).
#include <string>
#include <string_view>
#include <vector>

namespace schemactl {

struct DialectInfo {
    std::string_view name;                      // Dialect::name(), the override key in the files, --dialect
    std::string_view title;                     // for people: "PostgreSQL"
    std::vector<std::string_view> url_schemes;  // accepted before ':' in --db; the first is the name
    bool file_database = false;                 // the URL names a file (sqlite:path), no server
    std::string_view password_variable;         // the client's own environment variable, "" if none
    // Keys of the table-level `[table.<name>]` override; `table_switches`:
    // they are true/false switches kept as "<name>.<key>" in Table::options
    // (so no other dialect reads them), else strings kept as "<key>".
    std::vector<std::string_view> table_keys;
    bool table_switches = false;
    std::string_view example_url;  // for messages, and `validate --dialect` (never connected)
    // The client library fills a URL without host from its own settings
    // (libpq: PGHOST, else the Unix socket): `postgres:///app` is allowed.
    bool client_default_host = false;
};

// Every dialect, in the order messages list them.
const std::vector<DialectInfo>& dialect_infos();
// By URL scheme ("postgresql" → postgres); nullptr when unknown.
const DialectInfo* find_dialect_by_scheme(std::string_view scheme);
// By name; throws Error listing the known names.
const DialectInfo& dialect_info(std::string_view name);
// "sqlite, postgres, mysql"
std::string dialect_names(std::string_view separator = ", ");

}  // namespace schemactl
