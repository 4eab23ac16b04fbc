// MySQL / MariaDB DDL: all of a table's changes in one ALTER TABLE (one
// rebuild, not ten, and no window between a foreign key's drop and add).
#include "dialect/mysql/mysql_render.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "dialect/alter_group.hpp"
#include "dialect/mysql/mysql_types.hpp"
#include "plan/safety.hpp"
#include "schema/text.hpp"

namespace schemactl::mysql {

namespace {

std::string q(const std::string& s) { return quote_ident(s); }

std::string cols(const std::vector<std::string>& names) {
    std::vector<std::string> v;
    for (const auto& n : names) v.push_back(q(n));
    return fmt::format("{}", fmt::join(v, ", "));
}

std::string type_sql(const Column& c) {
    if (c.type != "enum") return c.type;
    std::vector<std::string> v;
    for (const auto& e : c.enum_values) v.push_back(quote_literal(e));
    return fmt::format("enum({})", fmt::join(v, ","));
}

std::string column_def(const Column& c) {
    std::string s = q(c.name) + " " + type_sql(c) + (c.collation.empty() ? "" : " COLLATE " + c.collation);
    if (!c.generated.empty()) {
        // MariaDB: no NULL / NOT NULL, default or auto_increment on a generated column.
        s += " GENERATED ALWAYS AS (" + c.generated + ")" + (c.generated_stored ? " STORED" : " VIRTUAL");
        if (!c.comment.empty()) s += " COMMENT " + quote_literal(c.comment);
        return s;
    }
    s += c.nullable ? " NULL" : " NOT NULL";
    if (c.default_value.has_value()) s += " DEFAULT " + default_sql(c.default_value);
    if (!c.on_update.empty()) s += " ON UPDATE " + c.on_update;
    if (c.auto_increment) s += " AUTO_INCREMENT";
    if (!c.comment.empty()) s += " COMMENT " + quote_literal(c.comment);
    return s;
}

// inspect lists an INVISIBLE column as unmanaged (the files cannot say
// so); every MODIFY / CHANGE of it says INVISIBLE again, or MariaDB would
// make it visible and break the application's INSERT ... VALUES.
bool invisible(const Table& live, const std::string& column) {
    return std::any_of(live.unmanaged.begin(), live.unmanaged.end(),
                       [&](const Unmanaged& u) { return u.kind == kInvisibleColumn && u.name == column; });
}

std::string kept_column_def(const Table& live, const std::string& live_name, const Column& c) {
    return column_def(c) + (invisible(live, live_name) ? " INVISIBLE" : "");
}

std::string index_def(const Index& ix) {
    std::vector<std::string> c;
    for (const auto& ic : ix.columns)
        c.push_back(q(ic.name) + (ic.prefix_length ? "(" + std::to_string(ic.prefix_length) + ")" : "") +
                    (ic.desc ? " DESC" : ""));
    std::string kind = ix.method == "fulltext"  ? "FULLTEXT KEY"
                       : ix.method == "spatial" ? "SPATIAL KEY"
                       : ix.unique              ? "UNIQUE KEY"
                                                : "KEY";
    return fmt::format("{} {} ({})", kind, q(ix.name), fmt::join(c, ", "));
}

std::string fk_def(const ForeignKey& fk) {
    return fmt::format("CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({}) ON DELETE {} ON UPDATE {}", q(fk.name),
                       cols(fk.columns), q(fk.ref_table), cols(fk.ref_columns), fk.on_delete, fk.on_update);
}

std::string table_options(const Table& t) {
    std::string s;
    if (auto it = t.options.find("engine"); it != t.options.end()) s += " ENGINE=" + it->second;
    if (auto it = t.options.find("charset"); it != t.options.end()) s += " DEFAULT CHARSET=" + it->second;
    if (auto it = t.options.find("collation"); it != t.options.end()) s += " COLLATE=" + it->second;
    return s;
}

std::string option(const Table& t, const std::string& key) {
    auto it = t.options.find(key);
    return it == t.options.end() ? std::string() : it->second;
}

// Columns whose values are characters: they take the table's charset when
// they name no collation of their own.
bool character_column(const Column& c) {
    const std::string b = type_base(c.type);
    return b == "char" || b == "varchar" || b == "tinytext" || b == "text" || b == "mediumtext" || b == "longtext" ||
           b == "enum" || b.rfind("set(", 0) == 0 || b == "set";
}

// The table option clauses of an ALTER TABLE, from the options that differ.
// An option the files leave out means the database default: InnoDB, and
// the database's charset (`DEFAULT CHARSET=DEFAULT`). A charset or
// collation change also converts the columns that follow the table (one
// MODIFY each, in the same statement, with their own types: unlike CONVERT
// TO CHARACTER SET, which makes a text column mediumtext and overrides a
// column's own collation); a value that does not fit fails the statement.
std::vector<std::string> option_actions(const TableChange& tc, std::vector<std::string>& what) {
    std::vector<std::string> out;
    const Table &d = tc.desired, &a = tc.actual;
    std::string engine = option(d, "engine");
    if (lower_ascii(engine.empty() ? "InnoDB" : engine) !=
        lower_ascii(option(a, "engine").empty() ? "InnoDB" : option(a, "engine"))) {
        out.push_back("ENGINE=" + (engine.empty() ? std::string("InnoDB") : engine));
        what.push_back("engine " + (engine.empty() ? std::string("InnoDB") : engine));
    }
    if (option(d, "charset") != option(a, "charset") || option(d, "collation") != option(a, "collation")) {
        std::string cs = option(d, "charset").empty() ? "DEFAULT" : option(d, "charset");
        std::string o = "DEFAULT CHARSET=" + cs;
        if (!option(d, "collation").empty()) o += " COLLATE=" + option(d, "collation");
        out.push_back(o);
        what.push_back("charset " + (cs == "DEFAULT" ? std::string("of the database") : cs) +
                       (option(d, "collation").empty() ? "" : " collate " + option(d, "collation")) +
                       ", columns converted");
        for (const auto& c : d.columns) {
            if (!c.collation.empty() || !character_column(c) || !a.find_column(c.name)) continue;
            bool changed = std::any_of(tc.columns.begin(), tc.columns.end(), [&](const ColumnChange& x) {
                return x.name == c.name && x.kind != ColumnChange::Kind::drop;
            });
            if (!changed) out.push_back("MODIFY COLUMN " + kept_column_def(a, c.name, c));
        }
    }
    return out;
}

std::string algorithm_clause(const PlanOptions& o) {
    if (o.mysql_algorithm == "INSTANT") return ", ALGORITHM=INSTANT";
    if (o.mysql_algorithm == "INPLACE") return ", ALGORITHM=INPLACE, LOCK=NONE";
    return "";
}

// Within one ALTER, MySQL resolves names against the table as it was: a
// renamed and altered column is one CHANGE COLUMN, and AFTER only names
// columns that already stand under that name.
bool renamed(const TableChange& tc, const std::string& name) {
    return std::any_of(tc.columns.begin(), tc.columns.end(),
                       [&](const ColumnChange& x) { return x.kind == ColumnChange::Kind::rename && x.name == name; });
}
bool altered(const TableChange& tc, const std::string& name) {
    return std::any_of(tc.columns.begin(), tc.columns.end(),
                       [&](const ColumnChange& x) { return x.kind == ColumnChange::Kind::alter && x.name == name; });
}

// Keep the file's column order where MySQL can.
std::string position(const TableChange& tc, const std::string& name) {
    const auto& cs = tc.desired.columns;
    auto it = std::find_if(cs.begin(), cs.end(), [&](const Column& x) { return x.name == name; });
    if (it == cs.begin()) return " FIRST";
    if (it != cs.end() && tc.actual.find_column((it - 1)->name) && !renamed(tc, (it - 1)->name))
        return " AFTER " + q((it - 1)->name);
    return "";
}

void column_action(AlterGroup& g, const TableChange& tc, const ColumnChange& c) {
    switch (c.kind) {
        case ColumnChange::Kind::rename:
            if (altered(tc, c.name))
                g.actions.push_back(fmt::format("CHANGE COLUMN {} {}", q(c.old_name),
                                                kept_column_def(tc.actual, c.old_name, c.desired)));
            else g.actions.push_back(fmt::format("RENAME COLUMN {} TO {}", q(c.old_name), q(c.name)));
            break;
        case ColumnChange::Kind::add:
            g.actions.push_back("ADD COLUMN " + column_def(c.desired) + position(tc, c.name));
            break;
        case ColumnChange::Kind::drop: g.actions.push_back("DROP COLUMN " + q(c.name)); break;
        case ColumnChange::Kind::alter:
            if (!renamed(tc, c.name))
                g.actions.push_back("MODIFY COLUMN " + kept_column_def(tc.actual, c.name, c.desired));
            break;
    }
}

Step create_table_step(const TableChange& tc) {
    const Table& d = tc.desired;
    const std::string& t = tc.name;
    std::vector<std::string> parts;
    for (const auto& c : d.columns) parts.push_back("  " + column_def(c));
    if (!d.primary_key.empty()) parts.push_back("  PRIMARY KEY (" + cols(d.primary_key) + ")");
    for (const auto& ix : d.indexes) parts.push_back("  " + index_def(ix));
    for (const auto& ck : d.checks) parts.push_back(fmt::format("  CONSTRAINT {} CHECK ({})", q(ck.name), ck.expr));
    for (const auto& fk : d.foreign_keys) parts.push_back("  " + fk_def(fk));
    std::string sql = fmt::format("CREATE TABLE {} (\n{}\n){}", q(t), fmt::join(parts, ",\n"), table_options(d));
    if (!d.comment.empty()) sql += " COMMENT=" + quote_literal(d.comment);
    Step s = Step::make(t, "create table " + t, Safety::safe);
    s.sql.push_back(sql);
    return s;
}

// The ALTER's first part: foreign keys, indexes, checks and the primary key it drops.
void drop_actions(AlterGroup& g, const TableChange& tc) {
    const std::string& t = tc.name;
    for (const auto& f : tc.foreign_keys) {
        g.note(describe(t, f), classify(f));
        if (f.kind == ForeignKeyChange::Kind::drop) g.actions.push_back("DROP FOREIGN KEY " + q(f.item.name));
    }
    for (const auto& ix : tc.indexes)
        if (ix.kind == IndexChange::Kind::drop) {
            g.actions.push_back("DROP INDEX " + q(ix.item.name));
            g.note(describe(t, ix), classify(ix));
        }
    for (const auto& k : tc.checks)
        if (k.kind == CheckChange::Kind::drop) {
            g.actions.push_back("DROP CONSTRAINT " + q(k.item.name));
            g.note(describe(t, k), classify(k));
        }
    if (tc.primary_key_changed && !tc.actual.primary_key.empty()) {
        g.actions.push_back("DROP PRIMARY KEY");
        if (tc.desired.primary_key.empty()) g.note(describe_primary_key(tc), classify_primary_key(tc));
    }
}

// Then the columns, and the keys and checks it adds; foreign keys that need
// the second ALTER go to `last`.
void column_and_add_actions(AlterGroup& g, std::vector<std::string>& last, const TableChange& tc,
                            const PlanOptions& opts) {
    const Table& d = tc.desired;
    const std::string& t = tc.name;
    auto dropped = [&](const std::string& name) {
        return std::any_of(tc.foreign_keys.begin(), tc.foreign_keys.end(), [&](const ForeignKeyChange& f) {
            return f.kind == ForeignKeyChange::Kind::drop && f.item.name == name;
        });
    };
    for (const auto& c : tc.columns) {
        g.note(describe(t, c), classify(c));
        column_action(g, tc, c);
    }
    if (tc.primary_key_changed && !d.primary_key.empty()) {
        g.actions.push_back("ADD PRIMARY KEY (" + cols(d.primary_key) + ")");
        g.note(describe_primary_key(tc), classify_primary_key(tc));
    }
    for (const auto& ix : tc.indexes)
        if (ix.kind == IndexChange::Kind::add) {
            g.actions.push_back("ADD " + index_def(ix.item));
            g.note(describe(t, ix), classify(ix));
        }
    for (const auto& k : tc.checks)
        if (k.kind == CheckChange::Kind::add) {
            g.actions.push_back(fmt::format("ADD CONSTRAINT {} CHECK ({})", q(k.item.name), k.item.expr));
            g.note(describe(t, k), classify(k));
        }
    for (const auto& f : tc.foreign_keys)
        if (f.kind == ForeignKeyChange::Kind::add)
            (dropped(f.item.name) || !opts.mysql_algorithm.empty() ? last : g.actions)
                .push_back("ADD " + fk_def(f.item));
}

// Last, the table's comment and options.
void table_attribute_actions(AlterGroup& g, const TableChange& tc) {
    if (tc.comment_changed) {
        g.actions.push_back("COMMENT = " + quote_literal(tc.desired.comment));
        g.what.push_back("comment on " + tc.name);
    }
    if (tc.options_changed) {
        std::vector<std::string> w;
        for (auto& o : option_actions(tc, w)) g.actions.push_back(std::move(o));
        if (!w.empty()) g.note(fmt::format("table options: {}", fmt::join(w, ", ")), classify_options(tc));
    }
}

}  // namespace

std::vector<Step> render_change(const TableChange& tc, const PlanOptions& opts) {
    const std::string& t = tc.name;
    if (tc.kind == TableChange::Kind::create) return {create_table_step(tc)};

    // MariaDB refuses ALTER TABLE on a system-versioned table (unless
    // system_versioning_alter_history = KEEP, which rewrites history).
    for (const auto& u : tc.actual.unmanaged)
        if (u.kind == kSystemVersioning) {
            Step s = Step::make(t, "alter table " + t, Safety::blocked);
            s.note = "table " + tc.actual.name + " is WITH SYSTEM VERSIONING, which schemactl does not manage: " +
                     "change it by hand (SET system_versioning_alter_history = KEEP), or drop the versioning first";
            return {s};
        }
    std::vector<Step> out;
    if (tc.kind == TableChange::Kind::rename) {
        Step s = Step::make(t, "rename table " + tc.old_name + " to " + t, Safety::safe);
        s.sql.push_back(fmt::format("RENAME TABLE {} TO {}", q(tc.old_name), q(t)));
        out.push_back(s);
    }

    // One ALTER for everything (docs/safety.md "Order of steps"): each
    // statement commits, and a key dropped in one statement and added in a
    // later one leaves a window for rows it forbids. MariaDB drops a key and
    // changes its columns in one ALTER. Two cases need a second ALTER: a key
    // dropped and added under the same name (error 1826 in one statement),
    // and a key added under --algorithm (checked by a table copy, never
    // INSTANT / INPLACE).
    AlterGroup g;
    std::vector<std::string> last;  // the second ALTER
    drop_actions(g, tc);
    column_and_add_actions(g, last, tc, opts);
    table_attribute_actions(g, tc);
    if (!last.empty()) g.after_alter.push_back(fmt::format("ALTER TABLE {}\n  {}", q(t), fmt::join(last, ",\n  ")));
    for (Step& s : g.step(t, q(t), algorithm_clause(opts))) out.push_back(std::move(s));
    return out;
}

}  // namespace schemactl::mysql
