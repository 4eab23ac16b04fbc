#!/usr/bin/env bash
# The whole test suite on a fresh Debian 12 machine: installs packages, builds,
# starts throwaway PostgreSQL and MariaDB servers, runs unit and integration
# tests (real databases), then the same tests in an ASan+UBSan build.
#   SKIP_SANITIZE=1 scripts/test.sh   skip the sanitizer pass (local speed)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
eval "$(scripts/services.sh start)"
trap 'scripts/services.sh stop' EXIT

echo "== unit tests"
build/unit_tests
echo "== integration tests (SQLite, PostgreSQL, MariaDB)"
build/integration_tests

if [ "${SKIP_SANITIZE:-0}" != 1 ]; then
  echo "== sanitizer build (ASan + UBSan)"
  SANITIZE=1 scripts/setup.sh
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  build-asan/unit_tests
  # Everything but the 1,000-table statement count (it measures catalog queries, not memory safety).
  SCHEMACTL_BIN="$PWD/build-asan/schemactl" build-asan/integration_tests "~[scale]"
fi
echo "== all tests passed"
