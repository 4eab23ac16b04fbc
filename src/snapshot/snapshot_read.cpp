// Snapshot TOML -> canonical Schema. Strict: a key this version does not
// know or a value of the wrong type is an error naming file:line:col, never
// skipped, since a field left out would change the plan without a word.
#include <fmt/format.h>

#include <toml++/toml.h>

#include "schema/error.hpp"
#include "snapshot/snapshot.hpp"
#include "toml/parts.hpp"

namespace schemactl {

namespace {

using Keys = std::initializer_list<std::string_view>;

class Reader {
public:
    // lines_before: lines of the file before the text parsed (toml/parts.hpp).
    explicit Reader(std::string file, int lines_before = 0) : file_(std::move(file)), lines_before_(lines_before) {}

    [[noreturn]] void fail(const toml::node& at, const std::string& msg) const {
        const auto& b = at.source().begin;
        throw Error(
            fmt::format("{}:{}:{}: {}; the file is not a snapshot this schemactl can read: make it again with "
                        "`schemactl inspect --db URL --snapshot {}`",
                        file_, lines_before_ + static_cast<int>(b.line), b.column, msg, file_));
    }

    void keys(const toml::table& t, Keys allowed, const std::string& where) const {
        for (const auto& [k, v] : t) {
            bool known = false;
            for (auto a : allowed) known = known || a == k.str();
            if (!known) fail(v, fmt::format("unknown key '{}' in {}", k.str(), where));
        }
    }

    const toml::table& table(const toml::node& n, const std::string& where) const {
        if (const auto* t = n.as_table()) return *t;
        fail(n, where + " must be a table");
    }

    std::string str(const toml::table& t, std::string_view key, const std::string& where, bool required = false) const {
        const toml::node* n = t.get(key);
        if (!n) {
            if (required) fail(t, fmt::format("{} has no '{}'", where, key));
            return {};
        }
        if (const auto* v = n->as_string()) return v->get();
        fail(*n, fmt::format("'{}' of {} must be a string", key, where));
    }

    bool flag(const toml::table& t, std::string_view key, const std::string& where, bool dflt = false) const {
        const toml::node* n = t.get(key);
        if (!n) return dflt;
        if (const auto* v = n->as_boolean()) return v->get();
        fail(*n, fmt::format("'{}' of {} must be true or false", key, where));
    }

    int64_t integer(const toml::table& t, std::string_view key, const std::string& where, bool required = false) const {
        const toml::node* n = t.get(key);
        if (!n) {
            if (required) fail(t, fmt::format("{} has no '{}'", where, key));
            return 0;
        }
        if (const auto* v = n->as_integer()) return v->get();
        fail(*n, fmt::format("'{}' of {} must be an integer", key, where));
    }

    std::vector<std::string> strings(const toml::table& t, std::string_view key, const std::string& where) const {
        std::vector<std::string> out;
        const toml::node* n = t.get(key);
        if (!n) return out;
        const auto* a = n->as_array();
        if (!a) fail(*n, fmt::format("'{}' of {} must be an array of strings", key, where));
        for (const auto& e : *a) {
            const auto* s = e.as_string();
            if (!s) fail(e, fmt::format("'{}' of {} must be an array of strings", key, where));
            out.push_back(s->get());
        }
        return out;
    }

    std::map<std::string, std::string> string_map(const toml::table& t, std::string_view key,
                                                  const std::string& where) const {
        std::map<std::string, std::string> out;
        const toml::node* n = t.get(key);
        if (!n) return out;
        for (const auto& [k, v] : table(*n, fmt::format("'{}' of {}", key, where))) {
            const auto* s = v.as_string();
            if (!s) fail(v, fmt::format("'{}.{}' of {} must be a string", key, k.str(), where));
            out.emplace(std::string(k.str()), s->get());
        }
        return out;
    }

    // Calls `each` with every table of an array of tables (absent: none).
    template <class F>
    void tables(const toml::table& t, std::string_view key, const std::string& where, F each) const {
        const toml::node* n = t.get(key);
        if (!n) return;
        const auto* a = n->as_array();
        if (!a) fail(*n, fmt::format("'{}' of {} must be an array of tables", key, where));
        for (const auto& e : *a) each(table(e, fmt::format("each '{}' of {}", key, where)));
    }

    Default default_value(const toml::node& n, const std::string& where) const {
        const toml::table& d = table(n, "'default' of " + where);
        keys(d, {"kind", "text"}, "'default' of " + where);
        std::string kind = str(d, "kind", "'default' of " + where, true);
        Default out;
        out.text = str(d, "text", "'default' of " + where);
        if (kind == "string") out.kind = Default::Kind::string;
        else if (kind == "integer") out.kind = Default::Kind::integer;
        else if (kind == "floating") out.kind = Default::Kind::floating;
        else if (kind == "boolean") out.kind = Default::Kind::boolean;
        else if (kind == "expr") out.kind = Default::Kind::expr;
        else fail(*d.get("kind"), fmt::format("unknown default kind '{}' in {}", kind, where));
        return out;
    }

    Column column(const toml::table& t, const std::string& table_name) const {
        std::string where = "a column of table " + table_name;
        Column c;
        c.name = str(t, "name", where, true);
        where = "column " + table_name + "." + c.name;
        keys(t,
             {"name", "type", "values", "nullable", "default", "auto_increment", "unique", "comment", "on_update",
              "collation", "generated", "generated_stored", "renamed_from", "native_type", "overrides"},
             where);
        c.type = str(t, "type", where, true);
        c.enum_values = strings(t, "values", where);
        c.nullable = flag(t, "nullable", where);
        if (const auto* d = t.get("default")) c.default_value = default_value(*d, where);
        c.auto_increment = flag(t, "auto_increment", where);
        c.unique = flag(t, "unique", where);
        c.comment = str(t, "comment", where);
        c.on_update = str(t, "on_update", where);
        c.collation = str(t, "collation", where);
        c.generated = str(t, "generated", where);
        c.generated_stored = flag(t, "generated_stored", where);
        c.renamed_from = str(t, "renamed_from", where);
        c.native_type = flag(t, "native_type", where);
        if (const auto* n = t.get("overrides")) {
            for (const auto& [dialect, v] : table(*n, "'overrides' of " + where)) {
                std::string w = fmt::format("the {} override of {}", dialect.str(), where);
                const toml::table& o = table(v, w);
                keys(o, {"type", "default_expr", "collation", "generated"}, w);
                ColumnOverride ov;
                if (o.get("type")) ov.type = str(o, "type", w);
                if (o.get("default_expr")) ov.default_expr = str(o, "default_expr", w);
                if (o.get("collation")) ov.collation = str(o, "collation", w);
                if (o.get("generated")) ov.generated = str(o, "generated", w);
                c.overrides.edit().emplace(std::string(dialect.str()), std::move(ov));
            }
        }
        return c;
    }

    Index index(const toml::table& t, const std::string& table_name) const {
        Index ix;
        ix.name = str(t, "name", "an index of table " + table_name, true);
        std::string where = "index " + table_name + "." + ix.name;
        keys(t, {"name", "columns", "unique", "method", "where", "constraint", "valid"}, where);
        tables(t, "columns", where, [&](const toml::table& k) {
            keys(k, {"name", "expr", "desc", "prefix_length"}, "a key of " + where);
            IndexColumn ic;
            ic.name = str(k, "name", "a key of " + where);
            ic.expr = str(k, "expr", "a key of " + where);
            ic.desc = flag(k, "desc", "a key of " + where);
            ic.prefix_length = static_cast<int>(integer(k, "prefix_length", "a key of " + where));
            ix.columns.push_back(std::move(ic));
        });
        ix.unique = flag(t, "unique", where);
        ix.method = str(t, "method", where);
        ix.where = str(t, "where", where);
        ix.constraint = flag(t, "constraint", where);
        ix.valid = flag(t, "valid", where, true);
        return ix;
    }

    Table table_of(const toml::table& t) const {
        Table tb;
        tb.name = str(t, "name", "a [[table]]", true);
        std::string where = "table " + tb.name;
        keys(t,
             {"name", "comment", "primary_key", "protected", "renamed_from", "options", "kept_sql",
              "nullable_key_columns", "column", "index", "foreign_key", "check", "unmanaged"},
             where);
        tb.comment = str(t, "comment", where);
        tb.primary_key = strings(t, "primary_key", where);
        tb.protected_columns = strings(t, "protected", where);
        tb.renamed_from = str(t, "renamed_from", where);
        tb.options = string_map(t, "options", where);
        tb.kept_sql = strings(t, "kept_sql", where);
        tb.nullable_key_columns = strings(t, "nullable_key_columns", where);
        tables(t, "column", where, [&](const toml::table& c) { tb.columns.push_back(column(c, tb.name)); });
        tables(t, "index", where, [&](const toml::table& i) { tb.indexes.push_back(index(i, tb.name)); });
        tables(t, "foreign_key", where, [&](const toml::table& f) {
            ForeignKey fk;
            fk.name = str(f, "name", "a foreign key of " + where, true);
            std::string w = "foreign key " + tb.name + "." + fk.name;
            keys(f, {"name", "columns", "ref_table", "ref_columns", "on_delete", "on_update"}, w);
            fk.columns = strings(f, "columns", w);
            fk.ref_table = str(f, "ref_table", w, true);
            fk.ref_columns = strings(f, "ref_columns", w);
            fk.on_delete = str(f, "on_delete", w, true);
            fk.on_update = str(f, "on_update", w, true);
            tb.foreign_keys.push_back(std::move(fk));
        });
        tables(t, "check", where, [&](const toml::table& k) {
            Check ck;
            ck.name = str(k, "name", "a check of " + where);
            std::string w = "check " + tb.name + "." + ck.name;
            keys(k, {"name", "expr"}, w);
            ck.expr = str(k, "expr", w, true);
            tb.checks.push_back(std::move(ck));
        });
        tables(t, "unmanaged", where, [&](const toml::table& k) {
            std::string w = "an unmanaged object of " + where;
            keys(k, {"kind", "name", "why", "columns", "survives_rebuild"}, w);
            Unmanaged u;
            u.kind = str(k, "kind", w, true);
            u.name = str(k, "name", w, true);
            u.why = str(k, "why", w);
            u.columns = strings(k, "columns", w);
            u.survives_rebuild = flag(k, "survives_rebuild", w);
            tb.unmanaged.push_back(std::move(u));
        });
        return tb;
    }

    // The whole file, or (read_tables) the part before its first [[table]].
    Snapshot read(const toml::table& root) const {
        Snapshot s = read_head(root);
        read_tables(root, s);
        return s;
    }
    void read_tables(const toml::table& root, Snapshot& s) const {
        tables(root, "table", "the file", [&](const toml::table& t) { s.schema.tables.push_back(table_of(t)); });
    }
    Snapshot read_head(const toml::table& root) const {
        keys(root, {"snapshot", "table"}, "the file");
        const toml::node* head_node = root.get("snapshot");
        if (!head_node) fail(root, "no [snapshot] table (is this a schema file? plan reads those with --schema)");
        const toml::table& head = table(*head_node, "[snapshot]");
        keys(head, {"format_version", "dialect", "server_version", "database", "option_defaults"}, "[snapshot]");
        Snapshot s;
        s.format_version = static_cast<int>(integer(head, "format_version", "[snapshot]", true));
        if (s.format_version != kSnapshotFormatVersion)
            fail(*head.get("format_version"),
                 fmt::format("format_version {} is not one this schemactl reads (it reads {})", s.format_version,
                             kSnapshotFormatVersion));
        s.dialect = str(head, "dialect", "[snapshot]", true);
        if (s.dialect != "sqlite" && s.dialect != "postgres" && s.dialect != "mysql")
            fail(*head.get("dialect"), "dialect '" + s.dialect + "' is not sqlite, postgres or mysql");
        s.server_version = str(head, "server_version", "[snapshot]");
        s.database = str(head, "database", "[snapshot]");
        s.schema.option_defaults = string_map(head, "option_defaults", "[snapshot]");
        return s;
    }

private:
    std::string file_;
    int lines_before_;
};

}  // namespace

Snapshot read_snapshot(std::string_view text, const std::string& file_name) {
    // Table by table where the file allows (toml/parts.hpp): a snapshot of
    // thousands of tables is one file. A part's error is thrown as it is found.
    Snapshot by_parts;
    const TomlParts parts{"table",
                          [&](const toml::table& head) {
                              // [snapshot] written after the tables: read whole.
                              if (!head.contains("snapshot")) return false;
                              by_parts = Reader(file_name).read_head(head);
                              return true;
                          },
                          [&](const toml::table& entry, int lines_before, std::size_t) {
                              Reader(file_name, lines_before).read_tables(entry, by_parts);
                          }};
    if (parse_by_parts(text, file_name, parts)) return by_parts;
    toml::table root;
    try {
        root = toml::parse(text, file_name);
    } catch (const toml::parse_error& e) {
        const auto& b = e.source().begin;
        throw Error(
            fmt::format("{}:{}:{}: not valid TOML: {}; a snapshot is written by "
                        "`schemactl inspect --db URL --snapshot {}`: make it again",
                        file_name, b.line, b.column, e.description(), file_name));
    }
    return Reader(file_name).read(root);
}

}  // namespace schemactl
