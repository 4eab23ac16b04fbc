#include "diff/changes.hpp"

namespace schemactl {

bool TableChange::empty() const {
    if (kind != Kind::alter) return false;
    return columns.empty() && !primary_key_changed && !comment_changed && !options_changed && indexes.empty() &&
           foreign_keys.empty() && checks.empty();
}

}  // namespace schemactl
