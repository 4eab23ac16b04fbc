#pragma once
// Which tables go in which batch when MariaDB's catalog is read in batches
// (mysql_inspect.cpp, table_batches). Pure: the server supplies the names
// and which of them are open.
#include <cstddef>
#include <string>
#include <unordered_set>
#include <vector>

namespace schemactl::mysql {

// `names` (every table, in name order) in as few batches of at most `most`
// as hold them, of even sizes. The tables in `open` (those the server holds
// open now) come first, in the first batches: read later, they would have
// been pushed out of the server's cache by the batches before them, and
// opened again. Otherwise, and within each batch, names keep their order.
std::vector<std::vector<std::string>> batch_tables(const std::vector<std::string>& names,
                                                   const std::unordered_set<std::string>& open, std::size_t most);

}  // namespace schemactl::mysql
