#include "apply/data_checks.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <functional>
#include <map>

#include "apply/conversions.hpp"
#include "schema/error.hpp"
#include "schema/lists.hpp"
#include "schema/model.hpp"

namespace schemactl {

static long long count(Connection& conn, const std::string& sql) {
    auto r = conn.query(sql);
    if (r.rows.empty() || r.rows[0].empty() || !r.rows[0][0]) return 0;
    long long n = 0;
    const auto& s = *r.rows[0][0];
    std::from_chars(s.data(), s.data() + s.size(), n);
    return n;
}

// A count the server may refuse for the very rows it looks for (PostgreSQL
// raises an error for text that does not parse as the new type): the refusal
// is the answer, -1 rows ("at least one"). A lost connection is not: it is
// thrown on.
static long long count_or_refused(Connection& conn, const std::string& sql, std::string& refusal) {
    try {
        return count(conn, sql);
    } catch (const Error& e) {
        try {
            conn.query("SELECT 1");
        } catch (const Error&) {
            throw e;
        }
        std::string msg = e.what();
        refusal = msg.substr(0, msg.find('\n'));
        return -1;
    }
}

// Whether any two rows share the values `cols` (over rows passing `where`,
// which holds " AND ..." clauses). Counting the duplicated values takes a
// GROUP BY over the whole table, which MariaDB spills to an on-disk temporary
// table (11.6 s on 1M rows where building the index takes 1.0 s): the probe
// costs about what the index build does, so the exact count runs only when it
// finds something. MariaDB and PostgreSQL compare rows with COUNT(DISTINCT)
// (a sort, as the index build does; the columns' collations decide equality,
// as in the index); SQLite's COUNT(DISTINCT) takes one argument, so it groups
// and stops at the first duplicate.
static bool any_duplicate(Connection& conn, const Dialect& d, const std::string& qt, const std::string& where,
                          const std::vector<std::string>& cols) {
    const std::string list = fmt::format("{}", fmt::join(cols, ", "));
    if (d.name() == "mysql" || d.name() == "postgres") {
        const std::string distinct = d.name() == "postgres" && cols.size() > 1 ? "ROW(" + list + ")" : list;
        return count(conn,
                     fmt::format("SELECT COUNT(*) - COUNT(DISTINCT {}) FROM {} WHERE 1=1{}", distinct, qt, where)) > 0;
    }
    auto r = conn.query(
        fmt::format("SELECT 1 FROM {} WHERE 1=1{} GROUP BY {} HAVING COUNT(*) > 1 LIMIT 1", qt, where, list));
    return !r.rows.empty();
}

// How many values of `cols` occur more than once (the report's figure).
static long long duplicated_values(Connection& conn, const Dialect& d, const std::string& qt, const std::string& where,
                                   const std::vector<std::string>& cols) {
    if (!any_duplicate(conn, d, qt, where, cols)) return 0;
    return count(conn, fmt::format("SELECT COUNT(*) FROM (SELECT 1 AS x FROM {} WHERE 1=1{} GROUP BY {} "
                                   "HAVING COUNT(*) > 1) dup",
                                   qt, where, fmt::join(cols, ", ")));
}

static std::string rows_text(long long n) { return n < 0 ? std::string("1 or more rows") : fmt::format("{} rows", n); }
// Child rows a new foreign key would reject: every key column set, and no
// parent row with those values. Names are the live ones (checks run before
// any rename); a parent created in this plan has no rows yet.
static void check_foreign_key(Connection& conn, const Dialect& d, const TableChange& tc, const ForeignKey& fk,
                              const std::map<std::string, const TableChange*>& by_name,
                              const std::function<std::string(const std::string&)>& live_name,
                              std::vector<DataProblem>& out) {
    auto q = [&](const std::string& s) { return d.quote_ident(s); };
    const std::string child = tc.kind == TableChange::Kind::rename ? tc.old_name : tc.name;
    std::vector<std::string> keys;
    for (const auto& c : fk.columns) {
        std::string live = live_name(c);
        if (!tc.actual.find_column(live)) return;  // a new column: its rows are checked by the database
        keys.push_back(live);
    }
    std::string parent = fk.ref_table;
    bool parent_empty = false;
    std::vector<std::string> refs = fk.ref_columns;
    if (auto it = by_name.find(fk.ref_table); it != by_name.end()) {
        const TableChange& p = *it->second;
        if (p.kind == TableChange::Kind::create) parent_empty = true;
        if (p.kind == TableChange::Kind::rename) parent = p.old_name;
        for (auto& r : refs) {
            for (const auto& c : p.columns)
                if (c.kind == ColumnChange::Kind::rename && c.name == r) r = c.old_name;
            if (!parent_empty && !p.actual.find_column(r)) return;  // a new parent column
        }
    }
    if (refs.size() != keys.size()) return;
    std::string where;
    for (const auto& k : keys) where += fmt::format(" AND ch.{} IS NOT NULL", q(k));
    std::string match;
    for (std::size_t i = 0; i < keys.size(); ++i)
        match += fmt::format("{}pa.{} = ch.{}", i ? " AND " : "", q(refs[i]), q(keys[i]));
    std::string sql = fmt::format("SELECT COUNT(*) FROM {} ch WHERE 1=1{}", q(child), where);
    if (!parent_empty) sql += fmt::format(" AND NOT EXISTS (SELECT 1 FROM {} pa WHERE {})", q(parent), match);
    std::string refusal;
    long long n = count_or_refused(conn, sql, refusal);
    if (n == 0) return;
    out.push_back({tc.name, fk.name,
                   fmt::format("{} hold values of ({}) that {} ({}) does not have, so foreign key {} would fail{}: "
                               "add the parent rows or fix / delete those rows first",
                               rows_text(n), fmt::join(fk.columns, ", "), fk.ref_table, fmt::join(fk.ref_columns, ", "),
                               fk.name, refusal.empty() ? "" : " (the server refused the check: " + refusal + ")"),
                   n});
}

// Rows sharing the values of a new primary key: the database refuses the
// key (PostgreSQL, SQLite) or, on MariaDB, after the tables before it in the
// plan were already altered. NULLs are the NOT NULL check's (the key makes its
// columns NOT NULL). A key over a column the plan adds is left to the database:
// the live columns alone cannot tell.
static void check_primary_key(Connection& conn, const Dialect& d, const TableChange& tc,
                              const std::function<std::string(const std::string&)>& live_name,
                              std::vector<DataProblem>& out) {
    if (tc.desired.primary_key.empty()) return;
    const std::string table = tc.kind == TableChange::Kind::rename ? tc.old_name : tc.name;
    std::vector<std::string> cols;
    std::string nn;
    for (const auto& c : tc.desired.primary_key) {
        std::string live = live_name(c);
        if (!tc.actual.find_column(live)) return;
        cols.push_back(d.quote_ident(live));
        nn += " AND " + cols.back() + " IS NOT NULL";
    }
    long long n = duplicated_values(conn, d, d.quote_ident(table), nn, cols);
    if (n > 0)
        out.push_back({tc.name, "primary key",
                       fmt::format("{} values of ({}) occur more than once, so the new primary key ({}) would fail: "
                                   "remove the duplicates first",
                                   n, fmt::join(tc.desired.primary_key, ", "), fmt::join(tc.desired.primary_key, ", ")),
                       n});
}

// Rows a new (or changed) CHECK rejects: those where the expression is false
// (NULL passes a CHECK, and NOT NULL is NULL: not counted). The expression is
// written against the new names; when the live table cannot evaluate it (a
// column added or renamed in the same plan), the database checks it itself.
static void check_check(Connection& conn, const TableChange& tc, const std::string& live_table, const Check& ck,
                        std::vector<DataProblem>& out, const Dialect& d) {
    long long n = 0;
    try {
        n = count(conn, fmt::format("SELECT COUNT(*) FROM {} WHERE NOT ({})", d.quote_ident(live_table), ck.expr));
    } catch (const Error&) {
        conn.query("SELECT 1");  // a lost connection is thrown on, not taken for a column the plan adds
        return;
    }
    if (n > 0)
        out.push_back({tc.name, ck.name,
                       fmt::format("{} rows break the new check {} ({}), so adding it would fail: fix those rows first",
                                   n, ck.name, ck.expr),
                       n});
}

namespace {

using LiveName = std::function<std::string(const std::string&)>;

// One column change: a new NOT NULL column, NOT NULL on NULLs, a lossy
// collation, a lossy type change. `table` is the live table name.
void check_column(Connection& conn, const Dialect& d, const TableChange& tc, const ColumnChange& c,
                  const std::string& table, const LiveName& live_name, const DataCheckOptions& opts,
                  std::vector<DataProblem>& out) {
    const std::string qt = d.quote_ident(table);
    if (opts.all && c.kind == ColumnChange::Kind::add && !c.desired.nullable && !c.desired.default_value.has_value() &&
        !c.desired.auto_increment) {
        if (long long n = count(conn, "SELECT COUNT(*) FROM " + qt); n > 0)
            out.push_back({tc.name, c.name,
                           fmt::format("new NOT NULL column without a default, and the table holds {} rows: "
                                       "give it a default or make it nullable",
                                       n),
                           n});
    }
    if (c.kind != ColumnChange::Kind::alter) return;
    std::string live = live_name(c.name);
    std::string qc = d.quote_ident(live);
    if (opts.all && c.nullable_changed && !c.desired.nullable) {
        if (long long n = count(conn, fmt::format("SELECT COUNT(*) FROM {} WHERE {} IS NULL", qt, qc)); n > 0)
            out.push_back({tc.name, c.name,
                           fmt::format("{} rows hold NULL, so NOT NULL would fail: fill them first "
                                       "(UPDATE {} SET {} = ... WHERE {} IS NULL)",
                                       n, table, c.name, c.name),
                           n});
    }
    // A collation change that loses characters (MariaDB / MySQL: another character set).
    if (Conversion cc = d.collation_conversion(c.actual, c.desired, qc); opts.all && !cc.empty())
        if (long long n = count(conn, fmt::format("SELECT COUNT(*) FROM {} WHERE {}", qt, cc.lost)); n > 0)
            out.push_back({tc.name, c.name, fmt::format("{} rows hold {}", n, cc.reason), n});
    // A type change, or an enum edit (diff calls it an attribute: same type, other labels).
    if (!c.type_changed && c.desired.enum_values == c.actual.enum_values) return;
    bool is_protected = contains(opts.protected_columns, c.name) || contains(opts.protected_columns, live) ||
                        contains(tc.desired.protected_columns, c.name);
    if (!opts.all && !is_protected) return;
    Conversion conv = conversion(d, c.actual, c.desired, qc);
    if (conv.empty()) return;
    std::string refusal;
    long long n = count_or_refused(conn, fmt::format("SELECT COUNT(*) FROM {} WHERE {}", qt, conv.lost), refusal);
    if (n == 0) return;
    std::string msg = fmt::format("{} hold {}", rows_text(n), conv.reason);
    if (!refusal.empty()) msg += " (the server refused the check: " + refusal + ")";
    if (c.actual.type != c.desired.type) msg += fmt::format(" [{} -> {}]", c.actual.type, c.desired.type);
    if (is_protected)
        msg +=
            "; protected column: a type change never loses its values, even with --skip-data-checks "
            "(fix the rows, or remove it from the protected list)";
    out.push_back({tc.name, c.name, msg, n});
}

// Rows a new unique index would find duplicated (NULLs never collide).
void check_unique_index(Connection& conn, const Dialect& d, const TableChange& tc, const IndexChange& ix,
                        const std::string& qt, const LiveName& live_name, std::vector<DataProblem>& out) {
    std::vector<std::string> cols;
    bool all_live = true;
    for (const auto& ic : ix.item.columns) {
        if (!ic.expr.empty()) {
            cols.push_back("(" + ic.expr + ")");
            continue;
        }
        std::string live = live_name(ic.name);
        if (!tc.actual.find_column(live)) all_live = false;
        cols.push_back(d.quote_ident(live));
    }
    if (!all_live) return;  // a new column: no rows to collide yet
    std::string where = ix.item.where.empty() ? "" : " AND (" + ix.item.where + ")";
    std::string nn;
    for (const auto& c : cols) nn += " AND " + c + " IS NOT NULL";
    long long n = duplicated_values(conn, d, qt, nn + where, cols);
    if (n > 0)
        out.push_back({tc.name, ix.item.name,
                       fmt::format("{} values of ({}) occur more than once, so unique index {} would fail: "
                                   "remove the duplicates first",
                                   n, fmt::join(cols, ", "), ix.item.name),
                       n});
}

}  // namespace

std::vector<DataProblem> check_data(Connection& conn, const Dialect& d, const std::vector<TableChange>& changes,
                                    const DataCheckOptions& opts) {
    std::vector<DataProblem> out;
    std::map<std::string, const TableChange*> by_name;
    for (const auto& tc : changes) by_name.emplace(tc.name, &tc);
    for (const auto& tc : changes) {
        if (tc.kind == TableChange::Kind::create) continue;
        // The live name: checks run before any rename.
        const std::string table = tc.kind == TableChange::Kind::rename ? tc.old_name : tc.name;
        const std::string qt = d.quote_ident(table);
        LiveName live_name = [&](const std::string& col) {
            for (const auto& c : tc.columns)
                if (c.kind == ColumnChange::Kind::rename && c.name == col) return c.old_name;
            return col;
        };
        for (const auto& c : tc.columns) check_column(conn, d, tc, c, table, live_name, opts, out);
        if (!opts.all) continue;
        for (const auto& ix : tc.indexes)
            if (ix.kind == IndexChange::Kind::add && ix.item.unique)
                check_unique_index(conn, d, tc, ix, qt, live_name, out);
        if (tc.primary_key_changed) check_primary_key(conn, d, tc, live_name, out);
        for (const auto& ck : tc.checks)
            if (ck.kind == CheckChange::Kind::add) check_check(conn, tc, table, ck.item, out, d);
        for (const auto& fk : tc.foreign_keys)
            if (fk.kind == ForeignKeyChange::Kind::add)
                check_foreign_key(conn, d, tc, fk.item, by_name, live_name, out);
    }
    return out;
}

}  // namespace schemactl
