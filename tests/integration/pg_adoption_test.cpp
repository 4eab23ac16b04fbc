// Adopting PostgreSQL databases that others designed (issue 14): what a live
// schema holds is either managed exactly (inspect → TOML → plan clean, a
// fresh database created from the TOML reads back the same, sync keeps the
// rows) or refused before any change, naming the object and a way out.
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>

#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;
namespace fs = std::filesystem;

namespace {

// The `expr = ...` lines of a TOML text.
std::string expr_lines(const std::string& toml) {
    std::istringstream in(toml);
    std::string out;
    for (std::string line; std::getline(in, line);)
        if (auto at = line.find_first_not_of(' '); at != std::string::npos && line.compare(at, 4, "expr") == 0)
            out += line.substr(at) + "\n";
    return out;
}

// inspect writes TOML; plan with it is clean; a fresh database created from it
// (after `prelude`, e.g. the domains it uses) inspects to the same TOML.
// Returns the TOML folder of `db`.
std::string round_trip(TestDb& db, const std::string& suffix = "", const std::string& prelude = "") {
    std::string out = db.dir() + "/inspected";
    fs::remove_all(out);
    auto in = run({"inspect", "--db", db.url() + suffix, "--out", out});
    INFO(in.err);
    REQUIRE(in.code == 0);
    auto p = run({"plan", "--db", db.url() + suffix, "--schema", out});
    INFO("inspected:\n" << folder_text(out) << "plan: " << p.out << p.err);
    CHECK(p.code == 0);
    CHECK(p.out.find("no changes") != std::string::npos);
    TestDb fresh("postgres", "adopt_fresh");
    if (!prelude.empty()) fresh.exec(prelude);
    auto c = run({"create", "--db", fresh.url() + suffix, "--schema", out, "--yes"});
    INFO("create: " << c.out << c.err);
    REQUIRE(c.code == 0);
    std::string again = fresh.dir() + "/inspected";
    REQUIRE(run({"inspect", "--db", fresh.url() + suffix, "--out", again}).code == 0);
    CHECK(folder_text(again) == folder_text(out));
    auto p2 = run({"plan", "--db", fresh.url() + suffix, "--schema", out});
    INFO("plan on the fresh database: " << p2.out << p2.err);
    CHECK(p2.out.find("no changes") != std::string::npos);
    return out;
}

// Appends a nullable column to <table>.toml of an inspected folder: an edit that syncs.
void add_note_column(const std::string& dir, const std::string& table) {
    std::string path = dir + "/" + table + ".toml";
    write_file(path, read_file(path) + "\n[[table.column]]\nname = 'note'\ntype = 'text'\nnullable = true\n");
}

void sync_converges(TestDb& db, const std::string& dir, const std::string& suffix = "") {
    auto s = run({"sync", "--db", db.url() + suffix, "--schema", dir, "--yes"});
    INFO("sync: " << s.out << s.err);
    REQUIRE(s.code == 0);
    auto p = run({"plan", "--db", db.url() + suffix, "--schema", dir});
    INFO("plan after sync: " << p.out << p.err);
    CHECK(p.out.find("no changes") != std::string::npos);
}

}  // namespace

TEST_CASE("pg adoption: defaults that need parentheses in DEFAULT are valid when added and converge") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "adopt_defaults");
    db.exec(
        "CREATE TABLE events (id int PRIMARY KEY, "
        "at_utc timestamp DEFAULT (now() AT TIME ZONE 'utc'), "
        "label text DEFAULT ('ev' || '-' || 'x'), "
        "flag boolean DEFAULT (1 IS NOT NULL), "
        "size int DEFAULT (2 * 3 + 1), "
        "kind text DEFAULT (CASE WHEN true THEN 'a' ELSE 'b' END))");
    db.exec("INSERT INTO events (id) VALUES (1)");
    std::string dir = round_trip(db);
    std::string toml = read_file(dir + "/events.toml");
    CHECK(toml.find("AT TIME ZONE") != std::string::npos);

    // The same defaults added to a table with rows: each row gets the value.
    write_file(dir + "/events.toml", toml +
                                         "\n[[table.column]]\nname = 'at2'\ntype = 'timestamp'\nnullable = true\n"
                                         "default_expr = \"now() at time zone 'utc'\"\n"
                                         "[[table.column]]\nname = 'label2'\ntype = 'text'\nnullable = true\n"
                                         "default_expr = \"'a' || 'b'\"\n"
                                         "[[table.column]]\nname = 'flag2'\ntype = 'boolean'\nnullable = true\n"
                                         "default_expr = '2 IS NULL'\n");
    sync_converges(db, dir);
    CHECK(db.scalar("SELECT label || '|' || flag || '|' || size || '|' || kind || '|' || label2 || '|' || flag2 "
                    "FROM events WHERE id = 1") == "ev-x|true|7|a|ab|false");
    CHECK(db.scalar("SELECT abs(extract(epoch FROM at2 - (now() AT TIME ZONE 'utc'))) < 600 FROM events") == "t");
    db.exec("INSERT INTO events (id) VALUES (2)");
    CHECK(db.scalar("SELECT label2 || flag2::text FROM events WHERE id = 2") == "abfalse");
}

TEST_CASE("pg adoption: NO INHERIT and NOT VALID stay out of the check's expression, rows are kept") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "adopt_checkopts");
    db.exec(
        "CREATE TABLE stock (id int PRIMARY KEY, qty int, price numeric, "
        "CONSTRAINT price_ok CHECK (price > numeric '0') NO INHERIT)");
    db.exec("INSERT INTO stock VALUES (1, -3, 2), (2, 4, 1)");  // -3 predates the NOT VALID check below
    db.exec("ALTER TABLE stock ADD CONSTRAINT qty_ok CHECK (qty >= 0) NO INHERIT NOT VALID");
    std::string dir = round_trip(db);
    std::string toml = read_file(dir + "/stock.toml");
    // The options stay out of the expressions; the notes above the table name them.
    CHECK(expr_lines(toml) == "expr = 'price > 0'\nexpr = 'qty >= 0'\n");
    CHECK(toml.find("# not managed by schemactl: check qty_ok (NOT VALID and NO INHERIT") != std::string::npos);
    add_note_column(dir, "stock");
    sync_converges(db, dir);
    // The check is still the server's: not validated, not inherited, the old row kept.
    CHECK(db.scalar("SELECT convalidated::text || connoinherit::text FROM pg_constraint WHERE conname = 'qty_ok'") ==
          "falsetrue");
    CHECK(db.scalar("SELECT string_agg(id || ':' || qty, ',' ORDER BY id) FROM stock") == "1:-3,2:4");
}

TEST_CASE("pg adoption: a typed literal in a check (numeric '1') converges") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "adopt_typed_literal");
    auto file = write_file(db.dir() + "/s.toml", R"~(
[[table]]
name = "prices"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "amount"
  type = "decimal(10,2)"
  [[table.column]]
  name = "since"
  type = "date"
  [[table.check]]
  name = "amount_min"
  expr = "amount >= numeric '1' AND since > date '2000-01-01'"
)~");
    auto c = run({"sync", "--db", db.url(), "--schema", file, "--yes"});
    INFO(c.out << c.err);
    REQUIRE(c.code == 0);
    auto p = run({"plan", "--db", db.url(), "--schema", file});
    INFO(p.out << p.err);
    CHECK(p.out.find("no changes") != std::string::npos);
    db.exec("INSERT INTO prices VALUES (1, 1.00, '2020-01-01')");
    CHECK_THROWS(db.exec("INSERT INTO prices VALUES (2, 0.5, '2020-01-01')"));
    round_trip(db);
}

TEST_CASE("pg adoption: identity and serial outside the primary key, tables without a key") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "adopt_identity");
    db.exec("CREATE TABLE log_lines (id serial, line text)");
    db.exec("CREATE TABLE tickets (code text PRIMARY KEY, seq bigint GENERATED ALWAYS AS IDENTITY, title text)");
    db.exec("CREATE TABLE pairs (a int, b int GENERATED BY DEFAULT AS IDENTITY, PRIMARY KEY (a, b))");
    db.exec("INSERT INTO log_lines (line) VALUES ('one'), ('two')");
    db.exec("INSERT INTO tickets (code, title) VALUES ('T1', 'first')");
    db.exec("INSERT INTO pairs (a) VALUES (7)");
    // A sequence of its own (not OWNED BY), used by this default only: auto_increment too.
    db.exec("CREATE SEQUENCE bill_no; CREATE TABLE bills (no int PRIMARY KEY DEFAULT nextval('bill_no'), who text)");
    db.exec("INSERT INTO bills (who) VALUES ('ann')");
    std::string dir = round_trip(db);
    CHECK(read_file(dir + "/log_lines.toml").find("auto_increment = true") != std::string::npos);
    CHECK(read_file(dir + "/bills.toml").find("auto_increment = true") != std::string::npos);
    for (const char* t : {"log_lines", "tickets", "pairs", "bills"}) add_note_column(dir, t);
    sync_converges(db, dir);
    db.exec("INSERT INTO bills (who) VALUES ('bob')");
    CHECK(db.scalar("SELECT string_agg(no || who, ',' ORDER BY no) FROM bills") == "1ann,2bob");
    db.exec("INSERT INTO log_lines (line) VALUES ('three')");
    db.exec("INSERT INTO tickets (code, title) VALUES ('T2', 'second')");
    CHECK(db.scalar("SELECT string_agg(id || line, ',' ORDER BY id) FROM log_lines") == "1one,2two,3three");
    CHECK(db.scalar("SELECT string_agg(code || seq, ',' ORDER BY seq) FROM tickets") == "T11,T22");
    CHECK(db.scalar("SELECT a || '/' || b FROM pairs") == "7/1");
}

// inspect counts each sequence's users (pg_inspect.cpp, seq_deps): a sequence
// two defaults share is nobody's auto_increment, and both keep drawing from it.
TEST_CASE("pg adoption: a sequence two tables share stays their default") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "adopt_shared_seq");
    db.exec("CREATE SEQUENCE document_numbers");
    db.exec("CREATE TABLE quotes (no bigint PRIMARY KEY DEFAULT nextval('document_numbers'), client text)");
    db.exec("CREATE TABLE orders (no bigint PRIMARY KEY DEFAULT nextval('document_numbers'), client text)");
    db.exec("INSERT INTO quotes (client) VALUES ('north')");
    db.exec("INSERT INTO orders (client) VALUES ('south')");
    // The files name the sequence, not define it: a fresh database needs it first.
    std::string dir = round_trip(db, "", "CREATE SEQUENCE document_numbers");
    for (const char* t : {"quotes", "orders"}) {
        std::string text = read_file(dir + "/" + t + ".toml");
        INFO(text);
        CHECK(text.find("auto_increment") == std::string::npos);
        CHECK(text.find("nextval('document_numbers'") != std::string::npos);
        add_note_column(dir, t);
    }
    sync_converges(db, dir);
    db.exec("INSERT INTO quotes (client) VALUES ('east')");
    CHECK(db.scalar("SELECT string_agg(no || client, ',' ORDER BY no) FROM (SELECT * FROM quotes UNION ALL "
                    "SELECT * FROM orders) u") == "1north,2south,3east");
}

TEST_CASE("pg adoption: an integer default on a text column converges") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "adopt_int_on_text");
    db.exec("CREATE TABLE lines (id serial PRIMARY KEY, area varchar(8) NOT NULL DEFAULT 00, ext text DEFAULT 7)");
    std::string dir = round_trip(db);
    add_note_column(dir, "lines");
    sync_converges(db, dir);
    db.exec("INSERT INTO lines DEFAULT VALUES");
    CHECK(db.scalar("SELECT area || '/' || ext FROM lines") == "0/7");
}

TEST_CASE("pg adoption: a table with no columns is refused by name, the others inspect with --tables") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "adopt_nocols");
    db.exec("CREATE TABLE placeholder ()");
    db.exec("CREATE TABLE real_one (id int PRIMARY KEY)");
    auto in = run({"inspect", "--db", db.url(), "--out", db.dir() + "/out"});
    CHECK(in.code != 0);
    CHECK(in.err.find("placeholder") != std::string::npos);
    CHECK(in.err.find("--tables") != std::string::npos);
    auto some = run({"inspect", "--db", db.url(), "--tables", "real_one"});
    INFO(some.err);
    CHECK(some.code == 0);
    CHECK(some.out.find("real_one") != std::string::npos);
}

TEST_CASE("pg adoption: a named enum shared by columns, text becomes a named enum with its rows") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "adopt_enum");
    db.exec("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");
    db.exec("CREATE TABLE people (id int PRIMARY KEY, now_mood mood DEFAULT 'ok', was mood)");
    db.exec("CREATE TABLE notes (id int PRIMARY KEY, feel text)");
    db.exec("INSERT INTO people VALUES (1, 'happy', 'sad')");
    db.exec("INSERT INTO notes VALUES (1, 'ok'), (2, 'happy')");
    std::string dir = round_trip(db, "", "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");
    // text → the shared type, and a column of a type that does not exist yet.
    std::string notes = read_file(dir + "/notes.toml");
    auto at = notes.find("name = 'feel'");
    REQUIRE(at != std::string::npos);
    notes = notes.substr(0, at) +
            "name = 'feel'\nnullable = true\ntype = 'enum'\nvalues = ['sad', 'ok', 'happy']\n"
            "postgres = { type = 'mood' }\n"
            "[[table.column]]\nname = 'tone'\nnullable = true\ntype = 'enum'\nvalues = ['low', 'high']\n"
            "default = 'low'\npostgres = { type = 'Tone' }\n";
    write_file(dir + "/notes.toml", notes);
    sync_converges(db, dir);
    CHECK(db.scalar("SELECT string_agg(id || ':' || feel || ':' || pg_typeof(feel) || ':' || tone, ',' ORDER BY id) "
                    "FROM notes") == "1:ok:mood:low,2:happy:mood:low");
    CHECK(db.scalar("SELECT now_mood::text || was::text FROM people") == "happysad");
}

TEST_CASE("pg adoption: a domain exports its base type with the domain in the override, defaults converge") {
    REQUIRE_SERVER("postgres");
    const std::string domains =
        "CREATE DOMAIN posint AS integer CHECK (VALUE > 0); "
        "CREATE DOMAIN money2 AS numeric(10,2) DEFAULT 1.5; "
        "CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%')";
    TestDb db("postgres", "adopt_domain");
    db.exec(domains);
    db.exec(
        "CREATE TABLE accounts (id int PRIMARY KEY, visits posint DEFAULT 3, balance money2 DEFAULT 2.50, "
        "mail email DEFAULT 'a@b', plain money2)");
    db.exec("INSERT INTO accounts (id) VALUES (1)");
    std::string dir = round_trip(db, "", domains);
    std::string toml = read_file(dir + "/accounts.toml");
    INFO(toml);
    CHECK(toml.find("type = 'int'\n") != std::string::npos);
    CHECK(toml.find("type = 'decimal(10,2)'") != std::string::npos);
    CHECK(toml.find("postgres = { type = 'posint' }") != std::string::npos);
    // A default written as a plain number in the file converges on a domain column too.
    auto file = write_file(db.dir() + "/hand/counts.toml", R"~(
[[table]]
name = "counts"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "n"
  type = "int"
  default = 5
  postgres = { type = "posint" }
  [[table.column]]
  name = "m"
  type = "decimal(10,2)"
  default = 2.5
  postgres = { type = "money2" }
)~");
    auto s = run({"sync", "--db", db.url(), "--schema", file, "--tables", "counts", "--yes"});
    INFO(s.out << s.err);
    REQUIRE(s.code == 0);
    auto p = run({"plan", "--db", db.url(), "--schema", file, "--tables", "counts"});
    INFO(p.out << p.err);
    CHECK(p.out.find("no changes") != std::string::npos);
    db.exec("INSERT INTO counts (id) VALUES (1)");
    CHECK(db.scalar("SELECT n || '/' || m FROM counts") == "5/2.50");
    CHECK(db.scalar("SELECT visits || '/' || balance || '/' || mail FROM accounts") == "3/2.50/a@b");
}

TEST_CASE("pg adoption: ?schema=app finds extension types installed in public (citext)") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "adopt_search_path");
    db.exec("CREATE EXTENSION IF NOT EXISTS citext SCHEMA public");
    db.exec("CREATE SCHEMA app");
    db.exec("CREATE TABLE app.users (id int PRIMARY KEY, email public.citext NOT NULL)");
    db.exec("INSERT INTO app.users VALUES (1, 'Ann@Example.org')");
    std::string dir = round_trip(db, "?schema=app",
                                 "CREATE EXTENSION IF NOT EXISTS citext SCHEMA public; CREATE SCHEMA app");
    CHECK(read_file(dir + "/users.toml").find("type = 'citext'") != std::string::npos);
    // A new citext column, named as users write it, is created in app.
    std::string path = dir + "/users.toml";
    write_file(path, read_file(path) +
                         "\n[[table.column]]\nname = 'alias'\ntype = 'text'\nnullable = true\n"
                         "postgres = { type = 'citext' }\n");
    sync_converges(db, dir, "?schema=app");
    db.exec("UPDATE app.users SET alias = 'ANN'");
    CHECK(db.scalar("SELECT count(*) FROM app.users WHERE email = 'ann@example.org' AND alias = 'ann'") == "1");
}

TEST_CASE("pg adoption: generated columns, collations and expression keys round trip and keep their rows") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "adopt_model");
    db.exec(
        "CREATE TABLE people (id int PRIMARY KEY, first text, last text, "
        "handle text COLLATE \"C\" NOT NULL, "
        "full_name text GENERATED ALWAYS AS (first || ' ' || last) STORED, "
        "price numeric(8,2), with_tax numeric(10,2) GENERATED ALWAYS AS (price * 1.2) STORED)");
    db.exec("CREATE UNIQUE INDEX people_handle_lower ON people (lower(handle))");
    db.exec("CREATE INDEX people_last_first ON people (lower(last), first DESC)");
    db.exec(
        "INSERT INTO people (id, first, last, handle, price) VALUES (1, 'Ada', 'Lovelace', 'Ada', 10.00), "
        "(2, 'Alan', 'Turing', 'alan', 2.50)");
    std::string dir = round_trip(db);
    std::string toml = read_file(dir + "/people.toml");
    INFO(toml);
    CHECK(toml.find("generated = ") != std::string::npos);
    CHECK(toml.find("(lower(handle))") != std::string::npos);
    CHECK(toml.find("collation = ") != std::string::npos);
    add_note_column(dir, "people");
    sync_converges(db, dir);
    CHECK(db.scalar("SELECT string_agg(full_name || '=' || with_tax, ',' ORDER BY id) FROM people") ==
          "Ada Lovelace=12.00,Alan Turing=3.00");
    CHECK(db.scalar("SELECT collation_name FROM information_schema.columns WHERE table_name = 'people' "
                    "AND column_name = 'handle'") == "C");
    // The expression key still refuses a handle equal to another but for case.
    CHECK_THROWS(db.exec("INSERT INTO people (id, first, last, handle) VALUES (3, 'x', 'y', 'ADA')"));

    // A changed generation expression: the column is computed again from the rows.
    std::string path = dir + "/people.toml";
    std::string t = read_file(path);
    auto at = t.find("1.2");
    REQUIRE(at != std::string::npos);
    t.replace(at, 3, "1.5");
    write_file(path, t);
    sync_converges(db, dir);
    CHECK(db.scalar("SELECT string_agg(with_tax::text, ',' ORDER BY id) FROM people") == "15.00,3.75");
    CHECK(db.scalar("SELECT string_agg(first || price, ',' ORDER BY id) FROM people") == "Ada10.00,Alan2.50");
}

TEST_CASE("pg adoption: views, triggers, policies, grants and partitions are named and never lost") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "adopt_unmanaged");
    db.exec("CREATE TABLE orders (id int PRIMARY KEY, total int, spare int, note text)");
    db.exec("INSERT INTO orders VALUES (1, 500, 7, 'a'), (2, 50, 8, 'b')");
    db.exec("CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100");
    db.exec("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$");
    db.exec("CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch()");
    db.exec("ALTER TABLE orders ENABLE ROW LEVEL SECURITY");
    db.exec("CREATE POLICY own_orders ON orders USING (total > 0)");
    db.exec("GRANT SELECT ON orders TO PUBLIC");
    db.exec("CREATE TABLE readings (at date NOT NULL, v int) PARTITION BY RANGE (at)");
    db.exec("CREATE TABLE readings_2026 PARTITION OF readings FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')");
    db.exec("INSERT INTO readings VALUES ('2026-05-01', 3)");
    db.exec("CREATE INDEX orders_id_with_note ON orders (id) INCLUDE (note)");
    db.exec("CREATE TABLE bookings (id int PRIMARY KEY, during tsrange, EXCLUDE USING gist (during WITH &&))");
    db.exec("INSERT INTO bookings VALUES (1, '[2026-01-01, 2026-01-02)')");

    std::string dir = db.dir() + "/inspected";
    auto in = run({"inspect", "--db", db.url(), "--out", dir});
    INFO(in.err);
    REQUIRE(in.code == 0);
    std::string orders = read_file(dir + "/orders.toml");
    INFO(orders);
    for (const char* name :
         {"big_orders", "orders_touch", "own_orders", "row level security", "grant", "orders_id_with_note"})
        CHECK(orders.find(name) != std::string::npos);
    CHECK(read_file(dir + "/bookings.toml").find("exclusion constraint") != std::string::npos);
    CHECK(read_file(dir + "/readings.toml").find("partition") != std::string::npos);
    CHECK_FALSE(fs::exists(dir + "/readings_2026.toml"));
    auto clean = run({"plan", "--db", db.url(), "--schema", dir});
    INFO(clean.out << clean.err);
    CHECK(clean.code == 0);

    // Dropping `total`, which the view and the policy use, is blocked by name;
    // dropping `spare`, which nothing uses, runs (a grant pins no column).
    std::string o = orders;
    for (const char* col : {"name = 'total'", "name = 'spare'"}) {
        auto at = o.find(col);
        REQUIRE(at != std::string::npos);
        auto start = o.rfind("[[table.column]]", at);
        auto end = o.find("[[table", at);
        o.erase(start, (end == std::string::npos ? o.size() : end) - start);
    }
    write_file(dir + "/orders.toml", o);
    auto p = run({"plan", "--db", db.url(), "--schema", dir, "--allow-drop"});
    INFO(p.out << p.err);
    CHECK(p.out.find("big_orders") != std::string::npos);
    CHECK(p.out.find("blocked") != std::string::npos);
    auto s = run({"sync", "--db", db.url(), "--schema", dir, "--yes", "--allow-drop"});
    INFO(s.out << s.err);
    CHECK(db.scalar("SELECT string_agg(id || ':' || total, ',' ORDER BY id) FROM orders") == "1:500,2:50");
    CHECK(db.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders' "
                    "AND column_name = 'spare'") == "0");
    CHECK(db.scalar("SELECT count(*) FROM big_orders") == "1");
    CHECK(db.scalar("SELECT count(*) FROM pg_trigger WHERE tgname = 'orders_touch'") == "1");
    CHECK(db.scalar("SELECT count(*) FROM pg_policy WHERE polname = 'own_orders'") == "1");

    // recreate would drop them all: refused by name, nothing changed.
    auto r = run({"recreate", "orders", "--db", db.url(), "--schema", dir, "--yes"});
    INFO(r.out << r.err);
    CHECK(r.code != 0);
    CHECK((r.out + r.err).find("big_orders") != std::string::npos);
    CHECK(db.scalar("SELECT count(*) FROM orders") == "2");
    auto rp = run({"recreate", "readings", "--db", db.url(), "--schema", dir, "--yes"});
    INFO(rp.out << rp.err);
    CHECK(rp.code != 0);
    CHECK((rp.out + rp.err).find("partition") != std::string::npos);
    CHECK(db.scalar("SELECT count(*) FROM readings_2026") == "1");
    auto rb = run({"recreate", "bookings", "--db", db.url(), "--schema", dir, "--yes"});
    INFO(rb.out << rb.err);
    CHECK(rb.code != 0);
    CHECK((rb.out + rb.err).find("exclusion constraint") != std::string::npos);
    CHECK(db.scalar("SELECT count(*) FROM pg_constraint WHERE contype = 'x'") == "1");
    CHECK(db.scalar("SELECT count(*) FROM pg_indexes WHERE indexname = 'orders_id_with_note'") == "1");
}

// inspect asks first whether a schema holds anything of these kinds at all
// (pg_unmanaged.cpp), and reads them only then: each kind, the only one in
// its schema, must still be found.
TEST_CASE("pg adoption: each kind the files do not manage is found when it is the schema's only one") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "adopt_unmanaged_alone");
    db.exec("CREATE SCHEMA other");
    db.exec("CREATE TABLE other.base (id int, v int)");
    db.exec("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$");
    struct Kind {
        std::string schema;
        std::vector<std::string> sql;  // {s} is the schema
        std::string table, found;      // the table's file says `found` is not managed ("": says nothing)
    };
    const std::vector<Kind> kinds{
        {"k_trigger",
         {"CREATE TRIGGER t_touch BEFORE UPDATE ON {s}.t FOR EACH ROW EXECUTE FUNCTION touch()"},
         "t",
         "t_touch"},
        {"k_view", {"CREATE VIEW other.t_view AS SELECT id FROM {s}.t"}, "t", "other.t_view"},
        {"k_matview", {"CREATE MATERIALIZED VIEW other.t_mat AS SELECT id FROM {s}.t"}, "t", "other.t_mat"},
        {"k_rule", {"CREATE RULE t_quiet AS ON DELETE TO {s}.t DO INSTEAD NOTHING"}, "t", "t_quiet"},
        {"k_policy", {"CREATE POLICY t_own ON {s}.t USING (v > 0)"}, "t", "t_own"},
        {"k_rls", {"ALTER TABLE {s}.t ENABLE ROW LEVEL SECURITY"}, "t", "row level security"},
        {"k_exclusion",
         {"ALTER TABLE {s}.t ADD CONSTRAINT t_excl EXCLUDE USING btree (v WITH =)"},
         "t",
         "exclusion constraint"},
        {"k_not_valid", {"ALTER TABLE {s}.t ADD CONSTRAINT t_pos CHECK (v > 0) NOT VALID"}, "t", "NOT VALID"},
        {"k_no_inherit", {"ALTER TABLE {s}.t ADD CONSTRAINT t_pos CHECK (v > 0) NO INHERIT"}, "t", "NO INHERIT"},
        {"k_partitioned",
         {"CREATE TABLE {s}.p (at date NOT NULL) PARTITION BY RANGE (at)",
          "CREATE TABLE other.p_2026 PARTITION OF {s}.p FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')"},
         "p",
         "partition"},
        {"k_child", {"CREATE TABLE {s}.c (extra int) INHERITS (other.base)"}, "c", "inheritance"},
        {"k_parent", {"CREATE TABLE other.k_parent_child (extra int) INHERITS ({s}.t)"}, "t", "k_parent_child"},
        {"k_unlogged", {"ALTER TABLE {s}.t SET UNLOGGED"}, "t", "UNLOGGED"},
        {"k_options", {"ALTER TABLE {s}.t SET (fillfactor = 70)"}, "t", "fillfactor=70"},
        {"k_grant", {"GRANT SELECT ON {s}.t TO PUBLIC"}, "t", "PUBLIC"},
        // None of them (a foreign key's internal triggers are not one): nothing is listed.
        {"k_none", {"ALTER TABLE {s}.t ADD FOREIGN KEY (v) REFERENCES {s}.t (id)"}, "t", ""},
    };
    for (const Kind& k : kinds) {
        db.exec("CREATE SCHEMA " + k.schema);
        db.exec("CREATE TABLE " + k.schema + ".t (id int PRIMARY KEY, v int)");
        for (std::string sql : k.sql) {
            for (auto at = sql.find("{s}"); at != std::string::npos; at = sql.find("{s}")) sql.replace(at, 3, k.schema);
            db.exec(sql);
        }
    }
    for (const Kind& k : kinds) {
        SECTION(k.schema) {
            std::string dir = db.dir() + "/" + k.schema;
            auto in = run({"inspect", "--db", db.url() + "?schema=" + k.schema, "--out", dir});
            INFO(in.err);
            REQUIRE(in.code == 0);
            std::string text = read_file(dir + "/" + k.table + ".toml");
            INFO(text);
            auto said = text.find("# not managed by schemactl: ");
            if (k.found.empty()) {
                CHECK(said == std::string::npos);
                continue;
            }
            REQUIRE(said != std::string::npos);
            CHECK(text.find(k.found, said) < text.find('\n', said));
        }
    }
}

// Regression: a column key's own collation went unseen (pg_get_indexdef of one
// key never prints COLLATE), so a recreate would have dropped it silently.
TEST_CASE("pg adoption: each kind of index the files cannot state is named with its definition") {
    REQUIRE_SERVER("postgres");
    TestDb db("postgres", "adopt_index_kinds");
    db.exec("CREATE TABLE t (id int PRIMARY KEY, a text, b text COLLATE \"C\", c int, d varchar(20))");
    db.exec("INSERT INTO t VALUES (1, 'x', 'y', 1, 'z'), (2, NULL, NULL, NULL, NULL)");
    const std::vector<std::pair<std::string, std::string>> unmanaged{
        {"CREATE INDEX t_opc ON t (a text_pattern_ops)", "an operator class"},
        {"CREATE INDEX t_nulls ON t (c NULLS FIRST)", "a NULLS order"},
        {"CREATE INDEX t_coll ON t (a COLLATE \"C\")", "a key collation of its own"},
        {"CREATE UNIQUE INDEX t_nnd ON t (c, d) NULLS NOT DISTINCT", "NULLS NOT DISTINCT"},
        {"CREATE INDEX t_incl ON t (c) INCLUDE (d)", "INCLUDE columns"}};
    for (const auto& [sql, why] : unmanaged) db.exec(sql);
    // What the files can state: a key in its column's own collation, expressions, DESC, a predicate.
    db.exec("CREATE INDEX t_coll_same ON t (b COLLATE \"C\")");
    db.exec("CREATE INDEX t_expr ON t (lower(a), c)");
    db.exec("CREATE INDEX t_plain ON t (d DESC, c) WHERE c > 0");

    std::string dir = db.dir() + "/inspected";
    auto in = run({"inspect", "--db", db.url(), "--out", dir});
    INFO(in.err);
    REQUIRE(in.code == 0);
    std::string t = read_file(dir + "/t.toml");
    INFO(t);
    for (const auto& [sql, why] : unmanaged) {
        std::string name = sql.substr(sql.find("t_"), sql.find(" ON ") - sql.find("t_"));
        CHECK(t.find("index " + name + " (CREATE ") != std::string::npos);
        CHECK(t.find(why) != std::string::npos);
        CHECK(t.find("name = '" + name + "'") == std::string::npos);
    }
    for (const char* name : {"t_coll_same", "t_expr", "t_plain"})
        CHECK(t.find("name = '" + std::string(name) + "'") != std::string::npos);
    auto clean = run({"plan", "--db", db.url(), "--schema", dir});
    INFO(clean.out << clean.err);
    CHECK(clean.code == 0);
}
