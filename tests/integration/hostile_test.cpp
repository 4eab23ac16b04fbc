// Hostile schema content, the same on every database (the per-database
// hostile cases: hostile_sqlite_test.cpp, hostile_postgres_test.cpp,
// hostile_mysql_test.cpp): quotes, backslashes, ';', comment markers, unicode
// and NUL in every place a string can go. Either a clear validation error or
// the exact value stored, and never a statement other than the intended one.
#include <catch2/catch.hpp>

#include <optional>

#include "support.hpp"
#include "toml/writer.hpp"

using namespace schemactl;
using namespace schemactl::test;

namespace {

const std::vector<std::string> kNasty{
    "it's",         "say \"hi\"",     "back\\slash",       "semi; DROP TABLE victim; --", "/* not a comment */",
    "-- dash dash", "ünïcødé ✓ 日本", "tab\tand\nnewline", "'); DROP TABLE victim; --",   "\\'; DROP TABLE victim; --",
    "`backtick`",   "$$dollar$$"};

std::string toml_escape(const std::string& s) {
    std::string o;
    for (char c : s) {
        if (c == '"' || c == '\\') o += '\\';
        if (c == '\n') {
            o += "\\n";
            continue;
        }
        if (c == '\t') {
            o += "\\t";
            continue;
        }
        o += c;
    }
    return o;
}

}  // namespace

TEST_CASE("hostile strings in comments, defaults and enum values are stored exactly") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "hostile");
            db.exec("CREATE TABLE victim (id INT PRIMARY KEY)");
            std::string s;
            int i = 0;
            for (const auto& v : kNasty) {
                std::string e = toml_escape(v);
                s += "[[table]]\nname = \"h" + std::to_string(i) + "\"\ncomment = \"" + e +
                     "\"\nprimary_key = [\"id\"]\n";
                s += "  [[table.column]]\n  name = \"id\"\n  type = \"int\"\n";
                s += "  [[table.column]]\n  name = \"v\"\n  type = \"varchar(100)\"\n  default = \"" + e +
                     "\"\n  comment = \"" + e + "\"\n";
                s += "  [[table.column]]\n  name = \"e\"\n  type = \"enum\"\n  values = [\"plain\", \"" + e +
                     "\"]\n  nullable = true\n";
                ++i;
            }
            auto file = write_file(db.dir() + "/s.toml", s);
            auto r = run({"create", "--db", db.url(), "--schema", file, "--yes"});
            INFO(r.out << r.err);
            REQUIRE(r.code == 0);
            CHECK(run({"plan", "--db", db.url(), "--schema", file}).code == 0);
            Schema live = db.inspect();
            CHECK(live.find_table("victim"));  // nothing else ran
            for (std::size_t k = 0; k < kNasty.size(); ++k) {
                const Table* t = live.find_table("h" + std::to_string(k));
                REQUIRE(t);
                INFO(kNasty[k]);
                // The value a row gets from the default is the exact string.
                db.exec("INSERT INTO " + t->name + " (id) VALUES (1)");
                CHECK(db.scalar("SELECT v FROM " + t->name + " WHERE id = 1") == kNasty[k]);
                if (kind != "sqlite") {  // SQLite keeps no comments or enum values
                    CHECK(t->comment == kNasty[k]);
                    CHECK(t->find_column("v")->comment == kNasty[k]);
                    CHECK(t->find_column("e")->enum_values == std::vector<std::string>{"plain", kNasty[k]});
                }
            }
            // And inspect → TOML → plan is still clean.
            auto out = db.dir() + "/back";
            REQUIRE(run({"inspect", "--db", db.url(), "--out", out}).code == 0);
            auto p = run({"plan", "--db", db.url(), "--schema", out});
            INFO(p.out << p.err);
            CHECK(p.code == 0);
            record_outcome(kind,
                           "quotes, backslashes, ';', --, /* */, unicode, newlines in comments, defaults, enum values",
                           std::string("exact values stored") +
                               (kind == "sqlite" ? " (defaults; SQLite keeps no comments or enum values)" : "") +
                               "; only the intended tables exist; inspect round trip clean");
        }
    }
}

TEST_CASE("hostile identifiers are quoted, never run, NUL bytes get a clear error and change nothing") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "hostile_ids");
            db.exec("CREATE TABLE victim (id INT PRIMARY KEY)");
            // Any name the database stores is accepted (issue 14): each becomes
            // exactly one table of exactly that name, and nothing else runs.
            for (std::string name : {"x\\\"; DROP TABLE victim; --", "a b", "x`y", "ü", "x'y", "1x"}) {
                auto file = write_file(
                    db.dir() + "/s.toml",
                    "[[table]]\nname = \"" + name + "\"\n  [[table.column]]\n  name = \"id\"\n  type = \"int\"\n");
                auto r = run({"sync", "--db", db.url(), "--schema", file, "--yes"});
                INFO(name << ": " << r.err);
                CHECK(r.code == 0);
            }
            {
                Schema live = db.inspect();
                CHECK(live.tables.size() == 7);
                CHECK(live.find_table("x\"; DROP TABLE victim; --"));
                CHECK(live.find_table("x`y"));
                CHECK(live.find_table("x'y"));
                for (const auto& t : live.tables)
                    if (t.name != "victim") db.exec("DROP TABLE " + db.dialect().quote_ident(t.name));
            }
            auto nul = write_file(
                db.dir() + "/nul.toml",
                "[[table]]\nname = \"t\"\ncomment = \"a\\u0000b\"\n  [[table.column]]\n  name = \"id\"\n"
                "  type = \"int\"\n  [[table.column]]\n  name = \"v\"\n  type = \"text\"\n  nullable = true\n"
                "  comment = \"x\\u0000y\"\n");
            auto r = run({"sync", "--db", db.url(), "--schema", nul, "--yes"});
            INFO(r.out << r.err);
            if (kind == "sqlite") {
                CHECK(r.code == 0);  // SQLite stores no comments: nothing to refuse
            } else {
                CHECK(r.code == 1);
                CHECK(r.err.find("NUL") != std::string::npos);
                Schema live = db.inspect();
                CHECK(live.tables.size() == 1);
            }
            CHECK(db.inspect().find_table("victim"));
            record_outcome(kind, "identifiers with quotes, spaces, backticks, unicode, leading digit; NUL in a comment",
                           std::string("names quoted: one table of exactly each name, nothing else run; NUL: exit 1, "
                                       "\"contains a NUL byte\"") +
                               (kind == "sqlite" ? " (NUL only in a comment: SQLite stores none, accepted)" : "") +
                               "; nothing changed");
        }
    }
}

TEST_CASE("no password in any output, from the URL or the environment, even when things fail") {
    for (const auto& kind : database_kinds()) {
        if (kind == "sqlite") continue;
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "secrets");
            const std::string pw = "S3cr3t-Pa55";
            std::string dbname = db.url().substr(db.url().rfind('/') + 1);
            std::string hostport = db.url().substr(db.url().find('@') + 1);
            hostport = hostport.substr(0, hostport.find('/'));
            std::optional<MysqlUser> secret;
            if (kind == "mysql") secret.emplace(db, "secret", "ALL", "IDENTIFIED BY '" + pw + "'");
            std::string user = secret ? secret->name() : "postgres";
            std::string scheme = kind == "mysql" ? "mysql" : "postgres";
            std::string with_pw = scheme + "://" + user + ":" + pw + "@" + hostport + "/" + dbname;
            std::string without = scheme + "://" + user + "@" + hostport + "/" + dbname;
            std::string env_var = kind == "mysql" ? "MYSQL_PWD" : "PGPASSWORD";
            auto good = write_file(
                db.dir() + "/s.toml",
                "[[table]]\nname = \"t\"\nprimary_key = [\"id\"]\n  [[table.column]]\n  name = \"id\"\n"
                "  type = \"int\"\n");
            auto bad = write_file(db.dir() + "/bad.toml",
                                  "[[table]]\nname = \"t\"\n  [[table.column]]\n  name = \"id\"\n");
            std::vector<std::vector<std::string>> commands{{"ping"},
                                                           {"plan"},
                                                           {"create", "--yes"},
                                                           {"sync", "--yes"},
                                                           {"sync", "--dry-run"},
                                                           {"inspect"},
                                                           {"validate"},
                                                           {"recreate", "t", "--yes"},
                                                           {"plan", "--tables", "nope"},
                                                           {"create", "--test-connection"}};
            std::size_t checked = 0;
            for (const auto& url : {with_pw, without, with_pw + "x", with_pw.substr(0, with_pw.rfind('/')) + "/nodb"})
                for (const auto& schema : {good, bad})
                    for (auto cmd : commands) {
                        cmd.insert(cmd.end(), {"-v", "--db", url, "--schema", schema});
                        auto r = run(cmd, "", {{env_var, pw}});
                        std::string all = r.out + r.err;
                        INFO(cmd[0] << " " << url.substr(0, 8) << ": " << all.substr(0, 300));
                        CHECK(all.find(pw) == std::string::npos);
                        ++checked;
                    }
            CHECK(checked == 80);
            record_outcome(
                kind, "password in the URL and in " + env_var + ", 80 runs of every command with -v, failures forced",
                "the password appears in no byte of stdout or stderr");
        }
    }
}
