// --format json on every command (issue 15): each document conforms to
// docs/output.schema.json (checked by scripts/check-json-output.py, the
// validator CI scripts use), says format_version 1, and tells a program what
// a person would read in the text: what was created, applied, skipped,
// failed and not applied, with rows in the tables first; errors, refusals
// and bad arguments are JSON documents too, with the exit code unchanged.
#include <catch2/catch.hpp>
#include <cstdio>
#include <map>
#include <sstream>

#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;

namespace {

// One document, checked against the JSON Schema and flattened: "path" ->
// value ("applied#" is a list's length).
struct Doc {
    RunResult run;
    bool conforms = false;
    std::string check_output;
    std::map<std::string, std::string> f;
    std::string operator[](const std::string& path) const {
        auto it = f.find(path);
        return it == f.end() ? "<absent>" : it->second;
    }
    // Every value of `list.N.field`, joined with '|'.
    std::string all(const std::string& list, const std::string& field) const {
        std::string out;
        int n = f.count(list + "#") ? std::stoi(f.at(list + "#")) : 0;
        for (int i = 0; i < n; ++i) out += (i ? "|" : "") + (*this)[list + "." + std::to_string(i) + "." + field];
        return out;
    }
};

Doc json_run(const TestDb& db, std::vector<std::string> args) {
    Doc d;
    d.run = run(args);
    std::string file = write_file(db.dir() + "/out.json", d.run.out);
    std::string cmd = "'" + source_dir() + "/scripts/check-json-output.py' '" + file + "' 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p);
    char buf[4096];
    for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) d.check_output.append(buf, n);
    d.conforms = pclose(p) == 0;
    std::istringstream in(d.check_output);
    for (std::string line; std::getline(in, line);)
        if (auto eq = line.find('='); eq != std::string::npos) d.f[line.substr(0, eq)] = line.substr(eq + 1);
    INFO(args.front() << " printed:\n" << d.run.out << "\nstderr:\n" << d.run.err << "\ncheck:\n" << d.check_output);
    REQUIRE(d.conforms);
    REQUIRE(d["format_version"] == "1");
    REQUIRE(d["command"] == args.front());
    REQUIRE(d["exit_code"] == std::to_string(d.run.code));
    return d;
}

// A table with an int key `id` and nullable columns ("name type", or
// "name type!" for NOT NULL), in the schema-file format.
std::string table_toml(const std::string& name, const std::vector<std::string>& columns) {
    std::string t = "[[table]]\nname = \"" + name +
                    "\"\nprimary_key = [\"id\"]\n\n  [[table.column]]\n  name = \"id\"\n"
                    "  type = \"int\"\n";
    for (const auto& c : columns) {
        auto sp = c.find(' ');
        std::string type = c.substr(sp + 1);
        bool not_null = type.back() == '!';
        if (not_null) type.pop_back();
        t += "\n  [[table.column]]\n  name = \"" + c.substr(0, sp) + "\"\n  type = \"" + type + "\"\n" +
             (not_null ? "" : "  nullable = true\n");
    }
    return t + "\n";
}

}  // namespace

TEST_CASE("json output: ping, validate, create, sync, inspect, recreate, plan", "[json]") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "json");
            std::string schema = write_file(
                db.dir() + "/t.toml",
                table_toml("aa", {"name varchar(40)"}) + table_toml("bb", {"note varchar(40)", "old int"}));
            std::vector<std::string> on{"--db", db.url(), "--schema", schema, "--format", "json"};
            auto with = [&](std::vector<std::string> head) {
                head.insert(head.end(), on.begin(), on.end());
                return head;
            };

            Doc valid = json_run(db, with({"validate"}));
            CHECK(valid["tables"] == "2");
            CHECK(valid["dialects.0"] == kind);

            // create asks unless told; JSON never prompts.
            Doc asked = json_run(db, with({"create"}));
            CHECK(asked.run.code == 3);
            CHECK(asked["error.kind"] == "stopped");
            CHECK(asked["error.message"].find("--yes") != std::string::npos);
            CHECK(db.inspect().tables.empty());

            Doc created = json_run(db, with({"create", "--yes"}));
            CHECK(created.run.code == 0);
            CHECK(created["created#"] == "2");
            CHECK(created["applied#"] == "2");
            CHECK(created["failed#"] == "0");
            // (after create: ping never creates an SQLite file)
            Doc ping = json_run(db, with({"ping"}));
            CHECK(ping["ok"] == "true");
            CHECK(ping["dialect"] == kind);
            CHECK(ping["server_version"] != "");
            CHECK(ping["engine.name"] == (kind == "postgres" ? "postgresql" : kind == "mysql" ? "mariadb" : "sqlite"));
            CHECK(ping["engine.supported"] == "true");

            db.exec("INSERT INTO aa (id, name) VALUES (1, 'one'), (2, NULL)");
            db.exec("INSERT INTO bb (id, note, old) VALUES (1, 'x', 7), (2, NULL, 8)");
            Doc again = json_run(db, with({"create", "--yes", "--tables", "aa"}));
            CHECK(again["created#"] == "0");
            CHECK(again["existing.0"] == "aa");

            // Add a column to aa, drop bb.old without --allow-drop: applied,
            // and the drop listed as skipped with its reason; exit 3.
            write_file(schema,
                       table_toml("aa", {"name varchar(40)", "extra int"}) + table_toml("bb", {"note varchar(40)"}));
            Doc dry = json_run(db, with({"sync", "--dry-run", "--exit-code"}));
            CHECK(dry.run.code == 2);
            CHECK(dry["result"] == "dry run");
            CHECK(dry["plan.pending"] == "2");
            CHECK(dry["applied#"] == "0");

            Doc sync = json_run(db, with({"sync", "--yes"}));
            CHECK(sync.run.code == 3);
            CHECK(sync["ok"] == "false");
            CHECK(sync["result"] == "applied");
            CHECK(sync.all("applied", "summary").find("aa.extra") != std::string::npos);
            CHECK(sync["applied#"] == "1");
            CHECK(sync.all("skipped", "summary").find("bb.old") != std::string::npos);
            CHECK(sync.all("skipped", "reason").find("--allow-drop") != std::string::npos);
            CHECK(sync["error.kind"] == "stopped");
            CHECK(values_by_id(db, "aa", "name") == "1=one,2=NULL,");
            CHECK(values_by_id(db, "bb", "old") == "1=7,2=8,");  // not dropped

            // A step the database rejects (NOT NULL over a NULL, data checks
            // skipped) after one it accepts: failed names it; on
            // transactional DDL nothing stays applied, on MariaDB the earlier
            // step does, and the report says which.
            write_file(schema, table_toml("aa", {"name varchar(40)", "extra int", "more int"}) +
                                   table_toml("bb", {"note varchar(40)!", "old int"}));
            Doc checked = json_run(db, with({"sync", "--yes"}));
            CHECK(checked.run.code == 3);
            CHECK(checked["result"] == "stopped");
            CHECK(checked["plan.problems.0.table"] == "bb");
            CHECK(checked["applied#"] == "0");
            CHECK(checked["not_applied#"] == "2");

            Doc failed = json_run(db, with({"sync", "--yes", "--skip-data-checks"}));
            CHECK(failed.run.code == 1);
            CHECK(failed["result"] == "failed");
            CHECK(failed["error.kind"] == "error");
            CHECK(failed["failed#"] == "1");
            CHECK(failed["failed.0.table"] == "bb");
            bool more_live = db.inspect().find_table("aa")->find_column("more") != nullptr;
            if (kind == "mysql") {  // each statement commits: the report says what stayed
                CHECK((failed.all("applied", "summary").find("aa.more") != std::string::npos) == more_live);
            } else {
                CHECK(failed["applied#"] == "0");
                CHECK(failed.all("not_applied", "summary").find("aa.more") != std::string::npos);
                CHECK_FALSE(more_live);
            }
            CHECK(values_by_id(db, "bb", "note") == "1=x,2=NULL,");

            Doc insp = json_run(db, with({"inspect", "--tables", "aa"}));
            CHECK(insp["tables#"] == "1");
            CHECK(insp["tables.0.name"] == "aa");
            CHECK(insp["tables.0.primary_key.0"] == "id");
            CHECK(insp.all("tables.0.columns", "name").find("id|name|extra") == 0);

            Doc rec = json_run(db, with({"recreate", "aa", "--restore", "--yes"}));
            CHECK(rec.run.code == 0);
            CHECK(rec["tables.0.table"] == "aa");
            CHECK(rec["tables.0.rows_before"] == "2");
            CHECK(rec["tables.0.rows_after"] == "2");
            CHECK(rec["tables.0.backup"] != "");
            CHECK(values_by_id(db, "aa", "name") == "1=one,2=NULL,");

            Doc plan = json_run(db, with({"plan"}));
            CHECK(plan.run.code == 2);
            CHECK(plan["ok"] == "true");
            CHECK(plan["in_sync"] == "false");
        }
    }
}

TEST_CASE("json output: bad files, bad arguments and refusals are JSON documents", "[json]") {
    TestDb db("sqlite", "json_err");
    std::string schema = write_file(db.dir() + "/bad.toml", table_toml("aa", {"x no_such_type"}));
    Doc bad = json_run(db, {"validate", "--db", db.url(), "--schema", schema, "--format", "json"});
    CHECK(bad.run.code == 1);
    CHECK(bad["ok"] == "false");
    CHECK(bad["error.kind"] == "error");
    CHECK(bad["error.problems.0.file"].find("bad.toml") != std::string::npos);
    CHECK(bad["error.problems.0.line"] == "9");  // the column's entry
    CHECK(bad["error.problems.0.where"] == "aa.x");
    CHECK(bad.run.err.find("no_such_type") != std::string::npos);  // people still read stderr

    Doc usage = json_run(db, {"plan", "--db", db.url(), "--format", "json", "--no-such-option"});
    CHECK(usage.run.code == 1);
    CHECK(usage["error.kind"] == "usage");

    Doc interactive = json_run(db, {"sync", "--db", db.url(), "--schema", schema, "--interactive", "--format", "json"});
    CHECK(interactive.run.code == 1);
    CHECK(interactive["error.message"].find("--interactive") != std::string::npos);

    // The password is never printed, in JSON either.
    if (has_database("postgres")) {
        std::string url = std::string(std::getenv("SCHEMACTL_TEST_PG_URL"));
        url.replace(url.find("postgres@"), 9, "postgres:Sekr1tPw@");
        Doc ping = json_run(db, {"ping", "--db", url, "--format", "json"});
        CHECK(ping.run.out.find("Sekr1tPw") == std::string::npos);
    }
}
