#pragma once
#include "dialect/connection.hpp"
#include "schema/model.hpp"

namespace schemactl::sqlite {

Schema inspect_schema(Connection& conn, std::size_t max_identifier_length);

}  // namespace schemactl::sqlite
