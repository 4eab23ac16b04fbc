// sync --interactive in a real terminal: every key, on every database, with
// rows in the tables first and their values checked after.
#include <catch2/catch.hpp>

#include "pty.hpp"
#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;

namespace {

// accounts gains a nullable column and an index on it; zevents loses its
// payload column (destructive).
std::string two_tables(bool changed) {
    std::string s = R"~(
[[table]]
name = "accounts"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "name"
  type = "varchar(40)"
)~";
    if (changed)
        s += R"~(  [[table.column]]
  name = "email"
  type = "varchar(80)"
  nullable = true
  [[table.index]]
  name = "accounts_email_ix"
  columns = ["email"]
)~";
    s += R"~(
[[table]]
name = "zevents"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
)~";
    if (!changed) s += "  [[table.column]]\n  name = \"payload\"\n  type = \"text\"\n  nullable = true\n";
    return s;
}

struct Fixture {
    TestDb db;
    std::string file;
    Fixture(const std::string& kind, const std::string& tag) : db(kind, tag) {
        file = write_file(db.dir() + "/s.toml", two_tables(false));
        REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
        db.exec("INSERT INTO accounts (id, name) VALUES (1, 'ann'), (2, 'bob')");
        db.exec("INSERT INTO zevents (id, payload) VALUES (1, 'p1'), (2, 'p2')");
        write_file(file, two_tables(true));
    }
    PtyResult sync(const std::vector<std::pair<std::string, std::string>>& answers) {
        return run_in_pty({"sync", "--db", db.url(), "--schema", file, "--interactive"}, answers);
    }
    bool has_column(const std::string& t, const std::string& c) { return db.inspect().find_table(t)->find_column(c); }
    bool has_index(const std::string& t, const std::string& i) { return db.inspect().find_table(t)->find_index(i); }
    // The rows as they were put in: nothing lost, whatever was answered.
    void rows_intact(bool payload_kept) {
        CHECK(db.scalar("SELECT name FROM accounts WHERE id = 1") == "ann");
        CHECK(db.scalar("SELECT name FROM accounts WHERE id = 2") == "bob");
        CHECK(db.scalar("SELECT COUNT(*) FROM zevents") == "2");
        if (payload_kept) CHECK(db.scalar("SELECT payload FROM zevents WHERE id = 2") == "p2");
    }
    void unchanged() {
        CHECK_FALSE(has_column("accounts", "email"));
        CHECK(has_column("zevents", "payload"));
        rows_intact(true);
    }
};

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("interactive sync: overview, table i of n, y applies, exit 0") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            Fixture f(kind, "iy");
            auto r = f.sync({{"table accounts?", "y"}, {"table zevents?", "y"}});
            INFO(r.transcript);
            CHECK(r.code == 0);
            CHECK(contains(r.transcript, "Interactive sync: 2 tables to change"));
            CHECK(contains(r.transcript, "1 destructive"));
            CHECK(contains(r.transcript, "[table 1 of 2] accounts"));
            CHECK(contains(r.transcript, "[table 2 of 2] zevents"));
            CHECK(contains(r.transcript, "Summary: 2 applied"));
            CHECK(f.has_column("accounts", "email"));
            CHECK(f.has_index("accounts", "accounts_email_ix"));
            CHECK_FALSE(f.has_column("zevents", "payload"));
            f.rows_intact(false);
            CHECK(f.db.scalar("SELECT COUNT(*) FROM accounts WHERE email IS NULL") == "2");
        }
    }
}

TEST_CASE("interactive sync: a shows every remaining step and asks once more") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            Fixture f(kind, "ia");
            // a, then no at the confirmation: back at the same prompt; n; q.
            auto no = f.sync({{"table accounts?", "a"},
                              {"without asking again?", "n"},
                              {"table accounts?", "n"},
                              {"table zevents?", "q"}});
            INFO(no.transcript);
            CHECK(no.code == 3);
            auto shown = no.transcript.find("drop column zevents.payload");
            auto asked = no.transcript.find("without asking again?");
            REQUIRE(asked != std::string::npos);
            CHECK(shown < asked);  // the destructive step was on screen before the question
            CHECK_FALSE(contains(no.transcript, "Applied"));
            f.unchanged();

            auto yes = f.sync({{"table accounts?", "a"}, {"without asking again?", "y"}});
            INFO(yes.transcript);
            CHECK(yes.code == 0);
            CHECK(f.has_column("accounts", "email"));
            CHECK_FALSE(f.has_column("zevents", "payload"));
            CHECK_FALSE(contains(yes.transcript, "table zevents?"));  // not asked again
            f.rows_intact(false);
        }
    }
}

TEST_CASE("interactive sync: n, Enter, ? and q change nothing") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            Fixture f(kind, "in");
            auto r = f.sync({{"table accounts?", "?"}, {"table accounts?", "n"}, {"table zevents?", ""}});
            INFO(r.transcript);
            CHECK(r.code == 3);
            CHECK(contains(r.transcript, "step through: choose each change"));  // the help
            CHECK(contains(r.transcript, "[N]o"));
            CHECK(contains(r.transcript, "Skipped zevents."));  // Enter = no
            CHECK(contains(r.transcript, "Summary: 0 applied, 0 partly applied, 2 not applied, 0 failed"));
            f.unchanged();

            auto q = f.sync({{"table accounts?", "q"}});
            INFO(q.transcript);
            CHECK(q.code == 3);
            CHECK(contains(q.transcript, "Stopped at table accounts"));
            f.unchanged();

            auto skip_then_apply = f.sync({{"table accounts?", "n"}, {"table zevents?", "y"}});
            INFO(skip_then_apply.transcript);
            CHECK(skip_then_apply.code == 3);
            CHECK_FALSE(f.has_column("accounts", "email"));
            CHECK_FALSE(f.has_column("zevents", "payload"));
            f.rows_intact(false);
        }
    }
}

TEST_CASE("interactive sync: s steps through a table, an index on a column not added is skipped with it") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            Fixture f(kind, "is");
            // Decline the column: its index goes with it, nothing is left to apply.
            auto none = f.sync({{"table accounts?", "s"}, {"[safe]? [y/N]", "n"}, {"table zevents?", "n"}});
            INFO(none.transcript);
            CHECK(none.code == 3);
            CHECK(contains(none.transcript, "skipped: create index accounts_email_ix"));
            f.unchanged();

            // The column yes, the index no.
            auto some = f.sync({{"table accounts?", "s"},
                                {"[safe]? [y/N]", "y"},
                                {"[safe]? [y/N]", "n"},
                                {"Apply these? [y/N]", "y"},
                                {"table zevents?", "n"}});
            INFO(some.transcript);
            CHECK(some.code == 3);
            CHECK(contains(some.transcript, "partly applied  accounts (1 of 2 changes)"));
            CHECK(f.has_column("accounts", "email"));
            CHECK_FALSE(f.has_index("accounts", "accounts_email_ix"));
            CHECK(f.has_column("zevents", "payload"));
            f.rows_intact(true);
            CHECK(f.db.scalar("SELECT COUNT(*) FROM accounts WHERE email IS NULL") == "2");

            // What is left converges.
            auto rest = f.sync({{"table accounts?", "y"}, {"table zevents?", "y"}});
            INFO(rest.transcript);
            CHECK(rest.code == 0);
            CHECK(f.has_index("accounts", "accounts_email_ix"));
            CHECK(run({"plan", "--db", f.db.url(), "--schema", f.file}).code == 0);
        }
    }
}

TEST_CASE("interactive sync: Ctrl-C, Ctrl-D and typed-ahead keys at a prompt") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            Fixture f(kind, "ic");
            auto c = f.sync({{"table accounts?", ctrl_c}});
            INFO(c.transcript);
            CHECK(c.code == 3);
            CHECK(contains(c.transcript, "Interrupted (Ctrl-C) at table accounts"));
            CHECK(contains(c.transcript, "Summary: 0 applied"));
            f.unchanged();

            // Ctrl-C after the first table was applied: it stays, the summary says so.
            auto c2 = f.sync({{"table accounts?", "y"}, {"table zevents?", ctrl_c}});
            INFO(c2.transcript);
            CHECK(c2.code == 3);
            CHECK(contains(c2.transcript, "applied         accounts"));
            CHECK(contains(c2.transcript, "interrupted     zevents"));
            CHECK(f.has_column("accounts", "email"));
            CHECK(f.has_column("zevents", "payload"));
            f.rows_intact(true);

            auto d = f.sync({{"table zevents?", ctrl_d}});
            INFO(d.transcript);
            CHECK(d.code == 3);
            CHECK(f.has_column("zevents", "payload"));

            // "y" typed before the prompt appeared must not answer it.
            auto ahead = f.sync({{"", "y"}, {"table zevents?", "n"}});
            INFO(ahead.transcript);
            CHECK(ahead.code == 3);
            CHECK(contains(ahead.transcript, "Skipped zevents."));
            CHECK(f.has_column("zevents", "payload"));
            f.rows_intact(true);
        }
    }
}

namespace {

std::string table(const std::string& name, const std::string& extra) {
    return "\n[[table]]\nname = \"" + name +
           "\"\nprimary_key = [\"id\"]\n  [[table.column]]\n  name = \"id\"\n  type = \"int\"\n  [[table.column]]\n"
           "  name = \"v\"\n  type = \"int\"\n  nullable = true\n" +
           extra;
}

const std::string note_col = "  [[table.column]]\n  name = \"note\"\n  type = \"varchar(20)\"\n  nullable = true\n";

}  // namespace

TEST_CASE("interactive sync: a failing table, the tables before it stay applied, and the message says so") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "ifail");
            std::string unique_v = "  [[table.index]]\n  name = \"t3_v_uq\"\n  columns = [\"v\"]\n  unique = true\n";
            auto file = write_file(db.dir() + "/s.toml", table("t1", "") + table("t2", "") + table("t3", ""));
            REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
            for (std::string t : {"t1", "t2", "t3"}) db.exec("INSERT INTO " + t + " (id, v) VALUES (1, 7), (2, 7)");
            write_file(file, table("t1", note_col) + table("t2", note_col) + table("t3", unique_v));
            // The data check would stop t3 first; let the server reject it instead.
            auto r = run_in_pty({"sync", "--db", db.url(), "--schema", file, "--interactive", "--skip-data-checks"},
                                {{"table t1?", "y"}, {"table t2?", "y"}, {"table t3?", "y"}});
            INFO(r.transcript);
            CHECK(r.code == 1);
            CHECK_FALSE(contains(r.transcript, "exactly as it was before this run"));
            CHECK(contains(r.transcript, "Table t3 failed"));
            CHECK(contains(r.transcript, "applied         t1"));
            CHECK(contains(r.transcript, "applied         t2"));
            CHECK(contains(r.transcript, "failed          t3"));
            Schema live = db.inspect();
            CHECK(live.find_table("t1")->find_column("note"));
            CHECK(live.find_table("t2")->find_column("note"));
            CHECK_FALSE(live.find_table("t3")->find_index("t3_v_uq"));
            for (std::string t : {"t1", "t2", "t3"})
                CHECK(db.scalar("SELECT COUNT(*) FROM " + t + " WHERE v = 7") == "2");
        }
    }
}

TEST_CASE("interactive sync: a foreign key needing a skipped table's column is flagged, not run") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "ifk");
            std::string owners =
                "\n[[table]]\nname = \"owners\"\nprimary_key = [\"id\"]\n  [[table.column]]\n"
                "  name = \"id\"\n  type = \"int\"\n";
            std::string code =
                "  [[table.column]]\n  name = \"code\"\n  type = \"int\"\n  nullable = true\n"
                "  [[table.index]]\n  name = \"owners_code_uq\"\n  columns = [\"code\"]\n  unique = true\n";
            std::string pets =
                "\n[[table]]\nname = \"pets\"\nprimary_key = [\"id\"]\n  [[table.column]]\n"
                "  name = \"id\"\n  type = \"int\"\n";
            std::string fk =
                "  [[table.column]]\n  name = \"owner_code\"\n  type = \"int\"\n  nullable = true\n"
                "  [[table.foreign_key]]\n  name = \"pets_owner_fk\"\n  columns = [\"owner_code\"]\n"
                "  ref_table = \"owners\"\n  ref_columns = [\"code\"]\n";
            auto file = write_file(db.dir() + "/s.toml", owners + pets);
            REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
            db.exec("INSERT INTO owners (id) VALUES (1)");
            db.exec("INSERT INTO pets (id) VALUES (10), (11)");
            write_file(file, owners + code + pets + fk);
            auto r = run_in_pty({"sync", "--db", db.url(), "--schema", file, "--interactive"},
                                {{"table owners?", "n"}, {"table pets?", "y"}});
            INFO(r.transcript);
            CHECK(r.code == 3);
            CHECK(contains(r.transcript, "not applicable: add foreign key pets_owner_fk"));
            CHECK(contains(r.transcript, "which was not applied (skipped)"));
            CHECK(contains(r.transcript, "partly applied  pets ("));
            Schema live = db.inspect();
            CHECK_FALSE(live.find_table("owners")->find_column("code"));
            CHECK(live.find_table("pets")->find_column("owner_code"));
            CHECK(live.find_table("pets")->foreign_keys.empty());
            CHECK(db.scalar("SELECT COUNT(*) FROM pets WHERE owner_code IS NULL") == "2");
            CHECK(db.scalar("SELECT COUNT(*) FROM owners") == "1");
        }
    }
}

TEST_CASE("interactive sync: a data problem stops its own table, not the session") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "idata");
            std::string strict =
                "\n[[table]]\nname = \"people\"\nprimary_key = [\"id\"]\n  [[table.column]]\n"
                "  name = \"id\"\n  type = \"int\"\n  [[table.column]]\n  name = \"nick\"\n"
                "  type = \"varchar(20)\"\n";
            std::string loose = strict + "  nullable = true\n";
            auto file = write_file(db.dir() + "/s.toml", table("alpha", "") + loose);
            REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
            db.exec("INSERT INTO people (id, nick) VALUES (1, 'x'), (2, NULL)");
            db.exec("INSERT INTO alpha (id, v) VALUES (1, 5)");
            write_file(file, table("alpha", note_col) + strict);
            auto r = run_in_pty({"sync", "--db", db.url(), "--schema", file, "--interactive"}, {{"table alpha?", "y"}});
            INFO(r.transcript);
            CHECK(r.code == 3);
            CHECK(contains(r.transcript, "data problems"));
            CHECK(contains(r.transcript, "not applied     people (data problems)"));
            CHECK_FALSE(contains(r.transcript, "table people?"));
            Schema live = db.inspect();
            CHECK(live.find_table("alpha")->find_column("note"));
            CHECK(live.find_table("people")->find_column("nick")->nullable);
            CHECK(db.scalar("SELECT nick FROM people WHERE id = 1") == "x");
            CHECK(db.scalar("SELECT COUNT(*) FROM people WHERE nick IS NULL") == "1");
            CHECK(db.scalar("SELECT v FROM alpha WHERE id = 1") == "5");
        }
    }
}
