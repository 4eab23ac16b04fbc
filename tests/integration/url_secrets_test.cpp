// A database URL whose password was not percent-encoded does not parse: no
// command may print any piece of that password, whichever way the URL came in.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace schemactl;
using namespace schemactl::test;

TEST_CASE("malformed URLs with unencoded passwords: no piece of the password in any output") {
    TestDb db("sqlite", "url_secrets");
    auto schema = write_file(db.dir() + "/s.toml",
                             "[[table]]\nname = \"t\"\nprimary_key = [\"id\"]\n  [[table.column]]\n  name = \"id\"\n"
                             "  type = \"int\"\n");
    struct Case {
        std::string url, password;
    };
    const std::vector<Case> cases{
        {"postgres://u:p@ss/w%rd#1:x@127.0.0.1:1/db", "p@ss/w%rd#1:x"},
        {"postgres://u:sEcr3t/tail@127.0.0.1:1/db", "sEcr3t/tail"},
        {"mysql://u:sEcr3t/tail@127.0.0.1:1/db", "sEcr3t/tail"},
        {"mysql://u:Qz9?Wk7@127.0.0.1:1/db", "Qz9?Wk7"},
        {"postgres://u:Zr8Mq4Lw2/db", "Zr8Mq4Lw2"},
        {"postgres://127.0.0.1:1/db?password=Zr8Mq4&Lw2Kx9", "Zr8Mq4&Lw2Kx9"},
    };
    const std::vector<std::vector<std::string>> commands{
        {"ping"}, {"plan"}, {"create", "--yes"}, {"sync", "--yes"}, {"inspect"}, {"create", "--test-connection"}};
    std::size_t checked = 0;
    for (const auto& c : cases) {
        auto config = write_file(db.dir() + "/schemactl.toml", "[database]\nurl = \"" + c.url + "\"\n");
        for (int how = 0; how < 3; ++how)
            for (auto cmd : commands) {
                std::map<std::string, std::string> env;
                if (how == 0) cmd.insert(cmd.end(), {"-v", "--db", c.url, "--schema", schema});
                if (how == 1) {
                    cmd.insert(cmd.end(), {"-v", "--schema", schema});
                    env["SCHEMACTL_DATABASE_URL"] = c.url;
                }
                if (how == 2) cmd.insert(cmd.end(), {"-v", "--config", config, "--schema", schema});
                auto r = run(cmd, "", env, db.dir());
                std::string all = r.out + r.err;
                INFO(cmd[0] << " (" << how << ") " << c.url << ":\n" << all);
                CHECK(r.code == 1);
                CHECK(all.find("percent-encode") != std::string::npos);
                for (std::size_t len = 3; len <= c.password.size(); ++len)
                    for (std::size_t i = 0; i + len <= c.password.size(); ++i) {
                        INFO("piece " << c.password.substr(i, len));
                        CHECK(all.find(c.password.substr(i, len)) == std::string::npos);
                    }
                ++checked;
            }
    }
    CHECK(checked == 108);
    record_outcome("sqlite", "6 URLs with unencoded '@ / ? # &' in the password, 6 commands, via --db, env, config",
                   "exit 1 with a percent-encode hint; no 3-character piece of the password in any output");
}
