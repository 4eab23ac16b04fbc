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

std::vector<KeyName> key_names(const Table& t, std::size_t max_len) {
    std::vector<KeyName> out;
    out.reserve(t.indexes.size() + t.foreign_keys.size() + t.checks.size());
    std::vector<std::string> cols;
    for (std::size_t i = 0; i < t.indexes.size(); ++i) {
        const Index& ix = t.indexes[i];
        if (!ix.name.empty()) {
            out.push_back({KeyName::Kind::index, i, ix.name, false, &ix.pos});
            continue;
        }
        cols.clear();
        for (const auto& ic : ix.columns) cols.push_back(ic.expr.empty() ? ic.name : "expr");
        out.push_back(
            {KeyName::Kind::index, i, generated_name(ix.unique ? "uq" : "idx", t.name, cols, max_len), true, &ix.pos});
    }
    for (std::size_t i = 0; i < t.columns.size(); ++i)
        if (t.columns[i].unique)
            out.push_back({KeyName::Kind::unique_column, i, generated_name("uq", t.name, {t.columns[i].name}, max_len),
                           true, &t.columns[i].pos});
    for (std::size_t i = 0; i < t.foreign_keys.size(); ++i) {
        const ForeignKey& fk = t.foreign_keys[i];
        out.push_back({KeyName::Kind::foreign_key, i,
                       fk.name.empty() ? generated_name("fk", t.name, fk.columns, max_len) : fk.name, fk.name.empty(),
                       &fk.pos});
    }
    for (std::size_t i = 0; i < t.checks.size(); ++i) {
        const Check& ck = t.checks[i];
        out.push_back({KeyName::Kind::check, i,
                       ck.name.empty() ? generated_name("chk", t.name, {std::to_string(i + 1)}, max_len) : ck.name,
                       ck.name.empty(), &ck.pos});
    }
    return out;
}

Default dialect_default(const Column& c, std::string_view dialect) {
    auto it = c.overrides->find(std::string(dialect));
    if (it == c.overrides.end() || !it->second.default_expr) return c.default_value;
    return {Default::Kind::expr, *it->second.default_expr};
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
            c.default_value = dialect_default(c, dialect);
            if (it->second.collation) c.collation = *it->second.collation;
            if (it->second.generated) c.generated = *it->second.generated;
        }
        c.overrides.clear();
    }
    for (auto& k : key_names(t, max_len)) {
        switch (k.kind) {
            case KeyName::Kind::index: t.indexes[k.at].name = std::move(k.name); break;
            case KeyName::Kind::unique_column: {
                Column& c = t.columns[k.at];
                Index ix;
                ix.name = std::move(k.name);
                ix.columns.push_back({c.name});
                ix.unique = true;
                ix.pos = c.pos;
                t.indexes.push_back(std::move(ix));
                c.unique = false;
                break;
            }
            case KeyName::Kind::foreign_key: t.foreign_keys[k.at].name = std::move(k.name); break;
            case KeyName::Kind::check: t.checks[k.at].name = std::move(k.name); break;
        }
    }
    return t;
}

}  // namespace schemactl
