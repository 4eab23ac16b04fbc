#include <unistd.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "config/config.hpp"
#include "config/database_url.hpp"
#include "schema/error.hpp"

using namespace schemactl;

TEST_CASE("database URLs") {
    auto u = parse_database_url("postgres://app:s3cret@db.example:6432/prod?sslmode=require&schema=app");
    CHECK(u.scheme == "postgres");
    CHECK(u.user == "app");
    CHECK(u.password == "s3cret");
    CHECK(u.host == "db.example");
    CHECK(u.port == 6432);
    CHECK(u.database == "prod");
    CHECK(u.params.at("sslmode") == "require");
    CHECK(u.redacted() == "postgres://app:***@db.example:6432/prod?schema=app&sslmode=require");
    CHECK(u.redacted().find("s3cret") == std::string::npos);

    auto m = parse_database_url("mariadb://root@127.0.0.1/app?socket=/tmp/x.sock");
    CHECK(m.scheme == "mysql");
    CHECK(m.port == 0);
    CHECK(m.params.at("socket") == "/tmp/x.sock");

    CHECK(parse_database_url("sqlite:app.db").database == "app.db");
    CHECK(parse_database_url("sqlite::memory:").database == ":memory:");
    CHECK(parse_database_url("postgresql://u:p%40ss@h/d").password == "p@ss");
}

TEST_CASE("bad URLs say what is wrong and never echo the password") {
    for (std::string bad : {"oracle://u@h/d", "postgres://u:topsecret@h:99999/d", "nohost",
                            "sqlite:", "postgres:/u:topsecret@h/d", "mysql://u:topsecret@/d"}) {
        try {
            parse_database_url(bad);
            FAIL("accepted " << bad);
        } catch (const Error& e) {
            std::string msg = e.what();
            CHECK(msg.find("topsecret") == std::string::npos);
            CHECK(!msg.empty());
        }
    }
}

TEST_CASE("redact replaces every occurrence") {
    CHECK(redact("password pw and pw", "pw") == "password *** and ***");
    CHECK(redact("nothing", "") == "nothing");
}

TEST_CASE("durations") {
    CHECK(parse_duration_ms("5s") == 5000);
    CHECK(parse_duration_ms("250ms") == 250);
    CHECK(parse_duration_ms("2m") == 120000);
    CHECK_THROWS_AS(parse_duration_ms("soon"), Error);
    CHECK_THROWS_AS(parse_duration_ms("5h"), Error);
}

namespace {

// Every piece of the password 3 characters long or more (case as written).
void check_no_piece(const std::string& msg, const std::string& password, const std::string& url) {
    INFO(url << "\n  ->  " << msg);
    for (std::size_t len = 3; len <= password.size(); ++len)
        for (std::size_t i = 0; i + len <= password.size(); ++i) {
            std::string piece = password.substr(i, len);
            INFO("piece '" << piece << "'");
            CHECK(msg.find(piece) == std::string::npos);
        }
}

}  // namespace

TEST_CASE("URLs whose password is not percent-encoded: an error without any piece of the password") {
    struct Case {
        std::string url, password;
    };
    const std::vector<Case> cases{
        {"postgres://u:p@ss/w%rd#1:x@host/db", "p@ss/w%rd#1:x"},
        {"postgres://u:sEcr3t/tail@host/db", "sEcr3t/tail"},
        {"postgres://u:sEcr3t/tail@host", "sEcr3t/tail"},
        {"mysql://u:sEcr3t/tail@host:3306/db", "sEcr3t/tail"},
        {"postgres://u:Qz9?Wk7@host/db", "Qz9?Wk7"},
        {"postgres://u:Qz9?Wk7=v@host/db", "Qz9?Wk7=v"},
        {"postgres://u:Qz9#Wk7@host/db", "Qz9#Wk7"},
        {"mariadb://u:Qz9#Wk7@host/db", "Qz9#Wk7"},
        {"postgres://u:ab/cd/ef@host:5432/db?sslmode=require", "ab/cd/ef"},
        {"postgres://u:Hx7/Kp2@[::1]:5432/db", "Hx7/Kp2"},
        {"postgres://u:Zr8@Mq4/Lw2@host/db", "Zr8@Mq4/Lw2"},
        {"postgres://u:Zr8?Mq4&Lw2@host/db", "Zr8?Mq4&Lw2"},
        {"postgres://u:Zr8Mq4Lw2/db", "Zr8Mq4Lw2"},   // forgot the @host
        {"postgres://u:Zr8Mq4Lw2", "Zr8Mq4Lw2"},      // forgot the @host, no path
        {"mysql://u:Zr8Mq4Lw2:9/db", "Zr8Mq4Lw2:9"},  // forgot the @host
        {"postgres://u:Zr8:Mq4:Lw2/db", "Zr8:Mq4:Lw2"},
        {"postgres://u:Zr8[Mq4/db", "Zr8[Mq4"},
        {"postgres://u:pa ss\twd@host/db", "pa ss\twd"},
        {"postgres://u:pw\nline@host/db", "pw\nline"},
        {"postgres://host/db?password=Zr8Mq4&Lw2Kx9", "Zr8Mq4&Lw2Kx9"},
        {"postgres://host/db?password=Zr8Mq4&Lw2Kx9&x=1", "Zr8Mq4&Lw2Kx9"},
        {"mysql://u:Vb5%Nt6/Yc3@h/d#frag", "Vb5%Nt6/Yc3"},
        {"u:Vb5Nt6Yc3@host/db", "Vb5Nt6Yc3"},  // no scheme at all
        {"postgres://u:Vb5Nt6Yc3@host:99999/db", "Vb5Nt6Yc3"},
        {"postgres://u:Vb5Nt6Yc3@host:/db", "Vb5Nt6Yc3"},
        {"postgres://u:Vb5Nt6Yc3@[::1/db", "Vb5Nt6Yc3"},
        {"postgres://u:Vb5Nt6Yc3@[::1]x/db", "Vb5Nt6Yc3"},
        {"postgres://u:Vb5Nt6Yc3@host/d@b", "Vb5Nt6Yc3"},
        {"postgres://u:Vb5Nt6Yc3@/db", "Vb5Nt6Yc3"},
        {"postgres:/u:Vb5Nt6Yc3@host/db", "Vb5Nt6Yc3"},
    };
    for (const auto& c : cases) {
        try {
            auto u = parse_database_url(c.url);
            FAIL("accepted " << c.url << " (password '" << u.password << "')");
        } catch (const Error& e) {
            std::string msg = e.what();
            CHECK_FALSE(msg.empty());
            check_no_piece(msg, c.password, c.url);
            if (c.url.find("://") != std::string::npos && c.url.rfind("Vb5", 0) != 0 &&
                msg.find("names no host") == std::string::npos) {
                INFO(msg);
                CHECK(msg.find("percent-encode") != std::string::npos);
            }
        }
    }
}

TEST_CASE("URLs that parse keep the password whole, and print it nowhere") {
    auto a = parse_database_url("postgres://u:p@ss@host/db");  // an '@' inside the user part: the last one ends it
    CHECK(a.password == "p@ss");
    CHECK(a.host == "host");
    auto b = parse_database_url("postgres://u:p%40ss%2Fw%25rd%231@host:5433/db");
    CHECK(b.password == "p@ss/w%rd#1");
    CHECK(b.port == 5433);
    CHECK(b.redacted() == "postgres://u:***@host:5433/db");
    auto c = parse_database_url("mysql://u:a:b[c]@[::1]:3307/db?ssl-mode=REQUIRED");
    CHECK(c.password == "a:b[c]");
    CHECK(c.host == "::1");
    CHECK(c.port == 3307);
    CHECK(c.redacted() == "mysql://u:***@[::1]:3307/db?ssl-mode=REQUIRED");
    auto d = parse_database_url("postgres://u@host/db?sslcert=/a%40b/c.pem");
    CHECK(d.params.at("sslcert") == "/a@b/c.pem");
}

TEST_CASE("a relative sqlite: URL in a config file is relative to the config file's folder") {
    namespace fs = std::filesystem;
    CHECK(resolve_sqlite_path("sqlite:app.db", "other") == "sqlite:other/app.db");
    CHECK(resolve_sqlite_path("sqlite3:data/app.db", "/etc/x") == "sqlite3:/etc/x/data/app.db");
    CHECK(resolve_sqlite_path("sqlite://app.db", "other") == "sqlite://other/app.db");
    CHECK(resolve_sqlite_path("sqlite:file:app.db?mode=ro", "other") == "sqlite:file:other/app.db?mode=ro");
    CHECK(resolve_sqlite_path("sqlite:/abs/app.db", "other") == "sqlite:/abs/app.db");
    CHECK(resolve_sqlite_path("sqlite::memory:", "other") == "sqlite::memory:");
    CHECK(resolve_sqlite_path("sqlite:app.db", "") == "sqlite:app.db");
    CHECK(resolve_sqlite_path("postgres://u@h/app.db", "other") == "postgres://u@h/app.db");

    auto dir = fs::temp_directory_path() / ("schemactl_cfg_" + std::to_string(::getpid()));
    fs::create_directories(dir / "conf");
    {
        std::ofstream f(dir / "conf" / "schemactl.toml");
        f << "[database]\nurl = \"sqlite:app.db\"\n[schema]\npaths = [\"schemas\"]\n";
    }
    ConfigFlags flags;
    flags.config_file = (dir / "conf" / "schemactl.toml").string();
    auto cfg = load_config(flags);
    CHECK(cfg.database_url == "sqlite:" + (dir / "conf" / "app.db").string());
    CHECK(cfg.schema_paths == std::vector<std::string>{(dir / "conf" / "schemas").string()});
    flags.database_url = "sqlite:flag.db";  // a flag stays relative to the current folder
    CHECK(load_config(flags).database_url == "sqlite:flag.db");
    fs::remove_all(dir);
}
