#include <fmt/format.h>

#include "dialect/dialect.hpp"
#include "dialect/mysql/mysql_dialect.hpp"
#include "dialect/postgres/postgres_dialect.hpp"
#include "dialect/sqlite/sqlite_dialect.hpp"
#include "schema/dialects.hpp"
#include "schema/error.hpp"

namespace schemactl {

namespace {

// The one place a dialect's behaviour is tied to its name; everything else a
// dialect is known by is its DialectInfo (schema/dialects.cpp).
struct Factory {
    std::string_view name;
    std::unique_ptr<Dialect> (*make)();
};
constexpr Factory kFactories[] = {
    {"sqlite", make_sqlite_dialect},
    {"postgres", make_postgres_dialect},
    {"mysql", make_mysql_dialect},
};

}  // namespace

std::unique_ptr<Dialect> make_dialect(const std::string& name) {
    for (const auto& f : kFactories)
        if (f.name == name) return f.make();
    throw Error(fmt::format("no dialect named '{}': use one of {}", name, dialect_names()));
}

}  // namespace schemactl
