#pragma once
// One table's change as separate items a person can choose (interactive
// `s`tep through), what each item needs, and the TableChange limited to the
// chosen items, which the dialect then renders again. Renderers combine a
// table's changes differently (MariaDB: one ALTER; SQLite: a rebuild), so a
// subset is re-planned rather than picked from rendered steps. Pure.
#include <string>
#include <vector>

#include "diff/changes.hpp"
#include "plan/plan.hpp"

namespace schemactl {

struct ChangeItem {
    enum class Kind { whole, table_rename, column, primary_key, index, foreign_key, check, comment, options };
    Kind kind = Kind::whole;
    std::size_t at = 0;  // position in the TableChange's vector of that kind
    std::string summary;
    Safety safety = Safety::safe;
    std::vector<std::size_t> needs;  // items (positions in the list) this one cannot run without
};

// In asking order: an item comes after every item it needs. A created table
// is one `whole` item.
std::vector<ChangeItem> change_items(const TableChange& tc);

// Unchooses every chosen item whose needs are not all chosen, repeatedly;
// returns the items unchosen that way.
std::vector<std::size_t> drop_unmet(const std::vector<ChangeItem>& items, std::vector<bool>& chosen);

// `tc` with only the chosen items; `desired` keeps the live state of what was
// not chosen, so a rebuild does not apply it either.
TableChange only_items(const TableChange& tc, const std::vector<ChangeItem>& items, const std::vector<bool>& chosen);

// What of `ref` (another table's change) a foreign key needs: the item that
// creates or renames the table, adds or renames a referenced column, or adds
// the key or unique index it references. Positions in `ref_items`.
std::vector<std::size_t> items_needed_by(const ForeignKey& fk, const TableChange& ref,
                                         const std::vector<ChangeItem>& ref_items);

}  // namespace schemactl
