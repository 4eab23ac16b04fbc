#pragma once
// One interface per database. Pure parts (lowering, quoting, DDL rendering)
// are tested without a server; connect/inspect/apply hooks talk to one.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config/database_url.hpp"
#include "dialect/conversion.hpp"
#include "dialect/driver.hpp"
#include "dialect/flavour.hpp"
#include "diff/changes.hpp"
#include "diff/diff.hpp"
#include "diff/expr.hpp"
#include "plan/fk_rules.hpp"
#include "plan/options.hpp"
#include "plan/plan.hpp"
#include "schema/diagnostic.hpp"
#include "schema/model.hpp"
#include "schema/names.hpp"

namespace schemactl {

class Dialect {
public:
    virtual ~Dialect() = default;
    virtual std::string name() const = 0;  // "sqlite" | "postgres" | "mysql"
    virtual std::size_t max_identifier_length() const = 0;
    // How this database compares table, column and index names (diff, validate).
    virtual NameRules name_rules() const { return {}; }
    // Its own spellings of the expressions it stores, undone before diff
    // compares them (diff/expr.hpp). Null: it keeps what it was given.
    virtual ExprForm expression_form() const { return nullptr; }
    // How diff compares a file's schema with this database's.
    DiffOptions diff_options(std::vector<std::string> only_tables = {}) const {
        return {std::move(only_tables), name_rules(), expression_form()};
    }
    // What its foreign keys need from the tables they join (plan/fk_rules.hpp).
    virtual FkRules fk_rules() const { return {}; }

    // ---- pure ----
    // Portable table (generated names already filled in, per-dialect overrides
    // already applied, see schema/prepare.hpp) → this dialect's canonical form:
    // exactly the types, defaults and names inspect() reports for it. Throws
    // Error naming table.column for something the dialect cannot express.
    virtual Table lower(Table prepared) const = 0;  // by value: callers that are done with theirs move it
    // The inverse of lower(), for `inspect`: canonical table → portable table
    // (portable types where one lowers to exactly this type, else the native
    // type in this dialect's override with the nearest portable type; defaults
    // as typed literals where they are literals). Must hold:
    // lower(prepare(raise(t))) == t for every t that inspect() returns.
    virtual Table raise(const Table& canonical) const = 0;
    // Dialect-specific problems of a portable schema (the validate command).
    virtual void validate(const Schema& portable, Diagnostics& out) const {
        (void)portable;
        (void)out;
    }
    virtual std::string quote_ident(std::string_view id) const = 0;
    virtual std::string quote_literal(std::string_view value) const = 0;
    // The DDL for one table change. Blocked items and (without allow_drop)
    // destructive items have already been removed by the planner.
    virtual std::vector<Step> render(const TableChange& change, const PlanOptions& opts) const = 0;
    virtual std::vector<std::string> drop_table_sql(const Table& table) const = 0;
    // SQL expression giving the character length of a column (data checks).
    virtual std::string length_sql(const std::string& quoted_column) const = 0;

    // ---- pure, for `recreate` (plan/recreate_plan.hpp) ----
    // CREATE TABLE `backup` AS SELECT the rows of `live`, in a form that
    // depends on no type `live` owns (PostgreSQL: enum columns as text), so
    // the table and its types can be dropped while the backup stays.
    virtual std::string backup_table_sql(const Table& live, const std::string& backup) const {
        return "CREATE TABLE " + quote_ident(backup) + " AS SELECT * FROM " + quote_ident(live.name);
    }
    // The value of source column `from` (in a backup, or a table about to be
    // replaced) converted for target column `to` in INSERT ... SELECT: a value
    // that does not fit makes the statement fail, it is never truncated.
    virtual std::string restore_value_sql(const Column& from, const Column& to, const std::string& quoted) const {
        (void)from, (void)to;
        return quoted;
    }
    // Statements that move the auto-increment counters of `t` (t.name is the
    // table to act on) past its highest value: after copying rows in with
    // their ids, the next insert gets a new id.
    virtual std::vector<std::string> reset_identity_sql(const Table& t) const {
        (void)t;
        return {};
    }
    // MySQL / MariaDB: DDL is not transactional, so recreate builds the new
    // table under a temporary name and swaps it in with swap_tables_sql().
    virtual bool recreate_by_swap() const { return false; }
    // One atomic statement: `table` becomes `aside`, `fresh` becomes `table`.
    virtual std::string swap_tables_sql(const std::string& table, const std::string& aside,
                                        const std::string& fresh) const {
        (void)table, (void)aside, (void)fresh;
        return {};
    }
    // SQLite: a foreign key names its parent table by name, so dropping and
    // creating the parent (foreign_keys off, checked at commit) leaves the
    // children's keys in place; elsewhere they are dropped and added again.
    virtual bool referencing_keys_survive_drop() const { return false; }
    // The rows a change of type or enum labels would not keep (the data
    // checks; dialect/conversion.hpp). `from`, `to` canonical; `col` quoted.
    // NULLs are left out by the caller (apply/conversions.hpp).
    virtual Conversion conversion(const Column& from, const Column& to, const std::string& col) const = 0;
    // The rows a change of collation would not keep (characters the new
    // character set cannot store); none where a collation keeps every value.
    virtual Conversion collation_conversion(const Column& from, const Column& to, const std::string& col) const {
        (void)from;
        (void)to;
        (void)col;
        return {};
    }

    // ---- I/O ----
    // Apply bracket (Driver::begin): a transaction around the DDL where the
    // database has transactional DDL and its engine keeps it (Flavour), else
    // each statement commits on its own under the run lock.
    bool transactional_ddl() const { return ddl_in_transactions() && (!flavour_ || flavour_->transactional_ddl); }
    // The engine this dialect is spoken by (Session sets it with the driver's).
    void use_flavour(const Flavour& f) { flavour_ = &f; }
    // create_if_missing: SQLite creates the file (create / sync); plan does not.
    virtual std::unique_ptr<Driver> connect(const DatabaseUrl& url, bool create_if_missing) const = 0;

private:
    // Whether the dialect itself can run DDL inside a transaction.
    virtual bool ddl_in_transactions() const = 0;
    const Flavour* flavour_ = nullptr;
};

// A DialectInfo::name (DatabaseUrl::scheme) → its dialect.
std::unique_ptr<Dialect> make_dialect(const std::string& name);

}  // namespace schemactl
