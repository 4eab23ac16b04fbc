// The whole schema from the catalogs in five queries, whatever the number of
// tables: every query covers all tables of the schema, joined client-side.
// One function per catalog object; each query is a named constant whose
// columns are read by name, and {ns} in it stands for the schema's oid.
#include "dialect/postgres/pg_inspect.hpp"

#include <algorithm>
#include <charconv>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "dialect/postgres/pg_types.hpp"
#include "dialect/postgres/pg_unmanaged.hpp"
#include "dialect/result_row.hpp"

namespace schemactl::pg {

namespace {

long num(std::string_view s) {
    long v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}
// "{1,2}" (int2[]) or "1 2" (int2vector) → numbers
std::vector<long> numbers(std::string_view s) {
    std::vector<long> out;
    std::string cur;
    for (char c : s) {
        if (std::isdigit(static_cast<unsigned char>(c)) || c == '-') {
            cur += c;
        } else if (!cur.empty()) {
            out.push_back(num(cur));
            cur.clear();
        }
    }
    if (!cur.empty()) out.push_back(num(cur));
    return out;
}
// string_agg(..., chr(1)) → names
std::vector<std::string> names(const std::string& s) {
    std::vector<std::string> out;
    if (s.empty()) return out;
    std::size_t start = 0;
    for (;;) {
        auto sep = s.find('\x01', start);
        out.push_back(s.substr(start, sep == std::string::npos ? std::string::npos : sep - start));
        if (sep == std::string::npos) return out;
        start = sep + 1;
    }
}
std::string action(const std::string& letter) {
    if (letter == "r") return "RESTRICT";
    if (letter == "c") return "CASCADE";
    if (letter == "n") return "SET NULL";
    if (letter == "d") return "SET DEFAULT";
    return "NO ACTION";
}
// format_type() quotes a type name that needs it ("MyEnum"): the model keeps names unquoted.
std::string unquote(const std::string& s) {
    if (s.size() < 2 || s.front() != '"' || s.back() != '"') return s;
    std::string o;
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
        o += s[i];
        if (s[i] == '"' && s[i + 1] == '"') ++i;
    }
    return o;
}

// What the queries build, and what a later query looks up in it.
struct Catalog {
    std::string ns;  // the schema's oid, as SQL (the name was checked at connect time)
    Schema schema;
    std::unordered_map<std::string, std::size_t> at;       // table oid → position in schema.tables
    std::unordered_map<std::string, std::string> attname;  // "table oid:attnum" → column name
    std::unordered_set<std::string> unique_constraint_index, other_constraint_index;

    Table* table(const std::string& oid) {
        auto it = at.find(oid);
        return it == at.end() ? nullptr : &schema.tables[it->second];
    }
    // A query with the schema's oid in place of {ns}.
    std::string sql(std::string_view query) const {
        std::string out(query);
        out.replace(out.find("{ns}"), 4, ns);
        return out;
    }
};

// Tables and their comments.
constexpr std::string_view kTablesQuery =
    "SELECT c.oid AS table_oid, c.relname AS table_name, ds.description AS table_comment "
    "FROM pg_class c LEFT JOIN pg_description ds ON ds.objoid = c.oid AND ds.classoid = 'pg_class'::regclass "
    "AND ds.objsubid = 0 WHERE c.relnamespace = {ns} AND c.relkind IN ('r', 'p') AND NOT c.relispartition "
    "ORDER BY c.relname";

void inspect_tables(PgConnection& conn, Catalog& cat) {
    NamedResult rows(conn.fetch(cat.sql(kTablesQuery)));
    const auto [oid, name, comment] = rows.fields("table_oid", "table_name", "table_comment");
    for (NamedRow r : rows) {
        Table t;
        t.name = r[name];
        t.comment = r[comment];
        cat.at[r[oid]] = cat.schema.tables.size();
        cat.schema.tables.push_back(std::move(t));
    }
}

// Enum labels, by type oid.
constexpr std::string_view kEnumsQuery =
    "SELECT e.enumtypid AS type_oid, e.enumlabel AS label FROM pg_enum e ORDER BY e.enumtypid, e.enumsortorder";

std::unordered_map<std::string, std::vector<std::string>> inspect_enums(PgConnection& conn) {
    std::unordered_map<std::string, std::vector<std::string>> enums;
    NamedResult rows(conn.fetch(std::string(kEnumsQuery)));
    const auto [type_oid, label] = rows.fields("type_oid", "label");
    for (NamedRow r : rows) enums[r[type_oid]].push_back(r[label]);
    return enums;
}

// Columns: type, nullability, default, identity / owned sequence, comment.
// Comments are joined, not read with col_description(): that function runs a
// query of its own per column (0.1 s at 1,000 tables). How many defaults use
// each default's sequence is counted once over pg_depend (seq_deps) and joined:
// as a subquery per default, the planner joined pg_depend to itself on classid
// alone while the catalog's statistics were stale (right after creating 5,000
// tables: 6.1 s instead of 1.3 s for this query). Sorted here, not by ORDER BY:
// at 5,000 tables the server's sort of the wide rows spilled to disk and
// took 180 of the query's 730 ms (EXPLAIN ANALYZE). pg_get_expr() is given
// the table only for a generated column's expression: with a table it opens
// that table to name its columns, a relcache entry built per table in every
// new session (210 of the query's 600 ms at 5,000 tables), and a column
// default cannot name a column.
constexpr std::string_view kColumnsQuery =
    "WITH seq_deps AS (SELECT s.objid AS attrdef, s.refobjid AS seq FROM pg_depend s "
    "JOIN pg_class sq ON sq.oid = s.refobjid AND sq.relkind = 'S' "
    "WHERE s.classid = 'pg_attrdef'::regclass AND s.refclassid = 'pg_class'::regclass) "
    "SELECT a.attrelid AS table_oid, a.attnum AS attnum, a.attname AS column_name, "
    "format_type(a.atttypid, a.atttypmod) AS column_type, a.attnotnull AS not_null, "
    "pg_get_expr(d.adbin, CASE WHEN a.attgenerated <> '' THEN d.adrelid ELSE 0 END) AS default_expr, "
    "a.attidentity AS identity, "
    "ds.description AS column_comment, a.atttypid AS type_oid, a.attgenerated AS generated, "
    "EXISTS (SELECT 1 FROM pg_depend dep JOIN pg_class sq ON sq.oid = dep.objid "
    "AND sq.relkind = 'S' WHERE dep.classid = 'pg_class'::regclass "
    "AND dep.refclassid = 'pg_class'::regclass AND dep.refobjid = a.attrelid "
    "AND dep.refobjsubid = a.attnum AND dep.deptype = 'a') AS owned_sequence, "
    "ty.typtype AS type_kind, "
    "CASE WHEN ty.typtype = 'd' THEN format_type(ty.typbasetype, ty.typtypmod) END AS domain_base_type, "
    // How many defaults use the sequence(s) this default uses.
    "coalesce(su.users, 0) AS sequence_users, "
    // A collation of the column's own (not its type's default).
    "CASE WHEN a.attcollation <> 0 AND a.attcollation <> ty.typcollation THEN "
    "(SELECT collname FROM pg_collation WHERE oid = a.attcollation) END AS column_collation "
    "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
    "JOIN pg_type ty ON ty.oid = a.atttypid "
    "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
    "LEFT JOIN (SELECT u.attrdef, count(DISTINCT v.attrdef) AS users FROM seq_deps u "
    "JOIN seq_deps v ON v.seq = u.seq GROUP BY u.attrdef) su ON su.attrdef = d.oid "
    "LEFT JOIN pg_description ds ON ds.objoid = a.attrelid AND ds.classoid = 'pg_class'::regclass "
    "AND ds.objsubid = a.attnum "
    "WHERE c.relnamespace = {ns} AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped";

void inspect_columns(PgConnection& conn, Catalog& cat,
                     const std::unordered_map<std::string, std::vector<std::string>>& enums,
                     std::map<std::string, std::string>* domains) {
    NamedResult rows(conn.fetch(cat.sql(kColumnsQuery)));
    const auto [table_oid, attnum, name, type, not_null, default_expr, identity, comment, type_oid, generated,
                owned_sequence, type_kind, domain_base_type, sequence_users,
                collation] = rows.fields("table_oid", "attnum", "column_name", "column_type", "not_null",
                                         "default_expr", "identity", "column_comment", "type_oid", "generated",
                                         "owned_sequence", "type_kind", "domain_base_type", "sequence_users",
                                         "column_collation");
    for (const auto& [oid, n] : rows.count_by(table_oid))
        if (Table* t = cat.table(std::string(oid))) t->columns.reserve(n);
    for (NamedRow r : rows.sorted_by(table_oid, attnum)) {
        Table* t = cat.table(r[table_oid]);
        if (!t) continue;
        cat.attname[r[table_oid] + ":" + r[attnum]] = r[name];
        Column c;
        c.name = r[name];
        c.nullable = r[not_null] != "t";
        c.comment = r[comment];
        c.collation = r[collation];
        if (auto e = enums.find(r[type_oid]); e != enums.end()) {
            c.type = unquote(r[type]);
            c.enum_values = e->second;
        } else {
            c.type = canonical_native_type(r[type]);
            if (domains && r[type_kind] == "d") (*domains)[c.type] = canonical_native_type(r[domain_base_type]);
        }
        const std::string& def = r[default_expr];
        if (!r[generated].empty()) {
            // A generated column (PostgreSQL 15: STORED only): pg_attrdef holds its expression.
            c.generated = canonical_expression(def);
            c.generated_stored = true;
        } else if (!r[identity].empty()) {
            c.auto_increment = true;  // identity column
        } else if ((r[owned_sequence] == "t" || r[sequence_users] == "1") && def.rfind("nextval(", 0) == 0 &&
                   def.find(')') + 1 == def.size() &&
                   (c.type == "integer" || c.type == "bigint" || c.type == "smallint")) {
            // serial: nextval() of the column's own sequence, or of one no other
            // default uses (CREATE SEQUENCE, then DEFAULT nextval(...)); a fresh
            // database gets an identity column instead of the sequence.
            c.auto_increment = true;
        } else if (!r.null(default_expr)) {
            c.default_value = column_default(canonical_default(def), c.type);
        }
        t->columns.push_back(std::move(c));
    }
}

// Constraints: primary key, unique (for the DDL hint), foreign keys, checks.
constexpr std::string_view kConstraintsQuery =
    "SELECT con.conrelid AS table_oid, con.conname AS constraint_name, con.contype AS constraint_type, "
    "con.conkey AS column_numbers, cf.relname AS ref_table, "
    "(SELECT string_agg(fa.attname, chr(1) ORDER BY k.o) FROM unnest(con.confkey) "
    "WITH ORDINALITY k(n, o) JOIN pg_attribute fa ON fa.attrelid = con.confrelid "
    "AND fa.attnum = k.n) AS ref_columns, con.confdeltype AS on_delete, con.confupdtype AS on_update, "
    "CASE WHEN con.contype = 'c' THEN pg_get_constraintdef(con.oid) END AS definition, con.conindid AS index_oid "
    "FROM pg_constraint con LEFT JOIN pg_class cf ON cf.oid = con.confrelid "
    "WHERE con.connamespace = {ns} AND con.contype IN ('p', 'u', 'f', 'c', 'x') AND con.conrelid <> 0 "
    "ORDER BY con.conrelid, con.conname";

void inspect_constraints(PgConnection& conn, Catalog& cat) {
    NamedResult rows(conn.fetch(cat.sql(kConstraintsQuery)));
    const auto [table_oid, name, type, column_numbers, ref_table, ref_columns, on_delete, on_update, definition,
                index_oid] = rows.fields("table_oid", "constraint_name", "constraint_type", "column_numbers",
                                         "ref_table", "ref_columns", "on_delete", "on_update", "definition",
                                         "index_oid");
    for (NamedRow r : rows) {
        Table* t = cat.table(r[table_oid]);
        if (!t) continue;
        const std::string& kind = r[type];
        std::vector<std::string> cols;
        for (long k : numbers(r[column_numbers])) cols.push_back(cat.attname[r[table_oid] + ":" + std::to_string(k)]);
        if (kind == "p") {
            t->primary_key = cols;
        } else if (kind == "u") {
            cat.unique_constraint_index.insert(r[index_oid]);
        } else if (kind == "x") {
            cat.other_constraint_index.insert(r[index_oid]);  // exclusion constraints are not managed
        } else if (kind == "f") {
            ForeignKey fk;
            fk.name = r[name];
            fk.columns = cols;
            fk.ref_table = r[ref_table];
            fk.ref_columns = names(r[ref_columns]);
            fk.on_delete = action(r[on_delete]);
            fk.on_update = action(r[on_update]);
            t->foreign_keys.push_back(std::move(fk));
        } else if (kind == "c") {
            t->checks.push_back({r[name], canonical_predicate(r[definition]), {}});
        }
    }
}

// Indexes (not the primary key's; unique constraints flagged). Keys are
// columns or expressions (pg_get_indexdef of each key of an index that has
// an expression key); an index with what the model does not hold (INCLUDE,
// an operator class, a NULLS order or a key collation of its own, NULLS NOT
// DISTINCT) is listed as unmanaged instead, its definition and the columns
// it uses read by a second query for those indexes only. pg_get_indexdef()
// costs about 50 µs an index, so it is called only where its text is used.
constexpr std::string_view kIndexesQuery =
    "SELECT i.indrelid AS table_oid, ci.relname AS index_name, i.indisunique AS is_unique, "
    "i.indisprimary AS is_primary, i.indkey AS key_numbers, i.indoption AS key_options, am.amname AS method, "
    "pg_get_expr(i.indpred, i.indrelid) AS predicate, i.indexrelid AS index_oid, "
    "i.indnkeyatts AS key_count, i.indnatts AS column_count, i.indisvalid AS is_valid, "
    "(i.indclass::oid[])[0:i.indnkeyatts - 1] && "
    "(SELECT array_agg(oid) FROM pg_opclass WHERE NOT opcdefault) AS own_opclass, "
    // A column key compared under another collation than its column's.
    "EXISTS (SELECT 1 FROM unnest(i.indkey::int2[], i.indcollation::oid[]) k(n, coll) WHERE k.n <> 0 "
    "AND k.coll <> 0 AND k.coll <> (SELECT a.attcollation FROM pg_attribute a WHERE a.attrelid = i.indrelid "
    "AND a.attnum = k.n)) AS own_collation, "
    "CASE WHEN 0 = ANY (i.indkey::int2[]) THEN (SELECT string_agg(pg_get_indexdef(i.indexrelid, k, false), "
    "chr(1) ORDER BY k) FROM generate_series(1, i.indnkeyatts) k) END AS key_texts, "
    "{nulls_not_distinct} AS nulls_not_distinct "
    "FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid "
    "JOIN pg_am am ON am.oid = ci.relam "
    "WHERE ci.relnamespace = {ns} ORDER BY i.indrelid, ci.relname";

// The definition and the columns used of the indexes in {oids}.
constexpr std::string_view kUnmanagedIndexesQuery =
    "SELECT i.indexrelid AS index_oid, pg_get_indexdef(i.indexrelid) AS definition, "
    "(SELECT string_agg(DISTINCT a.attname, chr(1)) FROM pg_depend d JOIN pg_attribute a "
    "ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid WHERE d.classid = "
    "'pg_class'::regclass AND d.objid = i.indexrelid AND d.refobjsubid > 0) AS columns_used "
    "FROM pg_index i WHERE i.indexrelid IN ({oids})";

// The columns of kIndexesQuery that tell what the model does not hold.
struct IndexExtras {
    Field key_options, key_count, column_count, own_opclass, own_collation, nulls_not_distinct;
};

// What an index has that the model does not hold, or "".
std::string index_extra(const NamedRow& r, const IndexExtras& f, std::size_t nkeys) {
    auto opts = numbers(r[f.key_options]);
    bool own_nulls = false;  // NULLS FIRST on an ascending key, NULLS LAST on a descending one
    for (std::size_t k = 0; k < nkeys && k < opts.size(); ++k)
        own_nulls = own_nulls || ((opts[k] & 1) != 0) != ((opts[k] & 2) != 0);
    return r.number(f.column_count) > r.number(f.key_count) ? "INCLUDE columns"
           : r[f.own_opclass] == "t"                        ? "an operator class"
           : own_nulls                                      ? "a NULLS order"
           : r[f.own_collation] == "t"                      ? "a key collation of its own"
           : r[f.nulls_not_distinct] == "t"                 ? "NULLS NOT DISTINCT"
                                                            : "";
}

void inspect_indexes(PgConnection& conn, Catalog& cat) {
    std::string sql = cat.sql(kIndexesQuery);
    // indnullsnotdistinct is PostgreSQL 15's.
    sql.replace(sql.find("{nulls_not_distinct}"), 20,
                conn.server_version_num() >= 150000 ? "i.indnullsnotdistinct" : "NULL::boolean");
    NamedResult rows(conn.fetch(sql));
    const auto [table_oid, name, is_unique, is_primary, key_numbers, key_options, method, predicate, index_oid,
                key_count, is_valid, key_texts] = rows.fields("table_oid", "index_name", "is_unique", "is_primary",
                                                              "key_numbers", "key_options", "method", "predicate",
                                                              "index_oid", "key_count", "is_valid", "key_texts");
    const IndexExtras extras{key_options,
                             key_count,
                             rows.field("column_count"),
                             rows.field("own_opclass"),
                             rows.field("own_collation"),
                             rows.field("nulls_not_distinct")};
    struct Pending {
        Table* table;
        std::string name, oid, extra;
    };
    std::vector<Pending> unmanaged;
    for (NamedRow r : rows) {
        Table* t = cat.table(r[table_oid]);
        if (!t || r[is_primary] == "t" || cat.other_constraint_index.count(r[index_oid])) continue;
        auto keys = numbers(r[key_numbers]);
        const auto nkeys = static_cast<std::size_t>(r.number(key_count));
        keys.resize(std::min(keys.size(), nkeys));
        if (std::string extra = index_extra(r, extras, nkeys); !extra.empty()) {
            unmanaged.push_back({t, r[name], r[index_oid], std::move(extra)});
            continue;
        }
        auto opts = numbers(r[key_options]);
        auto texts = names(r[key_texts]);
        Index ix;
        ix.name = r[name];
        ix.unique = r[is_unique] == "t";
        ix.method = r[method] == "btree" ? "" : r[method];
        ix.where = canonical_predicate(r[predicate]);
        ix.constraint = cat.unique_constraint_index.count(r[index_oid]) > 0;
        ix.valid = r[is_valid] == "t";
        for (std::size_t k = 0; k < keys.size(); ++k) {
            IndexColumn ic;
            if (keys[k] != 0) ic.name = cat.attname[r[table_oid] + ":" + std::to_string(keys[k])];
            else ic.expr = k < texts.size() ? canonical_expression(texts[k]) : "";
            ic.desc = k < opts.size() && (opts[k] & 1) != 0;
            ix.columns.push_back(std::move(ic));
        }
        t->indexes.push_back(std::move(ix));
    }
    if (unmanaged.empty()) return;
    std::string oids;
    for (const auto& u : unmanaged) oids += (oids.empty() ? "" : ", ") + u.oid;  // numbers the server gave
    std::string q(kUnmanagedIndexesQuery);
    q.replace(q.find("{oids}"), 6, oids);
    NamedResult more(conn.fetch(q));
    const auto [oid, definition, columns_used] = more.fields("index_oid", "definition", "columns_used");
    std::unordered_map<std::string, std::pair<std::string, std::string>> by_oid;
    for (NamedRow r : more) by_oid[r[oid]] = {r[definition], r[columns_used]};
    for (auto& u : unmanaged) {
        const auto& [def, used] = by_oid[u.oid];
        u.table->unmanaged.push_back(
            {"index", u.name, def + ": schemactl does not manage " + u.extra + "; a recreate would drop the index",
             names(used)});
    }
}

}  // namespace

Schema inspect_schema(PgConnection& conn, std::map<std::string, std::string>* domains) {
    Catalog cat;
    cat.ns = "(SELECT oid FROM pg_namespace WHERE nspname = " + quote_literal(conn.schema()) + ")";
    inspect_tables(conn, cat);
    auto enums = inspect_enums(conn);
    inspect_columns(conn, cat, enums, domains);
    inspect_constraints(conn, cat);
    inspect_indexes(conn, cat);
    add_unmanaged(conn, cat.ns, cat.at, cat.schema);
    return std::move(cat.schema);
}

}  // namespace schemactl::pg
