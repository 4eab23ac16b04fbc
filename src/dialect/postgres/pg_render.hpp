#pragma once
#include <string>
#include <vector>

#include "dialect/dialect.hpp"

namespace schemactl::pg {

std::vector<Step> render_change(const TableChange& tc, const PlanOptions& opts);
std::vector<std::string> drop_table(const Table& t);

}  // namespace schemactl::pg
