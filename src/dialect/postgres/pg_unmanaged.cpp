// Triggers, dependent views, rules, policies and row-level security,
// exclusion constraints, partitioning and inheritance, checks with options,
// table options and grants: each listed on its table with the columns it
// depends on, so that the planner blocks the steps that would lose it.
#include "dialect/postgres/pg_unmanaged.hpp"

#include <map>
#include <string>
#include <vector>

#include "dialect/result_row.hpp"

namespace schemactl::pg {

namespace {

// string_agg(..., chr(1)) → names
std::vector<std::string> split(const std::string& s) {
    std::vector<std::string> out;
    if (s.empty()) return out;
    for (std::size_t start = 0;;) {
        auto sep = s.find('\x01', start);
        out.push_back(s.substr(start, sep == std::string::npos ? std::string::npos : sep - start));
        if (sep == std::string::npos) return out;
        start = sep + 1;
    }
}

// Why each kind is listed; `detail` is the query's fourth column.
std::string why(const std::string& kind, const std::string& detail) {
    if (kind == "trigger") return "a recreate would drop it with the table";
    if (kind == "view" || kind == "materialized view")
        return "it reads the table: dropping or changing a column it uses would break it, a recreate would drop it";
    if (kind == "rule") return "a recreate would drop it with the table";
    if (kind == "policy") return "row-level security policy: a recreate would drop it with the table";
    if (kind == "row level security") return "a recreate would make the table readable without policies";
    if (kind == "exclusion constraint") return detail + ": a recreate would drop it";
    if (kind == "partitioning")
        return "partitioned table" + (detail.empty() ? std::string() : " (partitions: " + detail + ")") +
               "; the partitions are not exported, a recreate would drop them";
    if (kind == "inheritance")
        return detail == "parent" ? "the table inherits from it: a recreate would cut the link"
                                  : "it inherits from this table: a recreate would drop it or fail";
    if (kind == "check") return detail + ": kept as the server has it; a recreate would re-create it without that";
    if (kind == "table option") return "a recreate would create the table without it";
    if (kind == "grant") return "privileges of " + detail + " on the table: a recreate would lose them";
    return detail;
}

// Each kind's rows: what they say (table oid, kind, name, detail — why()
// reads it — and the columns it depends on), and the FROM ... WHERE that
// finds them, over `rels` (the schema's tables) and `cols` (their columns).
struct Kind {
    std::string select;
    std::string from;
};

std::vector<Kind> kinds(const std::string& ns) {
    return {
        // triggers (not the internal ones of foreign keys); UPDATE OF names columns
        {"t.tgrelid AS table_oid, 'trigger' AS kind, t.tgname AS name, '' AS detail, "
         "(SELECT string_agg(attname, chr(1) ORDER BY attnum) FROM cols "
         "WHERE attrelid = t.tgrelid AND attnum = ANY (t.tgattr)) AS column_names",
         "FROM pg_trigger t WHERE NOT t.tgisinternal AND t.tgrelid IN (SELECT oid FROM rels)"},
        // views and materialized views that read the table, with the columns they use
        {"d.refobjid, CASE v.relkind WHEN 'm' THEN 'materialized view' ELSE 'view' END, "
         "CASE WHEN v.relnamespace = " +
             ns +
             " THEN v.relname::text ELSE vn.nspname || '.' || v.relname END, '', "
             "string_agg(DISTINCT cols.attname, chr(1))",
         "FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class "
         "JOIN pg_namespace vn ON vn.oid = v.relnamespace "
         "LEFT JOIN cols ON cols.attrelid = d.refobjid AND cols.attnum = d.refobjsubid "
         "WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass "
         "AND r.ev_class <> d.refobjid AND d.refobjid IN (SELECT oid FROM rels) "
         "GROUP BY d.refobjid, v.relkind, v.relnamespace, v.relname, vn.nspname"},
        // rules of the table itself
        {"r.ev_class, 'rule', r.rulename, '', (SELECT string_agg(DISTINCT cols.attname, chr(1)) "
         "FROM pg_depend d JOIN cols ON cols.attrelid = d.refobjid AND cols.attnum = d.refobjsubid "
         "WHERE d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid)",
         "FROM pg_rewrite r WHERE r.rulename <> '_RETURN' AND r.ev_class IN (SELECT oid FROM rels)"},
        // row-level security: policies, and the switch
        {"p.polrelid, 'policy', p.polname, '', (SELECT string_agg(DISTINCT cols.attname, chr(1)) "
         "FROM pg_depend d JOIN cols ON cols.attrelid = d.refobjid AND cols.attnum = d.refobjsubid "
         "WHERE d.classid = 'pg_policy'::regclass AND d.objid = p.oid)",
         "FROM pg_policy p WHERE p.polrelid IN (SELECT oid FROM rels)"},
        {"c.oid, 'row level security', CASE WHEN c.relforcerowsecurity THEN 'enabled, forced' "
         "ELSE 'enabled' END, '', NULL",
         "FROM pg_class c WHERE c.oid IN (SELECT oid FROM rels) AND c.relrowsecurity"},
        // exclusion constraints
        {"con.conrelid, 'exclusion constraint', con.conname, pg_get_constraintdef(con.oid), "
         "(SELECT string_agg(attname, chr(1) ORDER BY attnum) FROM cols WHERE attrelid = con.conrelid "
         "AND attnum = ANY (con.conkey))",
         "FROM pg_constraint con WHERE con.contype = 'x' AND con.conrelid IN (SELECT oid FROM rels)"},
        // checks with options the model does not hold
        {"con.conrelid, 'check', con.conname, concat_ws(' and ', "
         "CASE WHEN NOT con.convalidated THEN 'NOT VALID' END, CASE WHEN con.connoinherit THEN 'NO INHERIT' END), "
         "(SELECT string_agg(attname, chr(1) ORDER BY attnum) FROM cols WHERE attrelid = con.conrelid "
         "AND attnum = ANY (con.conkey))",
         "FROM pg_constraint con WHERE con.contype = 'c' AND (NOT con.convalidated OR con.connoinherit) "
         "AND con.conrelid IN (SELECT oid FROM rels)"},
        // partitioned tables: the key, the partitions
        {"pt.partrelid, 'partitioning', pg_get_partkeydef(pt.partrelid), "
         "(SELECT string_agg(p.relname, ', ' ORDER BY p.relname) FROM pg_inherits i JOIN pg_class p "
         "ON p.oid = i.inhrelid WHERE i.inhparent = pt.partrelid), "
         "(SELECT string_agg(attname, chr(1) ORDER BY attnum) FROM cols WHERE attrelid = pt.partrelid "
         "AND attnum = ANY (pt.partattrs::int2[]))",
         "FROM pg_partitioned_table pt WHERE pt.partrelid IN (SELECT oid FROM rels)"},
        // inheritance: a child names its parent (and the inherited columns), a parent its children
        {"i.inhrelid, 'inheritance', p.relname, 'parent', (SELECT string_agg(a.attname, chr(1) "
         "ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = i.inhrelid AND a.attnum > 0 "
         "AND a.attinhcount > 0 AND NOT a.attisdropped)",
         "FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent WHERE i.inhrelid IN (SELECT oid FROM rels)"},
        {"i.inhparent, 'inheritance', ch.relname, 'child', NULL",
         "FROM pg_inherits i JOIN pg_class ch ON ch.oid = i.inhrelid "
         "WHERE i.inhparent IN (SELECT oid FROM rels) AND NOT ch.relispartition"},
        // table options: UNLOGGED, storage parameters; grants to other roles
        {"c.oid, 'table option', 'UNLOGGED', '', NULL",
         "FROM pg_class c WHERE c.oid IN (SELECT oid FROM rels) AND c.relpersistence = 'u'"},
        {"c.oid, 'table option', array_to_string(c.reloptions, ', '), '', NULL",
         "FROM pg_class c WHERE c.oid IN (SELECT oid FROM rels) AND c.reloptions IS NOT NULL"},
        {"c.oid, 'grant', 'privileges', (SELECT string_agg(DISTINCT CASE WHEN x.grantee = 0 "
         "THEN 'PUBLIC' ELSE pg_get_userbyid(x.grantee)::text END, ', ') FROM aclexplode(c.relacl) x "
         "WHERE x.grantee <> c.relowner), NULL",
         "FROM pg_class c WHERE c.oid IN (SELECT oid FROM rels) "
         "AND EXISTS (SELECT 1 FROM aclexplode(c.relacl) x WHERE x.grantee <> c.relowner)"},
    };
}

std::string with_rels(const std::string& ns) {
    return "WITH rels AS (SELECT c.oid FROM pg_class c WHERE c.relnamespace = " + ns +
           " AND c.relkind IN ('r', 'p') AND NOT c.relispartition), "
           // Not materialized: each use looks its columns up by index, instead
           // of every column of the schema being read first (0.3 s at 5,000 tables).
           "cols AS NOT MATERIALIZED (SELECT a.attrelid, a.attnum, a.attname FROM pg_attribute a "
           "WHERE a.attrelid IN (SELECT oid FROM rels) AND a.attnum > 0 AND NOT a.attisdropped) ";
}

// Whether the schema has anything of any kind: the same FROM ... WHERE
// clauses, without the columns' lookups and the string building. On a
// session's first use of these catalogs the full query costs about three
// times as much to plan and run (docs/performance.md), and most schemas
// have none of them.
std::string probe_query(const std::string& ns) {
    std::string sql = with_rels(ns) + "SELECT ";
    bool first = true;
    for (const Kind& k : kinds(ns)) {
        sql += (first ? "" : " OR ") + ("EXISTS (SELECT 1 " + k.from + ")");
        first = false;
    }
    return sql;
}

// Every kind's rows, by table oid, kind and name.
std::string unmanaged_query(const std::string& ns) {
    std::string sql = with_rels(ns);
    bool first = true;
    for (const Kind& k : kinds(ns)) {
        sql += (first ? "SELECT " : " UNION ALL SELECT ") + k.select + " " + k.from;
        first = false;
    }
    return sql + " ORDER BY 1, 2, 3";
}

}  // namespace

void add_unmanaged(PgConnection& conn, const std::string& ns, const std::unordered_map<std::string, std::size_t>& at,
                   Schema& s) {
    if (const PackedResult any = conn.fetch(probe_query(ns)); any.rows() == 1 && any.text(0, 0) == "f") return;
    NamedResult rows(conn.fetch(unmanaged_query(ns)));
    const auto [table_oid, kind, name, detail, columns] = rows.fields("table_oid", "kind", "name", "detail",
                                                                      "column_names");
    for (NamedRow r : rows) {
        auto it = at.find(r[table_oid]);
        if (it == at.end()) continue;
        Unmanaged u;
        u.kind = r[kind];
        u.name = r[name];
        u.why = why(u.kind, r[detail]);
        u.columns = split(r[columns]);
        s.tables[it->second].unmanaged.push_back(std::move(u));
    }
}

}  // namespace schemactl::pg
