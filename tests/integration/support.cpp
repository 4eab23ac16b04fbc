#include "support.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/database_url.hpp"

namespace fs = std::filesystem;

namespace schemactl::test {

static std::string env_or(const char* name, const std::string& fallback = "") {
    const char* v = std::getenv(name);
    return v && *v ? v : fallback;
}

std::string source_dir() { return SCHEMACTL_SOURCE_DIR; }

std::vector<std::string> database_kinds() {
    std::vector<std::string> kinds{"sqlite"};
    bool ci = env_or("CI") == "true";
    for (auto [kind, var] : {std::pair{"postgres", "SCHEMACTL_TEST_PG_URL"}, {"mysql", "SCHEMACTL_TEST_MYSQL_URL"}}) {
        if (!env_or(var).empty()) kinds.push_back(kind);
        else if (ci) FAIL(std::string(var) + " is not set: in CI every database server must run (scripts/services.sh)");
    }
    if (auto only = env_or("SCHEMACTL_TEST_ONLY"); !only.empty())  // local focus: sqlite|postgres|mysql
        std::erase_if(kinds, [&](const std::string& k) { return k != only; });
    return kinds;
}

static std::string unique_name(const std::string& tag) {
    static std::atomic<int> counter{0};
    std::string t;
    for (char c : tag) t += (std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_');
    if (t.size() > 30) t.resize(30);
    return "sct_" + t + "_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
}

static std::string with_database(const std::string& admin_url, const std::string& db) {
    auto q = admin_url.find('?');
    std::string base = admin_url.substr(0, q), query = q == std::string::npos ? "" : admin_url.substr(q);
    auto slash = base.find('/', base.find("://") + 3);
    return base.substr(0, slash) + "/" + db + query;
}

TestDb::TestDb(const std::string& kind, const std::string& tag) : kind_(kind), name_(unique_name(tag)) {
    dir_ = (fs::temp_directory_path() / name_).string();
    fs::create_directories(dir_);
    dialect_ = make_dialect(kind);
    if (kind == "sqlite") {
        url_ = "sqlite:" + dir_ + "/test.db";
        return;
    }
    std::string admin = env_or(kind == "postgres" ? "SCHEMACTL_TEST_PG_URL" : "SCHEMACTL_TEST_MYSQL_URL");
    REQUIRE_FALSE(admin.empty());
    auto admin_conn = dialect_->connect(parse_database_url(admin), false);
    admin_conn->connection().exec("CREATE DATABASE " + name_);
    url_ = with_database(admin, name_);
}

TestDb::~TestDb() {
    db_.reset();
    try {
        if (kind_ == "postgres") {
            auto admin = dialect_->connect(parse_database_url(env_or("SCHEMACTL_TEST_PG_URL")), false);
            admin->connection().exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
        } else if (kind_ == "mysql") {
            auto admin = dialect_->connect(parse_database_url(env_or("SCHEMACTL_TEST_MYSQL_URL")), false);
            admin->connection().exec("DROP DATABASE IF EXISTS " + name_);
        }
    } catch (...) {
        // Best effort: the servers are throwaway.
    }
    std::error_code ec;
    fs::remove_all(dir_, ec);
}

Driver& TestDb::driver() {
    if (!db_) db_ = dialect_->connect(parse_database_url(url_), true);
    return *db_;
}

std::string TestDb::scalar(const std::string& sql) {
    auto r = conn().query(sql);
    REQUIRE_FALSE(r.rows.empty());
    return r.rows[0][0].value_or("NULL");
}

std::string write_file(const std::string& path, const std::string& text) {
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

RunResult run(const std::vector<std::string>& args, const std::string& input,
              const std::map<std::string, std::string>& env, const std::string& cwd) {
    std::string bin = env_or("SCHEMACTL_BIN", SCHEMACTL_BINARY);
    // Everything the child needs is built before fork: tests run commands from
    // several threads, and a child that allocates or calls setenv can block
    // forever on a lock another thread held at the fork (seen under ASan).
    std::vector<std::string> env_strings;
    bool as_nobody = false;
    auto overridden = [&](const std::string& key) {
        return key == "DATABASE_URL" || key == "SCHEMACTL_DATABASE_URL" || key == "NO_COLOR" || env.count(key);
    };
    for (char** e = environ; *e; ++e) {
        std::string kv = *e;
        if (!overridden(kv.substr(0, kv.find('=')))) env_strings.push_back(std::move(kv));
    }
    env_strings.push_back("NO_COLOR=1");  // tests must not pick up a developer's environment
    for (const auto& [k, v] : env) {
        if (k == "SCHEMACTL_TEST_RUN_AS_NOBODY") as_nobody = getuid() == 0;  // root ignores file modes
        else if (!v.empty()) env_strings.push_back(k + "=" + v);
    }
    std::vector<char*> envp;
    for (auto& kv : env_strings) envp.push_back(kv.data());
    envp.push_back(nullptr);
    std::vector<char*> argv{bin.data()};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    int in[2], out[2], err[2];
    REQUIRE(pipe(in) == 0);
    REQUIRE(pipe(out) == 0);
    REQUIRE(pipe(err) == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(err[1], 2);
        for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) close(fd);
        if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(127);
        if (as_nobody && (setgid(65534) != 0 || setuid(65534) != 0)) _exit(126);
        execve(bin.c_str(), argv.data(), envp.data());
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    close(err[1]);
    // Feed stdin and drain both outputs without deadlocking on full pipes.
    RunResult r;
    std::size_t written = 0;
    if (input.empty()) {
        close(in[1]);
        in[1] = -1;
    } else {
        fcntl(in[1], F_SETFL, O_NONBLOCK);
    }
    bool out_open = true, err_open = true;
    char buf[65536];
    while (out_open || err_open) {
        std::vector<pollfd> fds;
        if (out_open) fds.push_back({out[0], POLLIN, 0});
        if (err_open) fds.push_back({err[0], POLLIN, 0});
        if (in[1] >= 0) fds.push_back({in[1], POLLOUT, 0});
        poll(fds.data(), fds.size(), -1);
        for (auto& p : fds) {
            if (!p.revents) continue;
            if (p.fd == in[1]) {
                ssize_t n = write(in[1], input.data() + written, input.size() - written);
                if (n > 0) written += static_cast<std::size_t>(n);
                if (n < 0 || written == input.size()) {
                    close(in[1]);
                    in[1] = -1;
                }
                continue;
            }
            ssize_t n = read(p.fd, buf, sizeof buf);
            if (n <= 0) {
                (p.fd == out[0] ? out_open : err_open) = false;
                continue;
            }
            (p.fd == out[0] ? r.out : r.err).append(buf, static_cast<std::size_t>(n));
        }
    }
    if (in[1] >= 0) close(in[1]);
    close(out[0]);
    close(err[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

}  // namespace schemactl::test

namespace schemactl::test {

void record_outcome(const std::string& kind, const std::string& tried, const std::string& outcome) {
    const char* path = std::getenv("SCHEMACTL_RELIABILITY_REPORT");
    if (!path || !*path) return;
    std::ofstream(path, std::ios::app) << kind << " | " << tried << " | " << outcome << "\n";
}

}  // namespace schemactl::test

namespace schemactl::test {

bool has_database(const std::string& kind) {
    for (const auto& k : database_kinds())
        if (k == kind) return true;
    return false;
}

bool server_available(const std::string& kind) {
    if (has_database(kind)) return true;
    const char* url_var = kind == "postgres" ? "SCHEMACTL_TEST_PG_URL" : "SCHEMACTL_TEST_MYSQL_URL";
    auto only = env_or("SCHEMACTL_TEST_ONLY");
    if (!only.empty() && only != kind) {  // a deliberate local focus, not a missing server
        WARN("skipped: SCHEMACTL_TEST_ONLY=" << only << " leaves out " << kind);
        return false;
    }
    if (env_or("CI") == "true")
        FAIL("this case needs the " << kind << " server and " << url_var
                                    << " is not set: in CI every server must run (scripts/services.sh start)");
    WARN("skipped: needs the " << kind << " server; set " << url_var << " (scripts/services.sh start prints it)");
    return false;
}

std::string one_column_toml(const std::string& table, const std::string& column, const std::string& type,
                            const std::string& column_extra, const std::string& table_extra) {
    return "[[table]]\nname = \"" + table + "\"\nprimary_key = [\"id\"]\n" + table_extra +
           "  [[table.column]]\n  name = \"id\"\n  type = \"int\"\n  [[table.column]]\n  name = \"" + column +
           "\"\n  type = \"" + type + "\"\n  nullable = true\n" + column_extra;
}

std::string values_by_id(TestDb& db, const std::string& table, const std::string& column) {
    std::string s;
    const Dialect& d = db.dialect();
    for (const auto& r :
         db.rows("SELECT id, " + d.quote_ident(column) + " FROM " + d.quote_ident(table) + " ORDER BY id"))
        s += r[0].value_or("NULL") + "=" + r[1].value_or("NULL") + ",";
    return s;
}

int load_with_client(const TestDb& db, const std::string& file) {
    DatabaseUrl u = parse_database_url(db.url());
    std::string cmd;
    if (db.kind() == "sqlite") cmd = "sqlite3 -bail '" + u.database + "' < '" + file + "'";
    else if (db.kind() == "postgres")
        cmd = "psql -q -X -v ON_ERROR_STOP=1 -h " + u.host + " -p " + std::to_string(u.port) + " -U " + u.user +
              " -d " + u.database + " -f '" + file + "'";
    else
        cmd = "mariadb --no-defaults -h" + u.host + " --protocol=TCP -P" + std::to_string(u.port) + " -u" + u.user +
              " " + u.database + " < '" + file + "'";
    return std::system((cmd + " > '" + db.dir() + "/client.log' 2>&1").c_str());
}

MysqlUser::MysqlUser(TestDb& db, const std::string& tag, const std::string& privileges, const std::string& options)
    : db_(db), name_("sct_" + tag + "_" + std::to_string(getpid())) {
    const DatabaseUrl u = parse_database_url(db.url());
    database_ = u.database;
    url_ = "mysql://" + name_ + "@" + u.host + ":" + std::to_string(u.port) + "/" + database_;
    db_.exec("CREATE USER '" + name_ + "'@'%' " + options);
    grant(privileges);
}

MysqlUser::~MysqlUser() {
    try {
        db_.exec("DROP USER IF EXISTS '" + name_ + "'@'%'");
    } catch (...) {
    }
}

void MysqlUser::grant(const std::string& privileges) {
    db_.exec("GRANT " + privileges + " ON `" + database_ + "`.* TO '" + name_ + "'@'%'");
}

GlobalSetting::GlobalSetting(TestDb& db, std::string name, const std::string& value)
    : db_(db), name_(std::move(name)), old_(db.scalar("SELECT @@GLOBAL." + name_)) {
    db_.exec("SET GLOBAL " + name_ + " = " + value);
}

GlobalSetting::~GlobalSetting() {
    // A number as it is (MariaDB refuses a string for one), anything else quoted.
    const bool number = !old_.empty() &&
                        std::all_of(old_.begin(), old_.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
    try {
        db_.exec("SET GLOBAL " + name_ + " = " + (number ? old_ : db_.dialect().quote_literal(old_)));
    } catch (...) {
    }
}

std::string folder_text(const std::string& dir) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir)) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::string s;
    for (const auto& f : files) {
        s += "== " + f.filename().string() + "\n";
        std::istringstream in(read_file(f.string()));
        for (std::string line; std::getline(in, line);)
            if (line.rfind("#", 0) != 0) s += line + "\n";
    }
    return s;
}

}  // namespace schemactl::test
