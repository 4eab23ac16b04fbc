// The fleet report (src/fleet/report.hpp): the worst exit code, results read
// from the children's JSON, the drift matrix, and report merge.
#include <catch2/catch.hpp>

#include "fleet/report.hpp"
#include "schema/error.hpp"

using namespace schemactl;

namespace {

TargetResult result(const std::string& target, int code, std::map<std::string, std::int64_t> tables = {}) {
    TargetResult r;
    r.target = target;
    r.dialect = "sqlite";
    r.exit_code = code;
    r.status = status_for("plan", code);
    r.tables = std::move(tables);
    for (const auto& [t, n] : r.tables) r.pending += n;
    return r;
}

}  // namespace

TEST_CASE("the fleet exit code is the worst: 1 > 3 > 2 > 0", "[fleet]") {
    CHECK(worst_exit(0, 2) == 2);
    CHECK(worst_exit(2, 3) == 3);
    CHECK(worst_exit(3, 1) == 1);
    CHECK(worst_exit(1, 0) == 1);
    CHECK(worst_exit(0, 0) == 0);
    FleetReport r{"plan", "", {result("a", 0), result("b", 2), result("c", 3)}};
    CHECK(fleet_exit(r) == 3);
    r.targets.push_back(result("d", 1));
    CHECK(fleet_exit(r) == 1);
    TargetResult not_run;
    not_run.target = "e";
    r = FleetReport{"sync", "", {result("a", 0), not_run}};
    CHECK(fleet_exit(r) == 0);
}

TEST_CASE("a child's plan document becomes pending steps per table", "[fleet]") {
    auto r = result_from_child("plan", 2,
                               R"({"format_version":1,"command":"plan","ok":true,"exit_code":2,"steps":[
                 {"table":"a","skipped":false},{"table":"a","skipped":false},{"table":"b","skipped":true}]})",
                               "");
    CHECK(r.exit_code == 2);
    CHECK(r.status == "changes pending");
    CHECK(r.pending == 2);
    CHECK(r.tables.at("a") == 2);
    CHECK(r.tables.count("b") == 0);
    auto s = result_from_child("sync", 3,
                               R"({"command":"sync","result":"stopped","error":{"kind":"stopped","message":"dup"},
                 "plan":{"steps":[{"table":"t","skipped":false}]}})",
                               "");
    CHECK(s.status == "stopped");
    CHECK(s.result == "stopped");
    CHECK(s.message == "dup");
    CHECK(s.tables.at("t") == 1);
    auto killed = result_from_child("sync", 0, "", "Killed\n");
    CHECK(killed.exit_code == 1);
    CHECK(killed.message == "Killed");
}

TEST_CASE("the drift matrix shows tables that differ somewhere", "[fleet]") {
    FleetReport r{"plan", "", {result("sqlite:a.db", 0), result("sqlite:b.db", 2, {{"users", 3}}), result("x", 1)}};
    r.targets[2].message = "cannot connect";
    auto text = fleet_text(r);
    CHECK(text.find("users") != std::string::npos);
    CHECK(text.find("sqlite:b.db  changes pending  3") != std::string::npos);
    CHECK(text.find("cannot connect") != std::string::npos);
    CHECK(text.find("3 targets: 1 ok, 1 changes pending, 0 stopped, 1 failed") != std::string::npos);
    auto md = fleet_markdown(r);
    CHECK(md.find("| target | status | users | message |") != std::string::npos);
    CHECK(md.find("| sqlite:b.db | changes pending | 3 |") != std::string::npos);
}

TEST_CASE("report merge joins shards and keeps the worst exit code", "[fleet]") {
    FleetReport a{"plan", "1/2", {result("sqlite:a.db", 0), result("sqlite:b.db", 2, {{"users", 1}})}};
    FleetReport b{"plan", "2/2", {result("sqlite:c.db", 3)}};
    auto pa = parse_fleet_json(fleet_json(a), "a.json");
    auto pb = parse_fleet_json(fleet_json(b), "b.json");
    CHECK(pa.shard == "1/2");
    auto all = merge_reports({pa, pb});
    REQUIRE(all.targets.size() == 3);
    CHECK(all.command == "plan");
    CHECK(fleet_exit(all) == 3);
    CHECK(all.targets[1].tables.at("users") == 1);
    CHECK(all.targets[1].exit_code == 2);
    CHECK_THROWS_AS(merge_reports({pa, pa}), Error);
    FleetReport c{"sync", "", {}};
    CHECK_THROWS_AS(merge_reports({pa, parse_fleet_json(fleet_json(c), "c")}), Error);
    CHECK_THROWS_AS(parse_fleet_json("{\"command\":\"plan\"}", "p.json"), Error);
    CHECK_THROWS_AS(parse_fleet_json("not json", "p.json"), Error);
}
