// The client libraries are opened on first use: a missing one is an error
// that names the Debian package to install.
#include <catch2/catch.hpp>

#include "dialect/shared_library.hpp"
#include "schema/error.hpp"

using namespace schemactl;

TEST_CASE("a missing client library names the package that ships it") {
    SharedLibrary lib("libschemactl-absent.so.7", "libschemactl-absent7");
    try {
        lib.symbol("PQexec");
        FAIL("no error");
    } catch (const Error& e) {
        std::string m = e.what();
        CHECK(m.find("cannot load libschemactl-absent.so.7") != std::string::npos);
        CHECK(m.find("apt-get install libschemactl-absent7") != std::string::npos);
    }
}

TEST_CASE("a present client library gives its functions, and names one it lacks") {
    SharedLibrary lib("libpq.so.5", "libpq5");
    CHECK(lib.symbol("PQexec") != nullptr);
    CHECK_THROWS_WITH(lib.symbol("PQnoSuchFunction"), Catch::Contains("libpq.so.5 has no PQnoSuchFunction"));
}
