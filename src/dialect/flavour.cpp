#include "dialect/flavour.hpp"

#include <fmt/format.h>

#include "schema/error.hpp"

namespace schemactl {

namespace {

// The one-line reasons, the short form of each engine's section in
// docs/distributed.md.
constexpr std::string_view kWhyCockroach =
    "its schema changes run as background jobs that a failed transaction does not undo, its "
    "pg_advisory_lock locks nothing (so two runs are not kept apart), and its catalog differs from "
    "PostgreSQL's";
constexpr std::string_view kWhyYugabyte =
    "each DDL statement commits on its own (a failure in the middle of a plan leaves it half "
    "applied), advisory locks are missing or off by default, and its catalog and index methods differ";
constexpr std::string_view kWhyCitus =
    "its tables may be distributed over worker nodes: schemactl does not know which are, does not "
    "distribute the tables it creates, and cannot change a distribution column";
constexpr std::string_view kWhyAuroraPg =
    "not verified: no Aurora cluster is in the test suite (the PostgreSQL dialect is expected to work "
    "unchanged)";
constexpr std::string_view kWhyRedshift =
    "it is a PostgreSQL 8.0 fork with its own types, no foreign key enforcement and DDL rules the "
    "PostgreSQL dialect does not know";
constexpr std::string_view kWhyGreenplum =
    "it is a distributed PostgreSQL fork (distribution keys, old catalog versions) the PostgreSQL "
    "dialect does not know";
constexpr std::string_view kWhyMysql =
    "not verified: the mysql dialect is tested on MariaDB only (Debian 12 has no MySQL 8 server), and "
    "MySQL 8 reports defaults, CHECKs and JSON in its own way";
constexpr std::string_view kWhyTidb =
    "its DDL is online and one change at a time on older releases, foreign keys and CHECKs are not "
    "enforced on many versions, and what inspect reads back has not been checked";
constexpr std::string_view kWhyVitess =
    "DDL through vtgate is applied to every shard, possibly as an online migration that ends after "
    "the statement returns, and GET_LOCK and foreign keys depend on its configuration";
constexpr std::string_view kWhyPlanetScale =
    "schema changes to a production branch go through deploy requests (direct DDL is refused with "
    "safe migrations on), on top of Vitess's online DDL";
constexpr std::string_view kWhyAuroraMysql =
    "not verified: Aurora MySQL is MySQL compatible and the mysql dialect is tested on MariaDB only";

// The overrides are what docs/distributed.md found for each engine; an
// engine not supported yet keeps them so that allowing it (--allow-engine)
// runs it the safest way known.
const std::vector<Flavour> kFlavours = {
    // name, dialect, why_not, advisory_lock, transactional_ddl, mariadb_catalog
    {"postgresql", "postgres", "", true, true, false},
    {"cockroachdb", "postgres", kWhyCockroach, false, false, false},
    {"yugabytedb", "postgres", kWhyYugabyte, false, false, false},
    {"citus", "postgres", kWhyCitus, true, true, false},
    {"aurora-postgresql", "postgres", kWhyAuroraPg, true, true, false},
    {"redshift", "postgres", kWhyRedshift, false, false, false},
    {"greenplum", "postgres", kWhyGreenplum, true, true, false},
    {"mariadb", "mysql", "", true, true, true},
    {"mysql", "mysql", kWhyMysql, true, true, false},
    {"tidb", "mysql", kWhyTidb, true, true, false},
    {"vitess", "mysql", kWhyVitess, false, false, false},
    {"planetscale", "mysql", kWhyPlanetScale, false, false, false},
    {"aurora-mysql", "mysql", kWhyAuroraMysql, true, true, false},
    {"sqlite", "sqlite", "", true, true, false},
};

}  // namespace

const std::vector<Flavour>& flavours() { return kFlavours; }

const Flavour* find_flavour(std::string_view name) {
    for (const auto& f : kFlavours)
        if (f.name == name) return &f;
    return nullptr;
}

const Flavour& flavour_of(std::string_view dialect, std::string_view name) {
    const Flavour* f = find_flavour(name);
    if (f && f->dialect == dialect) return *f;
    std::vector<std::string_view> names;
    for (const auto& x : kFlavours)
        if (x.dialect == dialect) names.push_back(x.name);
    throw Error(fmt::format("flavour={}: {} flavour of that name; use one of {}", name,
                            f ? "not a " + std::string(dialect) : "no " + std::string(dialect),
                            fmt::join(names, ", ")));
}

}  // namespace schemactl
