#pragma once
// Membership in a short list of names (a key's columns, the tables asked
// for): a linear search, which beats a set at these sizes.
#include <algorithm>
#include <string>
#include <vector>

namespace schemactl {

inline bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace schemactl
