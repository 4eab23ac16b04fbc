#pragma once
// Objects inspect found but schemactl does not manage (Table::unmanaged):
// the steps that would lose or break them are blocked, naming them.
#include <string>
#include <vector>

#include "plan/plan.hpp"
#include "schema/model.hpp"

namespace schemactl {

// The objects of `live` that depend on its column `column` (an object that
// does not say which columns it uses depends on all of them).
std::vector<const Unmanaged*> pinned_by(const Table& live, const std::string& column);

// "trigger audit, view v_orders": for notes.
std::string describe_unmanaged(const std::vector<const Unmanaged*>& objects);

// Steps that drop and re-create `live` are blocked while it has unmanaged objects.
void block_rebuilds(std::vector<Step>& steps, const Table& live);

}  // namespace schemactl
