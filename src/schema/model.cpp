#include "schema/model.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "schema/diagnostic.hpp"
#include "schema/text.hpp"

namespace schemactl {

std::string SourcePos::str() const {
    if (file().empty()) return {};
    if (line == 0) return file();
    return file() + ":" + std::to_string(line) + ":" + std::to_string(col);
}

std::string Diagnostic::str() const {
    std::string s = pos.str();
    if (!where.empty()) s += (s.empty() ? "" : ": ") + where;
    return s + (s.empty() ? "" : ": ") + message;
}

template <class V>
static auto find_by_name(V& v, std::string_view n) -> decltype(&v[0]) {
    for (auto& x : v)
        if (x.name == n) return &x;
    return nullptr;
}

const Column* Table::find_column(std::string_view n) const { return find_by_name(columns, n); }
Column* Table::find_column(std::string_view n) { return find_by_name(columns, n); }
const Index* Table::find_index(std::string_view n) const { return find_by_name(indexes, n); }
const Table* Schema::find_table(std::string_view n) const { return find_by_name(tables, n); }
Table* Schema::find_table(std::string_view n) { return find_by_name(tables, n); }

std::string type_base(std::string_view type) {
    std::string_view base = type.substr(0, type.find('('));
    while (!base.empty() && std::isspace(static_cast<unsigned char>(base.back()))) base.remove_suffix(1);
    return lower_ascii(base);
}

TypeName parse_type_name(std::string_view type) {
    TypeName t;
    t.base = type_base(type);
    auto open = type.find('(');
    if (open == std::string_view::npos) return t;
    auto close = type.rfind(')');
    if (close == std::string_view::npos || close < open) return t;
    std::string_view inner = type.substr(open + 1, close - open - 1);
    std::string cur;
    for (char c : inner) {
        if (c == ',') {
            t.args.push_back(cur);
            cur.clear();
        } else if (!std::isspace(static_cast<unsigned char>(c))) {
            cur += c;
        }
    }
    t.args.push_back(cur);
    return t;
}

bool is_portable_type(std::string_view type) {
    static constexpr std::array<std::string_view, 19> names = {
        "smallint", "int",  "bigint", "boolean",   "real",        "double", "decimal", "char", "varchar", "text",
        "blob",     "date", "time",   "timestamp", "timestamptz", "json",   "uuid",    "enum", "integer"};
    return std::find(names.begin(), names.end(), type_base(type)) != names.end();
}

}  // namespace schemactl
