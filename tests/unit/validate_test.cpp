// The catalogue of malformed schema files (tests/fixtures/bad): each is
// reported with the expected message at the expected line.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>

#include "dialect/dialect.hpp"
#include "schema/prepare.hpp"
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
            if (x.str().find(msg) != std::string::npos && x.pos.line == want_line && x.pos.file() == dir + file)
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

// Everything `validate --db <dialect>` runs on a file, offline.
static Diagnostics validate_for(const std::string& dialect, const Schema& s, Diagnostics d = {}) {
    auto dl = make_dialect(dialect);
    validate_schema(s, d, dl->max_identifier_length());
    dl->validate(s, d);
    return d;
}

TEST_CASE("dialect-specific malformed files are refused where that database would fail, and only there") {
    std::string dir = std::string(SCHEMACTL_SOURCE_DIR) + "/tests/fixtures/bad/dialect/";
    std::ifstream in(dir + "expected.txt");
    int n = 0;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> f;
        for (std::size_t at = 0;;) {
            auto bar = line.find(" | ", at);
            f.push_back(line.substr(at, bar == std::string::npos ? std::string::npos : bar - at));
            if (bar == std::string::npos) break;
            at = bar + 3;
        }
        REQUIRE(f.size() == 4);
        for (const char* dialect : {"sqlite", "postgres", "mysql"}) {
            bool refused_here = f[1].find(dialect) != std::string::npos;
            Diagnostics d;
            Schema s = read_schema_files({dir + f[0]}, d);
            d = validate_for(dialect, s, d);
            INFO(f[0] << " on " << dialect << ": want " << (refused_here ? "" : "no ") << f[2] << " at line " << f[3]);
            bool found = false;
            for (const auto& x : d) {
                INFO(x.str());
                if (x.str().find(f[2]) != std::string::npos && x.pos.line == std::stoi(f[3]) &&
                    x.pos.file() == dir + f[0])
                    found = true;
            }
            if (refused_here) CHECK(found);
            else CHECK(d.empty());
        }
        ++n;
    }
    CHECK(n >= 8);
}

TEST_CASE("any name a database stores is accepted: spaces, non-ASCII letters, mixed case, reserved words") {
    Diagnostics d;
    Schema s = read_schema_text(R"~(
[[table]]
name = "Order Items"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "Ünit Price"
  type = "decimal(10,2)"
  [[table.column]]
  name = "select"
  type = "varchar(20)"
  unique = true
  [[table.column]]
  name = "MixedCase"
  type = "int"
  [[table.index]]
  columns = ["Ünit Price", "MixedCase"]
[[table]]
name = "order items"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
)~",
                                "names.toml", d);
    INFO((d.empty() ? "" : d[0].str()));
    REQUIRE(d.empty());
    CHECK(validate_for("postgres", s).empty());
    CHECK(validate_for("mysql", s).empty());  // table names are exact on MySQL (lower_case_table_names = 0)
    auto lite = validate_for("sqlite", s);
    REQUIRE(lite.size() == 1);  // SQLite: `Order Items` and `order items` are one table
    CHECK(lite[0].str().find("names.toml:20:1") != std::string::npos);
    CHECK(
        lite[0].str().find("table 'order items' and table 'Order Items' (at names.toml:2:1) are one name to SQLite") !=
        std::string::npos);
}

TEST_CASE("names too long count as each database counts: PostgreSQL bytes, MySQL characters") {
    std::string u40;
    for (int i = 0; i < 40; ++i) u40 += "ü";  // 40 characters, 80 bytes
    auto file = [](const std::string& col) {
        return "[[table]]\nname = \"t\"\nprimary_key = [\"id\"]\n  [[table.column]]\n  name = \"id\"\n  type = "
               "\"int\"\n  [[table.column]]\n  name = \"" +
               col + "\"\n  type = \"int\"\n";
    };
    Diagnostics d;
    Schema s = read_schema_text(file(u40), "u.toml", d);
    REQUIRE(d.empty());
    CHECK(validate_for("mysql", s).empty());
    CHECK(validate_for("sqlite", s).empty());
    auto pg = validate_for("postgres", s);
    REQUIRE(pg.size() == 1);
    CHECK(pg[0].str().find("80 bytes long in UTF-8; PostgreSQL allows 63 bytes") != std::string::npos);
    std::string u65;
    for (int i = 0; i < 65; ++i) u65 += "é";
    s = read_schema_text(file(u65), "u.toml", d);
    auto my = validate_for("mysql", s);
    REQUIRE(my.size() == 1);
    CHECK(my[0].str().find("is 65 characters long; the database allows 64") != std::string::npos);
}

TEST_CASE("generated names stay within the limit and never cut a character in half") {
    std::string table;
    for (int i = 0; i < 30; ++i) table += "Ü";
    for (std::size_t max : {63u, 64u}) {
        for (std::size_t cut = 0; cut < 4; ++cut) {
            std::string n = generated_name("idx", table.substr(0, table.size() - cut), {"Ünit Price", "x"}, max);
            INFO(n);
            CHECK(n.size() <= max);
            CHECK(valid_utf8(n));
        }
    }
}

TEST_CASE("foreign key types: equal types and strings of any length pair, other differences are refused") {
    auto schema = [](const std::string& parent, const std::string& child) {
        return "[[table]]\nname = \"p\"\nprimary_key = [\"k\"]\n  [[table.column]]\n  name = \"k\"\n  type = \"" +
               parent +
               "\"\n[[table]]\nname = \"c\"\nprimary_key = [\"id\"]\n  [[table.column]]\n  name = \"id\"\n  type = "
               "\"int\"\n  [[table.column]]\n  name = \"r\"\n  type = \"" +
               child +
               "\"\n  [[table.foreign_key]]\n  columns = [\"r\"]\n  ref_table = \"p\"\n  ref_columns = [\"k\"]\n";
    };
    auto problems = [&](const std::string& parent, const std::string& child) {
        Diagnostics d;
        Schema s = read_schema_text(schema(parent, child), "fk.toml", d);
        validate_schema(s, d, 63);
        return d.size();
    };
    CHECK(problems("int", "int") == 0);
    CHECK(problems("int", "integer") == 0);
    CHECK(problems("varchar(20)", "varchar(64)") == 0);
    CHECK(problems("char(8)", "varchar(8)") == 0);
    CHECK(problems("decimal(10,2)", "decimal(10,2)") == 0);
    CHECK(problems("bigint", "int") == 1);
    CHECK(problems("int", "bigint") == 1);
    CHECK(problems("bigint", "varchar(20)") == 1);
    CHECK(problems("decimal(10,2)", "decimal(12,2)") == 1);
    CHECK(problems("uuid", "varchar(36)") == 1);
}

TEST_CASE("defaults outside the column's range are refused") {
    auto problems = [](const std::string& type, const std::string& def) {
        Diagnostics d;
        Schema s = read_schema_text("[[table]]\nname = \"t\"\n  [[table.column]]\n  name = \"v\"\n  type = \"" + type +
                                        "\"\n  default = " + def + "\n",
                                    "d.toml", d);
        validate_schema(s, d, 63);
        return d.size();
    };
    CHECK(problems("decimal(5,2)", "123.45") == 0);
    CHECK(problems("decimal(5,2)", "-999.99") == 0);
    CHECK(problems("decimal(5,2)", "12345.6") == 1);
    CHECK(problems("decimal(5,2)", "999.999") == 1);  // rounds to 1000.00
    CHECK(problems("decimal(3,3)", "0.5") == 0);
    CHECK(problems("smallint", "40000") == 1);
    CHECK(problems("int", "2147483648") == 1);
    CHECK(problems("bigint", "2147483648") == 0);
}

TEST_CASE("SQLite defaults: what SQLite evaluates is accepted, what fails at insert is refused") {
    auto problems = [](const std::string& type, const std::string& expr) {
        Diagnostics d;
        Schema s = read_schema_text("[[table]]\nname = \"t\"\n  [[table.column]]\n  name = \"v\"\n  type = \"" + type +
                                        "\"\n  default_expr = \"" + expr + "\"\n",
                                    "d.toml", d);
        return validate_for("sqlite", s, d).size();
    };
    CHECK(problems("timestamp", "CURRENT_TIMESTAMP") == 0);
    CHECK(problems("text", "datetime('now')") == 0);
    CHECK(problems("int", "1 + 2") == 0);
    CHECK(problems("timestamp", "now()") == 1);
    CHECK(problems("text", "gen_random_uuid()") == 1);
}

// Each distinct expression is prepared once: every column that has it is
// still named, and an override's expression is checked as SQLite gets it.
TEST_CASE("SQLite defaults: an expression in many tables is refused in each") {
    Diagnostics d;
    std::string text;
    for (const char* t : {"a", "b"})
        text += fmt::format(
            "[[table]]\nname = \"{}\"\n  [[table.column]]\n  name = \"at\"\n  type = \"timestamp\"\n"
            "  default_expr = \"now()\"\n",
            t);
    text +=
        "[[table]]\nname = \"c\"\n  [[table.column]]\n  name = \"at\"\n  type = \"timestamp\"\n"
        "  sqlite = { default_expr = \"now()\" }\n"
        "[[table]]\nname = \"ok\"\n  [[table.column]]\n  name = \"at\"\n  type = \"timestamp\"\n"
        "  default_expr = \"CURRENT_TIMESTAMP\"\n";
    Schema s = read_schema_text(text, "d.toml", d);
    REQUIRE(d.empty());
    std::vector<std::string> where;
    for (const auto& p : validate_for("sqlite", s, d)) where.push_back(p.where);
    CHECK(where == std::vector<std::string>{"a.at", "b.at", "c.at"});
}

TEST_CASE("'--' inside a string or a quoted name, and /* */ comments, are not line comments") {
    // A string's backslash escapes the next character (MariaDB's `'it\'s'`).
    Diagnostics d;
    Schema s = read_schema_text(R"~(
[[table]]
name = "t"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "s"
  type = "text"
  default_expr = "'--'"
  [[table.check]]
  expr = "s <> 'a--b' AND \"s\" <> '' /* not empty */"
  [[table.check]]
  # as MariaDB prints a quote in a string, which inspect writes as it is
  expr = "s <> 'it\\'s' AND s <> '--' AND [s] <> 'x'"
  [[table.index]]
  columns = ["s"]
  where = "s <> '--'"
)~",
                                "fine.toml", d);
    validate_schema(s, d, 63);
    INFO((d.empty() ? "" : d[0].str()));
    CHECK(d.empty());
}

// Past 500 tables the tables are checked on several threads, each range's
// problems kept apart: they must still come in the files' order, each once.
TEST_CASE("problems in many tables come in the files' order, each once") {
    std::string text;
    const std::vector<int> bad = {3, 499, 500, 777, 1199};
    for (int i = 0; i < 1200; ++i) {
        const bool broken = std::find(bad.begin(), bad.end(), i) != bad.end();
        text += fmt::format(
            "[[table]]\nname = \"t{}\"\nprimary_key = [\"id\"]\n  [[table.column]]\n  name = \"id\"\n  type = \"int\"\n"
            "  [[table.column]]\n  name = \"{}\"\n  type = \"int\"\n",
            i, broken ? "Id" : "v");
        if (broken) text += "  [[table.index]]\n  columns = [\"nope\"]\n";
    }
    Diagnostics d;
    Schema s = read_schema_text(text, "many.toml", d);
    REQUIRE(d.empty());
    REQUIRE(s.tables.size() == 1200);
    validate_schema(s, d, 63);
    validate_name_collisions(s, {NameCase::ascii, NameCase::ascii, NameCase::ascii}, 63, "SQLite", d);
    std::vector<std::string> where;
    for (const auto& x : d) where.push_back(x.where);
    // One unknown index column a broken table, from validate_schema first,
    // then one case-only column clash each, from the collision check.
    std::vector<std::string> want;
    for (int i : bad) want.push_back("t" + std::to_string(i));
    for (int i : bad) want.push_back("t" + std::to_string(i) + ".Id");
    INFO(fmt::format("{}", fmt::join(where, "\n")));
    REQUIRE(d.size() == want.size());
    for (std::size_t k = 0; k < want.size(); ++k) CHECK_THAT(where[k], Catch::StartsWith(want[k]));
}
