#pragma once
// --shard K/N: a deterministic share of the targets for one of N workers.
// A target's shard is a hash of its identity (the URL with the password
// masked), not its position: every target is in exactly one shard, and
// reordering or growing the list moves no other target. Pure.
#include <cstddef>
#include <string>
#include <vector>

#include "fleet/targets.hpp"

namespace schemactl {

struct Shard {
    std::size_t index = 1;  // K, 1-based
    std::size_t count = 1;  // N
};

// "K/N" with 1 <= K <= N; anything else is an Error saying so.
Shard parse_shard(const std::string& text);

// The shard (1..count) a target identity belongs to.
std::size_t shard_of(const std::string& identity, std::size_t count);

// The targets of shard K/N, in list order.
std::vector<Target> select_shard(const std::vector<Target>& targets, const Shard& shard);

}  // namespace schemactl
