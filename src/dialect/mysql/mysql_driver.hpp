#pragma once
#include <memory>

#include "config/database_url.hpp"
#include "dialect/driver.hpp"

namespace schemactl::mysql {

std::unique_ptr<Driver> make_driver(const DatabaseUrl& url);

}  // namespace schemactl::mysql
