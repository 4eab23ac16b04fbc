// libFuzzer target: the schema-file reader and the validator. Any input must
// give a schema and diagnostics, never a crash, hang or sanitizer report.
#include <cstdint>
#include <string>

#include "schema/validate.hpp"
#include "toml/reader.hpp"
#include "toml/writer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string in(reinterpret_cast<const char*>(data), size);
    schemactl::Diagnostics d;
    auto s = schemactl::read_schema_text(in, "fuzz.toml", d);
    schemactl::validate_schema(s, d, 63);
    for (const auto& x : d) (void)x.str();
    if (d.empty()) {
        // A valid schema must survive the writer and read back without problems.
        schemactl::Diagnostics d2;
        schemactl::read_schema_text(schemactl::write_schema_toml(s), "again.toml", d2);
        if (!d2.empty()) __builtin_trap();
    }
    return 0;
}
