// Reading a schema file table by table (toml/parts.hpp) means exactly what
// reading it whole means: the same tables, the same errors at the same
// lines, and a whole-file parse wherever a part cannot stand alone.
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
                           [&](const toml::table&, int lines) { s.lines_before.push_back(lines); }});
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
