#include "schema/prepare.hpp"

#include <fmt/format.h>

#include "schema/names.hpp"

namespace schemactl {

std::string generated_name(std::string_view prefix, std::string_view table, const std::vector<std::string>& columns,
                           std::size_t max_len) {
    std::string name = fmt::format("{}_{}", prefix, table);
    for (const auto& c : columns) name += "_" + c;
    if (name.size() <= max_len) return name;
    // Too long for the dialect: keep a readable head and a stable hash (FNV-1a).
    std::uint32_t h = 2166136261u;
    for (unsigned char c : name) h = (h ^ c) * 16777619u;
    std::string tail = fmt::format("_{:08x}", h);
    // Cut at a character boundary: half a UTF-8 character is no name (`Ünit`).
    return std::string(utf8_prefix(name, max_len - tail.size())) + tail;
}

Table prepare(Table t, std::string_view dialect, std::size_t max_len) {
    // An option named "<dialect>.<name>" ([table.sqlite]) is for that dialect only.
    std::erase_if(t.options, [&](const auto& o) {
        auto dot = o.first.find('.');
        return dot != std::string::npos && std::string_view(o.first).substr(0, dot) != dialect;
    });
    for (auto& c : t.columns) {
        if (auto it = c.overrides->find(std::string(dialect)); it != c.overrides.end()) {
            if (it->second.type) {
                c.type = *it->second.type;
                c.native_type = true;
            }
            if (it->second.default_expr) c.default_value = {Default::Kind::expr, *it->second.default_expr};
            if (it->second.collation) c.collation = *it->second.collation;
            if (it->second.generated) c.generated = *it->second.generated;
        }
        c.overrides.clear();
        if (c.unique) {
            Index ix;
            ix.name = generated_name("uq", t.name, {c.name}, max_len);
            ix.columns.push_back({c.name});
            ix.unique = true;
            ix.pos = c.pos;
            t.indexes.push_back(ix);
            c.unique = false;
        }
    }
    for (auto& ix : t.indexes) {
        if (!ix.name.empty()) continue;
        std::vector<std::string> cols;
        for (const auto& ic : ix.columns) cols.push_back(ic.expr.empty() ? ic.name : "expr");
        ix.name = generated_name(ix.unique ? "uq" : "idx", t.name, cols, max_len);
    }
    for (auto& fk : t.foreign_keys)
        if (fk.name.empty()) fk.name = generated_name("fk", t.name, fk.columns, max_len);
    for (std::size_t i = 0; i < t.checks.size(); ++i)
        if (t.checks[i].name.empty())
            t.checks[i].name = generated_name("chk", t.name, {std::to_string(i + 1)}, max_len);
    return t;
}

}  // namespace schemactl
