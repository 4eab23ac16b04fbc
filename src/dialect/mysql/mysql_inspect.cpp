#include "dialect/mysql/mysql_inspect.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <unordered_map>

#include "dialect/mysql/mysql_types.hpp"

namespace schemactl::mysql {

namespace {

const std::string& val(const Row& r, std::size_t i) {
    static const std::string empty;
    return r[i] ? *r[i] : empty;
}
std::string lower_case(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// The table's columns named in SQL text (a trigger body, a view or a
// partitioning expression): every identifier, quoted or not, that equals
// one of them ignoring case. A superset is safe: it only pins more.
std::vector<std::string> columns_named(const Table& t, std::string_view sql) {
    std::vector<std::string> words;
    for (std::size_t i = 0; i < sql.size();) {
        char c = sql[i];
        if (c == '`') {
            std::string w;
            for (++i; i < sql.size(); ++i) {
                if (sql[i] == '`') {
                    if (i + 1 < sql.size() && sql[i + 1] == '`') {
                        w += '`';
                        ++i;
                        continue;
                    }
                    break;
                }
                w += sql[i];
            }
            ++i;
            words.push_back(lower_case(w));
        } else if (c == '\'' || c == '"') {
            for (++i; i < sql.size() && sql[i] != c; ++i)
                if (sql[i] == '\\') ++i;
            ++i;
        } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || (c & 0x80)) {
            std::size_t start = i;
            while (i < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_' ||
                                      sql[i] == '$' || (sql[i] & 0x80)))
                ++i;
            words.push_back(lower_case(std::string(sql.substr(start, i - start))));
        } else {
            ++i;
        }
    }
    std::vector<std::string> out;
    for (const auto& col : t.columns)
        if (std::find(words.begin(), words.end(), lower_case(col.name)) != words.end()) out.push_back(col.name);
    return out;
}

// What the model cannot hold and a recreate (or a column change) would lose
// or break: partitioning, triggers, and views on the table.
void inspect_unmanaged(MysqlConnection& conn, Schema& s, const std::unordered_map<std::string, std::size_t>& at,
                       bool partitioned) {
    if (partitioned)
        for (const auto& r : conn.query("SELECT DISTINCT TABLE_NAME, PARTITION_METHOD, PARTITION_EXPRESSION, "
                                        "SUBPARTITION_METHOD FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = "
                                        "DATABASE() AND PARTITION_NAME IS NOT NULL ORDER BY TABLE_NAME")
                                 .rows) {
            auto it = at.find(val(r, 0));
            if (it == at.end()) continue;
            Table& t = s.tables[it->second];
            if (std::any_of(t.unmanaged.begin(), t.unmanaged.end(), [](const Unmanaged& u) { return u.kind == "partitioning"; }))
                continue;
            std::string by = "PARTITION BY " + val(r, 1) + " (" + val(r, 2) + ")" +
                             (val(r, 3).empty() ? "" : " SUBPARTITION BY " + val(r, 3));
            // KEY () partitions by the primary key.
            auto cols = val(r, 2).empty() ? t.primary_key : columns_named(t, val(r, 2));
            t.unmanaged.push_back({"partitioning", by,
                                   "the files cannot state partitions: a recreate would make it one plain table",
                                   cols.empty() ? t.primary_key : cols});
        }
    for (const auto& r : conn.query("SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME, ACTION_TIMING, EVENT_MANIPULATION, "
                                    "ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() "
                                    "AND EVENT_OBJECT_SCHEMA = DATABASE() ORDER BY EVENT_OBJECT_TABLE, TRIGGER_NAME")
                             .rows) {
        auto it = at.find(val(r, 0));
        if (it == at.end()) continue;
        Table& t = s.tables[it->second];
        t.unmanaged.push_back({"trigger", val(r, 1),
                               lower_case(val(r, 2) + " " + val(r, 3)) +
                                   ": a recreate would drop it, and a column it uses must keep its name and type",
                               columns_named(t, val(r, 4))});
    }
    // MariaDB lets a column a view uses be dropped or renamed: the view
    // breaks. VIEW_DEFINITION names each table as `db`.`table`.
    for (const auto& r : conn.query("SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE "
                                    "TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME")
                             .rows) {
        const std::string& def = val(r, 1);
        for (auto& t : s.tables) {
            std::string quoted = quote_ident(t.name);
            if (def.find("." + quoted) == std::string::npos && def.find(quoted + ".") == std::string::npos &&
                def.find("from " + quoted) == std::string::npos)
                continue;
            t.unmanaged.push_back({"view", val(r, 0),
                                   "MariaDB lets a column a view uses be dropped or renamed, which breaks the view",
                                   columns_named(t, def)});
        }
    }
}

}  // namespace

Schema inspect_schema(MysqlConnection& conn) {
    const bool maria = conn.mariadb();
    Schema s;
    std::unordered_map<std::string, std::size_t> at;
    std::string db_collation;
    std::unordered_map<std::string, std::string> table_collation;
    if (auto r = conn.query("SELECT DEFAULT_COLLATION_NAME, DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA "
                            "WHERE SCHEMA_NAME = DATABASE()");
        !r.rows.empty()) {
        db_collation = val(r.rows[0], 0);
        // A table that omits these has them (new tables get the database's).
        s.option_defaults = {{"charset", val(r.rows[0], 1)}, {"collation", db_collation}, {"engine", "InnoDB"}};
    }

    bool partitioned = false;
    for (const auto& r : conn.query("SELECT t.TABLE_NAME, t.ENGINE, t.TABLE_COLLATION, t.TABLE_COMMENT, "
                                    "c.CHARACTER_SET_NAME, c.IS_DEFAULT, t.TABLE_TYPE, t.CREATE_OPTIONS "
                                    "FROM information_schema.TABLES t "
                                    "LEFT JOIN information_schema.COLLATIONS c ON c.COLLATION_NAME = t.TABLE_COLLATION "
                                    "WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE IN ('BASE TABLE', "
                                    "'SYSTEM VERSIONED') ORDER BY t.TABLE_NAME")
                             .rows) {
        Table t;
        t.name = val(r, 0);
        t.comment = val(r, 3);
        if (val(r, 6) == "SYSTEM VERSIONED")
            t.unmanaged.push_back({kSystemVersioning, t.name,
                                   "WITH SYSTEM VERSIONING: the files cannot state it, MariaDB refuses ALTER TABLE "
                                   "on it, and a recreate would lose its history",
                                   {}});
        partitioned = partitioned || lower_case(val(r, 7)).find("partitioned") != std::string::npos;
        if (!val(r, 1).empty() && lower_case(val(r, 1)) != "innodb") t.options["engine"] = val(r, 1);
        // Charset and collation where they differ from the database's; the
        // collation only where it is not its charset's default.
        if (!val(r, 2).empty() && val(r, 2) != db_collation) {
            t.options["charset"] = val(r, 4).empty() ? val(r, 2).substr(0, val(r, 2).find('_')) : val(r, 4);
            if (lower_case(val(r, 5)) != "yes") t.options["collation"] = val(r, 2);
        }
        table_collation[t.name] = val(r, 2);
        at[t.name] = s.tables.size();
        s.tables.push_back(t);
    }

    for (const auto& r : conn.query("SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, "
                                    "COLUMN_COMMENT, COLLATION_NAME, GENERATION_EXPRESSION FROM information_schema.COLUMNS "
                                    "WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION")
                             .rows) {
        auto it = at.find(val(r, 0));
        if (it == at.end()) continue;
        std::string extra = lower_case(val(r, 5));
        Column c;
        if (extra.find("virtual generated") != std::string::npos || extra.find("stored generated") != std::string::npos) {
            c.generated = canonical_generated(val(r, 8));
            c.generated_stored = extra.find("stored generated") != std::string::npos;
        }
        if (extra.find("invisible") != std::string::npos)
            s.tables[it->second].unmanaged.push_back(
                {kInvisibleColumn, val(r, 1),
                 "INVISIBLE: the files cannot state it; schemactl keeps it invisible when it changes the column, "
                 "and a recreate or a fresh database would make it visible",
                 {val(r, 1)}});
        c.name = val(r, 1);
        c.type = canonical_type(val(r, 2));
        if (c.type == "enum") c.enum_values = enum_values(val(r, 2));
        c.nullable = val(r, 3) == "YES";
        c.auto_increment = extra.find("auto_increment") != std::string::npos;
        if (c.generated.empty())
            c.default_value = canonical_default(r[4], maria, extra.find("default_generated") != std::string::npos, c.type);
        // MariaDB writes a sequence in a default with its database: `db`.`seq`.
        // Without it the files work in another database; the sequence itself
        // is not in the files, which the comment above the table says.
        if (std::string own = quote_ident(conn.database()) + ".";
            c.default_value.kind == Default::Kind::expr && c.default_value.text.find(own) != std::string::npos) {
            std::string& d = c.default_value.text;
            for (auto p = d.find(own); p != std::string::npos; p = d.find(own, p)) d.erase(p, own.size());
        }
        if (lower_case(c.default_value.text).find("nextval(") != std::string::npos)
            s.tables[it->second].unmanaged.push_back(
                {"sequence", c.default_value.text,
                 "the default of " + val(r, 1) + " takes numbers from a sequence, which schemactl does not create: "
                 "create it first in a database made from the files",
                 {val(r, 1)}});
        if (auto p = extra.find("on update "); p != std::string::npos) {
            std::string e = extra.substr(p + 10);
            c.on_update = e.rfind("current_timestamp", 0) == 0 ? "CURRENT_TIMESTAMP" : e;
            if (e.rfind("current_timestamp(", 0) == 0 && e != "current_timestamp()")
                c.on_update = "CURRENT_TIMESTAMP" + e.substr(17);
        }
        c.comment = val(r, 6);
        // A column collation is kept only where it differs from its table's
        // (MariaDB's json is longtext COLLATE utf8mb4_bin by definition).
        if (!val(r, 7).empty() && val(r, 7) != table_collation[val(r, 0)] && c.type != "json") c.collation = val(r, 7);
        s.tables[it->second].columns.push_back(c);
    }

    std::unordered_map<std::string, std::size_t> index_at;
    for (const auto& r : conn.query("SELECT TABLE_NAME, INDEX_NAME, COLUMN_NAME, SUB_PART, NON_UNIQUE, INDEX_TYPE, "
                                    "COLLATION FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
                                    "ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX")
                             .rows) {
        auto it = at.find(val(r, 0));
        if (it == at.end()) continue;
        Table& t = s.tables[it->second];
        if (val(r, 1) == "PRIMARY") {
            t.primary_key.push_back(val(r, 2));
            continue;
        }
        std::string key = t.name + "\x1f" + val(r, 1);
        auto ix = index_at.find(key);
        if (ix == index_at.end()) {
            Index i;
            i.name = val(r, 1);
            i.unique = val(r, 4) == "0";
            std::string type = lower_case(val(r, 5));
            i.method = type == "btree" || type == "hash" ? "" : type;
            t.indexes.push_back(i);
            ix = index_at.emplace(key, t.indexes.size() - 1).first;
        }
        int prefix = 0;
        if (r[3]) std::from_chars(r[3]->data(), r[3]->data() + r[3]->size(), prefix);
        IndexColumn ic;
        ic.name = val(r, 2);
        ic.desc = val(r, 6) == "D";
        ic.prefix_length = prefix;
        t.indexes[ix->second].columns.push_back(ic);
    }

    std::unordered_map<std::string, std::size_t> fk_at;
    for (const auto& r : conn.query(
                             "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, "
                             "k.REFERENCED_COLUMN_NAME, c.UPDATE_RULE, c.DELETE_RULE "
                             "FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS c "
                             "ON c.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND c.CONSTRAINT_NAME = k.CONSTRAINT_NAME "
                             "AND c.TABLE_NAME = k.TABLE_NAME "
                             "WHERE k.TABLE_SCHEMA = DATABASE() AND c.CONSTRAINT_SCHEMA = DATABASE() "
                             "AND k.REFERENCED_TABLE_NAME IS NOT NULL "
                             "ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION")
                             .rows) {
        auto it = at.find(val(r, 0));
        if (it == at.end()) continue;
        Table& t = s.tables[it->second];
        std::string key = t.name + "\x1f" + val(r, 1);
        auto f = fk_at.find(key);
        if (f == fk_at.end()) {
            ForeignKey fk;
            fk.name = val(r, 1);
            fk.ref_table = val(r, 3);
            fk.on_update = val(r, 5) == "NO ACTION" ? "RESTRICT" : val(r, 5);
            fk.on_delete = val(r, 6) == "NO ACTION" ? "RESTRICT" : val(r, 6);
            t.foreign_keys.push_back(fk);
            f = fk_at.emplace(key, t.foreign_keys.size() - 1).first;
        }
        t.foreign_keys[f->second].columns.push_back(val(r, 2));
        t.foreign_keys[f->second].ref_columns.push_back(val(r, 4));
    }

    // MariaDB lists CHECK_CONSTRAINTS with TABLE_NAME; MySQL 8 needs TABLE_CONSTRAINTS for it.
    std::string checks =
        maria ? "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS "
                "WHERE CONSTRAINT_SCHEMA = DATABASE() ORDER BY TABLE_NAME, CONSTRAINT_NAME"
              : "SELECT t.TABLE_NAME, c.CONSTRAINT_NAME, c.CHECK_CLAUSE FROM information_schema.TABLE_CONSTRAINTS t "
                "JOIN information_schema.CHECK_CONSTRAINTS c ON c.CONSTRAINT_SCHEMA = t.CONSTRAINT_SCHEMA AND "
                "c.CONSTRAINT_NAME = t.CONSTRAINT_NAME WHERE t.TABLE_SCHEMA = DATABASE() AND c.CONSTRAINT_SCHEMA = "
                "DATABASE() AND t.CONSTRAINT_TYPE = 'CHECK' ORDER BY t.TABLE_NAME, c.CONSTRAINT_NAME";
    for (const auto& r : conn.query(checks).rows) {
        auto it = at.find(val(r, 0));
        if (it == at.end()) continue;
        Table& t = s.tables[it->second];
        const std::string& clause = val(r, 2);
        // MariaDB's JSON is LONGTEXT with CHECK (json_valid(`col`)): read it back as
        // json. The check keeps the column's first name when the column is renamed,
        // so match the clause, not the constraint name.
        if (clause.rfind("json_valid(`", 0) == 0 && clause.size() > 14 && clause.compare(clause.size() - 2, 2, "`)") == 0) {
            std::string col = clause.substr(12, clause.size() - 14);
            if (auto* c = t.find_column(col); c && (c->type == "longtext" || c->type == "json")) {
                c->type = "json";
                c->collation.clear();  // utf8mb4_bin by definition
                continue;
            }
        }
        t.checks.push_back({val(r, 1), clause, {}});
    }
    inspect_unmanaged(conn, s, at, partitioned);
    return s;
}

}  // namespace schemactl::mysql
