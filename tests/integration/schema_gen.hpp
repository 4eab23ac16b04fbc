#pragma once
// A seeded random schema generator and a mutator that edits a schema the way
// people do, for the evolution test (tests/integration/evolution_test.cpp).
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "schema/model.hpp"

namespace schemactl::test {

// Which columns hold rows with values (evolution_test.cpp inserts them).
using HoldsRows = std::function<bool(const Table&, const Column&)>;

struct Mutation {
    std::string what;
    bool lossy = false;  // a type change that would change stored values: sync must refuse it
    std::string target;  // lossy: "table.column"
};

struct GenOptions {
    bool partial_indexes = true;  // false for MySQL
    bool desc_indexes = true;
};

class SchemaGen {
public:
    SchemaGen(unsigned seed, GenOptions opts) : rng_(seed), opts_(opts) {}
    Schema initial();
    // One edit; returns what it did ("add column t3.c7 varchar(40)").
    std::string mutate(Schema& s);
    // The same, and one step in eight a lossy type change of a column that
    // holds rows (lossy_retype), when one fits. `server`: PostgreSQL or
    // MariaDB; SQLite converts by type affinity only.
    Mutation mutate(Schema& s, const HoldsRows& holds, bool server);
    // A type change that would change a value the evolution test's rows hold
    // in a column of `holds` (issue 12): a fraction into an integer, text into
    // an integer; on a server also varchar(1) under two-character text, a
    // decimal scale below 1.25's, timestamp -> date under 10:00, integers 2
    // and 3 into boolean. "" when no column fits.
    Mutation lossy_retype(Schema& s, const HoldsRows& holds, bool server);

private:
    std::mt19937 rng_;
    GenOptions opts_;
    int next_table_ = 0, next_col_ = 0, next_check_ = 0;
    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
    bool chance(int percent) { return pick(100) < percent; }
    Column random_column(bool for_existing_table);
    Table random_table(const Schema& s);
    std::string add_reference(Table& t, const Table& parent, bool any_action);
    std::string add_column(Schema& s);
    std::string drop_column(Schema& s);
    std::string rename_column(Schema& s);
    std::string retype_column(Schema& s);
    std::string change_default(Schema& s);
    std::string toggle_nullable(Schema& s);
    std::string add_index(Schema& s);
    std::string drop_index(Schema& s);
    std::string add_foreign_key(Schema& s);
    std::string drop_foreign_key(Schema& s);
    std::string add_check(Schema& s);
    std::string drop_check(Schema& s);
    std::string add_table(Schema& s);
    std::string rename_table(Schema& s);
    std::string drop_table(Schema& s);
    std::string change_comment(Schema& s);
    std::string add_enum_value(Schema& s);
};

// Columns the mutator never touches: their values are checked after every step.
bool is_anchor(const std::string& column);

}  // namespace schemactl::test
