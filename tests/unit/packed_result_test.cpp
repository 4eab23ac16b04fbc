// A packed result (dialect/packed_result.hpp) reads back every cell as the
// client gave it: NULL apart from "", text with NUL bytes whole, and rows
// in order, through NamedResult as the catalog queries read it.
#include <array>
#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "dialect/packed_result.hpp"
#include "dialect/result_row.hpp"

using namespace schemactl;
using namespace std::string_literals;

namespace {

PackedResult three_rows() {
    PackedResult rs;
    rs.columns = {"name", "default"};
    rs.add("id");
    rs.add_null();
    rs.add("");
    rs.add("''");
    rs.add("a\0b"s);
    rs.add("42");
    return rs;
}

}  // namespace

TEST_CASE("packed result: NULL, empty text and NUL bytes read back as given", "[packed_result]") {
    const PackedResult rs = three_rows();
    REQUIRE(rs.rows() == 3);
    CHECK(rs.text(0, 0) == "id");
    CHECK(rs.null(0, 1));
    CHECK(rs.text(0, 1).empty());
    CHECK_FALSE(rs.null(1, 0));
    CHECK(rs.text(1, 0).empty());
    CHECK(rs.text(1, 1) == "''");
    CHECK(rs.text(2, 0) == "a\0b"s);
    CHECK(rs.text(2, 1) == "42");

    const ResultSet plain = rs.unpacked();
    CHECK(plain.columns == std::vector<std::string>{"name", "default"});
    CHECK(plain.rows == std::vector<Row>{{"id"s, std::nullopt}, {""s, "''"s}, {"a\0b"s, "42"s}});
}

TEST_CASE("packed result: no rows, and no columns", "[packed_result]") {
    PackedResult none;
    CHECK(none.rows() == 0);
    CHECK(none.unpacked().rows.empty());
    none.columns = {"x"};
    CHECK(none.rows() == 0);
}

TEST_CASE("packed result: NamedResult reads cells by name, numbers and NULLs", "[packed_result]") {
    NamedResult rows(three_rows());
    const auto [name, dflt] = rows.fields("name", "default");
    std::vector<std::optional<std::string>> defaults;
    for (NamedRow r : rows) defaults.push_back(r.cell(dflt));
    CHECK(defaults == std::vector<std::optional<std::string>>{std::nullopt, "''"s, "42"s});
    CHECK(rows.front()[name] == "id");
    CHECK(rows.front().null(dflt));
    long last = 0;
    for (NamedRow r : rows) last = r.number(dflt);
    CHECK(last == 42);
    CHECK_THROWS_WITH(rows.field("nope"), Catch::Contains("has no column \"nope\" (it has: name, default)"));
}

TEST_CASE("packed result: count_by counts the rows of each value, NULL as empty", "[packed_result]") {
    PackedResult rs;
    rs.columns = {"table_name"};
    for (const char* t : {"b", "a", "b", "b"}) rs.add(t);
    rs.add_null();
    NamedResult rows(std::move(rs));
    auto n = rows.count_by(rows.field("table_name"));
    CHECK(n.size() == 3);
    CHECK(n["a"] == 1);
    CHECK(n["b"] == 3);
    CHECK(n[""] == 1);
}

// The SQLite catalog reads take a pragma join's rows as they come and ask
// for the sorted query only when this says they are not grouped and ordered.
TEST_CASE("packed result: grouped_in_order checks groups together, order rising", "[packed_result]") {
    auto result = [](std::vector<std::pair<const char*, const char*>> rows) {
        PackedResult rs;
        rs.columns = {"table_name", "cid"};
        for (auto [t, cid] : rows) {
            rs.add(t);
            rs.add(cid);
        }
        return NamedResult(std::move(rs));
    };
    auto ordered = [](const NamedResult& rows) {
        return rows.grouped_in_order({rows.field("table_name")}, rows.field("cid"));
    };
    CHECK(ordered(result({})));
    CHECK(ordered(result({{"b", "0"}, {"b", "1"}, {"b", "2"}, {"a", "0"}, {"a", "1"}})));
    CHECK_FALSE(ordered(result({{"b", "0"}, {"b", "2"}, {"b", "1"}})));  // out of order in a group
    CHECK_FALSE(ordered(result({{"b", "0"}, {"a", "0"}, {"b", "1"}})));  // a group split in two
    CHECK_FALSE(ordered(result({{"a", "0"}, {"a", "0"}})));              // a position twice
    CHECK(ordered(result({{"a", "3"}, {"ab", "0"}})));
    // Two fields whose values join alike: ("a\x1fb", "c") and ("a", "b\x1fc")
    // read as one group, so the check fails and the sorted query is asked
    // for; never a wrong model.
    PackedResult rs;
    rs.columns = {"t", "i", "seq"};
    for (const char* cell : {"a\x1f"
                             "b",
                             "c", "0", "a",
                             "b\x1f"
                             "c",
                             "0"})
        rs.add(cell);
    NamedResult two(std::move(rs));
    CHECK_FALSE(two.grouped_in_order({two.field("t"), two.field("i")}, two.field("seq")));
}

// The column reads sort their rows here, not with ORDER BY: each table's
// rows together, by position as a number ("10" after "9"), whatever order
// they came in; the tables in the order they first appear.
TEST_CASE("packed result: sorted_by groups rows, then orders them by position, as numbers", "[packed_result]") {
    PackedResult rs;
    rs.columns = {"table_oid", "attnum", "name"};
    for (auto [oid, n, name] : std::vector<std::array<const char*, 3>>{
             {"16390", "2", "b2"}, {"9", "10", "a10"}, {"16390", "1", "b1"}, {"9", "9", "a9"}, {"9", "1", "a1"}}) {
        rs.add(oid);
        rs.add(n);
        rs.add(name);
    }
    NamedResult rows(std::move(rs));
    const auto [oid, attnum, name] = rows.fields("table_oid", "attnum", "name");
    std::vector<std::string> names;
    for (NamedRow r : rows.sorted_by(oid, attnum)) names.push_back(r[name]);
    CHECK(names == std::vector<std::string>{"b1", "b2", "a1", "a9", "a10"});
    CHECK(NamedResult(PackedResult{}).sorted_by({0}, {0}).empty());

    // Groups by name (MariaDB's TABLE_NAME), compared exactly: T and t are two tables.
    PackedResult by_name;
    by_name.columns = {"table_name", "ordinal_position"};
    for (auto [t, n] : std::vector<std::array<const char*, 2>>{{"t", "2"}, {"T", "1"}, {"t", "1"}, {"T", "3"}}) {
        by_name.add(t);
        by_name.add(n);
    }
    NamedResult named(std::move(by_name));
    const auto [table, position] = named.fields("table_name", "ordinal_position");
    std::vector<std::string> order;
    for (NamedRow r : named.sorted_by(table, position)) order.push_back(r[table] + r[position]);
    CHECK(order == std::vector<std::string>{"t1", "t2", "T1", "T3"});
}
