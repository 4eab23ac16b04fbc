#include "dialect/conversion.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>

#include "dialect/dialect.hpp"

namespace schemactl::conversion_sql {

namespace {

std::string labels_sql(const Dialect& d, const std::vector<std::string>& labels, bool binary) {
    std::vector<std::string> v;
    for (const auto& l : labels) v.push_back((binary ? "BINARY " : "") + d.quote_literal(l));
    return fmt::format("{}", fmt::join(v, ", "));
}

// Enum labels the new definition no longer has, for the message.
std::string removed_labels(const Column& from, const Column& to) {
    std::vector<std::string> gone;
    for (const auto& v : from.enum_values)
        if (std::find(to.enum_values.begin(), to.enum_values.end(), v) == to.enum_values.end())
            gone.push_back("'" + v + "'");
    return fmt::format("{}", fmt::join(gone, ", "));
}

bool subset(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    return std::all_of(a.begin(), a.end(),
                       [&](const std::string& v) { return std::find(b.begin(), b.end(), v) != b.end(); });
}

}  // namespace

Split split(const std::string& type) {
    Split s;
    std::string rest;
    std::size_t open = type.find('('), close = type.find(')', open == std::string::npos ? 0 : open);
    if (open != std::string::npos && close != std::string::npos) {
        std::string inner = type.substr(open + 1, close - open - 1);
        int n = 0;
        bool any = false;
        for (char c : inner + ",") {
            if (std::isdigit(static_cast<unsigned char>(c))) {
                n = n * 10 + (c - '0');
                any = true;
            } else if (c == ',') {
                if (any) s.args.push_back(n);
                n = 0;
                any = false;
            }
        }
        rest = type.substr(0, open) + type.substr(close + 1);
    } else {
        rest = type;
    }
    for (char c : rest) {
        if (c == ' ' && (s.base.empty() || s.base.back() == ' ')) continue;
        s.base += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    while (!s.base.empty() && s.base.back() == ' ') s.base.pop_back();
    return s;
}

std::string pow10(int digits) { return "1" + std::string(static_cast<std::size_t>(std::max(digits, 0)), '0'); }

std::string guarded(const std::vector<std::string>& guards, const std::string& test) {
    std::string out = test;
    for (auto it = guards.rbegin(); it != guards.rend(); ++it)
        out = fmt::format("CASE WHEN {} THEN {} ELSE TRUE END", *it, out);
    return out;
}

std::string or_all(const std::vector<std::string>& v) {
    if (v.size() == 1) return v[0];
    std::vector<std::string> p;
    for (const auto& s : v) p.push_back("(" + s + ")");
    return fmt::format("{}", fmt::join(p, " OR "));
}

Conversion enum_target(const Dialect& d, const Column& from, const Column& to, const std::string& v, bool binary) {
    if (!from.enum_values.empty() && subset(from.enum_values, to.enum_values)) return {};
    std::string what = from.enum_values.empty()
                           ? "values that are not labels of the new enum"
                           : "enum values that the new definition removes (" + removed_labels(from, to) + ")";
    return {fmt::format("{}{} NOT IN ({})", binary ? "BINARY " : "", v, labels_sql(d, to.enum_values, binary)),
            what + ": update them first"};
}

}  // namespace schemactl::conversion_sql
