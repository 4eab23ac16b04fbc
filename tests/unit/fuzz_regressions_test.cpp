// Inputs the fuzzers found crashes with (tests/fuzz/regressions/<target>-<what>):
// each must now be handled.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/database_url.hpp"
#include "diff/expr.hpp"
#include "schema/error.hpp"
#include "schema/validate.hpp"
#include "toml/reader.hpp"

namespace fs = std::filesystem;

TEST_CASE("fuzzer regressions are handled") {
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(fs::path(SCHEMACTL_SOURCE_DIR) / "tests/fuzz/regressions")) {
        std::ifstream in(e.path(), std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        std::string data = ss.str(), name = e.path().filename().string();
        INFO(name);
        ++n;
        if (name.rfind("expr-", 0) == 0) {
            CHECK_NOTHROW(schemactl::expr_fingerprint(data));
            // The fingerprint of a fingerprint is stable (the fuzzer's oracle).
            auto b = schemactl::expr_fingerprint(schemactl::expr_fingerprint(data));
            CHECK(schemactl::expr_fingerprint(b) == b);
        } else if (name.rfind("toml-", 0) == 0) {
            schemactl::Diagnostics d;
            auto s = schemactl::read_schema_text(data, name, d);
            schemactl::validate_schema(s, d, 63);
            CHECK_FALSE(d.empty());  // malformed: reported, not crashed on
        } else if (name.rfind("url-", 0) == 0) {
            try {
                auto u = schemactl::parse_database_url(data);
                if (!u.password.empty()) CHECK(u.redacted().find(u.password, u.scheme.size() + 3) == std::string::npos);
            } catch (const schemactl::Error& err) {
                CHECK(std::string(err.what()).find("***") == std::string::npos);
            }
        }
    }
    CHECK(n > 0);
}
