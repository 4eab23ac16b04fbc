#pragma once
// Parses a TOML document written as a head followed by top-level [[KEY]]
// entries, one entry at a time.
//
// Why: toml++ 3.3 finds the array behind every [[a.b]] header by a linear
// search through every array of tables made so far, so a file of 5,000
// tables (75,000 such headers) took 1.0 s and a 93 MB document to parse,
// growing with the square of its size. Each entry parsed on its own is
// linear (0.2 s), and its document is freed as soon as it has been read.
//
// Parsing by parts must never change what a file means, so it gives up
// (returns false) whenever a part does not stand alone: a syntax error in
// any part (which is where a split inside a multi-line string ends up), or
// an entry's part defining anything besides KEY. The caller then parses the
// whole text at once, which also gives every error its usual position. The
// callbacks may already have run when it gives up: the caller keeps what
// they produce aside until this returns true.
//
// The entries may be parsed on several threads (TomlParts::slots): slot k
// takes the k-th run of consecutive entries, in order, so the caller's
// results kept per slot and joined in slot order follow the text. The
// outcome is the one a single thread would give: the first part in text
// order that fails decides (give up, or rethrow what its callback threw).
#include <cstddef>
#include <functional>
#include <string_view>

#include <toml++/toml.h>

namespace schemactl {

struct TomlParts {
    std::string_view key;  // the [[KEY]] that starts each entry
    // The document before the first entry (empty when the text starts with
    // one). Returns false when the head alone cannot be read as the reader
    // would read the whole text (parse_by_parts then gives up).
    std::function<bool(const toml::table& head)> head;
    // One entry: its root holds only KEY, an array of tables; lines_before is
    // how many lines of the text come before the part, to add to its positions.
    // Called for one slot at a time on that slot's thread.
    std::function<void(const toml::table& entry, int lines_before, std::size_t slot)> entry;
    // How many slots (threads) the caller keeps results for; 1: all on this thread.
    std::size_t slots = 1;
};

bool parse_by_parts(std::string_view text, const std::string& source, const TomlParts& parts);

}  // namespace schemactl
