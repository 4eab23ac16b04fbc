// Start-up cost: a run loads only the client library of the database it talks
// to (the others pull in OpenSSL, Kerberos, LDAP, GnuTLS: 24 libraries).
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;

namespace {

// The shared objects the dynamic loader opened during the run (LD_DEBUG=files).
std::string loaded_libraries(const std::vector<std::string>& args) {
    auto r = run(args, "", {{"LD_DEBUG", "files"}});
    return r.err;
}

}  // namespace

TEST_CASE("each run loads only the client library of its own database") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "startup");
            auto file = write_file(db.dir() + "/s.toml",
                                   "[[table]]\nname = \"t\"\nprimary_key = [\"id\"]\n"
                                   "  [[table.column]]\n  name = \"id\"\n  type = \"int\"\n");
            std::string libs = loaded_libraries({"plan", "--db", db.url(), "--schema", file});
            INFO(libs);
            REQUIRE(libs.find("libsqlite3") != std::string::npos);  // LD_DEBUG did report
            CHECK((libs.find("libpq.so") != std::string::npos) == (kind == "postgres"));
            CHECK((libs.find("libmariadb.so") != std::string::npos) == (kind == "mysql"));
            if (kind == "sqlite") CHECK(libs.find("libssl") == std::string::npos);  // TLS only for servers
        }
    }
    std::string libs = loaded_libraries({"--version"});
    CHECK(libs.find("libpq.so") == std::string::npos);
    CHECK(libs.find("libmariadb.so") == std::string::npos);
}
