// Which tables MariaDB's catalog read puts in which batch: every table
// once, batches of even size, the tables the server holds open first.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <unordered_set>
#include <vector>

#include "dialect/mysql/mysql_batches.hpp"

using schemactl::mysql::batch_tables;

namespace {

std::vector<std::string> names(int n) {
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) out.push_back("t" + std::to_string(1000 + i));  // in name order
    return out;
}

std::vector<std::string> joined(const std::vector<std::vector<std::string>>& batches) {
    std::vector<std::string> all;
    for (const auto& b : batches) all.insert(all.end(), b.begin(), b.end());
    return all;
}

}  // namespace

TEST_CASE("mysql batches: nothing open, the names in order, in even batches") {
    const auto all = names(1001);
    const auto batches = batch_tables(all, {}, 500);
    REQUIRE(batches.size() == 3);
    CHECK(batches[0].size() == 334);
    CHECK(batches[1].size() == 334);
    CHECK(batches[2].size() == 333);
    CHECK(joined(batches) == all);
}

TEST_CASE("mysql batches: the open tables first, each part in name order, every table once") {
    const auto all = names(1200);
    // What a read before left open: its last tables, and a few the
    // applications use, scattered.
    std::unordered_set<std::string> open;
    for (int i = 700; i < 1200; ++i) open.insert(all[i]);
    for (int i : {3, 250, 499}) open.insert(all[i]);
    open.insert("dropped_since");  // open but no longer listed: ignored
    const auto batches = batch_tables(all, open, 400);
    REQUIRE(batches.size() == 3);
    const auto got = joined(batches);
    REQUIRE(got.size() == all.size());
    // The 503 open tables fill the first batch and start the second.
    for (std::size_t k = 0; k < 503; ++k) CHECK(open.count(got[k]) == 1);
    for (std::size_t k = 503; k < got.size(); ++k) CHECK(open.count(got[k]) == 0);
    CHECK(std::is_sorted(got.begin(), got.begin() + 503));
    CHECK(std::is_sorted(got.begin() + 503, got.end()));
    auto sorted = got;
    std::sort(sorted.begin(), sorted.end());
    CHECK(sorted == all);  // each exactly once
}

TEST_CASE("mysql batches: no names, no batches") {
    CHECK(batch_tables({}, {}, 500).empty());
    CHECK(batch_tables(names(3), {}, 0).empty());
}
