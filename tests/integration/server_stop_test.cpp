// The server itself stops in the middle of an apply. Each database gets a
// private throwaway server (scripts/services.sh with its own folder and
// ports), stopped hard while schemactl waits on a table lock half way through.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "config/database_url.hpp"
#include "diff/diff.hpp"
#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;

namespace {

std::string tables(int n, bool extra) {
    std::string s;
    for (int i = 0; i < n; ++i) {
        s += "[[table]]\nname = \"s" + std::to_string(i) + "\"\nprimary_key = [\"id\"]\n";
        s += "  [[table.column]]\n  name = \"id\"\n  type = \"int\"\n";
        if (extra) s += "  [[table.column]]\n  name = \"w\"\n  type = \"int\"\n  nullable = true\n";
    }
    return s;
}

}  // namespace

TEST_CASE("the database server stops in the middle of an apply", "[server-stop]") {
    for (const auto& kind : database_kinds()) {
        if (kind == "sqlite") continue;
        DYNAMIC_SECTION(kind) {
            std::string dir = "/tmp/sct_stop_" + std::to_string(getpid()) + "_" + kind;
            // Ports above Linux's ephemeral range (32768-60999): the client
            // connections the other tests open take ports from it, and once
            // one held this server's port ("Address already in use").
            std::string env = "SCHEMACTL_SERVICES_DIR=" + dir +
                              " SCHEMACTL_PG_PORT=" + std::to_string(61000 + getpid() % 2000) +
                              " SCHEMACTL_MYSQL_PORT=" + std::to_string(63000 + getpid() % 2000) + " ";
            std::string svc = env + source_dir() + "/scripts/services.sh";
            // Stopped and removed however the section ends: a failed REQUIRE
            // used to leave a server running on its port.
            struct Cleanup {
                std::string cmd;
                ~Cleanup() { std::system(cmd.c_str()); }
            } cleanup{svc + " stop > /dev/null 2>&1; rm -rf " + dir + " " + dir + ".env " + dir + ".err " + dir +
                      "-s.toml " + dir + "-c.toml"};
            if (std::system((svc + " start > " + dir + ".env 2>" + dir + ".err").c_str()) != 0)
                FAIL("scripts/services.sh start failed:\n" << read_file(dir + ".err"));
            std::string exports = read_file(dir + ".env");
            std::string var = kind == "postgres" ? "SCHEMACTL_TEST_PG_URL=" : "SCHEMACTL_TEST_MYSQL_URL=";
            std::string admin = exports.substr(exports.find(var) + var.size());
            admin = admin.substr(0, admin.find('\n'));
            std::string url = admin.substr(0, admin.rfind('/')) + "/stopdb";
            auto d = make_dialect(kind);
            d->connect(parse_database_url(admin), false)->exec("CREATE DATABASE stopdb");
            auto file = write_file(dir + "-s.toml", tables(40, false));
            REQUIRE(run({"create", "--db", url, "--schema", file, "--yes"}).code == 0);
            Schema before = d->connect(parse_database_url(url), false)->inspect();
            write_file(file, tables(40, true));
            auto cfg = write_file(dir + "-c.toml", "[safety]\nlock_timeout = \"60s\"\n");
            auto holder = d->connect(parse_database_url(url), false);
            if (kind == "postgres") holder->exec("BEGIN; LOCK TABLE s20 IN ACCESS SHARE MODE");
            else holder->exec("START TRANSACTION"), holder->exec("SELECT * FROM s20");
            RunResult r;
            std::thread t([&] { r = run({"sync", "--db", url, "--schema", file, "--yes", "--config", cfg}); });
            std::this_thread::sleep_for(std::chrono::seconds(2));  // schemactl is now waiting on s20
            // Stop the server hard (PostgreSQL: immediate shutdown; MariaDB: SIGKILL).
            std::string stop = kind == "postgres" ? "su postgres -s /bin/sh -c '/usr/lib/postgresql/15/bin/pg_ctl -D " +
                                                        dir + "/pg/data -m immediate stop' >/dev/null 2>&1"
                                                  : "kill -9 $(cat " + dir + "/maria/pid)";
            if (getuid() != 0 && kind == "postgres")
                stop = "/usr/lib/postgresql/15/bin/pg_ctl -D " + dir + "/pg/data -m immediate stop >/dev/null 2>&1";
            std::system(stop.c_str());
            t.join();
            holder.reset();
            INFO(r.out << r.err);
            CHECK(r.code == 1);
            CHECK(!r.err.empty());
            // Back up: PostgreSQL rolled back; MariaDB converges on a rerun.
            if (kind == "mysql") std::system(("rm -f " + dir + "/maria/pid").c_str());
            REQUIRE(std::system((svc + " start > /dev/null 2>&1").c_str()) == 0);
            std::unique_ptr<Driver> back;
            for (int i = 0; i < 100 && !back; ++i) {  // crash recovery may take a moment
                try {
                    back = d->connect(parse_database_url(url), false);
                } catch (const std::exception&) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(200));
                }
            }
            REQUIRE(back);
            Schema after = back->inspect();
            back.reset();
            if (kind == "postgres") CHECK(diff(before, after, d->diff_options()).empty());
            auto again = run({"sync", "--db", url, "--schema", file, "--yes"});
            INFO(again.out << again.err);
            CHECK(again.code == 0);
            CHECK(run({"plan", "--db", url, "--schema", file}).code == 0);
            record_outcome(kind,
                           "server stopped hard mid-apply (" +
                               std::string(kind == "postgres" ? "pg_ctl -m immediate" : "kill -9 mariadbd") + ")",
                           "exit 1, \"" + r.err.substr(r.err.find("error: ") + 7, 90) + "…\"" +
                               (kind == "postgres" ? "; schema exactly as before after restart" : "") +
                               "; the next sync converges");
        }
    }
}
