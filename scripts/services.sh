#!/usr/bin/env bash
# Throwaway PostgreSQL 15 and MariaDB servers on 127.0.0.1 for the tests.
#   scripts/services.sh start   start both (idempotent), print the URLs as exports
#   scripts/services.sh stop    stop both, by their own pid files / data dirs
#   scripts/services.sh env     print the exports only
# Ports: SCHEMACTL_PG_PORT (55432), SCHEMACTL_MYSQL_PORT (53306).
# Data: SCHEMACTL_SERVICES_DIR (/tmp/schemactl-services).
set -euo pipefail
PG_PORT=${SCHEMACTL_PG_PORT:-55432}
MY_PORT=${SCHEMACTL_MYSQL_PORT:-53306}
BASE=${SCHEMACTL_SERVICES_DIR:-/tmp/schemactl-services}
PG_BIN=/usr/lib/postgresql/15/bin
PG_DIR=$BASE/pg
MY_DIR=$BASE/maria

exports() {
  echo "export SCHEMACTL_TEST_PG_URL=postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  echo "export SCHEMACTL_TEST_MYSQL_URL=mysql://root@127.0.0.1:$MY_PORT/mysql"
}

as_pg_user() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}

start_pg() {
  if [ -f "$PG_DIR/data/postmaster.pid" ] && as_pg_user "$PG_BIN/pg_ctl -D $PG_DIR/data status" >/dev/null 2>&1; then
    return 0
  fi
  mkdir -p "$PG_DIR"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown -R postgres "$PG_DIR"
  fi
  if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
    as_pg_user "$PG_BIN/initdb -D $PG_DIR/data -A trust -U postgres --no-sync" >"$BASE/pg-init.log" 2>&1 \
      || { cat "$BASE/pg-init.log" >&2; echo "services: initdb failed" >&2; return 1; }
  fi
  # Every role is trusted except schemactl_pw, which must give its password:
  # the tests of PGPASSWORD and .pgpass connect as it (client_env_test.cpp).
  grep -q schemactl_pw "$PG_DIR/data/pg_hba.conf" \
    || as_pg_user "sed -i '1i host all schemactl_pw 127.0.0.1/32 scram-sha-256' $PG_DIR/data/pg_hba.conf"
  as_pg_user "$PG_BIN/pg_ctl -D $PG_DIR/data -l $PG_DIR/log -w start \
      -o '-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c shared_preload_libraries=pg_stat_statements'" >/dev/null \
    || { cat "$PG_DIR/log" >&2; echo "services: PostgreSQL did not start" >&2; return 1; }
}

start_maria() {
  if [ -f "$MY_DIR/pid" ] && kill -0 "$(cat "$MY_DIR/pid")" 2>/dev/null; then
    return 0
  fi
  mkdir -p "$MY_DIR"
  if [ ! -d "$MY_DIR/data/mysql" ]; then
    mariadb-install-db --no-defaults --datadir="$MY_DIR/data" --user="$(id -un)" \
      --auth-root-authentication-method=normal --skip-test-db >"$BASE/maria-install.log" 2>&1 \
      || { cat "$BASE/maria-install.log" >&2; echo "services: mariadb-install-db failed" >&2; return 1; }
  fi
  # A private tmpdir: at startup mariadbd deletes every #sql* file in its tmpdir,
  # which, in a shared /tmp, pulls the temporary tables from under another running
  # server (it then crashes in ha_maria::drop_table).
  mkdir -p "$MY_DIR/tmp"
  setsid mariadbd --no-defaults --datadir="$MY_DIR/data" --tmpdir="$MY_DIR/tmp" --port="$MY_PORT" --bind-address=127.0.0.1 \
    --socket="$MY_DIR/sock" --pid-file="$MY_DIR/pid" --user="$(id -un)" --log-error="$MY_DIR/err.log" \
    --innodb-flush-log-at-trx-commit=0 --skip-log-bin --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci </dev/null >/dev/null 2>&1 &
  for _ in $(seq 1 150); do
    mariadb-admin --no-defaults -h127.0.0.1 --protocol=TCP -P"$MY_PORT" -uroot ping >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  cat "$MY_DIR/err.log" >&2; echo "services: MariaDB did not start" >&2; return 1
}

stop_pg() {
  [ -f "$PG_DIR/data/postmaster.pid" ] && as_pg_user "$PG_BIN/pg_ctl -D $PG_DIR/data -m fast -w stop" >/dev/null 2>&1 || true
}

stop_maria() {
  if [ -f "$MY_DIR/pid" ]; then
    pid=$(cat "$MY_DIR/pid"); kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
}

case "${1:-}" in
  start) mkdir -p "$BASE"; start_pg; start_maria; exports ;;
  stop) stop_pg; stop_maria ;;
  env) exports ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 1 ;;
esac
