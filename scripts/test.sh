#!/usr/bin/env bash
# The whole test suite on a fresh Debian 12 machine: installs packages, builds,
# starts throwaway PostgreSQL and MariaDB servers, runs unit and integration
# tests (real databases), then the same tests in an ASan+UBSan build. The
# C++ layout is checked first (scripts/check-format.sh: .clang-format,
# strict). Warnings are errors in the release build (WERROR=1; not in the
# sanitizer build, where GCC's warnings at -O1 under ASan include known
# false ones), and a test case that asserts
# nothing fails (-w NoAssertions).
#   SKIP_SANITIZE=1 scripts/test.sh   skip the sanitizer pass (local speed)
# The sanitizer build compiles while the release tests run (those wait on the
# servers much of the time), so the two overlap instead of adding up.
set -euo pipefail
cd "$(dirname "$0")/.."
# Each part says when it started: CI time is a budget (docs/ci.md).
step() { echo "== $* ($(date +%T), ${SECONDS}s in)"; }

step "setup and build"
WERROR=1 scripts/setup.sh
eval "$(scripts/services.sh start)"
asan_pid="" size_pid=""
# A background job's children too: killing the sanitizer build's shell
# alone left its cmake, ninja and compilers running after a failure.
# Each process is stopped first, so it starts no new child while its
# children are ended, then ended itself.
kill_tree() {
  local child children
  kill -STOP "$1" 2>/dev/null || return 0
  children=$(pgrep -P "$1" || true)
  for child in $children; do kill_tree "$child"; done
  kill -TERM "$1" 2>/dev/null || true
  kill -CONT "$1" 2>/dev/null || true
}
cleanup() {
  if [ -n "$asan_pid" ]; then kill_tree "$asan_pid"; fi
  if [ -n "$size_pid" ]; then kill_tree "$size_pid"; fi
  scripts/services.sh stop
}
trap cleanup EXIT

if [ "${SKIP_SANITIZE:-0}" != 1 ]; then
  mkdir -p build-asan
  SANITIZE=1 SETUP_SKIP_PACKAGES=1 scripts/setup.sh >build-asan/build.log 2>&1 &
  asan_pid=$!
fi

# No function in src/ over 80 lines (clang-tidy): in the background too.
scripts/check-format.sh --function-size >build/function-size.log 2>&1 &
size_pid=$!

step "shipped schemas against docs/schemactl.schema.json"
scripts/check-schemas.sh
step "format (.clang-format)"
# Strict: the tree was formatted once (scripts/check-format.sh --fix); a file
# that drifts from .clang-format fails the run, naming the lines.
scripts/check-format.sh
step "unit tests"
build/unit_tests -w NoAssertions
step "integration tests (SQLite, PostgreSQL, MariaDB)"
# The integration tests of one build as two processes side by side: every
# test makes databases of its own (named by pid), and the tests wait on the
# servers much of the time, so two overlap on two cores. The test names are
# dealt out in turn, the long suites first, so each half gets its share of
# them. $1: the build dir; $2: a Catch2 filter for the long suites; $3: for
# the rest (both may be empty to skip that part).
integration_halves() {
  local dir=$1 list=$1/integration-tests.list
  : >"$list"
  # Catch2 exits with the number of tests it listed: not an error here.
  for filter in "$2" "$3"; do
    [ -z "$filter" ] || { "$dir/integration_tests" --list-test-names-only "$filter" || true; } | grep -v '^$' >>"$list"
  done
  # One name a line for -f, with Catch2's special characters escaped (a
  # comma would split a name into two filters that match nothing).
  sed 's/[][\\,*"]/\\&/g' "$list" >"$list.escaped"
  awk 'NR % 2 == 1' "$list.escaped" >"$list.1"
  awk 'NR % 2 == 0' "$list.escaped" >"$list.2"
  # Every test listed must be found again through the two files: a name the
  # filter cannot read back would otherwise be skipped without a word.
  if ! diff <(sort "$list") <(cat "$list.1" "$list.2" | "$dir/integration_tests" -f /dev/stdin --list-test-names-only |
      grep -v '^$' | sort) >"$list.diff"; then
    cat "$list.diff"; echo "integration tests: the names above cannot be selected by name ($dir)"; return 1
  fi
  "$dir/integration_tests" -w NoAssertions -f "$list.2" >"$dir/integration-2.log" 2>&1 &
  local pid=$! rc1=0 rc2=0
  "$dir/integration_tests" -w NoAssertions -f "$list.1" || rc1=$?
  wait "$pid" || rc2=$?
  echo "-- the other half ($(wc -l <"$list.2") tests):"
  if [ "$rc2" != 0 ]; then cat "$dir/integration-2.log"; else tail -3 "$dir/integration-2.log"; fi
  [ "$rc1" = 0 ] && [ "$rc2" = 0 ] || { echo "integration tests failed ($dir)"; return 1; }
}
long="[evolution],[adoption],[portable],[scale],[snapshot]"
integration_halves build "$long" "~[evolution]~[adoption]~[portable]~[scale]~[snapshot]"
step "Debian package: build, install, run the installed binary"
scripts/test-package.sh

if [ -n "$asan_pid" ]; then
  step "sanitizer build (ASan + UBSan)"
  if ! wait "$asan_pid"; then asan_pid=""; cat build-asan/build.log; echo "sanitizer build failed"; exit 1; fi
  asan_pid=""
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  build-asan/unit_tests -w NoAssertions
  # Not under the sanitizers: the 1,000-table statement count (it measures
  # catalog queries, not memory) and the 80-target fleet (its ~1,000 processes;
  # the canary test runs the fleet code), the randomized evolution and portable runs
  # and the 120-file adoption corpus (they repeat, hundreds of times, code
  # paths the other tests take once; the release pass runs them all).
  SCHEMACTL_BIN="$PWD/build-asan/schemactl" integration_halves build-asan "[snapshot]" "~[scale]~[evolution]~[portable]~[adoption]~[snapshot]"
fi
step "function size (clang-tidy readability-function-size, 80 lines)"
if ! wait "$size_pid"; then size_pid=""; cat build/function-size.log; echo "a function is over 80 lines"; exit 1; fi
size_pid=""
tail -n 1 build/function-size.log
step "all tests passed"
