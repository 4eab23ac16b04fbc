#include "toml/writer.hpp"
#include "schema/text.hpp"

#include <toml++/toml.h>
#include <algorithm>
#include <cstdlib>
#include <sstream>

namespace schemactl {

namespace {

constexpr const char* kSchemaDirectivePath = "/usr/share/schemactl/schemactl.schema.json";

toml::array string_array(const std::vector<std::string>& v) {
    toml::array a;
    for (const auto& s : v) a.push_back(s);
    return a;
}

std::string action_word(const std::string& a) { return lower_ascii(a); }

toml::table column(const Column& c) {
    toml::table t{{"name", c.name}, {"type", c.type}};
    if (!c.enum_values.empty()) t.insert("values", string_array(c.enum_values));
    if (c.nullable) t.insert("nullable", true);
    switch (c.default_value.kind) {
        case Default::Kind::none: break;
        case Default::Kind::string: t.insert("default", c.default_value.text); break;
        case Default::Kind::integer:
            t.insert("default", std::strtoll(c.default_value.text.c_str(), nullptr, 10));
            break;
        case Default::Kind::floating: t.insert("default", std::strtod(c.default_value.text.c_str(), nullptr)); break;
        case Default::Kind::boolean: t.insert("default", c.default_value.text == "true"); break;
        case Default::Kind::expr: t.insert("default_expr", c.default_value.text); break;
    }
    if (c.auto_increment) t.insert("auto_increment", true);
    if (c.unique) t.insert("unique", true);
    if (!c.comment.empty()) t.insert("comment", *c.comment);
    if (!c.renamed_from.empty()) t.insert("renamed_from", *c.renamed_from);
    if (!c.on_update.empty()) t.insert("on_update", *c.on_update);
    if (!c.generated.empty()) t.insert("generated", *c.generated);
    if (c.generated_stored) t.insert("stored", true);
    for (const auto& [dialect, o] : c.overrides) {
        toml::table ov;
        if (o.type) ov.insert("type", *o.type);
        if (o.default_expr) ov.insert("default_expr", *o.default_expr);
        if (o.collation) ov.insert("collation", *o.collation);
        if (o.generated) ov.insert("generated", *o.generated);
        ov.is_inline(true);
        t.insert(dialect, std::move(ov));
    }
    return t;
}

toml::table index(const Index& ix) {
    toml::array cols;
    for (const auto& c : ix.columns) {
        std::string s = c.expr.empty() ? c.name : "(" + c.expr + ")";
        if (c.prefix_length) s += "(" + std::to_string(c.prefix_length) + ")";
        if (c.desc) s += " desc";
        cols.push_back(s);
    }
    toml::table t{{"columns", std::move(cols)}};
    if (!ix.name.empty()) t.insert("name", ix.name);
    if (ix.unique) t.insert("unique", true);
    if (!ix.method.empty()) t.insert("using", ix.method);
    if (!ix.where.empty()) t.insert("where", ix.where);
    return t;
}

toml::table table(const Table& tb) {
    toml::table t{{"name", tb.name}};
    if (!tb.comment.empty()) t.insert("comment", tb.comment);
    if (!tb.primary_key.empty()) t.insert("primary_key", string_array(tb.primary_key));
    if (!tb.protected_columns.empty()) t.insert("protected", string_array(tb.protected_columns));
    if (!tb.renamed_from.empty()) t.insert("renamed_from", tb.renamed_from);
    toml::table mysql, sqlite;
    for (const auto& [k, v] : tb.options) {
        if (k.rfind("sqlite.", 0) == 0) sqlite.insert(k.substr(7), v == "true");
        else mysql.insert(k, v);
    }
    if (!mysql.empty()) t.insert("mysql", std::move(mysql));
    if (!sqlite.empty()) t.insert("sqlite", std::move(sqlite));
    toml::array cols;
    for (const auto& c : tb.columns) cols.push_back(column(c));
    t.insert("column", std::move(cols));  // [] for a table with no columns (PostgreSQL)
    if (!tb.indexes.empty()) {
        toml::array a;
        for (const auto& ix : tb.indexes) a.push_back(index(ix));
        t.insert("index", std::move(a));
    }
    if (!tb.foreign_keys.empty()) {
        toml::array a;
        for (const auto& fk : tb.foreign_keys) {
            toml::table f{{"columns", string_array(fk.columns)},
                          {"ref_table", fk.ref_table},
                          {"ref_columns", string_array(fk.ref_columns)}};
            if (!fk.name.empty()) f.insert("name", fk.name);
            if (fk.on_delete != "NO ACTION") f.insert("on_delete", action_word(fk.on_delete));
            if (fk.on_update != "NO ACTION") f.insert("on_update", action_word(fk.on_update));
            a.push_back(std::move(f));
        }
        t.insert("foreign_key", std::move(a));
    }
    if (!tb.checks.empty()) {
        toml::array a;
        for (const auto& c : tb.checks) {
            toml::table k{{"expr", c.expr}};
            if (!c.name.empty()) k.insert("name", c.name);
            a.push_back(std::move(k));
        }
        t.insert("check", std::move(a));
    }
    return t;
}

}  // namespace

std::string write_schema_toml(const Schema& s) {
    std::ostringstream out;
    // For TOML editors (Taplo / Even Better TOML): the JSON Schema of this
    // format, where the Debian package installs it (docs/schema-format.md).
    out << "#:schema " << kSchemaDirectivePath << "\n";
    // One document per table keeps a blank line between tables.
    for (std::size_t i = 0; i < s.tables.size(); ++i) {
        toml::array arr;
        arr.push_back(table(s.tables[i]));
        toml::table doc{{"table", std::move(arr)}};
        if (i) out << "\n\n";
        // What schemactl found but does not manage: said where the reader of
        // the file looks, and kept by the database (the planner blocks steps
        // that would lose it).
        for (const auto& u : s.tables[i].unmanaged) {
            std::string line = "# not managed by schemactl: " + u.kind + " " + u.name +
                               (u.why.empty() ? "" : " (" + u.why + ")");
            std::replace(line.begin(), line.end(), '\n', ' ');
            out << line << "\n";
        }
        out << toml::toml_formatter{doc, toml::format_flags::none | toml::format_flags::allow_literal_strings |
                                             toml::format_flags::allow_multi_line_strings};
    }
    out << "\n";
    return out.str();
}

}  // namespace schemactl
