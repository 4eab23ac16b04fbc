// Canonical Schema -> snapshot TOML. Only values that differ from the
// model's defaults are written; the reader fills in the rest.
#include <toml++/toml.h>
#include <sstream>

#include "snapshot/snapshot.hpp"

namespace schemactl {

namespace {

toml::array strings(const std::vector<std::string>& v) {
    toml::array a;
    for (const auto& s : v) a.push_back(s);
    return a;
}

toml::table string_map(const std::map<std::string, std::string>& m) {
    toml::table t;
    for (const auto& [k, v] : m) t.insert(k, v);
    t.is_inline(true);
    return t;
}

void put(toml::table& t, std::string_view key, const std::string& v) {
    if (!v.empty()) t.insert(key, v);
}
void put(toml::table& t, std::string_view key, bool v) {
    if (v) t.insert(key, true);
}
void put(toml::table& t, std::string_view key, const std::vector<std::string>& v) {
    if (!v.empty()) t.insert(key, strings(v));
}

const char* kind_name(Default::Kind k) {
    switch (k) {
        case Default::Kind::none: return "none";
        case Default::Kind::string: return "string";
        case Default::Kind::integer: return "integer";
        case Default::Kind::floating: return "floating";
        case Default::Kind::boolean: return "boolean";
        case Default::Kind::expr: return "expr";
    }
    return "none";
}

toml::table column(const Column& c) {
    toml::table t{{"name", c.name}, {"type", c.type}};
    put(t, "values", c.enum_values);
    put(t, "nullable", c.nullable);
    if (c.default_value.has_value()) {
        toml::table d{{"kind", kind_name(c.default_value.kind)}, {"text", c.default_value.text}};
        d.is_inline(true);
        t.insert("default", std::move(d));
    }
    put(t, "auto_increment", c.auto_increment);
    put(t, "unique", c.unique);
    put(t, "comment", c.comment);
    put(t, "on_update", c.on_update);
    put(t, "collation", c.collation);
    put(t, "generated", c.generated);
    put(t, "generated_stored", c.generated_stored);
    put(t, "renamed_from", c.renamed_from);
    put(t, "native_type", c.native_type);
    if (!c.overrides.empty()) {
        toml::table all;
        for (const auto& [dialect, o] : c.overrides) {
            toml::table ov;
            if (o.type) ov.insert("type", *o.type);
            if (o.default_expr) ov.insert("default_expr", *o.default_expr);
            if (o.collation) ov.insert("collation", *o.collation);
            if (o.generated) ov.insert("generated", *o.generated);
            ov.is_inline(true);
            all.insert(dialect, std::move(ov));
        }
        all.is_inline(true);
        t.insert("overrides", std::move(all));
    }
    return t;
}

toml::table index(const Index& ix) {
    toml::array cols;
    for (const auto& c : ix.columns) {
        toml::table k;
        put(k, "name", c.name);
        put(k, "expr", c.expr);
        put(k, "desc", c.desc);
        if (c.prefix_length) k.insert("prefix_length", static_cast<int64_t>(c.prefix_length));
        k.is_inline(true);
        cols.push_back(std::move(k));
    }
    toml::table t{{"name", ix.name}, {"columns", std::move(cols)}};
    put(t, "unique", ix.unique);
    put(t, "method", ix.method);
    put(t, "where", ix.where);
    put(t, "constraint", ix.constraint);
    if (!ix.valid) t.insert("valid", false);
    return t;
}

toml::table table(const Table& tb) {
    toml::table t{{"name", tb.name}};
    put(t, "comment", tb.comment);
    put(t, "primary_key", tb.primary_key);
    put(t, "protected", tb.protected_columns);
    put(t, "renamed_from", tb.renamed_from);
    if (!tb.options.empty()) t.insert("options", string_map(tb.options));
    put(t, "kept_sql", tb.kept_sql);
    put(t, "nullable_key_columns", tb.nullable_key_columns);
    toml::array cols;
    for (const auto& c : tb.columns) cols.push_back(column(c));
    t.insert("column", std::move(cols));  // [] for a table with no columns (PostgreSQL)
    auto many = [&t](std::string_view key, const auto& items, auto one) {
        if (items.empty()) return;
        toml::array a;
        for (const auto& item : items) a.push_back(one(item));
        t.insert(key, std::move(a));
    };
    many("index", tb.indexes, index);
    many("foreign_key", tb.foreign_keys, [](const ForeignKey& fk) {
        return toml::table{{"name", fk.name},           {"columns", strings(fk.columns)},
                           {"ref_table", fk.ref_table}, {"ref_columns", strings(fk.ref_columns)},
                           {"on_delete", fk.on_delete}, {"on_update", fk.on_update}};
    });
    many("check", tb.checks, [](const Check& c) { return toml::table{{"name", c.name}, {"expr", c.expr}}; });
    many("unmanaged", tb.unmanaged, [](const Unmanaged& u) {
        toml::table k{{"kind", u.kind}, {"name", u.name}};
        put(k, "why", u.why);
        put(k, "columns", u.columns);
        put(k, "survives_rebuild", u.survives_rebuild);
        return k;
    });
    return t;
}

}  // namespace

std::string write_snapshot(const Snapshot& s) {
    toml::table head{{"format_version", static_cast<int64_t>(s.format_version)},
                     {"dialect", s.dialect},
                     {"server_version", s.server_version},
                     {"database", s.database}};
    if (!s.schema.option_defaults.empty()) head.insert("option_defaults", string_map(s.schema.option_defaults));
    toml::array tables;
    for (const auto& t : s.schema.tables) tables.push_back(table(t));
    toml::table doc{{"snapshot", std::move(head)}, {"table", std::move(tables)}};
    std::string from = s.database;  // one comment line, whatever the URL holds
    for (char& c : from)
        if (c == '\n' || c == '\r') c = ' ';
    std::ostringstream out;
    out << "# schemactl snapshot: the live schema of " << from << " (" << s.dialect << ")\n"
        << "# in the database's own form, as `schemactl inspect --snapshot` read it. Not a schema file:\n"
        << "# plan against it with `schemactl plan --from-snapshot FILE --schema ...`.\n\n"
        // Single-line strings only: toml++ writes a value that starts with a
        // newline as a multi-line string whose first newline TOML then trims.
        << toml::toml_formatter{doc, toml::format_flags::none} << "\n";
    return out.str();
}

}  // namespace schemactl
