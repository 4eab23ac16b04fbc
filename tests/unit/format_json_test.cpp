// The envelope every --format json document has (docs/output.md): the
// version, the command, the exit code, and `ok` false exactly for 1 and 3.
#include <catch2/catch.hpp>

#include "plan/format_json.hpp"

using namespace schemactl;

TEST_CASE("json_document: ok is false exactly for exit codes 1 and 3", "[format_json]") {
    for (int code : {0, 1, 2, 3}) {
        toml::table doc = json_document("sync", code, toml::table{{"result", "applied"}});
        CHECK(doc["format_version"].value<int64_t>() == 1);
        CHECK(doc["command"].value<std::string>() == "sync");
        CHECK(doc["exit_code"].value<int64_t>() == code);
        CHECK(doc["ok"].value<bool>() == (code == 0 || code == 2));
        CHECK(doc["result"].value<std::string>() == "applied");  // the body is kept
    }
}

TEST_CASE("plan --format json: a pending plan is exit 2 and ok, steps keep their SQL", "[format_json]") {
    Plan plan;
    Step st;
    st.table = "agents";
    st.summary = "add column agents.config json";
    st.safety = Safety::safe;
    st.sql = {"ALTER TABLE \"agents\" ADD COLUMN \"config\" jsonb"};
    plan.steps.push_back(st);
    std::string out = format_plan(plan, PlanFormat::json, {false, "postgres", "postgres://u:***@h/db"});
    CHECK(out.find("\"format_version\" : 1") != std::string::npos);
    CHECK(out.find("\"command\" : \"plan\"") != std::string::npos);
    CHECK(out.find("\"exit_code\" : 2") != std::string::npos);
    CHECK(out.find("\"ok\" : true") != std::string::npos);
    CHECK(out.find("ADD COLUMN \\\"config\\\" jsonb") != std::string::npos);
    CHECK(out.back() == '\n');
}

TEST_CASE("json_error: problems carry file, line and column only where known", "[format_json]") {
    toml::table err = json_error("error", "2 problems",
                                 {{"s.toml", 4, 1, "aa.x", "unknown type"}, {"", 0, 0, "bb", "m"}});
    auto* problems = err["error"]["problems"].as_array();
    REQUIRE(problems);
    REQUIRE(problems->size() == 2);
    CHECK((*problems)[0].as_table()->contains("line"));
    CHECK_FALSE((*problems)[1].as_table()->contains("file"));
    CHECK(err["error"]["kind"].value<std::string>() == "error");
}
