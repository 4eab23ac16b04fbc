#include "dialect/sqlite/sqlite_dialect.hpp"

#include "dialect/sqlite/sqlite_connection.hpp"
#include "dialect/sqlite/sqlite_inspect.hpp"
#include "dialect/sqlite/sqlite_render.hpp"
#include "dialect/sqlite/sqlite_types.hpp"
#include "schema/error.hpp"

namespace schemactl {

namespace {

class SqliteDialect : public Dialect {
public:
    std::string name() const override { return "sqlite"; }
    // SQLite has no limit; generated names stay readable.
    std::size_t max_identifier_length() const override { return 128; }

    Table lower(const Table& p) const override {
        Table t = p;
        t.comment.clear();  // SQLite has no comments
        t.options.clear();
        for (auto& c : t.columns) {
            bool in_pk = std::find(t.primary_key.begin(), t.primary_key.end(), c.name) != t.primary_key.end();
            if (c.auto_increment && !(t.primary_key.size() == 1 && in_pk))
                throw Error(t.name + "." + c.name +
                            ": SQLite can only auto-increment a single-column INTEGER PRIMARY KEY");
            c.type = c.auto_increment ? "INTEGER"
                     : c.native_type  ? sqlite::canonical_type(c.type)
                                      : sqlite::lower_type(c.type);
            c.native_type = false;
            c.default_value = sqlite::lower_default(c.default_value);
            if (in_pk) c.nullable = false;
            c.comment.clear();
            c.enum_values.clear();
            c.on_update.clear();
            c.collation.clear();
        }
        for (auto& ix : t.indexes) {
            ix.method.clear();
            ix.constraint = false;
            for (auto& ic : ix.columns) ic.prefix_length = 0;
        }
        return t;
    }

    Table raise(const Table& c) const override {
        Table t = c;
        for (auto& col : t.columns) col = sqlite::raise_column(col);
        t.kept_sql.clear();
        return t;
    }

    void validate(const Schema& s, Diagnostics& out) const override {
        for (const auto& t : s.tables)
            for (const auto& ix : t.indexes)
                if (!ix.method.empty() && ix.method != "btree")
                    out.push_back({ix.pos, t.name + (ix.name.empty() ? "" : "." + ix.name),
                                   "SQLite has only btree indexes: remove using = \"" + ix.method + "\""});
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

    std::unique_ptr<Connection> connect(const DatabaseUrl& url, bool create_if_missing) const override {
        return std::make_unique<SqliteConnection>(url.database, create_if_missing);
    }
    Schema inspect(Connection& conn) const override { return sqlite::inspect_schema(conn, max_identifier_length()); }

    bool transactional_ddl() const override { return true; }
    // foreign_keys must be switched off before BEGIN: inside a transaction the
    // pragma is a no-op, and a rebuild that drops a parent would then
    // cascade-delete its children.
    void begin(Connection& conn, const ApplyOptions& opts) const override {
        if (auto* c = dynamic_cast<SqliteConnection*>(&conn)) c->set_busy_timeout(opts.lock_timeout_ms);
        conn.exec("PRAGMA foreign_keys = OFF");
        conn.exec("BEGIN IMMEDIATE");
    }
    void commit(Connection& conn) const override {
        auto bad = conn.query("PRAGMA foreign_key_check");
        if (!bad.rows.empty()) {
            const auto& r = bad.rows[0];
            throw Error(std::to_string(bad.rows.size()) + " rows break a foreign key (first: table " +
                        r[0].value_or("?") + " row " + r[1].value_or("?") + " references missing rows in " +
                        r[2].value_or("?") + "): fix the data first");
        }
        conn.exec("COMMIT");
        conn.exec("PRAGMA foreign_keys = ON");
    }
    void rollback(Connection& conn) const override {
        try {
            conn.exec("ROLLBACK");
        } catch (...) {
        }
        try {
            conn.exec("PRAGMA foreign_keys = ON");
        } catch (...) {
        }
    }
};

}  // namespace

std::unique_ptr<Dialect> make_sqlite_dialect() { return std::make_unique<SqliteDialect>(); }

}  // namespace schemactl
