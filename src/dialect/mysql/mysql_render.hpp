#pragma once
#include <string>
#include <vector>

#include "dialect/dialect.hpp"

namespace schemactl::mysql {

std::vector<Step> render_change(const TableChange& tc, const PlanOptions& opts);

}  // namespace schemactl::mysql
