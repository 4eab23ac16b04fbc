// The catalogue of malformed schema files (tests/fixtures/bad): each is
// reported with the expected message at the expected line.
#include <catch2/catch.hpp>
#include <fstream>

#include "schema/validate.hpp"
#include "toml/reader.hpp"

using namespace schemactl;

TEST_CASE("every malformed file gets its error at file:line") {
    std::string dir = std::string(SCHEMACTL_SOURCE_DIR) + "/tests/fixtures/bad/";
    std::ifstream in(dir + "expected.txt");
    int n = 0;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        auto a = line.find(" | "), b = line.rfind(" | ");
        std::string file = line.substr(0, a), msg = line.substr(a + 3, b - a - 3);
        int want_line = std::stoi(line.substr(b + 3));
        Diagnostics d;
        Schema s = read_schema_files({dir + file}, d);
        validate_schema(s, d, 63);
        INFO(file << ": want line " << want_line << ": " << msg);
        bool found = false;
        for (const auto& x : d) {
            INFO(x.str());
            if (x.str().find(msg) != std::string::npos && x.pos.line == want_line && x.pos.file == dir + file)
                found = true;
        }
        CHECK(found);
        ++n;
    }
    CHECK(n >= 25);
}

TEST_CASE("all problems of a file are reported at once") {
    Diagnostics d;
    Schema s = read_schema_text(R"~(
[[table]]
name = "t"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
  nulable = true
  [[table.column]]
  name = "x"
  type = "strng"
  [[table.index]]
  columns = ["ghost"]
)~",
                                "three.toml", d);
    validate_schema(s, d, 63);
    REQUIRE(d.size() == 3);
    CHECK(d[0].str().find("three.toml:8:3") != std::string::npos);
    CHECK(d[0].str().find("did you mean 'nullable'") != std::string::npos);
    CHECK(d[1].str().find("unknown type 'strng'") != std::string::npos);
    CHECK(d[2].str().find("names column 'ghost'") != std::string::npos);
}

TEST_CASE("the shipped schemas read and validate without problems") {
    for (const char* sub : {"agent_context", "examples/automagik", "examples/berrys", "examples/maiar"}) {
        Diagnostics d;
        Schema s = read_schema_files({std::string(SCHEMACTL_SOURCE_DIR) + "/schemas/" + sub}, d);
        validate_schema(s, d, 63);
        INFO(sub << ": " << (d.empty() ? "" : d[0].str()));
        CHECK(d.empty());
        CHECK(s.tables.size() >= 2);
    }
}
