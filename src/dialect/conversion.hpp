#pragma once
// What a type change does to stored values (the data checks before a risky
// step), and the SQL pieces every dialect's rules are written with. Each
// dialect decides its own rules (Dialect::conversion, in its
// *_conversions.cpp): the round trip through the new type where the
// database allows it, guards so that the check itself never fails. The
// rules are written out in docs/safety.md ("Type changes: what is checked").
#include <string>
#include <vector>

#include "schema/model.hpp"

namespace schemactl {

class Dialect;

struct Conversion {
    // A boolean SQL expression over the column, true for every row whose
    // value would not survive; "" when no value can change (a widening).
    std::string lost;
    // What such a row holds, for "N rows hold <reason>".
    std::string reason;
    // The server may refuse the check itself with an error for some rows
    // (PostgreSQL text that does not parse as the new type): that error then
    // stands for those rows.
    bool may_error = false;
    bool empty() const { return lost.empty(); }
};

namespace conversion_sql {

// "timestamp(3) without time zone" -> base "timestamp without time zone", args {3}.
struct Split {
    std::string base;
    std::vector<int> args;
};
Split split(const std::string& type);
std::string pow10(int digits);  // "1" and `digits` zeros
// Nested CASE: each guard must hold before the next one (or the test) is
// evaluated, so a cast that would raise an error never runs; a row failing a
// guard is lost.
std::string guarded(const std::vector<std::string>& guards, const std::string& test);
std::string or_all(const std::vector<std::string>& v);
// A change to an enum type: rows holding a label the new one lacks.
Conversion enum_target(const Dialect& d, const Column& from, const Column& to, const std::string& v, bool binary);

inline constexpr const char* kNumberRegex = "^[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?$";
inline constexpr const char* kIntegerRegex = "^[-+]?[0-9]+$";

}  // namespace conversion_sql

}  // namespace schemactl
