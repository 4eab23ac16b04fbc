// MariaDB's catalog read runs in batches of tables, on two sessions at once,
// when the schema has more tables than half of table_open_cache
// (docs/performance.md). That is only right if the batches together read
// exactly what one query per catalog table reads: the same database is read
// both ways here (the cache raised for the second) and the two snapshots
// must be equal. The filler tables are all one word in different letter
// cases: MariaDB compares TABLE_NAME without case, so a batch that named
// them without BINARY would read every one of them again.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <sstream>
#include <string>

#include "snapshot/snapshot.hpp"
#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;

namespace {

// The i-th spelling of "fillertable": bit b of i makes letter b upper case.
std::string filler_name(int i) {
    std::string w = "fillertable";
    for (std::size_t b = 0; b < w.size(); ++b)
        if (i & (1 << b)) w[b] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[b])));
    return w;
}

// Tables as someone else wrote them, whose parts the batches must not lose:
// a foreign key from the last batch to the first, rules, a check, json, an
// invisible column, a prefix and a descending key, full text on MyISAM,
// quoted and non-ASCII names, and what the files cannot hold (a view, a
// trigger, partitions, system versioning), each noted on its table.
const char* const kWritten = R"~(
CREATE TABLE a_parent (id INT PRIMARY KEY, code VARCHAR(20) NOT NULL, UNIQUE KEY uq_code (code));
CREATE TABLE `it's` (id INT PRIMARY KEY, `back\slash` INT DEFAULT 3 COMMENT 'it''s a \\ note');
CREATE TABLE `prénom` (id INT PRIMARY KEY, nom VARCHAR(30) CHARACTER SET latin1 COLLATE latin1_swedish_ci);
CREATE TABLE m_checks (id INT PRIMARY KEY, qty INT, doc JSON, hidden INT INVISIBLE, note TEXT,
  KEY k_desc (qty DESC), KEY k_note (note(12)), CONSTRAINT qty_pos CHECK (qty > 0));
CREATE TABLE m_myisam (id INT PRIMARY KEY, body TEXT, FULLTEXT KEY ft_body (body)) ENGINE=MyISAM;
CREATE TABLE n_versioned (id INT PRIMARY KEY, v INT) WITH SYSTEM VERSIONING;
CREATE TABLE p_parts (id INT NOT NULL, d DATE NOT NULL, PRIMARY KEY (id, d))
  PARTITION BY RANGE (YEAR(d)) (PARTITION p0 VALUES LESS THAN (2000), PARTITION p1 VALUES LESS THAN MAXVALUE);
CREATE TABLE z_child (id INT PRIMARY KEY, parent_id INT,
  CONSTRAINT fk_parent FOREIGN KEY (parent_id) REFERENCES a_parent (id) ON DELETE CASCADE ON UPDATE SET NULL);
CREATE VIEW v_parent AS SELECT id, code FROM a_parent;
CREATE TRIGGER trg_child BEFORE INSERT ON z_child FOR EACH ROW SET NEW.parent_id = NEW.parent_id;
)~";

// The snapshot with its tables in name order: tables whose names differ
// only in case come in either order from an ORDER BY that ignores case.
// Without the URL it was read from (users differ).
std::string sorted_snapshot(const std::string& file) {
    Snapshot s = read_snapshot(read_file(file), file);
    s.database.clear();
    std::sort(s.schema.tables.begin(), s.schema.tables.end(),
              [](const Table& a, const Table& b) { return a.name < b.name; });
    return write_snapshot(s);
}

}  // namespace

TEST_CASE("mysql: the catalog read in batches on two sessions reads what the unbatched read reads", "[scale]") {
    REQUIRE_SERVER("mysql");
    TestDb db("mysql", "batches");
    const int cache = std::stoi(db.scalar("SELECT @@GLOBAL.table_open_cache"));
    const int fillers = cache / 2 + 160;  // more tables than half the cache: batches
    INFO("table_open_cache " << cache << " (scripts/services.sh starts MariaDB with 2,000)");
    REQUIRE(fillers < 2048);  // spellings of an 11-letter word

    std::ostringstream ddl;
    ddl << kWritten;
    for (int i = 0; i < fillers; ++i)
        ddl << "CREATE TABLE `" << filler_name(i) << "` (id INT PRIMARY KEY, v VARCHAR(10), n" << i
            << " INT, KEY k_v (v)"
            << (i % 100 == 0 ? fmt::format(", CONSTRAINT fk_{0} FOREIGN KEY (n{0}) REFERENCES a_parent (id)", i) : "")
            << ");\n";
    const int loaded = load_with_client(db, write_file(db.dir() + "/ddl.sql", ddl.str()));
    INFO(read_file(db.dir() + "/client.log"));
    REQUIRE(loaded == 0);

    // Batched: -v shows each batch's queries, one whole statement a line
    // although two sessions send them.
    auto batched = run({"inspect", "-v", "--db", db.url(), "--snapshot", db.dir() + "/batched.snap"});
    INFO(batched.err.substr(0, 2000));
    REQUIRE(batched.code == 0);
    std::istringstream log(batched.err);
    int lines = 0, batch_queries = 0;
    for (std::string line; std::getline(log, line);) {
        if (line.rfind("wrote a snapshot", 0) == 0) continue;
        ++lines;
        CHECK(line.rfind("sql> ", 0) == 0);
        if (line.find("BINARY TABLE_NAME IN (") != std::string::npos) ++batch_queries;
    }
    CHECK(lines > 0);
    CHECK(batch_queries >= 2 * 6);  // two batches or more, six queries each

    std::string unbatched_log;
    {
        GlobalSetting raised(db, "table_open_cache", std::to_string(4 * fillers));
        auto unbatched = run({"inspect", "-v", "--db", db.url(), "--snapshot", db.dir() + "/unbatched.snap"});
        INFO(unbatched.err.substr(0, 2000));
        REQUIRE(unbatched.code == 0);
        unbatched_log = unbatched.err;
    }
    CHECK(unbatched_log.find("BINARY TABLE_NAME IN") == std::string::npos);

    const std::string a = sorted_snapshot(db.dir() + "/batched.snap");
    const std::string b = sorted_snapshot(db.dir() + "/unbatched.snap");
    CHECK(a == b);

    // A user allowed one connection: the second session is refused, and the
    // first reads every batch.
    {
        MysqlUser one_connection(db, "one", "SELECT, SHOW VIEW, TRIGGER", "WITH MAX_USER_CONNECTIONS 1");
        auto one = run({"inspect", "-v", "--db", one_connection.url(), "--snapshot", db.dir() + "/one.snap"});
        INFO(one.err.substr(0, 2000));
        REQUIRE(one.code == 0);
        CHECK(one.err.find("BINARY TABLE_NAME IN") != std::string::npos);
        CHECK(sorted_snapshot(db.dir() + "/one.snap") == a);
    }

    // A cache smaller than the tables: the tables one read leaves open are
    // read first by the next, out of name order (batch_tables); they still
    // come back as the batches in name order read them. The named tables
    // differ from each other without case, so their order is the server's.
    {
        GlobalSetting small(db, "table_open_cache", "600");  // batches of 150
        std::vector<std::string> runs;
        for (int k = 0; k < 2; ++k) {
            auto r = run({"inspect", "-v", "--db", db.url(), "--snapshot", db.dir() + "/small.snap"});
            INFO(r.err.substr(0, 2000));
            REQUIRE(r.code == 0);
            CHECK(r.err.find("SHOW OPEN TABLES FROM") != std::string::npos);
            runs.push_back(sorted_snapshot(db.dir() + "/small.snap"));
        }
        CHECK(runs[0] == a);
        CHECK(runs[1] == a);
        const std::vector<std::string> named = {"a_parent",    "it's",    "m_checks", "m_myisam",
                                                "n_versioned", "p_parts", "prénom",   "z_child"};
        std::vector<std::string> server_order, read_order;
        for (const auto& row : db.rows("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                                       "DATABASE() AND TABLE_TYPE <> 'VIEW' ORDER BY TABLE_NAME"))
            if (std::count(named.begin(), named.end(), row[0].value_or(""))) server_order.push_back(*row[0]);
        for (const auto& t : read_snapshot(read_file(db.dir() + "/small.snap"), "small.snap").schema.tables)
            if (std::count(named.begin(), named.end(), t.name)) read_order.push_back(t.name);
        CHECK(server_order.size() == named.size());
        CHECK(read_order == server_order);
    }

    // What a user would look for in it, read in batches.
    Snapshot s = read_snapshot(read_file(db.dir() + "/batched.snap"), "batched.snap");
    CHECK(s.schema.tables.size() == static_cast<std::size_t>(fillers) + 8);
    auto table = [&](const std::string& name) -> const Table* {
        for (const auto& t : s.schema.tables)
            if (t.name == name) return &t;
        return nullptr;
    };
    for (int i : {0, 1, fillers / 2, fillers - 1}) {
        const Table* t = table(filler_name(i));
        REQUIRE(t);
        CHECK(t->columns.size() == 3);
        CHECK(t->columns[2].name == "n" + std::to_string(i));
        // InnoDB gives a foreign key an index of its own.
        CHECK(t->indexes.size() == (i % 100 == 0 ? 2u : 1u));
        CHECK(t->foreign_keys.size() == (i % 100 == 0 ? 1u : 0u));
    }
    const Table* child = table("z_child");
    REQUIRE(child);
    REQUIRE(child->foreign_keys.size() == 1);
    CHECK(child->foreign_keys[0].ref_table == "a_parent");
    CHECK(child->foreign_keys[0].on_delete == "CASCADE");
    CHECK(child->foreign_keys[0].on_update == "SET NULL");
    const Table* checks = table("m_checks");
    REQUIRE(checks);
    REQUIRE(checks->checks.size() == 1);
    CHECK(checks->checks[0].name == "qty_pos");
    REQUIRE(checks->find_column("doc"));
    CHECK(checks->find_column("doc")->type == "json");
    auto noted = [&](const std::string& name, const std::string& kind) {
        const Table* t = table(name);
        return t && std::any_of(t->unmanaged.begin(), t->unmanaged.end(),
                                [&](const Unmanaged& u) { return u.kind == kind; });
    };
    CHECK(noted("a_parent", "view"));
    CHECK(noted("z_child", "trigger"));
    CHECK(noted("p_parts", "partitioning"));
    CHECK(noted("m_checks", "invisible column"));
    CHECK(noted("n_versioned", "system versioning"));

    // And the files inspect writes from it: plan finds the database in sync.
    auto out = run({"inspect", "--db", db.url(), "--out", db.dir() + "/files"});
    INFO(out.err);
    REQUIRE(out.code == 0);
    auto plan = run({"plan", "--db", db.url(), "--schema", db.dir() + "/files"});
    INFO(plan.out << plan.err);
    CHECK(plan.code == 0);
}
