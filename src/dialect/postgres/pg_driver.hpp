#pragma once
#include <map>
#include <memory>
#include <string>

#include "config/database_url.hpp"
#include "dialect/driver.hpp"

namespace schemactl::pg {

// `domains`: where inspect() leaves the domains it found (name → base type),
// for the dialect's raise().
std::unique_ptr<Driver> make_driver(const DatabaseUrl& url, std::map<std::string, std::string>* domains);

}  // namespace schemactl::pg
