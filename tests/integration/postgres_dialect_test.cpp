// The PostgreSQL dialect against a real server: what render() creates,
// inspect() reads back exactly as lower() predicted; adopted spellings raise
// and lower to themselves; ALTERs converge; inspect costs a fixed number of
// queries; the advisory lock; connection errors.
#include <catch2/catch.hpp>

#include <chrono>
#include <sstream>

#include "config/database_url.hpp"
#include "diff/expr.hpp"
#include "schema/error.hpp"
#include "schema/prepare.hpp"
#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;

namespace {

// As diff compares expressions on PostgreSQL.
std::string pg_fingerprint(const std::string& e) {
    return expr_fingerprint(e, make_dialect("postgres")->expression_form());
}

std::string show(const Default& d) {
    static const char* kinds[] = {"none", "string", "integer", "floating", "boolean", "expr"};
    return std::string(kinds[static_cast<int>(d.kind)]) + ":" + d.text;
}

template <class T>
std::string show(const std::vector<T>& v) {
    std::ostringstream o;
    o << "[";
    for (std::size_t i = 0; i < v.size(); ++i) {
        if constexpr (std::is_same_v<T, IndexColumn>) o << (i ? ", " : "") << v[i].name << (v[i].desc ? " DESC" : "");
        else o << (i ? ", " : "") << v[i];
    }
    return o.str() + "]";
}

// The first difference between two canonical tables in the fields diff
// compares ("" when equal). Types and defaults must match exactly;
// expressions (checks, index predicates) by their PostgreSQL fingerprint, as diff does.
std::string first_difference(const Table& got, const Table& want) {
    auto diff = [](const std::string& what, const std::string& g, const std::string& w) {
        return what + ": inspected \"" + g + "\", expected \"" + w + "\"";
    };
    const std::string t = want.name;
    if (got.name != want.name) return diff("table name", got.name, want.name);
    if (got.comment != want.comment) return diff(t + " comment", got.comment, want.comment);
    for (std::size_t i = 0; i < std::max(got.columns.size(), want.columns.size()); ++i) {
        if (i >= got.columns.size()) return t + ": column " + want.columns[i].name + " is missing";
        if (i >= want.columns.size()) return t + ": unexpected column " + got.columns[i].name;
        const Column &g = got.columns[i], &w = want.columns[i];
        const std::string c = t + "." + w.name;
        if (g.name != w.name) return diff(t + " column #" + std::to_string(i + 1), g.name, w.name);
        if (g.type != w.type) return diff(c + " type", g.type, w.type);
        if (g.nullable != w.nullable)
            return diff(c + " nullable", g.nullable ? "true" : "false", w.nullable ? "true" : "false");
        if (!(g.default_value == w.default_value))
            return diff(c + " default", show(g.default_value), show(w.default_value));
        if (g.auto_increment != w.auto_increment)
            return diff(c + " auto_increment", g.auto_increment ? "true" : "false",
                        w.auto_increment ? "true" : "false");
        if (g.comment != w.comment) return diff(c + " comment", g.comment, w.comment);
        if (g.on_update != w.on_update) return diff(c + " on_update", g.on_update, w.on_update);
        if (g.collation != w.collation) return diff(c + " collation", g.collation, w.collation);
        if (g.enum_values != w.enum_values) return diff(c + " enum values", show(*g.enum_values), show(*w.enum_values));
    }
    if (got.primary_key != want.primary_key)
        return diff(t + " primary key", show(got.primary_key), show(want.primary_key));
    if (got.indexes.size() != want.indexes.size())
        return diff(t + " index count", std::to_string(got.indexes.size()), std::to_string(want.indexes.size()));
    for (const auto& w : want.indexes) {
        const Index* g = got.find_index(w.name);
        const std::string i = t + " index " + w.name;
        if (!g) return i + " is missing";
        if (g->columns != w.columns) return diff(i + " columns", show(g->columns), show(w.columns));
        if (g->unique != w.unique)
            return diff(i + " unique", g->unique ? "true" : "false", w.unique ? "true" : "false");
        if (g->method != w.method) return diff(i + " method", g->method, w.method);
        if (pg_fingerprint(g->where) != pg_fingerprint(w.where)) return diff(i + " where", g->where, w.where);
    }
    if (got.foreign_keys.size() != want.foreign_keys.size())
        return diff(t + " foreign key count", std::to_string(got.foreign_keys.size()),
                    std::to_string(want.foreign_keys.size()));
    for (const auto& w : want.foreign_keys) {
        auto g = std::find_if(got.foreign_keys.begin(), got.foreign_keys.end(),
                              [&](auto& f) { return f.name == w.name; });
        const std::string f = t + " foreign key " + w.name;
        if (g == got.foreign_keys.end()) return f + " is missing";
        if (g->columns != w.columns) return diff(f + " columns", show(g->columns), show(w.columns));
        if (g->ref_table != w.ref_table) return diff(f + " ref_table", g->ref_table, w.ref_table);
        if (g->ref_columns != w.ref_columns) return diff(f + " ref_columns", show(g->ref_columns), show(w.ref_columns));
        if (g->on_delete != w.on_delete) return diff(f + " on_delete", g->on_delete, w.on_delete);
        if (g->on_update != w.on_update) return diff(f + " on_update", g->on_update, w.on_update);
    }
    if (got.checks.size() != want.checks.size())
        return diff(t + " check count", std::to_string(got.checks.size()), std::to_string(want.checks.size()));
    for (const auto& w : want.checks) {
        auto g = std::find_if(got.checks.begin(), got.checks.end(), [&](auto& k) { return k.name == w.name; });
        if (g == got.checks.end()) return t + " check " + w.name + " is missing";
        if (pg_fingerprint(g->expr) != pg_fingerprint(w.expr)) return diff(t + " check " + w.name, g->expr, w.expr);
    }
    if (got.options != want.options) return t + ": table options differ";
    return "";
}

Column col(std::string name, std::string type, Default def = {}, bool nullable = false) {
    Column c;
    c.name = std::move(name);
    c.type = std::move(type);
    c.default_value = std::move(def);
    c.nullable = nullable;
    return c;
}
Default lit_s(std::string v) { return {Default::Kind::string, std::move(v)}; }
Default lit_i(std::string v) { return {Default::Kind::integer, std::move(v)}; }
Default lit_f(std::string v) { return {Default::Kind::floating, std::move(v)}; }
Default lit_b(bool v) { return {Default::Kind::boolean, v ? "true" : "false"}; }
Default expr_default(std::string v) { return {Default::Kind::expr, std::move(v)}; }

Table lowered(const Dialect& d, const Table& portable) {
    return d.lower(prepare(portable, d.name(), d.max_identifier_length()));
}

const Table& find(const Schema& s, const std::string& name) {
    const Table* t = s.find_table(name);
    REQUIRE(t != nullptr);
    return *t;
}

// Runs steps like apply does: in begin()/commit(), CONCURRENTLY steps after it.
void run_steps(TestDb& db, const std::vector<Step>& steps) {
    db.driver().begin({});
    try {
        for (const auto& s : steps)
            if (!s.outside_transaction)
                for (const auto& sql : s.sql) db.exec(sql);
        db.driver().commit();
    } catch (...) {
        db.driver().rollback();
        throw;
    }
    for (const auto& s : steps)
        if (s.outside_transaction)
            for (const auto& sql : s.sql) db.exec(sql);
}

void create(TestDb& db, const Table& canonical) {
    TableChange tc;
    tc.kind = TableChange::Kind::create;
    tc.name = canonical.name;
    tc.desired = canonical;
    run_steps(db, db.dialect().render(tc, {}));
}

Table owners() {
    Table t;
    t.name = "owners";
    t.primary_key = {"id"};
    Column id = col("id", "bigint");
    id.auto_increment = true;
    t.columns.push_back(id);
    Column email = col("email", "varchar(64)");
    email.unique = true;
    t.columns.push_back(email);
    return t;
}

// Every feature the PostgreSQL dialect supports, on one table.
Table features() {
    Table t;
    t.name = "features";
    t.comment = "every feature, it's all here";
    t.primary_key = {"tenant", "id"};
    auto add = [&](Column c) { t.columns.push_back(std::move(c)); };
    add(col("tenant", "int"));
    Column id = col("id", "bigint");
    id.auto_increment = true;
    add(id);
    add(col("small", "smallint", lit_i("0")));
    add(col("count", "int", lit_i("-1")));
    add(col("big", "bigint", lit_i("3000000000")));
    add(col("active", "boolean", lit_b(true)));
    add(col("ratio", "real", lit_f("1.5")));
    add(col("score", "double", lit_f("-2.5")));
    add(col("price", "decimal(10,2)", lit_f("1.5")));
    add(col("code", "char(3)", lit_s("abc")));
    Column name = col("name", "varchar(64)", lit_s("it's"));
    name.comment = "the name";
    add(name);
    add(col("body", "text", {}, true));
    add(col("data", "blob", expr_default("'\\x00'::bytea"), true));
    add(col("day", "date", lit_s("2020-01-01")));
    add(col("at", "time", lit_s("12:00:00")));
    add(col("created_at", "timestamp", expr_default("now()")));
    add(col("updated_at", "timestamptz", expr_default("current_timestamp")));
    add(col("doc", "json", lit_s("{}")));
    Column raw = col("raw", "json", {}, true);
    raw.overrides.edit()["postgres"].type = "json";
    add(raw);
    add(col("uid", "uuid", expr_default("gen_random_uuid()")));
    Column state = col("state", "enum", lit_s("new"));
    state.enum_values = {"new", "running", "done"};
    add(state);
    Column slug = col("slug", "varchar(32)", {}, true);
    slug.unique = true;
    add(slug);
    add(col("owner_id", "bigint", {}, true));
    add(col("parent_tenant", "int", {}, true));
    add(col("parent_id", "bigint", {}, true));
    Column tags = col("tags", "text", {}, true);
    tags.overrides.edit()["postgres"].type = "varchar(10)[]";
    add(tags);
    Column ts = col("ts3", "timestamptz", {}, true);
    ts.overrides.edit()["postgres"].type = "timestamptz(3)";
    ts.overrides.edit()["postgres"].default_expr = "CURRENT_TIMESTAMP(3)";
    add(ts);

    Index partial;
    partial.columns = {{"tenant", false, 0}, {"created_at", true, 0}};
    partial.where = "state <> 'done'";
    t.indexes.push_back(partial);
    Index gin;
    gin.columns = {{"doc", false, 0}};
    gin.method = "gin";
    t.indexes.push_back(gin);
    Index hash;
    hash.name = "features_code_hash";
    hash.columns = {{"code", false, 0}};
    hash.method = "hash";
    t.indexes.push_back(hash);
    Index uq;
    uq.unique = true;
    uq.columns = {{"tenant", false, 0}, {"name", false, 0}};
    t.indexes.push_back(uq);

    ForeignKey owner;
    owner.columns = {"owner_id"};
    owner.ref_table = "owners";
    owner.ref_columns = {"id"};
    owner.on_delete = "CASCADE";
    owner.on_update = "RESTRICT";
    t.foreign_keys.push_back(owner);
    ForeignKey parent;
    parent.name = "fk_features_parent";
    parent.columns = {"parent_tenant", "parent_id"};
    parent.ref_table = "features";
    parent.ref_columns = {"tenant", "id"};
    parent.on_delete = "SET NULL";
    t.foreign_keys.push_back(parent);

    t.checks.push_back({"chk_features_count", "count >= -1 AND small < 100", {}});
    t.checks.push_back({"", "char_length(code) = 3", {}});
    return t;
}

}  // namespace

TEST_CASE("postgres dialect: a table using every feature reads back exactly as lower() predicts") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "pgfeatures");
    const Dialect& d = db.dialect();
    Table own = lowered(d, owners()), feat = lowered(d, features());
    create(db, own);
    create(db, feat);
    Schema live = db.inspect();
    REQUIRE(live.tables.size() == 2);
    INFO(first_difference(find(live, "owners"), own));
    CHECK(first_difference(find(live, "owners"), own).empty());
    std::string problem = first_difference(find(live, "features"), feat);
    INFO(problem);
    REQUIRE(problem.empty());

    // What the server holds, spelled out for the parts people read.
    const Table& f = find(live, "features");
    CHECK(f.find_column("id")->auto_increment);
    CHECK(f.find_column("state")->type == "features_state");
    CHECK(f.find_column("raw")->type == "json");
    CHECK(f.find_column("doc")->type == "jsonb");
    CHECK(f.find_column("tags")->type == "character varying(10)[]");
    CHECK(f.find_column("updated_at")->default_value.text == "CURRENT_TIMESTAMP");
    CHECK(f.find_column("name")->default_value.text == "'it''s'");
    CHECK(f.find_index("idx_features_doc")->method == "gin");
    CHECK(f.find_index("uq_features_slug")->unique);
    CHECK(db.scalar("SELECT count(*) FROM pg_type WHERE typname = 'features_state' AND typtype = 'e'") == "1");

    // raise is lower's inverse on what inspect returns.
    for (const auto& t : live.tables) {
        std::string back = first_difference(lowered(d, d.raise(t)), t);
        INFO(t.name << ": " << back);
        CHECK(back.empty());
    }

    // Dropping the table drops its enum type too.
    for (const auto& sql : d.drop_table_sql(feat)) db.exec(sql);
    CHECK(db.scalar("SELECT count(*) FROM pg_type WHERE typname = 'features_state'") == "0");
}

TEST_CASE(
    "postgres dialect: hand-written DDL (SERIAL, VARCHAR, casts, unnamed constraints) is adopted and round-trips") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "pgadopt");
    db.exec(R"(
        CREATE TABLE parent (id SERIAL PRIMARY KEY, code VARCHAR(10) UNIQUE);
        CREATE TABLE adopted (
            id BIGSERIAL PRIMARY KEY,
            n INT NOT NULL DEFAULT 0,
            neg INT DEFAULT -1,
            amount NUMERIC(8,2) DEFAULT -1.5,
            name VARCHAR(20) DEFAULT 'x'::text,
            note TEXT DEFAULT 'x'::text,
            flag BOOL DEFAULT true,
            created TIMESTAMP DEFAULT now(),
            updated TIMESTAMPTZ DEFAULT current_timestamp,
            doc JSONB DEFAULT '{}'::jsonb,
            ratio FLOAT8,
            parent_id INT REFERENCES parent (id) ON DELETE SET NULL,
            CHECK (n >= 0),
            UNIQUE (name, n)
        );
        CREATE INDEX ON adopted (created DESC) WHERE flag;
        COMMENT ON TABLE adopted IS 'by hand';
    )");
    const Dialect& d = db.dialect();
    Schema live = db.inspect();
    const Table& t = find(live, "adopted");
    const Column* id = t.find_column("id");
    CHECK(id->type == "bigint");
    CHECK(id->auto_increment);
    CHECK_FALSE(id->default_value.has_value());
    CHECK(find(live, "parent").find_column("id")->auto_increment);
    CHECK(t.find_column("n")->type == "integer");
    CHECK(t.find_column("n")->default_value.text == "0");
    CHECK(t.find_column("neg")->default_value.text == "-1");
    CHECK(t.find_column("amount")->default_value.text == "-1.5");
    CHECK(t.find_column("name")->type == "character varying(20)");
    CHECK(t.find_column("name")->default_value.text == "'x'");
    CHECK(t.find_column("note")->default_value.text == "'x'");
    CHECK(t.find_column("flag")->type == "boolean");
    CHECK(t.find_column("created")->default_value.text == "now()");
    CHECK(t.find_column("updated")->default_value.text == "CURRENT_TIMESTAMP");
    CHECK(t.find_column("doc")->default_value.text == "'{}'");
    CHECK(t.find_column("ratio")->type == "double precision");
    REQUIRE(t.foreign_keys.size() == 1);
    CHECK(t.foreign_keys[0].name == "adopted_parent_id_fkey");
    CHECK(t.foreign_keys[0].on_delete == "SET NULL");
    REQUIRE(t.checks.size() == 1);
    CHECK(pg_fingerprint(t.checks[0].expr) == "n>=0");
    // The unique constraint is an index (flagged as a constraint); the primary key's index is not reported.
    const Index* uq = t.find_index("adopted_name_n_key");
    REQUIRE(uq != nullptr);
    CHECK(uq->unique);
    CHECK(uq->constraint);
    CHECK(t.find_index("adopted_pkey") == nullptr);
    const Index* partial = t.find_index("adopted_created_idx");
    REQUIRE(partial != nullptr);
    CHECK(partial->columns.at(0).desc);
    CHECK(pg_fingerprint(partial->where) == "flag");
    CHECK(t.comment == "by hand");

    for (const auto& live_table : live.tables) {
        Table raised = d.raise(live_table);
        std::string back = first_difference(lowered(d, raised), live_table);
        INFO(live_table.name << ": " << back);
        CHECK(back.empty());
    }
    CHECK(d.raise(t).find_column("name")->default_value == lit_s("x"));
    CHECK(d.raise(t).find_column("neg")->default_value == lit_i("-1"));
}

namespace {

ColumnChange alter_of(const Column& desired, const Column& actual) {
    ColumnChange c{ColumnChange::Kind::alter, desired.name, {}, desired, actual};
    c.type_changed = desired.type != actual.type;
    c.nullable_changed = desired.nullable != actual.nullable;
    c.default_changed = !(desired.default_value == actual.default_value);
    c.auto_increment_changed = desired.auto_increment != actual.auto_increment;
    c.comment_changed = desired.comment != actual.comment;
    c.other_changed = desired.enum_values != actual.enum_values;
    return c;
}

// One ALTER: actual = the live table, desired = the lowered target. `columns`
// lists the ColumnChanges by hand; indexes / foreign keys / checks added or
// dropped are found by name.
void alter_to(TestDb& db, const Table& portable_target, std::vector<ColumnChange> columns) {
    const Dialect& d = db.dialect();
    Table desired = lowered(d, portable_target);
    Table actual = find(db.inspect(), desired.name);
    TableChange tc;
    tc.kind = TableChange::Kind::alter;
    tc.name = desired.name;
    tc.actual = actual;
    tc.desired = desired;
    for (auto& c : columns) {
        if (c.kind != ColumnChange::Kind::drop) {
            const Column* dc = desired.find_column(c.name);
            REQUIRE(dc != nullptr);
            c.desired = *dc;
        }
        std::string live_name = c.kind == ColumnChange::Kind::rename ? c.old_name : c.name;
        if (c.kind != ColumnChange::Kind::add) {
            const Column* ac = actual.find_column(live_name);
            if (c.kind != ColumnChange::Kind::alter || ac) {
                REQUIRE(ac != nullptr);
                c.actual = *ac;
            } else {  // an alter after a rename: the live column has the old name
                for (const auto& r : columns)
                    if (r.kind == ColumnChange::Kind::rename && r.name == c.name)
                        c.actual = *actual.find_column(r.old_name);
            }
        }
        if (c.kind == ColumnChange::Kind::alter) c = alter_of(c.desired, c.actual);
    }
    tc.columns = columns;
    tc.primary_key_changed = desired.primary_key != actual.primary_key;
    tc.comment_changed = desired.comment != actual.comment;
    for (const auto& ix : actual.indexes) {
        const Index* w = desired.find_index(ix.name);
        if (!w || w->columns != ix.columns || w->unique != ix.unique || w->method != ix.method)
            tc.indexes.push_back({IndexChange::Kind::drop, ix});
    }
    for (const auto& ix : desired.indexes) {
        const Index* g = actual.find_index(ix.name);
        if (!g || g->columns != ix.columns || g->unique != ix.unique || g->method != ix.method)
            tc.indexes.push_back({IndexChange::Kind::add, ix});
    }
    auto has_fk = [](const Table& t, const std::string& n) {
        return std::any_of(t.foreign_keys.begin(), t.foreign_keys.end(), [&](auto& f) { return f.name == n; });
    };
    for (const auto& fk : actual.foreign_keys)
        if (!has_fk(desired, fk.name)) tc.foreign_keys.push_back({ForeignKeyChange::Kind::drop, fk});
    for (const auto& fk : desired.foreign_keys)
        if (!has_fk(actual, fk.name)) tc.foreign_keys.push_back({ForeignKeyChange::Kind::add, fk});
    auto steps = d.render(tc, {});
    std::string sql;
    for (const auto& s : steps)
        for (const auto& q : s.sql) sql += q + ";\n";
    INFO(sql);
    run_steps(db, steps);
    std::string problem = first_difference(find(db.inspect(), desired.name), desired);
    INFO(problem);
    REQUIRE(problem.empty());
}

ColumnChange change(ColumnChange::Kind kind, std::string name, std::string old_name = "") {
    ColumnChange c{kind, std::move(name), std::move(old_name), {}, {}};
    return c;
}

Table orders() {
    Table t;
    t.name = "orders";
    t.comment = "orders";
    t.primary_key = {"id"};
    Column id = col("id", "int");
    id.auto_increment = true;
    t.columns.push_back(id);
    t.columns.push_back(col("qty", "int", lit_i("1")));
    t.columns.push_back(col("code", "varchar(10)", lit_s("x")));
    t.columns.push_back(col("old_note", "text", {}, true));
    t.columns.push_back(col("customer_id", "bigint", {}, true));
    Column status = col("status", "enum", lit_s("open"));
    status.enum_values = {"open", "closed"};
    t.columns.push_back(status);
    Index ix;
    ix.columns = {{"code", false, 0}};
    t.indexes.push_back(ix);
    return t;
}

}  // namespace

TEST_CASE("postgres dialect: ALTERs rendered from hand-made changes converge to the desired table") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "pgalter");
    const Dialect& d = db.dialect();
    create(db, lowered(d, owners()));
    Table t = orders();
    create(db, lowered(d, t));
    db.exec("INSERT INTO orders (qty, code) VALUES (2, 'abc'), (3, 'de')");
    using K = ColumnChange::Kind;

    SECTION("add and drop columns") {
        Column note = col("note", "text", lit_s("none"));
        note.comment = "added";
        t.columns.push_back(note);
        t.columns.erase(t.columns.begin() + 3);  // old_note
        alter_to(db, t, {change(K::add, "note"), change(K::drop, "old_note")});
        CHECK(db.scalar("SELECT note FROM orders WHERE code = 'abc'") == "none");
    }
    SECTION("rename a column, and rename plus retype") {
        t.columns[3].name = "remark";
        t.columns[1].name = "quantity";
        t.columns[1].type = "bigint";
        alter_to(db, t,
                 {change(K::rename, "remark", "old_note"), change(K::rename, "quantity", "qty"),
                  change(K::alter, "quantity")});
        CHECK(db.scalar("SELECT sum(quantity) FROM orders") == "5");
    }
    SECTION("retype int to bigint and varchar(10) to varchar(20), keeping the defaults") {
        t.columns[1].type = "bigint";
        t.columns[2].type = "varchar(20)";
        alter_to(db, t, {change(K::alter, "qty"), change(K::alter, "code")});
        CHECK(db.scalar("SELECT code FROM orders WHERE qty = 2") == "abc");
        t.columns[0].type = "bigint";  // an identity column
        alter_to(db, t, {change(K::alter, "id")});
    }
    SECTION("set and drop NOT NULL, change and drop defaults") {
        t.columns[3].nullable = false;
        t.columns[3].default_value = lit_s("-");
        t.columns[1].nullable = true;
        t.columns[1].default_value = lit_i("-5");
        t.columns[2].default_value = {};
        db.exec("UPDATE orders SET old_note = 'n'");
        alter_to(db, t, {change(K::alter, "qty"), change(K::alter, "code"), change(K::alter, "old_note")});
        t.columns[1].default_value = expr_default("42");
        alter_to(db, t, {change(K::alter, "qty")});
    }
    SECTION("add and drop indexes, including unique, partial and descending") {
        t.indexes.clear();  // drops idx_orders_code
        Index uq;
        uq.unique = true;
        uq.columns = {{"code", false, 0}, {"qty", true, 0}};
        uq.where = "old_note IS NULL";
        t.indexes.push_back(uq);
        alter_to(db, t, {});
        CHECK(db.scalar("SELECT count(*) FROM pg_indexes WHERE indexname = 'idx_orders_code'") == "0");
    }
    SECTION("add and drop foreign keys") {
        ForeignKey fk;
        fk.columns = {"customer_id"};
        fk.ref_table = "owners";
        fk.ref_columns = {"id"};
        fk.on_delete = "SET NULL";
        t.foreign_keys.push_back(fk);
        alter_to(db, t, {});
        CHECK(db.scalar("SELECT convalidated FROM pg_constraint WHERE conname = 'fk_orders_customer_id'") == "t");
        t.foreign_keys.clear();
        alter_to(db, t, {});
    }
    SECTION("change table and column comments") {
        t.comment = "all the orders";
        t.columns[2].comment = "the code";
        alter_to(db, t, {change(K::alter, "code")});
        t.comment.clear();
        t.columns[2].comment.clear();
        alter_to(db, t, {change(K::alter, "code")});
    }
    SECTION("enum values appended, then reordered (the type is rebuilt)") {
        t.columns[5].enum_values = {"open", "closed", "archived"};
        alter_to(db, t, {change(K::alter, "status")});
        t.columns[5].enum_values = {"closed", "open"};
        alter_to(db, t, {change(K::alter, "status")});
        CHECK(db.scalar("SELECT count(*) FROM pg_type WHERE typname LIKE 'orders_status%'") == "1");
        CHECK(db.scalar("SELECT count(*) FROM orders WHERE status = 'open'") == "2");
        t.columns[5] = col("status", "text", lit_s("open"));  // enum → text: the type goes away
        alter_to(db, t, {change(K::alter, "status")});
        CHECK(db.scalar("SELECT count(*) FROM pg_type WHERE typname LIKE 'orders_status%'") == "0");
    }
    SECTION("identity dropped and added; a serial column loses its nextval() default") {
        t.columns[0].auto_increment = false;
        alter_to(db, t, {change(K::alter, "id")});
        t.columns[0].auto_increment = true;
        alter_to(db, t, {change(K::alter, "id")});
        db.exec("CREATE TABLE legacy (id SERIAL PRIMARY KEY, v int)");
        Table legacy;
        legacy.name = "legacy";
        legacy.primary_key = {"id"};
        legacy.columns = {col("id", "int"), col("v", "int", {}, true)};
        alter_to(db, legacy, {change(K::alter, "id")});
        CHECK(db.scalar("SELECT count(*) FROM pg_attrdef WHERE adrelid = 'legacy'::regclass") == "0");
    }
    SECTION("primary key changed") {
        t.primary_key = {"id", "code"};
        alter_to(db, t, {});
    }
}

TEST_CASE("postgres dialect: inspect sends the same number of statements for 5 and for 60 tables") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "pgcount");
    auto make = [&](int from, int to) {
        std::string sql;
        for (int i = from; i < to; ++i) {
            std::string n = "t" + std::to_string(i);
            sql += "CREATE TABLE " + n +
                   " (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, a text UNIQUE, "
                   "b int REFERENCES " +
                   (i ? "t0" : n) + "(id), CHECK (b > 0));\nCREATE INDEX ON " + n + " (b);\n";
        }
        db.exec(sql);
    };
    make(0, 5);
    std::size_t before = db.conn().statements_sent;
    Schema five = db.inspect();
    std::size_t small = db.conn().statements_sent - before;
    make(5, 60);
    before = db.conn().statements_sent;
    Schema sixty = db.inspect();
    std::size_t large = db.conn().statements_sent - before;
    CHECK(five.tables.size() == 5);
    CHECK(sixty.tables.size() == 60);
    CHECK(small == large);
    CHECK(large <= 6);
    CHECK(sixty.find_table("t42")->indexes.size() == 2);
    CHECK(sixty.find_table("t42")->foreign_keys.size() == 1);
}

TEST_CASE("postgres dialect: a second begin() waits lock_timeout for the advisory lock, then fails clearly") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "pglock");
    const Dialect& d = db.dialect();
    auto url = parse_database_url(db.url());
    auto first = d.connect(url, false);
    auto second = d.connect(url, false);
    first->begin({});
    ApplyOptions quick;
    quick.lock_timeout_ms = 500;
    auto t0 = std::chrono::steady_clock::now();
    std::string message;
    try {
        second->begin(quick);
    } catch (const Error& e) {
        message = e.what();
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    INFO(message);
    CHECK(message.find("another schemactl run holds the lock on " + url.database) != std::string::npos);
    CHECK(message.find("try again") != std::string::npos);
    CHECK(secs >= 0.4);
    CHECK(secs < 1.5);
    // The failed begin() rolled back: the connection is usable, not stuck in an aborted transaction.
    CHECK_NOTHROW(second->query("SELECT 1"));
    first->rollback();
    second->begin(quick);  // free again
    second->commit();
    second->rollback();  // rollback outside a transaction does not throw
}

TEST_CASE("postgres dialect: connection errors name the database and the server, never the password") {
    REQUIRE_SERVER("postgres");
    auto d = make_dialect("postgres");
    auto admin = parse_database_url(std::getenv("SCHEMACTL_TEST_PG_URL"));
    std::string host = admin.host.empty() ? "127.0.0.1" : admin.host;

    std::string refused_msg;
    try {
        d->connect(parse_database_url("postgres://app:Sup3rS3cret@127.0.0.1:1/appdb"), false);
    } catch (const Error& e) {
        refused_msg = e.what();
    }
    INFO(refused_msg);
    CHECK(refused_msg.find("127.0.0.1:1") != std::string::npos);
    CHECK(refused_msg.find("appdb") != std::string::npos);
    CHECK(refused_msg.find("server running") != std::string::npos);
    CHECK(refused_msg.find("Sup3rS3cret") == std::string::npos);

    std::string missing_msg;
    try {
        d->connect(parse_database_url("postgres://" + admin.user + ":Sup3rS3cret@" + host + ":" +
                                      std::to_string(admin.port) + "/no_such_db_here"),
                   false);
    } catch (const Error& e) {
        missing_msg = e.what();
    }
    INFO(missing_msg);
    CHECK(missing_msg.find("no_such_db_here") != std::string::npos);
    CHECK(missing_msg.find("does not exist") != std::string::npos);
    CHECK(missing_msg.find("CREATE DATABASE") != std::string::npos);
    CHECK(missing_msg.find("Sup3rS3cret") == std::string::npos);

    // ?schema= selects the schema inspect reads.
    TestDb db("postgres", "pgschema");
    db.exec("CREATE SCHEMA app; CREATE TABLE app.only_here (id int); CREATE TABLE public.not_here (id int)");
    auto conn = d->connect(parse_database_url(db.url() + "?schema=app"), false);
    Schema s = conn->inspect();
    REQUIRE(s.tables.size() == 1);
    CHECK(s.tables[0].name == "only_here");
}
