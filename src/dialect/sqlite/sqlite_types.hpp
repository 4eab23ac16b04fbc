#pragma once
// SQLite's canonical forms, used on both sides of the diff: lower() for the
// files and inspect() for the database.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "schema/model.hpp"

namespace schemactl::sqlite {

// Declared type as SQLite keeps it: uppercase, single spaces ("VARCHAR(255)").
std::string canonical_type(std::string_view declared);
// Portable type → declared type (DESIGN: json → TEXT, boolean → INTEGER, …).
std::string lower_type(const std::string& portable);
// Default as PRAGMA table_info reports it → canonical (kind expr or none).
Default canonical_default(std::string_view reported);
Default lower_default(const Default& d);
// The SQL to write after DEFAULT for a canonical default.
std::string default_sql(const Default& d);
// Canonical → portable, for inspect.
Column raise_column(const Column& c);

// FK action as pragma_foreign_key_list reports it: "set_null" / "set null" → "SET NULL",
// "" → "NO ACTION". RESTRICT stays distinct: on SQLite it checks immediately.
std::string canonical_action(std::string_view action);

// Table::unmanaged kind of a virtual table: the renderer changes nothing in it.
inline constexpr const char* kVirtualTable = "virtual table";

// Table options (Table::options keys): [table.sqlite] strict / without_rowid.
inline constexpr const char* kStrict = "sqlite.strict";
inline constexpr const char* kWithoutRowid = "sqlite.without_rowid";
bool is_table_option(std::string_view key);
// What CREATE TABLE writes after its closing parenthesis: "", " STRICT",
// " WITHOUT ROWID", " WITHOUT ROWID, STRICT".
std::string table_options_sql(const Table& t);
// Throws Error when a lowered table cannot have its options: a STRICT table
// declares only INT, INTEGER, REAL, TEXT, BLOB or ANY; WITHOUT ROWID needs a
// primary key and no AUTOINCREMENT.
void check_table_options(const Table& t);

std::string quote_ident(std::string_view id);
std::string quote_literal(std::string_view v);

// Named constraints found in a CREATE TABLE statement (SQLite reports no
// constraint names, and check constraints only live in the SQL text).
struct ScannedConstraint {
    enum class Kind { check, foreign_key };
    Kind kind;
    std::string name;                  // "" when unnamed
    std::string body;                  // check: the expression
    std::vector<std::string> columns;  // foreign key: its columns
};

// A column definition of CREATE TABLE, read from its text: what
// pragma_table_xinfo would report (the declared type and the default as
// written), and what no pragma reports (its COLLATE, its generated expression).
struct ScannedColumn {
    std::string name;
    std::string type;         // as written, "" when none
    std::string default_sql;  // DEFAULT's argument as written, when has_default
    std::string collation;    // as written, "" when none
    std::string generated;    // the expression, "" when not generated
    bool has_default = false;
    bool not_null = false;
    bool primary_key = false;  // PRIMARY KEY written on the column
    bool stored = false;       // STORED (true) or VIRTUAL
};

// What a CREATE TABLE statement says, read in one pass over its text (a
// catalog read does this for every table).
struct ScannedTable {
    std::vector<ScannedColumn> columns;  // every column, in order
    // Each definition was read whole, by the grammar SQLite stores: the
    // columns need no pragma. False for a virtual table and for anything
    // the scan does not know, which pragma_table_xinfo reads instead.
    bool columns_read = false;
    std::vector<std::string> primary_key;  // a PRIMARY KEY table constraint's columns
    std::vector<ScannedConstraint> constraints;
    // Clauses a rebuild from the model would not write again (ON CONFLICT,
    // DEFERRABLE, PRIMARY KEY DESC, MATCH): {column it is written on ("" for
    // a table constraint), the clause}.
    std::vector<std::pair<std::string, std::string>> unkept;
    bool autoincrement = false;  // AUTOINCREMENT is written
    bool unique = false;         // a UNIQUE constraint is written: SQLite made an index for it
};
ScannedTable scan_table(std::string_view create_table_sql);

// A CREATE INDEX statement as SQLite keeps it ("CREATE [UNIQUE] INDEX name
// ON table (keys) [WHERE ...]"), read from its text: what pragma_index_xinfo
// would report, but the key columns' names as written (SQLite reports the
// table's spelling) and no collation where none is written.
struct ScannedIndexKey {
    std::string column;     // "" for an expression
    std::string expr;       // an expression key as index_terms() gives it
    std::string collation;  // a column key's COLLATE as written, "" when none
    bool desc = false;
};
struct ScannedIndex {
    bool unique = false;
    std::vector<ScannedIndexKey> keys;
    std::string where;  // as index_where() gives it
    // Read whole. False for a key this reading does not know: a string
    // ('a' names the column a), a parenthesized column, a COLLATE inside
    // an expression (its collation is SQLite's to work out).
    bool read = false;
};
ScannedIndex scan_index(std::string_view create_index_sql);

// An expression without the parentheses around all of it: "(a + b)" → "a + b".
std::string strip_parens(std::string_view expr);
// A collation name as the model keeps it: upper case, BINARY (the default) as "".
std::string canonical_collation(std::string_view name);
// Which of t's columns an SQL text (a view) names, and whether it names t.
struct NamesUsed {
    bool mentions_table = false;
    std::vector<std::string> columns;
};
NamesUsed names_used(std::string_view sql, const Table& t);
// The name in a CREATE TRIGGER statement.
std::string trigger_name(std::string_view create_trigger_sql);
// The key terms of a CREATE INDEX statement as written, in order, without
// ASC / DESC / COLLATE: "lower(email)", "a".
std::vector<std::string> index_terms(std::string_view create_index_sql);
// The text after the top-level WHERE of a CREATE INDEX statement ("" if none).
std::string index_where(std::string_view create_index_sql);
// True when the CREATE TABLE statement ends in WITHOUT ROWID.
bool has_without_rowid(std::string_view create_table_sql);

}  // namespace schemactl::sqlite
