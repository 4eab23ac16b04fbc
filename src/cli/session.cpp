#include "cli/session.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <stdexcept>
#include <unordered_set>

#include "runtime/heap.hpp"
#include "runtime/parallel.hpp"
#include "schema/error.hpp"
#include "schema/prepare.hpp"
#include "schema/validate.hpp"
#include "snapshot/snapshot_file.hpp"
#include "toml/reader.hpp"

namespace schemactl {

namespace {
constexpr int kCatalogStatementMarginMs = 30000;

// Where the database URL came from, for people (Config::database_url_source).
std::string url_origin(const std::string& from) {
    if (from == "default") return "the default";
    if (from.find("DATABASE_URL") != std::string::npos) return "the environment variable " + from;
    return from;  // --db, or the config file's path
}

// Each table is moved from the portable form into its lowering: the files'
// tables are held once, not twice (peak memory, docs/performance.md).
// Past 500 tables on several threads: each table's lowering is pure.
Schema lower_schema(Schema portable, const Dialect& d) {
    Schema lowered;
    lowered.tables.resize(portable.tables.size());
    in_ranges(portable.tables.size(), threads_for(portable.tables.size(), 500),
              [&](std::size_t from, std::size_t to, std::size_t) {
                  for (std::size_t i = from; i < to; ++i)
                      lowered.tables[i] = d.lower(
                          prepare(std::move(portable.tables[i]), d.name(), d.max_identifier_length()));
              });
    return lowered;
}

}  // namespace

void add_common_options(CLI::App& cmd, CommonOptions& o) {
    cmd.add_option("--db", o.db, "Database URL: sqlite:FILE, postgres://user@host/db, mysql://user@host/db");
    cmd.add_option("--schema", o.schema, "Schema file or folder (repeatable)");
    cmd.add_option("--config", o.config, "Config file (default: ./schemactl.toml if present)");
    cmd.add_option("--password-file", o.password_file, "Read the database password from this file");
    cmd.add_flag("-v,--verbose", o.verbose, "Log every SQL statement sent");
    cmd.add_flag("--timings", o.timings, "Print where the time went");
}

void add_engine_option(CLI::App& cmd, CommonOptions& o) {
    cmd.add_option("--allow-engine", o.allow_engines,
                   "Change the schema on this engine although schemactl does not support it yet "
                   "(cockroachdb, tidb, mysql, ...: docs/distributed.md)")
        ->type_name("ENGINE")
        // Not CLI::IsMember: it writes every name into the option's type in
        // --help and the man page, one word too long for a line.
        ->check(CLI::Validator(
            [](std::string& name) -> std::string {
                const auto& known = engine_names();
                if (std::find(known.begin(), known.end(), name) != known.end()) return {};
                return fmt::format("{} is not an engine name: use one of {}", name, fmt::join(known, ", "));
            },
            ""));
}

Session::Session(const CommonOptions& o) : opts_(o) {
    ConfigFlags f{o.config, o.db, o.schema, o.password_file};
    config_ = load_config(f);
    try {
        url_ = parse_database_url(config_.database_url);
    } catch (const Error& e) {
        throw Error(std::string(e.what()) + "\n  (the URL came from " + url_origin(config_.database_url_source) + ")");
    }
    if (!o.password_file.empty()) url_.params["password_file"] = o.password_file;
    if (!o.from_snapshot.empty()) {
        use_snapshot(o.from_snapshot);
        return;
    }
    dialect_ = make_dialect(url_.scheme);
}

// The snapshot names the dialect. A database URL the user set elsewhere
// (environment, config file) for another kind of database is a mistake worth
// naming; the embedded default is not.
void Session::use_snapshot(const std::string& file) {
    const std::string& from = config_.database_url_source;
    if (from == "--db")
        throw Error(
            "--db and --from-snapshot " + file +
            " both say where the live schema comes from: pass one (a plan from a snapshot connects to nothing)");
    snapshot_ = timed("read snapshot", [&] { return load_snapshot(file); });
    if (from != "default" && url_.scheme != snapshot_->dialect)
        throw Error("snapshot " + file + " is of a " + snapshot_->dialect + " database (" + snapshot_->database +
                    "), but the database URL from " + url_origin(from) + " is " + url_.scheme + " (" + url_.redacted() +
                    "): the plan would use the wrong dialect; take the snapshot from the database the URL names, "
                    "or unset the URL for this run");
    dialect_ = make_dialect(snapshot_->dialect);
}

Session::~Session() {
    send_dialect(nullptr);  // a reading thread still waiting for it goes on
    if (!opts_.timings || timings_.empty()) return;
    // The total is the wall time: phases may overlap (the files are read
    // while the catalog is).
    double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    std::string line = "timings:";
    for (const auto& [p, s] : timings_) line += fmt::format(" {} {:.3f}s", p, s);
    std::cerr << line << fmt::format(" (total {:.3f}s)", total) << "\n";
}

Driver& Session::connect(bool create_if_missing) {
    if (db_) return *db_;
    if (snapshot_) throw Error("internal: a connection was asked for while planning from a snapshot");
    db_ = timed("connect", [&] { return dialect_->connect(url_, create_if_missing); });
    Connection& c = db_->connection();
    // Reads never wait forever behind another session's lock (the data
    // checks included); the catalog read below is bounded as a whole too.
    c.bound_reads(config_.lock_timeout_ms, 0);
    if (opts_.verbose) {
        std::string secret = url_.password;
        c.on_sql = [secret](const std::string& sql) { std::cerr << "sql> " << redact(sql, secret) << "\n"; };
    }
    adopt_flavour();
    send_dialect(dialect_.get());
    return *db_;
}

void Session::send_dialect(const Dialect* d) {
    if (dialect_sent_ || !files_ahead_.valid()) return;
    dialect_sent_ = true;
    dialect_for_reader_.set_value(d);
}

// The engine's flavour, for the driver and the dialect alike: the URL's
// flavour= when given (an engine this machine cannot reach, run on its
// reference server with the same overrides), else the one detected.
void Session::adopt_flavour() {
    const Engine& detected = engine();
    auto named = url_.params.find("flavour");
    const Flavour* f = named != url_.params.end() ? &flavour_of(dialect_->name(), named->second)
                                                  : find_flavour(detected.name);
    if (!f || f->dialect != dialect_->name()) return;  // "unknown": the dialect's reference behaviour
    flavour_ = *f;
    if (named != url_.params.end() && f->name != detected.name) {
        // The engine's overrides, on the server that is there: which catalog
        // it has is the server's to say, not the flavour's.
        if (const Flavour* there = find_flavour(detected.name)) flavour_.mariadb_catalog = there->mariadb_catalog;
        engine_->title += fmt::format(" as {} (flavour= in the URL)", f->name);
        engine_->name = f->name;
        engine_->why_not = f->why_not;
        engine_->supported = f->why_not.empty();
    }
    db_->use_flavour(flavour_);
    dialect_->use_flavour(flavour_);
}

const Engine& Session::engine() {
    if (!engine_) {
        EngineFacts facts = connect(false).engine_facts();
        if (facts.dialect.empty()) facts.dialect = dialect_->name();  // drivers that need no probe (SQLite)
        engine_ = detect_engine(facts);
    }
    return *engine_;
}

Driver& Session::connect_locked(bool create_if_missing) {
    Driver& db = connect(create_if_missing);
    if (!locked_) {
        // Every command that changes the database takes the lock first: the
        // one place to stop on an engine whose DDL schemactl does not plan for.
        require_supported(engine(), opts_.allow_engines);
        timed("lock", [&] {
            db.lock_run(apply_options());
            return 0;
        });
        locked_ = true;
    }
    return db;
}

void Session::read_files_ahead() {
    if (have_portable_ || files_ahead_.valid()) return;
    // The dialect-independent checks run there too: they need only the
    // dialect's identifier limit, which no server changes. The dialect's
    // own checks follow when connect() sends the dialect: they may depend
    // on the server's flavour. Its methods are const, and its flavour is
    // set before it is sent.
    files_ahead_ = std::async(
        std::launch::async, [paths = config_.schema_paths, max_len = dialect_->max_identifier_length(),
                             dialect = dialect_for_reader_.get_future()]() mutable {
            prepare_thread_heap();
            auto t0 = std::chrono::steady_clock::now();
            FilesRead r;
            r.schema = read_schema_files(paths, r.diags);
            validate_schema(r.schema, r.diags, max_len);
            if (const Dialect* d = dialect.get()) {
                d->validate(r.schema, r.diags);
                r.dialect_checked = true;
                // Valid files are lowered here too, while the catalog is
                // still being read: the lowering is off the critical path.
                if (r.diags.empty()) {
                    auto t1 = std::chrono::steady_clock::now();
                    r.schema = lower_schema(std::move(r.schema), *d);
                    r.lower_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
                    r.lowered = true;
                }
            }
            r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() - r.lower_seconds;
            return r;
        });
    if (db_) send_dialect(dialect_.get());  // connected before: the flavour is known
}

const Schema& Session::portable() {
    load_files();
    if (lowered_ahead_) throw std::logic_error("Session::portable() after the reading thread lowered the files");
    return portable_;
}

void Session::load_files() {
    if (portable_released_) throw std::logic_error("Session::load_files() after desired() released them");
    if (have_portable_) return;
    auto t0 = std::chrono::steady_clock::now();
    FilesRead r;
    const bool ahead = files_ahead_.valid();
    if (ahead) {
        send_dialect(nullptr);   // not connected yet: the checks below run here
        r = files_ahead_.get();  // rethrows what reading threw
    } else {
        r.schema = read_schema_files(config_.schema_paths, r.diags);
        validate_schema(r.schema, r.diags, dialect_->max_identifier_length());
    }
    Diagnostics diags = std::move(r.diags);
    // The dialect's checks may depend on the server's flavour, known only
    // once connected: on the reading thread when it was sent the dialect.
    if (!r.dialect_checked) dialect_->validate(r.schema, diags);
    portable_ = std::move(r.schema);
    lowered_ahead_ = r.lowered;
    // Read ahead: the reading thread's time plus the wait and the checks here.
    time(ahead ? "load files (in parallel)" : "load files",
         r.seconds + std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    if (r.lowered) time("lower (in parallel)", r.lower_seconds);
    if (!diags.empty()) {
        std::string msg = fmt::format("{} problem{} in the schema files:", diags.size(), diags.size() == 1 ? "" : "s");
        for (const auto& d : diags) msg += "\n  " + d.str();
        throw InvalidSchema(msg + "\nFix them and run again; nothing was changed.", diags);
    }
    if (portable_.tables.empty()) {
        std::string paths;
        for (const auto& p : config_.schema_paths) paths += (paths.empty() ? "" : ", ") + p;
        throw Error("no tables found in " + paths +
                    ": pass --schema with a .toml file or a folder of them, or set [schema] paths in schemactl.toml");
    }
    have_portable_ = true;
}

Schema Session::desired() {
    load_files();
    portable_released_ = true;
    Schema out = lowered_ahead_ ? std::move(portable_)
                                : timed("lower", [&] { return lower_schema(std::move(portable_), *dialect_); });
    portable_ = Schema{};
    return out;
}

Schema Session::inspect() {
    if (snapshot_) return snapshot_->schema;
    Driver& db = connect(false);
    Connection& c = db.connection();
    // Each catalog statement may wait lock_timeout for a lock, and run
    // lock_timeout + 30 s at most; then only the lock bound stays.
    c.bound_reads(config_.lock_timeout_ms, config_.lock_timeout_ms + kCatalogStatementMarginMs);
    Schema s = timed("introspect", [&] { return db.inspect(); });
    c.bound_reads(config_.lock_timeout_ms, 0);
    return s;
}

void Session::check_tables_known(const std::vector<std::string>& names, const Schema& s,
                                 const std::string& where) const {
    std::unordered_set<std::string> known;
    for (const auto& t : s.tables) known.insert(t.name);
    for (const auto& n : names)
        if (!known.count(n)) throw Error("unknown table '" + n + "' in --tables: it is not in " + where);
}

}  // namespace schemactl
