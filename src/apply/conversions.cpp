#include "apply/conversions.hpp"

#include <fmt/format.h>

namespace schemactl {

Conversion conversion(const Dialect& d, const Column& from, const Column& to, const std::string& col) {
    Conversion c = d.conversion(from, to, col);
    // NULL survives every conversion.
    if (!c.lost.empty()) c.lost = fmt::format("{} IS NOT NULL AND ({})", col, c.lost);
    return c;
}

}  // namespace schemactl
