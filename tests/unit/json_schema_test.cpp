// docs/schemactl.schema.json agrees with the reader: it is what the program
// writes from the reader's table of keys (not a stale copy), every key it
// lists is one the reader accepts, and a key it does not list is one the
// reader refuses.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "cli/json_schema.hpp"
#include "toml/reader.hpp"

using namespace schemactl;

namespace {

// A file with `line` placed in the object `object`, everything else minimal.
std::string file_with(const std::string& object, const std::string& line) {
    std::string table = "[[table]]\nname = \"t\"\n", column = "[[table.column]]\nname = \"id\"\ntype = \"int\"\n";
    if (object == "file") return line + "\n" + table + column;
    if (object == "table") return table + line + "\n" + column;
    if (object == "column") return table + column + line + "\n";
    if (object == "column_dialect") return table + column + "[table.column.mysql]\n" + line + "\n";
    if (object == "index") return table + column + "[[table.index]]\ncolumns = [\"id\"]\n" + line + "\n";
    if (object == "foreign_key")
        return table + column +
               "[[table.foreign_key]]\ncolumns = [\"id\"]\nref_table = \"t\"\nref_columns = [\"id\"]\n" + line + "\n";
    if (object == "check") return table + column + "[[table.check]]\nexpr = \"id > 0\"\n" + line + "\n";
    if (object.rfind("table_", 0) == 0) return table + column + "[table." + object.substr(6) + "]\n" + line + "\n";
    FAIL("no sample file for the object " << object);
    return "";
}

// What the reader says about `key` in `object` (given the value 1).
std::string unknown_key_problem(const std::string& object, const std::string& key) {
    Diagnostics d;
    read_schema_text(file_with(object, key + " = 1"), "t.toml", d);
    for (const auto& p : d)
        if (p.message.find("unknown key '" + key + "'") != std::string::npos) return p.str();
    return "";
}

}  // namespace

TEST_CASE("docs/schemactl.schema.json is the one written from the reader's keys", "[json-schema]") {
    std::string path = SCHEMACTL_SOURCE_DIR;
    path += "/docs/schemactl.schema.json";  // (not a + b: GCC 12 warns falsely on that)
    std::ifstream in(path);
    REQUIRE(in);
    std::stringstream text;
    text << in.rdbuf();
    INFO("regenerate it: build/schemactl __json-schema > docs/schemactl.schema.json");
    CHECK(text.str() == json_schema_text());
}

TEST_CASE("the JSON Schema lists the keys the reader accepts, and only those", "[json-schema]") {
    auto objects = json_schema_objects();
    REQUIRE(objects.size() == 10);
    CHECK(objects.at("column").size() >= 15);
    std::size_t keys = 0;
    for (const auto& [object, names] : objects) {
        INFO(object);
        for (const auto& key : names) {
            // A key the sample already sets would be given twice (a TOML error).
            if (file_with(object, "").find("\n" + key + " = ") != std::string::npos ||
                (object == "file" && key == "table"))
                continue;
            INFO(key);
            CHECK(unknown_key_problem(object, key).empty());
            ++keys;
        }
        // Any other key is refused, so the schema's additionalProperties: false is right.
        CHECK_FALSE(unknown_key_problem(object, "colour").empty());
    }
    CHECK(keys >= 35);  // the samples leave most keys free to test
}
