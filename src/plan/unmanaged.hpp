#pragma once
// Objects inspect found but schemactl does not manage (Table::unmanaged):
// the steps that would lose or break them are blocked, naming them.
#include <string>
#include <vector>

#include "plan/plan.hpp"
#include "schema/model.hpp"

namespace schemactl {

// The objects of `live` that depend on its column `column` by name (a grant
// or a table option depends on none; only a rebuild or recreate loses it).
std::vector<const Unmanaged*> pinned_by(const Table& live, const std::string& column);

// "trigger audit, view v_orders": for notes.
std::string describe_unmanaged(const std::vector<const Unmanaged*>& objects);

// Steps that drop and re-create `live` are blocked while it has unmanaged
// objects a rebuild would lose.
void block_rebuilds(std::vector<Step>& steps, const Table& live);

}  // namespace schemactl
