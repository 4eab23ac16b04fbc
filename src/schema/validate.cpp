#include "schema/validate.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <iterator>
#include <unordered_map>
#include <unordered_set>

#include "runtime/parallel.hpp"
#include "schema/prepare.hpp"

namespace schemactl {

std::string nearest(std::string_view word, const std::vector<std::string_view>& candidates) {
    std::string best;
    std::size_t best_d = 3;  // at most two edits away
    for (auto c : candidates) {
        std::vector<std::size_t> prev(c.size() + 1), cur(c.size() + 1);
        for (std::size_t j = 0; j <= c.size(); ++j) prev[j] = j;
        for (std::size_t i = 1; i <= word.size(); ++i) {
            cur[0] = i;
            for (std::size_t j = 1; j <= c.size(); ++j)
                cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (word[i - 1] == c[j - 1] ? 0 : 1)});
            std::swap(prev, cur);
        }
        if (prev[c.size()] < best_d) {
            best_d = prev[c.size()];
            best = c;
        }
    }
    return best;
}

namespace {

// Tables a thread is worth checking (runtime/parallel.hpp).
constexpr std::size_t kCheckedPerThread = 500;

// check(from, to, into) on ranges of `count` tables, on several threads past
// kCheckedPerThread; each range's problems are kept apart and added to
// `out` in the files' order.
template <class Check>
void check_in_ranges(std::size_t count, Diagnostics& out, Check&& check) {
    std::vector<Diagnostics> found(threads_for(count, kCheckedPerThread));
    in_ranges(count, found.size(),
              [&](std::size_t from, std::size_t to, std::size_t slot) { check(from, to, found[slot]); });
    for (auto& f : found) std::move(f.begin(), f.end(), std::back_inserter(out));
}

const std::vector<std::string_view> kTypes{"smallint",  "int",         "integer", "bigint", "boolean", "real", "double",
                                           "decimal",   "char",        "varchar", "text",   "blob",    "date", "time",
                                           "timestamp", "timestamptz", "json",    "uuid",   "enum"};
const std::vector<std::string_view> kMethods{"btree", "hash", "gin", "gist", "brin", "fulltext"};

bool is_int(std::string_view s, long long* v = nullptr) {
    long long x = 0;
    auto r = std::from_chars(s.data(), s.data() + s.size(), x);
    if (v) *v = x;
    return !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size();
}
bool is_number(std::string_view s) {
    double x = 0;
    auto r = std::from_chars(s.data(), s.data() + s.size(), x);
    return !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size();
}

class Validator {
public:
    Validator(Diagnostics& out, std::size_t max_len) : out_(out), max_len_(max_len) {}

    void run(const Schema& s) {
        std::unordered_map<std::string, const Table*> tables;
        for (const auto& t : s.tables) {
            if (!t.name.empty() && !tables.emplace(t.name, &t).second)
                problem(t.pos, t.name,
                        fmt::format("table '{}' is defined twice (first at {})", t.name, tables[t.name]->pos.str()));
        }
        // Each table is checked alone, against the names above.
        check_in_ranges(s.tables.size(), out_, [&](std::size_t from, std::size_t to, Diagnostics& into) {
            Validator range(into, max_len_);
            for (std::size_t i = from; i < to; ++i) range.table(s.tables[i], tables);
        });
    }

private:
    Diagnostics& out_;
    std::size_t max_len_;

    void problem(const SourcePos& p, std::string where, std::string msg) {
        // A NUL in a name would cut the message short wherever it is printed.
        for (auto* text : {&where, &msg})
            for (auto at = text->find('\0'); at != std::string::npos; at = text->find('\0', at))
                text->replace(at, 1, "\\0");
        out_.push_back({p, std::move(where), std::move(msg)});
    }

    // Every identifier is quoted in the SQL schemactl writes, so any name the
    // database stores is fine: spaces, any letters, reserved words. Refused:
    // NUL (no database stores it), text that is not UTF-8, and names longer
    // than the dialect's limit (in characters here; a dialect that counts
    // bytes checks that in Dialect::validate).
    void identifier(const SourcePos& p, const std::string& where, const std::string& what, const std::string& id) {
        if (id.empty()) return;  // missing: reported by the reader
        if (id.find('\0') != std::string::npos)
            problem(p, where,
                    fmt::format("{} contains a NUL byte, which no database allows in a name: remove it", what));
        else if (!valid_utf8(id))
            problem(p, where, fmt::format("{} is not valid UTF-8: write the name in UTF-8", what));
        else if (utf8_length(id) > max_len_)
            problem(p, where,
                    fmt::format("{} '{}' is {} characters long; the database allows {}: shorten it", what, id,
                                utf8_length(id), max_len_));
    }

    // Which types a foreign key may pair: the same type (int = integer), or
    // two string types of any length. MySQL/MariaDB refuse anything else
    // (an int referencing a bigint included); PostgreSQL and SQLite would
    // accept more, but a schema must work on each database.
    static bool fk_types_match(const Column& a, const Column& b) {
        if (has_type_override(a) || has_type_override(b)) return true;  // native types: the database judges
        TypeName x = parse_type_name(a.type), y = parse_type_name(b.type);
        auto norm = [](std::string& base) {
            if (base == "integer") base = "int";
        };
        norm(x.base);
        norm(y.base);
        auto str = [](const std::string& base) { return base == "varchar" || base == "char" || base == "text"; };
        if (str(x.base) && str(y.base)) return true;
        if (x.base == "enum" || y.base == "enum") return x.base == y.base && a.enum_values == b.enum_values;
        return x.base == y.base && x.args == y.args;
    }
    static bool has_type_override(const Column& c) {
        return std::any_of(c.overrides.begin(), c.overrides.end(),
                           [](const auto& o) { return o.second.type.has_value(); });
    }

    // An expression is written into a statement as it is: a ';' would end
    // that statement early, and a -- comment would swallow the rest of its
    // line (the closing parenthesis, or the ';' of `plan --format sql`).
    void expression(const SourcePos& p, const std::string& where, std::string_view what, std::string_view sql) {
        if (sql.find(';') != std::string_view::npos) {
            problem(p, where, fmt::format("{} cannot contain ';': write one expression", what));
            return;
        }
        // Strings and quoted names are stepped over: '--' inside them is text.
        // A backslash inside one escapes the next character, as MariaDB and
        // MySQL (and PostgreSQL's E'...') print a quote in a string: refusing
        // what `inspect` exported would be worse than missing a comment after
        // a string that ends in a backslash, which the database then refuses.
        char close = 0;
        for (std::size_t i = 0; i < sql.size(); ++i) {
            const char ch = sql[i];
            if (close) {
                if (ch == '\\' && close != ']') ++i;
                else if (ch == close) close = 0;  // a doubled quote closes and reopens
            } else if (ch == '\'' || ch == '"' || ch == '`' || ch == '[') {
                close = ch == '[' ? ']' : ch;
            } else if (ch == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
                problem(p, where,
                        fmt::format("{} holds an SQL comment ('--'), which would cut short the statement it is "
                                    "written into: remove it, or write a TOML comment (# ...) on its own line",
                                    what));
                return;
            }
        }
    }

    // Unnamed indexes, unique columns, foreign keys and checks get generated
    // names (schema/prepare.hpp): two of them, or one and a given name, must
    // not end up the same, or the database refuses the second ("Duplicate key
    // name") or keeps only one.
    void generated_names(const Table& t) {
        // Where a name comes from, in words: built only for a problem.
        auto what = [&](const KeyName& k) -> std::string {
            switch (k.kind) {
                case KeyName::Kind::index: {
                    const Index& ix = t.indexes[k.at];
                    if (!k.generated) return fmt::format("index '{}'", k.name);
                    std::vector<std::string> c;
                    for (const auto& ic : ix.columns) c.push_back(ic.key());
                    return fmt::format("the unnamed index on ({})", fmt::join(c, ", "));
                }
                case KeyName::Kind::unique_column: return fmt::format("unique column {}", t.columns[k.at].name);
                case KeyName::Kind::foreign_key:
                    return k.generated ? fmt::format("the unnamed foreign key on ({})",
                                                     fmt::join(t.foreign_keys[k.at].columns, ", "))
                                       : fmt::format("foreign key '{}'", k.name);
                case KeyName::Kind::check:
                    return k.generated ? std::string("an unnamed check") : fmt::format("check '{}'", k.name);
            }
            return {};
        };
        const std::vector<KeyName> keys = key_names(t, max_len_);
        std::unordered_map<std::string_view, const KeyName*> seen;
        for (const KeyName& k : keys) {
            auto [it, fresh] = seen.emplace(k.name, &k);
            const KeyName& first = *it->second;
            if (fresh || (!k.generated && !first.generated)) continue;  // two given names: reported as "used twice"
            problem(*k.pos, t.name + "." + k.name,
                    fmt::format("{} gets the name '{}', which {} (at {}) also has: {}", what(k), k.name, what(first),
                                first.pos->str(),
                                k.generated && first.generated
                                    ? "they are the same index twice: remove one, or give each a name"
                                    : "give this one another name"));
        }
    }

    void column(const Table& t, const Column& c) {
        std::string where = t.name + "." + c.name;
        identifier(c.pos, where, "column name", c.name);
        if (!c.renamed_from.empty()) identifier(c.pos, where, "renamed_from", c.renamed_from);
        if (c.renamed_from == c.name && !c.name.empty())
            problem(c.pos, where, "renamed_from names the column itself: remove it, or name the old column");
        if (c.type.empty()) return;
        TypeName tn = parse_type_name(c.type);
        if (std::find(kTypes.begin(), kTypes.end(), tn.base) == kTypes.end()) {
            std::string hint = nearest(tn.base, kTypes);
            problem(c.pos, where,
                    fmt::format("unknown type '{}'{}: portable types are smallint int bigint boolean real double "
                                "decimal(p,s) char(n) varchar(n) text blob date time timestamp timestamptz json uuid "
                                "enum; a native type goes in an override, like postgres = {{ type = \"citext\" }}",
                                c.type, hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint)));
            return;
        }
        bool sized = tn.base == "varchar" || tn.base == "char";
        if (sized) {
            long long n = 0;
            if (tn.args.size() != 1 || !is_int(tn.args[0], &n) || n <= 0 || n > 65535)
                problem(c.pos, where,
                        fmt::format("type '{}' needs a length from 1 to 65535, like {}(64)", c.type, tn.base));
        } else if (tn.base == "decimal") {
            long long p = 0, sc = 0;
            bool ok = tn.args.size() <= 2 && (tn.args.empty() || (is_int(tn.args[0], &p) && p >= 1 && p <= 65)) &&
                      (tn.args.size() < 2 || (is_int(tn.args[1], &sc) && sc >= 0 && sc <= p));
            if (!ok)
                problem(c.pos, where,
                        fmt::format("type '{}': write decimal(p,s) with 1 <= p <= 65 and 0 <= s <= p", c.type));
        } else if (!tn.args.empty() || c.type.find('(') != std::string::npos) {
            problem(c.pos, where, fmt::format("type '{}' takes no arguments: write {}", c.type, tn.base));
        }
        if (tn.base == "enum" && c.enum_values.empty())
            problem(c.pos, where, "an enum needs its values: values = [\"a\", \"b\"]");
        if (tn.base != "enum" && !c.enum_values.empty())
            problem(c.pos, where, fmt::format("'values' is only for enum columns, and this one is {}", c.type));
        std::unordered_set<std::string> seen;
        for (const auto& v : c.enum_values)
            if (!seen.insert(v).second) problem(c.pos, where, fmt::format("enum value '{}' is listed twice", v));
        bool integer = tn.base == "smallint" || tn.base == "int" || tn.base == "integer" || tn.base == "bigint";
        if (c.auto_increment && !integer)
            problem(c.pos, where, fmt::format("auto_increment needs an integer type (int, bigint), not {}", c.type));
        default_fits(c, tn, where, integer);
    }

    void generated_column(const Table& t, const Column& c) {
        std::string where = t.name + "." + c.name;
        if (c.default_value.has_value())
            problem(c.pos, where, "a generated column has no default: remove 'default' or 'generated'");
        if (c.auto_increment) problem(c.pos, where, "a generated column cannot be auto_increment: remove one of them");
        if (std::find(t.primary_key.begin(), t.primary_key.end(), c.name) != t.primary_key.end())
            problem(c.pos, where, "a generated column cannot be in the primary key (not every database allows it)");
        if (c.generated->find_first_not_of(" \t\n") == std::string::npos &&
            std::none_of(c.overrides.begin(), c.overrides.end(),
                         [](const auto& o) { return o.second.generated.has_value(); }))
            problem(c.pos, where, "'generated' is empty: give the SQL expression that computes the column");
    }

    void default_fits(const Column& c, const TypeName& tn, const std::string& where, bool integer) {
        const auto& d = c.default_value;
        using K = Default::Kind;
        if (d.kind == K::none || d.kind == K::expr) return;
        auto bad = [&](const char* what) {
            problem(c.pos, where,
                    fmt::format("default {} does not fit type {}: {}",
                                d.kind == K::string ? "\"" + d.text + "\"" : d.text, c.type, what));
        };
        if (integer) {
            long long v = 0;
            if (d.kind == K::floating || d.kind == K::boolean || (d.kind == K::string && !is_int(d.text)))
                bad("give a whole number");
            else if (is_int(d.text, &v) &&
                     ((tn.base == "smallint" && (v < -32768 || v > 32767)) ||
                      ((tn.base == "int" || tn.base == "integer") && (v < -2147483648LL || v > 2147483647LL))))
                bad(tn.base == "smallint" ? "smallint holds -32768 to 32767" : "int holds -2147483648 to 2147483647");
        } else if (tn.base == "real" || tn.base == "double" || tn.base == "decimal") {
            long long p = 0, sc = 0;
            if (d.kind == K::boolean || (d.kind == K::string && !is_number(d.text))) {
                bad("give a number");
            } else if (tn.base == "decimal" && !tn.args.empty() && is_int(tn.args[0], &p) &&
                       (tn.args.size() < 2 || is_int(tn.args[1], &sc)) && p >= sc) {
                // Rounded to the scale, the value must keep within p - s digits before the point.
                double x = 0;
                std::from_chars(d.text.data(), d.text.data() + d.text.size(), x);
                double rounded = std::round(std::fabs(x) * std::pow(10.0, static_cast<double>(sc)));
                if (rounded >= std::pow(10.0, static_cast<double>(p)))
                    problem(c.pos, where,
                            fmt::format("default {} does not fit type {}: it holds {} digit{} before the point; "
                                        "widen the type or change the default",
                                        d.text, c.type, p - sc, p - sc == 1 ? "" : "s"));
            }
        } else if (tn.base == "boolean") {
            if (d.kind == K::floating || d.kind == K::string ||
                (d.kind == K::integer && d.text != "0" && d.text != "1"))
                bad("give true or false");
        } else if (tn.base == "enum") {
            if (d.kind != K::string ||
                std::find(c.enum_values.begin(), c.enum_values.end(), d.text) == c.enum_values.end())
                bad("give one of the enum's values");
        } else if (tn.base == "varchar" || tn.base == "char" || tn.base == "text" || tn.base == "uuid") {
            if (d.kind == K::boolean) bad("give a string");
            long long n = 0;
            if (d.kind == K::string && tn.args.size() == 1 && is_int(tn.args[0], &n) &&
                static_cast<long long>(d.text.size()) > n)
                bad("the value is longer than the column");
        } else if (tn.base == "json" || tn.base == "blob") {
            problem(c.pos, where,
                    fmt::format("a literal default on {} is not portable (MySQL forbids it): use default_expr in a "
                                "per-dialect override if you need one",
                                tn.base));
        } else if (d.kind != K::string) {
            bad("give a string in the database's format, like \"2024-01-31\"");
        }
    }

    void columns_exist(const Table& t, const SourcePos& p, const std::string& where, const std::string& what,
                       const std::vector<std::string>& cols) {
        for (const auto& c : cols)
            if (!t.find_column(c))
                problem(p, where, fmt::format("{} names column '{}', which table {} does not have", what, c, t.name));
    }

    using ColumnMap = std::unordered_map<std::string, const Column*>;

    // Each column, then the table-wide column rules; the columns by name.
    ColumnMap check_columns(const Table& t) {
        ColumnMap cols;
        int autos = 0;
        for (const auto& c : t.columns) {
            if (!c.name.empty() && !cols.emplace(c.name, &c).second)
                problem(c.pos, t.name + "." + c.name,
                        fmt::format("column '{}' is defined twice in table {}", c.name, t.name));
            column(t, c);
            // Where an auto_increment column may stand differs per database
            // (MySQL: first column of some key; SQLite: the single INTEGER
            // PRIMARY KEY; PostgreSQL: any integer column): each dialect's
            // validate checks its own rule.
            if (c.auto_increment) ++autos;
            if (!c.generated.empty() || std::any_of(c.overrides.begin(), c.overrides.end(),
                                                    [](const auto& o) { return o.second.generated.has_value(); }))
                generated_column(t, c);
        }
        if (autos > 1) problem(t.pos, t.name, "more than one auto_increment column: a table can have one");
        return cols;
    }

    void check_primary_key(const Table& t, const ColumnMap& cols) {
        columns_exist(t, t.pos, t.name, "primary_key", t.primary_key);
        std::unordered_set<std::string> pk_seen;
        for (const auto& c : t.primary_key)
            if (!pk_seen.insert(c).second) problem(t.pos, t.name, fmt::format("primary_key lists '{}' twice", c));
        for (const auto& c : t.primary_key)
            if (auto it = cols.find(c); it != cols.end() && it->second->nullable)
                problem(it->second->pos, t.name + "." + c, "a primary key column cannot be nullable");
    }

    // Index, foreign key and check names share one namespace per table (`names`).
    void constraint_name(std::unordered_set<std::string>& names, const Table& t, const SourcePos& p,
                         const std::string& kind, const std::string& n) {
        if (n.empty()) return;
        identifier(p, t.name + "." + n, kind + " name", n);
        if (!names.insert(n).second)
            problem(p, t.name + "." + n, fmt::format("{} name '{}' is used twice in table {}", kind, n, t.name));
    }

    void check_indexes(const Table& t, std::unordered_set<std::string>& names) {
        for (const auto& ix : t.indexes) {
            constraint_name(names, t, ix.pos, "index", ix.name);
            std::vector<std::string> ic;
            for (const auto& c : ix.columns)
                if (c.expr.empty()) ic.push_back(c.name);
            columns_exist(t, ix.pos, t.name + (ix.name.empty() ? " index" : "." + ix.name), "index", ic);
            if (ix.columns.empty()) problem(ix.pos, t.name, "an index needs columns = [\"...\"]");
            if (!ix.method.empty() && std::find(kMethods.begin(), kMethods.end(), ix.method) == kMethods.end())
                problem(
                    ix.pos, t.name + (ix.name.empty() ? " index" : "." + ix.name),
                    fmt::format("unknown index method '{}': use btree, hash, gin, gist, brin or fulltext", ix.method));
        }
    }

    void check_foreign_key(const Table& t, const ForeignKey& fk, const ColumnMap& cols,
                           const std::unordered_map<std::string, const Table*>& tables) {
        std::string where = t.name + (fk.name.empty() ? " foreign key" : "." + fk.name);
        columns_exist(t, fk.pos, where, "foreign key", fk.columns);
        if (fk.columns.size() != fk.ref_columns.size())
            problem(fk.pos, where,
                    fmt::format("foreign key has {} columns but ref_columns has {}: they must pair up",
                                fk.columns.size(), fk.ref_columns.size()));
        if (fk.ref_table.empty()) return;
        auto rt = tables.find(fk.ref_table);
        if (rt == tables.end()) {
            problem(fk.pos, where,
                    fmt::format("foreign key references table '{}', which no schema file defines", fk.ref_table));
            return;
        }
        for (const auto& rc : fk.ref_columns)
            if (!rt->second->find_column(rc))
                problem(fk.pos, where,
                        fmt::format("foreign key references column {}.{}, which does not exist", fk.ref_table, rc));
        for (std::size_t i = 0; i < fk.columns.size() && i < fk.ref_columns.size(); ++i)
            if (const Column* c = t.find_column(fk.columns[i]), *r = rt->second->find_column(fk.ref_columns[i]);
                c && r && !fk_types_match(*c, *r))
                problem(fk.pos, where,
                        fmt::format("foreign key column {} is {} but references {}.{}, which is {}: MySQL/MariaDB "
                                    "refuses a foreign key between different types (strings may differ in "
                                    "length); give both columns the same type",
                                    c->name, c->type, fk.ref_table, r->name, r->type));
        for (const auto& a : {fk.on_delete, fk.on_update})
            if (a == "SET NULL")
                for (const auto& c : fk.columns)
                    if (auto it = cols.find(c); it != cols.end() && !it->second->nullable)
                        problem(fk.pos, where, fmt::format("'set null' needs column {} to be nullable", c));
    }

    void table(const Table& t, const std::unordered_map<std::string, const Table*>& tables) {
        identifier(t.pos, t.name, "table name", t.name);
        if (!t.renamed_from.empty()) identifier(t.pos, t.name, "renamed_from", t.renamed_from);
        if (t.renamed_from == t.name && !t.name.empty())
            problem(t.pos, t.name, "renamed_from names the table itself: remove it, or name the old table");
        ColumnMap cols = check_columns(t);
        check_primary_key(t, cols);

        std::unordered_set<std::string> names;
        generated_names(t);
        check_indexes(t, names);
        for (const auto& fk : t.foreign_keys) {
            constraint_name(names, t, fk.pos, "foreign key", fk.name);
            check_foreign_key(t, fk, cols, tables);
        }
        for (const auto& ck : t.checks) {
            constraint_name(names, t, ck.pos, "check", ck.name);
            expression(ck.pos, t.name + (ck.name.empty() ? " check" : "." + ck.name), "check 'expr'", ck.expr);
        }
        for (const auto& ix : t.indexes) {
            const std::string where = t.name + (ix.name.empty() ? " index" : "." + ix.name);
            expression(ix.pos, where, "index 'where'", ix.where);
            for (const auto& ic : ix.columns) expression(ix.pos, where, "index key expression", ic.expr);
        }
        for (const auto& c : t.columns) {
            const std::string where = t.name + "." + c.name;
            if (c.default_value.kind == Default::Kind::expr)
                expression(c.pos, where, "default_expr", c.default_value.text);
            expression(c.pos, where, "'generated'", c.generated);
            for (const auto& [dialect, o] : c.overrides) {
                if (o.default_expr) expression(c.pos, where, dialect + " default_expr", *o.default_expr);
                if (o.generated) expression(c.pos, where, dialect + " 'generated'", *o.generated);
            }
        }
    }
};

}  // namespace

void validate_schema(const Schema& portable, Diagnostics& out, std::size_t max_identifier_length) {
    Validator(out, max_identifier_length).run(portable);
}

void validate_name_collisions(const Schema& portable, const NameRules& rules, std::size_t max_identifier_length,
                              std::string_view database, Diagnostics& out) {
    struct Named {
        std::string_view name;  // held by the schema, or by key_names' result
        const SourcePos* pos;
    };
    // Spellings that differ but are one name to the database; the same
    // spelling twice is validate_schema's ("defined twice"). `in` says where,
    // for the message: written only when there is one.
    auto check = [&](Diagnostics& into, const std::vector<Named>& items, NameCase how, const std::string& kind,
                     const auto& in, const std::string& table) {
        if (how == NameCase::exact) return;
        std::unordered_map<std::string, const Named*> first;
        first.reserve(items.size());
        for (const auto& n : items) {
            auto [it, fresh] = first.emplace(name_key(n.name, how), &n);
            if (fresh || it->second->name == n.name) continue;
            into.push_back(
                {*n.pos, table.empty() ? std::string(n.name) : table + "." + std::string(n.name),
                 fmt::format("{} '{}' and {} '{}' (at {}) are one name to {}, which ignores case in {} "
                             "names{}: rename one of them",
                             kind, n.name, kind, it->second->name, it->second->pos->str(), database, kind, in())});
        }
    };
    std::vector<Named> tables;
    for (const auto& t : portable.tables) tables.push_back({t.name, &t.pos});
    check(
        out, tables, rules.tables, "table", [] { return std::string(); }, "");
    // Each table's columns and keys alone.
    check_in_ranges(portable.tables.size(), out, [&](std::size_t from, std::size_t to, Diagnostics& into) {
        std::vector<Named> items;
        for (std::size_t i = from; i < to; ++i) {
            const Table& t = portable.tables[i];
            items.clear();
            for (const auto& c : t.columns) items.push_back({c.name, &c.pos});
            check(
                into, items, rules.columns, "column", [&] { return fmt::format(" (table {})", t.name); }, t.name);
            if (rules.indexes == NameCase::exact) continue;
            // Generated names count too: idx_t_Name and idx_t_name are one index name on MySQL.
            const std::vector<KeyName> keys = key_names(t, max_identifier_length);
            items.clear();
            for (const KeyName& k : keys) items.push_back({k.name, k.pos});
            check(
                into, items, rules.indexes, "index",
                [&] { return fmt::format(" (table {}; foreign keys and checks count)", t.name); }, t.name);
        }
    });
}

}  // namespace schemactl
