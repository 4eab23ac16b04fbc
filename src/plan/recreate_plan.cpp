#include "plan/recreate_plan.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>

#include "plan/unmanaged.hpp"
#include "schema/error.hpp"
#include "schema/lists.hpp"
#include "schema/text.hpp"

namespace schemactl {

namespace {

// Adding or dropping foreign keys of one table, rendered by the dialect as
// any other change (PostgreSQL adds them NOT VALID, then validates).
std::vector<std::string> foreign_key_sql(const Dialect& d, const Table& table, const std::vector<ForeignKey>& fks,
                                         bool add) {
    TableChange tc;
    tc.kind = TableChange::Kind::alter;
    tc.name = table.name;
    tc.desired = table;
    tc.actual = table;
    for (const auto& fk : fks)
        tc.foreign_keys.push_back({add ? ForeignKeyChange::Kind::add : ForeignKeyChange::Kind::drop, fk});
    std::vector<std::string> out;
    for (const auto& s : d.render(tc, {})) out.insert(out.end(), s.sql.begin(), s.sql.end());
    return out;
}

std::vector<std::string> create_sql(const Dialect& d, const Table& t) {
    TableChange tc;
    tc.kind = TableChange::Kind::create;
    tc.name = t.name;
    tc.desired = t;
    std::vector<std::string> out;
    for (const auto& s : d.render(tc, {})) out.insert(out.end(), s.sql.begin(), s.sql.end());
    return out;
}

std::vector<std::string> drop_sql(const Dialect& d, const std::string& name) {
    Table t;
    t.name = name;
    return d.drop_table_sql(t);
}

// INSERT ... SELECT of the columns on both sides, then the identity reset.
std::vector<std::string> restore_statements(const Dialect& d, const Table& target, const Table& source,
                                            const std::string& source_name, const std::vector<std::string>& copied) {
    if (copied.empty()) return {};
    std::vector<std::string> into, values;
    for (const auto& name : copied) {
        into.push_back(d.quote_ident(name));
        values.push_back(
            d.restore_value_sql(*source.find_column(name), *target.find_column(name), d.quote_ident(name)));
    }
    std::vector<std::string> out{fmt::format("INSERT INTO {} ({}) SELECT {} FROM {}", d.quote_ident(target.name),
                                             fmt::join(into, ", "), fmt::join(values, ", "),
                                             d.quote_ident(source_name))};
    auto reset = d.reset_identity_sql(target);
    out.insert(out.end(), reset.begin(), reset.end());
    return out;
}

// Referencing tables first: a child emptied by its own recreate never holds
// its parent back. Otherwise the order given; a cycle keeps it.
std::vector<std::string> recreate_order(const std::vector<std::string>& names, const Schema& actual,
                                        const Schema& desired) {
    auto references = [&](const std::string& child, const std::string& parent) {
        for (const Schema* s : {&actual, &desired})
            if (const Table* t = s->find_table(child))
                for (const auto& fk : t->foreign_keys)
                    if (fk.ref_table == parent) return true;
        return false;
    };
    std::vector<std::string> left = names, out;
    while (!left.empty()) {
        auto pick = std::find_if(left.begin(), left.end(), [&](const std::string& t) {
            return std::none_of(left.begin(), left.end(),
                                [&](const std::string& o) { return o != t && references(o, t); });
        });
        if (pick == left.end()) pick = left.begin();
        out.push_back(*pick);
        left.erase(pick);
    }
    return out;
}

}  // namespace

std::string recreate_name(const Dialect& d, const std::string& table, const std::string& what,
                          const std::string& stamp) {
    std::string name = table + "_" + what + "_" + stamp;
    if (name.size() <= d.max_identifier_length()) return name;
    std::size_t keep = d.max_identifier_length() - stamp.size() - 3;
    // Cut on a character boundary, not inside a UTF-8 sequence.
    while (keep > 0 && (static_cast<unsigned char>(table[keep]) & 0xC0) == 0x80) --keep;
    return table.substr(0, keep) + "_" + what.substr(0, 1) + "_" + stamp;
}

std::string row_count_sql(const Dialect& d, const std::string& table) {
    return "SELECT COUNT(*) FROM " + d.quote_ident(table);
}

std::string orphan_count_sql(const Dialect& d, const ReferencingKey& k, const std::string& source) {
    std::vector<std::string> not_null, match;
    for (std::size_t i = 0; i < k.fk.columns.size(); ++i) {
        not_null.push_back("c." + d.quote_ident(k.fk.columns[i]) + " IS NOT NULL");
        if (i < k.fk.ref_columns.size())
            match.push_back("p." + d.quote_ident(k.fk.ref_columns[i]) + " = c." + d.quote_ident(k.fk.columns[i]));
    }
    std::string sql = fmt::format("SELECT COUNT(*) FROM {} c WHERE {}", d.quote_ident(k.table),
                                  fmt::join(not_null, " AND "));
    if (!source.empty())
        sql += fmt::format(" AND NOT EXISTS (SELECT 1 FROM {} p WHERE {})", d.quote_ident(source),
                           fmt::join(match, " AND "));
    return sql;
}

namespace {

// The table --restore-from names, checked; nullptr without the option.
const Table* restore_from_table(const Schema& actual, const RecreateOptions& o) {
    const Table* from_table = nullptr;
    if (!o.restore_from.empty()) {
        from_table = actual.find_table(o.restore_from);
        if (!from_table)
            throw Error("--restore-from " + o.restore_from +
                        ": no such table in the database (the backup tables a "
                        "recreate made are named <table>_backup_<UTC stamp>)");
        if (contains(o.tables, o.restore_from))
            throw Error("--restore-from " + o.restore_from + " names a table that is being recreated");
    }
    return from_table;
}

// The referencing keys, grouped per child table (one ALTER each).
using Children = std::vector<std::pair<Table, std::vector<ForeignKey>>>;

// One plan_recreate run: the plan so far, and the schema as its steps leave it.
struct RecreatePlanner {
    const Dialect& d;
    const Schema& desired;
    const RecreateOptions& o;
    const Table* from_table;
    bool by_swap;
    bool restoring;
    Schema state;
    RecreatePlan plan;
    std::vector<std::string> taken;  // lower-case names of tables that exist or are planned
    std::vector<std::string> done;

    // Backup and temporary names never collide with a table that exists (a
    // second recreate within the same second): _2, _3, ... after the stamp.
    std::string unique_name(const std::string& table, const std::string& what) {
        std::string n = recreate_name(d, table, what, o.stamp);
        for (int i = 2; contains(taken, lower_ascii(n)); ++i)
            n = recreate_name(d, table, what, o.stamp + "_" + std::to_string(i));
        taken.push_back(lower_ascii(n));
        return n;
    }

    void add(Step s, std::vector<std::string> undo = {}, bool is_swap = false) {
        if (s.sql.empty()) return;
        plan.steps.push_back({std::move(s), std::move(undo), is_swap});
    }

    // Refuse a table with objects schemactl does not manage that a recreate would lose.
    static void refuse_lost_objects(const std::string& name, const Table& live, const Table& want) {
        // A view that survives the swap still needs every column it uses.
        std::vector<const Unmanaged*> lost;
        for (const auto& u : live.unmanaged)
            if (!u.survives_rebuild || std::any_of(u.columns.begin(), u.columns.end(), [&](const std::string& c) {
                    return want.find_column(c) == nullptr;
                }))
                lost.push_back(&u);
        if (!lost.empty())
            throw Error(
                fmt::format("recreate: table {} has {}, which schemactl does not manage and a recreate "
                            "would lose: drop it first and re-create it afterwards; nothing was changed",
                            name, describe_unmanaged(lost)));
        // SQLite triggers ride along a rebuild (kept_sql), but a recreate drops them.
        auto statements = live.kept_sql.size();
        if (statements > 0)
            throw Error(
                fmt::format("recreate: table {} has {} trigger(s), which a recreate would drop: drop them "
                            "first and create them again afterwards, or change the table with sync; "
                            "nothing was changed",
                            name, statements));
    }

    // What the rows are copied back from, and which columns.
    const Table* choose_source(TableRecreate& tr, const Table& live, const Table& want) {
        const std::string& name = tr.table;
        const Table* source = nullptr;
        if (tr.exists && (o.keep_backup || o.restore)) {
            tr.backup = unique_name(name, "backup");
            tr.backup_kept = o.keep_backup;
        }
        if (from_table) {
            tr.source = o.restore_from;
            tr.count_source = o.restore_from;
            source = from_table;
        } else if (o.restore && tr.exists) {
            tr.source = tr.backup;
            tr.count_source = name;
            source = &live;
        }
        if (source) {
            for (const auto& c : want.columns)
                if (source->find_column(c.name)) tr.copied.push_back(c.name);
            for (const auto& c : source->columns)
                if (!want.find_column(c.name)) tr.not_copied.push_back(c.name);
            for (const auto& c : want.columns)
                if (!contains(tr.copied, c.name) && !c.nullable && !c.default_value.has_value() && !c.auto_increment)
                    tr.problems.push_back(fmt::format(
                        "{}.{} is NOT NULL without a default, and {} has no such column: the copied rows would have "
                        "no value for it (give it a default or make it nullable in the files)",
                        name, c.name, tr.source));
            if (tr.copied.empty())
                tr.problems.push_back(fmt::format("{} and the new {} have no column in common", tr.source, name));
        }
        return source;
    }

    // Foreign keys of other tables that reference this one.
    void find_referencing(TableRecreate& tr) {
        const std::string& name = tr.table;
        for (const auto& t : state.tables) {
            if (t.name == name) continue;
            for (const auto& fk : t.foreign_keys)
                if (fk.ref_table == name) tr.referencing.push_back({t.name, fk, contains(done, t.name)});
        }
        if (restoring)
            for (const auto& k : tr.referencing)
                for (const auto& rc : k.fk.ref_columns)
                    if (!contains(tr.copied, rc))
                        tr.problems.push_back(fmt::format(
                            "{} ({}) references {}.{}, which is not copied back: its rows would lose their parent",
                            k.table, fmt::join(k.fk.columns, ", "), name, rc));
    }

    Children referencing_children(const TableRecreate& tr) const {
        const bool touch_children = !d.referencing_keys_survive_drop() && !tr.referencing.empty();
        Children children;
        if (touch_children)
            for (const auto& k : tr.referencing) {
                auto it = std::find_if(children.begin(), children.end(),
                                       [&](const auto& c) { return c.first.name == k.table; });
                if (it == children.end()) {
                    children.push_back({*state.find_table(k.table), {}});
                    it = children.end() - 1;
                }
                it->second.push_back(k.fk);
            }
        return children;
    }

    void child_steps(const std::string& name, const Children& children, bool add_back) {
        for (const auto& [child, fks] : children) {
            std::vector<std::string> names;
            for (const auto& fk : fks) names.push_back(fk.name);
            std::string what = fmt::format("{} foreign key {} of {} (references {})", add_back ? "add back" : "drop",
                                           fmt::join(names, ", "), child.name, name);
            add(Step::make(name, what, Safety::safe, foreign_key_sql(d, child, fks, add_back)),
                add_back ? std::vector<std::string>{} : foreign_key_sql(d, child, fks, true));
        }
    }

    // One transaction: whatever fails, everything rolls back.
    void replace_in_place(const TableRecreate& tr, const Table& live, const Table& want, const Children& children,
                          const Step& backup) {
        const std::string& name = tr.table;
        child_steps(name, children, false);
        add(backup);
        add(Step::make(name, "drop table " + name, Safety::destructive, d.drop_table_sql(live)));
        add(Step::make(name, "create table " + name, Safety::safe, create_sql(d, want)));
        add(Step::make(name, "copy the rows back into " + name + " from " + tr.source, Safety::risky, tr.restore_sql));
        child_steps(name, children, true);
    }

    // Build aside, fill, swap in one RENAME. Foreign key names are
    // unique per database: the new table gets its own keys once the
    // old one (which holds those names) is gone.
    void replace_by_swap(const TableRecreate& tr, const Table& want, const Table* source, const Children& children,
                         const Step& backup, bool scratch) {
        const std::string& name = tr.table;
        std::string fresh = unique_name(name, "new");
        std::string aside = unique_name(name, "old");
        Table built = want;
        built.name = fresh;
        built.foreign_keys.clear();
        add(backup, scratch ? drop_sql(d, tr.backup) : std::vector<std::string>{});
        add(Step::make(name, "create table " + name + " as " + fresh, Safety::safe, create_sql(d, built)),
            drop_sql(d, fresh));
        if (source)
            add(Step::make(name, "copy the rows into " + fresh + " from " + tr.source, Safety::risky,
                           restore_statements(d, built, *source, tr.source, tr.copied)));
        child_steps(name, children, false);
        add(Step::make(name, "swap: " + name + " becomes " + aside + ", " + fresh + " becomes " + name, Safety::safe,
                       {d.swap_tables_sql(name, aside, fresh)}),
            {}, true);
        add(Step::make(name, "drop the old table " + aside, Safety::destructive, drop_sql(d, aside)));
        if (!want.foreign_keys.empty())
            add(Step::make(name, "add the foreign keys of " + name, Safety::safe,
                           foreign_key_sql(d, want, want.foreign_keys, true)));
        child_steps(name, children, true);
    }

    // The steps that replace a live table.
    void replace(TableRecreate& tr, const Table& live, const Table& want, const Table* source) {
        const std::string& name = tr.table;
        Children children = referencing_children(tr);
        const bool scratch = !tr.backup.empty() && !tr.backup_kept;
        Step backup = Step::make(name, "copy the rows of " + name + " to " + tr.backup, Safety::safe,
                                 tr.backup.empty() ? std::vector<std::string>{}
                                                   : std::vector<std::string>{d.backup_table_sql(live, tr.backup)});
        if (!by_swap) replace_in_place(tr, live, want, children, backup);
        else replace_by_swap(tr, want, source, children, backup, scratch);
        if (scratch) add(Step::make(name, "drop the scratch copy " + tr.backup, Safety::safe, drop_sql(d, tr.backup)));

        // The advice without a restore: the statements that copy the rows
        // back from the kept backup into the new table.
        if (!source && tr.backup_kept) {
            std::vector<std::string> cols;
            for (const auto& c : want.columns)
                if (live.find_column(c.name)) cols.push_back(c.name);
            tr.restore_sql = restore_statements(d, want, live, tr.backup, cols);
        }
    }

    void recreate(const std::string& name) {
        const Table* want = desired.find_table(name);
        if (!want) throw Error("recreate: " + name + " is not in the schema files");
        const Table* live_p = state.find_table(name);
        if (live_p) refuse_lost_objects(name, *live_p, *want);
        TableRecreate tr;
        tr.table = name;
        tr.exists = live_p != nullptr;
        if (!tr.exists) {
            // Nothing to replace: create it, and fill it from --restore-from if asked.
            add(Step::make(name, "create table " + name, Safety::safe, create_sql(d, *want)));
        }
        Table live = tr.exists ? *live_p : Table{};
        const Table* source = choose_source(tr, live, *want);
        find_referencing(tr);
        if (source) tr.restore_sql = restore_statements(d, *want, *source, tr.source, tr.copied);
        if (!tr.exists) {
            add(Step::make(name, "copy the rows of " + tr.source + " into " + name, Safety::risky, tr.restore_sql));
            plan.tables.push_back(tr);
            done.push_back(name);
            Table* slot = state.find_table(name);
            if (!slot) state.tables.push_back(*want);
            return;
        }
        replace(tr, live, *want, source);
        plan.tables.push_back(tr);
        done.push_back(name);
        *state.find_table(name) = *want;
    }
};

}  // namespace

RecreatePlan plan_recreate(const Dialect& d, const Schema& desired, const Schema& actual, const RecreateOptions& o) {
    const bool swap = d.recreate_by_swap();
    const bool restoring = o.restore || !o.restore_from.empty();
    const Table* from_table = restore_from_table(actual, o);
    RecreatePlanner p{d, desired, o, from_table, swap, restoring, actual, {}, {}, {}};
    for (const auto& t : actual.tables) p.taken.push_back(lower_ascii(t.name));
    for (const auto& name : recreate_order(o.tables, actual, desired)) p.recreate(name);
    return p.plan;
}

}  // namespace schemactl
