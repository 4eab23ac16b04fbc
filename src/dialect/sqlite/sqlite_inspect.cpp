// The whole SQLite schema in at most five queries, whatever the number of
// tables: sqlite_schema (every CREATE text), then pragma table-valued
// functions joined over many tables at once. Columns and indexes are read
// from the CREATE texts, the pragmas only for the tables whose texts the
// scan does not read whole (docs/decisions.md). One function per catalog
// object, each query a named constant whose columns are read by name.
#include <algorithm>
#include <initializer_list>
#include <iterator>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "dialect/quote.hpp"
#include "dialect/result_row.hpp"
#include "dialect/sqlite/sqlite_inspect.hpp"
#include "dialect/sqlite/sqlite_types.hpp"
#include "schema/error.hpp"
#include "schema/prepare.hpp"
#include "schema/text.hpp"

namespace schemactl::sqlite {

namespace {

// The columns of t an expression names.
std::vector<std::string> columns_of(const Table& t, const std::string& expr) { return names_used(expr, t).columns; }

// Each table's primary key columns, and those of them without NOT NULL.
struct PrimaryKeys {
    std::unordered_map<std::string, std::vector<std::pair<int, std::string>>> columns;  // table → (position, column)
    std::unordered_map<std::string, std::vector<std::string>> nullable;                 // table → columns
};

// What the queries build, and what a later step looks up in it.
struct Catalog {
    std::size_t max_len = 0;  // the longest identifier, for generated names
    Schema schema;
    std::unordered_map<std::string, std::size_t> at;  // table name → position in schema.tables
    std::unordered_map<std::string, std::string> table_sql, index_sql;
    std::unordered_map<std::string, std::vector<std::string>> indexes_of;  // table → its CREATE INDEX names
    std::unordered_map<std::string, ScannedTable> scanned;                 // table → what its CREATE text says
    std::unordered_map<std::string, std::vector<std::string>> triggers;    // table → CREATE TRIGGER texts
    std::vector<std::pair<std::string, std::string>> views;                // name, CREATE VIEW text
    std::unordered_set<std::string> shadow;
    CatalogSource source = CatalogSource::texts;
    PrimaryKeys pk;
    std::vector<std::string> columns_unread;  // tables whose columns pragma_table_xinfo reads

    Table* table(std::string_view name) {
        // The pragma joins return each table's rows together: the table
        // of the row before is the one asked for again, most times.
        if (last && last->name == name) return last;
        auto it = at.find(std::string(name));
        last = it == at.end() ? nullptr : &schema.tables[it->second];
        return last;
    }

private:
    Table* last = nullptr;  // schema.tables is not resized once the objects are read
};

// A pragma join's rows, each group's together in key order. SQLite returns
// them so (the table-valued function is the inner loop, and yields its rows
// in order); sorting them with ORDER BY was half of these queries' time. If a
// version ever returns them otherwise, the query is asked again, sorted.
NamedResult fetch_grouped(Connection& conn, std::string_view query, std::string_view order_by,
                          std::initializer_list<std::string_view> group, std::string_view order) {
    NamedResult rows(conn.fetch(std::string(query)));
    std::vector<Field> fields;
    for (auto g : group) fields.push_back(rows.field(g));
    if (rows.grouped_in_order(fields, rows.field(order))) return rows;
    return NamedResult(conn.fetch(std::string(query) + " ORDER BY " + std::string(order_by)));
}

// A table's columns from its CREATE TABLE text, as pragma_table_xinfo
// reports them: SQLite keeps the type and the default as written. Asking
// the pragma instead prepares a statement per table, most of a catalog
// read's time; the tables whose text is not read whole still do (below).
void columns_from_text(Table& t, ScannedTable& scanned, PrimaryKeys& pk) {
    t.columns.reserve(scanned.columns.size());
    for (auto& sc : scanned.columns) {
        int pkpos = sc.primary_key ? 1 : 0;
        for (std::size_t k = 0; k < scanned.primary_key.size() && !pkpos; ++k)
            if (iequals_ascii(scanned.primary_key[k], sc.name)) pkpos = static_cast<int>(k) + 1;
        Column c;
        c.name = std::move(sc.name);
        c.type = canonical_type(sc.type);
        c.nullable = !sc.not_null && pkpos == 0;
        c.default_value = sc.has_default ? canonical_default(sc.default_sql) : Default{};
        c.collation = canonical_collation(sc.collation);
        c.generated_stored = !sc.generated.empty() && sc.stored;
        if (!sc.generated.empty()) c.generated = std::move(sc.generated);
        if (pkpos) {
            pk.columns[t.name].emplace_back(pkpos, c.name);
            if (!sc.not_null) pk.nullable[t.name].push_back(c.name);
        }
        t.columns.push_back(std::move(c));
    }
    scanned.columns = std::vector<ScannedColumn>();  // freed: "= {}" would keep their memory
}

// Every object and its CREATE text, in the order they were made.
constexpr std::string_view kObjectsQuery =
    "SELECT m.type AS object_type, m.name AS object_name, m.tbl_name AS table_name, m.sql AS object_sql "
    "FROM sqlite_schema m WHERE m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.rowid";

void inspect_objects(Connection& conn, Catalog& cat) {
    NamedResult rows(conn.fetch(std::string(kObjectsQuery)));
    const auto [type_field, name_field, table_name, sql] = rows.fields("object_type", "object_name", "table_name",
                                                                       "object_sql");
    // Counted first: grown by doubling, the tables' vector held 8,192
    // places (3 MB) for 5,000 tables at the peak of a plan's memory.
    std::size_t tables = 0;
    for (NamedRow r : rows) tables += r.view(type_field) == "table";
    cat.schema.tables.reserve(tables);
    for (NamedRow r : rows) {
        const auto &type = r[type_field], &name = r[name_field];
        if (type == "table") {
            cat.at[name] = cat.schema.tables.size();
            Table t;
            t.name = name;
            cat.schema.tables.push_back(std::move(t));
            cat.table_sql[name] = r[sql];
            ScannedTable& scanned = cat.scanned[name] = scan_table(r.view(sql));
            if (scanned.columns_read && cat.source == CatalogSource::texts)
                columns_from_text(cat.schema.tables.back(), scanned, cat.pk);
            else cat.columns_unread.push_back(name);
        } else if (type == "index" && !r.null(sql)) {
            cat.index_sql[name] = r[sql];
            cat.indexes_of[r[table_name]].push_back(name);
        } else if (type == "view" && !r.null(sql)) {
            cat.views.emplace_back(name, r[sql]);
        } else if (type == "trigger" && !r.null(sql)) {
            cat.triggers[r[table_name]].push_back(r[sql]);
        }
    }
}

// STRICT and WITHOUT ROWID (pragma table_list: SQLite 3.37 and later; an
// older SQLite has no STRICT, and its WITHOUT ROWID is read from the SQL).
constexpr std::string_view kTableListQuery =
    "SELECT name AS table_name, \"strict\" AS is_strict, wr AS without_rowid, type AS table_type "
    "FROM pragma_table_list WHERE schema = 'main'";

void inspect_table_options(Connection& conn, Catalog& cat) {
    bool listed = false;
    try {
        NamedResult rows(conn.fetch(std::string(kTableListQuery)));
        const auto [name, is_strict, without_rowid, type] = rows.fields("table_name", "is_strict", "without_rowid",
                                                                        "table_type");
        for (NamedRow r : rows) {
            Table* t = cat.table(r.view(name));
            if (!t) continue;
            // A virtual table's shadow tables are its storage, not tables of their own.
            if (r[type] == "shadow") cat.shadow.insert(r[name]);
            if (r.number(is_strict)) t->options[kStrict] = "true";
            if (r.number(without_rowid)) t->options[kWithoutRowid] = "true";
        }
        listed = true;
    } catch (const Error&) {
    }
    if (!listed)
        for (auto& t : cat.schema.tables)
            if (has_without_rowid(cat.table_sql[t.name])) t.options[kWithoutRowid] = "true";
}

// The columns of the tables whose CREATE text was not read whole (hidden 1:
// a virtual table's hidden column; 2 / 3: generated VIRTUAL / STORED), with
// each primary key column's position.
constexpr std::string_view kColumnsQuery =
    "SELECT m.name AS table_name, p.name AS column_name, p.type AS column_type, p.\"notnull\" AS not_null, "
    "p.dflt_value AS dflt_value, p.pk AS pk_position, p.hidden AS hidden, p.cid AS cid "
    "FROM sqlite_schema m JOIN pragma_table_xinfo(m.name) p "
    "WHERE m.type = 'table' AND m.name IN ";

// The tables whose catalog the pragmas read, as an SQL list: ('a', 'b').
std::string sql_list(const std::vector<std::string>& names) {
    return schemactl::sql_list(names, [](const std::string& n) { return quote_literal(n); });
}

void inspect_unread_columns(Connection& conn, Catalog& cat) {
    if (cat.columns_unread.empty()) return;
    NamedResult rows = fetch_grouped(conn, std::string(kColumnsQuery) + sql_list(cat.columns_unread), "m.name, p.cid",
                                     {"table_name"}, "cid");
    const auto [table, name, type, not_null, dflt_value, pk_position, hidden] = rows.fields(
        "table_name", "column_name", "column_type", "not_null", "dflt_value", "pk_position", "hidden");
    for (NamedRow r : rows) {
        Table* t = cat.table(r.view(table));
        if (!t || r.number(hidden) == 1) continue;
        Column c;
        c.name = r[name];
        c.type = canonical_type(r[type]);
        const int pkpos = static_cast<int>(r.number(pk_position));
        c.nullable = r.number(not_null) == 0 && pkpos == 0;
        c.default_value = r.null(dflt_value) ? Default{} : canonical_default(r[dflt_value]);
        c.generated_stored = r.number(hidden) == 3;
        if (pkpos) cat.pk.columns[t->name].emplace_back(pkpos, c.name);
        if (pkpos && r.number(not_null) == 0) cat.pk.nullable[t->name].push_back(c.name);
        t->columns.push_back(std::move(c));
    }
    // What only the CREATE TABLE text says: collations and generated expressions.
    for (const auto& unread : cat.columns_unread) {
        Table* t = cat.table(unread);
        for (const auto& sc : cat.scanned[unread].columns)
            if (Column* c = t ? t->find_column(sc.name) : nullptr) {
                c->collation = canonical_collation(sc.collation);
                if (!sc.generated.empty()) c->generated = sc.generated;
            }
    }
}

// Primary keys, in key order, from the columns' positions.
void set_primary_keys(Catalog& cat) {
    for (auto& [name, cols] : cat.pk.columns) {
        std::sort(cols.begin(), cols.end());
        Table& t = cat.schema.tables[cat.at[name]];
        for (const auto& [_, c] : cols) t.primary_key.push_back(c);
        if (t.primary_key.size() == 1 && cat.scanned[name].autoincrement)
            if (auto* c = t.find_column(t.primary_key[0]); c && c->type == "INTEGER") c->auto_increment = true;
        // SQLite's quirk: `x INTEGER PRIMARY KEY DESC` on the column is no
        // rowid alias (PRIMARY KEY (x DESC) on the table is one).
        const auto& unkept = cat.scanned[name].unkept;
        const bool desc_on_column = std::any_of(unkept.begin(), unkept.end(), [&](const auto& u) {
            return u.second == "PRIMARY KEY DESC" && iequals_ascii(u.first, t.primary_key[0]);
        });
        bool rowid_alias = t.primary_key.size() == 1 && !desc_on_column && t.find_column(t.primary_key[0]) &&
                           t.find_column(t.primary_key[0])->type == "INTEGER";
        // A PRIMARY KEY column of a rowid table without NOT NULL takes NULL
        // (SQLite's legacy rule; not an INTEGER PRIMARY KEY, which is the
        // rowid, and not in a WITHOUT ROWID or STRICT table).
        if (!rowid_alias && !t.options.count(kWithoutRowid) && !t.options.count(kStrict))
            t.nullable_key_columns = cat.pk.nullable[name];
    }
}

// Indexes, one row per key (the primary key's own index is Table::primary_key),
// of the tables whose indexes are not read from their texts.
constexpr std::string_view kIndexesQuery =
    "SELECT m.name AS table_name, il.name AS index_name, il.\"unique\" AS is_unique, il.origin AS origin, "
    "ii.name AS column_name, ii.\"desc\" AS is_desc, ii.cid AS cid, ii.seqno AS seqno, ii.coll AS collation_name "
    "FROM sqlite_schema m JOIN pragma_index_list(m.name) il JOIN pragma_index_xinfo(il.name) ii "
    "WHERE m.type = 'table' AND ii.key = 1 AND il.origin <> 'pk' AND m.name IN ";

// A table's indexes from their CREATE INDEX texts, as the pragmas report
// them; false, and nothing added, when one says what the reading does not
// know, or a key names what is not a column of t (rowid).
bool indexes_from_text(Table& t, const Catalog& cat) {
    std::vector<Index> read;
    std::vector<Unmanaged> unmanaged;
    auto it = cat.indexes_of.find(t.name);
    if (it == cat.indexes_of.end()) return true;
    for (const auto& name : it->second) {
        const ScannedIndex si = scan_index(cat.index_sql.at(name));
        if (!si.read) return false;
        Index ix;
        ix.name = name;
        ix.unique = si.unique;
        ix.where = si.where;
        for (const auto& k : si.keys) {
            IndexColumn ic;
            ic.desc = k.desc;
            ic.expr = k.expr;
            if (!k.column.empty()) {
                auto col = std::find_if(t.columns.begin(), t.columns.end(),
                                        [&](const Column& c) { return iequals_ascii(c.name, k.column); });
                if (col == t.columns.end()) return false;
                ic.name = col->name;
                if (!k.collation.empty() && canonical_collation(k.collation) != col->collation)
                    unmanaged.push_back({"index",
                                         name,
                                         "its key " + ic.name + " has COLLATE " + k.collation +
                                             ", which the files cannot state: a rebuild would lose it",
                                         {ic.name}});
            }
            ix.columns.push_back(std::move(ic));
        }
        read.push_back(std::move(ix));
    }
    std::move(read.begin(), read.end(), std::back_inserter(t.indexes));
    std::move(unmanaged.begin(), unmanaged.end(), std::back_inserter(t.unmanaged));
    return true;
}

// The indexes of the tables named (an SQL list) from the pragmas.
void indexes_from_pragmas(Connection& conn, Catalog& cat, const std::string& tables) {
    NamedResult rows = fetch_grouped(conn, std::string(kIndexesQuery) + tables, "m.name, il.name, ii.seqno",
                                     {"table_name", "index_name"}, "seqno");
    const auto [table, name, is_unique, origin, column, is_desc, cid, seqno, collation] = rows.fields(
        "table_name", "index_name", "is_unique", "origin", "column_name", "is_desc", "cid", "seqno", "collation_name");
    std::unordered_map<std::string, std::size_t> current;  // table+index → position
    for (NamedRow r : rows) {
        Table* t = cat.table(r.view(table));
        if (!t) continue;
        std::string key = t->name + "\x1f" + r[name];
        auto cur = current.find(key);
        if (cur == current.end()) {
            Index ix;
            ix.name = r[name];
            ix.unique = r.number(is_unique) == 1;
            ix.constraint = r[origin] == "u";
            if (!ix.constraint) ix.where = index_where(cat.index_sql[ix.name]);
            t->indexes.push_back(std::move(ix));
            cur = current.emplace(key, t->indexes.size() - 1).first;
        }
        IndexColumn ic;
        ic.desc = r.number(is_desc) == 1;
        if (r.number(cid) == -2) {  // an expression: only the CREATE INDEX text has it
            auto terms = index_terms(cat.index_sql[r[name]]);
            std::size_t seq = static_cast<std::size_t>(r.number(seqno));
            ic.expr = seq < terms.size() ? terms[seq] : std::string();
            if (!canonical_collation(r[collation]).empty())
                t->unmanaged.push_back({"index", r[name],
                                        "its key (" + ic.expr + ") has COLLATE " + r[collation] +
                                            ", which the files cannot state: a rebuild would lose it",
                                        columns_of(*t, ic.expr)});
        } else {
            ic.name = r[column];
            // A key column compared under another collation than its column's.
            const Column* col = t->find_column(ic.name);
            std::string coll = canonical_collation(r[collation]);
            if (col && coll != col->collation)
                t->unmanaged.push_back({"index",
                                        r[name],
                                        "its key " + ic.name + " has COLLATE " + r[collation] +
                                            ", which the files cannot state: a rebuild would lose it",
                                        {ic.name}});
        }
        t->indexes[cur->second].columns.push_back(std::move(ic));
    }
}

void inspect_indexes(Connection& conn, Catalog& cat) {
    // A UNIQUE constraint's index has no text: the pragmas read that table's.
    std::vector<std::string> unread;
    for (auto& t : cat.schema.tables)
        if (cat.source == CatalogSource::pragmas || cat.scanned[t.name].unique || !indexes_from_text(t, cat))
            unread.push_back(t.name);
    if (!unread.empty()) indexes_from_pragmas(conn, cat, sql_list(unread));
    // The pragmas list a table's indexes newest first: put them in name
    // order, as the sorted query gave them, so what is reported reads the
    // same every time.
    auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };
    for (auto& t : cat.schema.tables) {
        std::stable_sort(t.indexes.begin(), t.indexes.end(), by_name);
        std::stable_sort(t.unmanaged.begin(), t.unmanaged.end(), by_name);  // only indexes' entries so far
    }
}

// Unique constraints' indexes (sqlite_autoindex_*) named as schemactl names a
// unique column's index; then every table's indexes in name order, as for
// every other dialect: a database created from the files reads back the same.
void name_and_order_indexes(Catalog& cat) {
    for (auto& t : cat.schema.tables)
        for (auto& ix : t.indexes)
            if (ix.constraint) {
                std::vector<std::string> cols;
                for (const auto& c : ix.columns) cols.push_back(c.name);
                ix.name = generated_name("uq", t.name, cols, cat.max_len);
            }
    for (auto& t : cat.schema.tables)
        std::stable_sort(t.indexes.begin(), t.indexes.end(),
                         [](const Index& a, const Index& b) { return a.name < b.name; });
}

// Foreign keys, one row per column. SQLite numbers them from the last one
// written: id DESC is the order of the CREATE TABLE text, so a database
// created from the files reads back in the files' order.
constexpr std::string_view kForeignKeysQuery =
    "SELECT m.name AS table_name, f.id AS fk_id, f.\"table\" AS ref_table, f.\"from\" AS from_column, "
    "f.\"to\" AS to_column, f.on_update AS on_update, f.on_delete AS on_delete "
    "FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name) f "
    "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.name, f.id DESC, f.seq";

void inspect_foreign_keys(Connection& conn, Catalog& cat) {
    NamedResult rows(conn.fetch(std::string(kForeignKeysQuery)));
    const auto [table, id, ref_table, from_column, to_column, on_update, on_delete] = rows.fields(
        "table_name", "fk_id", "ref_table", "from_column", "to_column", "on_update", "on_delete");
    std::unordered_map<std::string, std::size_t> fk_at;
    for (NamedRow r : rows) {
        Table* t = cat.table(r.view(table));
        if (!t) continue;
        std::string key = t->name + "\x1f" + r[id];
        auto f = fk_at.find(key);
        if (f == fk_at.end()) {
            ForeignKey fk;
            fk.ref_table = r[ref_table];
            fk.on_update = canonical_action(r[on_update]);
            fk.on_delete = canonical_action(r[on_delete]);
            t->foreign_keys.push_back(std::move(fk));
            f = fk_at.emplace(key, t->foreign_keys.size() - 1).first;
        }
        t->foreign_keys[f->second].columns.push_back(r[from_column]);
        t->foreign_keys[f->second].ref_columns.push_back(r[to_column]);
    }
}

// Checks, and the names of foreign keys, from the CREATE TABLE text (where
// it names them; generated names otherwise).
void inspect_checks_and_key_names(Catalog& cat) {
    for (auto& t : cat.schema.tables) {
        const auto& scanned = cat.scanned[t.name].constraints;
        int n = 0;
        for (const auto& sc : scanned) {
            if (sc.kind != ScannedConstraint::Kind::check) continue;
            ++n;
            Check ck;
            ck.expr = sc.body;
            ck.name = sc.name.empty() ? generated_name("chk", t.name, {std::to_string(n)}, cat.max_len) : sc.name;
            t.checks.push_back(std::move(ck));
        }
        for (auto& fk : t.foreign_keys) {
            // FK column lists from pragma_foreign_key_list may name the parent key implicitly.
            for (std::size_t i = 0; i < fk.ref_columns.size(); ++i)
                if (fk.ref_columns[i].empty()) {
                    const Table* parent = cat.schema.find_table(fk.ref_table);
                    if (parent && i < parent->primary_key.size()) fk.ref_columns[i] = parent->primary_key[i];
                }
            for (const auto& sc : scanned)
                if (sc.kind == ScannedConstraint::Kind::foreign_key && sc.columns == fk.columns && !sc.name.empty())
                    fk.name = sc.name;
            if (fk.name.empty()) fk.name = generated_name("fk", t.name, fk.columns, cat.max_len);
        }
    }
}

// Triggers: a rebuild re-creates them (kept_sql), but one that names a
// column fails every write once the column is dropped or renamed: those pin it.
void inspect_triggers(Catalog& cat) {
    for (auto& t : cat.schema.tables)
        for (auto& trig : cat.triggers[t.name]) {
            if (auto used = names_used(trig, t).columns; !used.empty())
                t.unmanaged.push_back({"trigger", trigger_name(trig),
                                       "the columns it names keep their names; a rebuild re-creates it",
                                       std::move(used), true});
            t.kept_sql.push_back(std::move(trig));
        }
}

// Clauses of the CREATE TABLE text the files cannot state.
void inspect_unkept_clauses(Catalog& cat) {
    for (auto& t : cat.schema.tables)
        for (const auto& [column, clause] : cat.scanned[t.name].unkept) {
            std::vector<std::string> cols;
            if (!column.empty()) cols.push_back(column);
            t.unmanaged.push_back({"clause", clause,
                                   (column.empty() ? std::string("a table constraint") : "column " + column) +
                                       " says " + clause + ", which the files cannot state: a rebuild would lose it",
                                   cols});
        }
}

void inspect_virtual_tables(Catalog& cat) {
    for (auto& t : cat.schema.tables)
        if (const auto& sql = cat.table_sql[t.name];
            sql.size() > 20 && iequals_ascii(std::string_view(sql).substr(0, 20), "CREATE VIRTUAL TABLE"))
            t.unmanaged.push_back({kVirtualTable,
                                   t.name,
                                   "CREATE VIRTUAL TABLE (a module such as fts5): the files cannot state it; "
                                   "schemactl changes nothing in it, and a database created from the files gets a "
                                   "plain table",
                                   {}});
}

// Views: SQLite keeps them through a rebuild, but one that uses a column
// breaks when the column is dropped or renamed.
void inspect_views(Catalog& cat) {
    for (const auto& [view, sql] : cat.views)
        for (auto& t : cat.schema.tables) {
            auto used = names_used(sql, t);
            if (!used.mentions_table) continue;
            t.unmanaged.push_back(
                {"view", view, "a view uses it: the columns it names keep their names and types", used.columns, true});
        }
}

}  // namespace

Schema inspect_schema(Connection& conn, std::size_t max_len, CatalogSource source) {
    Catalog cat;
    cat.max_len = max_len;
    cat.source = source;
    inspect_objects(conn, cat);
    inspect_table_options(conn, cat);
    inspect_unread_columns(conn, cat);
    set_primary_keys(cat);
    inspect_indexes(conn, cat);
    name_and_order_indexes(cat);
    inspect_foreign_keys(conn, cat);
    inspect_checks_and_key_names(cat);
    inspect_triggers(cat);
    inspect_unkept_clauses(cat);
    inspect_virtual_tables(cat);
    std::erase_if(cat.schema.tables, [&](const Table& t) { return cat.shadow.count(t.name) > 0; });
    inspect_views(cat);
    return std::move(cat.schema);
}

}  // namespace schemactl::sqlite
