#pragma once
// The schema model: plain values, shared by the portable form (read from TOML)
// and the canonical per-dialect form (lowered or introspected).
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "schema/rare.hpp"

namespace schemactl {

// Where a definition came from, for error messages (file:line:col). The
// file's name is shared by everything read from that file, not copied into
// each column.
struct SourcePos {
    SourcePos() = default;
    SourcePos(std::string file, int at_line, int at_col)
        : line(at_line), col(at_col), file_(std::make_shared<const std::string>(std::move(file))) {}
    SourcePos(std::shared_ptr<const std::string> file, int at_line, int at_col)
        : line(at_line), col(at_col), file_(std::move(file)) {}

    const std::string& file() const {
        static const std::string none;
        return file_ ? *file_ : none;
    }
    std::string str() const;  // "file:line:col", or "" when unknown

    int line = 0;
    int col = 0;

private:
    std::shared_ptr<const std::string> file_;
};

// A column default. Portable form: a literal (typed) or an SQL expression.
// Canonical form (after lower/inspect): always kind == expr with the exact SQL
// text the dialect reports back, so diff compares strings.
struct Default {
    enum class Kind { none, string, integer, floating, boolean, expr };
    Kind kind = Kind::none;
    std::string text;  // the literal's value as text, or the SQL expression
    bool operator==(const Default&) const = default;
    bool has_value() const { return kind != Kind::none; }
};

// Per-dialect override of a column: `mysql = { type = "longtext" }`.
struct ColumnOverride {
    std::optional<std::string> type;
    std::optional<std::string> default_expr;
    std::optional<std::string> collation;  // `mysql = { collation = "utf8mb4_bin" }`, `postgres = { collation = "C" }`
    std::optional<std::string> generated;  // this dialect's text of the generated column's expression
    bool operator==(const ColumnOverride&) const = default;
};

// Fields that most columns leave empty are Rare (one pointer wide) and the
// flags sit together: two models of 100,000 columns are held at once.
struct Column {
    std::string name;
    std::string type;  // portable type, or the dialect's canonical type
    Default default_value;
    Rare<std::vector<std::string>> enum_values;  // for type "enum"
    Rare<std::string> comment;
    Rare<std::string> on_update;  // MySQL `ON UPDATE CURRENT_TIMESTAMP`
    Rare<std::string> collation;  // canonical only (from the dialect's override); "" = the default
    // A generated (computed) column: its expression, empty when the column is
    // an ordinary one. Stored columns are computed on write, virtual on read.
    Rare<std::string> generated;
    Rare<std::string> renamed_from;
    Rare<std::map<std::string, ColumnOverride>> overrides;  // key: sqlite | postgres | mysql
    SourcePos pos;
    bool nullable = false;
    bool auto_increment = false;
    bool unique = false;  // portable only: lowered into a unique index
    bool generated_stored = false;
    bool native_type = false;  // set by prepare(): the type came from an override, use it as written
};

struct IndexColumn {
    std::string name;  // column name; empty for an expression key
    bool desc = false;
    int prefix_length = 0;  // MySQL `col(191)`
    std::string expr{};     // an expression key, without its outer parentheses: lower(email)
    bool operator==(const IndexColumn&) const = default;
    // How people read the key: the column name, or "(expression)".
    std::string key() const { return expr.empty() ? name : "(" + expr + ")"; }
};

struct Index {
    std::string name;  // empty in the portable form means "generated"
    std::vector<IndexColumn> columns;
    bool unique = false;
    std::string method;       // "" = dialect default (btree); gin, gist, hash, brin, fulltext
    std::string where;        // partial index predicate (SQL)
    bool constraint = false;  // created as a UNIQUE constraint (affects DDL only)
    bool valid = true;        // inspect only: false for PostgreSQL's leftover of a failed CONCURRENTLY build
    SourcePos pos;
};

struct ForeignKey {
    std::string name;  // empty in the portable form means "generated"
    std::vector<std::string> columns;
    std::string ref_table;
    std::vector<std::string> ref_columns;
    std::string on_delete = "NO ACTION";  // canonical: NO ACTION | RESTRICT | CASCADE | SET NULL | SET DEFAULT
    std::string on_update = "NO ACTION";
    SourcePos pos;
};

struct Check {
    std::string name;
    std::string expr;
    SourcePos pos;
};

// Something inspect found on a table that schemactl does not manage
// (a trigger, a dependent view, a policy, partitions...) and that a rebuild
// or drop of the table would lose, or that pins some of its columns. The
// planner blocks the steps that would lose or break it, naming it.
struct Unmanaged {
    std::string kind;  // "trigger", "view", "policy", "partitioning", ...
    std::string name;
    std::string why;                   // one line for people
    std::vector<std::string> columns;  // the table's columns it depends on by name
    // Kept by a table rebuild (a SQLite view names the table and reads the
    // new one); only a change to the columns it uses breaks it.
    bool survives_rebuild = false;
    bool operator==(const Unmanaged&) const = default;
};

struct Table {
    std::string name;
    std::string comment;
    std::vector<Column> columns;
    std::vector<std::string> primary_key;
    std::vector<Index> indexes;
    std::vector<ForeignKey> foreign_keys;
    std::vector<Check> checks;
    std::vector<std::string> protected_columns;  // in addition to the global list
    std::string renamed_from;
    std::map<std::string, std::string> options;  // [table.mysql]: engine, charset, collation
    // Objects schemactl keeps but does not manage (SQLite triggers): re-created
    // after a table rebuild. Never compared by diff.
    std::vector<std::string> kept_sql;
    // SQLite: primary key columns that may hold NULL (a legacy rule the model
    // cannot state); a rebuild keeps them so. Inspect only; never compared by diff.
    std::vector<std::string> nullable_key_columns;
    std::vector<Unmanaged> unmanaged;  // inspect only; never compared by diff
    SourcePos pos;

    const Column* find_column(std::string_view n) const;
    Column* find_column(std::string_view n);
    const Index* find_index(std::string_view n) const;
};

struct Schema {
    std::vector<Table> tables;
    // What a table option is where a table does not state it, on the
    // inspected database (MySQL: its charset, collation, engine): a file that
    // states the default and a table that omits it are the same.
    std::map<std::string, std::string> option_defaults{};
    const Table* find_table(std::string_view n) const;
    Table* find_table(std::string_view n);
};

// Portable types the TOML format accepts (see docs/schema-format.md).
bool is_portable_type(std::string_view type);
// Splits "varchar(64)" into base "varchar" and args {"64"}.
struct TypeName {
    std::string base;
    std::vector<std::string> args;
};
TypeName parse_type_name(std::string_view type);
// Only the base, lower case: "VARCHAR(64)" → "varchar" (no arguments split).
std::string type_base(std::string_view type);

}  // namespace schemactl
