#include "dialect/postgres/postgres_dialect.hpp"
#include "dialect/postgres/pg_conversions.hpp"

#include <fmt/format.h>
#include <utility>

#include <algorithm>
#include <map>

#include "dialect/postgres/pg_driver.hpp"
#include "dialect/postgres/pg_expr.hpp"
#include "dialect/postgres/pg_recreate.hpp"
#include "dialect/postgres/pg_render.hpp"
#include "dialect/postgres/pg_types.hpp"
#include "schema/error.hpp"
#include "schema/validate.hpp"

namespace schemactl {

namespace {

class PostgresDialect : public Dialect {
public:
    std::string name() const override { return "postgres"; }
    std::size_t max_identifier_length() const override { return 63; }
    Table lower(Table t) const override { return pg::lower_table(std::move(t)); }
    Table raise(const Table& t) const override { return pg::raise_table(t, domains_); }
    ExprForm expression_form() const override { return &pg::expression_form; }

    // PostgreSQL limits names to 63 bytes (NAMEDATALEN - 1) and cuts longer
    // ones silently; validate_schema counts characters, so multi-byte names
    // are checked here.
    void validate(const Schema& s, Diagnostics& out) const override {
        const std::size_t max = max_identifier_length();
        auto name = [&](const SourcePos& pos, const std::string& where, const std::string& what, const std::string& n) {
            if (n.size() > max && utf8_length(n) <= max)
                out.push_back({pos, where,
                               fmt::format("{} '{}' is {} bytes long in UTF-8; PostgreSQL allows {} bytes: shorten it",
                                           what, n, n.size(), max)});
        };
        for (const auto& t : s.tables) {
            name(t.pos, t.name, "table name", t.name);
            name(t.pos, t.name, "renamed_from", t.renamed_from);
            for (const auto& c : t.columns) {
                name(c.pos, t.name + "." + c.name, "column name", c.name);
                name(c.pos, t.name + "." + c.name, "renamed_from", c.renamed_from);
                auto ov = c.overrides->find("postgres");
                bool generated = !c.generated.empty() || (ov != c.overrides.end() && ov->second.generated);
                if (generated && !c.generated_stored)
                    out.push_back({c.pos, t.name + "." + c.name,
                                   "PostgreSQL 15 has only stored generated columns: add stored = true (the value is "
                                   "computed when a row is written)"});
            }
            for (const auto& ix : t.indexes) name(ix.pos, t.name + "." + ix.name, "index name", ix.name);
            for (const auto& fk : t.foreign_keys) name(fk.pos, t.name + "." + fk.name, "foreign key name", fk.name);
            for (const auto& ck : t.checks) name(ck.pos, t.name + "." + ck.name, "check name", ck.name);
            // The primary key is named <table>_pkey; cut to 63 bytes it would be
            // the table's own name, and CREATE TABLE fails ("already exists").
            constexpr std::string_view suffix = "_pkey";
            if (!t.primary_key.empty() && t.name.size() + suffix.size() > max && t.name.size() <= max)
                out.push_back({t.pos, t.name,
                               fmt::format("table name '{}' is {} bytes long: PostgreSQL names its primary key "
                                           "'<table>_pkey', which must fit {} bytes too; shorten the name to {} bytes",
                                           t.name, t.name.size(), max, max - suffix.size())});
        }
    }
    std::string quote_ident(std::string_view id) const override { return pg::quote_ident(id); }
    std::string quote_literal(std::string_view v) const override { return pg::quote_literal(v); }
    std::vector<Step> render(const TableChange& tc, const PlanOptions& o) const override {
        return pg::render_change(tc, o);
    }
    std::vector<std::string> drop_table_sql(const Table& t) const override { return pg::drop_table(t); }
    std::string length_sql(const std::string& col) const override { return "char_length(" + col + ")"; }
    std::string backup_table_sql(const Table& live, const std::string& backup) const override {
        return pg::backup_table(live, backup);
    }
    std::string restore_value_sql(const Column& from, const Column& to, const std::string& quoted) const override {
        return pg::restore_value(from, to, quoted);
    }
    std::vector<std::string> reset_identity_sql(const Table& t) const override { return pg::reset_identity(t); }

    Conversion conversion(const Column& from, const Column& to, const std::string& col) const override {
        return pg::conversion(*this, from, to, col);
    }
    bool ddl_in_transactions() const override { return true; }
    std::unique_ptr<Driver> connect(const DatabaseUrl& url, bool) const override {
        return pg::make_driver(url, &domains_);
    }

private:
    // The domains the last inspect() found (name → base type): raise() of
    // its tables exports a domain column with its base type's portable type.
    mutable std::map<std::string, std::string> domains_;
};

}  // namespace

std::unique_ptr<Dialect> make_postgres_dialect() { return std::make_unique<PostgresDialect>(); }

}  // namespace schemactl
