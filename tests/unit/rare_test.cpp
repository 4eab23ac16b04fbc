// Rare<T> (schema/rare.hpp) holds the model's seldom-set fields one pointer
// wide; it must still behave as the value it replaced: deep copies,
// comparison by value, an unset one reading as empty.
#include <fmt/format.h>
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "schema/model.hpp"
#include "schema/rare.hpp"

using namespace schemactl;

TEST_CASE("rare: unset reads as an empty value, and empty frees it", "[model]") {
    Rare<std::string> s;
    CHECK(s.empty());
    CHECK(s == "");
    CHECK(s->empty());
    s = "utf8mb4_bin";
    CHECK(!s.empty());
    CHECK(s == "utf8mb4_bin");
    CHECK("utf8mb4_bin" == s);
    CHECK(s != "x");
    CHECK(s.size() == 11);
    s = "";
    CHECK(s.empty());
    CHECK(s == Rare<std::string>());
    s = std::string("again");
    s.clear();
    CHECK(s.empty());
}

TEST_CASE("rare: copies are deep, moves leave the source empty", "[model]") {
    Rare<std::vector<std::string>> a = std::vector<std::string>{"new", "paid"};
    Rare<std::vector<std::string>> b = a;
    b.edit().push_back("sent");
    CHECK(a.size() == 2);
    CHECK(b.size() == 3);
    CHECK(b[2] == "sent");
    CHECK(a != b);
    Rare<std::vector<std::string>> c = std::move(b);
    CHECK(c.size() == 3);
    a = {"x"};
    CHECK(*a == std::vector<std::string>{"x"});
    a = c;
    CHECK(a == c);
    const auto& same = a;
    a = same;  // self-assignment keeps the value
    CHECK(a.size() == 3);
}

TEST_CASE("rare: reads as text where text is used", "[model]") {
    Rare<std::string> comment = "who 'paid'";
    CHECK("COMMENT " + comment == "COMMENT who 'paid'");
    CHECK(comment + "!" == "who 'paid'!");
    CHECK(fmt::format("[{}]", comment) == "[who 'paid']");
    std::string_view v = comment;
    CHECK(v == "who 'paid'");
    const std::string& r = comment;
    CHECK(r == "who 'paid'");
}

TEST_CASE("rare: a column with every seldom field set copies them all", "[model]") {
    Column c;
    c.name = "status";
    c.enum_values = {"a", "b"};
    c.comment = "state";
    c.on_update = "CURRENT_TIMESTAMP";
    c.collation = "C";
    c.generated = "a || b";
    c.renamed_from = "state";
    c.overrides.edit()["mysql"].type = "longtext";
    Column d = c;
    c.overrides.edit()["mysql"].type = "text";
    c.comment = "";
    CHECK(*d.overrides->at("mysql").type == "longtext");
    CHECK(d.comment == "state");
    CHECK(d.enum_values.size() == 2);
    CHECK(d.generated == "a || b");
    CHECK(d.on_update == "CURRENT_TIMESTAMP");
    CHECK(d.collation == "C");
    CHECK(d.renamed_from == "state");
    // Half the size of the plain-string layout: two models of 100,000 columns.
    CHECK(sizeof(Column) <= 200);
}
