// plan and inspect never wait forever behind another session's lock: the
// catalog read and the data checks are bounded by [safety] lock_timeout, and
// the error names what waited and how to raise the bound.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <thread>

#include "config/database_url.hpp"
#include "schema/error.hpp"
#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;

namespace {

constexpr double kLockTimeoutS = 1.0;
// The machine running the tests may be slow; without the bound a run would
// wait the holder's whole 60 s.
constexpr double kMarginS = 20.0;

// t has a check (PostgreSQL's catalog read locks a table to print one, to
// name the columns it uses; a plain default is printed without the table);
// u has none, and the files make u.v NOT NULL: a data check counts its NULLs.
const char* kFiles = R"TOML([[table]]
name = "t"
primary_key = ["id"]
  [[table.check]]
  name = "t_id_check"
  expr = "id > 0"
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "v"
  type = "varchar(10)"
  default = "x"
[[table]]
name = "u"
primary_key = ["id"]
  [[table.column]]
  name = "id"
  type = "int"
  [[table.column]]
  name = "v"
  type = "varchar(10)"
)TOML";

struct Timed {
    RunResult r;
    double seconds = 0;
};

Timed timed_run(const std::vector<std::string>& args) {
    auto t0 = std::chrono::steady_clock::now();
    Timed t{run(args), 0};
    t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return t;
}

// Another session holding a lock on one table for up to 60 s, in a thread;
// release() ends it at once.
class Holder {
public:
    Holder(TestDb& db, const std::string& table) : db_(db) {
        conn_ = db.dialect().connect(parse_database_url(db.url()), false);
        if (db.kind() == "sqlite") {
            conn_->exec("BEGIN EXCLUSIVE");  // SQLite's locks are per file
            return;
        }
        id_ = conn_->query(db.kind() == "postgres" ? "SELECT pg_backend_pid()" : "SELECT CONNECTION_ID()")
                  .rows[0][0]
                  .value_or("");
        thread_ = std::thread([this, table, kind = db.kind()] {
            try {
                if (kind == "postgres") {
                    conn_->exec("BEGIN");
                    conn_->exec("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
                    locked_ = true;
                    conn_->exec("SELECT pg_sleep(60)");
                } else {
                    conn_->exec("LOCK TABLES " + table + " WRITE");
                    locked_ = true;
                    conn_->query("SELECT SLEEP(60)");
                }
            } catch (const std::exception&) {
            }
        });
        for (int i = 0; i < 500 && !locked_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        std::this_thread::sleep_for(std::chrono::milliseconds(200));  // LOCK sent, the sleep started
    }
    ~Holder() { release(); }
    void release() {
        if (db_.kind() == "sqlite") {
            if (conn_) conn_->exec("ROLLBACK");
            conn_.reset();
            return;
        }
        if (!thread_.joinable()) return;
        try {
            db_.exec(db_.kind() == "postgres" ? "SELECT pg_cancel_backend(" + id_ + ")" : "KILL QUERY " + id_);
        } catch (const std::exception&) {
        }
        thread_.join();
        conn_.reset();  // closing ends the transaction / the table lock
    }

private:
    TestDb& db_;
    std::unique_ptr<Driver> conn_;
    std::string id_;
    std::thread thread_;
    std::atomic<bool> locked_{false};
};

}  // namespace

TEST_CASE("read bounds: plan and inspect stop after lock_timeout behind another session's lock", "[locks]") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "read_bounds");
            db.exec(
                "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10) DEFAULT 'x', CONSTRAINT t_id_check CHECK (id > 0))");
            db.exec("CREATE TABLE u (id INT PRIMARY KEY, v VARCHAR(10))");
            db.exec("INSERT INTO t (id) VALUES (1)");
            db.exec("INSERT INTO u (id, v) VALUES (1, NULL), (2, 'b')");
            auto files = write_file(db.dir() + "/s.toml", kFiles);
            auto config = write_file(db.dir() + "/schemactl.toml", "[safety]\nlock_timeout = \"1s\"\n");
            const std::vector<std::string> common{"--config", config, "--db", db.url(), "--schema", files};
            auto with = [&](std::vector<std::string> args) {
                args.insert(args.end(), common.begin(), common.end());
                return args;
            };
            // Unlocked: plan sees the one change (u.v NOT NULL) and its data problem.
            auto free = timed_run(with({"plan"}));
            INFO(free.r.out << free.r.err);
            REQUIRE(free.r.code == 2);

            // The catalog read (PostgreSQL prints t's check under a lock;
            // SQLite's whole file is locked). MariaDB reads its catalog
            // without waiting for LOCK TABLES; its plan waits in t's data check.
            {
                Holder h(db, "t");
                for (const char* cmd : {"plan", "inspect"}) {
                    auto r = timed_run(with({cmd}));
                    INFO(cmd << " took " << r.seconds << " s: " << r.r.out << r.r.err);
                    CHECK(r.seconds < kLockTimeoutS + kMarginS);
                    if (kind == "mysql" && std::string(cmd) == "inspect") {
                        CHECK(r.r.code == 0);  // information_schema does not wait for LOCK TABLES
                        continue;
                    }
                    CHECK(r.r.code == 1);
                    CHECK(r.r.err.find("lock_timeout") != std::string::npos);
                    CHECK(r.r.err.find("[safety]") != std::string::npos);
                    if (kind == "postgres") {
                        CHECK(r.r.err.find("table t is locked in ACCESS EXCLUSIVE mode") != std::string::npos);
                        CHECK(r.r.err.find("1000 ms") != std::string::npos);
                    } else if (kind == "mysql") {  // t.v's data check (NULLs) waited
                        CHECK(r.r.err.find("holds a lock on t ") != std::string::npos);
                    } else {
                        CHECK(r.r.err.find("is locked by another connection") != std::string::npos);
                    }
                }
            }
            // The data checks: u's catalog reads need no lock on PostgreSQL
            // and MariaDB, its SELECT COUNT(*) does.
            if (kind != "sqlite") {
                // A lock in another database of the same server, as another
                // application (or test) holds: the message names only u.
                std::optional<TestDb> other;
                std::optional<Holder> elsewhere;
                if (kind == "mysql") {
                    other.emplace(kind, "read_bounds_other");
                    other->exec("CREATE TABLE w (id INT PRIMARY KEY)");
                    elsewhere.emplace(*other, "w");
                }
                Holder h(db, "u");
                auto r = timed_run(with({"plan"}));
                INFO("plan took " << r.seconds << " s: " << r.r.out << r.r.err);
                CHECK(r.seconds < kLockTimeoutS + kMarginS);
                CHECK(r.r.code == 1);
                CHECK(r.r.err.find("lock_timeout") != std::string::npos);
                if (kind == "postgres") {
                    CHECK(r.r.err.find("table u is locked in ACCESS EXCLUSIVE mode") != std::string::npos);
                } else {
                    CHECK(r.r.err.find("lock on u ") != std::string::npos);
                    CHECK(r.r.err.find("read_bounds_other") == std::string::npos);
                }
                // sync --dry-run reads the same way.
                auto s = timed_run(with({"sync", "--dry-run"}));
                CHECK(s.seconds < kLockTimeoutS + kMarginS);
                CHECK(s.r.code == 1);
            }
            // Released: everything as before, nothing changed.
            auto after = run(with({"plan"}));
            CHECK(after.code == 2);
            CHECK(db.scalar("SELECT COUNT(*) FROM u") == "2");
            record_outcome(
                kind,
                "another session holds a table lock (LOCK TABLE / LOCK TABLES / BEGIN EXCLUSIVE); plan, inspect with "
                "lock_timeout 1s",
                kind == "mysql"
                    ? "catalog read not blocked; data check stops after 1 s, exit 1 naming the table"
                    : "stop after about 1 s, exit 1, the message names the table/lock and [safety] lock_timeout");
        }
    }
}
