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
cleanup() {
  [ -n "$asan_pid" ] && kill "$asan_pid" 2>/dev/null
  [ -n "$size_pid" ] && kill "$size_pid" 2>/dev/null
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
# Two processes side by side: the long randomized and corpus suites, and the
# rest. Every test makes databases of its own (named by pid), and the tests
# wait on the servers much of the time, so the two overlap on two cores.
long="[evolution],[adoption],[portable],[scale],[snapshot]"
build/integration_tests -w NoAssertions "$long" >build/integration-long.log 2>&1 &
long_pid=$!
rest_rc=0
build/integration_tests -w NoAssertions "~[evolution]~[adoption]~[portable]~[scale]~[snapshot]" || rest_rc=$?
long_rc=0
wait "$long_pid" || long_rc=$?
echo "-- the long suites ($long):"
if [ "$long_rc" != 0 ]; then cat build/integration-long.log; else tail -3 build/integration-long.log; fi
[ "$rest_rc" = 0 ] && [ "$long_rc" = 0 ] || { echo "integration tests failed"; exit 1; }
step "Debian package: build, install, run the installed binary"
scripts/test-package.sh

if [ -n "$asan_pid" ]; then
  step "sanitizer build (ASan + UBSan)"
  if ! wait "$asan_pid"; then asan_pid=""; cat build-asan/build.log; echo "sanitizer build failed"; exit 1; fi
  asan_pid=""
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  build-asan/unit_tests -w NoAssertions
  # Not under the sanitizers: the 1,000-table statement count (it measures
  # catalog queries, not memory), the randomized evolution and portable runs
  # and the 120-file adoption corpus (they repeat, hundreds of times, code
  # paths the other tests take once; the release pass runs them all).
  SCHEMACTL_BIN="$PWD/build-asan/schemactl" build-asan/integration_tests -w NoAssertions "~[scale]~[evolution]~[portable]~[adoption]"
fi
step "function size (clang-tidy readability-function-size, 80 lines)"
if ! wait "$size_pid"; then size_pid=""; cat build/function-size.log; echo "a function is over 80 lines"; exit 1; fi
size_pid=""
tail -n 1 build/function-size.log
step "all tests passed"
