// Engine detection from what each server says about itself (version() /
// VERSION() as each product returns it, plus the few settings the drivers
// read), and the refusal of engines schemactl does not support yet.
#include <catch2/catch.hpp>

#include <algorithm>

#include "dialect/dialect.hpp"
#include "dialect/engine.hpp"
#include "dialect/flavour.hpp"
#include "schema/dialects.hpp"
#include "schema/error.hpp"

using namespace schemactl;

namespace {

Engine pg(const std::string& version, std::map<std::string, std::string> settings = {}) {
    return detect_engine({"postgres", version, std::move(settings)});
}
Engine my(const std::string& version, std::map<std::string, std::string> settings = {}) {
    return detect_engine({"mysql", version, std::move(settings)});
}

std::string refusal(const Engine& e, const std::vector<std::string>& allowed = {}) {
    try {
        require_supported(e, allowed);
    } catch (const SafetyStop& s) {
        return s.what();
    }
    return {};
}

}  // namespace

TEST_CASE("engine: PostgreSQL itself is supported", "[engine]") {
    auto e = pg(
        "PostgreSQL 15.5 (Debian 15.5-0+deb12u1) on x86_64-pc-linux-gnu, compiled by gcc (Debian "
        "12.2.0-14) 12.2.0, 64-bit",
        {});
    CHECK(e.name == "postgresql");
    CHECK(e.version == "15.5");
    CHECK(e.title == "PostgreSQL 15.5");
    CHECK(e.supported);
    CHECK(e.why_not.empty());
    CHECK(refusal(e).empty());
    // What SHOW server_version says, when that is all a driver has.
    CHECK(pg("16.1").name == "postgresql");
    CHECK(pg("PostgreSQL 17beta1 on aarch64-apple-darwin23.4.0, compiled by Apple clang, 64-bit").version == "17beta1");
}

TEST_CASE("engine: CockroachDB is named by version()", "[engine]") {
    auto e = pg("CockroachDB CCL v23.1.11 (x86_64-pc-linux-gnu, built 2023/09/27 01:53:43, go1.19.13)");
    CHECK(e.name == "cockroachdb");
    CHECK(e.version == "23.1.11");
    CHECK(e.title == "CockroachDB 23.1.11");
    CHECK_FALSE(e.supported);
    CHECK(pg("CockroachDB OSS v22.2.0 (aarch64-unknown-linux-gnu, built 2022/12/05 16:37:54, go1.19.1)").name ==
          "cockroachdb");
}

TEST_CASE("engine: YugabyteDB is named by the -YB- in version()", "[engine]") {
    auto e = pg(
        "PostgreSQL 11.2-YB-2.18.3.0-b0 on x86_64-pc-linux-gnu, compiled by clang version 15.0.3 "
        "(https://github.com/yugabyte/llvm-project.git 0b8d1183745fd3998d8beffeec8cbe99c1b20529), 64-bit");
    CHECK(e.name == "yugabytedb");
    CHECK(e.version == "2.18.3.0");
    CHECK(e.title == "YugabyteDB 2.18.3.0 (PostgreSQL 11.2)");
    CHECK_FALSE(e.supported);
    CHECK(pg("PostgreSQL 15.2-YB-2024.2.0.0-b0 on x86_64-pc-linux-gnu, compiled by clang version 17.0.6, 64-bit")
              .version == "2024.2.0.0");
}

TEST_CASE("engine: Citus is PostgreSQL with the citus extension", "[engine]") {
    std::string v =
        "PostgreSQL 16.1 (Debian 16.1-1.pgdg110+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian "
        "10.2.1-6) 10.2.1 20210110, 64-bit";
    auto e = pg(v, {{"extension.citus", "12.1-1"}});
    CHECK(e.name == "citus");
    CHECK(e.version == "12.1-1");
    CHECK(e.title == "Citus 12.1-1 on PostgreSQL 16.1");
    CHECK_FALSE(e.supported);
    // The same server without the extension is PostgreSQL.
    CHECK(pg(v).name == "postgresql");
}

TEST_CASE("engine: Aurora PostgreSQL is PostgreSQL with aurora_version()", "[engine]") {
    // Aurora's version() is community PostgreSQL's; the function tells.
    std::string v = "PostgreSQL 15.4 on x86_64-pc-linux-gnu, compiled by x86_64-pc-linux-gnu-gcc (GCC) 9.5.0, 64-bit";
    auto e = pg(v, {{"function.aurora_version", "yes"}, {"aurora_version", "15.4.1"}});
    CHECK(e.name == "aurora-postgresql");
    CHECK(e.version == "15.4.1");
    CHECK(e.title == "Aurora PostgreSQL 15.4.1 (PostgreSQL 15.4)");
    CHECK_FALSE(e.supported);
    CHECK_THAT(e.why_not, Catch::Contains("not verified"));
    // The function found, its value not read: still Aurora.
    CHECK(pg(v, {{"function.aurora_version", "yes"}}).name == "aurora-postgresql");
    CHECK(pg(v).name == "postgresql");
}

TEST_CASE("engine: Redshift and Greenplum are not taken for PostgreSQL", "[engine]") {
    auto r = pg(
        "PostgreSQL 8.0.2 on i686-pc-linux-gnu, compiled by GCC gcc (GCC) 3.4.2 20041017 (Red Hat "
        "3.4.2-6.fc3), Redshift 1.0.58693");
    CHECK(r.name == "redshift");
    CHECK(r.version == "1.0.58693");
    CHECK_FALSE(r.supported);
    auto g = pg(
        "PostgreSQL 12.12 (Greenplum Database 7.0.0 build commit:0a7a3566873325aca1789ae6f818c80f17a9402d) "
        "on x86_64-pc-linux-gnu, compiled by gcc (GCC) 8.5.0 20210514 (Red Hat 8.5.0-18), 64-bit");
    CHECK(g.name == "greenplum");
    CHECK(g.version == "7.0.0");
    CHECK_FALSE(g.supported);
}

TEST_CASE("engine: MariaDB is supported, MySQL 8 is not verified", "[engine]") {
    auto m = my("10.11.6-MariaDB-0+deb12u1", {{"version_comment", "Debian 12"}});
    CHECK(m.name == "mariadb");
    CHECK(m.version == "10.11.6");
    CHECK(m.title == "MariaDB 10.11.6");
    CHECK(m.supported);
    CHECK(my("11.4.2-MariaDB-ubu2404", {{"version_comment", "mariadb.org binary distribution"}}).name == "mariadb");
    CHECK(my("5.5.5-10.6.16-MariaDB-1:10.6.16+maria~ubu2004").version == "10.6.16");

    auto o = my("8.0.35", {{"version_comment", "MySQL Community Server - GPL"}});
    CHECK(o.name == "mysql");
    CHECK(o.version == "8.0.35");
    CHECK(o.title == "MySQL 8.0.35");
    CHECK_FALSE(o.supported);
    CHECK_THAT(o.why_not, Catch::Contains("MariaDB only"));
    CHECK(my("8.0.36-0ubuntu0.22.04.1", {{"version_comment", "(Ubuntu)"}}).version == "8.0.36");
    CHECK(my("5.7.44-log").name == "mysql");
}

TEST_CASE("engine: TiDB by VERSION(), @@version_comment or its variables", "[engine]") {
    auto e = my("8.0.11-TiDB-v7.5.0", {{"version_comment",
                                        "TiDB Server (Apache License 2.0) Community Edition, "
                                        "MySQL 8.0 compatible"}});
    CHECK(e.name == "tidb");
    CHECK(e.version == "7.5.0");
    CHECK(e.title == "TiDB 7.5.0 (MySQL 8.0.11)");
    CHECK_FALSE(e.supported);
    CHECK(my("5.7.25-TiDB-v6.5.0").version == "6.5.0");
    CHECK(my("5.7.28-TiDB-v7.1.0-serverless").version == "7.1.0");
    // server-version changed in TiDB's configuration: the variables tell.
    CHECK(my("8.0.11", {{"variable.tidb_enable_clustered_index", "ON"}}).name == "tidb");
}

TEST_CASE("engine: Vitess and PlanetScale by VERSION()", "[engine]") {
    auto v = my("8.0.30-Vitess");
    CHECK(v.name == "vitess");
    CHECK(v.title == "Vitess (MySQL 8.0.30)");
    CHECK_FALSE(v.supported);
    CHECK(my("5.7.9-Vitess").name == "vitess");
    auto p = my("8.0.23-PlanetScale");
    CHECK(p.name == "planetscale");
    CHECK_FALSE(p.supported);
}

TEST_CASE("engine: Aurora MySQL by its variables or the RDS engine version", "[engine]") {
    // VERSION() is plain MySQL's; @@aurora_version is Aurora's own.
    auto e = my("8.0.28", {{"version_comment", "Source distribution"},
                           {"variable.aurora_version", "3.04.0"},
                           {"variable.aurora_server_id", "db-1"}});
    CHECK(e.name == "aurora-mysql");
    CHECK(e.version == "3.04.0");
    CHECK(e.title == "Aurora MySQL 3.04.0 (MySQL 8.0.28)");
    CHECK_FALSE(e.supported);
    auto r = my("8.0.mysql_aurora.3.04.0");
    CHECK(r.name == "aurora-mysql");
    CHECK(r.version == "3.04.0");
    CHECK(r.title == "Aurora MySQL 3.04.0 (MySQL 8.0)");
    CHECK(my("5.7.12", {{"variable.aurora_version", "2.11.2"}}).version == "2.11.2");
}

TEST_CASE("engine: SQLite and an unknown dialect", "[engine]") {
    auto s = detect_engine({"sqlite", "3.40.1", {}});
    CHECK(s.name == "sqlite");
    CHECK(s.title == "SQLite 3.40.1");
    CHECK(s.supported);
    auto u = detect_engine({"", "3.40.1", {}});
    CHECK(u.name == "unknown");
    CHECK_FALSE(u.supported);
}

TEST_CASE("engine: every detected name is one --allow-engine accepts", "[engine]") {
    const auto& names = engine_names();
    for (const auto& e :
         {pg("PostgreSQL 15.5 on x"), pg("CockroachDB CCL v23.1.11 (x)"), pg("PostgreSQL 11.2-YB-2.18.3.0-b0 on x"),
          pg("PostgreSQL 16.1 on x", {{"extension.citus", "12.1-1"}}),
          pg("PostgreSQL 15.4 on x", {{"function.aurora_version", "yes"}}), my("10.11.6-MariaDB"), my("8.0.35"),
          my("8.0.11-TiDB-v7.5.0"), my("8.0.30-Vitess"), my("8.0.23-PlanetScale"), my("8.0.mysql_aurora.3.04.0"),
          detect_engine({"sqlite", "3.40.1", {}})}) {
        INFO(e.name);
        CHECK(std::find(names.begin(), names.end(), e.name) != names.end());
        CHECK((e.supported == e.why_not.empty()));
    }
}

TEST_CASE("engine: require_supported refuses naming the engine and --allow-engine", "[engine]") {
    for (const auto& e : {pg("CockroachDB CCL v23.1.11 (x86_64-pc-linux-gnu, built 2023/09/27 01:53:43, go1.19.13)"),
                          pg("PostgreSQL 11.2-YB-2.18.3.0-b0 on x86_64-pc-linux-gnu"),
                          pg("PostgreSQL 16.1 on x86_64-pc-linux-gnu", {{"extension.citus", "12.1-1"}}), my("8.0.35"),
                          my("8.0.11-TiDB-v7.5.0"), my("8.0.30-Vitess"), my("8.0.23-PlanetScale"),
                          my("8.0.28", {{"variable.aurora_version", "3.04.0"}})}) {
        INFO(e.name);
        REQUIRE_FALSE(e.supported);
        CHECK_THROWS_AS(require_supported(e, {}), SafetyStop);
        auto msg = refusal(e);
        CHECK_THAT(msg, Catch::Contains(e.title));
        CHECK_THAT(msg, Catch::Contains("'" + e.name + "'"));
        CHECK_THAT(msg, Catch::Contains(e.why_not));
        CHECK_THAT(msg, Catch::Contains("--allow-engine " + e.name));
        CHECK_THAT(msg, Catch::Contains("docs/distributed.md"));
        CHECK(msg.find('\n') == std::string::npos);
        // Allowed by name: no stop. Another engine's name does not count.
        CHECK_NOTHROW(require_supported(e, {"mariadb", e.name}));
        CHECK_THROWS_AS(require_supported(e, {"sqlite"}), SafetyStop);
    }
    CHECK_NOTHROW(require_supported(my("10.11.6-MariaDB-0+deb12u1"), {}));
    CHECK_NOTHROW(require_supported(detect_engine({"sqlite", "3.40.1", {}}), {}));
}

TEST_CASE("flavour: one entry per engine, of a known dialect, read by the dialect", "[engine][flavour]") {
    const auto& names = engine_names();
    REQUIRE(names.size() == flavours().size());
    for (std::size_t i = 0; i < names.size(); ++i) {
        const Flavour& f = flavours()[i];
        INFO(f.name);
        CHECK(names[i] == f.name);
        CHECK_NOTHROW(dialect_info(f.dialect));
        CHECK(&flavour_of(f.dialect, f.name) == &f);
    }
    // The reference engines are the supported ones.
    for (auto name : {"postgresql", "mariadb", "sqlite"}) CHECK(find_flavour(name)->why_not.empty());
    CHECK_FALSE(find_flavour("mysql")->why_not.empty());
    CHECK(find_flavour("nosuch") == nullptr);

    // The dialect keeps its transactions unless the engine's flavour drops them.
    auto pg = make_dialect("postgres");
    CHECK(pg->transactional_ddl());
    pg->use_flavour(flavour_of("postgres", "yugabytedb"));
    CHECK_FALSE(pg->transactional_ddl());
    pg->use_flavour(flavour_of("postgres", "postgresql"));
    CHECK(pg->transactional_ddl());
    auto my = make_dialect("mysql");
    my->use_flavour(flavour_of("mysql", "mariadb"));
    CHECK_FALSE(my->transactional_ddl());  // MySQL commits every DDL statement, whatever the flavour
    CHECK(find_flavour("mariadb")->mariadb_catalog);
    CHECK_FALSE(find_flavour("mysql")->mariadb_catalog);
}

TEST_CASE("flavour: a name of another dialect, or none, names the dialect's flavours", "[engine][flavour]") {
    for (std::string name : {"mariadb", "nosuch"}) {
        try {
            flavour_of("postgres", name);
            FAIL("no error for " + name);
        } catch (const Error& e) {
            CHECK_THAT(e.what(), Catch::Contains("flavour=" + name));
            CHECK_THAT(e.what(), Catch::Contains("postgresql, cockroachdb, yugabytedb, citus"));
            CHECK_THAT(e.what(), !Catch::Contains("mariadb,"));
        }
    }
}
