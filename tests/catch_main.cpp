// Catch2's runner, compiled once for both test programs (it is the slowest
// file of the build).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
