#include "schema/dialects.hpp"

#include <fmt/format.h>

#include "schema/error.hpp"

namespace schemactl {

const std::vector<DialectInfo>& dialect_infos() {
    static const std::vector<DialectInfo> all{
        {"sqlite", "SQLite", {"sqlite", "sqlite3"}, true, "", {"strict", "without_rowid"}, true, "sqlite::memory:"},
        {"postgres",
         "PostgreSQL",
         {"postgres", "postgresql"},
         false,
         "PGPASSWORD",
         {},
         false,
         "postgres://user@host/db",
         true},
        {"mysql",
         "MySQL / MariaDB",
         {"mysql", "mariadb"},
         false,
         "MYSQL_PWD",
         {"engine", "charset", "collation"},
         false,
         "mysql://user@host/db"},
    };
    return all;
}

const DialectInfo* find_dialect_by_scheme(std::string_view scheme) {
    for (const auto& d : dialect_infos())
        for (auto s : d.url_schemes)
            if (s == scheme) return &d;
    return nullptr;
}

std::string dialect_names(std::string_view separator) {
    std::vector<std::string_view> names;
    for (const auto& d : dialect_infos()) names.push_back(d.name);
    return fmt::format("{}", fmt::join(names, separator));
}

const DialectInfo& dialect_info(std::string_view name) {
    for (const auto& d : dialect_infos())
        if (d.name == name) return d;
    throw Error(fmt::format("no dialect named '{}': use one of {}", name, dialect_names()));
}

}  // namespace schemactl
