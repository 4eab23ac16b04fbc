#include "schema_gen.hpp"

#include <algorithm>

namespace schemactl::test {

bool is_anchor(const std::string& c) { return c == "id" || c == "label"; }

namespace {

// A name that means the same unquoted in raw SQL (checks, partial index
// predicates) on every database: no upper case (PostgreSQL folds it).
bool unquoted_ok(const std::string& c) {
    return std::none_of(c.begin(), c.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
}

bool used_by_keys(const Table& t, const std::string& c) {
    if (std::find(t.primary_key.begin(), t.primary_key.end(), c) != t.primary_key.end()) return true;
    for (const auto& ix : t.indexes)
        for (const auto& ic : ix.columns)
            if (ic.name == c) return true;
    for (const auto& fk : t.foreign_keys)
        if (std::find(fk.columns.begin(), fk.columns.end(), c) != fk.columns.end()) return true;
    for (const auto& ck : t.checks)
        if (ck.expr.find(c) != std::string::npos) return true;
    return false;
}

bool referenced(const Schema& s, const Table& t) {
    for (const auto& o : s.tables)
        for (const auto& fk : o.foreign_keys)
            if (fk.ref_table == t.name && &o != &t) return true;
    return false;
}

}  // namespace

Column SchemaGen::random_column(bool for_existing_table) {
    // Every portable type (docs/schema-format.md).
    static const std::vector<std::string> types{"int",       "bigint",  "smallint",      "varchar(40)", "varchar(120)",
                                                "text",      "boolean", "decimal(10,2)", "double",      "date",
                                                "timestamp", "json",    "uuid",          "char(8)",     "enum",
                                                "real",      "blob",    "time",          "timestamptz"};
    Column c;
    c.name = "c" + std::to_string(next_col_++);
    c.type = types[static_cast<std::size_t>(pick(static_cast<int>(types.size())))];
    if (c.type == "enum") c.enum_values = {"red", "green", "blue"};
    c.nullable = chance(50);
    bool can_default = c.type != "text" && c.type != "json" && c.type != "blob";
    // A new column on a table with rows needs NULL or a default.
    if (for_existing_table && !c.nullable && !can_default) c.nullable = true;
    if (can_default && (chance(40) || (for_existing_table && !c.nullable))) {
        if (c.type == "int" || c.type == "bigint" || c.type == "smallint")
            c.default_value = {Default::Kind::integer, std::to_string(pick(100))};
        else if (c.type == "boolean") c.default_value = {Default::Kind::boolean, chance(50) ? "true" : "false"};
        else if (c.type == "decimal(10,2)") c.default_value = {Default::Kind::floating, "2.5"};
        else if (c.type == "double") c.default_value = {Default::Kind::floating, "0.125"};
        else if (c.type == "real") c.default_value = {Default::Kind::floating, "0.5"};
        else if (c.type == "time") c.default_value = {Default::Kind::string, "09:30:00"};
        else if (c.type == "timestamptz")
            c.default_value = chance(50) ? Default{Default::Kind::expr, "CURRENT_TIMESTAMP"}
                                         : Default{Default::Kind::string, "2024-01-01 00:00:00"};
        else if (c.type == "date") c.default_value = {Default::Kind::string, "2024-02-29"};
        else if (c.type == "timestamp")
            c.default_value = chance(50) ? Default{Default::Kind::expr, "CURRENT_TIMESTAMP"}
                                         : Default{Default::Kind::string, "2024-01-01 00:00:00"};
        else if (c.type == "uuid") c.default_value = {Default::Kind::string, "00000000-0000-0000-0000-000000000000"};
        else if (c.type == "enum") c.default_value = {Default::Kind::string, "green"};
        else if (c.type == "char(8)") c.default_value = {Default::Kind::string, "abc"};
        else c.default_value = {Default::Kind::string, chance(30) ? "it's \"q\"" : "x" + std::to_string(pick(9))};
    }
    if (chance(20)) c.comment = "column " + c.name;
    return c;
}

Table SchemaGen::random_table(const Schema& s) {
    Table t;
    t.name = "t" + std::to_string(next_table_++);
    if (chance(20)) t.comment = "table " + t.name;
    Column id;
    id.name = "id";
    id.type = "bigint";
    // One table in five gets a composite primary key (id, label); SQLite's
    // AUTOINCREMENT needs a one-column key, so those ids are plain.
    bool composite = chance(20);
    id.auto_increment = !composite && chance(70);
    t.columns.push_back(id);
    t.primary_key = composite ? std::vector<std::string>{"id", "label"} : std::vector<std::string>{"id"};
    Column label;
    label.name = "label";
    label.type = "varchar(40)";
    t.columns.push_back(label);
    int n = 1 + pick(5);
    for (int i = 0; i < n; ++i) t.columns.push_back(random_column(false));
    if (chance(40)) {
        Index ix;
        ix.columns.push_back({t.columns[2].name, opts_.desc_indexes && chance(30), 0});
        if (t.columns[2].type == "text" || t.columns[2].type == "json" || t.columns[2].type == "blob")
            ix.columns[0].name = "label";
        t.indexes.push_back(ix);
    }
    if (!s.tables.empty() && chance(50))
        add_reference(t, s.tables[static_cast<std::size_t>(pick(static_cast<int>(s.tables.size())))], true);
    return t;
}

// A foreign key from new nullable columns of t to the primary key of parent
// (one or two columns): existing rows hold NULL, so the key holds.
std::string SchemaGen::add_reference(Table& t, const Table& parent, bool any_action) {
    ForeignKey fk;
    for (const auto& pk : parent.primary_key) {
        Column c;
        c.name = "c" + std::to_string(next_col_++);
        c.type = parent.find_column(pk)->type;
        c.nullable = true;
        t.columns.push_back(c);
        fk.columns.push_back(c.name);
    }
    fk.ref_table = parent.name;
    fk.ref_columns = parent.primary_key;
    static const char* actions[] = {"NO ACTION", "CASCADE", "SET NULL"};
    fk.on_delete = any_action ? actions[pick(3)] : actions[1 + pick(2)];
    if (chance(30)) fk.on_update = "CASCADE";
    t.foreign_keys.push_back(fk);
    return fk.columns.front();
}

Schema SchemaGen::initial() {
    Schema s;
    int n = 2 + pick(3);
    for (int i = 0; i < n; ++i) s.tables.push_back(random_table(s));
    return s;
}

// Each operation returns "" when it does not apply to this schema.
std::string SchemaGen::add_column(Schema& s) {
    Table& t = s.tables[static_cast<std::size_t>(pick(static_cast<int>(s.tables.size())))];
    Column c = random_column(true);
    t.columns.push_back(c);
    return "add column " + t.name + "." + c.name + " " + c.type;
}

std::string SchemaGen::drop_column(Schema& s) {
    Table& t = s.tables[static_cast<std::size_t>(pick(static_cast<int>(s.tables.size())))];
    std::vector<std::size_t> can;
    for (std::size_t i = 0; i < t.columns.size(); ++i)
        if (!is_anchor(t.columns[i].name) && !used_by_keys(t, t.columns[i].name)) can.push_back(i);
    if (can.empty()) return "";
    std::size_t i = can[static_cast<std::size_t>(pick(static_cast<int>(can.size())))];
    std::string name = t.columns[i].name;
    t.columns.erase(t.columns.begin() + static_cast<long>(i));
    return "drop column " + t.name + "." + name;
}

std::string SchemaGen::rename_column(Schema& s) {
    Table& t = s.tables[static_cast<std::size_t>(pick(static_cast<int>(s.tables.size())))];
    std::vector<std::size_t> can;
    for (std::size_t i = 0; i < t.columns.size(); ++i)
        if (!is_anchor(t.columns[i].name) && !used_by_keys(t, t.columns[i].name)) can.push_back(i);
    if (can.empty()) return "";
    Column& c = t.columns[can[static_cast<std::size_t>(pick(static_cast<int>(can.size())))]];
    std::string old = c.name;
    c.renamed_from = old;
    if (chance(30)) {
        // Case only (c7 -> C7): a rename on every database, never drop + add
        // (MySQL and SQLite see one name, PostgreSQL two; renamed_from covers both).
        c.name[0] = c.name[0] == 'c' ? 'C' : 'c';
        return "rename column " + t.name + "." + old + " to " + c.name + " (case only)";
    }
    c.name = "c" + std::to_string(next_col_++);
    return "rename column " + t.name + "." + old + " to " + c.name;
}

std::string SchemaGen::retype_column(Schema& s) {
    Table& t = s.tables[static_cast<std::size_t>(pick(static_cast<int>(s.tables.size())))];
    for (auto& c : t.columns) {
        if (is_anchor(c.name) || used_by_keys(t, c.name)) continue;
        std::string from = c.type;
        // Widening only: every value stays.
        if (c.type == "varchar(40)") c.type = "varchar(120)";
        else if (c.type == "smallint") c.type = "int";
        else if (c.type == "int") c.type = "bigint";
        else if (c.type == "varchar(120)") c.type = "text";
        else continue;
        if (c.type == "text") c.default_value = {};
        return "retype " + t.name + "." + c.name + " " + from + " -> " + c.type;
    }
    return "";
}

std::string SchemaGen::change_default(Schema& s) {
    Table& t = s.tables[static_cast<std::size_t>(pick(static_cast<int>(s.tables.size())))];
    for (auto& c : t.columns) {
        if (is_anchor(c.name) || !c.default_value.has_value() || c.default_value.kind == Default::Kind::expr) continue;
        if (c.default_value.kind == Default::Kind::integer) c.default_value.text = std::to_string(pick(1000));
        else if (c.default_value.kind == Default::Kind::boolean)
            c.default_value.text = c.default_value.text == "true" ? "false" : "true";
        else if (c.type.rfind("varchar", 0) == 0) c.default_value.text = "d" + std::to_string(pick(99));
        else if (c.nullable) c.default_value = {};
        else continue;
        return "change default of " + t.name + "." + c.name;
    }
    return "";
}

std::string SchemaGen::toggle_nullable(Schema& s) {
    Table& t = s.tables[static_cast<std::size_t>(pick(static_cast<int>(s.tables.size())))];
    for (auto& c : t.columns) {
        if (is_anchor(c.name) || used_by_keys(t, c.name)) continue;
        if (c.nullable) continue;  // NOT NULL → NULL always holds; the reverse may not (rows with NULL)
        c.nullable = true;
        return "make " + t.name + "." + c.name + " nullable";
    }
    return "";
}

std::string SchemaGen::add_index(Schema& s) {
    Table& t = s.tables[static_cast<std::size_t>(pick(static_cast<int>(s.tables.size())))];
    std::vector<std::string> cols;
    for (const auto& c : t.columns)
        if (c.type != "text" && c.type != "json" && c.type != "blob" && c.name != "id") cols.push_back(c.name);
    if (cols.empty()) return "";
    Index ix;
    ix.columns.push_back(
        {cols[static_cast<std::size_t>(pick(static_cast<int>(cols.size())))], opts_.desc_indexes && chance(30), 0});
    // A unique index always ends in label, which is distinct in every row.
    ix.unique = chance(25);
    if (cols.size() > 1 && (ix.unique || chance(40))) ix.columns.push_back({"label", false, 0});
    if (ix.columns.size() == 2 && ix.columns[0].name == "label") ix.columns.pop_back();
    if (ix.unique && ix.columns.back().name != "label") ix.columns.push_back({"label", false, 0});
    // Raw SQL names columns unquoted: PostgreSQL would fold a case-renamed C7 to c7.
    if (opts_.partial_indexes && chance(20) && unquoted_ok(ix.columns[0].name))
        ix.where = ix.columns[0].name + " IS NOT NULL";
    ix.name = "ix" + std::to_string(next_col_++);
    t.indexes.push_back(ix);
    return "add index " + t.name + "." + ix.name;
}

std::string SchemaGen::drop_index(Schema& s) {
    Table& t = s.tables[static_cast<std::size_t>(pick(static_cast<int>(s.tables.size())))];
    if (t.indexes.empty()) return "";
    std::string n = t.indexes.back().name;
    t.indexes.pop_back();
    return "drop index on " + t.name + " " + n;
}

std::string SchemaGen::add_foreign_key(Schema& s) {
    if (s.tables.size() < 2) return "";
    Table& t = s.tables[static_cast<std::size_t>(pick(static_cast<int>(s.tables.size())))];
    const Table& p = s.tables[static_cast<std::size_t>(pick(static_cast<int>(s.tables.size())))];
    if (&p == &t) return "";
    std::string col = add_reference(t, p, false);
    return "add foreign key " + t.name + "." + col + " -> " + p.name;
}

std::string SchemaGen::drop_foreign_key(Schema& s) {
    Table& t = s.tables[static_cast<std::size_t>(pick(static_cast<int>(s.tables.size())))];
    if (t.foreign_keys.empty()) return "";
    t.foreign_keys.pop_back();
    return "drop a foreign key of " + t.name;
}

std::string SchemaGen::add_check(Schema& s) {
    Table& t = s.tables[static_cast<std::size_t>(pick(static_cast<int>(s.tables.size())))];
    for (const auto& c : t.columns)
        if ((c.type == "int" || c.type == "bigint" || c.type == "smallint") && !is_anchor(c.name) &&
            !used_by_keys(t, c.name) && unquoted_ok(c.name)) {
            t.checks.push_back({"chk_g" + std::to_string(next_check_++), c.name + " >= 0", {}});
            return "add check on " + t.name + "." + c.name;
        }
    return "";
}

std::string SchemaGen::drop_check(Schema& s) {
    Table& t = s.tables[static_cast<std::size_t>(pick(static_cast<int>(s.tables.size())))];
    if (t.checks.empty()) return "";
    t.checks.pop_back();
    return "drop a check of " + t.name;
}

std::string SchemaGen::add_table(Schema& s) {
    s.tables.push_back(random_table(s));
    return "add table " + s.tables.back().name;
}

std::string SchemaGen::rename_table(Schema& s) {
    Table& t = s.tables[static_cast<std::size_t>(pick(static_cast<int>(s.tables.size())))];
    if (referenced(s, t)) return "";
    std::string old = t.name;
    t.renamed_from = old;
    t.name = "t" + std::to_string(next_table_++);
    return "rename table " + old + " to " + t.name;
}

// Taking a table out of the files: sync never drops a table the files do not
// name, so it stays in the database with its rows (the test checks them).
std::string SchemaGen::drop_table(Schema& s) {
    if (s.tables.size() < 2) return "";
    auto i = static_cast<std::size_t>(pick(static_cast<int>(s.tables.size())));
    if (referenced(s, s.tables[i])) return "";
    std::string name = s.tables[i].name;
    s.tables.erase(s.tables.begin() + static_cast<long>(i));
    return "take table " + name + " out of the files";
}

std::string SchemaGen::change_comment(Schema& s) {
    Table& t = s.tables[static_cast<std::size_t>(pick(static_cast<int>(s.tables.size())))];
    t.comment = chance(30) ? "" : "comment " + std::to_string(pick(1000));
    return "change comment of " + t.name;
}

std::string SchemaGen::add_enum_value(Schema& s) {
    for (auto& t : s.tables)
        for (auto& c : t.columns)
            if (c.type == "enum" && c.enum_values.size() < 6) {
                c.enum_values.edit().push_back("v" + std::to_string(next_col_++));
                // Half the time the new value becomes the default in the same version.
                if (chance(50)) {
                    c.default_value = {Default::Kind::string, c.enum_values->back()};
                    return "add enum value " + c.enum_values->back() + " to " + t.name + "." + c.name +
                           " as its default";
                }
                return "add enum value to " + t.name + "." + c.name;
            }
    return "";
}

Mutation SchemaGen::lossy_retype(Schema& s, const HoldsRows& holds, bool server) {
    auto is = [](const std::string& t, std::initializer_list<const char*> set) {
        return std::any_of(set.begin(), set.end(), [&](const char* x) { return t == x; });
    };
    std::vector<std::pair<Table*, Column*>> can;
    for (auto& t : s.tables)
        for (auto& c : t.columns)
            if (!is_anchor(c.name) && !used_by_keys(t, c.name) && holds(t, c)) can.push_back({&t, &c});
    std::shuffle(can.begin(), can.end(), rng_);
    for (auto [t, c] : can) {
        const std::string& from = c->type;
        std::string to;
        bool textual = is(from, {"varchar(40)", "varchar(120)", "text", "char(8)"});
        // Lossy everywhere, SQLite's affinity included: 0.5, 0.25 and 1.25 have
        // a fraction; 'v2' is no integer.
        if (is(from, {"double", "real", "decimal(10,2)"}) || (textual && !server)) to = "int";
        else if (!server) continue;
        else if (textual) to = chance(50) ? "varchar(1)" : "int";
        else if (from == "decimal(10,2)") to = "decimal(10,1)";
        else if (from == "timestamp") to = "date";
        else if (is(from, {"int", "smallint", "bigint"})) to = "boolean";
        else continue;
        if (server && from == "decimal(10,2)" && chance(50)) to = "decimal(10,1)";
        std::string what = "lossy retype " + t->name + "." + c->name + " " + from + " -> " + to;
        c->type = to;
        c->default_value = {};  // the old default may not fit the new type
        return {what, true, t->name + "." + c->name};
    }
    return {};
}

Mutation SchemaGen::mutate(Schema& s, const HoldsRows& holds, bool server) {
    if (chance(12)) {
        for (auto& t : s.tables) {  // as mutate(s) does: renames apply once
            t.renamed_from.clear();
            for (auto& c : t.columns) c.renamed_from.clear();
        }
        if (Mutation m = lossy_retype(s, holds, server); m.lossy) return m;
    }
    return {mutate(s), false, ""};
}

std::string SchemaGen::mutate(Schema& s) {
    // Renames apply once: later versions keep the new names.
    for (auto& t : s.tables) {
        t.renamed_from.clear();
        for (auto& c : t.columns) c.renamed_from.clear();
    }
    using Op = std::string (SchemaGen::*)(Schema&);
    static const Op ops[] = {&SchemaGen::add_column,       &SchemaGen::drop_column,    &SchemaGen::rename_column,
                             &SchemaGen::retype_column,    &SchemaGen::change_default, &SchemaGen::toggle_nullable,
                             &SchemaGen::add_index,        &SchemaGen::drop_index,     &SchemaGen::add_foreign_key,
                             &SchemaGen::drop_foreign_key, &SchemaGen::add_check,      &SchemaGen::drop_check,
                             &SchemaGen::add_table,        &SchemaGen::rename_table,   &SchemaGen::change_comment,
                             &SchemaGen::add_enum_value,   &SchemaGen::drop_table};
    for (int attempt = 0; attempt < 20; ++attempt) {
        std::string what = (this->*ops[pick(static_cast<int>(std::size(ops)))])(s);
        if (!what.empty()) return what;
    }
    return add_column(s);
}

}  // namespace schemactl::test
