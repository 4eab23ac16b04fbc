#pragma once
// Which database engine is behind a connection, told from what the server
// says about itself, and whether schemactl may change its schema. Several
// distributed engines speak the PostgreSQL or MySQL protocol and accept a
// plain connection, but run DDL in ways the postgres and mysql dialects do
// not plan for (docs/distributed.md). Pure: the facts come from
// Driver::engine_facts().
#include <map>
#include <string>
#include <vector>

namespace schemactl {

// What a driver read from the server, in as few queries as it could.
struct EngineFacts {
    std::string dialect;  // Dialect::name(): "postgres" | "mysql" | "sqlite"
    std::string version;  // PostgreSQL: version(); MySQL: VERSION(); SQLite: the library version
    // The few extra facts detection needs (absent = not found):
    //   "extension.citus"          PostgreSQL: extversion when Citus is installed
    //   "function.aurora_version"  PostgreSQL: "yes" when aurora_version() exists
    //   "aurora_version"           PostgreSQL: what aurora_version() returned
    //   "version_comment"          MySQL: @@version_comment
    //   "variable.<name>"          MySQL: each global variable named aurora* or tidb*
    std::map<std::string, std::string> settings;
};

struct Engine {
    // "postgresql", "cockroachdb", "yugabytedb", "citus", "aurora-postgresql",
    // "redshift", "greenplum", "mariadb", "mysql", "tidb", "vitess",
    // "planetscale", "aurora-mysql", "sqlite"; "unknown" when the facts name
    // no dialect schemactl knows.
    std::string name;
    std::string title;    // for people: "CockroachDB 23.1.11", "MariaDB 10.11.6"
    std::string version;  // the product's own version where it says one, else what it reports
    bool supported = false;
    std::string why_not;  // one line: what schemactl cannot do safely there yet
};

// Pure: never fails; an engine it cannot tell apart from its protocol's
// reference server is that server (postgresql / mysql / mariadb).
Engine detect_engine(const EngineFacts& facts);

// Every name detect_engine() can return, for `--allow-engine` (a check on
// the option's values).
const std::vector<std::string>& engine_names();

// Returns when the engine is supported or its name is in `allowed` (the
// values of --allow-engine); else throws SafetyStop (exit 3) naming the
// engine, what is missing, docs/distributed.md and `--allow-engine <name>`.
void require_supported(const Engine& engine, const std::vector<std::string>& allowed);

}  // namespace schemactl
