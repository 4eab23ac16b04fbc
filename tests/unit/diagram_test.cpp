// schemactl diagram's pure half: which tables and edges are drawn, the
// Mermaid and DOT text (golden files), and names that Mermaid or Graphviz
// would misread. The integration test has Graphviz draw the DOT.
//
// To rewrite the golden files after a deliberate change of the output:
//   SCHEMACTL_UPDATE_GOLDEN=1 build/unit_tests "[diagram]"
// then read the diff before committing it.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "diagram/diagram.hpp"
#include "diagram/dot.hpp"
#include "diagram/mermaid.hpp"
#include "toml/reader.hpp"

using namespace schemactl;

namespace {

// A small shop: a one-column key, a composite key whose first part is a
// foreign key (identifying), a nullable foreign key, a unique column, a
// self-reference and a one-to-one extension table.
const char* kShop = R"~(
[[table]]
name = "customers"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "bigint"
  auto_increment = true
  [[table.column]]
  name = "email"
  type = "varchar(200)"
  unique = true
  [[table.column]]
  name = "referred_by"
  type = "bigint"
  nullable = true
  [[table.foreign_key]]
  columns = ["referred_by"]
  ref_table = "customers"
  ref_columns = ["id"]

[[table]]
name = "orders"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "bigint"
  [[table.column]]
  name = "customer_id"
  type = "bigint"
  [[table.column]]
  name = "total"
  type = "decimal(10,2)"
  [[table.column]]
  name = "note"
  type = "text"
  nullable = true
  [[table.foreign_key]]
  columns = ["customer_id"]
  ref_table = "customers"
  ref_columns = ["id"]

[[table]]
name = "order_lines"
primary_key = ["order_id", "line"]
  [[table.column]]
  name = "order_id"
  type = "bigint"
  [[table.column]]
  name = "line"
  type = "int"
  [[table.column]]
  name = "sku"
  type = "varchar(40)"
  [[table.index]]
  columns = ["sku"]
  unique = true
  where = "sku <> ''"
  [[table.foreign_key]]
  columns = ["order_id"]
  ref_table = "orders"
  ref_columns = ["id"]
  on_delete = "cascade"

[[table]]
name = "customer_settings"
primary_key = ["customer_id"]
  [[table.column]]
  name = "customer_id"
  type = "bigint"
  [[table.column]]
  name = "theme"
  type = "varchar(20)"
  default = "light"
  [[table.foreign_key]]
  columns = ["customer_id"]
  ref_table = "customers"
  ref_columns = ["id"]
)~";

Schema read(const std::string& toml) {
    Diagnostics diags;
    Schema s = read_schema_text(toml, "shop.toml", diags);
    for (const auto& d : diags) INFO(d.str());
    REQUIRE(diags.empty());
    return s;
}

std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

void check_golden(const std::string& name, const std::string& text) {
    const std::string path = std::string(SCHEMACTL_SOURCE_DIR) + "/tests/golden/" + name;
    if (const char* u = std::getenv("SCHEMACTL_UPDATE_GOLDEN"); u && std::string(u) == "1") std::ofstream(path) << text;
    INFO("golden file " << path);
    CHECK(text == slurp(path));
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

// What the Mermaid output is made of, line by line, in the forms Mermaid's
// erDiagram lexer reads as one token each (its rules, written again here):
// a quoted entity name holds none of " % \ or a line break; attribute
// names and types are ASCII words that are not PK/FK/UK; no line outside
// an entity's block holds "direction TB" and the like, which Mermaid reads
// as a layout statement wherever it stands there. Returns the entity names declared and used.
struct MermaidShape {
    std::set<std::string> declared, related;
};

MermaidShape check_mermaid_shape(const std::string& text) {
    const std::string entity = R"("[^"%\\\r\n\v\b]+")";
    const std::regex header("    (" + entity + R"() \{)");
    const std::regex alone("    (" + entity + ")");
    const std::regex attribute(
        R"(        [A-Za-z_][A-Za-z0-9_()]* [A-Za-z_][A-Za-z0-9_]*( (PK|FK|UK)(, (PK|FK|UK))*)?( "[^"~\r\n]*")?)");
    const std::regex relation("    (" + entity + R"() (\|\||\|o)(--|\.\.)(o\||o\{) ()" + entity +
                              R"() : "[^"%\\\r\n]*")");
    const std::regex key_word(R"((^|[^A-Za-z0-9_])(pk|fk|uk)([^A-Za-z0-9_]|$))", std::regex::icase);
    const std::regex direction(R"(direction\s+(tb|bt|rl|lr))", std::regex::icase);
    MermaidShape shape;
    auto lines = lines_of(text);
    REQUIRE(!lines.empty());
    CHECK(lines[0] == "erDiagram");
    bool in_block = false;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const auto& l = lines[i];
        INFO("line " << i + 1 << ": " << l);
        // Inside a block Mermaid's lexer is in a state of its own, where
        // the layout statement is not read.
        if (!in_block) CHECK_FALSE(std::regex_search(l, direction));
        std::smatch m;
        if (in_block) {
            if (l == "    }") {
                in_block = false;
                continue;
            }
            CHECK(std::regex_match(l, attribute));
            // The type and the name: neither may read as a key.
            std::istringstream words(l);
            std::string type, name;
            words >> type >> name;
            CHECK_FALSE(std::regex_search(type, key_word));
            CHECK_FALSE(std::regex_search(name, key_word));
        } else if (std::regex_match(l, m, header)) {
            in_block = true;
            CHECK(shape.declared.insert(m[1]).second);
        } else if (std::regex_match(l, m, relation)) {
            shape.related.insert(m[1]);
            shape.related.insert(m[5]);
        } else {
            CHECK(std::regex_match(l, m, alone));
            CHECK(shape.declared.insert(m[1]).second);
        }
    }
    CHECK_FALSE(in_block);
    for (const auto& r : shape.related) CHECK(shape.declared.count(r));
    return shape;
}

const DiagramTable& table(const Diagram& d, const std::string& name) {
    for (const auto& t : d.tables)
        if (t.name == name) return t;
    FAIL("no table " << name);
    throw 0;
}

}  // namespace

TEST_CASE("diagram: keys, edges and their kinds come from the schema", "[diagram]") {
    Diagram d = make_diagram(read(kShop));
    REQUIRE(d.tables.size() == 4);
    const auto& customers = table(d, "customers");
    CHECK(customers.columns[0].pk);
    CHECK_FALSE(customers.columns[0].uk);  // a one-column primary key is not also called unique
    CHECK(customers.columns[1].uk);
    CHECK(customers.columns[2].fk);
    CHECK(customers.columns[2].nullable);
    const auto& lines = table(d, "order_lines");
    CHECK(lines.columns[0].pk);
    CHECK(lines.columns[0].fk);
    CHECK(lines.columns[1].pk);
    CHECK_FALSE(lines.columns[2].uk);  // unique only WHERE sku <> '': not a key
    REQUIRE(d.edges.size() == 4);
    // customers.referred_by -> customers: optional self-reference.
    CHECK(d.edges[0].from == d.edges[0].to);
    CHECK(d.edges[0].optional);
    CHECK_FALSE(d.edges[0].identifying);
    // orders.customer_id: required, many per customer.
    CHECK_FALSE(d.edges[1].optional);
    CHECK_FALSE(d.edges[1].one_to_one);
    // order_lines.order_id: part of the key: identifying, many.
    CHECK(d.edges[2].identifying);
    CHECK_FALSE(d.edges[2].one_to_one);
    // customer_settings.customer_id is the whole key: one to one.
    CHECK(d.edges[3].identifying);
    CHECK(d.edges[3].one_to_one);
}

TEST_CASE("diagram: --tables draws those tables and names the tables they reference", "[diagram]") {
    Diagram d = make_diagram(read(kShop), {"order_lines"});
    REQUIRE(d.tables.size() == 2);
    CHECK(d.tables[0].name == "order_lines");
    CHECK_FALSE(d.tables[0].stub);
    CHECK(d.tables[1].name == "orders");
    CHECK(d.tables[1].stub);
    CHECK(d.tables[1].columns.empty());
    REQUIRE(d.edges.size() == 1);  // orders' own key to customers is not drawn
    CHECK(d.edges[0].from == 0);
    CHECK(d.edges[0].to == 1);
    std::string m = to_mermaid(d);
    check_mermaid_shape(m);
    CHECK(m.find("\"customers\"") == std::string::npos);
    CHECK(m.find("    \"orders\"\n") != std::string::npos);  // a name, no block
    std::string dot = to_dot(d);
    CHECK(dot.find("STYLE=\"dashed\"") != std::string::npos);
    CHECK(dot.find("t0:o0:e -> t1;") != std::string::npos);  // no port on a table drawn without columns
}

TEST_CASE("diagram: Mermaid and DOT output match the golden files", "[diagram]") {
    Diagram d = make_diagram(read(kShop));
    std::string m = to_mermaid(d);
    check_golden("diagram.mmd", m);
    auto shape = check_mermaid_shape(m);
    CHECK(shape.declared ==
          std::set<std::string>{"\"customers\"", "\"orders\"", "\"order_lines\"", "\"customer_settings\""});
    check_golden("diagram.dot", to_dot(d));
}

TEST_CASE("diagram: hostile names stay one token in Mermaid and plain text in DOT", "[diagram]") {
    // Every name here breaks a naive writer: quotes, Mermaid's comment and
    // key words, a layout statement, markup, a backslash, a line break,
    // non-ASCII letters, and two names that differ only in a character
    // Mermaid cannot quote.
    const std::vector<std::string> tables = {"order \"items\"", "end",          "direction TB",  "50% off", "a\\b",
                                             "erDiagram",       "<b>&amp;</b>", "名前 テーブル", "a\"b",    "a'b",
                                             "line\nbreak",     "}{ ::: --"};
    const std::vector<std::string> columns = {"pk",         "PK-x",  "first name",  "名前",    "1st",
                                              "a\"quote",   "x~y~z", "FK",          "uk_code", "direction LR",
                                              "%% comment", "<td>",  "back\\slash", "tab\tcol"};
    Schema s;
    for (std::size_t i = 0; i < tables.size(); ++i) {
        Table t;
        t.name = tables[i];
        for (const auto& c : columns) {
            Column col;
            col.name = c;
            col.type = i % 2 ? "double precision" : "decimal(10,2)";
            t.columns.push_back(col);
        }
        t.primary_key = {columns[0]};
        if (i) {
            ForeignKey fk;
            fk.columns = {columns[1]};
            fk.ref_table = tables[i - 1];
            fk.ref_columns = {columns[0]};
            t.foreign_keys.push_back(fk);
        }
        s.tables.push_back(t);
    }
    Diagram d = make_diagram(s);
    std::string m = to_mermaid(d);
    INFO(m);
    auto shape = check_mermaid_shape(m);
    CHECK(shape.declared.size() == tables.size());  // distinct names stay distinct
    CHECK(shape.related.size() == tables.size());
    // Readable: names Mermaid can quote are kept as they are, and a
    // column whose name had to change shows its own name as the comment.
    CHECK(m.find("\"名前 テーブル\"") != std::string::npos);
    CHECK(m.find("\"end\"") != std::string::npos);
    CHECK(m.find("\"a'b\"") != std::string::npos);
    CHECK(m.find("\"a'b_2\"") != std::string::npos);
    CHECK(m.find("_first_name \"first name") == std::string::npos);
    CHECK(m.find("first_name \"first name; type decimal(10,2)\"") != std::string::npos);
    CHECK(m.find("_pk PK \"pk; type decimal(10,2)\"") != std::string::npos);
    CHECK(m.find("uk_code \"type decimal(10,2)\"") != std::string::npos);  // a word that only starts with uk

    std::string dot = to_dot(d);
    INFO(dot);
    // Names only appear inside labels, as escaped text.
    CHECK(dot.find("&lt;b&gt;&amp;amp;&lt;/b&gt;") != std::string::npos);
    CHECK(dot.find("order &quot;items&quot;") != std::string::npos);
    CHECK(dot.find("line break") != std::string::npos);
    CHECK(dot.find("&lt;td&gt;") != std::string::npos);
    CHECK(dot.find("<td>") == std::string::npos);
    for (const auto& l : lines_of(dot)) {
        // Outside label markup, a line holds only generated ids: the
        // statement lines start with `t<digits>` or are graph settings.
        if (l.rfind("  t", 0) == 0 && l.find("->") != std::string::npos)
            CHECK(std::regex_match(l, std::regex(R"(  t\d+(:o\d+:e)? -> t\d+(:i\d+:w)?( \[style=dashed\])?;)")));
    }
}
