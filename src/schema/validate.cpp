#include "schema/validate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cctype>
#include <unordered_map>
#include <unordered_set>

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

const std::vector<std::string_view> kTypes{"smallint", "int",  "integer",   "bigint",      "boolean", "real",
                                           "double",   "decimal", "char",   "varchar",     "text",    "blob",
                                           "date",     "time", "timestamp", "timestamptz", "json",    "uuid", "enum"};
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
        for (const auto& t : s.tables) table(t, tables);
    }

private:
    Diagnostics& out_;
    std::size_t max_len_;

    void problem(const SourcePos& p, std::string where, std::string msg) {
        out_.push_back({p, std::move(where), std::move(msg)});
    }

    void identifier(const SourcePos& p, const std::string& where, const std::string& what, const std::string& id) {
        if (id.empty()) return;  // missing: reported by the reader
        // ^[A-Za-z_][A-Za-z0-9_]*$ (checked by hand: std::regex costs more than the rest of reading)
        auto word = [](unsigned char c) { return std::isalnum(c) || c == '_'; };
        bool valid = !std::isdigit(static_cast<unsigned char>(id[0])) &&
                     std::all_of(id.begin(), id.end(), [&](char c) { return c > 0 && word(static_cast<unsigned char>(c)); });
        if (!valid)
            problem(p, where,
                    fmt::format("{} '{}' is not a valid name: use letters, digits and _, not starting with a digit",
                                what, id));
        else if (id.size() > max_len_)
            problem(p, where, fmt::format("{} '{}' is {} characters long; the database allows {}", what, id, id.size(),
                                          max_len_));
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
                problem(c.pos, where, fmt::format("type '{}' needs a length from 1 to 65535, like {}(64)", c.type, tn.base));
        } else if (tn.base == "decimal") {
            long long p = 0, sc = 0;
            bool ok = tn.args.size() <= 2 && (tn.args.empty() || (is_int(tn.args[0], &p) && p >= 1 && p <= 65)) &&
                      (tn.args.size() < 2 || (is_int(tn.args[1], &sc) && sc >= 0 && sc <= p));
            if (!ok) problem(c.pos, where, fmt::format("type '{}': write decimal(p,s) with 1 <= p <= 65 and 0 <= s <= p", c.type));
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

    void default_fits(const Column& c, const TypeName& tn, const std::string& where, bool integer) {
        const auto& d = c.default_value;
        using K = Default::Kind;
        if (d.kind == K::none || d.kind == K::expr) return;
        auto bad = [&](const char* what) {
            problem(c.pos, where,
                    fmt::format("default {} does not fit type {}: {}", d.kind == K::string ? "\"" + d.text + "\"" : d.text,
                                c.type, what));
        };
        if (integer) {
            if (d.kind == K::floating || d.kind == K::boolean || (d.kind == K::string && !is_int(d.text)))
                bad("give a whole number");
        } else if (tn.base == "real" || tn.base == "double" || tn.base == "decimal") {
            if (d.kind == K::boolean || (d.kind == K::string && !is_number(d.text))) bad("give a number");
        } else if (tn.base == "boolean") {
            if (d.kind == K::floating || d.kind == K::string || (d.kind == K::integer && d.text != "0" && d.text != "1"))
                bad("give true or false");
        } else if (tn.base == "enum") {
            if (d.kind != K::string || std::find(c.enum_values.begin(), c.enum_values.end(), d.text) == c.enum_values.end())
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

    void table(const Table& t, const std::unordered_map<std::string, const Table*>& tables) {
        identifier(t.pos, t.name, "table name", t.name);
        if (!t.renamed_from.empty()) identifier(t.pos, t.name, "renamed_from", t.renamed_from);
        if (t.renamed_from == t.name && !t.name.empty())
            problem(t.pos, t.name, "renamed_from names the table itself: remove it, or name the old table");
        std::unordered_map<std::string, const Column*> cols;
        int autos = 0;
        for (const auto& c : t.columns) {
            if (!c.name.empty() && !cols.emplace(c.name, &c).second)
                problem(c.pos, t.name + "." + c.name, fmt::format("column '{}' is defined twice in table {}", c.name, t.name));
            column(t, c);
            if (c.auto_increment) {
                ++autos;
                if (t.primary_key != std::vector<std::string>{c.name})
                    problem(c.pos, t.name + "." + c.name,
                            "auto_increment needs the column to be the table's whole primary key: primary_key = [\"" +
                                c.name + "\"]");
            }
        }
        if (autos > 1) problem(t.pos, t.name, "more than one auto_increment column: a table can have one");
        columns_exist(t, t.pos, t.name, "primary_key", t.primary_key);
        std::unordered_set<std::string> pk_seen;
        for (const auto& c : t.primary_key)
            if (!pk_seen.insert(c).second) problem(t.pos, t.name, fmt::format("primary_key lists '{}' twice", c));
        for (const auto& c : t.primary_key)
            if (auto it = cols.find(c); it != cols.end() && it->second->nullable)
                problem(it->second->pos, t.name + "." + c, "a primary key column cannot be nullable");

        std::unordered_set<std::string> names;
        auto unique_name = [&](const SourcePos& p, const std::string& kind, const std::string& n) {
            if (n.empty()) return;
            identifier(p, t.name + "." + n, kind + " name", n);
            if (!names.insert(n).second)
                problem(p, t.name + "." + n, fmt::format("{} name '{}' is used twice in table {}", kind, n, t.name));
        };
        for (const auto& ix : t.indexes) {
            unique_name(ix.pos, "index", ix.name);
            std::vector<std::string> ic;
            for (const auto& c : ix.columns) ic.push_back(c.name);
            columns_exist(t, ix.pos, t.name + (ix.name.empty() ? " index" : "." + ix.name), "index", ic);
            if (ix.columns.empty()) problem(ix.pos, t.name, "an index needs columns = [\"...\"]");
            if (!ix.method.empty() && std::find(kMethods.begin(), kMethods.end(), ix.method) == kMethods.end())
                problem(ix.pos, t.name + (ix.name.empty() ? " index" : "." + ix.name),
                        fmt::format("unknown index method '{}': use btree, hash, gin, gist, brin or fulltext", ix.method));
        }
        for (const auto& fk : t.foreign_keys) {
            unique_name(fk.pos, "foreign key", fk.name);
            std::string where = t.name + (fk.name.empty() ? " foreign key" : "." + fk.name);
            columns_exist(t, fk.pos, where, "foreign key", fk.columns);
            if (fk.columns.size() != fk.ref_columns.size())
                problem(fk.pos, where,
                        fmt::format("foreign key has {} columns but ref_columns has {}: they must pair up",
                                    fk.columns.size(), fk.ref_columns.size()));
            if (fk.ref_table.empty()) continue;
            auto rt = tables.find(fk.ref_table);
            if (rt == tables.end()) {
                problem(fk.pos, where,
                        fmt::format("foreign key references table '{}', which no schema file defines", fk.ref_table));
                continue;
            }
            for (const auto& rc : fk.ref_columns)
                if (!rt->second->find_column(rc))
                    problem(fk.pos, where,
                            fmt::format("foreign key references column {}.{}, which does not exist", fk.ref_table, rc));
            for (const auto& a : {fk.on_delete, fk.on_update})
                if (a == "SET NULL")
                    for (const auto& c : fk.columns)
                        if (auto it = cols.find(c); it != cols.end() && !it->second->nullable)
                            problem(fk.pos, where,
                                    fmt::format("'set null' needs column {} to be nullable", c));
        }
        for (const auto& ck : t.checks) {
            unique_name(ck.pos, "check", ck.name);
            if (ck.expr.empty()) continue;
            if (ck.expr.find(';') != std::string::npos)
                problem(ck.pos, t.name + (ck.name.empty() ? " check" : "." + ck.name),
                        "a check expression cannot contain ';'");
        }
        for (const auto& ix : t.indexes)
            if (ix.where.find(';') != std::string::npos)
                problem(ix.pos, t.name, "an index 'where' cannot contain ';'");
        for (const auto& c : t.columns)
            if (c.default_value.kind == Default::Kind::expr && c.default_value.text.find(';') != std::string::npos)
                problem(c.pos, t.name + "." + c.name, "default_expr cannot contain ';'");
    }
};

}  // namespace

void validate_schema(const Schema& portable, Diagnostics& out, std::size_t max_identifier_length) {
    Validator(out, max_identifier_length).run(portable);
}

}  // namespace schemactl
