#!/usr/bin/env bash
# Benchmarks schemactl against the floor: the same catalog queries and the
# same DDL fed to the database's own client (sqlite3, psql, mariadb).
#   scripts/bench.sh [sizes...]        default: 100 1000 5000
#   BENCH_DBS="sqlite postgres mysql"  which databases (default all three)
#   BENCH_RUNS=5                       runs per measurement (median reported)
#   BENCH_CREATE_RUNS=1                runs of each create and its DDL floor, interleaved
#                                      on a fresh database each (median reported)
#   BENCH_SKIP="mysql:5000"             database:size pairs to leave out
#   BENCH_CHECKS=1                     also time each data check (unique index, NOT NULL,
#                                      type change, CHECK, foreign key) on BENCH_CHECK_ROWS
#                                      (1000000) rows against the client running the step
#                                      it protects (PostgreSQL, MariaDB)
#   BENCH_ONLY=checks                  only that section (no sizes; prints, writes nothing)
#   BENCH_STALL=1 / BENCH_ONLY=stall   the longest stall of application queries (pgbench)
#                                      while sync waits for a busy PostgreSQL table
#   BENCH_FLEET=1 / BENCH_ONLY=fleet   also a fleet plan against its floors:
#                                      scripts/bench-fleet.sh 100 100 "2 4"
#   BENCH_BIN=path                     the schemactl to measure (default build/schemactl)
#   BENCH_OUT=file                     where the table goes (default build/bench.md; the
#                                      "Now" section of docs/performance.md is made from it)
#   BENCH_MYSQL_CACHES=N               first set MariaDB's table_definition_cache and
#                                      table_open_cache to N (the defaults, 400 and 2000,
#                                      are fewer than 5,000 tables: see docs/performance.md);
#                                      they stay so until the server restarts
# Prints a table and writes it to build/bench.md.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=(${@:-100 1000 5000})
DBS=(${BENCH_DBS:-sqlite postgres mysql})
RUNS=${BENCH_RUNS:-5}
CREATE_RUNS=${BENCH_CREATE_RUNS:-1}
BIN=${BENCH_BIN:-$PWD/build/schemactl}  # BENCH_BIN: another build to measure
[ -x "$BIN" ] || scripts/setup.sh >/dev/null
eval "$(scripts/services.sh start)"
W=$(mktemp -d /tmp/schemactl-bench.XXXX)
OUT=${BENCH_OUT:-build/bench.md}
mkdir -p "$(dirname "$OUT")"
trap 'rm -rf "$W"' EXIT
PGP=${SCHEMACTL_PG_PORT:-55432}; MYP=${SCHEMACTL_MYSQL_PORT:-53306}

# n tables of 20 columns, 3 indexes, one foreign key each. $2 = "changed"
# alters every 10th table (a new column and a widened varchar).
gen() {
  local n=$1 changed=${2:-} out=$3
  awk -v n="$n" -v changed="$changed" 'BEGIN {
    split("varchar(64) int text boolean timestamp decimal(10,2) double json", ty, " ");
    for (i = 0; i < n; i++) {
      printf "[[table]]\nname = \"t%d\"\nprimary_key = [\"id\"]\n", i;
      printf "  [[table.column]]\n  name = \"id\"\n  type = \"bigint\"\n  auto_increment = true\n";
      printf "  [[table.column]]\n  name = \"parent_id\"\n  type = \"bigint\"\n  nullable = true\n";
      for (c = 0; c < 17; c++) {
        t = ty[c % 8 + 1];
        if (changed != "" && i % 10 == 0 && c == 0) t = "varchar(128)";
        printf "  [[table.column]]\n  name = \"c%d\"\n  type = \"%s\"\n  nullable = true\n", c, t;
      }
      if (changed != "" && i % 10 == 0) printf "  [[table.column]]\n  name = \"added\"\n  type = \"int\"\n  nullable = true\n";
      printf "  [[table.column]]\n  name = \"created_at\"\n  type = \"timestamp\"\n  default_expr = \"CURRENT_TIMESTAMP\"\n";
      printf "  [[table.index]]\n  columns = [\"c0\"]\n  [[table.index]]\n  columns = [\"c1\", \"c4\"]\n  [[table.index]]\n  columns = [\"created_at\"]\n";
      if (i > 0) printf "  [[table.foreign_key]]\n  columns = [\"parent_id\"]\n  ref_table = \"t%d\"\n  ref_columns = [\"id\"]\n  on_delete = \"set null\"\n", i - 1;
    } }' > "$out"
}

. scripts/bench-lib.sh  # now, median, time_of
med_of() { for _ in $(seq "$RUNS"); do time_of "$@"; done | median; }
peak_kb() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

url_for() {
  case $1 in
    sqlite) echo "sqlite:$W/$2.db" ;;
    postgres) echo "postgres://postgres@127.0.0.1:$PGP/$2" ;;
    mysql) echo "mysql://root@127.0.0.1:$MYP/$2" ;;
  esac
}
client() {  # client DB NAME FILE: the database's own client runs the SQL in FILE
  case $1 in
    sqlite) sqlite3 -bail "$W/$2.db" < "$3" ;;
    postgres) psql -q -X -h 127.0.0.1 -p "$PGP" -U postgres -d "$2" -v ON_ERROR_STOP=1 -f "$3" ;;
    mysql) mariadb --no-defaults -h127.0.0.1 --protocol=TCP -P"$MYP" -uroot "$2" < "$3" ;;
  esac
}
fresh() {  # fresh DB NAME
  case $1 in
    sqlite) rm -f "$W/$2.db" ;;
    postgres) psql -q -X -h 127.0.0.1 -p "$PGP" -U postgres -c "DROP DATABASE IF EXISTS $2" -c "CREATE DATABASE $2" >/dev/null ;;
    mysql) mariadb --no-defaults -h127.0.0.1 --protocol=TCP -P"$MYP" -uroot -e "DROP DATABASE IF EXISTS $2; CREATE DATABASE $2" ;;
  esac
}

# The data check a new unique index runs (plan's "data checks" in --timings)
# against the work it protects: the client building that index.
bench_checks() {
  local rows=${BENCH_CHECK_ROWS:-1000000} db url name=bench_checks kind check step i
  # big(id, email, n) with rows, and grp(id): every n has its grp row.
  printf '%s\n' '[[table]]' 'name = "grp"' 'primary_key = ["id"]' '  [[table.column]]' '  name = "id"' '  type = "int"' \
    '[[table]]' 'name = "big"' 'primary_key = ["id"]' \
    '  [[table.column]]' '  name = "id"' '  type = "bigint"' \
    '  [[table.column]]' '  name = "email"' '  type = "varchar(64)"' '  nullable = true' \
    '  [[table.column]]' '  name = "n"' '  type = "int"' '  nullable = true' > "$W/big.toml"
  # One schema per check, each the base plus the change the check protects.
  { cat "$W/big.toml"; printf '%s\n' '  [[table.index]]' '  name = "ux_big_email"' '  columns = ["email"]' '  unique = true'; } > "$W/big_unique.toml"
  sed '/name = "n"/{n;n;s/nullable = true/nullable = false/}' "$W/big.toml" > "$W/big_not_null.toml"
  sed '/name = "n"/{n;s/type = "int"/type = "smallint"/}' "$W/big.toml" > "$W/big_type.toml"
  { cat "$W/big.toml"; printf '%s\n' '  [[table.check]]' '  name = "big_n_nonneg"' '  expr = "n >= 0"'; } > "$W/big_check.toml"
  { cat "$W/big.toml"; printf '%s\n' '  [[table.foreign_key]]' '  name = "fk_big_n"' '  columns = ["n"]' '  ref_table = "grp"' '  ref_columns = ["id"]'; } > "$W/big_fk.toml"
  for db in postgres mysql; do
    url=$(url_for "$db" "$name"); fresh "$db" "$name"
    "$BIN" create --db "$url" --schema "$W/big.toml" --yes >/dev/null
    if [ "$db" = postgres ]; then
      echo "INSERT INTO grp SELECT g FROM generate_series(0, 999) g; INSERT INTO big SELECT g, 'user' || g || '@example.com', g % 1000 FROM generate_series(1, $rows) g; ANALYZE big;" > "$W/fill.sql"
    else
      echo "INSERT INTO grp SELECT seq FROM seq_0_to_999; INSERT INTO big SELECT seq, concat('user', seq, '@example.com'), seq % 1000 FROM seq_1_to_$rows; ANALYZE TABLE big;" > "$W/fill.sql"
    fi
    client "$db" "$name" "$W/fill.sql" >/dev/null
    for kind in unique not_null type check fk; do
      # The step the check protects, by the client, and its undo.
      case $db:$kind in
        *:unique) echo "CREATE UNIQUE INDEX ux_big_email ON big (email);" > "$W/step.sql" ;;
        postgres:not_null) echo "ALTER TABLE big ALTER COLUMN n SET NOT NULL;" > "$W/step.sql"
          echo "ALTER TABLE big ALTER COLUMN n DROP NOT NULL;" > "$W/undo.sql" ;;
        mysql:not_null) echo "ALTER TABLE big MODIFY n int NOT NULL;" > "$W/step.sql"
          echo "ALTER TABLE big MODIFY n int NULL;" > "$W/undo.sql" ;;
        postgres:type) echo "ALTER TABLE big ALTER COLUMN n TYPE smallint;" > "$W/step.sql"
          echo "ALTER TABLE big ALTER COLUMN n TYPE int;" > "$W/undo.sql" ;;
        mysql:type) echo "ALTER TABLE big MODIFY n smallint NULL;" > "$W/step.sql"
          echo "ALTER TABLE big MODIFY n int NULL;" > "$W/undo.sql" ;;
        *:check) echo "ALTER TABLE big ADD CONSTRAINT big_n_nonneg CHECK (n >= 0);" > "$W/step.sql"
          echo "ALTER TABLE big DROP CONSTRAINT big_n_nonneg;" > "$W/undo.sql" ;;
        *:fk) echo "ALTER TABLE big ADD CONSTRAINT fk_big_n FOREIGN KEY (n) REFERENCES grp (id);" > "$W/step.sql"
          if [ "$db" = postgres ]; then echo "ALTER TABLE big DROP CONSTRAINT fk_big_n;" > "$W/undo.sql"
          else echo "ALTER TABLE big DROP FOREIGN KEY fk_big_n; DROP INDEX fk_big_n ON big;" > "$W/undo.sql"; fi ;;
      esac
      case $db:$kind in
        postgres:unique) echo "DROP INDEX ux_big_email;" > "$W/undo.sql" ;;
        mysql:unique) echo "DROP INDEX ux_big_email ON big;" > "$W/undo.sql" ;;
      esac
      check=$(for i in $(seq "$RUNS"); do
        "$BIN" plan --timings --db "$url" --schema "$W/big_$kind.toml" 2>&1 >/dev/null | sed -n 's/.* data checks \([0-9.]*\)s.*/\1/p'
      done | median)
      step=$(for i in $(seq "$RUNS"); do
        time_of client "$db" "$name" "$W/step.sql"; client "$db" "$name" "$W/undo.sql" >/dev/null
      done | median)
      printf '| %s | %s | %s | %.3f | %.3f | %.2fx |\n' "$db" "$rows" "$kind" "$check" "$step" "$(echo "$check / $step" | bc -l)"
    done
    fresh "$db" "$name"
  done
}
# Applications read a table (pgbench, 2 clients) while a transaction holds it
# for `hold` s and sync adds a column: the longest application query is the
# stall, with one wait of lock_timeout (lock_attempt 0ms) and with short attempts.
bench_stall() {
  local name=bench_stall url mode hold t0 t1 rc longest
  url=$(url_for postgres "$name")
  printf '%s\n' '[[table]]' 'name = "hot"' 'primary_key = ["id"]' '  [[table.column]]' '  name = "id"' '  type = "int"' \
    '  [[table.column]]' '  name = "v"' '  type = "int"' '  nullable = true' > "$W/hot.toml"
  { cat "$W/hot.toml"; printf '%s\n' '  [[table.column]]' '  name = "w"' '  type = "int"' '  nullable = true'; } > "$W/hot2.toml"
  printf '%s\n' '\set id random(1, 1000)' 'SELECT v FROM hot WHERE id = :id;' '\sleep 5 ms' > "$W/stall.pgb"
  for mode in 0ms 200ms; do
    for hold in 2 7; do
      fresh postgres "$name"
      "$BIN" create --db "$url" --schema "$W/hot.toml" --yes >/dev/null
      echo "INSERT INTO hot SELECT g, g FROM generate_series(1, 1000) g;" > "$W/fill.sql"; client postgres "$name" "$W/fill.sql"
      printf '[safety]\nlock_timeout = "5s"\nlock_attempt = "%s"\n' "$mode" > "$W/stall.toml"
      rm -f "$W"/pgb.*
      pgbench -n -h 127.0.0.1 -p "$PGP" -U postgres -c 2 -T $((hold + 6)) -f "$W/stall.pgb" -l --log-prefix="$W/pgb" "$name" >/dev/null 2>&1 &
      local bench_pid=$!
      sleep 1
      psql -q -X -h 127.0.0.1 -p "$PGP" -U postgres -d "$name" -c "BEGIN; LOCK TABLE hot IN ACCESS SHARE MODE; SELECT pg_sleep($hold); COMMIT" >/dev/null &
      local hold_pid=$!
      sleep 0.3
      t0=$(now); rc=0
      "$BIN" sync --db "$url" --schema "$W/hot2.toml" --yes --config "$W/stall.toml" >/dev/null 2>&1 || rc=$?
      t1=$(now)
      wait "$hold_pid" "$bench_pid" || true
      longest=$(cat "$W"/pgb.* | awk '{print $3}' | sort -n | tail -1)
      printf '| %s | %s | %s | %.2f | %.0f |\n' "$mode" "$hold" "$rc" "$(echo "$t1 - $t0" | bc -l)" "$(echo "$longest / 1000" | bc -l)"
    done
  done
  fresh postgres "$name"
}
if [ -n "${BENCH_STALL:-}" ] || [ "${BENCH_ONLY:-}" = stall ]; then
  echo "| lock_attempt | table held s | sync exit | sync s | longest application query ms |"
  echo "|---|---|---|---|---|"
  stall_rows=$(bench_stall); echo "$stall_rows"
fi
[ "${BENCH_ONLY:-}" = stall ] && exit 0

if [ -n "${BENCH_CHECKS:-}" ] || [ "${BENCH_ONLY:-}" = checks ]; then
  echo "| db | rows | check | data check s | the step by the client s | check/step |"
  echo "|---|---|---|---|---|---|"
  check_rows=$(bench_checks); echo "$check_rows"
fi
[ "${BENCH_ONLY:-}" = checks ] && exit 0

# Fleets: the script of their own, so the fleet figures come from the same run.
if [ -n "${BENCH_FLEET:-}" ] || [ "${BENCH_ONLY:-}" = fleet ]; then
  fleet_out=$(SCHEMACTL_BIN="$BIN" scripts/bench-fleet.sh 100 100 "2 4"); echo "$fleet_out"
fi
[ "${BENCH_ONLY:-}" = fleet ] && exit 0

# The lean floor: the same facts read the cheapest way the database's own
# client can (scripts/floors/lean-DB.sql, shared with bench-fleet.sh).
lean_sql() { cat "scripts/floors/lean-$1.sql"; }

# Start-up: 200 starts of each in a shell loop, milliseconds a start; the
# shared libraries loaded at start, and whether a SQLite plan opens a
# server's client library (it must not: they are opened with dlopen).
loop_ms() { local t0 t1; t0=$(now); for _ in $(seq 200); do "$@" >/dev/null 2>&1; done; t1=$(now); echo "($t1 - $t0) * 5" | bc -l; }
start_ours=$(loop_ms "$BIN" --version)
start_sqlite=$(loop_ms sqlite3 -version)
start_libs=$(ldd "$BIN" | grep -c '=>' || true)
gen 10 "" "$W/start.toml"
"$BIN" create --db "sqlite:$W/start.db" --schema "$W/start.toml" --yes >/dev/null
start_clients=$(LD_DEBUG=libs "$BIN" plan --db "sqlite:$W/start.db" --schema "$W/start.toml" 2>&1 >/dev/null |
  grep -c 'calling init: .*\(libpq\|libmariadb\)' || true)
printf 'start-up: schemactl --version %.2f ms, sqlite3 -version %.2f ms (%.2fx); %s libraries at start; client libraries opened by a SQLite plan: %s\n' \
  "$start_ours" "$start_sqlite" "$(echo "$start_ours / $start_sqlite" | bc -l)" "$start_libs" "$start_clients"

# MariaDB reads information_schema through its table caches: with fewer
# entries than tables, every catalog query reopens table definitions.
mysql_caches=""
if [[ " ${DBS[*]} " == *" mysql "* ]]; then
  my=(mariadb --no-defaults -h127.0.0.1 --protocol=TCP -P"$MYP" -uroot -N)
  if [ -n "${BENCH_MYSQL_CACHES:-}" ]; then
    "${my[@]}" -e "SET GLOBAL table_definition_cache = $BENCH_MYSQL_CACHES, table_open_cache = $BENCH_MYSQL_CACHES"
  fi
  mysql_caches=$("${my[@]}" -e "SELECT CONCAT('table_definition_cache ', @@table_definition_cache, ', table_open_cache ', @@table_open_cache)")
  echo "MariaDB: $mysql_caches"
fi

declare -A plan_of=() read_of=()
rows=()
for n in "${SIZES[@]}"; do
  gen "$n" "" "$W/s$n.toml"; gen "$n" changed "$W/c$n.toml"
  read_of[$n]=$(med_of "$BIN" validate --db sqlite::memory: --schema "$W/s$n.toml")
done
# Each database's sizes back to back: the growth from one size to the
# next compares runs a minute or two apart, not the length of a whole
# database's turn (this machine's speed drifts by 30 % within minutes).
for db in "${DBS[@]}"; do
  for n in "${SIZES[@]}"; do
    case " ${BENCH_SKIP:-} " in *" $db:$n "*) continue ;; esac  # e.g. BENCH_SKIP="mysql:5000"
    read_t=${read_of[$n]}
    name=bench_$n; url=$(url_for "$db" "$name")
    # DDL floor: the same script fed to the database's own client.
    fresh "$db" "$name"; touch "$W/$name.db" 2>/dev/null || true
    "$BIN" plan --db "$url" --schema "$W/s$n.toml" --format sql > "$W/ddl.sql" || true
    fresh "$db" "$name"
    batch=(); [ "$db" = postgres ] && [ "$n" -gt 500 ] && batch=(--batch 500)
    if [ "$db" = postgres ] && [ "$n" -gt 500 ]; then
      # psql in one transaction would hit the same lock-table limit: feed it the same batches.
      awk -v per=500 '/^CREATE TABLE/ {t++} /^CREATE TABLE/ && t % per == 1 && t > 1 {print "COMMIT;BEGIN;"} {print}' "$W/ddl.sql" > "$W/ddl2.sql"
      (echo "BEGIN;"; cat "$W/ddl2.sql"; echo "COMMIT;") > "$W/ddl.sql"
    elif [ "$db" != mysql ]; then
      (echo "BEGIN;"; cat "$W/ddl.sql"; echo "COMMIT;") > "$W/ddl2.sql"; mv "$W/ddl2.sql" "$W/ddl.sql"
    fi
    # Interleaved, each on a fresh database: a server's speed drifts over a
    # run, and one create of 5,000 tables moved by 30 % between runs.
    floors=(); creates=()
    for _ in $(seq "$CREATE_RUNS"); do
      fresh "$db" "$name"
      floors+=("$(time_of client "$db" "$name" "$W/ddl.sql")")
      fresh "$db" "$name"
      creates+=("$(time_of "$BIN" create --db "$url" --schema "$W/s$n.toml" --yes "${batch[@]}")")
    done
    floor_create=$(printf '%s\n' "${floors[@]}" | median)
    create_t=$(printf '%s\n' "${creates[@]}" | median)
    # Catalog floor: the statements schemactl sends for a plan, run by the client.
    "$BIN" plan -v --db "$url" --schema "$W/s$n.toml" 2>&1 >/dev/null | sed -n 's/^sql> //p' | sed 's/$/;/' > "$W/catalog.sql"
    lean_sql "$db" > "$W/lean.sql"
    # Interleaved: the ratios compare runs made side by side, not blocks of
    # runs minutes apart (this machine's speed drifts by 30 % within a run).
    floors=(); leans=(); plans=()
    for _ in $(seq "$RUNS"); do
      floors+=("$(time_of client "$db" "$name" "$W/catalog.sql")")
      leans+=("$(time_of client "$db" "$name" "$W/lean.sql")")
      plans+=("$(time_of "$BIN" plan --db "$url" --schema "$W/s$n.toml")")
    done
    floor_plan=$(printf '%s\n' "${floors[@]}" | median)
    floor_lean=$(printf '%s\n' "${leans[@]}" | median)
    plan_t=$(printf '%s\n' "${plans[@]}" | median)
    plan_of[$db:$n]=$plan_t
    plan10_t=$(for _ in $(seq "$RUNS"); do t0=$(now); "$BIN" plan --db "$url" --schema "$W/c$n.toml" >/dev/null 2>&1 || true; t1=$(now); echo "$t1 - $t0" | bc -l; done | median)
    mem=$(peak_kb "$BIN" plan --db "$url" --schema "$W/s$n.toml" || true)
    rows+=("$(printf '| %s | %s | %.3f | %.3f | %.3f | %.2fx | %.3f | %.2fx | %.2f | %.2f | %.2fx | %.1f | %.3f |' \
      "$db" "$n" "$plan_t" "$plan10_t" "$floor_plan" "$(echo "$plan_t / $floor_plan" | bc -l)" \
      "$floor_lean" "$(echo "$plan_t / $floor_lean" | bc -l)" \
      "$create_t" "$floor_create" "$(echo "$create_t / $floor_create" | bc -l)" "$(echo "$mem / 1024" | bc -l)" "$read_t")")
    echo "${rows[-1]}"
    fresh "$db" "$name"
  done
done

{
  echo "# Performance"
  echo
  echo "Measured by \`scripts/bench.sh ${SIZES[*]}\` on $(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo),"
  echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), Debian $(cat /etc/debian_version)."
  echo "Medians of $RUNS interleaved runs of plan and its two floors (create and its DDL floor: $CREATE_RUNS interleaved run(s) each). Servers from scripts/services.sh (PostgreSQL 15 with fsync=off, MariaDB 10.11${mysql_caches:+ with $mysql_caches})."
  echo
  echo "- plan: \`plan\` on an in-sync database; plan 10%: with every 10th table changed"
  echo "- floor: the exact catalog queries \`plan -v\` logs, run by the database's own client (sqlite3, psql, mariadb)"
  echo "- create: \`create\` of all tables; DDL floor: the same DDL (\`plan --format sql\`) fed to the client"
  echo "- memory: peak RSS of \`plan\`; read: \`validate\` (reading and checking the TOML)"
  echo
  echo "- lean floor: the leanest catalog queries for the same facts, by the client (scripts/floors/lean-*.sql)"
  echo
  echo "| db | tables | plan s | plan 10% s | floor s | plan/floor | lean floor s | plan/lean | create s | DDL floor s | create/floor | plan MB | read TOML s |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  printf -- '- start-up: `schemactl --version` %.2f ms, `sqlite3 -version` %.2f ms: %.2fx (200 starts each); %s shared libraries at start (ldd); libpq or libmariadb opened by a SQLite `plan`: %s\n' \
    "$start_ours" "$start_sqlite" "$(echo "$start_ours / $start_sqlite" | bc -l)" "$start_libs" "$start_clients"
  for db in "${DBS[@]}"; do
    if [ -n "${plan_of[$db:1000]:-}" ] && [ -n "${plan_of[$db:5000]:-}" ]; then
      printf -- '- %s: plan 1,000 → 5,000 tables grows %.2fx\n' "$db" "$(echo "${plan_of[$db:5000]} / ${plan_of[$db:1000]}" | bc -l)"
    fi
  done
  if [ -n "${check_rows:-}" ]; then
    echo
    echo "Data checks on \`big\` (no row fails any of them), \`plan --timings\` \"data checks\", against the client"
    echo "running the step each protects: unique: a unique index on email; not_null: n NOT NULL; type: n int -> smallint;"
    echo "check: CHECK (n >= 0); fk: n REFERENCES grp (1,000 rows)."
    echo
    echo "| db | rows | check | data check s | the step by the client s | check/step |"
    echo "|---|---|---|---|---|---|"
    echo "$check_rows"
  fi
  if [ -n "${stall_rows:-}" ]; then
    echo
    echo "Longest application query (pgbench, 2 clients, 5 ms pause included) while sync adds a column to a"
    echo "PostgreSQL table another transaction holds (lock_timeout 5 s):"
    echo
    echo "| lock_attempt | table held s | sync exit | sync s | longest application query ms |"
    echo "|---|---|---|---|---|"
    echo "$stall_rows"
  fi
  if [ -n "${fleet_out:-}" ]; then
    echo
    echo "Fleets: \`scripts/bench-fleet.sh 100 100 \"2 4\"\` (100 PostgreSQL databases of 100 tables):"
    echo
    echo '```'
    echo "$fleet_out"
    echo '```'
  fi
} > "$OUT"
echo "wrote $OUT"
