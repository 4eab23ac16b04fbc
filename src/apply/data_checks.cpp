#include "apply/data_checks.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <charconv>

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

// varchar(n) / character varying(n) / char(n) → n, else 0.
static int char_length_limit(const std::string& type) {
    auto t = parse_type_name(type);
    if (t.args.size() != 1) return 0;
    if (t.base != "varchar" && t.base != "char" && t.base != "character varying" && t.base != "character") return 0;
    int n = 0;
    std::from_chars(t.args[0].data(), t.args[0].data() + t.args[0].size(), n);
    return n;
}

std::vector<DataProblem> check_data(Connection& conn, const Dialect& d, const std::vector<TableChange>& changes) {
    std::vector<DataProblem> out;
    auto q = [&](const std::string& s) { return d.quote_ident(s); };
    for (const auto& tc : changes) {
        if (tc.kind == TableChange::Kind::create) continue;
        // The live name: checks run before any rename.
        const std::string table = tc.kind == TableChange::Kind::rename ? tc.old_name : tc.name;
        const std::string qt = q(table);
        auto live_name = [&](const std::string& col) {
            for (const auto& c : tc.columns)
                if (c.kind == ColumnChange::Kind::rename && c.name == col) return c.old_name;
            return col;
        };
        for (const auto& c : tc.columns) {
            if (c.kind == ColumnChange::Kind::add && !c.desired.nullable && !c.desired.default_value.has_value() &&
                !c.desired.auto_increment) {
                if (long long n = count(conn, "SELECT COUNT(*) FROM " + qt); n > 0)
                    out.push_back({tc.name, c.name,
                                   fmt::format("new NOT NULL column without a default, and the table holds {} rows: "
                                               "give it a default or make it nullable",
                                               n),
                                   n});
            }
            if (c.kind != ColumnChange::Kind::alter) continue;
            std::string qc = q(live_name(c.name));
            if (c.nullable_changed && !c.desired.nullable) {
                if (long long n = count(conn, fmt::format("SELECT COUNT(*) FROM {} WHERE {} IS NULL", qt, qc)); n > 0)
                    out.push_back({tc.name, c.name,
                                   fmt::format("{} rows hold NULL, so NOT NULL would fail: fill them first "
                                               "(UPDATE {} SET {} = ... WHERE {} IS NULL)",
                                               n, table, c.name, c.name),
                                   n});
            }
            if (c.type_changed) {
                int limit = char_length_limit(c.desired.type);
                if (limit > 0) {
                    long long n = count(conn, fmt::format("SELECT COUNT(*) FROM {} WHERE {} > {}", qt,
                                                          d.length_sql(qc), limit));
                    if (n > 0)
                        out.push_back({tc.name, c.name,
                                       fmt::format("{} rows hold values longer than {} characters ({} would "
                                                   "truncate or fail): shorten them or keep the wider type",
                                                   n, limit, c.desired.type),
                                       n});
                }
                if (!c.actual.enum_values.empty() && !c.desired.enum_values.empty()) {
                    std::vector<std::string> removed;
                    for (const auto& v : c.actual.enum_values)
                        if (std::find(c.desired.enum_values.begin(), c.desired.enum_values.end(), v) ==
                            c.desired.enum_values.end())
                            removed.push_back(d.quote_literal(v));
                    if (!removed.empty()) {
                        long long n = count(conn, fmt::format("SELECT COUNT(*) FROM {} WHERE {} IN ({})", qt, qc,
                                                              fmt::join(removed, ", ")));
                        if (n > 0)
                            out.push_back({tc.name, c.name,
                                           fmt::format("{} rows hold enum values that the new definition removes: "
                                                       "update them first",
                                                       n),
                                           n});
                    }
                }
            }
        }
        for (const auto& ix : tc.indexes) {
            if (ix.kind != IndexChange::Kind::add || !ix.item.unique) continue;
            std::vector<std::string> cols;
            bool all_live = true;
            for (const auto& ic : ix.item.columns) {
                std::string live = live_name(ic.name);
                if (!tc.actual.find_column(live)) all_live = false;
                cols.push_back(q(live));
            }
            if (!all_live) continue;  // a new column: no rows to collide yet
            std::string where = ix.item.where.empty() ? "" : " AND (" + ix.item.where + ")";
            std::string nn;
            for (const auto& c : cols) nn += " AND " + c + " IS NOT NULL";
            long long n = count(conn, fmt::format("SELECT COUNT(*) FROM (SELECT 1 AS x FROM {} WHERE 1=1{}{} GROUP BY "
                                                  "{} HAVING COUNT(*) > 1) dup",
                                                  qt, nn, where, fmt::join(cols, ", ")));
            if (n > 0)
                out.push_back({tc.name, ix.item.name,
                               fmt::format("{} values of ({}) occur more than once, so unique index {} would fail: "
                                           "remove the duplicates first",
                                           n, fmt::join(cols, ", "), ix.item.name),
                               n});
        }
    }
    return out;
}

}  // namespace schemactl
