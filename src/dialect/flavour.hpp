#pragma once
// Flavours: the database engines that speak one dialect's protocol and SQL,
// each with the few ways schemactl must treat it differently. One entry per
// engine in flavour.cpp is all a new engine needs: detect_engine() names it,
// and the dialect and its driver read the entry's overrides, never the
// engine's name (docs/distributed.md, docs/architecture.md).
#include <string>
#include <string_view>
#include <vector>

namespace schemactl {

struct Flavour {
    std::string_view name;     // detect_engine()'s name; --allow-engine and the URL's flavour= take it
    std::string_view dialect;  // Dialect::name() of the SQL and protocol it speaks
    std::string_view why_not;  // empty: supported (tested against that server); else what is missing, one line
    // What it overrides of its dialect:
    bool advisory_lock = true;      // the run lock (pg_advisory_lock, GET_LOCK) keeps two runs apart there
    bool transactional_ddl = true;  // a plan may run in one transaction (where the dialect can at all)
    bool mariadb_catalog = false;   // mysql: MariaDB's information_schema and spellings, not MySQL 8's
};

// Every flavour, the reference engine of each dialect first.
const std::vector<Flavour>& flavours();
// By name; nullptr when unknown.
const Flavour* find_flavour(std::string_view name);
// By name, for a connection to a `dialect` database: an Error naming the
// flavours of that dialect when the name is unknown or of another dialect.
const Flavour& flavour_of(std::string_view dialect, std::string_view name);

}  // namespace schemactl
