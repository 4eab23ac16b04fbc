// The connected database's schema from information_schema: one function per
// catalog object, each query a named constant whose columns are read by name.
#include "dialect/mysql/mysql_inspect.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <functional>
#include <future>
#include <mutex>
#include <span>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>

#include "dialect/mysql/mysql_batches.hpp"
#include "dialect/mysql/mysql_types.hpp"
#include "dialect/quote.hpp"
#include "dialect/result_row.hpp"
#include "runtime/heap.hpp"
#include "schema/error.hpp"
#include "schema/text.hpp"

namespace schemactl::mysql {

namespace {

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
            words.push_back(lower_ascii(w));
        } else if (c == '\'' || c == '"') {
            for (++i; i < sql.size() && sql[i] != c; ++i)
                if (sql[i] == '\\') ++i;
            ++i;
        } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || (c & 0x80)) {
            std::size_t start = i;
            while (i < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_' ||
                                      sql[i] == '$' || (sql[i] & 0x80)))
                ++i;
            words.push_back(lower_ascii(std::string(sql.substr(start, i - start))));
        } else {
            ++i;
        }
    }
    std::vector<std::string> out;
    for (const auto& col : t.columns)
        if (std::find(words.begin(), words.end(), lower_ascii(col.name)) != words.end()) out.push_back(col.name);
    return out;
}

// What the queries build, and what a later query looks up in it.
struct Catalog {
    Schema schema;
    std::unordered_map<std::string, std::size_t> at;  // table name → position in schema.tables
    std::string db_collation;
    std::unordered_map<std::string, std::string> table_collation;
    std::unordered_map<std::string, std::pair<std::string, std::string>> collations;  // → charset, is default
    bool partitioned = false;
    bool views = false;

    Table* table(const std::string& name) {
        auto it = at.find(name);
        return it == at.end() ? nullptr : &schema.tables[it->second];
    }
};

// The database's charset and collation: what a table that omits them has.
constexpr std::string_view kDatabaseQuery =
    "SELECT DEFAULT_COLLATION_NAME AS default_collation_name, DEFAULT_CHARACTER_SET_NAME AS "
    "default_character_set_name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()";

// Each collation's charset, and whether it is that charset's default.
constexpr std::string_view kCollationsQuery =
    "SELECT COLLATION_NAME AS collation_name, CHARACTER_SET_NAME AS character_set_name, IS_DEFAULT AS is_default "
    "FROM information_schema.COLLATIONS";

void inspect_database(MysqlConnection& conn, Catalog& cat) {
    NamedResult coll_rows(conn.fetch(std::string(kCollationsQuery)));
    const auto [coll_name, coll_charset, coll_default] = coll_rows.fields("collation_name", "character_set_name",
                                                                          "is_default");
    for (NamedRow r : coll_rows) cat.collations[r[coll_name]] = {r[coll_charset], r[coll_default]};
    NamedResult rows(conn.fetch(std::string(kDatabaseQuery)));
    if (rows.empty()) return;
    const auto [collation, charset] = rows.fields("default_collation_name", "default_character_set_name");
    NamedRow r = rows.front();
    cat.db_collation = r[collation];
    // A table that omits these has them (new tables get the database's).
    cat.schema.option_defaults = {{"charset", r[charset]}, {"collation", cat.db_collation}, {"engine", "InnoDB"}};
}

// MariaDB answers information_schema by opening each table through
// table_open_cache (default 2,000). With more tables than it holds, every
// query opens every table again: at 5,000 tables each query cost about
// 0.2 s, the cache never hit. schemactl counts on half the cache (the other
// half holds what the applications keep open): with more tables than that,
// the per-table queries run on batches of a quarter of it, two sessions at
// a time, so the two batches in flight fit in that half. A batch's first
// query opens its tables and its later queries find them open, and the
// server answers the two sessions on two cores (docs/performance.md,
// "2026-12-05: MariaDB's catalog in batches"). The tables open now are
// read first (batch_tables).
// Each returned condition selects one batch; one empty condition: no batches.
// - BINARY: TABLE_NAME compares without case, and `T` and `t` can be two tables.
// - Under 1,000 names a batch: MariaDB turns a longer IN list into a
//   subquery (in_predicate_conversion_threshold), and information_schema
//   then opens every table of the schema for each batch.
// - Each batch lists the schema's tables again (4 ms at 5,000 tables; a
//   table opened once instead of six times saves about 0.3 ms), so past
//   kMaxBatches the queries run unbatched, as on MySQL, whose
//   information_schema reads its data dictionary.
// The names and the cache come in one query that opens no table
// (TABLE_NAME alone), at every size.
constexpr std::string_view kTableNamesQuery =
    "SELECT @@table_open_cache AS table_open_cache, TABLE_NAME AS table_name FROM information_schema.TABLES "
    "WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME";
constexpr std::size_t kMaxBatch = 999;
constexpr std::size_t kMaxBatches = 32;

// The batches' conditions, in the order to read them, and every table's
// name in name order, the order the tables are put back in (none when
// unbatched).
struct Batches {
    std::vector<std::string> conditions;
    std::vector<std::string> names;
};

// The tables MariaDB holds open for this database now (SHOW OPEN TABLES
// answers from its table cache, opening none). Empty when the server will
// not say: it only decides an order.
std::unordered_set<std::string> open_tables(MysqlConnection& conn) {
    std::unordered_set<std::string> open;
    try {
        NamedResult rows(conn.fetch("SHOW OPEN TABLES FROM " + quote_ident(conn.database())));
        const auto [table] = rows.fields("Table");
        for (NamedRow r : rows) open.insert(r[table]);
    } catch (const Error&) {
    }
    return open;
}

Batches table_batches(MysqlConnection& conn) {
    const Batches none{{""}, {}};
    if (!conn.mariadb()) return none;
    NamedResult rows(conn.fetch(std::string(kTableNamesQuery)));
    const auto [cache, name] = rows.fields("table_open_cache", "table_name");
    const std::size_t tables = rows.rows();
    if (tables == 0) return none;
    const auto open_cache = static_cast<std::size_t>(rows.front().number(cache));
    const std::size_t most = std::min(kMaxBatch, open_cache / 4);
    if (tables <= open_cache / 2 || most == 0 || tables > most * kMaxBatches) return none;
    Batches out;
    for (NamedRow r : rows) out.names.push_back(r[name]);
    // After a plan of 5,000 tables the last 2,000 it read are open: the next
    // plan reads them first, and opens 3,000 (docs/performance.md).
    for (const auto& batch : batch_tables(out.names, open_tables(conn), most))
        out.conditions.push_back(" AND BINARY TABLE_NAME IN " + sql_list(batch, quote_literal));
    return out;
}

// The per-table queries below take a batch's condition (table_batches) in
// place of {}.

// Tables: engine, charset and collation, comment, system versioning; and
// whether there are views at all. Each collation's charset comes from a
// query of its own, joined here (a join of two information_schema tables
// took 0.08 s at 1,000 tables, the two apart 0.04 s + 0.02 s).
constexpr std::string_view kTablesQuery =
    "SELECT TABLE_NAME AS table_name, ENGINE AS engine, TABLE_COLLATION AS table_collation, "
    "TABLE_COMMENT AS table_comment, TABLE_TYPE AS table_type, CREATE_OPTIONS AS create_options "
    "FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE IN ('BASE TABLE', "
    "'SYSTEM VERSIONED', 'VIEW'){} ORDER BY TABLE_NAME";

void inspect_tables(MysqlConnection& conn, Catalog& cat, const std::string& batch) {
    NamedResult rows(conn.fetch(fmt::format(fmt::runtime(kTablesQuery), batch)));
    const auto [name, engine, collation, comment, type, create_options] = rows.fields(
        "table_name", "engine", "table_collation", "table_comment", "table_type", "create_options");
    for (NamedRow r : rows) {
        if (r[type] == "VIEW") {
            cat.views = true;
            continue;
        }
        std::string charset, is_default;  // none for a collation the server does not list
        if (auto c = cat.collations.find(r[collation]); c != cat.collations.end())
            std::tie(charset, is_default) = c->second;
        Table t;
        t.name = r[name];
        t.comment = r[comment];
        if (r[type] == "SYSTEM VERSIONED")
            t.unmanaged.push_back({kSystemVersioning,
                                   t.name,
                                   "WITH SYSTEM VERSIONING: the files cannot state it, MariaDB refuses ALTER TABLE "
                                   "on it, and a recreate would lose its history",
                                   {}});
        cat.partitioned = cat.partitioned || lower_ascii(r[create_options]).find("partitioned") != std::string::npos;
        if (!r[engine].empty() && lower_ascii(r[engine]) != "innodb") t.options["engine"] = r[engine];
        // Charset and collation where they differ from the database's; the
        // collation only where it is not its charset's default.
        if (!r[collation].empty() && r[collation] != cat.db_collation) {
            t.options["charset"] = charset.empty() ? r[collation].substr(0, r[collation].find('_')) : charset;
            if (lower_ascii(is_default) != "yes") t.options["collation"] = r[collation];
        }
        cat.table_collation[t.name] = r[collation];
        cat.at[t.name] = cat.schema.tables.size();
        cat.schema.tables.push_back(std::move(t));
    }
}

// Columns, with what the model cannot hold on them (INVISIBLE, a sequence).
// Put in order here (sorted_by), not by the server: its sort of these wide
// rows took 65 ms at 5,000 tables.
constexpr std::string_view kColumnsQuery =
    "SELECT TABLE_NAME AS table_name, ORDINAL_POSITION AS ordinal_position, COLUMN_NAME AS column_name, "
    "COLUMN_TYPE AS column_type, "
    "IS_NULLABLE AS is_nullable, COLUMN_DEFAULT AS column_default, EXTRA AS extra, "
    "COLUMN_COMMENT AS column_comment, COLLATION_NAME AS collation_name, "
    "GENERATION_EXPRESSION AS generation_expression FROM information_schema.COLUMNS "
    "WHERE TABLE_SCHEMA = DATABASE(){}";

void inspect_columns(MysqlConnection& conn, Catalog& cat, const std::string& batch) {
    const bool maria = conn.mariadb();
    NamedResult rows(conn.fetch(fmt::format(fmt::runtime(kColumnsQuery), batch)));
    const auto [table, position, name, type, nullable, column_default, extra_info, comment, collation,
                generation] = rows.fields("table_name", "ordinal_position", "column_name", "column_type", "is_nullable",
                                          "column_default", "extra", "column_comment", "collation_name",
                                          "generation_expression");
    for (const auto& [name_of_table, n] : rows.count_by(table))
        if (Table* t = cat.table(std::string(name_of_table))) t->columns.reserve(n);
    const std::string own = quote_ident(conn.database()) + ".";
    // The rows come grouped by table: each table is looked up once.
    std::string_view group;
    Table* t = nullptr;
    const std::string* table_collation = nullptr;
    for (NamedRow r : rows.sorted_by(table, position)) {
        if (t == nullptr || r.view(table) != group) {
            group = r.view(table);
            t = cat.table(std::string(group));
            table_collation = t ? &cat.table_collation[t->name] : nullptr;
        }
        if (!t) continue;
        std::string extra = lower_ascii(r[extra_info]);
        Column c;
        if (extra.find("virtual generated") != std::string::npos ||
            extra.find("stored generated") != std::string::npos) {
            c.generated = canonical_generated(r[generation]);
            c.generated_stored = extra.find("stored generated") != std::string::npos;
        }
        if (extra.find("invisible") != std::string::npos)
            t->unmanaged.push_back(
                {kInvisibleColumn,
                 r[name],
                 "INVISIBLE: the files cannot state it; schemactl keeps it invisible when it changes the column, "
                 "and a recreate or a fresh database would make it visible",
                 {r[name]}});
        c.name = r[name];
        c.type = canonical_type(r[type]);
        if (c.type == "enum") c.enum_values = enum_values(r[type]);
        c.nullable = r[nullable] == "YES";
        c.auto_increment = extra.find("auto_increment") != std::string::npos;
        if (c.generated.empty())
            c.default_value = canonical_default(r.cell(column_default), maria,
                                                extra.find("default_generated") != std::string::npos, c.type);
        // MariaDB writes a sequence in a default with its database: `db`.`seq`.
        // Without it the files work in another database; the sequence itself
        // is not in the files, which the comment above the table says.
        if (c.default_value.kind == Default::Kind::expr && c.default_value.text.find(own) != std::string::npos) {
            std::string& d = c.default_value.text;
            for (auto p = d.find(own); p != std::string::npos; p = d.find(own, p)) d.erase(p, own.size());
        }
        if (c.default_value.kind == Default::Kind::expr &&
            lower_ascii(c.default_value.text).find("nextval(") != std::string::npos)
            t->unmanaged.push_back({"sequence",
                                    c.default_value.text,
                                    "the default of " + r[name] +
                                        " takes numbers from a sequence, which schemactl does not create: "
                                        "create it first in a database made from the files",
                                    {r[name]}});
        if (auto p = extra.find("on update "); p != std::string::npos) {
            std::string e = extra.substr(p + 10);
            c.on_update = e.rfind("current_timestamp", 0) == 0 ? "CURRENT_TIMESTAMP" : e;
            if (e.rfind("current_timestamp(", 0) == 0 && e != "current_timestamp()")
                c.on_update = "CURRENT_TIMESTAMP" + e.substr(17);
        }
        c.comment = r[comment];
        // A column collation is kept only where it differs from its table's
        // (MariaDB's json is longtext COLLATE utf8mb4_bin by definition).
        if (!r.view(collation).empty() && r.view(collation) != *table_collation && c.type != "json")
            c.collation = r[collation];
        t->columns.push_back(std::move(c));
    }
}

// Indexes, one row per key column; the PRIMARY one is the primary key.
constexpr std::string_view kIndexesQuery =
    "SELECT TABLE_NAME AS table_name, INDEX_NAME AS index_name, COLUMN_NAME AS column_name, SUB_PART AS sub_part, "
    "NON_UNIQUE AS non_unique, INDEX_TYPE AS index_type, COLLATION AS key_order "
    "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE(){} "
    "ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX";

void inspect_indexes(MysqlConnection& conn, Catalog& cat, const std::string& batch) {
    NamedResult rows(conn.fetch(fmt::format(fmt::runtime(kIndexesQuery), batch)));
    const auto [table, name, column, sub_part, non_unique, index_type, key_order] = rows.fields(
        "table_name", "index_name", "column_name", "sub_part", "non_unique", "index_type", "key_order");
    std::unordered_map<std::string, std::size_t> index_at;
    for (NamedRow r : rows) {
        Table* t = cat.table(r[table]);
        if (!t) continue;
        if (r[name] == "PRIMARY") {
            t->primary_key.push_back(r[column]);
            continue;
        }
        std::string key = t->name + "\x1f" + r[name];
        auto ix = index_at.find(key);
        if (ix == index_at.end()) {
            Index i;
            i.name = r[name];
            i.unique = r[non_unique] == "0";
            std::string type = lower_ascii(r[index_type]);
            i.method = type == "btree" || type == "hash" ? "" : type;
            t->indexes.push_back(std::move(i));
            ix = index_at.emplace(key, t->indexes.size() - 1).first;
        }
        IndexColumn ic;
        ic.name = r[column];
        ic.desc = r[key_order] == "D";
        ic.prefix_length = static_cast<int>(r.number(sub_part));
        t->indexes[ix->second].columns.push_back(std::move(ic));
    }
}

// Foreign keys, one row per column; their rules from a second query, joined
// here: MariaDB answers the join in 0.16 s at 1,000 tables, the two queries
// apart in 0.03 s + 0.02 s (each timed with the mariadb client).
constexpr std::string_view kForeignKeysQuery =
    "SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS constraint_name, COLUMN_NAME AS column_name, "
    "REFERENCED_TABLE_NAME AS referenced_table_name, REFERENCED_COLUMN_NAME AS referenced_column_name "
    "FROM information_schema.KEY_COLUMN_USAGE "
    "WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL{} "
    "ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION";
constexpr std::string_view kForeignKeyRulesQuery =
    "SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS constraint_name, UPDATE_RULE AS update_rule, "
    "DELETE_RULE AS delete_rule FROM information_schema.REFERENTIAL_CONSTRAINTS "
    "WHERE CONSTRAINT_SCHEMA = DATABASE(){}";

void inspect_foreign_keys(MysqlConnection& conn, Catalog& cat, const std::string& batch) {
    std::unordered_map<std::string, std::pair<std::string, std::string>> rules;  // table, name → update, delete
    NamedResult rule_rows(conn.fetch(fmt::format(fmt::runtime(kForeignKeyRulesQuery), batch)));
    const auto [rule_table, rule_name, update_rule, delete_rule] = rule_rows.fields("table_name", "constraint_name",
                                                                                    "update_rule", "delete_rule");
    for (NamedRow r : rule_rows) rules[r[rule_table] + "\x1f" + r[rule_name]] = {r[update_rule], r[delete_rule]};
    NamedResult rows(conn.fetch(fmt::format(fmt::runtime(kForeignKeysQuery), batch)));
    const auto [table, name, column, ref_table, ref_column] = rows.fields(
        "table_name", "constraint_name", "column_name", "referenced_table_name", "referenced_column_name");
    std::unordered_map<std::string, std::size_t> fk_at;
    for (NamedRow r : rows) {
        Table* t = cat.table(r[table]);
        std::string key = r[table] + "\x1f" + r[name];
        auto rule = rules.find(key);
        if (!t) continue;
        // MariaDB lists a foreign key's columns to a user with SELECT alone,
        // and its rules only with another privilege on the table: without
        // them the key would be missing from the live schema, and plan would
        // add it again.
        if (rule == rules.end())
            throw Error("cannot read the ON UPDATE and ON DELETE rules of foreign key " + r[table] + "." + r[name] +
                        ": information_schema.REFERENTIAL_CONSTRAINTS does not show them to this user (MariaDB "
                        "shows them only with a privilege on the table beyond SELECT): GRANT SHOW VIEW ON " +
                        quote_ident(conn.database()) + ".* TO the user, or connect as one with more privileges");
        auto f = fk_at.find(key);
        if (f == fk_at.end()) {
            const auto& [on_update, on_delete] = rule->second;
            ForeignKey fk;
            fk.name = r[name];
            fk.ref_table = r[ref_table];
            fk.on_update = on_update == "NO ACTION" ? "RESTRICT" : on_update;
            fk.on_delete = on_delete == "NO ACTION" ? "RESTRICT" : on_delete;
            t->foreign_keys.push_back(std::move(fk));
            f = fk_at.emplace(key, t->foreign_keys.size() - 1).first;
        }
        t->foreign_keys[f->second].columns.push_back(r[column]);
        t->foreign_keys[f->second].ref_columns.push_back(r[ref_column]);
    }
}

// Checks: MariaDB lists CHECK_CONSTRAINTS with TABLE_NAME; MySQL 8 needs TABLE_CONSTRAINTS for it.
constexpr std::string_view kChecksQueryMariadb =
    "SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS constraint_name, CHECK_CLAUSE AS check_clause "
    "FROM information_schema.CHECK_CONSTRAINTS "
    "WHERE CONSTRAINT_SCHEMA = DATABASE(){} ORDER BY TABLE_NAME, CONSTRAINT_NAME";
constexpr std::string_view kChecksQueryMysql =
    "SELECT t.TABLE_NAME AS table_name, c.CONSTRAINT_NAME AS constraint_name, c.CHECK_CLAUSE AS check_clause "
    "FROM information_schema.TABLE_CONSTRAINTS t "
    "JOIN information_schema.CHECK_CONSTRAINTS c ON c.CONSTRAINT_SCHEMA = t.CONSTRAINT_SCHEMA AND "
    "c.CONSTRAINT_NAME = t.CONSTRAINT_NAME WHERE t.TABLE_SCHEMA = DATABASE() AND c.CONSTRAINT_SCHEMA = "
    "DATABASE() AND t.CONSTRAINT_TYPE = 'CHECK' ORDER BY t.TABLE_NAME, c.CONSTRAINT_NAME";

void inspect_checks(MysqlConnection& conn, Catalog& cat, const std::string& batch) {
    // MySQL is never batched (table_batches), so its query takes no condition.
    NamedResult rows(conn.fetch(conn.mariadb() ? fmt::format(fmt::runtime(kChecksQueryMariadb), batch)
                                               : std::string(kChecksQueryMysql)));
    const auto [table, name, check_clause] = rows.fields("table_name", "constraint_name", "check_clause");
    for (NamedRow r : rows) {
        Table* t = cat.table(r[table]);
        if (!t) continue;
        const std::string& clause = r[check_clause];
        // MariaDB's JSON is LONGTEXT with CHECK (json_valid(`col`)): read it back as
        // json. The check keeps the column's first name when the column is renamed,
        // so match the clause, not the constraint name.
        if (clause.rfind("json_valid(`", 0) == 0 && clause.size() > 14 &&
            clause.compare(clause.size() - 2, 2, "`)") == 0) {
            std::string col = clause.substr(12, clause.size() - 14);
            if (auto* c = t->find_column(col); c && (c->type == "longtext" || c->type == "json")) {
                c->type = "json";
                c->collation.clear();  // utf8mb4_bin by definition
                continue;
            }
        }
        t->checks.push_back({r[name], clause, {}});
    }
}

// What the model cannot hold and a recreate (or a column change) would lose
// or break: partitioning, triggers, and views on the table.

// Partitioning (queried only when a table says it is partitioned).
constexpr std::string_view kPartitioningQuery =
    "SELECT DISTINCT TABLE_NAME AS table_name, PARTITION_METHOD AS partition_method, "
    "PARTITION_EXPRESSION AS partition_expression, SUBPARTITION_METHOD AS subpartition_method "
    "FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = "
    "DATABASE() AND PARTITION_NAME IS NOT NULL ORDER BY TABLE_NAME";

void inspect_partitioning(MysqlConnection& conn, Catalog& cat) {
    NamedResult rows(conn.fetch(std::string(kPartitioningQuery)));
    const auto [table, method, expression, submethod] = rows.fields("table_name", "partition_method",
                                                                    "partition_expression", "subpartition_method");
    for (NamedRow r : rows) {
        Table* t = cat.table(r[table]);
        if (!t) continue;
        if (std::any_of(t->unmanaged.begin(), t->unmanaged.end(),
                        [](const Unmanaged& u) { return u.kind == "partitioning"; }))
            continue;
        std::string by = "PARTITION BY " + r[method] + " (" + r[expression] + ")" +
                         (r[submethod].empty() ? "" : " SUBPARTITION BY " + r[submethod]);
        // KEY () partitions by the primary key.
        auto cols = r[expression].empty() ? t->primary_key : columns_named(*t, r[expression]);
        t->unmanaged.push_back({"partitioning", by,
                                "the files cannot state partitions: a recreate would make it one plain table",
                                cols.empty() ? t->primary_key : cols});
    }
}

constexpr std::string_view kTriggersQuery =
    "SELECT EVENT_OBJECT_TABLE AS table_name, TRIGGER_NAME AS trigger_name, ACTION_TIMING AS action_timing, "
    "EVENT_MANIPULATION AS event_manipulation, ACTION_STATEMENT AS action_statement "
    "FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() "
    "AND EVENT_OBJECT_SCHEMA = DATABASE() ORDER BY EVENT_OBJECT_TABLE, TRIGGER_NAME";

// Read apart from being applied: with two sessions it runs before the
// batches, beside the second session's connecting (20 ms at 5,000 tables:
// the server looks for each table's trigger file).
NamedResult read_triggers(MysqlConnection& conn) { return NamedResult(conn.fetch(std::string(kTriggersQuery))); }

void inspect_triggers(const NamedResult& rows, Catalog& cat) {
    const auto [table, name, timing, event, statement] = rows.fields("table_name", "trigger_name", "action_timing",
                                                                     "event_manipulation", "action_statement");
    for (NamedRow r : rows) {
        Table* t = cat.table(r[table]);
        if (!t) continue;
        t->unmanaged.push_back({"trigger", r[name],
                                lower_ascii(r[timing] + " " + r[event]) +
                                    ": a recreate would drop it, and a column it uses must keep its name and type",
                                columns_named(*t, r[statement])});
    }
}

// MariaDB lets a column a view uses be dropped or renamed: the view
// breaks. VIEW_DEFINITION names each table as `db`.`table`.
constexpr std::string_view kViewsQuery =
    "SELECT TABLE_NAME AS view_name, VIEW_DEFINITION AS view_definition FROM information_schema.VIEWS WHERE "
    "TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME";

void inspect_views(MysqlConnection& conn, Catalog& cat) {
    NamedResult rows(conn.fetch(std::string(kViewsQuery)));
    const auto [name, definition] = rows.fields("view_name", "view_definition");
    for (NamedRow r : rows) {
        const std::string& def = r[definition];
        // Without it no table would know the view uses its columns.
        if (def.empty())
            throw Error("cannot read the definition of view " + r[name] +
                        ": MariaDB shows it only to a user with the SHOW VIEW privilege, and schemactl needs it "
                        "to keep the columns the view uses: GRANT SHOW VIEW ON " +
                        quote_ident(conn.database()) + ".* TO the user, or connect as one with more privileges");
        for (auto& t : cat.schema.tables) {
            std::string quoted = quote_ident(t.name);
            if (def.find("." + quoted) == std::string::npos && def.find(quoted + ".") == std::string::npos &&
                def.find("from " + quoted) == std::string::npos)
                continue;
            t.unmanaged.push_back({"view", r[name],
                                   "MariaDB lets a column a view uses be dropped or renamed, which breaks the view",
                                   columns_named(t, def)});
        }
    }
}

// MariaDB's information_schema.STATISTICS reads each table's
// engine-independent statistics (mysql.table_stats, index_stats) for its
// CARDINALITY column, which schemactl does not ask for: with the tables
// opened afresh, 0.29 s of the server's 1.1 s at 5,000 tables, 0.16 s
// without. Off while the catalog is read, then back to what the session
// had, for the queries a sync sends on it (docs/performance.md). Only a
// saving: a server without the setting (before 10.0) reads as before.
constexpr std::string_view kSkipStatistics = "SESSION use_stat_tables = 'NEVER'";

bool skip_statistics(MysqlConnection& conn, const std::string& also = "") {
    try {
        conn.exec(fmt::format("SET {}{}", also, kSkipStatistics));
        return true;
    } catch (const Error&) {
        return false;
    }
}

class StatisticsSkipped {
public:
    explicit StatisticsSkipped(MysqlConnection& conn)
        : conn_(conn.mariadb() && skip_statistics(conn, "@schemactl_use_stat_tables = @@SESSION.use_stat_tables, ")
                    ? &conn
                    : nullptr) {}
    ~StatisticsSkipped() {
        try {
            if (conn_) conn_->exec("SET SESSION use_stat_tables = @schemactl_use_stat_tables");
        } catch (...) {
            // The connection is gone: the error that ended the read is the one reported.
        }
    }
    StatisticsSkipped(const StatisticsSkipped&) = delete;
    StatisticsSkipped& operator=(const StatisticsSkipped&) = delete;

private:
    MysqlConnection* conn_;
};

// The per-table queries of one batch.
void inspect_batch(MysqlConnection& conn, Catalog& cat, const std::string& batch) {
    inspect_tables(conn, cat, batch);
    inspect_columns(conn, cat, batch);
    inspect_indexes(conn, cat, batch);
    inspect_foreign_keys(conn, cat, batch);
    inspect_checks(conn, cat, batch);
}

// The batches on two sessions, this one and a second, each taking the next
// batch when done with one, so that the two end together (halves fixed in
// advance ended up to 70 ms apart at 5,000 tables). The tables are put back
// in name order (the open ones were read first). If one session fails, the
// other stops after its batch. `first` runs on this session before its
// batches, while the second connects.
void inspect_batches_in_two(MysqlConnection& conn, Catalog& cat, const Batches& batches,
                            const std::function<void()>& first) {
    Catalog other;
    other.db_collation = cat.db_collation;
    other.collations = cat.collations;
    // -v: one statement a line, whichever session sends it; restored however this ends.
    std::mutex log;
    struct Restore {
        MysqlConnection& conn;
        std::function<void(const std::string&)> on_sql;
        ~Restore() { conn.on_sql = std::move(on_sql); }
    } restore{conn, conn.on_sql};
    std::function<void(const std::string&)> logged;
    if (restore.on_sql)
        logged = [&log, &restore](const std::string& sql) {
            std::lock_guard<std::mutex> lock(log);
            restore.on_sql(sql);
        };
    conn.on_sql = logged;
    // Where each batch's tables went: which session's catalog, which of its tables.
    struct Taken {
        Catalog* into = nullptr;
        std::size_t begin = 0, end = 0;
    };
    const std::size_t count = batches.conditions.size();
    std::vector<Taken> taken(count);
    std::atomic<std::size_t> next{0};
    auto work = [&](MysqlConnection& session, Catalog& into) {
        for (std::size_t i; (i = next++) < count;) {
            const std::size_t begin = into.schema.tables.size();
            inspect_batch(session, into, batches.conditions[i]);
            taken[i] = {&into, begin, into.schema.tables.size()};
        }
    };
    std::size_t sent = 0;
    auto second = std::async(std::launch::async, [&] {
        prepare_thread_heap();
        std::unique_ptr<MysqlConnection> session;
        try {
            session = conn.another(logged);
            skip_statistics(*session);  // this session reads the catalog only
        } catch (const Error&) {
            return;  // max_connections, say: this session reads them all
        }
        try {
            work(*session, other);
        } catch (...) {
            next = count;  // this session failed: the first stops after its batch
            throw;
        }
        sent = session->statements_sent;
    });
    try {
        first();
        work(conn, cat);
    } catch (...) {
        next = count;   // the second stops after its batch
        second.wait();  // it uses this frame's catalog and logger
        throw;
    }
    second.get();
    conn.statements_sent += sent;
    std::vector<Table> tables;
    tables.reserve(cat.schema.tables.size() + other.schema.tables.size());
    for (const Taken& t : taken)
        for (std::size_t k = t.begin; k < t.end; ++k) tables.push_back(std::move(t.into->schema.tables[k]));
    // In name order, as one unbatched query gives them.
    std::unordered_map<std::string_view, std::size_t> place;
    for (std::size_t k = 0; k < batches.names.size(); ++k) place.emplace(batches.names[k], k);
    std::stable_sort(tables.begin(), tables.end(),
                     [&](const Table& a, const Table& b) { return place.at(a.name) < place.at(b.name); });
    cat.schema.tables = std::move(tables);
    cat.at.clear();
    for (std::size_t k = 0; k < cat.schema.tables.size(); ++k) cat.at[cat.schema.tables[k].name] = k;
    cat.table_collation.merge(other.table_collation);
    cat.partitioned = cat.partitioned || other.partitioned;
    cat.views = cat.views || other.views;
}

}  // namespace

Schema inspect_schema(MysqlConnection& conn) {
    StatisticsSkipped skipped(conn);
    Catalog cat;
    inspect_database(conn, cat);
    const Batches batches = table_batches(conn);
    NamedResult triggers;
    if (batches.conditions.size() < 2) {
        for (const std::string& batch : batches.conditions) inspect_batch(conn, cat, batch);
        triggers = read_triggers(conn);
    } else {
        inspect_batches_in_two(conn, cat, batches, [&] { triggers = read_triggers(conn); });
    }
    if (cat.partitioned) inspect_partitioning(conn, cat);
    inspect_triggers(triggers, cat);
    if (cat.views) inspect_views(conn, cat);
    return std::move(cat.schema);
}

}  // namespace schemactl::mysql
