#pragma once
#include <cstddef>
#include <memory>
#include <string>

#include "dialect/driver.hpp"

namespace schemactl::sqlite {

std::unique_ptr<Driver> make_driver(const std::string& path, bool create_if_missing, std::size_t max_identifier_length);

}  // namespace schemactl::sqlite
