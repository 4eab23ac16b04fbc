// The SQLite dialect against real database files: what render() creates,
// inspect() reads back exactly as lower() predicted; a rebuild of a parent
// keeps its children's rows; read-only and missing files give clear errors;
// inspect costs a fixed number of statements.
#include <unistd.h>
#include <catch2/catch.hpp>

#include <filesystem>

#include "config/database_url.hpp"
#include "diff/diff.hpp"
#include "diff/expr.hpp"
#include "schema/error.hpp"
#include "schema/prepare.hpp"
#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;

namespace {

// An index key on a column (named fields: the model's IndexColumn grows).
IndexColumn key(std::string name, bool desc = false) {
    IndexColumn k;
    k.name = std::move(name);
    k.desc = desc;
    return k;
}

Column col(std::string name, std::string type, bool nullable = false) {
    Column c;
    c.name = std::move(name);
    c.type = std::move(type);
    c.nullable = nullable;
    return c;
}

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
    return s;
}

// The first field (of those diff compares) where two canonical tables differ; "" when equal.
std::string first_difference(const Table& want, const Table& got) {
    auto kind = [](const Default& d) { return std::to_string(static_cast<int>(d.kind)); };
    if (want.name != got.name) return "name: " + want.name + " vs " + got.name;
    if (want.primary_key != got.primary_key)
        return "primary key: " + join(want.primary_key) + " vs " + join(got.primary_key);
    if (want.comment != got.comment) return "comment: " + want.comment + " vs " + got.comment;
    if (want.options != got.options) return "options differ";
    if (want.columns.size() != got.columns.size())
        return "column count: " + std::to_string(want.columns.size()) + " vs " + std::to_string(got.columns.size());
    for (std::size_t i = 0; i < want.columns.size(); ++i) {
        const Column &a = want.columns[i], &b = got.columns[i];
        std::string w = want.name + "." + a.name + " ";
        if (a.name != b.name) return "column " + std::to_string(i) + " name: " + a.name + " vs " + b.name;
        if (a.type != b.type) return w + "type: " + a.type + " vs " + b.type;
        if (a.nullable != b.nullable)
            return w + "nullable: " + std::to_string(a.nullable) + " vs " + std::to_string(b.nullable);
        if (a.default_value.kind != b.default_value.kind || a.default_value.text != b.default_value.text)
            return w + "default: [" + kind(a.default_value) + "]" + a.default_value.text + " vs [" +
                   kind(b.default_value) + "]" + b.default_value.text;
        if (a.auto_increment != b.auto_increment) return w + "auto_increment differs";
        if (a.comment != b.comment) return w + "comment: " + a.comment + " vs " + b.comment;
        if (a.on_update != b.on_update || a.collation != b.collation) return w + "on_update/collation differ";
        if (a.enum_values != b.enum_values) return w + "enum values differ";
    }
    if (want.indexes.size() != got.indexes.size())
        return "index count: " + std::to_string(want.indexes.size()) + " vs " + std::to_string(got.indexes.size());
    for (const auto& a : want.indexes) {
        const Index* b = got.find_index(a.name);
        if (!b) return "index " + a.name + " missing";
        if (!(a.columns == b->columns)) return "index " + a.name + " columns differ";
        if (a.unique != b->unique) return "index " + a.name + " unique differs";
        if (a.method != b->method) return "index " + a.name + " method: " + a.method + " vs " + b->method;
        if (expr_fingerprint(a.where) != expr_fingerprint(b->where))
            return "index " + a.name + " where: " + a.where + " vs " + b->where;
    }
    if (want.foreign_keys.size() != got.foreign_keys.size()) return "foreign key count differs";
    for (const auto& a : want.foreign_keys) {
        auto it = std::find_if(got.foreign_keys.begin(), got.foreign_keys.end(),
                               [&](const ForeignKey& f) { return f.name == a.name; });
        if (it == got.foreign_keys.end()) return "foreign key " + a.name + " missing";
        if (a.columns != it->columns || a.ref_table != it->ref_table || a.ref_columns != it->ref_columns)
            return "foreign key " + a.name + " target: (" + join(a.columns) + ") -> " + a.ref_table + "(" +
                   join(a.ref_columns) + ") vs (" + join(it->columns) + ") -> " + it->ref_table + "(" +
                   join(it->ref_columns) + ")";
        if (a.on_delete != it->on_delete)
            return "foreign key " + a.name + " on delete: " + a.on_delete + " vs " + it->on_delete;
        if (a.on_update != it->on_update)
            return "foreign key " + a.name + " on update: " + a.on_update + " vs " + it->on_update;
    }
    if (want.checks.size() != got.checks.size()) return "check count differs";
    for (std::size_t i = 0; i < want.checks.size(); ++i) {
        if (want.checks[i].name != got.checks[i].name)
            return "check " + std::to_string(i) + " name: " + want.checks[i].name + " vs " + got.checks[i].name;
        if (expr_fingerprint(want.checks[i].expr) != expr_fingerprint(got.checks[i].expr))
            return "check " + want.checks[i].name + ": " + want.checks[i].expr + " vs " + got.checks[i].expr;
    }
    return "";
}

Table lowered(const Dialect& d, const Table& portable) {
    return d.lower(prepare(portable, d.name(), d.max_identifier_length()));
}

void create(TestDb& db, const Table& canonical) {
    TableChange tc;
    tc.kind = TableChange::Kind::create;
    tc.name = canonical.name;
    tc.desired = canonical;
    for (const auto& step : db.dialect().render(tc, {}))
        for (const auto& sql : step.sql) db.exec(sql);
}

void apply_steps(TestDb& db, const std::vector<Step>& steps) {
    db.driver().begin({});
    try {
        for (const auto& step : steps)
            for (const auto& sql : step.sql) db.exec(sql);
        db.driver().commit();
    } catch (...) {
        db.driver().rollback();
        throw;
    }
}

Table parent_table() {
    Table t;
    t.name = "accounts";
    t.primary_key = {"id"};
    Column id = col("id", "bigint");
    id.auto_increment = true;
    t.columns = {id, col("email", "varchar(120)"), col("region", "char(2)"), col("score", "int", true)};
    t.columns[1].unique = true;
    Index ix;
    ix.columns = {key("region"), key("score", true)};
    t.indexes.push_back(ix);
    return t;
}

// Every feature SQLite has: composite PK, defaults of each kind, partial and
// DESC indexes, unique, FKs with actions, named and unnamed checks.
Table feature_table() {
    Table t;
    t.name = "memberships";
    t.comment = "who is in which account";
    t.primary_key = {"account_id", "member"};
    t.columns.push_back(col("account_id", "bigint"));
    t.columns.push_back(col("member", "varchar(64)"));
    Column role = col("role", "enum");
    role.enum_values = {"owner", "guest"};
    role.default_value = {Default::Kind::string, "guest"};
    role.comment = "role in the account";
    t.columns.push_back(role);
    Column s = col("nick", "varchar(40)");
    s.default_value = {Default::Kind::string, "O'Brien; --"};
    t.columns.push_back(s);
    Column n = col("visits", "int");
    n.default_value = {Default::Kind::integer, "-1"};
    t.columns.push_back(n);
    Column f = col("weight", "double");
    f.default_value = {Default::Kind::floating, "0.25"};
    t.columns.push_back(f);
    Column dec = col("balance", "decimal(12,2)");
    dec.default_value = {Default::Kind::floating, "10.50"};
    t.columns.push_back(dec);
    Column b = col("active", "boolean");
    b.default_value = {Default::Kind::boolean, "false"};
    t.columns.push_back(b);
    Column ts = col("joined_at", "timestamptz");
    ts.default_value = {Default::Kind::expr, "current_timestamp"};
    t.columns.push_back(ts);
    Column day = col("joined_day", "date");
    day.default_value = {Default::Kind::expr, "(date('now'))"};
    t.columns.push_back(day);
    Column nat = col("legacy", "text", true);
    nat.overrides.edit()["sqlite"].type = "varchar (255)";
    t.columns.push_back(nat);
    t.columns.push_back(col("payload", "json", true));
    t.columns.push_back(col("token", "uuid", true));
    t.columns.push_back(col("avatar", "blob", true));
    t.columns.push_back(col("invited_by", "bigint", true));
    t.columns.back().unique = true;

    Index partial;
    partial.columns = {key("visits")};
    partial.where = "active = 1 AND visits > 0";
    t.indexes.push_back(partial);
    Index desc;
    desc.name = "memberships_recent";
    desc.columns = {key("joined_at", true), key("member")};
    t.indexes.push_back(desc);
    Index uq;
    uq.unique = true;
    uq.columns = {key("account_id"), key("nick")};
    t.indexes.push_back(uq);

    ForeignKey fk;
    fk.columns = {"account_id"};
    fk.ref_table = "accounts";
    fk.ref_columns = {"id"};
    fk.on_delete = "CASCADE";
    fk.on_update = "RESTRICT";
    t.foreign_keys.push_back(fk);
    ForeignKey named;
    named.name = "memberships_inviter";
    named.columns = {"invited_by"};
    named.ref_table = "accounts";
    named.ref_columns = {"id"};
    named.on_delete = "SET NULL";
    t.foreign_keys.push_back(named);

    Check positive;
    positive.expr = "visits >= -1";
    t.checks.push_back(positive);
    Check named_check;
    named_check.name = "memberships_nick_len";
    named_check.expr = "length(nick) <= 40 AND nick <> 'CHECK (x)'";
    t.checks.push_back(named_check);
    return t;
}

}  // namespace

TEST_CASE("sqlite dialect: inspect reads back exactly what lower predicted for every feature") {
    TestDb db("sqlite", "dialect_roundtrip");
    const Dialect& d = db.dialect();
    Table parent = lowered(d, parent_table());
    Table child = lowered(d, feature_table());
    create(db, parent);
    create(db, child);
    Schema live = db.inspect();
    REQUIRE(live.tables.size() == 2);
    const Table* p = live.find_table("accounts");
    const Table* c = live.find_table("memberships");
    REQUIRE(p);
    REQUIRE(c);
    CHECK(first_difference(parent, *p) == "");
    CHECK(first_difference(child, *c) == "");
    CHECK(p->columns[0].auto_increment);
    CHECK(c->find_column("legacy")->type == "VARCHAR(255)");
    CHECK(c->find_index("idx_memberships_visits")->where == "active = 1 AND visits > 0");
    CHECK(c->find_index("memberships_recent")->columns[0].desc);

    // And diff agrees: nothing to do.
    Schema want;
    want.tables = {parent, child};
    CHECK(diff(want, live).empty());

    // inspect → raise (TOML) → prepare → lower gives the same canonical table again.
    for (const auto& t : live.tables) {
        Table again = lowered(d, d.raise(t));
        INFO(t.name);
        CHECK(first_difference(t, again) == "");
    }

    // The defaults really are what the database uses.
    db.exec("INSERT INTO accounts (email, region) VALUES ('a@x', 'eu')");
    db.exec("INSERT INTO memberships (account_id, member) VALUES (1, 'm')");
    auto row = db.rows(
        "SELECT role, nick, visits, weight, balance, active, typeof(joined_at), joined_day = date('now') "
        "FROM memberships");
    REQUIRE(row.size() == 1);
    CHECK(*row[0][0] == "guest");
    CHECK(*row[0][1] == "O'Brien; --");
    CHECK(*row[0][2] == "-1");
    CHECK(*row[0][3] == "0.25");
    CHECK(*row[0][4] == "10.5");
    CHECK(*row[0][5] == "0");
    CHECK(*row[0][6] == "text");
    CHECK(*row[0][7] == "1");
}

TEST_CASE("sqlite dialect: a database written by hand reads back and raises without a diff") {
    TestDb db("sqlite", "dialect_adopted");
    const Dialect& d = db.dialect();
    db.exec(R"(
CREATE TABLE users (
  id integer primary key autoincrement,
  email VARCHAR(255) NOT NULL UNIQUE,
  created DATETIME DEFAULT current_timestamp,
  flag BOOL DEFAULT (1),
  note text default 'it''s',
  size int(11) CHECK (size >= 0),
  CONSTRAINT users_email_check CHECK (email LIKE '%@%')
);
CREATE TABLE posts (
  id INTEGER PRIMARY KEY,
  user_id INT REFERENCES users ON DELETE CASCADE,
  title TEXT,
  body BLOB,
  UNIQUE (user_id, title)
);
CREATE INDEX posts_title ON posts (title DESC) WHERE title IS NOT NULL;
)");
    Schema live = db.inspect();
    const Table* users = live.find_table("users");
    const Table* posts = live.find_table("posts");
    REQUIRE(users);
    REQUIRE(posts);
    CHECK(users->columns[0].auto_increment);
    CHECK_FALSE(posts->columns[0].auto_increment);  // a rowid alias without AUTOINCREMENT
    CHECK(users->find_column("created")->type == "DATETIME");
    CHECK(users->find_column("created")->default_value.text == "CURRENT_TIMESTAMP");
    CHECK(users->find_column("flag")->default_value.text == "1");
    REQUIRE(users->find_index("uq_users_email"));
    CHECK(users->find_index("uq_users_email")->constraint);
    REQUIRE(users->checks.size() == 2);
    CHECK(users->checks[0].name == "chk_users_1");
    CHECK(users->checks[1].name == "users_email_check");
    REQUIRE(posts->foreign_keys.size() == 1);
    CHECK(posts->foreign_keys[0].name == "fk_posts_user_id");
    CHECK(posts->foreign_keys[0].ref_columns == std::vector<std::string>{"id"});
    CHECK(posts->foreign_keys[0].on_delete == "CASCADE");
    CHECK(posts->find_index("uq_posts_user_id_title"));
    CHECK(posts->find_index("posts_title")->where == "title IS NOT NULL");

    Schema want;
    for (const auto& t : live.tables) {
        Table again = lowered(d, d.raise(t));
        INFO(t.name);
        CHECK(first_difference(t, again) == "");
        want.tables.push_back(again);
    }
    CHECK(diff(want, live).empty());
}

TEST_CASE("sqlite dialect: rebuilding a parent keeps CASCADE children, its rows, indexes and trigger") {
    TestDb db("sqlite", "dialect_rebuild");
    const Dialect& d = db.dialect();
    Table parent = lowered(d, parent_table());
    Table child;
    child.name = "orders";
    child.primary_key = {"id"};
    child.columns = {col("id", "int"), col("account_id", "bigint")};
    ForeignKey fk;
    fk.columns = {"account_id"};
    fk.ref_table = "accounts";
    fk.ref_columns = {"id"};
    fk.on_delete = "CASCADE";
    child.foreign_keys.push_back(fk);
    child = lowered(d, child);
    create(db, parent);
    create(db, child);
    db.exec("PRAGMA foreign_keys = ON");
    db.exec("CREATE TABLE audit (msg TEXT)");
    db.exec("CREATE VIEW eu_accounts AS SELECT id, email, score FROM accounts WHERE region = 'eu'");
    db.exec("CREATE TRIGGER accounts_audit AFTER INSERT ON accounts BEGIN INSERT INTO audit VALUES (NEW.email); END");
    for (int i = 1; i <= 10; ++i)
        db.exec("INSERT INTO accounts (email, region, score) VALUES ('u" + std::to_string(i) + "@x', 'eu', " +
                std::to_string(i) + ")");
    for (int i = 1; i <= 30; ++i)
        db.exec("INSERT INTO orders VALUES (" + std::to_string(i) + ", " + std::to_string(1 + i % 10) + ")");
    REQUIRE(db.scalar("SELECT COUNT(*) FROM audit") == "10");

    // score: int NULL → text NOT NULL (type + nullability): only a rebuild does that.
    Table desired_portable = parent_table();
    desired_portable.columns[3] = col("score", "text");
    Schema want, have = db.inspect();
    want.tables = {lowered(d, desired_portable), child};
    auto changes = diff(want, have);
    REQUIRE(changes.tables.size() == 1);
    auto steps = d.render(changes.tables[0], {});
    REQUIRE(steps.size() == 1);
    INFO(steps[0].summary);
    CHECK(steps[0].summary.find("rebuild table accounts") != std::string::npos);
    CHECK(steps[0].sql.size() >= 9);  // pragma, create, copy, drop, rename, pragma, 2 indexes, trigger

    std::vector<std::string> sent;
    db.conn().on_sql = [&](const std::string& s) { sent.push_back(s); };
    apply_steps(db, steps);
    db.conn().on_sql = nullptr;
    // foreign_keys goes off before BEGIN IMMEDIATE and the check runs before COMMIT.
    REQUIRE(sent.size() >= 4);
    CHECK(sent[0] == "PRAGMA foreign_keys = OFF");
    CHECK(sent[1] == "BEGIN IMMEDIATE");
    CHECK(sent[sent.size() - 3] == "PRAGMA foreign_key_check");
    CHECK(sent[sent.size() - 2] == "COMMIT");
    CHECK(sent.back() == "PRAGMA foreign_keys = ON");

    CHECK(db.scalar("SELECT COUNT(*) FROM orders") == "30");
    CHECK(db.scalar("SELECT COUNT(*) FROM accounts") == "10");
    CHECK(db.scalar("SELECT typeof(score) FROM accounts WHERE id = 3") == "text");
    CHECK(db.scalar("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'accounts' AND "
                    "name IN ('uq_accounts_email', 'idx_accounts_region_score')") == "2");
    CHECK(db.scalar("SELECT COUNT(*) FROM sqlite_schema WHERE name LIKE '_schemactl_new_%'") == "0");
    CHECK(db.scalar("SELECT COUNT(*) FROM eu_accounts") == "10");  // a view on the table survives
    CHECK(db.scalar("PRAGMA legacy_alter_table") == "0");
    db.exec("INSERT INTO accounts (email, region, score) VALUES ('new@x', 'us', 'high')");
    CHECK(db.scalar("SELECT COUNT(*) FROM audit") == "11");  // the trigger is back
    // The schema converged, and the cascade still works.
    CHECK(diff(want, db.inspect()).empty());
    db.exec("DELETE FROM accounts WHERE id = 2");
    CHECK(db.scalar("SELECT COUNT(*) FROM orders") == "27");
}

TEST_CASE("sqlite dialect: commit refuses rows that break a foreign key") {
    TestDb db("sqlite", "dialect_fkcheck");
    db.exec("CREATE TABLE p (id INTEGER PRIMARY KEY)");
    db.exec("CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id))");
    db.driver().begin({});
    db.exec("INSERT INTO c VALUES (1, 99), (2, 98)");
    try {
        db.driver().commit();
        FAIL("commit accepted orphan rows");
    } catch (const Error& e) {
        std::string m = e.what();
        CHECK(m.find("c -> p: 2 rows") != std::string::npos);
    }
    db.driver().rollback();
    CHECK(db.scalar("SELECT COUNT(*) FROM c") == "0");
}

TEST_CASE("sqlite dialect: missing and read-only database files give clear errors") {
    TestDb db("sqlite", "dialect_files");
    const Dialect& d = db.dialect();
    DatabaseUrl missing = parse_database_url("sqlite:" + db.dir() + "/nope.db");
    try {
        d.connect(missing, false);
        FAIL("a missing file was opened");
    } catch (const Error& e) {
        std::string m = e.what();
        CHECK(m.find("nope.db does not exist") != std::string::npos);
        CHECK(m.find("schemactl create") != std::string::npos);
    }
    CHECK_FALSE(std::filesystem::exists(db.dir() + "/nope.db"));
    CHECK(d.connect(missing, true) != nullptr);
    CHECK(std::filesystem::exists(db.dir() + "/nope.db"));

    std::string path = db.dir() + "/ro.db";
    {
        auto c = d.connect(parse_database_url("sqlite:" + path), true);
        c->exec("CREATE TABLE t (a INTEGER)");
    }
    DatabaseUrl ro = parse_database_url("sqlite:" + path);
    if (geteuid() == 0) ro.database = "file:" + path + "?mode=ro";  // root writes through file modes
    else std::filesystem::permissions(path, std::filesystem::perms::owner_read);
    auto c = d.connect(ro, false);
    CHECK(c->inspect().tables.size() == 1);  // reading works
    try {
        c->begin({});
        c->exec("CREATE TABLE u (b INTEGER)");
        FAIL("wrote to a read-only database");
    } catch (const Error& e) {
        std::string m = e.what();
        INFO(m);
        CHECK(m.find("is read-only") != std::string::npos);
        CHECK(m.find("ro.db") != std::string::npos);
    }
    c->rollback();
}

TEST_CASE("sqlite dialect: inspect sends the same number of statements for 5 and 55 tables") {
    TestDb db("sqlite", "dialect_count");
    const Dialect& d = db.dialect();
    auto add_tables = [&](int from, int to) {
        for (int i = from; i < to; ++i) {
            Table t;
            t.name = "t" + std::to_string(i);
            t.primary_key = {"id"};
            t.columns = {col("id", "int"), col("name", "varchar(20)", true), col("ref", "int", true)};
            t.columns[1].unique = true;
            Index ix;
            ix.columns = {key("ref")};
            t.indexes.push_back(ix);
            Check ck;
            ck.expr = "id > 0";
            t.checks.push_back(ck);
            if (i > 0) {
                ForeignKey fk;
                fk.columns = {"ref"};
                fk.ref_table = "t0";
                fk.ref_columns = {"id"};
                t.foreign_keys.push_back(fk);
            }
            create(db, lowered(d, t));
        }
        db.exec("CREATE TRIGGER trg" + std::to_string(to) + " AFTER INSERT ON t0 BEGIN SELECT 1; END");
    };
    add_tables(0, 5);
    std::size_t before = db.conn().statements_sent;
    Schema five = db.inspect();
    std::size_t for_five = db.conn().statements_sent - before;
    add_tables(5, 55);
    before = db.conn().statements_sent;
    Schema many = db.inspect();
    std::size_t for_many = db.conn().statements_sent - before;
    CHECK(five.tables.size() == 5);
    CHECK(many.tables.size() == 55);
    CHECK(many.find_table("t54")->foreign_keys.size() == 1);
    CHECK(for_five > 0);
    CHECK(for_five == for_many);
}

TEST_CASE("sqlite dialect: a table renamed and rebuilt at once keeps its rows and trigger, under the new name") {
    TestDb db("sqlite", "dialect_rename_rebuild");
    const Dialect& d = db.dialect();
    Table old_t;
    old_t.name = "people";
    old_t.primary_key = {"id"};
    old_t.columns = {col("id", "int"), col("name", "text", true)};
    create(db, lowered(d, old_t));
    db.exec("CREATE TABLE log (msg TEXT)");
    db.exec("CREATE TRIGGER people_log AFTER INSERT ON people BEGIN INSERT INTO log VALUES (NEW.name); END");
    db.exec("INSERT INTO people VALUES (1, 'a'), (2, 'b')");

    Table new_t = old_t;
    new_t.name = "persons";
    new_t.renamed_from = "people";
    new_t.columns[1].nullable = false;  // a rebuild
    Schema want;
    want.tables = {lowered(d, new_t)};
    auto changes = diff(want, db.inspect());
    REQUIRE(changes.tables.size() == 1);
    REQUIRE(changes.tables[0].kind == TableChange::Kind::rename);
    apply_steps(db, d.render(changes.tables[0], {}));
    CHECK(db.scalar("SELECT COUNT(*) FROM persons") == "2");
    CHECK(db.scalar("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'people'") == "0");
    db.exec("INSERT INTO persons VALUES (3, 'c')");
    CHECK(db.scalar("SELECT COUNT(*) FROM log") == "3");
    CHECK(diff(want, db.inspect()).empty());
}
