#pragma once
// The SQL `recreate` needs on PostgreSQL: a backup that owns no enum type,
// casts that fail instead of truncating, identity sequences moved on.
#include <string>
#include <vector>

#include "schema/model.hpp"

namespace schemactl::pg {

std::string backup_table(const Table& live, const std::string& backup);
std::string restore_value(const Column& from, const Column& to, const std::string& quoted);
std::vector<std::string> reset_identity(const Table& t);

}  // namespace schemactl::pg
