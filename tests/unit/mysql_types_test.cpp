// MySQL / MariaDB canonical forms: both servers' spellings normalize to one
// form (there is no MySQL 8 server here, so these pin its spellings).
#include <catch2/catch.hpp>

#include "dialect/mysql/mysql_types.hpp"

using namespace schemactl;
using namespace schemactl::mysql;

TEST_CASE("mysql: types from MariaDB (display widths) and MySQL 8 (none) are one canonical type") {
    CHECK(canonical_type("int(11)") == "int");
    CHECK(canonical_type("int") == "int");
    CHECK(canonical_type("bigint(20) unsigned") == "bigint unsigned");
    CHECK(canonical_type("tinyint(1)") == "tinyint(1)");
    CHECK(canonical_type("tinyint(4)") == "tinyint");
    CHECK(canonical_type("BOOL") == "tinyint(1)");
    CHECK(canonical_type("DECIMAL(10,2)") == "decimal(10,2)");
    CHECK(canonical_type("numeric") == "decimal(10,0)");
    CHECK(canonical_type("enum('a','b')") == "enum");
    CHECK(enum_values("enum('a','b''c','d\\\\e')") == std::vector<std::string>{"a", "b'c", "d\\e"});
}

TEST_CASE("mysql: defaults as MariaDB and as MySQL 8 report them") {
    // MariaDB: quoted SQL literals, expressions as written, NULL as text.
    CHECK(canonical_default(std::string("'it''s'"), true, false, "varchar(20)").text == "'it''s'");
    CHECK(canonical_default(std::string("'a\\\\b'"), true, false, "varchar(20)").text == "'a\\b'");
    CHECK(canonical_default(std::string("current_timestamp()"), true, false, "datetime").text == "CURRENT_TIMESTAMP");
    CHECK_FALSE(canonical_default(std::string("NULL"), true, false, "int").has_value());
    CHECK(canonical_default(std::string("0.00"), true, false, "decimal(10,2)").text == "0.00");
    // MySQL 8: raw literals, expressions flagged DEFAULT_GENERATED.
    CHECK(canonical_default(std::string("it's"), false, false, "varchar(20)").text == "'it''s'");
    CHECK(canonical_default(std::string("CURRENT_TIMESTAMP"), false, true, "datetime").text == "CURRENT_TIMESTAMP");
    CHECK(canonical_default(std::string("0"), false, false, "decimal(10,2)").text == "0.00");
    CHECK(canonical_default(std::string("5"), false, false, "int").text == "5");
    CHECK_FALSE(canonical_default(std::nullopt, false, false, "int").has_value());
    // The file's side lowers to the same.
    CHECK(lower_default({Default::Kind::integer, "0"}, "decimal(10,2)").text == "0.00");
    CHECK(lower_default({Default::Kind::boolean, "true"}, "tinyint(1)").text == "1");
    CHECK(lower_default({Default::Kind::expr, "now()"}, "datetime").text == "CURRENT_TIMESTAMP");
}

TEST_CASE("mysql: literals are escaped for the server, canonical text is not") {
    CHECK(quote_literal("a'b\\c") == "'a''b\\\\c'");
    CHECK(default_sql({Default::Kind::expr, "'a''b\\c'"}) == "'a''b\\\\c'");
    CHECK(default_sql({Default::Kind::expr, "CURRENT_TIMESTAMP"}) == "CURRENT_TIMESTAMP");
    CHECK(default_sql({Default::Kind::expr, "uuid()"}) == "(uuid())");
    CHECK(quote_ident("a`b") == "`a``b`");
}

TEST_CASE("mysql: column collations lower to lower case, and the table's own counts as none") {
    Table t;
    t.name = "t";
    t.options["collation"] = "utf8mb4_bin";
    Column a;
    a.name = "a";
    a.type = "varchar(10)";
    a.collation = "UTF8MB4_BIN";
    Column b = a;
    b.name = "b";
    b.collation = "ASCII_General_CI";
    t.columns = {a, b};
    Table low = lower_table(t);
    CHECK(low.columns[0].collation.empty());
    CHECK(low.columns[1].collation == "ascii_general_ci");
    // raise puts it back in the mysql override, where the files keep it.
    Table up = raise_table(low);
    CHECK(up.columns[1].overrides.at("mysql").collation == std::optional<std::string>("ascii_general_ci"));
    CHECK_FALSE(up.columns[1].overrides.at("mysql").type.has_value());
    CHECK(up.columns[1].collation.empty());
}
