// plan --format markdown and --format github on every database: a fixed pair
// of schema versions with one change of each safety class, rows that make a
// data problem, and the output compared with tests/golden/ (Markdown) or
// with the TOML lines that asked for each change (annotations).
//
// To rewrite the golden files after a deliberate change of the format:
//   SCHEMACTL_UPDATE_GOLDEN=1 build/integration_tests -# "[#plan_markdown_test]"
// then read the diff before committing it.
#include <sys/wait.h>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;
namespace fs = std::filesystem;

namespace {

// Version 1, created and filled before the plan.
const std::string kBefore = R"~([[table]]
name = "shelves"
primary_key = ["id"]
protected = ["label"]

  [[table.column]]
  name = "id"
  type = "bigint"
  auto_increment = true

  [[table.column]]
  name = "label"
  type = "varchar(40)"
  nullable = true

  [[table.column]]
  name = "note"
  type = "text"
  nullable = true

  [[table.column]]
  name = "width"
  type = "int"
  nullable = true
)~";

// Version 2: label (protected) goes: blocked; note goes: destructive,
// skipped without --allow-drop; width becomes NOT NULL while a row holds
// NULL: risky, with a data problem; colour and the table bins are new: safe.
const std::string kAfter = R"~([[table]]
name = "shelves"
primary_key = ["id"]
protected = ["label"]

  [[table.column]]
  name = "id"
  type = "bigint"
  auto_increment = true

  [[table.column]]
  name = "width"
  type = "int"

  [[table.column]]
  name = "colour"
  type = "varchar(20)"
  nullable = true

[[table]]
name = "bins"
primary_key = ["id"]

  [[table.column]]
  name = "id"
  type = "bigint"
  auto_increment = true

  [[table.column]]
  name = "shelf_id"
  type = "bigint"

  [[table.foreign_key]]
  columns = ["shelf_id"]
  ref_table = "shelves"
  ref_columns = ["id"]
)~";

void replace_all(std::string& s, const std::string& from, const std::string& to) {
    if (from.empty()) return;
    for (auto p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
}

// A database at version 1 with rows in it; kAfter written as schema.toml in its folder.
void prepare(TestDb& db) {
    write_file(db.dir() + "/before.toml", kBefore);
    auto c = run({"create", "--db", db.url(), "--schema", db.dir() + "/before.toml", "--yes"});
    INFO(c.out << c.err);
    REQUIRE(c.code == 0);
    db.exec("INSERT INTO shelves (label, note, width) VALUES ('oak', 'by the door', NULL)");
    db.exec("INSERT INTO shelves (label, note, width) VALUES ('pine', 'attic', 80)");
    write_file(db.dir() + "/schema.toml", kAfter);
}

// The 1-based line of the `[[table…]]` header that starts the entry holding
// `name = "<name>"` (the first after line `after`): where the reader says a
// table or column was defined.
int entry_line(const std::string& toml, const std::string& name, int after = 0) {
    std::istringstream in(toml);
    int n = 0, header = 0;
    for (std::string line; std::getline(in, line);) {
        ++n;
        if (line.find("[[") != std::string::npos) header = n;
        if (n > after && line.find("name = \"" + name + "\"") != std::string::npos) return header;
    }
    return -1;
}

}  // namespace

TEST_CASE("plan --format markdown matches the golden file on every database") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "plan_md");
            prepare(db);
            auto r = run({"plan", "--db", db.url(), "--schema", "schema.toml", "--format", "markdown"}, "", {},
                         db.dir());
            INFO(r.out << r.err);
            CHECK(r.code == 2);  // changes pending
            CHECK(r.err.empty());
            // Nothing run-specific belongs in the comment; should the SQL name
            // the database or the folder, they are normalised, not kept.
            std::string md = r.out;
            replace_all(md, db.dir(), "<dir>");
            replace_all(md, fs::path(db.dir()).filename().string(), "<db>");
            const std::string golden = source_dir() + "/tests/golden/plan_markdown_" + kind + ".md";
            if (const char* u = std::getenv("SCHEMACTL_UPDATE_GOLDEN"); u && std::string(u) == "1")
                write_file(golden, md);
            REQUIRE(fs::exists(golden));
            CHECK(md == read_file(golden));
            // What a reviewer must see whatever the dialect renders.
            CHECK(md.find("| blocked | 1 (not run) |") != std::string::npos);
            CHECK(md.find("| destructive | 1 (1 skipped without `--allow-drop`) |") != std::string::npos);
            CHECK(md.find("> - drop column shelves.label: protected column") != std::string::npos);
            CHECK(md.find("> - drop column shelves.note: not run") != std::string::npos);
            CHECK(md.find("| shelves | width | 1 | 1 rows hold NULL") != std::string::npos);
            CHECK(md.find("<summary><code>bins</code>") != std::string::npos);
            CHECK(md.find("<summary><code>shelves</code>") != std::string::npos);
            // The plan changed nothing: the rows are as they were.
            CHECK(values_by_id(db, "shelves", "width") == "1=NULL,2=80,");
            CHECK(values_by_id(db, "shelves", "note") == "1=by the door,2=attic,");
        }
    }
}

TEST_CASE("plan --format markdown in sync says no changes and exits 0") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "plan_md_sync");
            write_file(db.dir() + "/before.toml", kBefore);
            REQUIRE(run({"create", "--db", db.url(), "--schema", db.dir() + "/before.toml", "--yes"}).code == 0);
            auto r = run({"plan", "--db", db.url(), "--schema", db.dir() + "/before.toml", "--format", "markdown"});
            INFO(r.out << r.err);
            CHECK(r.code == 0);
            CHECK(r.out == "## schemactl plan (" + db.dialect().name() +
                               ")\n\n**No changes**: the database matches the schema files.\n");
        }
    }
}

TEST_CASE("plan --format github annotates the TOML lines that asked for each change") {
    const int shelves = entry_line(kAfter, "shelves");
    const int width = entry_line(kAfter, "width");
    REQUIRE(shelves > 0);
    REQUIRE(width > shelves);
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "plan_gh");
            prepare(db);
            auto r = run({"plan", "--db", db.url(), "--schema", "schema.toml", "--format", "github"}, "", {}, db.dir());
            INFO(r.out << r.err);
            CHECK(r.code == 2);
            std::vector<std::string> lines;
            std::istringstream in(r.out);
            for (std::string l; std::getline(in, l);) lines.push_back(l);
            auto has = [&](const std::string& prefix, const std::string& part) {
                for (const auto& l : lines)
                    if (l.rfind(prefix, 0) == 0 && l.find(part) != std::string::npos) return true;
                return false;
            };
            const std::string at_table = fmt::format("file=schema.toml,line={},", shelves);
            const std::string at_width = fmt::format("file=schema.toml,line={},", width);
            // Blocked: the protected column's drop, at the table that no longer lists it.
            CHECK(has("::error " + at_table, "::drop column shelves.label: protected column"));
            // Skipped destructive drop: a warning at the table.
            CHECK(has("::warning " + at_table, "drop column shelves.note: not run"));
            // The data problem: an error at the column that asked for NOT NULL.
            CHECK(has("::error " + at_width, "title=schemactl%3A data problem in shelves.width::1 rows hold NULL"));
            // The risky step (set not null, alone or in a rebuild) points at width too.
            CHECK(has("::warning " + at_width, "title=schemactl%3A risky step on shelves::"));
            // Safe steps (bins is created) are not annotated; the summary closes the output.
            for (const auto& l : lines) CHECK(l.find("bins") == std::string::npos);
            REQUIRE(!lines.empty());
            CHECK(lines.back().rfind("schemactl plan: ", 0) == 0);
            CHECK(values_by_id(db, "shelves", "width") == "1=NULL,2=80,");
        }
    }
}

// docs/ci.md's ci/schema-plan.sh, taken from the document as a user would
// copy it, run with the schemactl under test first on PATH.
namespace {

struct ScriptResult {
    int code = -1;
    std::string out, comment;
};

ScriptResult run_ci_script(TestDb& db, const std::string& schema, const std::string& env = "") {
    const std::string doc = read_file(source_dir() + "/docs/ci.md");
    const std::string start = "#!/bin/sh\n# ci/schema-plan.sh";
    auto b = doc.find(start);
    REQUIRE(b != std::string::npos);
    auto e = doc.find("\n```", b);
    REQUIRE(e != std::string::npos);
    const std::string script = write_file(db.dir() + "/schema-plan.sh", doc.substr(b, e - b + 1));
    const std::string bin_dir = fs::path(SCHEMACTL_BINARY).parent_path().string();
    fs::remove(db.dir() + "/plan.md");
    std::string cmd = fmt::format(
        "cd '{}' && {} PATH='{}':\"$PATH\" SCHEMACTL_DATABASE_URL='{}' sh '{}' --schema '{}' "
        "> script.out 2>&1",
        db.dir(), env, bin_dir, db.url(), script, schema);
    int status = std::system(cmd.c_str());
    ScriptResult r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_file(db.dir() + "/script.out");
    if (fs::exists(db.dir() + "/plan.md")) r.comment = read_file(db.dir() + "/plan.md");
    return r;
}

}  // namespace

TEST_CASE("docs/ci.md's script posts the plan and gates on blocked steps, data problems and errors") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "plan_ci");
            prepare(db);
            // Blocked step and data problem: the job fails, the comment is the Markdown plan.
            auto r = run_ci_script(db, "schema.toml");
            INFO(r.out);
            CHECK(r.code == 1);
            auto direct = run({"plan", "--db", db.url(), "--schema", "schema.toml", "--format", "markdown"}, "", {},
                              db.dir());
            CHECK(r.comment == direct.out);
            CHECK(r.out.find("::error file=schema.toml,") != std::string::npos);
            CHECK(r.out.find("blocked steps or data problems") != std::string::npos);

            // Fill the row, keep the protected column: only reviewable changes remain.
            db.exec("UPDATE shelves SET width = 60 WHERE width IS NULL");
            std::string kept = kAfter;
            replace_all(kept, "  [[table.column]]\n  name = \"width\"",
                        "  [[table.column]]\n  name = \"label\"\n  type = \"varchar(40)\"\n  nullable = true\n\n"
                        "  [[table.column]]\n  name = \"width\"");
            write_file(db.dir() + "/reviewable.toml", kept);
            auto ok = run_ci_script(db, "reviewable.toml");
            INFO(ok.out);
            CHECK(ok.code == 0);
            CHECK(ok.comment.find("| blocked | 0 |") != std::string::npos);
            CHECK(ok.comment.find("### Data problems") == std::string::npos);
            CHECK(ok.out.find("::warning") != std::string::npos);  // the skipped drop and the risky step
            // A drift check fails on pending changes when asked to.
            auto drift = run_ci_script(db, "reviewable.toml", "SCHEMA_PLAN_FAIL_ON_PENDING=1");
            CHECK(drift.code == 2);

            // In sync: 0 and a "no changes" comment.
            auto in_sync = run_ci_script(db, "before.toml", "SCHEMA_PLAN_FAIL_ON_PENDING=1");
            INFO(in_sync.out);
            CHECK(in_sync.code == 0);
            CHECK(in_sync.comment.find("**No changes**") != std::string::npos);

            // An error (a file that is not there): exit 1, and the comment says the plan failed.
            auto broken = run_ci_script(db, "missing.toml");
            CHECK(broken.code == 1);
            CHECK(broken.comment.find("**The plan failed** (exit 1)") != std::string::npos);
            // Nothing was applied along the way.
            CHECK(values_by_id(db, "shelves", "note") == "1=by the door,2=attic,");
        }
    }
}
