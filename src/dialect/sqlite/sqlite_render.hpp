#pragma once
#include <string>
#include <vector>

#include "diff/changes.hpp"
#include "plan/plan.hpp"

namespace schemactl::sqlite {

std::string create_table_sql(const Table& t, const std::string& name);
std::string create_index_sql(const std::string& table, const Index& ix);
std::vector<Step> render_change(const TableChange& tc);

}  // namespace schemactl::sqlite
