#include "toml/reader.hpp"

#include <fmt/format.h>

#include <toml++/toml.h>
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/parallel.hpp"
#include "schema/dialects.hpp"
#include "schema/text.hpp"
#include "schema/validate.hpp"
#include "toml/file_text.hpp"
#include "toml/parts.hpp"

namespace schemactl {

namespace {

namespace fs = std::filesystem;
using Keys = std::vector<std::string_view>;

const Keys kTopKeys{"table"};
// Each table and column may also hold one override table per dialect, named
// by the dialect (schema/dialects.hpp).
Keys with_dialects(Keys keys) {
    for (const auto& d : dialect_infos()) keys.push_back(d.name);
    return keys;
}
const Keys kTableKeys = with_dialects(
    {"name", "comment", "primary_key", "protected", "renamed_from", "column", "index", "foreign_key", "check"});
const Keys kColumnKeys = with_dialects({"name", "type", "values", "nullable", "default", "default_expr",
                                        "auto_increment", "unique", "primary_key", "comment", "renamed_from",
                                        "on_update", "generated", "stored"});
const Keys kOverrideKeys{"type", "default_expr", "collation", "generated"};
const Keys kIndexKeys{"name", "columns", "unique", "using", "where"};
const Keys kForeignKeyKeys{"name", "columns", "ref_table", "ref_columns", "on_delete", "on_update"};
const Keys kCheckKeys{"name", "expr"};

// A TOML table's entries in one flat array, looked up by a scan: a column
// is asked for some twenty keys and holds three or four, and
// toml::table::get walks a map comparing whole keys (a tenth of reading
// 1,000 tables). Explicit, so that no call builds one by accident.
class Entries {
public:
    explicit Entries(const toml::table& t) : table_(t) {
        for (const auto& [k, v] : t) {
            if (n_ < first_.size()) first_[n_++] = {k.str(), &v};
            else more_.emplace_back(k.str(), &v);
        }
    }
    const toml::node* get(std::string_view key) const {
        for (std::size_t i = 0; i < n_; ++i)
            if (first_[i].first == key) return first_[i].second;
        for (const auto& [k, v] : more_)
            if (k == key) return v;
        return nullptr;
    }
    bool contains(std::string_view key) const { return get(key) != nullptr; }
    const toml::source_region& source() const { return table_.source(); }
    const toml::table& table() const { return table_; }

private:
    using Entry = std::pair<std::string_view, const toml::node*>;
    const toml::table& table_;
    std::array<Entry, 12> first_{};
    std::size_t n_ = 0;
    std::vector<Entry> more_;
};

class Reader {
public:
    // lines_before: lines of the file before the text parsed (toml/parts.hpp).
    Reader(std::shared_ptr<const std::string> file, Diagnostics& out, int lines_before = 0)
        : file_(std::move(file)), out_(out), lines_before_(lines_before) {}

    // The part of a file before its first [[table]].
    void read_head(const toml::table& head) { check_keys(head, kTopKeys, "the file"); }

    void read(const toml::table& root, Schema& schema) {
        check_keys(root, kTopKeys, "the file");
        const toml::node* tables = root.get("table");
        if (!tables) {
            problem(root.source(), "", "no [[table]] entries: a schema file holds one or more [[table]] tables");
            return;
        }
        const auto* arr = tables->as_array();
        if (!arr || !arr->is_array_of_tables()) {
            problem(tables->source(), "", "'table' must be written as [[table]] (an array of tables)");
            return;
        }
        for (const auto& node : *arr) schema.tables.push_back(read_table(*node.as_table()));
    }

private:
    std::shared_ptr<const std::string> file_;  // one name for every position read from the file
    Diagnostics& out_;
    int lines_before_;

    SourcePos pos(const toml::source_region& r) const {
        return {file_, lines_before_ + static_cast<int>(r.begin.line), static_cast<int>(r.begin.column)};
    }
    void problem(const toml::source_region& r, std::string where, std::string msg) {
        out_.push_back({pos(r), std::move(where), std::move(msg)});
    }

    void check_keys(const toml::table& t, const Keys& known, const std::string& where) {
        for (const auto& [k, v] : t) {
            std::string_view key = k.str();
            if (std::find(known.begin(), known.end(), key) != known.end()) continue;
            std::string hint = nearest(key, known);
            std::string help = !hint.empty()   ? fmt::format(": did you mean '{}'?", hint)
                               : known.empty() ? fmt::format(": {} takes no keys; remove it", where)
                                               : fmt::format(": known keys are {}", fmt::join(known, ", "));
            problem(k.source().begin.line ? k.source() : v.source(), where,
                    fmt::format("unknown key '{}'{}", key, help));
        }
    }

    std::optional<std::string> str(const Entries& t, std::string_view key, const std::string& where,
                                   bool required = false) {
        const toml::node* n = t.get(key);
        if (!n) {
            if (required) problem(t.source(), where, fmt::format("'{}' is required", key));
            return std::nullopt;
        }
        if (auto s = n->value<std::string>(); s && n->is_string()) return s;
        problem(n->source(), where, fmt::format("'{}' must be a string", key));
        return std::nullopt;
    }

    bool boolean(const Entries& t, std::string_view key, const std::string& where, bool fallback = false) {
        const toml::node* n = t.get(key);
        if (!n) return fallback;
        if (n->is_boolean()) return *n->value<bool>();
        problem(n->source(), where, fmt::format("'{}' must be true or false", key));
        return fallback;
    }

    std::vector<std::string> strings(const Entries& t, std::string_view key, const std::string& where,
                                     bool required = false) {
        std::vector<std::string> out;
        const toml::node* n = t.get(key);
        if (!n) {
            if (required) problem(t.source(), where, fmt::format("'{}' is required (an array of strings)", key));
            return out;
        }
        const auto* arr = n->as_array();
        if (!arr) {
            problem(n->source(), where, fmt::format("'{}' must be an array of strings, like [\"a\", \"b\"]", key));
            return out;
        }
        for (const auto& e : *arr) {
            if (e.is_string()) out.push_back(*e.value<std::string>());
            else problem(e.source(), where, fmt::format("'{}' must hold only strings", key));
        }
        if (required && out.empty() && arr->empty()) problem(n->source(), where, fmt::format("'{}' is empty", key));
        return out;
    }

    // [[table.x]] entries: an array of tables, else a problem.
    template <class F>
    void each(const Entries& t, std::string_view key, const std::string& where, F&& f) {
        const toml::node* n = t.get(key);
        if (!n) return;
        const auto* arr = n->as_array();
        if (!arr || !arr->is_array_of_tables()) {
            problem(n->source(), where, fmt::format("'{}' must be written as [[table.{}]] entries", key, key));
            return;
        }
        for (const auto& e : *arr) f(*e.as_table());
    }

    std::string action(const Entries& t, std::string_view key, const std::string& where) {
        auto s = str(t, key, where);
        if (!s) return "NO ACTION";
        std::string up;
        for (char c : *s) up += static_cast<char>(c == '_' ? ' ' : std::toupper(static_cast<unsigned char>(c)));
        for (const char* ok : {"NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT"})
            if (up == ok) return up;
        problem(t.get(key)->source(), where,
                fmt::format("'{}' = \"{}\" is not an action: use cascade, set null, set default, restrict or no action",
                            key, *s));
        return "NO ACTION";
    }

    Table read_table(const toml::table& toml_table) {
        const Entries t(toml_table);
        Table table;
        table.pos = pos(t.source());
        table.name = str(t, "name", "table", true).value_or("");
        std::string where = table.name.empty() ? "table" : table.name;
        check_keys(toml_table, kTableKeys, where);
        table.comment = str(t, "comment", where).value_or("");
        table.renamed_from = str(t, "renamed_from", where).value_or("");
        table.protected_columns = strings(t, "protected", where);
        bool table_pk = t.contains("primary_key");
        if (table_pk) table.primary_key = strings(t, "primary_key", where);
        for (const auto& d : dialect_infos()) {
            const toml::node* n = t.get(d.name);
            if (!n) continue;
            const auto* opts = n->as_table();
            if (!opts) {
                problem(n->source(), where, fmt::format("'{}' must be a table of options", d.name));
                continue;
            }
            std::string here = where + "." + std::string(d.name);
            check_keys(*opts, d.table_keys, here);
            for (const auto& [k, v] : *opts) {
                if (!d.table_switches) {
                    if (auto s = v.value<std::string>()) table.options[std::string(k.str())] = *s;
                    continue;
                }
                // Switches are kept as "<dialect>.<name>" so no other dialect sees them.
                if (!v.is_boolean()) problem(v.source(), here, fmt::format("'{}' must be true or false", k.str()));
                else if (*v.value<bool>()) table.options[fmt::format("{}.{}", d.name, k.str())] = "true";
            }
        }
        // `column = []` says so on purpose: PostgreSQL keeps tables with no
        // columns (the other dialects refuse them when lowering).
        const toml::node* colnode = t.get("column");
        if (!colnode)
            problem(t.source(), where, "the table has no [[table.column]] entries: a table needs at least one column");
        else if (const auto* a = colnode->as_array(); a && a->empty()) return table;
        else if (a) table.columns.reserve(a->size());
        each(t, "column", where, [&](const toml::table& entry) {
            const Entries c(entry);
            table.columns.push_back(read_column(c, table.name));
            if (boolean(c, "primary_key", where + "." + table.columns.back().name)) {
                if (table_pk)
                    problem(c.get("primary_key")->source(), where + "." + table.columns.back().name,
                            "primary key given twice: on the column and as the table's primary_key; keep one");
                else table.primary_key.push_back(table.columns.back().name);
            }
        });
        each(t, "index", where,
             [&](const toml::table& i) { table.indexes.push_back(read_index(Entries(i), where, table)); });
        each(t, "foreign_key", where,
             [&](const toml::table& f) { table.foreign_keys.push_back(read_foreign_key(Entries(f), where)); });
        each(t, "check", where, [&](const toml::table& entry) {
            const Entries c(entry);
            check_keys(entry, kCheckKeys, where + " check");
            Check k;
            k.pos = pos(c.source());
            k.name = str(c, "name", where).value_or("");
            k.expr = str(c, "expr", where + " check", true).value_or("");
            table.checks.push_back(k);
        });
        return table;
    }

    Column read_column(const Entries& c, const std::string& table) {
        Column col;
        col.pos = pos(c.source());
        col.name = str(c, "name", table + " column", true).value_or("");
        std::string where = table + "." + (col.name.empty() ? "?" : col.name);
        check_keys(c.table(), kColumnKeys, where);
        col.type = str(c, "type", where, true).value_or("");
        col.enum_values = strings(c, "values", where);
        col.nullable = boolean(c, "nullable", where);
        col.auto_increment = boolean(c, "auto_increment", where);
        col.unique = boolean(c, "unique", where);
        col.comment = str(c, "comment", where).value_or("");
        col.renamed_from = str(c, "renamed_from", where).value_or("");
        col.on_update = str(c, "on_update", where).value_or("");
        col.generated = str(c, "generated", where).value_or("");
        col.generated_stored = boolean(c, "stored", where);
        if (c.contains("stored") && !c.contains("generated"))
            problem(c.get("stored")->source(), where,
                    "'stored' is for generated columns: add generated = \"<expression>\"");
        if (const toml::node* d = c.get("default")) {
            if (c.contains("default_expr"))
                problem(d->source(), where, "both 'default' and 'default_expr' are set: keep one");
            if (d->is_string()) col.default_value = {Default::Kind::string, *d->value<std::string>()};
            else if (d->is_integer())
                col.default_value = {Default::Kind::integer, std::to_string(*d->value<int64_t>())};
            else if (d->is_floating_point()) {
                // 1.0 stays 1.0: "1" would read back from the database as an integer.
                std::string v = fmt::format("{}", *d->value<double>());
                if (v.find_first_of(".eEni") == std::string::npos) v += ".0";
                col.default_value = {Default::Kind::floating, v};
            } else if (d->is_boolean())
                col.default_value = {Default::Kind::boolean, *d->value<bool>() ? "true" : "false"};
            else
                problem(d->source(), where,
                        "'default' must be a string, number or boolean; use default_expr for an SQL expression");
        } else if (auto e = str(c, "default_expr", where)) {
            col.default_value = {Default::Kind::expr, *e};
        }
        for (const auto& info : dialect_infos()) {
            const std::string d(info.name);
            const toml::node* n = c.get(d);
            if (!n) continue;
            const auto* o = n->as_table();
            if (!o) {
                problem(n->source(), where, fmt::format("'{}' must be a table like {} = {{ type = \"...\" }}", d, d));
                continue;
            }
            check_keys(*o, kOverrideKeys, where + "." + d);
            const Entries oe(*o);
            ColumnOverride ov;
            ov.type = str(oe, "type", where + "." + d);
            ov.default_expr = str(oe, "default_expr", where + "." + d);
            ov.collation = str(oe, "collation", where + "." + d);
            ov.generated = str(oe, "generated", where + "." + d);
            col.overrides.edit()[d] = ov;
        }
        return col;
    }

    Index read_index(const Entries& i, const std::string& table, const Table& owner) {
        Index ix;
        ix.pos = pos(i.source());
        ix.name = str(i, "name", table).value_or("");
        std::string where = table + (ix.name.empty() ? " index" : "." + ix.name);
        check_keys(i.table(), kIndexKeys, where);
        for (const auto& spec : strings(i, "columns", where, true))
            ix.columns.push_back(parse_index_column(spec, i, where, owner));
        ix.unique = boolean(i, "unique", where);
        ix.method = str(i, "using", where).value_or("");
        ix.method = lower_ascii(ix.method);
        ix.where = str(i, "where", where).value_or("");
        return ix;
    }

    // "col", "col desc", "col asc", "col(191)", "col(191) desc". A column name
    // may itself hold spaces or parentheses ("Ünit Price"): a spec that names
    // one of the table's columns is that column; else the suffixes are read
    // from the end.
    IndexColumn parse_index_column(const std::string& spec, const Entries& i, const std::string& where,
                                   const Table& owner) {
        IndexColumn ic;
        if (owner.find_column(spec)) {
            ic.name = spec;
            return ic;
        }
        if (!spec.empty() && spec.front() == '(') return parse_index_expression(spec, i, where);
        std::string s = spec;
        auto lower = [](std::string x) {
            x = lower_ascii(x);
            return x;
        };
        if (auto sp = s.rfind(' '); sp != std::string::npos) {
            std::string dir = lower(s.substr(sp + 1));
            std::string head = s.substr(0, s.find_last_not_of(' ', sp) + 1);
            if (dir == "desc" || dir == "asc") {
                ic.desc = dir == "desc";
                s = head;
            } else if (owner.find_column(head) || owner.find_column(head.substr(0, head.rfind('(')))) {
                problem(i.get("columns")->source(), where,
                        fmt::format("index column '{}': after the name only 'asc' or 'desc' may follow", spec));
                s = head;
            }
        }
        if (owner.find_column(s)) {
            ic.name = s;
            return ic;
        }
        if (auto open = s.rfind('('); open != std::string::npos && s.back() == ')') {
            auto close = s.find(')', open);
            std::string num = s.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1);
            try {
                std::size_t used = 0;
                ic.prefix_length = std::stoi(num, &used);
                if (used != num.size() || ic.prefix_length <= 0) throw std::invalid_argument(num);
            } catch (const std::exception&) {
                problem(i.get("columns")->source(), where,
                        fmt::format("index column '{}': the prefix length must be a positive number, like body(191)",
                                    spec));
            }
            s = s.substr(0, open);
        }
        ic.name = s;
        return ic;
    }

    // "(lower(email))" or "(lower(email)) desc": the outer parentheses hold
    // an expression key, which may hold parentheses and quotes of its own.
    IndexColumn parse_index_expression(const std::string& spec, const Entries& i, const std::string& where) {
        IndexColumn ic;
        int depth = 0;
        char quote = 0;
        std::size_t close = std::string::npos;
        for (std::size_t k = 0; k < spec.size() && close == std::string::npos; ++k) {
            char ch = spec[k];
            if (quote) {
                if (ch == quote) quote = 0;
            } else if (ch == '\'' || ch == '"' || ch == '`') {
                quote = ch;
            } else if (ch == '(') {
                ++depth;
            } else if (ch == ')' && --depth == 0) {
                close = k;
            }
        }
        std::string rest = close == std::string::npos ? "" : spec.substr(close + 1);
        rest = lower_ascii(rest);
        rest.erase(0, rest.find_first_not_of(' '));
        if (close == std::string::npos || close == 1 || (!rest.empty() && rest != "asc" && rest != "desc")) {
            problem(i.get("columns")->source(), where,
                    fmt::format("index column '{}': an expression key is written in parentheses, like "
                                "\"(lower(email))\" or \"(lower(email)) desc\"",
                                spec));
            return ic;
        }
        ic.expr = spec.substr(1, close - 1);
        ic.desc = rest == "desc";
        return ic;
    }

    ForeignKey read_foreign_key(const Entries& f, const std::string& table) {
        ForeignKey fk;
        fk.pos = pos(f.source());
        fk.name = str(f, "name", table).value_or("");
        std::string where = table + (fk.name.empty() ? " foreign key" : "." + fk.name);
        check_keys(f.table(), kForeignKeyKeys, where);
        fk.columns = strings(f, "columns", where, true);
        fk.ref_table = str(f, "ref_table", where, true).value_or("");
        fk.ref_columns = strings(f, "ref_columns", where, true);
        fk.on_delete = action(f, "on_delete", where);
        fk.on_update = action(f, "on_update", where);
        return fk;
    }
};

}  // namespace

const SchemaFileKeys& schema_file_keys() {
    static const SchemaFileKeys keys{kTopKeys,   kTableKeys,      kColumnKeys, kOverrideKeys,
                                     kIndexKeys, kForeignKeyKeys, kCheckKeys};
    return keys;
}

namespace {

void syntax_error(const toml::parse_error& e, const std::string& file, Diagnostics& out) {
    out.push_back({{file, static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column)},
                   "",
                   "TOML syntax error: " + std::string(e.description())});
}

// Threads to read a file of this size with: a big file's tables are read
// on every core (up to 4), each into its own slot; a small one on this thread.
std::size_t reading_slots(std::string_view text) {
    constexpr std::size_t kBigFile = 256 * 1024;
    return threads_for(text.size(), kBigFile);
}

// One file's text, table by table where it can be (toml/parts.hpp), else whole.
void read_text(std::string_view text, const std::string& file, Schema& into, Diagnostics& out) {
    const std::size_t slots = reading_slots(text);
    std::vector<Schema> got(slots);
    std::vector<Diagnostics> found(slots);
    const auto name = std::make_shared<const std::string>(file);
    const TomlParts parts{"table",
                          [&](const toml::table& head) {
                              Reader(name, found[0]).read_head(head);  // slot 0's results come first
                              return true;
                          },
                          [&](const toml::table& entry, int lines_before, std::size_t slot) {
                              Reader(name, found[slot], lines_before).read(entry, got[slot]);
                          },
                          slots};
    if (parse_by_parts(text, file, parts)) {
        std::size_t n = into.tables.size();
        for (const auto& g : got) n += g.tables.size();
        into.tables.reserve(n);
        for (std::size_t k = 0; k < slots; ++k) {
            std::move(got[k].tables.begin(), got[k].tables.end(), std::back_inserter(into.tables));
            std::move(found[k].begin(), found[k].end(), std::back_inserter(out));
        }
        return;
    }
    try {
        toml::table root = toml::parse(text, file);
        Reader(name, out).read(root, into);
    } catch (const toml::parse_error& e) {
        syntax_error(e, file, out);
    }
}

void read_file(const fs::path& path, Schema& into, Diagnostics& out) {
    const std::optional<FileText> text = FileText::open(path);
    if (!text) {
        out.push_back(
            {{path.string(), 0, 0},
             "",
             fmt::format("cannot read the file ({}): check that it exists and is readable", std::strerror(errno))});
        return;
    }
    read_text(text->view(), path.string(), into, out);
}

}  // namespace

Schema read_schema_text(std::string_view text, const std::string& file, Diagnostics& out) {
    Schema s;
    read_text(text, file, s, out);
    return s;
}

Schema read_schema_files(const std::vector<std::string>& paths, Diagnostics& out) {
    Schema all;
    for (const auto& path : paths) {
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            std::vector<fs::path> files;
            for (const auto& e : fs::directory_iterator(path, ec))
                if (e.is_regular_file() && e.path().extension() == ".toml") files.push_back(e.path());
            std::sort(files.begin(), files.end());
            if (files.empty()) out.push_back({{path, 0, 0}, "", "the folder holds no .toml files"});
            for (const auto& f : files) read_file(f, all, out);
        } else if (fs::exists(path, ec)) {
            read_file(path, all, out);
        } else {
            out.push_back({{path, 0, 0}, "", "no such file or folder: check --schema or [schema] paths"});
        }
    }
    return all;
}

}  // namespace schemactl
