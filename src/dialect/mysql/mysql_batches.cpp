#include "dialect/mysql/mysql_batches.hpp"

#include <algorithm>

namespace schemactl::mysql {

std::vector<std::vector<std::string>> batch_tables(const std::vector<std::string>& names,
                                                   const std::unordered_set<std::string>& open, std::size_t most) {
    if (names.empty() || most == 0) return {};
    std::vector<const std::string*> order;
    order.reserve(names.size());
    for (const auto& n : names) order.push_back(&n);
    std::stable_partition(order.begin(), order.end(), [&](const std::string* n) { return open.count(*n) > 0; });
    const std::size_t count = (names.size() + most - 1) / most;
    const std::size_t size = (names.size() + count - 1) / count;
    std::vector<std::vector<std::string>> out;
    for (std::size_t from = 0; from < order.size(); from += size) {
        std::vector<std::string>& batch = out.emplace_back();
        for (std::size_t k = from; k < std::min(from + size, order.size()); ++k) batch.push_back(*order[k]);
    }
    return out;
}

}  // namespace schemactl::mysql
