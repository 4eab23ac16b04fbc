// Reading a schema file table by table (toml/parts.hpp) means exactly what
// reading it whole means: the same tables, the same errors at the same
// lines, and a whole-file parse wherever a part cannot stand alone.
#include <fmt/format.h>
#include <catch2/catch.hpp>
#include <initializer_list>
#include <string>

#include "toml/parts.hpp"
#include "toml/reader.hpp"

using namespace schemactl;

namespace {

struct Seen {
    int heads = 0;
    std::vector<int> lines_before;
    bool ok = false;
};

Seen parse(std::string_view text) {
    Seen s;
    s.ok = parse_by_parts(text, "t.toml",
                          {"table",
                           [&](const toml::table&) {
                               ++s.heads;
                               return true;
                           },
                           [&](const toml::table&, int lines, std::size_t) { s.lines_before.push_back(lines); }});
    return s;
}

const char* kThree = R"(# shop tables
[[table]]
name = "a"
  [[table.column]]
  name = "id"
  type = "int"
[[table]]
name = "b"
  [[table.column]]
  name = "id"
  type = "int"
[[table]]
name = "c"
  [[table.column]]
  name = "id"
  type = "int"
)";

// Texts joined by append (GCC 12's -Warray-bounds misreads operator+ here).
std::string joined(std::initializer_list<std::string_view> parts) {
    std::string out;
    for (auto p : parts) out.append(p);
    return out;
}

// Where toml++ puts a syntax error when it parses the whole text at once.
int whole_text_error_line(const std::string& text) {
    try {
        (void)toml::parse(text);
    } catch (const toml::parse_error& e) {
        return static_cast<int>(e.source().begin.line);
    }
    return 0;
}

std::vector<std::string> names(const Schema& s) {
    std::vector<std::string> out;
    for (const auto& t : s.tables) out.push_back(t.name);
    return out;
}

}  // namespace

TEST_CASE("a file of tables is parsed one [[table]] at a time, lines counted") {
    Seen s = parse(kThree);
    CHECK(s.ok);
    CHECK(s.heads == 1);
    CHECK(s.lines_before == std::vector<int>{1, 6, 11});

    Seen from_top = parse(std::string_view(kThree).substr(std::string_view(kThree).find("[[table]]")));
    CHECK(from_top.ok);
    CHECK(from_top.lines_before == std::vector<int>{0, 5, 10});
}

TEST_CASE("an error in a later table is reported at its line in the file") {
    std::string text = kThree;
    text.replace(text.rfind("type = \"int\""), 12, "tpye = \"int\"");  // line 16, table c
    Diagnostics d;
    Schema s = read_schema_text(text, "t.toml", d);
    REQUIRE(d.size() >= 1);
    CHECK(d[0].pos.file() == "t.toml");
    CHECK(d[0].pos.line == 16);
    CHECK(d[0].str().find("unknown key 'tpye'") != std::string::npos);
    CHECK(names(s) == std::vector<std::string>{"a", "b", "c"});
    CHECK(s.tables[2].pos.line == 12);
    CHECK(s.tables[2].columns[0].pos.line == 14);
}

TEST_CASE("a syntax error in a later table keeps its line: the file is parsed whole") {
    std::string text = kThree;
    text.replace(text.rfind("name = \"c\""), 10, "name = \"c");  // unterminated, line 12
    CHECK_FALSE(parse(text).ok);
    Diagnostics d;
    read_schema_text(text, "t.toml", d);
    REQUIRE(d.size() == 1);
    CHECK(d[0].pos.line == whole_text_error_line(text));
    CHECK(d[0].pos.line >= 12);  // in the file, not in the third table's part
    CHECK(d[0].str().find("TOML syntax error") != std::string::npos);
}

TEST_CASE("a [[table]] line inside a multi-line string stays part of the string") {
    const char* text = R"([[table]]
name = "a"
comment = """
notes:
[[table]]
name = "not a table"
"""
  [[table.column]]
  name = "id"
  type = "int"
)";
    CHECK_FALSE(parse(text).ok);  // the first part ends inside the string
    Diagnostics d;
    Schema s = read_schema_text(text, "t.toml", d);
    CHECK(d.empty());
    REQUIRE(names(s) == std::vector<std::string>{"a"});
    CHECK(s.tables[0].comment == "notes:\n[[table]]\nname = \"not a table\"\n");
}

TEST_CASE("a top-level key after the tables is not lost to splitting") {
    std::string text = joined({kThree, "[settings]\nx = 1\n"});
    CHECK_FALSE(parse(text).ok);  // the last part defines more than [[table]]
    Diagnostics d;
    Schema s = read_schema_text(text, "t.toml", d);
    CHECK(names(s) == std::vector<std::string>{"a", "b", "c"});
    REQUIRE(d.size() == 1);
    CHECK(d[0].str().find("unknown key 'settings'") != std::string::npos);
    CHECK(d[0].pos.line == 17);
}

TEST_CASE("keys before the first table are checked like the rest of the file") {
    Diagnostics d;
    Schema s = read_schema_text(joined({"version = 2\n", kThree}), "t.toml", d);
    CHECK(names(s) == std::vector<std::string>{"a", "b", "c"});
    REQUIRE(d.size() == 1);
    CHECK(d[0].pos.line == 1);
    CHECK(d[0].str().find("unknown key 'version'") != std::string::npos);
}

TEST_CASE("'table' defined before the [[table]] entries is the whole-file error") {
    Diagnostics d;
    const std::string text = joined({"table = []\n", kThree});
    read_schema_text(text, "t.toml", d);
    REQUIRE(d.size() == 1);
    CHECK(d[0].str().find("TOML syntax error") != std::string::npos);
    CHECK(d[0].pos.line == whole_text_error_line(text));
    CHECK(d[0].pos.line >= 2);
}

namespace {

// n tables t0..t(n-1) of one column each, 5 lines a table.
std::string tables_text(int n) {
    std::string out;
    for (int i = 0; i < n; ++i)
        out += "[[table]]\nname = \"t" + std::to_string(i) +
               "\"\n  [[table.column]]\n  name = \"id\"\n  type = \"int\"\n";
    return out;
}

struct SlotSeen {
    std::vector<std::vector<int>> lines;  // per slot, the lines_before of its entries
    bool ok = false;
};

SlotSeen parse_in(std::string_view text, std::size_t slots, const std::string& throw_at = "") {
    SlotSeen s;
    s.lines.resize(slots);
    s.ok = parse_by_parts(text, "t.toml",
                          {"table", [](const toml::table&) { return true; },
                           [&](const toml::table& e, int lines, std::size_t slot) {
                               if (!throw_at.empty() && e["table"][0]["name"].value_or(std::string()) == throw_at)
                                   throw std::runtime_error("callback failed at " + throw_at);
                               s.lines[slot].push_back(lines);
                           },
                           slots});
    return s;
}

}  // namespace

TEST_CASE("tables read on several threads: each slot a run of tables in order, lines as on one") {
    const std::string text = tables_text(7);
    SlotSeen one = parse_in(text, 1), three = parse_in(text, 3);
    REQUIRE(one.ok);
    REQUIRE(three.ok);
    std::vector<int> joined_lines;
    for (const auto& l : three.lines) {
        CHECK(!l.empty());
        joined_lines.insert(joined_lines.end(), l.begin(), l.end());
    }
    CHECK(joined_lines == one.lines[0]);
    CHECK(joined_lines == std::vector<int>{0, 5, 10, 15, 20, 25, 30});
    // More slots than tables: one table a slot, the rest unused.
    SlotSeen many = parse_in(tables_text(2), 8);
    CHECK(many.ok);
}

TEST_CASE("tables read on several threads: the first failure in the text decides") {
    std::string text = tables_text(8);
    // A syntax error in t6 (the second slot of two) and a callback that throws at t1 (the first).
    text.replace(text.find("name = \"t6\""), 11, "name = \"t6");
    CHECK_THROWS_WITH(parse_in(text, 2, "t1"), "callback failed at t1");
    // The other way round: the syntax error comes first, so parsing by parts gives up.
    std::string other = tables_text(8);
    other.replace(other.find("name = \"t1\""), 11, "name = \"t1");
    CHECK_FALSE(parse_in(other, 2, "t6").ok);
}

TEST_CASE("a big file is read on several threads with the tables and errors of one") {
    // Over reading_slots()' threshold: 4,000 tables, about 290 KB.
    std::string text = tables_text(4000);
    text.replace(text.find("type = \"int\"", text.find("name = \"t3900\"")), 12, "tpye = \"int\"");
    text.replace(text.find("type = \"int\"", text.find("name = \"t10\"")), 12, "tpye = \"int\"");
    REQUIRE(text.size() > 256 * 1024);
    Diagnostics d;
    Schema s = read_schema_text(text, "big.toml", d);
    REQUIRE(s.tables.size() == 4000);
    for (int i = 0; i < 4000; i += 499) CHECK(s.tables[static_cast<std::size_t>(i)].name == "t" + std::to_string(i));
    CHECK(s.tables[3999].pos.line == 3999 * 5 + 1);
    CHECK(s.tables[3999].columns[0].pos.file() == "big.toml");
    // Each broken column: its unknown key and its missing type, in text order.
    std::vector<std::string> where;
    for (const auto& x : d) where.push_back(x.str());
    INFO(fmt::format("{}", fmt::join(where, "\n")));
    REQUIRE(d.size() == 4);
    CHECK(d[0].pos.line == 10 * 5 + 5);
    CHECK(d[0].str().find("unknown key 'tpye'") != std::string::npos);
    CHECK(d[1].pos.line <= d[2].pos.line);
    CHECK(d[2].pos.line == 3900 * 5 + 5);
    CHECK(d[2].str().find("unknown key 'tpye'") != std::string::npos);
}
