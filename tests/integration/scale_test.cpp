// Introspection costs a fixed number of queries whatever the table count:
// `plan -v` logs every statement sent; 10 tables and 1,000 tables must send
// the same number.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;

namespace {

// n tables of ~20 columns, 3 indexes and a foreign key to the previous table.
std::string wide_tables(int first, int last) {
    std::string s;
    for (int i = first; i < last; ++i) {
        std::string t = "t" + std::to_string(i);
        s += "[[table]]\nname = \"" + t + "\"\nprimary_key = [\"id\"]\n";
        s += "  [[table.column]]\n  name = \"id\"\n  type = \"bigint\"\n  auto_increment = true\n";
        s += "  [[table.column]]\n  name = \"parent_id\"\n  type = \"bigint\"\n  nullable = true\n";
        const char* types[] = {"varchar(64)", "int", "text", "boolean", "timestamp", "decimal(10,2)", "double", "json"};
        for (int c = 0; c < 17; ++c) {
            s += "  [[table.column]]\n  name = \"c" + std::to_string(c) + "\"\n  type = \"" + types[c % 8] +
                 "\"\n  nullable = true\n";
        }
        s += "  [[table.column]]\n  name = \"created_at\"\n  type = \"timestamp\"\n  default_expr = "
             "\"CURRENT_TIMESTAMP\"\n";
        s += "  [[table.index]]\n  columns = [\"c0\"]\n";
        s += "  [[table.index]]\n  columns = [\"c1\", \"c4\"]\n";
        s += "  [[table.index]]\n  columns = [\"created_at\"]\n";
        if (i > 0)
            s += "  [[table.foreign_key]]\n  columns = [\"parent_id\"]\n  ref_table = \"t" + std::to_string(i - 1) +
                 "\"\n  ref_columns = [\"id\"]\n  on_delete = \"set null\"\n";
    }
    return s;
}

std::size_t statements(const std::string& log) {
    std::size_t n = 0;
    for (std::size_t p = log.find("sql> "); p != std::string::npos; p = log.find("sql> ", p + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("plan sends the same number of statements for 10 and 1,000 tables", "[scale]") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "scale");
            auto small = write_file(db.dir() + "/small/s.toml", wide_tables(0, 10));
            auto c1 = run({"create", "--db", db.url(), "--schema", small, "--yes"});
            INFO(c1.out << c1.err);
            REQUIRE(c1.code == 0);
            auto p1 = run({"plan", "-v", "--db", db.url(), "--schema", small});
            INFO(p1.out << p1.err);
            REQUIRE(p1.code == 0);

            auto big = write_file(db.dir() + "/big/s.toml", wide_tables(0, 1000));
            auto c2 = run({"create", "--db", db.url(), "--schema", big, "--yes", "--batch", "100"});
            INFO(c2.err);
            REQUIRE(c2.code == 0);
            auto p2 = run({"plan", "-v", "--timings", "--db", db.url(), "--schema", big});
            INFO(p2.err.substr(p2.err.size() > 2000 ? p2.err.size() - 2000 : 0));
            REQUIRE(p2.code == 0);
            CHECK(statements(p2.err) == statements(p1.err));
            CHECK(statements(p2.err) > 0);
            WARN(kind << ": plan on 1,000 tables: " << p2.err.substr(p2.err.find("timings:")));
        }
    }
}
