// DDL for SQLite: CREATE TABLE / INDEX, the ALTERs SQLite has, and the
// 12-step table rebuild (sqlite.org/lang_altertable.html#otheralter) for the rest.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <unordered_set>

#include "dialect/alter_group.hpp"
#include "dialect/sqlite/sqlite_dialect.hpp"
#include "dialect/sqlite/sqlite_render.hpp"
#include "dialect/sqlite/sqlite_types.hpp"
#include "diff/expr.hpp"
#include "plan/safety.hpp"
#include "schema/text.hpp"

namespace schemactl::sqlite {

namespace {

std::string cols(const std::vector<std::string>& names) {
    std::vector<std::string> q;
    for (const auto& n : names) q.push_back(quote_ident(n));
    return fmt::format("{}", fmt::join(q, ", "));
}

// SQLite refuses `ALTER TABLE t RENAME TO "T"` ("there is already another
// table or index with this name": names ignore ASCII case), so a case-only
// rename goes through a temporary name.
std::vector<std::string> rename_table_sql(const std::string& from, const std::string& to) {
    auto lower = [](std::string s) {
        s = lower_ascii(s);
        return s;
    };
    if (lower(from) != lower(to))
        return {fmt::format("ALTER TABLE {} RENAME TO {}", quote_ident(from), quote_ident(to))};
    std::string tmp = "_schemactl_case_" + to;
    return {fmt::format("ALTER TABLE {} RENAME TO {}", quote_ident(from), quote_ident(tmp)),
            fmt::format("ALTER TABLE {} RENAME TO {}", quote_ident(tmp), quote_ident(to))};
}

bool single_auto_pk(const Table& t, const Column& c) {
    return c.auto_increment && t.primary_key.size() == 1 && t.primary_key[0] == c.name;
}

std::string column_def(const Table& t, const Column& c) {
    std::string s = quote_ident(c.name) + " " + (c.type.empty() ? "" : c.type);
    if (single_auto_pk(t, c)) s += " PRIMARY KEY AUTOINCREMENT";
    if (!c.nullable) s += " NOT NULL";
    if (!c.collation.empty()) s += " COLLATE " + quote_ident(c.collation);
    if (!c.generated.empty())
        s += " GENERATED ALWAYS AS (" + c.generated + ")" + (c.generated_stored ? " STORED" : " VIRTUAL");
    else if (c.default_value.has_value()) s += " DEFAULT " + default_sql(c.default_value);
    return s;
}

std::string fk_def(const ForeignKey& fk) {
    std::string s = fmt::format("CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({})", quote_ident(fk.name),
                                cols(fk.columns), quote_ident(fk.ref_table), cols(fk.ref_columns));
    if (fk.on_delete != "NO ACTION") s += " ON DELETE " + fk.on_delete;
    if (fk.on_update != "NO ACTION") s += " ON UPDATE " + fk.on_update;
    return s;
}

}  // namespace

std::string create_table_sql(const Table& t, const std::string& name) {
    std::vector<std::string> parts;
    bool inline_pk = false;
    for (const auto& c : t.columns) {
        parts.push_back("  " + column_def(t, c));
        inline_pk = inline_pk || single_auto_pk(t, c);
    }
    if (!t.primary_key.empty() && !inline_pk) parts.push_back("  PRIMARY KEY (" + cols(t.primary_key) + ")");
    for (const auto& ck : t.checks)
        parts.push_back(fmt::format("  CONSTRAINT {} CHECK ({})", quote_ident(ck.name), ck.expr));
    for (const auto& fk : t.foreign_keys) parts.push_back("  " + fk_def(fk));
    return fmt::format("CREATE TABLE {} (\n{}\n){}", quote_ident(name), fmt::join(parts, ",\n"), table_options_sql(t));
}

std::string create_index_sql(const std::string& table, const Index& ix) {
    std::vector<std::string> c;
    for (const auto& ic : ix.columns)
        c.push_back((ic.expr.empty() ? quote_ident(ic.name) : ic.expr) + (ic.desc ? " DESC" : ""));
    std::string s = fmt::format("CREATE {}INDEX {} ON {} ({})", ix.unique ? "UNIQUE " : "", quote_ident(ix.name),
                                quote_ident(table), fmt::join(c, ", "));
    if (!ix.where.empty()) s += " WHERE " + ix.where;
    return s;
}

namespace {

// Whether ALTER TABLE can do a change without rebuilding the table.
bool needs_rebuild(const TableChange& tc) {
    if (tc.primary_key_changed || tc.options_changed || !tc.foreign_keys.empty() || !tc.checks.empty()) return true;
    std::unordered_set<std::string> dropped_indexes;
    for (const auto& ix : tc.indexes)
        if (ix.kind == IndexChange::Kind::drop) {
            // An inline UNIQUE constraint's sqlite_autoindex_* cannot be dropped.
            if (ix.item.constraint) return true;
            dropped_indexes.insert(ix.item.name);
        }
    for (const auto& c : tc.columns) {
        switch (c.kind) {
            case ColumnChange::Kind::rename: break;
            case ColumnChange::Kind::alter:
                // Comment-only changes are invisible on SQLite; anything else rebuilds.
                if (c.type_changed || c.nullable_changed || c.default_changed || c.auto_increment_changed ||
                    c.generated_changed || c.other_changed)
                    return true;
                break;
            case ColumnChange::Kind::add: {
                const Column& d = c.desired;
                // sqlite.org: no PRIMARY KEY/UNIQUE, no expression or CURRENT_* default, NOT NULL needs a default.
                if (d.auto_increment) return true;
                if (!d.generated.empty() && d.generated_stored) return true;  // ADD COLUMN cannot add a STORED one
                if (std::find(tc.desired.primary_key.begin(), tc.desired.primary_key.end(), d.name) !=
                    tc.desired.primary_key.end())
                    return true;
                std::string def = d.default_value.text;
                bool constant = !d.default_value.has_value() || default_sql(d.default_value).front() != '(';
                if (def.rfind("CURRENT_", 0) == 0) constant = false;
                if (!constant) return true;
                if (!d.nullable && !d.default_value.has_value()) return true;
                break;
            }
            case ColumnChange::Kind::drop: {
                const Table& a = tc.actual;
                if (std::find(a.primary_key.begin(), a.primary_key.end(), c.name) != a.primary_key.end()) return true;
                for (const auto& ix : a.indexes) {
                    if (dropped_indexes.count(ix.name)) continue;
                    for (const auto& ic : ix.columns)
                        if (ic.name == c.name || (!ic.expr.empty() && expr_fingerprint(ic.expr).find(
                                                                          lower_ascii(c.name)) != std::string::npos))
                            return true;
                    // A partial index naming it in its WHERE (a rough test: a rebuild is always correct).
                    if (!ix.where.empty() && expr_fingerprint(ix.where).find(lower_ascii(c.name)) != std::string::npos)
                        return true;
                }
                for (const auto& fk : a.foreign_keys)
                    if (std::find(fk.columns.begin(), fk.columns.end(), c.name) != fk.columns.end()) return true;
                if (!a.checks.empty()) return true;  // a check may name it
                break;
            }
        }
    }
    return false;
}

std::vector<Step> render_create(const TableChange& tc) {
    Step s = Step::make(tc.name, "create table " + tc.name, Safety::safe);
    s.sql.push_back(create_table_sql(tc.desired, tc.name));
    for (const auto& ix : tc.desired.indexes) s.sql.push_back(create_index_sql(tc.name, ix));
    return {s};
}

// One step: the 12-step rebuild into the exact target table
// (sqlite.org/lang_altertable.html#otheralter), under the table's live name
// `live`: a rename follows it, so that SQLite rewrites the recreated triggers.
Step render_rebuild(const TableChange& tc, const std::string& live) {
    // A rebuild copies every row into a new table: risky at least.
    AlterGroup g;
    g.safety = Safety::risky;
    for (const auto& c : tc.columns) g.note(describe(tc.name, c), classify(c));
    for (const auto& i : tc.indexes) g.note(describe(tc.name, i), classify(i));
    for (const auto& f : tc.foreign_keys) g.note(describe(tc.name, f), classify(f));
    for (const auto& k : tc.checks) g.note(describe(tc.name, k), classify(k));
    if (tc.options_changed) {
        std::string o = table_options_sql(tc.desired);
        g.note("table options: " + (o.empty() ? std::string("none (no STRICT, no WITHOUT ROWID)") : o.substr(1)),
               classify_options(tc));
    }
    if (tc.primary_key_changed) g.note(describe_primary_key(tc), classify_primary_key(tc));
    Step s = Step::make(tc.name, fmt::format("rebuild table {}: {}", tc.name, fmt::join(g.what, "; ")), g.safety);
    s.rebuilds = true;

    // Where each target column's values come from in the live table.
    std::unordered_map<std::string, std::string> source;
    for (const auto& c : tc.actual.columns) source[c.name] = c.name;
    for (const auto& c : tc.columns)
        if (c.kind == ColumnChange::Kind::rename) {
            source.erase(c.old_name);
            source[c.name] = c.old_name;
        }
    for (const auto& c : tc.columns)
        if (c.kind == ColumnChange::Kind::drop) source.erase(c.name);
    std::vector<std::string> into, from;
    for (const auto& c : tc.desired.columns)
        if (auto it = source.find(c.name); it != source.end() && c.generated.empty()) {  // generated: computed
            into.push_back(quote_ident(c.name));
            from.push_back(quote_ident(it->second));
        }
    std::string tmp = "_schemactl_new_" + live;
    // Without the legacy rename, SQLite re-checks every view and trigger on
    // the RENAME below and fails on one naming the table just dropped.
    s.sql.push_back("PRAGMA legacy_alter_table = ON");
    // A primary key column that took NULL keeps taking it (no NOT NULL added
    // behind the user's back, and no failure on a NULL row).
    Table target = tc.desired;
    if (!target.options.count(kWithoutRowid) && !target.options.count(kStrict))
        for (const auto& col : tc.actual.nullable_key_columns)
            if (Column* c = target.find_column(col);
                c && std::find(target.primary_key.begin(), target.primary_key.end(), col) != target.primary_key.end() &&
                !(target.primary_key.size() == 1 && c->type == "INTEGER"))
                c->nullable = true;
    s.sql.push_back(create_table_sql(target, tmp));
    if (!into.empty())
        s.sql.push_back(fmt::format("INSERT INTO {} ({}) SELECT {} FROM {}", quote_ident(tmp), fmt::join(into, ", "),
                                    fmt::join(from, ", "), quote_ident(live)));
    // The AUTOINCREMENT counter survives: ids of deleted rows are never reused.
    // (The INSERT above set the new table's counter to the largest id left.)
    if (std::any_of(tc.desired.columns.begin(), tc.desired.columns.end(),
                    [&](const Column& c) { return single_auto_pk(tc.desired, c); })) {
        const std::string old_name = quote_literal(live), new_name = quote_literal(tmp);
        s.sql.push_back(
            fmt::format("UPDATE sqlite_sequence SET seq = (SELECT seq FROM sqlite_sequence WHERE name = {0}) "
                        "WHERE name = {1} AND seq < (SELECT seq FROM sqlite_sequence WHERE name = {0})",
                        old_name, new_name));
        s.sql.push_back(
            fmt::format("INSERT INTO sqlite_sequence (name, seq) SELECT {1}, seq FROM sqlite_sequence "
                        "WHERE name = {0} AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = {1})",
                        old_name, new_name));
    }
    s.sql.push_back("DROP TABLE " + quote_ident(live));
    s.sql.push_back(fmt::format("ALTER TABLE {} RENAME TO {}", quote_ident(tmp), quote_ident(live)));
    s.sql.push_back("PRAGMA legacy_alter_table = OFF");
    for (const auto& ix : tc.desired.indexes) s.sql.push_back(create_index_sql(live, ix));
    for (const auto& trig : tc.actual.kept_sql) s.sql.push_back(trig);
    if (live != tc.name)
        for (auto& sql : rename_table_sql(live, tc.name)) s.sql.push_back(std::move(sql));
    return s;
}

// A rebuild copies every value with INSERT ... SELECT, so the new table's
// column affinity applies to it. Out of a STRICT table an ANY column keeps any
// value as stored; in a table without STRICT, ANY has NUMERIC affinity and
// '0123' would become 123. Such a rebuild is refused, naming the columns.
std::string rebuild_would_convert(const TableChange& tc) {
    if (!tc.actual.options.count(kStrict) || tc.desired.options.count(kStrict)) return {};
    std::vector<std::string> any;
    for (const auto& c : tc.actual.columns)
        if (c.type == "ANY") any.push_back(c.name);
    if (any.empty()) return {};
    return fmt::format(
        "column{} {} of STRICT table {} {} type ANY: without STRICT SQLite would convert stored values "
        "('0123' to 123); keep strict = true in [table.sqlite] (or change the type first)",
        any.size() == 1 ? "" : "s", fmt::join(any, ", "), tc.actual.name, any.size() == 1 ? "has" : "have");
}

}  // namespace

std::vector<Step> render_change(const TableChange& tc) {
    if (tc.kind == TableChange::Kind::create) return render_create(tc);
    for (const auto& u : tc.actual.unmanaged)
        if (u.kind == kVirtualTable) {
            Step s = Step::make(tc.name, "alter table " + tc.name, Safety::blocked);
            s.note = "table " + tc.actual.name + " is a virtual table (" + u.why.substr(0, u.why.find(':')) +
                     "), which schemactl does not change: change it by hand, or leave it out of this change";
            return {s};
        }
    std::vector<Step> out;
    bool renamed = tc.kind == TableChange::Kind::rename;
    if (needs_rebuild(tc)) {
        if (std::string why = rebuild_would_convert(tc); !why.empty()) {
            Step s = Step::make(tc.name, "rebuild table " + tc.name, Safety::blocked);
            s.note = why;
            return {s};
        }
        Step s = render_rebuild(tc, renamed ? tc.old_name : tc.name);
        if (renamed) s.summary = "rename table " + tc.old_name + " to " + tc.name + "; " + s.summary;
        out.push_back(s);
        return out;
    }
    if (renamed) {
        Step s = Step::make(tc.name, "rename table " + tc.old_name + " to " + tc.name, Safety::safe);
        s.sql = rename_table_sql(tc.old_name, tc.name);
        out.push_back(s);
    }
    for (const auto& ix : tc.indexes)
        if (ix.kind == IndexChange::Kind::drop) {
            Step s = Step::make(tc.name, describe(tc.name, ix), classify(ix));
            s.sql.push_back("DROP INDEX " + quote_ident(ix.item.name));
            out.push_back(s);
        }
    for (const auto& c : tc.columns) {
        Step s = Step::make(tc.name, describe(tc.name, c), classify(c));
        switch (c.kind) {
            case ColumnChange::Kind::rename:
                s.sql.push_back(fmt::format("ALTER TABLE {} RENAME COLUMN {} TO {}", quote_ident(tc.name),
                                            quote_ident(c.old_name), quote_ident(c.name)));
                break;
            case ColumnChange::Kind::add:
                s.sql.push_back(fmt::format("ALTER TABLE {} ADD COLUMN {}", quote_ident(tc.name),
                                            column_def(tc.desired, c.desired)));
                break;
            case ColumnChange::Kind::drop:
                s.sql.push_back(
                    fmt::format("ALTER TABLE {} DROP COLUMN {}", quote_ident(tc.name), quote_ident(c.name)));
                break;
            case ColumnChange::Kind::alter: continue;  // comment only: nothing to do on SQLite
        }
        out.push_back(s);
    }
    for (const auto& ix : tc.indexes)
        if (ix.kind == IndexChange::Kind::add) {
            Step s = Step::make(tc.name, describe(tc.name, ix), classify(ix));
            s.sql.push_back(create_index_sql(tc.name, ix.item));
            out.push_back(s);
        }
    return out;
}

}  // namespace schemactl::sqlite
