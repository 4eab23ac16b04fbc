// The whole SQLite schema in four queries: sqlite_schema, then the pragma
// table-valued functions joined over every table at once.
#include <charconv>
#include <unordered_map>
#include <unordered_set>

#include "dialect/sqlite/sqlite_inspect.hpp"
#include "dialect/sqlite/sqlite_types.hpp"
#include "schema/error.hpp"
#include "schema/prepare.hpp"

namespace schemactl::sqlite {

namespace {

const std::string& val(const Row& r, std::size_t i) {
    static const std::string empty;
    return r[i] ? *r[i] : empty;
}
int num(const Row& r, std::size_t i) {
    int v = 0;
    const auto& s = val(r, i);
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

std::string upper_ascii(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

constexpr const char* kTablesFilter = "m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";

}  // namespace

// The columns of t an expression names.
static std::vector<std::string> columns_of(const Table& t, const std::string& expr) { return names_used(expr, t).columns; }

Schema inspect_schema(Connection& conn, std::size_t max_len) {
    Schema s;
    std::unordered_map<std::string, std::size_t> at;
    std::unordered_map<std::string, std::string> table_sql, index_sql;
    std::unordered_map<std::string, std::vector<std::string>> triggers;
    std::vector<std::pair<std::string, std::string>> views;
    std::unordered_set<std::string> shadow;

    for (const auto& r : conn.query("SELECT m.type, m.name, m.tbl_name, m.sql FROM sqlite_schema m "
                                    "WHERE m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.rowid")
                             .rows) {
        const auto &type = val(r, 0), &name = val(r, 1);
        if (type == "table") {
            at[name] = s.tables.size();
            Table t;
            t.name = name;
            s.tables.push_back(t);
            table_sql[name] = val(r, 3);
        } else if (type == "index") {
            index_sql[name] = val(r, 3);
        } else if (type == "view" && r[3]) {
            views.emplace_back(name, val(r, 3));
        } else if (type == "trigger" && r[3]) {
            triggers[val(r, 2)].push_back(val(r, 3));
        }
    }

    // STRICT and WITHOUT ROWID (pragma table_list: SQLite 3.37 and later; an
    // older SQLite has no STRICT, and its WITHOUT ROWID is read from the SQL).
    bool listed = false;
    try {
        for (const auto& r :
             conn.query("SELECT name, \"strict\", wr, type FROM pragma_table_list WHERE schema = 'main'").rows) {
            auto it = at.find(val(r, 0));
            if (it == at.end()) continue;
            // A virtual table's shadow tables are its storage, not tables of their own.
            if (val(r, 3) == "shadow") shadow.insert(val(r, 0));
            if (num(r, 1)) s.tables[it->second].options[kStrict] = "true";
            if (num(r, 2)) s.tables[it->second].options[kWithoutRowid] = "true";
        }
        listed = true;
    } catch (const Error&) {
    }
    if (!listed)
        for (auto& t : s.tables)
            if (has_without_rowid(table_sql[t.name])) t.options[kWithoutRowid] = "true";

    // Columns.
    std::unordered_map<std::string, std::vector<std::pair<int, std::string>>> pk;
    std::unordered_map<std::string, std::vector<std::string>> nullable_pk;
    for (const auto& r : conn.query(std::string("SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, "
                                                "p.hidden FROM sqlite_schema m JOIN pragma_table_xinfo(m.name) p "
                                                "WHERE ") +
                                    kTablesFilter + " ORDER BY m.name, p.cid")
                             .rows) {
        auto it = at.find(val(r, 0));
        // hidden 1: a virtual table's hidden column; 2 / 3: generated VIRTUAL / STORED.
        if (it == at.end() || num(r, 6) == 1) continue;
        Table& t = s.tables[it->second];
        Column c;
        c.name = val(r, 1);
        c.type = canonical_type(val(r, 2));
        int pkpos = num(r, 5);
        c.nullable = num(r, 3) == 0 && pkpos == 0;
        c.default_value = r[4] ? canonical_default(*r[4]) : Default{};
        c.generated_stored = num(r, 6) == 3;
        if (pkpos) pk[t.name].emplace_back(pkpos, c.name);
        // A PRIMARY KEY column of a rowid table without NOT NULL takes NULL
        // (SQLite's legacy rule; not an INTEGER PRIMARY KEY, which is the rowid).
        if (pkpos && num(r, 3) == 0 && !t.options.count(kWithoutRowid) && !t.options.count(kStrict))
            nullable_pk[t.name].push_back(c.name);
        t.columns.push_back(c);
    }
    // What only the CREATE TABLE text says: collations and generated expressions.
    for (auto& t : s.tables)
        for (const auto& sc : scan_columns(table_sql[t.name]))
            if (Column* c = t.find_column(sc.name)) {
                c->collation = canonical_collation(sc.collation);
                if (!sc.generated.empty()) c->generated = sc.generated;
            }
    for (auto& [name, cols] : pk) {
        std::sort(cols.begin(), cols.end());
        Table& t = s.tables[at[name]];
        for (const auto& [_, c] : cols) t.primary_key.push_back(c);
        if (t.primary_key.size() == 1 && has_autoincrement(table_sql[name]))
            if (auto* c = t.find_column(t.primary_key[0]); c && c->type == "INTEGER") c->auto_increment = true;
        bool rowid_alias = t.primary_key.size() == 1 && t.find_column(t.primary_key[0]) &&
                           t.find_column(t.primary_key[0])->type == "INTEGER";
        if (!rowid_alias)
            t.nullable_key_columns = nullable_pk[name];
    }

    // Indexes (the primary key's own index is Table::primary_key).
    std::unordered_map<std::string, std::size_t> current;  // table+index → position
    for (const auto& r : conn.query(std::string("SELECT m.name, il.name, il.\"unique\", il.origin, ii.name, ii.\"desc\", "
                                                "ii.cid, ii.seqno, ii.coll "
                                                "FROM sqlite_schema m JOIN pragma_index_list(m.name) il "
                                                "JOIN pragma_index_xinfo(il.name) ii WHERE ") +
                                    kTablesFilter + " AND ii.key = 1 AND il.origin <> 'pk' ORDER BY m.name, il.name, ii.seqno")
                             .rows) {
        auto it = at.find(val(r, 0));
        if (it == at.end()) continue;
        Table& t = s.tables[it->second];
        std::string key = t.name + "\x1f" + val(r, 1);
        auto cur = current.find(key);
        if (cur == current.end()) {
            Index ix;
            ix.name = val(r, 1);
            ix.unique = num(r, 2) == 1;
            ix.constraint = val(r, 3) == "u";
            if (!ix.constraint) ix.where = index_where(index_sql[ix.name]);
            t.indexes.push_back(ix);
            cur = current.emplace(key, t.indexes.size() - 1).first;
        }
        IndexColumn ic;
        ic.desc = num(r, 5) == 1;
        if (num(r, 6) == -2) {  // an expression: only the CREATE INDEX text has it
            auto terms = index_terms(index_sql[val(r, 1)]);
            std::size_t seq = static_cast<std::size_t>(num(r, 7));
            ic.expr = seq < terms.size() ? terms[seq] : std::string();
            if (!canonical_collation(val(r, 8)).empty())
                t.unmanaged.push_back({"index", val(r, 1),
                                       "its key (" + ic.expr + ") has COLLATE " + val(r, 8) +
                                           ", which the files cannot state: a rebuild would lose it",
                                       columns_of(t, ic.expr)});
        } else {
            ic.name = val(r, 4);
            // A key column compared under another collation than its column's.
            const Column* col = t.find_column(ic.name);
            std::string coll = canonical_collation(val(r, 8));
            if (col && coll != col->collation)
                t.unmanaged.push_back({"index", val(r, 1),
                                       "its key " + ic.name + " has COLLATE " + val(r, 8) +
                                           ", which the files cannot state: a rebuild would lose it",
                                       {ic.name}});
        }
        t.indexes[cur->second].columns.push_back(ic);
    }
    for (auto& t : s.tables)
        for (auto& ix : t.indexes)
            if (ix.constraint) {  // sqlite_autoindex_*: named as schemactl names a unique column's index
                std::vector<std::string> cols;
                for (const auto& c : ix.columns) cols.push_back(c.name);
                ix.name = generated_name("uq", t.name, cols, max_len);
            }
    // In name order, as for every other index: a database created from the
    // files (named indexes) reads back in the same order.
    for (auto& t : s.tables)
        std::stable_sort(t.indexes.begin(), t.indexes.end(),
                         [](const Index& a, const Index& b) { return a.name < b.name; });

    // Foreign keys, named from the CREATE TABLE text where it names them.
    // SQLite numbers them from the last one written: id DESC is the order of
    // the CREATE TABLE text, so a database created from the files reads back
    // in the files' order.
    std::unordered_map<std::string, std::size_t> fk_at;
    for (const auto& r : conn.query(std::string("SELECT m.name, f.id, f.\"table\", f.\"from\", f.\"to\", f.on_update, "
                                                "f.on_delete FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name) f "
                                                "WHERE ") +
                                    kTablesFilter + " ORDER BY m.name, f.id DESC, f.seq")
                             .rows) {
        auto it = at.find(val(r, 0));
        if (it == at.end()) continue;
        Table& t = s.tables[it->second];
        std::string key = t.name + "\x1f" + val(r, 1);
        auto f = fk_at.find(key);
        if (f == fk_at.end()) {
            ForeignKey fk;
            fk.ref_table = val(r, 2);
            fk.on_update = canonical_action(val(r, 5));
            fk.on_delete = canonical_action(val(r, 6));
            t.foreign_keys.push_back(fk);
            f = fk_at.emplace(key, t.foreign_keys.size() - 1).first;
        }
        t.foreign_keys[f->second].columns.push_back(val(r, 3));
        t.foreign_keys[f->second].ref_columns.push_back(val(r, 4));
    }

    for (auto& t : s.tables) {
        auto scanned = scan_constraints(table_sql[t.name]);
        int n = 0;
        for (const auto& sc : scanned) {
            if (sc.kind != ScannedConstraint::Kind::check) continue;
            ++n;
            Check ck;
            ck.expr = sc.body;
            ck.name = sc.name.empty() ? generated_name("chk", t.name, {std::to_string(n)}, max_len) : sc.name;
            t.checks.push_back(ck);
        }
        for (auto& fk : t.foreign_keys) {
            // FK column lists from pragma_foreign_key_list may name the parent key implicitly.
            for (std::size_t i = 0; i < fk.ref_columns.size(); ++i)
                if (fk.ref_columns[i].empty()) {
                    const Table* parent = s.find_table(fk.ref_table);
                    if (parent && i < parent->primary_key.size()) fk.ref_columns[i] = parent->primary_key[i];
                }
            for (const auto& sc : scanned)
                if (sc.kind == ScannedConstraint::Kind::foreign_key && sc.columns == fk.columns && !sc.name.empty())
                    fk.name = sc.name;
            if (fk.name.empty()) fk.name = generated_name("fk", t.name, fk.columns, max_len);
        }
        // A rebuild re-creates triggers (kept_sql), but one that names a column
        // fails every write once the column is dropped or renamed: those pin it.
        for (auto& trig : triggers[t.name]) {
            if (auto used = names_used(trig, t).columns; !used.empty())
                t.unmanaged.push_back({"trigger", trigger_name(trig),
                                       "the columns it names keep their names; a rebuild re-creates it",
                                       std::move(used), true});
            t.kept_sql.push_back(std::move(trig));
        }
        for (const auto& [column, clause] : unkept_clauses(table_sql[t.name])) {
            std::vector<std::string> cols;
            if (!column.empty()) cols.push_back(column);
            t.unmanaged.push_back({"clause", clause,
                                   (column.empty() ? std::string("a table constraint") : "column " + column) +
                                       " says " + clause + ", which the files cannot state: a rebuild would lose it",
                                   cols});
        }
    }
    for (auto& t : s.tables)
        if (table_sql[t.name].size() > 20 && upper_ascii(table_sql[t.name].substr(0, 20)) == "CREATE VIRTUAL TABLE")
            t.unmanaged.push_back({kVirtualTable, t.name,
                                   "CREATE VIRTUAL TABLE (a module such as fts5): the files cannot state it; "
                                   "schemactl changes nothing in it, and a database created from the files gets a "
                                   "plain table",
                                   {}});
    std::erase_if(s.tables, [&](const Table& t) { return shadow.count(t.name) > 0; });
    // Views: SQLite keeps them through a rebuild, but one that uses a column
    // breaks when the column is dropped or renamed.
    for (const auto& [view, sql] : views)
        for (auto& t : s.tables) {
            auto used = names_used(sql, t);
            if (!used.mentions_table) continue;
            t.unmanaged.push_back({"view", view, "a view uses it: the columns it names keep their names and types",
                                   used.columns, true});
        }
    return s;
}

}  // namespace schemactl::sqlite
