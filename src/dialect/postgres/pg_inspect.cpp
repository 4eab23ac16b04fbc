// The whole schema from the catalogs in five queries, whatever the number of
// tables: every query covers all tables of the schema, joined client-side.
#include "dialect/postgres/pg_inspect.hpp"

#include <algorithm>
#include <charconv>
#include <unordered_map>
#include <unordered_set>

#include "dialect/postgres/pg_types.hpp"
#include "dialect/postgres/pg_unmanaged.hpp"

namespace schemactl::pg {

namespace {

const std::string& val(const Row& r, std::size_t i) {
    static const std::string empty;
    return r[i] ? *r[i] : empty;
}
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

}  // namespace

Schema inspect_schema(PgConnection& conn, std::map<std::string, std::string>* domains) {
    // The schema's namespace, as a literal (the name was checked at connect time).
    const std::string ns = "(SELECT oid FROM pg_namespace WHERE nspname = " + quote_literal(conn.schema()) + ")";
    Schema s;
    std::unordered_map<std::string, std::size_t> at;  // table oid → position in s.tables

    // 1. tables and their comments
    for (const auto& r : conn.query("SELECT c.oid, c.relname, obj_description(c.oid, 'pg_class') FROM pg_class c "
                                    "WHERE c.relnamespace = " + ns +
                                    " AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname")
                             .rows) {
        Table t;
        t.name = val(r, 1);
        t.comment = val(r, 2);
        at[val(r, 0)] = s.tables.size();
        s.tables.push_back(std::move(t));
    }

    // 2. enum labels, by type oid
    std::unordered_map<std::string, std::vector<std::string>> enums;
    for (const auto& r : conn.query("SELECT e.enumtypid, e.enumlabel FROM pg_enum e "
                                    "ORDER BY e.enumtypid, e.enumsortorder")
                             .rows)
        enums[val(r, 0)].push_back(val(r, 1));

    // 3. columns: type, nullability, default, identity / owned sequence, comment
    std::unordered_map<std::string, std::string> attname;  // "table oid:attnum" → column name
    for (const auto& r : conn.query(
                             "SELECT a.attrelid, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), "
                             "a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity, "
                             "col_description(a.attrelid, a.attnum), a.atttypid, a.attgenerated, "
                             "EXISTS (SELECT 1 FROM pg_depend dep JOIN pg_class sq ON sq.oid = dep.objid "
                             "AND sq.relkind = 'S' WHERE dep.classid = 'pg_class'::regclass "
                             "AND dep.refclassid = 'pg_class'::regclass AND dep.refobjid = a.attrelid "
                             "AND dep.refobjsubid = a.attnum AND dep.deptype = 'a'), "
                             "ty.typtype, format_type(ty.typbasetype, ty.typtypmod), "
                             // How many defaults use the sequence(s) this default uses.
                             "(SELECT count(DISTINCT o.objid) FROM pg_depend s JOIN pg_class sq ON sq.oid = s.refobjid "
                             "AND sq.relkind = 'S' JOIN pg_depend o ON o.refobjid = s.refobjid "
                             "AND o.refclassid = 'pg_class'::regclass AND o.classid = 'pg_attrdef'::regclass "
                             "WHERE s.classid = 'pg_attrdef'::regclass AND s.objid = d.oid "
                             "AND s.refclassid = 'pg_class'::regclass), "
                             // A collation of the column's own (not its type's default).
                             "CASE WHEN a.attcollation <> 0 AND a.attcollation <> ty.typcollation THEN "
                             "(SELECT collname FROM pg_collation WHERE oid = a.attcollation) END "
                             "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                             "JOIN pg_type ty ON ty.oid = a.atttypid "
                             "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                             "WHERE c.relnamespace = " + ns +
                             " AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped "
                             "ORDER BY a.attrelid, a.attnum")
                             .rows) {
        auto it = at.find(val(r, 0));
        if (it == at.end()) continue;
        attname[val(r, 0) + ":" + val(r, 1)] = val(r, 2);
        Column c;
        c.name = val(r, 2);
        c.nullable = val(r, 4) != "t";
        c.comment = val(r, 7);
        c.collation = val(r, 14);
        if (auto e = enums.find(val(r, 8)); e != enums.end()) {
            c.type = unquote(val(r, 3));
            c.enum_values = e->second;
        } else {
            c.type = canonical_native_type(val(r, 3));
            if (domains && val(r, 11) == "d") (*domains)[c.type] = canonical_native_type(val(r, 12));
        }
        const std::string& def = val(r, 5);
        bool owned_sequence = val(r, 10) == "t";
        if (!val(r, 9).empty()) {
            // A generated column (PostgreSQL 15: STORED only): pg_attrdef holds its expression.
            c.generated = canonical_expression(def);
            c.generated_stored = true;
        } else if (!val(r, 6).empty()) {
            c.auto_increment = true;  // identity column
        } else if ((owned_sequence || val(r, 13) == "1") && def.rfind("nextval(", 0) == 0 &&
                   def.find(')') + 1 == def.size() &&
                   (c.type == "integer" || c.type == "bigint" || c.type == "smallint")) {
            // serial: nextval() of the column's own sequence, or of one no other
            // default uses (CREATE SEQUENCE, then DEFAULT nextval(...)); a fresh
            // database gets an identity column instead of the sequence.
            c.auto_increment = true;
        } else if (r[5]) {
            c.default_value = column_default(canonical_default(def), c.type);
        }
        s.tables[it->second].columns.push_back(std::move(c));
    }

    // 4. constraints: primary key, unique (for the DDL hint), foreign keys, checks
    std::unordered_set<std::string> unique_constraint_index, other_constraint_index;
    for (const auto& r : conn.query(
                             "SELECT con.conrelid, con.conname, con.contype, con.conkey, cf.relname, "
                             "(SELECT string_agg(fa.attname, chr(1) ORDER BY k.o) FROM unnest(con.confkey) "
                             "WITH ORDINALITY k(n, o) JOIN pg_attribute fa ON fa.attrelid = con.confrelid "
                             "AND fa.attnum = k.n), con.confdeltype, con.confupdtype, "
                             "pg_get_constraintdef(con.oid), con.conindid "
                             "FROM pg_constraint con LEFT JOIN pg_class cf ON cf.oid = con.confrelid "
                             "WHERE con.connamespace = " + ns +
                             " AND con.contype IN ('p', 'u', 'f', 'c', 'x') AND con.conrelid <> 0 "
                             "ORDER BY con.conrelid, con.conname")
                             .rows) {
        auto it = at.find(val(r, 0));
        if (it == at.end()) continue;
        Table& t = s.tables[it->second];
        const std::string& type = val(r, 2);
        std::vector<std::string> cols;
        for (long k : numbers(val(r, 3))) cols.push_back(attname[val(r, 0) + ":" + std::to_string(k)]);
        if (type == "p") {
            t.primary_key = cols;
        } else if (type == "u") {
            unique_constraint_index.insert(val(r, 9));
        } else if (type == "x") {
            other_constraint_index.insert(val(r, 9));  // exclusion constraints are not managed
        } else if (type == "f") {
            ForeignKey fk;
            fk.name = val(r, 1);
            fk.columns = cols;
            fk.ref_table = val(r, 4);
            fk.ref_columns = names(val(r, 5));
            fk.on_delete = action(val(r, 6));
            fk.on_update = action(val(r, 7));
            t.foreign_keys.push_back(std::move(fk));
        } else if (type == "c") {
            t.checks.push_back({val(r, 1), canonical_predicate(val(r, 8)), {}});
        }
    }

    // 5. indexes (not the primary key's; unique constraints flagged). Keys are
    // columns or expressions (pg_get_indexdef of each key); an index with what
    // the model does not hold (INCLUDE, an operator class or NULLS order of its
    // own) is listed as unmanaged instead, with the columns it uses.
    for (const auto& r : conn.query(
                             "SELECT i.indrelid, ci.relname, i.indisunique, i.indisprimary, i.indkey, "
                             "i.indoption, am.amname, pg_get_expr(i.indpred, i.indrelid), i.indexrelid, "
                             "i.indnkeyatts, i.indnatts, i.indisvalid, "
                             "EXISTS (SELECT 1 FROM unnest(i.indclass) WITH ORDINALITY oc(o, n) JOIN pg_opclass op "
                             "ON op.oid = oc.o WHERE oc.n <= i.indnkeyatts AND NOT op.opcdefault), "
                             "pg_get_indexdef(i.indexrelid), "
                             "(SELECT string_agg(pg_get_indexdef(i.indexrelid, k, false), chr(1) ORDER BY k) "
                             "FROM generate_series(1, i.indnkeyatts) k), "
                             "(SELECT string_agg(DISTINCT a.attname, chr(1)) FROM pg_depend d JOIN pg_attribute a "
                             "ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid WHERE d.classid = "
                             "'pg_class'::regclass AND d.objid = i.indexrelid AND d.refobjsubid > 0), "
                             // PostgreSQL 15+; NULL before (to_jsonb: no error on older servers)
                             "to_jsonb(i) ->> 'indnullsnotdistinct' "
                             "FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid "
                             "JOIN pg_am am ON am.oid = ci.relam "
                             "WHERE ci.relnamespace = " + ns + " ORDER BY i.indrelid, ci.relname")
                             .rows) {
        auto it = at.find(val(r, 0));
        if (it == at.end() || val(r, 3) == "t" || other_constraint_index.count(val(r, 8))) continue;
        Table& t = s.tables[it->second];
        auto keys = numbers(val(r, 4));
        const auto nkeys = static_cast<std::size_t>(num(val(r, 9)));
        keys.resize(std::min(keys.size(), nkeys));
        auto opts = numbers(val(r, 5));
        bool own_nulls = false;  // NULLS FIRST on an ascending key, NULLS LAST on a descending one
        for (std::size_t k = 0; k < nkeys && k < opts.size(); ++k)
            own_nulls = own_nulls || ((opts[k] & 1) != 0) != ((opts[k] & 2) != 0);
        auto texts = names(val(r, 14));
        // A column key printed with COLLATE is compared under another collation
        // than its column's (an expression key keeps COLLATE in its text).
        bool own_collation = false;
        for (std::size_t k = 0; k < keys.size() && k < texts.size(); ++k)
            own_collation = own_collation || (keys[k] != 0 && texts[k].find(" COLLATE ") != std::string::npos);
        std::string extra = num(val(r, 10)) > num(val(r, 9)) ? "INCLUDE columns"
                            : val(r, 12) == "t"               ? "an operator class"
                            : own_nulls                       ? "a NULLS order"
                            : own_collation                   ? "a key collation of its own"
                            : val(r, 16) == "true"            ? "NULLS NOT DISTINCT"
                                                              : "";
        if (!extra.empty()) {
            t.unmanaged.push_back({"index", val(r, 1),
                                   val(r, 13) + ": schemactl does not manage " + extra +
                                       "; a recreate would drop the index",
                                   names(val(r, 15))});
            continue;
        }
        Index ix;
        ix.name = val(r, 1);
        ix.unique = val(r, 2) == "t";
        ix.method = val(r, 6) == "btree" ? "" : val(r, 6);
        ix.where = canonical_predicate(val(r, 7));
        ix.constraint = unique_constraint_index.count(val(r, 8)) > 0;
        ix.valid = val(r, 11) == "t";
        for (std::size_t k = 0; k < keys.size(); ++k) {
            IndexColumn ic;
            if (keys[k] != 0) ic.name = attname[val(r, 0) + ":" + std::to_string(keys[k])];
            else ic.expr = k < texts.size() ? canonical_expression(texts[k]) : "";
            ic.desc = k < opts.size() && (opts[k] & 1) != 0;
            ix.columns.push_back(std::move(ic));
        }
        t.indexes.push_back(std::move(ix));
    }
    add_unmanaged(conn, ns, at, s);
    return s;
}

}  // namespace schemactl::pg
