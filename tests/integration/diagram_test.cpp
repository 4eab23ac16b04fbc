// schemactl diagram end to end: Graphviz draws the DOT of every shipped
// schema and of every adoption fixture (loaded with the database's own
// client), the live database gives the same picture as the files it was
// made from, hostile names survive, and a missing `dot` is an error naming
// the package. Also: the files inspect writes for the adoption fixtures
// conform to docs/schemactl.schema.json (scripts/check-schemas.sh).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>

#include "config/database_url.hpp"
#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;
namespace fs = std::filesystem;

namespace {

// SVG as Graphviz writes it, holding one text element per drawn name.
void check_svg(const std::string& svg, const std::vector<std::string>& escaped_names) {
    CHECK(svg.rfind("<?xml", 0) == 0);
    CHECK(svg.find("<svg") != std::string::npos);
    CHECK(svg.find("</svg>") != std::string::npos);
    for (const auto& n : escaped_names) {
        INFO("name " << n);
        CHECK(svg.find(">" + n + "</text>") != std::string::npos);
    }
}

std::vector<std::string> toml_table_names(const std::string& dir) {
    // The names as the files spell them (plain ASCII in the shipped schemas).
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) {
        if (e.path().extension() != ".toml") continue;
        std::string text = read_file(e.path().string());
        for (auto p = text.find("[[table]]"); p != std::string::npos; p = text.find("[[table]]", p + 1)) {
            auto q = text.find("name = \"", p);
            if (q == std::string::npos) continue;
            q += 8;
            names.push_back(text.substr(q, text.find('"', q) - q));
        }
    }
    return names;
}

// Names Mermaid and DOT each misread when written naively; every database
// accepts them as table and column names.
const std::string kHostile = R"~(
[[table]]
name = "order \"items\""
primary_key = ["end"]
  [[table.column]]
  name = "end"
  type = "int"
  [[table.column]]
  name = "<b>&amp;</b>"
  type = "varchar(20)"
  nullable = true
  unique = true

[[table]]
name = "direction TB"
primary_key = ["pk"]
  [[table.column]]
  name = "pk"
  type = "int"
  [[table.column]]
  name = "名前 50%"
  type = "int"
  nullable = true
  [[table.foreign_key]]
  columns = ["名前 50%"]
  ref_table = "order \"items\""
  ref_columns = ["end"]
)~";

}  // namespace

TEST_CASE("diagram: Graphviz draws every shipped schema") {
    for (const char* sub : {"agent_context", "examples/automagik", "examples/berrys", "examples/maiar"}) {
        DYNAMIC_SECTION(sub) {
            const std::string dir = source_dir() + "/schemas/" + sub;
            auto r = run({"diagram", "--schema", dir, "--format", "svg"});
            INFO(r.err);
            REQUIRE(r.code == 0);
            CHECK(r.err.empty());
            auto names = toml_table_names(dir);
            REQUIRE(!names.empty());
            check_svg(r.out, names);
            // The Mermaid text names each table once as an entity.
            auto m = run({"diagram", "--schema", dir});
            REQUIRE(m.code == 0);
            CHECK(m.out.rfind("erDiagram\n", 0) == 0);
            for (const auto& n : names) CHECK(m.out.find("    \"" + n + "\" {\n") != std::string::npos);
        }
    }
}

TEST_CASE("diagram --db: a live database gives the picture of the files it was made from") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "diagram_live");
            const std::string file = write_file(db.dir() + "/hostile.toml", kHostile);
            auto c = run({"create", "--db", db.url(), "--schema", file, "--yes"});
            INFO(c.out << c.err);
            REQUIRE(c.code == 0);
            db.exec(kind == "mysql"
                        ? "INSERT INTO `order \"items\"` (`end`, `<b>&amp;</b>`) VALUES (7, 'x')"
                        : "INSERT INTO \"order \"\"items\"\"\" (\"end\", \"<b>&amp;</b>\") VALUES (7, 'x')");
            // The live picture is the picture of what inspect writes (types
            // as the database holds them: SQLite keeps int keys as bigint).
            auto in = run({"inspect", "--db", db.url()});
            REQUIRE(in.code == 0);
            const std::string inspected = write_file(db.dir() + "/inspected.toml", in.out);
            for (const char* format : {"mermaid", "dot"}) {
                auto from_files = run({"diagram", "--schema", inspected, "--format", format});
                auto live = run({"diagram", "--db", db.url(), "--format", format});
                INFO(format << "\nfiles:\n" << from_files.out << from_files.err << "\nlive:\n" << live.out << live.err);
                REQUIRE(from_files.code == 0);
                REQUIRE(live.code == 0);
                CHECK(live.out == from_files.out);
            }
            // And it shows what the original files say: keys, nullability, the edge.
            auto live = run({"diagram", "--db", db.url()});
            INFO(live.out);
            CHECK(live.out.find(" end PK\n") != std::string::npos);
            CHECK(live.out.find(" _b_amp_b_ UK \"<b>&amp;</b>; nullable\"\n") != std::string::npos);
            CHECK(live.out.find(" _pk PK \"pk\"\n") != std::string::npos);
            CHECK(live.out.find(" _50_ FK \"名前 50%; nullable\"\n") != std::string::npos);
            CHECK(live.out.find("    \"order 'items'\" |o..o{ \"direction\u200c TB\" : \"名前 50_\"\n") !=
                  std::string::npos);
            auto svg = run({"diagram", "--db", db.url(), "--format", "svg"});
            INFO(svg.err);
            REQUIRE(svg.code == 0);
            check_svg(svg.out, {"order &quot;items&quot;", "direction TB", "&lt;b&gt;&amp;amp;&lt;/b&gt;", "名前 50%"});
            // --tables: the named table, and the table it references as a name.
            auto one = run({"diagram", "--db", db.url(), "--tables", "direction TB"});
            INFO(one.out << one.err);
            REQUIRE(one.code == 0);
            CHECK(one.out.find("    \"direction\u200c TB\" {\n") != std::string::npos);
            CHECK(one.out.find("    \"order 'items'\"\n") != std::string::npos);
            CHECK(one.out.find("    \"order 'items'\" |o..o{ \"direction\u200c TB\" : \"名前 50_\"\n") !=
                  std::string::npos);
            // Drawing reads only: the row is as it was.
            CHECK(db.scalar(kind == "mysql"
                                ? "SELECT `<b>&amp;</b>` FROM `order \"items\"` WHERE `end` = 7"
                                : "SELECT \"<b>&amp;</b>\" FROM \"order \"\"items\"\"\" WHERE \"end\" = 7") == "x");
        }
    }
}

TEST_CASE("diagram: bad requests are refused by name") {
    const std::string dir = source_dir() + "/schemas/agent_context";
    auto unknown = run({"diagram", "--schema", dir, "--tables", "no_such_table"});
    CHECK(unknown.code == 1);
    CHECK(unknown.err.find("unknown table 'no_such_table' in --tables") != std::string::npos);
    auto both = run({"diagram", "--schema", dir, "--db", "sqlite:x.db"});
    CHECK(both.code == 1);
    CHECK(both.err.find("not both") != std::string::npos);
    auto format = run({"diagram", "--schema", dir, "--format", "png"});
    CHECK(format.code == 1);
    CHECK(format.out.empty());
    // No Graphviz on PATH: the error names the package and the formats that need none.
    auto no_dot = run({"diagram", "--schema", dir, "--format", "svg"}, "", {{"PATH", "/nonexistent"}});
    CHECK(no_dot.code == 1);
    CHECK(no_dot.out.empty());
    CHECK(no_dot.err.find("install the graphviz package") != std::string::npos);
    CHECK(no_dot.err.find("--format dot") != std::string::npos);
}

TEST_CASE("plan --format markdown draws the tables the plan touches") {
    TestDb db("sqlite", "diagram_plan");
    db.exec("SELECT 1");  // an empty database: the plan creates both tables
    const std::string file = write_file(db.dir() + "/hostile.toml", kHostile);
    auto r = run({"plan", "--db", db.url(), "--schema", file, "--format", "markdown"});
    INFO(r.out << r.err);
    CHECK(r.code == 2);
    auto at = r.out.find(
        "### Tables the plan touches\n\nAs the schema files define them, in the database's "
        "types.\n\n```mermaid\nerDiagram\n");
    REQUIRE(at != std::string::npos);
    CHECK(at < r.out.find("### SQL"));
    CHECK(r.out.find("    \"direction\u200c TB\" {\n", at) != std::string::npos);
}

TEST_CASE("diagram and inspect: every adoption fixture is drawn, and its files conform to the JSON Schema",
          "[adoption]") {
    // One pass over all fixtures (no sections), so that the JSON Schema
    // check runs once over every folder inspect wrote.
    const fs::path keep = fs::temp_directory_path() / "schemactl-diagram-adopt";
    fs::remove_all(keep);
    std::vector<std::string> inspected;
    for (const auto& kind : database_kinds()) {
        const std::string dir = source_dir() + "/tests/fixtures/adopt/" + kind;
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(dir))
            if (e.path().extension() == ".sql") files.push_back(e.path());
        std::sort(files.begin(), files.end());
        CHECK(files.size() >= 40);
        for (const auto& f : files) {
            INFO(kind << " " << f.filename().string());
            TestDb db(kind, "diagram_adopt");
            if (kind == "sqlite") db.exec("SELECT 1");  // the file exists for the client
            int loaded = load_with_client(db, f.string());
            INFO("client: " << read_file(db.dir() + "/client.log"));
            CHECK(loaded == 0);
            if (loaded != 0) continue;
            auto svg = run({"diagram", "--db", db.url(), "--format", "svg"});
            INFO(svg.err);
            CHECK(svg.code == 0);
            std::vector<std::string> names;
            for (const auto& t : db.inspect().tables) names.push_back(t.name);
            CHECK(!names.empty());
            check_svg(svg.out, names);
            const std::string out = (keep / kind / f.stem()).string();
            auto in = run({"inspect", "--db", db.url(), "--out", out});
            INFO(in.err);
            CHECK(in.code == 0);
            if (in.code != 0) continue;
            inspected.push_back(out);
            // inspect names the JSON Schema for editors on the first line of each file.
            for (const auto& e : fs::directory_iterator(out))
                CHECK(read_file(e.path().string()).rfind("#:schema /usr/share/schemactl/schemactl.schema.json\n", 0) ==
                      0);
        }
    }
    REQUIRE(!inspected.empty());
    const std::string log = (keep / "check.log").string();
    std::string cmd = "'" + source_dir() + "/scripts/check-schemas.sh'";
    for (const auto& d : inspected) cmd += " '" + d + "'";
    int rc = std::system((cmd + " > '" + log + "' 2>&1").c_str());
    INFO(read_file(log));
    CHECK(rc == 0);
    fs::remove_all(keep);
}
