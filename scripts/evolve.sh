#!/usr/bin/env bash
# Runs the randomized evolution test over many seeds on each database.
#   scripts/evolve.sh [first-last] [databases...]     default: 1-1000 sqlite postgres mysql
# The databases run side by side; a failure prints the seed, the step and the
# command that reproduces it. Logs: /tmp/evolve-<db>.log
set -euo pipefail
cd "$(dirname "$0")/.."
RANGE=${1:-1-1000}; shift || true
DBS=(${@:-sqlite postgres mysql})
[ -x build/integration_tests ] || scripts/setup.sh >/dev/null
eval "$(scripts/services.sh start)"
# A private copy of the binaries: a rebuild during a long run must not swap them.
BIN_DIR=$(mktemp -d /tmp/schemactl-evolve.XXXX)
cp build/schemactl build/integration_tests "$BIN_DIR/"
export SCHEMACTL_BIN="$BIN_DIR/schemactl"
one() {
  local db=$1 t0; t0=$(date +%s)
  if SCHEMACTL_TEST_ONLY=$db SCHEMACTL_EVOLVE_SEEDS=$RANGE "$BIN_DIR/integration_tests" "[evolution]" > "/tmp/evolve-$db.log" 2>&1; then
    echo "$db: seeds $RANGE passed in $(( $(date +%s) - t0 )) s ($(grep -o '[0-9]* assertions' "/tmp/evolve-$db.log" | head -1))"
  else
    echo "$db: FAILED after $(( $(date +%s) - t0 )) s; see /tmp/evolve-$db.log:"
    grep -A3 "reproduce:" "/tmp/evolve-$db.log" | grep -E "reproduce|seed [0-9]+ step" || tail -20 "/tmp/evolve-$db.log"
    return 1
  fi
}
status=0
for db in "${DBS[@]}"; do one "$db" & done
for job in $(jobs -p); do wait "$job" || status=1; done
exit $status
