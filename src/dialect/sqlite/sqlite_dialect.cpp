#include "dialect/sqlite/sqlite_dialect.hpp"
#include "dialect/sqlite/sqlite_connection.hpp"
#include "dialect/sqlite/sqlite_conversions.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <memory>
#include <unordered_map>

#include "dialect/sqlite/sqlite_driver.hpp"
#include "dialect/sqlite/sqlite_render.hpp"
#include "dialect/sqlite/sqlite_types.hpp"
#include "schema/error.hpp"
#include "schema/prepare.hpp"
#include "schema/validate.hpp"

namespace schemactl {

namespace {

class SqliteDialect : public Dialect {
public:
    std::string name() const override { return "sqlite"; }
    // SQLite has no limit; generated names stay readable.
    std::size_t max_identifier_length() const override { return 128; }
    // sqlite3StrICmp: A-Z = a-z, every other byte as it is.
    NameRules name_rules() const override { return {NameCase::ascii, NameCase::ascii, NameCase::ascii}; }
    FkRules fk_rules() const override {
        FkRules r;
        r.separate = false;  // foreign keys change only with a rebuild
        return r;
    }

    Table lower(Table t) const override {
        t.comment.clear();  // SQLite has no comments
        // Only SQLite's own table options (STRICT, WITHOUT ROWID) apply here.
        std::erase_if(t.options, [](const auto& o) { return !sqlite::is_table_option(o.first); });
        for (auto& c : t.columns) {
            bool in_pk = std::find(t.primary_key.begin(), t.primary_key.end(), c.name) != t.primary_key.end();
            c.type = c.native_type ? sqlite::canonical_type(c.type) : sqlite::lower_type(c.type);
            if (c.auto_increment) {
                // Only `INTEGER PRIMARY KEY AUTOINCREMENT` exists (a rowid alias).
                if (!(t.primary_key.size() == 1 && in_pk))
                    throw Error(t.name + "." + c.name +
                                ": SQLite can only auto-increment the table's single-column INTEGER PRIMARY KEY "
                                "(make it primary_key = [\"" +
                                c.name + "\"] or remove auto_increment)");
                if (c.type.find("INT") == std::string::npos)
                    throw Error(t.name + "." + c.name + ": SQLite can only auto-increment an integer column, not " +
                                c.type);
                c.type = "INTEGER";
            }
            c.native_type = false;
            c.default_value = sqlite::lower_default(c.default_value);
            if (in_pk) c.nullable = false;
            c.comment.clear();
            c.enum_values.clear();
            c.on_update.clear();
            c.collation = sqlite::canonical_collation(c.collation);
            if (!c.generated.empty()) {
                c.generated = sqlite::strip_parens(c.generated);
                c.default_value = {};
            }
        }
        sqlite::check_table_options(t);
        for (auto& fk : t.foreign_keys) {
            fk.on_delete = sqlite::canonical_action(fk.on_delete);
            fk.on_update = sqlite::canonical_action(fk.on_update);
        }
        for (auto& ix : t.indexes) {
            ix.method.clear();
            ix.constraint = false;
            for (auto& ic : ix.columns) {
                ic.prefix_length = 0;
                if (!ic.expr.empty()) ic.expr = sqlite::strip_parens(ic.expr);
            }
        }
        return t;
    }

    Table raise(const Table& c) const override {
        Table t = c;
        for (auto& col : t.columns) col = sqlite::raise_column(col);
        t.kept_sql.clear();
        t.nullable_key_columns.clear();
        return t;
    }

    void validate(const Schema& s, Diagnostics& out) const override {
        validate_name_collisions(s, name_rules(), max_identifier_length(), "SQLite", out);
        for (const auto& t : s.tables)
            for (const auto& c : t.columns)
                if (c.auto_increment && t.primary_key != std::vector<std::string>{c.name})
                    out.push_back({c.pos, t.name + "." + c.name,
                                   "SQLite can only auto-increment the table's single-column INTEGER PRIMARY KEY: make "
                                   "it primary_key = [\"" +
                                       c.name + "\"], or remove auto_increment"});
        for (const auto& t : s.tables)
            for (const auto& ix : t.indexes)
                if (!ix.method.empty() && ix.method != "btree")
                    out.push_back({ix.pos, t.name + (ix.name.empty() ? "" : "." + ix.name),
                                   "SQLite has only btree indexes: remove using = \"" + ix.method + "\""});
        check_default_exprs(s, out);
    }

    // SQLite takes any parenthesized default at CREATE TABLE and evaluates
    // it only at INSERT: `(now())` would make every insert fail. Preparing
    // the expression in a private in-memory database finds that now; each
    // distinct expression once (5,000 tables written alike share one).
    void check_default_exprs(const Schema& s, Diagnostics& out) const {
        std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(nullptr, &sqlite3_close);
        std::unordered_map<std::string, std::string> failed;  // SELECT text → SQLite's error ("" = none)
        for (const auto& t : s.tables) {
            for (const auto& c : t.columns) {
                const Default d = dialect_default(c, name());
                if (d.kind != Default::Kind::expr) continue;
                if (!db) {
                    configure_sqlite();
                    sqlite3* raw = nullptr;
                    if (sqlite3_open(":memory:", &raw) != SQLITE_OK) {
                        sqlite3_close(raw);
                        return;
                    }
                    db.reset(raw);
                }
                std::string sql = "SELECT " + sqlite::default_sql(sqlite::lower_default(d));
                auto [known, fresh] = failed.try_emplace(sql);
                if (fresh) {
                    sqlite3_stmt* st = nullptr;
                    if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
                        known->second = sqlite3_errmsg(db.get());
                    sqlite3_finalize(st);
                }
                if (!known->second.empty())
                    out.push_back({c.pos, t.name + "." + c.name,
                                   "default_expr '" + d.text + "' fails in SQLite (" + known->second +
                                       "): every insert would fail; give SQLite its own, like sqlite = { default_expr "
                                       "= \"CURRENT_TIMESTAMP\" }"});
            }
        }
    }

    std::string quote_ident(std::string_view id) const override { return sqlite::quote_ident(id); }
    std::string quote_literal(std::string_view v) const override { return sqlite::quote_literal(v); }
    std::vector<Step> render(const TableChange& tc, const PlanOptions&) const override {
        return sqlite::render_change(tc);
    }
    std::vector<std::string> drop_table_sql(const Table& t) const override {
        return {"DROP TABLE " + sqlite::quote_ident(t.name)};
    }
    std::string length_sql(const std::string& col) const override { return "length(" + col + ")"; }
    // Column types are affinities: a value always fits; NOT NULL, CHECK and
    // UNIQUE still fail the INSERT.
    std::string restore_value_sql(const Column&, const Column&, const std::string& quoted) const override {
        return quoted;
    }
    // AUTOINCREMENT keeps its counter in sqlite_sequence (a row the INSERT
    // creates); set it explicitly so it never lags behind the copied ids.
    std::vector<std::string> reset_identity_sql(const Table& t) const override {
        std::vector<std::string> out;
        for (const auto& c : t.columns)
            if (c.auto_increment)
                out.push_back("UPDATE sqlite_sequence SET seq = MAX(seq, (SELECT COALESCE(MAX(" +
                              sqlite::quote_ident(c.name) + "), 0) FROM " + sqlite::quote_ident(t.name) +
                              ")) WHERE name = " + sqlite::quote_literal(t.name));
        return out;
    }
    bool referencing_keys_survive_drop() const override { return true; }

    Conversion conversion(const Column& from, const Column& to, const std::string& col) const override {
        return lite::conversion(from, to, col);
    }
    bool ddl_in_transactions() const override { return true; }
    std::unique_ptr<Driver> connect(const DatabaseUrl& url, bool create_if_missing) const override {
        return sqlite::make_driver(url.database, create_if_missing, max_identifier_length());
    }
};

}  // namespace

std::unique_ptr<Dialect> make_sqlite_dialect() { return std::make_unique<SqliteDialect>(); }

}  // namespace schemactl
