#include "dialect/mysql/mysql_dialect.hpp"
#include "dialect/mysql/mysql_conversions.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "dialect/mysql/mysql_driver.hpp"
#include "dialect/mysql/mysql_render.hpp"
#include "dialect/mysql/mysql_types.hpp"
#include "schema/error.hpp"
#include "schema/text.hpp"
#include "schema/validate.hpp"

namespace schemactl {

namespace {

// The base type MySQL will see: a `mysql = { type = ... }` override wins over
// the portable type (BINARY(16) is exported as blob + override, and is indexable).
std::string effective_base(const Column& c) {
    if (auto o = c.overrides->find("mysql"); o != c.overrides.end() && o->second.type)
        return type_base(*o->second.type);
    return type_base(c.type);
}

bool needs_prefix(const std::string& base) {
    return base == "text" || base == "tinytext" || base == "mediumtext" || base == "longtext" || base == "blob" ||
           base == "tinyblob" || base == "mediumblob" || base == "longblob" || base == "json";
}

bool innodb(const Table& t) {
    auto e = t.options.find("engine");
    if (e == t.options.end()) return true;
    std::string v = e->second;
    v = lower_ascii(v);
    return v == "innodb";
}

// InnoDB: the column leads some key (the primary key, an index, its own
// unique index). MyISAM and Aria also count it anywhere in a key (a
// per-group counter).
bool auto_increment_keyed(const Table& t, const Column& c) {
    if (c.unique) return true;
    auto in = [&](const std::vector<std::string>& cols) {
        if (cols.empty()) return false;
        if (cols.front() == c.name) return true;
        return !innodb(t) && std::find(cols.begin(), cols.end(), c.name) != cols.end();
    };
    if (in(t.primary_key)) return true;
    for (const auto& ix : t.indexes) {
        if (ix.method == "fulltext" || ix.method == "spatial") continue;
        std::vector<std::string> cols;
        for (const auto& ic : ix.columns) cols.push_back(ic.name);
        if (in(cols)) return true;
    }
    return false;
}

// MySQL stores identifiers as utf8mb3 and strips trailing spaces from them.
void validate_stored_names(const Schema& s, Diagnostics& out) {
    auto name = [&](const SourcePos& pos, const std::string& where, const std::string& what, const std::string& n) {
        if (!n.empty() && n.back() == ' ')
            out.push_back({pos, where,
                           what + " '" + n +
                               "' ends with a space, which MySQL/MariaDB refuses in a "
                               "name: remove the trailing space"});
        if (std::any_of(n.begin(), n.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xF8) == 0xF0; }))
            out.push_back({pos, where,
                           what + " '" + n +
                               "' has a character beyond U+FFFF (like an emoji), which "
                               "MySQL/MariaDB cannot store in a name: remove it"});
    };
    for (const auto& t : s.tables) {
        name(t.pos, t.name, "table name", t.name);
        for (const auto& c : t.columns) name(c.pos, t.name + "." + c.name, "column name", c.name);
        for (const auto& ix : t.indexes) name(ix.pos, t.name + "." + ix.name, "index name", ix.name);
        for (const auto& fk : t.foreign_keys) name(fk.pos, t.name + "." + fk.name, "foreign key name", fk.name);
        for (const auto& ck : t.checks) name(ck.pos, t.name + "." + ck.name, "check name", ck.name);
    }
}

class MysqlDialect : public Dialect {
public:
    std::string name() const override { return "mysql"; }
    std::size_t max_identifier_length() const override { return 64; }
    // Column and index names ignore case; table names are file names, exact
    // with lower_case_table_names = 0 (the default on Linux).
    NameRules name_rules() const override { return {NameCase::exact, NameCase::unicode, NameCase::unicode}; }
    FkRules fk_rules() const override {
        FkRules r;
        r.merge = r.prefix_index = r.type_change_breaks = true;
        return r;
    }
    Table lower(Table t) const override { return mysql::lower_table(std::move(t)); }
    Table raise(const Table& t) const override { return mysql::raise_table(t); }

    void validate(const Schema& s, Diagnostics& out) const override {
        validate_name_collisions(s, name_rules(), max_identifier_length(), "MySQL/MariaDB", out);
        validate_stored_names(s, out);
        // Tables a foreign key cannot reference, found once (a lookup per
        // foreign key was a scan of the tables: 12 M compares at 5,000).
        std::unordered_map<std::string_view, const Table*> not_innodb;
        for (const auto& t : s.tables)
            if (!innodb(t)) not_innodb.emplace(t.name, &t);
        for (const auto& t : s.tables) {
            for (const auto& ix : t.indexes) {
                std::string where = t.name + (ix.name.empty() ? " index" : "." + ix.name);
                if (!ix.where.empty())
                    out.push_back({ix.pos, where,
                                   "MySQL has no partial indexes: remove 'where' (or keep this index "
                                   "out of the files used for MySQL)"});
                for (const auto& ic : ix.columns)
                    if (!ic.expr.empty())
                        out.push_back({ix.pos, where,
                                       "MariaDB has no index on an expression (" + ic.key() +
                                           "): add a generated column computing it (generated = \"" + ic.expr +
                                           "\") and index that column, or keep this index out of the files used "
                                           "for MySQL"});
                if (ix.method == "gin" || ix.method == "gist" || ix.method == "brin")
                    out.push_back({ix.pos, where, "MySQL has no " + ix.method + " indexes: use fulltext or btree"});
                for (const auto& ic : ix.columns)
                    if (const Column* c = ic.expr.empty() ? t.find_column(ic.name) : nullptr;
                        c && ix.method != "fulltext" && !ic.prefix_length) {
                        std::string b = effective_base(*c);
                        if (needs_prefix(b))
                            out.push_back({ix.pos, where,
                                           "MySQL cannot index a " + b + " column without a prefix length: write \"" +
                                               ic.name + "(191)\", or use varchar"});
                    }
            }
            // MyISAM, Aria, MEMORY ... accept a foreign key and drop it without
            // a word: refuse it before anything runs.
            for (const auto& fk : t.foreign_keys) {
                std::string where = t.name + (fk.name.empty() ? " foreign key" : "." + fk.name);
                if (!innodb(t))
                    out.push_back({fk.pos, where,
                                   "table " + t.name + " has engine " + t.options.at("engine") +
                                       ", which does not keep foreign keys (MariaDB would drop this one without a "
                                       "word): remove engine from mysql = { ... } to use InnoDB, or remove the "
                                       "foreign key"});
                else if (auto parent = not_innodb.find(fk.ref_table); parent != not_innodb.end())
                    out.push_back({fk.pos, where,
                                   "it references table " + parent->second->name + ", whose engine " +
                                       parent->second->options.at("engine") +
                                       " cannot be referenced by a foreign key: use InnoDB for " +
                                       parent->second->name + ", or remove the foreign key"});
            }
            for (const auto& c : t.columns)
                if (c.auto_increment && !auto_increment_keyed(t, c))
                    out.push_back({c.pos, t.name + "." + c.name,
                                   "MySQL/MariaDB needs an auto_increment column to be the first column of a key: "
                                   "make it primary_key = [\"" +
                                       c.name +
                                       "\"], put it first in an index "
                                       "(columns = [\"" +
                                       c.name + "\", ...]), or set unique = true"});
            for (const auto& c : t.columns) {
                std::string b = effective_base(c);
                if (needs_prefix(b) && c.unique)
                    out.push_back({c.pos, t.name + "." + c.name,
                                   "MySQL cannot make a " + b + " column unique without a prefix: use varchar(n)"});
            }
        }
    }

    std::string quote_ident(std::string_view id) const override { return mysql::quote_ident(id); }
    std::string quote_literal(std::string_view v) const override { return mysql::quote_literal(v); }
    std::vector<Step> render(const TableChange& tc, const PlanOptions& o) const override {
        return mysql::render_change(tc, o);
    }
    std::vector<std::string> drop_table_sql(const Table& t) const override {
        return {"DROP TABLE " + mysql::quote_ident(t.name)};
    }
    std::string length_sql(const std::string& col) const override { return "CHAR_LENGTH(" + col + ")"; }
    // The session runs in strict mode (STRICT_ALL_TABLES): an assignment that
    // does not fit fails the INSERT instead of being truncated.
    std::string restore_value_sql(const Column&, const Column&, const std::string& quoted) const override {
        return quoted;
    }
    // InnoDB moves a counter set below the column's maximum to maximum + 1.
    std::vector<std::string> reset_identity_sql(const Table& t) const override {
        for (const auto& c : t.columns)
            if (c.auto_increment) return {"ALTER TABLE " + mysql::quote_ident(t.name) + " AUTO_INCREMENT = 1"};
        return {};
    }
    bool recreate_by_swap() const override { return true; }
    std::string swap_tables_sql(const std::string& table, const std::string& aside,
                                const std::string& fresh) const override {
        return "RENAME TABLE " + mysql::quote_ident(table) + " TO " + mysql::quote_ident(aside) + ", " +
               mysql::quote_ident(fresh) + " TO " + mysql::quote_ident(table);
    }

    // DDL commits implicitly: the driver's bracket is a named lock only.
    Conversion conversion(const Column& from, const Column& to, const std::string& col) const override {
        return my::conversion(*this, from, to, col);
    }
    Conversion collation_conversion(const Column& from, const Column& to, const std::string& col) const override {
        return my::collation_conversion(from, to, col);
    }
    bool ddl_in_transactions() const override { return false; }
    std::unique_ptr<Driver> connect(const DatabaseUrl& url, bool) const override { return mysql::make_driver(url); }
};

}  // namespace

std::unique_ptr<Dialect> make_mysql_dialect() { return std::make_unique<MysqlDialect>(); }

}  // namespace schemactl
