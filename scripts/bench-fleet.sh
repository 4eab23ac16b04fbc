#!/usr/bin/env bash
# Benchmarks a fleet plan (docs/fleet.md): `plan --targets` over N PostgreSQL
# databases of an M-table schema with --jobs J, against one plan × N / J and
# against two floors run the same way, psql on J databases at a time: the
# catalog queries a plan sends, and the lean ones (scripts/floors/).
#   scripts/bench-fleet.sh [N [M [J]]]      default: 100 100 4; J may be a list: "2 4"
#   BENCH_RUNS=5                             single-plan runs (median used)
#   BENCH_FLEET_ROUNDS=3                     rounds of fleet, floor, lean floor (medians used)
# Prints the figures; writes nothing in docs/. Uses the servers of
# scripts/services.sh (SCHEMACTL_PG_PORT etc. respected).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100} M=${2:-100} J=${3:-4}
RUNS=${BENCH_RUNS:-5}
ROUNDS=${BENCH_FLEET_ROUNDS:-3}
BIN=${SCHEMACTL_BIN:-$PWD/build/schemactl}
eval "$(scripts/services.sh start)"
PGP=${SCHEMACTL_PG_PORT:-55432}
W=$(mktemp -d /tmp/schemactl-bench-fleet.XXXX)
psql_admin() { PGOPTIONS="-c client_min_messages=warning" psql -q -X -h 127.0.0.1 -p "$PGP" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }
cleanup() {
  for i in $(seq "$N"); do echo "DROP DATABASE IF EXISTS bench_fleet_$i;"; done | psql_admin >/dev/null 2>&1 || true
  rm -rf "$W"
}
trap cleanup EXIT

# M tables of 12 columns and 2 indexes; "changed" adds a column to every 10th.
gen() {
  awk -v n="$1" -v changed="${2:-}" 'BEGIN {
    split("varchar(64) int text boolean timestamp bigint", ty, " ");
    for (i = 0; i < n; i++) {
      printf "[[table]]\nname = \"t%d\"\nprimary_key = [\"id\"]\n", i;
      printf "  [[table.column]]\n  name = \"id\"\n  type = \"bigint\"\n";
      for (c = 0; c < 11; c++)
        printf "  [[table.column]]\n  name = \"c%d\"\n  type = \"%s\"\n  nullable = true\n", c, ty[c % 6 + 1];
      if (changed != "" && i % 10 == 0) printf "  [[table.column]]\n  name = \"added\"\n  type = \"int\"\n  nullable = true\n";
      printf "  [[table.index]]\n  columns = [\"c0\"]\n  [[table.index]]\n  columns = [\"c1\", \"c2\"]\n";
    } }' > "$3"
}
. scripts/bench-lib.sh  # now, median, time_of

gen "$M" "" "$W/base.toml"
gen "$M" changed "$W/changed.toml"
: > "$W/fleet.txt"
for i in $(seq "$N"); do
  echo "DROP DATABASE IF EXISTS bench_fleet_$i; CREATE DATABASE bench_fleet_$i;"
  echo "postgres://postgres@127.0.0.1:$PGP/bench_fleet_$i" >> "$W/fleet.txt"
done | psql_admin >/dev/null
"$BIN" create --targets "$W/fleet.txt" --schema "$W/base.toml" --yes --jobs "${J%% *}" >/dev/null

one=postgres://postgres@127.0.0.1:$PGP/bench_fleet_1
singles=()
for _ in $(seq "$RUNS"); do
  t0=$(now); "$BIN" plan --db "$one" --schema "$W/changed.toml" >/dev/null || [ $? = 2 ]; t1=$(now)
  singles+=("$(echo "$t1 - $t0" | bc -l)")
done
single=$(printf '%s\n' "${singles[@]}" | median)

# The floors: psql, one process and session a database as schemactl's
# children have, J at a time. `create` has just read every database's
# catalog, so its pages are in the server's buffers for all three.
{ "$BIN" plan -v --db "$one" --schema "$W/changed.toml" 2>&1 >/dev/null || [ $? = 2 ]; } | sed -n 's/^sql> //p' | sed 's/$/;/' > "$W/catalog.sql"
fleet_plan() { CI=true "$BIN" plan --targets "$W/fleet.txt" --schema "$W/changed.toml" --jobs "$1" >/dev/null || [ $? = 2 ]; }
by_psql() {
  seq "$N" | xargs -P "$1" -I{} psql -q -X -h 127.0.0.1 -p "$PGP" -U postgres -d bench_fleet_{} -v ON_ERROR_STOP=1 -o /dev/null -f "$2"
}
printf 'plan, one database of %d tables (median of %d): %.3f s\n' "$M" "$RUNS" "$single"
for j in $J; do
  # Interleaved rounds, medians: this machine's speed drifts within minutes.
  fleets=() floors=() leans=()
  for _ in $(seq "$ROUNDS"); do
    fleets+=("$(time_of fleet_plan "$j")")
    floors+=("$(time_of by_psql "$j" "$W/catalog.sql")")
    leans+=("$(time_of by_psql "$j" scripts/floors/lean-postgres.sql)")
  done
  fleet=$(printf '%s\n' "${fleets[@]}" | median)
  floor=$(printf '%s\n' "${floors[@]}" | median)
  lean=$(printf '%s\n' "${leans[@]}" | median)
  ideal=$(echo "$single * $N / $j" | bc -l)
  printf -- '--jobs %d, %d databases, medians of %d rounds:\n' "$j" "$N" "$ROUNDS"
  printf '  plan --targets:                            %.3f s\n' "$fleet"
  printf '  one plan x %d / %d:                        %.3f s (ratio %.2f)\n' "$N" "$j" "$ideal" "$(echo "$fleet / $ideal" | bc -l)"
  printf '  floor, the catalog queries by psql:        %.3f s (ratio %.2f)\n' "$floor" "$(echo "$fleet / $floor" | bc -l)"
  printf '  lean floor by psql:                        %.3f s (ratio %.2f, goal: within 1.5)\n' "$lean" "$(echo "$fleet / $lean" | bc -l)"
done
printf 'cores: %s (with --jobs above the cores, the ideal is not reachable)\n' "$(nproc)"
