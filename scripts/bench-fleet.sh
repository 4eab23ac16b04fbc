#!/usr/bin/env bash
# Benchmarks a fleet plan (docs/fleet.md): `plan --targets` over N PostgreSQL
# databases of an M-table schema with --jobs J, against one plan × N / J.
#   scripts/bench-fleet.sh [N [M [J]]]      default: 100 100 4
#   BENCH_RUNS=5                             single-plan runs (median used)
# Prints the figures; writes nothing in docs/. Uses the servers of
# scripts/services.sh (SCHEMACTL_PG_PORT etc. respected).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100} M=${2:-100} J=${3:-4}
RUNS=${BENCH_RUNS:-5}
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
now() { date +%s.%N; }

gen "$M" "" "$W/base.toml"
gen "$M" changed "$W/changed.toml"
: > "$W/fleet.txt"
for i in $(seq "$N"); do
  echo "DROP DATABASE IF EXISTS bench_fleet_$i; CREATE DATABASE bench_fleet_$i;"
  echo "postgres://postgres@127.0.0.1:$PGP/bench_fleet_$i" >> "$W/fleet.txt"
done | psql_admin >/dev/null
"$BIN" create --targets "$W/fleet.txt" --schema "$W/base.toml" --yes --jobs "$J" >/dev/null

one=postgres://postgres@127.0.0.1:$PGP/bench_fleet_1
singles=()
for _ in $(seq "$RUNS"); do
  t0=$(now); "$BIN" plan --db "$one" --schema "$W/changed.toml" >/dev/null || [ $? = 2 ]; t1=$(now)
  singles+=("$(echo "$t1 - $t0" | bc -l)")
done
single=$(printf '%s\n' "${singles[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
t0=$(now)
CI=true "$BIN" plan --targets "$W/fleet.txt" --schema "$W/changed.toml" --jobs "$J" >/dev/null || [ $? = 2 ]
t1=$(now)
fleet=$(echo "$t1 - $t0" | bc -l)
ideal=$(echo "$single * $N / $J" | bc -l)
printf 'plan, one database of %d tables (median of %d): %.3f s\n' "$M" "$RUNS" "$single"
printf 'plan --targets, %d databases, --jobs %d:        %.3f s\n' "$N" "$J" "$fleet"
printf 'one plan x %d / %d:                             %.3f s\n' "$N" "$J" "$ideal"
printf 'ratio (goal: within 1.5):                       %.2f\n' "$(echo "$fleet / $ideal" | bc -l)"
printf 'cores: %s (with --jobs above the cores, the ideal is not reachable)\n' "$(nproc)"
