#include "dialect/engine.hpp"

#include <algorithm>
#include <string_view>

#include "dialect/flavour.hpp"
#include "schema/error.hpp"

namespace schemactl {

namespace {

bool has(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }

// The token that follows `marker` in `s`, up to the first of `stops` (or the end).
std::string after(std::string_view s, std::string_view marker, std::string_view stops = " ,()") {
    auto p = s.find(marker);
    if (p == std::string_view::npos) return {};
    s.remove_prefix(p + marker.size());
    return std::string(s.substr(0, s.find_first_of(stops)));
}

// "15.5 (Debian ...)" / "10.11.6-MariaDB-0+deb12u1" / "8.0.35" → the leading version.
std::string leading_version(std::string_view s) { return std::string(s.substr(0, s.find_first_of(" -,("))); }

std::string setting(const EngineFacts& f, const std::string& key) {
    auto it = f.settings.find(key);
    return it == f.settings.end() ? std::string() : it->second;
}

bool any_setting_starts_with(const EngineFacts& f, std::string_view prefix) {
    auto it = f.settings.lower_bound(std::string(prefix));
    return it != f.settings.end() && std::string_view(it->first).substr(0, prefix.size()) == prefix;
}

// Whether it is supported, and why not, is its flavour's to say.
Engine make(std::string name, std::string title, std::string version) {
    Engine e;
    e.name = std::move(name);
    e.title = std::move(title);
    e.version = std::move(version);
    const Flavour* f = find_flavour(e.name);
    e.why_not = f ? std::string(f->why_not) : "schemactl cannot tell which database engine this is";
    e.supported = e.why_not.empty();
    return e;
}

Engine detect_postgres(const EngineFacts& f) {
    const std::string& v = f.version;
    // version() of PostgreSQL and its derivatives: "PostgreSQL 15.5 (Debian ...) on ...".
    std::string pg = after(v, "PostgreSQL ");
    if (pg.empty()) pg = leading_version(v);  // SHOW server_version ("15.5") when that is all there is
    std::string pg_short = leading_version(pg);

    if (has(v, "CockroachDB")) {
        std::string ver = after(v, " v");
        return make("cockroachdb", "CockroachDB " + ver, ver);
    }
    if (has(v, "-YB-")) {
        std::string ver = after(v, "-YB-", " -,");
        return make("yugabytedb", "YugabyteDB " + ver + " (PostgreSQL " + pg_short + ")", ver);
    }
    if (has(v, "Redshift")) {
        std::string ver = after(v, "Redshift ");
        return make("redshift", "Amazon Redshift " + ver, ver);
    }
    if (has(v, "Greenplum Database")) {
        std::string ver = after(v, "Greenplum Database ");
        return make("greenplum", "Greenplum " + ver + " (PostgreSQL " + pg_short + ")", ver);
    }
    if (auto citus = setting(f, "extension.citus"); !citus.empty())
        return make("citus", "Citus " + citus + " on PostgreSQL " + pg_short, citus);
    if (!setting(f, "function.aurora_version").empty() || !setting(f, "aurora_version").empty()) {
        std::string ver = setting(f, "aurora_version");
        if (ver.empty()) ver = pg_short;
        return make("aurora-postgresql", "Aurora PostgreSQL " + ver + " (PostgreSQL " + pg_short + ")", ver);
    }
    return make("postgresql", "PostgreSQL " + pg_short, pg_short);
}

Engine detect_mysql(const EngineFacts& f) {
    std::string_view v = f.version;
    // Old MariaDB handshakes prefix "5.5.5-" so that MySQL 5 clients accept them.
    if (v.substr(0, 6) == "5.5.5-" && has(v, "MariaDB")) v.remove_prefix(6);
    std::string comment = setting(f, "version_comment");
    std::string compat = leading_version(v);  // the MySQL version it speaks for

    if (has(v, "MariaDB")) return make("mariadb", "MariaDB " + compat, compat);
    if (has(v, "TiDB") || has(comment, "TiDB") || any_setting_starts_with(f, "variable.tidb")) {
        std::string ver = after(v, "-TiDB-v", " -");
        if (ver.empty()) ver = compat;
        return make("tidb", "TiDB " + ver + " (MySQL " + compat + ")", ver);
    }
    if (has(v, "PlanetScale")) return make("planetscale", "PlanetScale (MySQL " + compat + ")", compat);
    if (has(v, "Vitess")) return make("vitess", "Vitess (MySQL " + compat + ")", compat);
    if (has(v, "mysql_aurora") || any_setting_starts_with(f, "variable.aurora")) {
        // VERSION() is the MySQL version ("8.0.28"); @@aurora_version the
        // Aurora one ("3.04.0"). RDS names the pair "8.0.mysql_aurora.3.04.0".
        std::string ver = setting(f, "variable.aurora_version");
        if (ver.empty()) ver = after(v, "mysql_aurora.", " -");
        if (has(v, ".mysql_aurora")) compat = std::string(v.substr(0, v.find(".mysql_aurora")));
        std::string title = "Aurora MySQL" + (ver.empty() ? std::string() : " " + ver) + " (MySQL " + compat + ")";
        return make("aurora-mysql", title, ver.empty() ? compat : ver);
    }
    return make("mysql", "MySQL " + compat, compat);
}

}  // namespace

Engine detect_engine(const EngineFacts& facts) {
    if (facts.dialect == "postgres") return detect_postgres(facts);
    if (facts.dialect == "mysql") return detect_mysql(facts);
    if (facts.dialect == "sqlite") return make("sqlite", "SQLite " + facts.version, facts.version);
    return make("unknown", "an unknown database" + (facts.version.empty() ? std::string() : " " + facts.version),
                facts.version);
}

const std::vector<std::string>& engine_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const auto& f : flavours()) out.emplace_back(f.name);
        return out;
    }();
    return names;
}

void require_supported(const Engine& engine, const std::vector<std::string>& allowed) {
    if (engine.supported) return;
    if (std::find(allowed.begin(), allowed.end(), engine.name) != allowed.end()) return;
    throw SafetyStop(engine.title + " is not supported by schemactl yet (engine '" + engine.name +
                     "'): " + engine.why_not + ". docs/distributed.md says what is missing; to go ahead anyway, at " +
                     "your own risk, pass --allow-engine " + engine.name);
}

}  // namespace schemactl
