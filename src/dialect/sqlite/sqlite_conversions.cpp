// SQLite: which type changes can change a stored value (type affinity), for
// the data checks.
#include "dialect/sqlite/sqlite_conversions.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <vector>

#include "dialect/conversion.hpp"
#include "dialect/dialect.hpp"
#include "schema/text.hpp"

namespace schemactl::lite {

using namespace conversion_sql;

namespace {

// sqlite.org/datatype3.html 3.1: the affinity of a declared type.
enum class Aff { integer, text, blob, real, numeric };
Aff affinity(std::string type) {
    type = upper_ascii(type);
    if (type.find("INT") != std::string::npos) return Aff::integer;
    if (type.find("CHAR") != std::string::npos || type.find("CLOB") != std::string::npos ||
        type.find("TEXT") != std::string::npos)
        return Aff::text;
    if (type.empty() || type.find("BLOB") != std::string::npos) return Aff::blob;
    if (type.find("REAL") != std::string::npos || type.find("FLOA") != std::string::npos ||
        type.find("DOUB") != std::string::npos)
        return Aff::real;
    return Aff::numeric;
}

// The rebuild copies rows with INSERT ... SELECT: each value takes the new
// column's affinity. Lost: text that would become a different number or is no
// number at all, reals with a fraction in an integer column, integers a real
// cannot hold, reals whose text is not the same number.
}  // namespace

Conversion conversion(const Column& from, const Column& to, const std::string& col) {
    Aff a = affinity(from.type), b = affinity(to.type);
    if (a == b) return {};
    std::vector<std::string> lost;
    switch (b) {
        case Aff::integer:
            lost.push_back(fmt::format("typeof({0}) = 'real' AND {0} <> CAST({0} AS INTEGER)", col));
            lost.push_back(fmt::format("typeof({0}) = 'text' AND CAST(CAST({0} AS INTEGER) AS TEXT) <> {0}", col));
            break;
        case Aff::real:
        case Aff::numeric:
            lost.push_back(fmt::format("typeof({0}) = 'integer' AND CAST(CAST({0} AS REAL) AS INTEGER) <> {0}", col));
            lost.push_back(fmt::format("typeof({0}) = 'text' AND CAST(CAST({0} AS NUMERIC) AS TEXT) <> {0}", col));
            if (b == Aff::numeric) lost.erase(lost.begin());  // NUMERIC keeps integers as they are
            break;
        case Aff::text:
            lost.push_back(fmt::format("typeof({0}) = 'real' AND CAST(CAST({0} AS TEXT) AS REAL) <> {0}", col));
            break;
        case Aff::blob: return {};
    }
    return {or_all(lost),
            fmt::format("values that would change or are not numbers when stored as {} (SQLite type affinity): fix "
                        "them first or keep the old type",
                        to.type)};
}

}  // namespace schemactl::lite
