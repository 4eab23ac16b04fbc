#include "dialect/postgres/pg_inspect.hpp"

#include <charconv>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "dialect/postgres/pg_types.hpp"

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
        if (std::isdigit(static_cast<unsigned char>(c)) || c == '-') cur += c;
        else if (!cur.empty()) {
            out.push_back(num(cur));
            cur.clear();
        }
    }
    if (!cur.empty()) out.push_back(num(cur));
    return out;
}
std::string action(const std::string& letter) {
    if (letter == "r") return "RESTRICT";
    if (letter == "c") return "CASCADE";
    if (letter == "n") return "SET NULL";
    if (letter == "d") return "SET DEFAULT";
    return "NO ACTION";
}

}  // namespace

Schema inspect_schema(PgConnection& conn) {
    std::string ns = "'" + conn.schema() + "'";  // checked for quotes at connect time
    Schema s;
    std::unordered_map<std::string, std::size_t> at;  // table oid → position
    std::unordered_map<std::string, std::string> name_of;
    for (const auto& r : conn.query("SELECT c.oid, c.relname, obj_description(c.oid, 'pg_class') FROM pg_class c "
                                    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = " + ns +
                                    " AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname")
                             .rows) {
        Table t;
        t.name = val(r, 1);
        t.comment = val(r, 2);
        at[val(r, 0)] = s.tables.size();
        name_of[val(r, 0)] = t.name;
        s.tables.push_back(t);
    }

    std::map<std::string, std::vector<std::string>> enums;  // type oid → labels
    for (const auto& r : conn.query("SELECT enumtypid, enumlabel FROM pg_enum ORDER BY enumtypid, enumsortorder").rows)
        enums[val(r, 0)].push_back(val(r, 1));

    // (table oid, attnum) → column name, for keys and index columns
    std::unordered_map<std::string, std::string> attname;
    for (const auto& r : conn.query(
                             "SELECT a.attrelid, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), "
                             "a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity, "
                             "col_description(a.attrelid, a.attnum), a.atttypid, a.attgenerated "
                             "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                             "JOIN pg_namespace n ON n.oid = c.relnamespace "
                             "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                             "WHERE n.nspname = " + ns +
                             " AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped "
                             "ORDER BY a.attrelid, a.attnum")
                             .rows) {
        auto it = at.find(val(r, 0));
        if (it == at.end()) continue;
        attname[val(r, 0) + ":" + val(r, 1)] = val(r, 2);
        if (!val(r, 9).empty()) continue;  // generated columns are not managed
        Column c;
        c.name = val(r, 2);
        c.type = val(r, 3);
        c.nullable = val(r, 4) != "t";
        c.comment = val(r, 7);
        if (auto e = enums.find(val(r, 8)); e != enums.end()) c.enum_values = e->second;
        std::string def = val(r, 5);
        if (!val(r, 6).empty()) {
            c.auto_increment = true;  // identity
        } else if (def.rfind("nextval(", 0) == 0) {
            c.auto_increment = true;  // serial
        } else if (r[5]) {
            c.default_value = canonical_default(def);
        }
        if (c.type.find('"') == std::string::npos && c.enum_values.empty()) c.type = canonical_type(c.type, false);
        else if (!c.enum_values.empty() && c.type.size() > 1 && c.type.front() == '"')
            c.type = c.type.substr(1, c.type.size() - 2);
        s.tables[it->second].columns.push_back(c);
    }

    std::unordered_set<std::string> unique_constraint_index;
    for (const auto& r : conn.query("SELECT con.conrelid, con.conname, con.contype, con.conkey, con.confrelid, "
                                    "con.confkey, con.confdeltype, con.confupdtype, pg_get_constraintdef(con.oid), "
                                    "con.conindid FROM pg_constraint con JOIN pg_namespace n ON n.oid = "
                                    "con.connamespace WHERE n.nspname = " + ns +
                                    " AND con.contype IN ('p', 'u', 'f', 'c') ORDER BY con.conrelid, con.conname")
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
        } else if (type == "f") {
            ForeignKey fk;
            fk.name = val(r, 1);
            fk.columns = cols;
            fk.ref_table = name_of.count(val(r, 4)) ? name_of[val(r, 4)] : val(r, 4);
            for (long k : numbers(val(r, 5))) fk.ref_columns.push_back(attname[val(r, 4) + ":" + std::to_string(k)]);
            fk.on_delete = action(val(r, 6));
            fk.on_update = action(val(r, 7));
            t.foreign_keys.push_back(fk);
        } else if (type == "c") {
            std::string def = val(r, 8);
            if (def.rfind("CHECK ", 0) == 0) def = def.substr(6);
            if (auto nv = def.rfind(" NOT VALID"); nv != std::string::npos && nv + 10 == def.size()) def.resize(nv);
            t.checks.push_back({val(r, 1), def, {}});
        }
    }

    for (const auto& r : conn.query("SELECT i.indrelid, ci.relname, i.indisunique, i.indisprimary, i.indkey, "
                                    "i.indoption, am.amname, pg_get_expr(i.indpred, i.indrelid), i.indexrelid "
                                    "FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid "
                                    "JOIN pg_class ct ON ct.oid = i.indrelid "
                                    "JOIN pg_namespace n ON n.oid = ct.relnamespace JOIN pg_am am ON am.oid = ci.relam "
                                    "WHERE n.nspname = " + ns + " ORDER BY i.indrelid, ci.relname")
                             .rows) {
        auto it = at.find(val(r, 0));
        if (it == at.end() || val(r, 3) == "t") continue;
        auto keys = numbers(val(r, 4));
        if (std::find(keys.begin(), keys.end(), 0) != keys.end()) continue;  // expression index: not managed
        auto opts = numbers(val(r, 5));
        Index ix;
        ix.name = val(r, 1);
        ix.unique = val(r, 2) == "t";
        ix.method = val(r, 6) == "btree" ? "" : val(r, 6);
        ix.where = val(r, 7);
        ix.constraint = unique_constraint_index.count(val(r, 8)) > 0;
        for (std::size_t k = 0; k < keys.size(); ++k)
            ix.columns.push_back({attname[val(r, 0) + ":" + std::to_string(keys[k])],
                                  k < opts.size() && (opts[k] & 1) != 0, 0});
        s.tables[it->second].indexes.push_back(ix);
    }
    return s;
}

}  // namespace schemactl::pg
