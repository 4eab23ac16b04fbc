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
    CHECK(up.columns[1].overrides->at("mysql").collation == std::optional<std::string>("ascii_general_ci"));
    CHECK_FALSE(up.columns[1].overrides->at("mysql").type.has_value());
    CHECK(up.columns[1].collation.empty());
}

TEST_CASE("mysql: expression defaults are parenthesized and compare in MariaDB's spelling") {
    // What MariaDB reports, and what a file says, meet in one canonical text.
    auto from_server = [](const char* s) { return canonical_default(std::string(s), true, false, "datetime").text; };
    auto from_file = [](const char* s) { return lower_default({Default::Kind::expr, s}, "datetime").text; };
    CHECK(from_server("(current_timestamp() + interval 1 day)") == from_file("current_timestamp + interval 1 day"));
    CHECK(from_server("(current_timestamp() + interval 1 day)") == from_file("now() + interval 1 day"));
    CHECK(from_server("lcase('X')") == from_file("lower('X')"));
    CHECK(from_server("ucase(concat('a','b'))") == from_file("UPPER(concat('a','b'))"));
    CHECK(from_server("curdate()") == from_file("current_date"));
    CHECK(from_server("current_timestamp(3)") == from_file("now(3)"));
    CHECK(from_file("now(3)") == "CURRENT_TIMESTAMP(3)");
    // Only the outer parentheses of the whole expression go.
    CHECK(from_file("(1) + (2)") == "(1) + (2)");
    CHECK(from_file("((1 + 2))") == "1 + 2");
    // Words inside quotes are data, not functions.
    CHECK(from_file("concat('lower(', 'now')") == "concat('lower(', 'now')");
    // Anything but a literal, a number and CURRENT_TIMESTAMP needs parentheses.
    CHECK(default_sql({Default::Kind::expr, "CURRENT_TIMESTAMP() + interval 1 day"}) ==
          "(CURRENT_TIMESTAMP() + interval 1 day)");
    CHECK(default_sql({Default::Kind::expr, "current_timestamp() + interval 1 day"}) ==
          "(current_timestamp() + interval 1 day)");
    CHECK(default_sql({Default::Kind::expr, "CURRENT_TIMESTAMP(6)"}) == "CURRENT_TIMESTAMP(6)");
    CHECK(default_sql({Default::Kind::expr, "-5"}) == "-5");
    CHECK(default_sql({Default::Kind::expr, "1 + 2"}) == "(1 + 2)");
}

TEST_CASE("mysql: table options lower to what inspect reports") {
    auto canon = [](std::map<std::string, std::string> o) {
        canonical_table_options(o);
        return o;
    };
    using M = std::map<std::string, std::string>;
    CHECK(canon({{"engine", "innodb"}}).empty());
    CHECK(canon({{"engine", "myisam"}}) == M{{"engine", "MyISAM"}});
    CHECK(canon({{"charset", "LATIN1"}}) == M{{"charset", "latin1"}});
    CHECK(canon({{"charset", "latin1"}, {"collation", "latin1_swedish_ci"}}) == M{{"charset", "latin1"}});
    CHECK(canon({{"collation", "utf8mb4_bin"}}) == M{{"charset", "utf8mb4"}, {"collation", "utf8mb4_bin"}});
    CHECK(canon({{"charset", "utf8"}}) == M{{"charset", "utf8mb3"}});
    CHECK(canon({{"collation", "utf8_unicode_ci"}}) == M{{"charset", "utf8mb3"}, {"collation", "utf8mb3_unicode_ci"}});
}

TEST_CASE("mysql: an auto_increment column is NOT NULL, and a column with the table's default collation has none") {
    Table t;
    t.name = "t";
    t.options["charset"] = "latin1";
    Column id;
    id.name = "id";
    id.type = "int";
    id.nullable = true;
    id.auto_increment = true;
    Column n;
    n.name = "n";
    n.type = "varchar(10)";
    n.collation = "latin1_swedish_ci";
    t.columns = {id, n};
    Table l = lower_table(t);
    CHECK_FALSE(l.columns[0].nullable);
    CHECK(l.columns[1].collation.empty());
}

TEST_CASE("mysql: a check in the files is compared in MariaDB's spelling") {
    Table t;
    t.name = "t";
    Column c;
    c.name = "code";
    c.type = "varchar(10)";
    t.columns = {c};
    t.checks.push_back({"k", "lower(code) = code and substring(code, 1, 1) <> 'lower('", {}});
    CHECK(lower_table(t).checks[0].expr == "lcase(code) = code and substr(code, 1, 1) <> 'lower('");
}
