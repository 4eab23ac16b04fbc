#!/usr/bin/env bash
# Checks that the C++ sources follow .clang-format (CI), or rewrites them.
#   scripts/check-format.sh          list every line clang-format would change; exit 1 if any
#   scripts/check-format.sh --fix    rewrite the files in place
#   scripts/check-format.sh [--fix] FILE...   only these files
#   scripts/check-format.sh --tidy [FILE...]  clang-tidy (.clang-tidy) over src/: minutes, not in CI
# Only tracked files under src/ and tests/ are looked at, so build trees and
# scratch files never count.
set -euo pipefail
cd "$(dirname "$0")/.."

fix=0 tidy=0
if [ "${1:-}" = "--fix" ]; then fix=1; shift; fi
if [ "${1:-}" = "--tidy" ]; then tidy=1; shift; fi

if [ $tidy = 1 ]; then
  # A compile database without the precompiled header: clang cannot read
  # GCC's. Configuring only (no build) takes seconds.
  cmake -S . -B build-tidy -G Ninja -DCMAKE_DISABLE_PRECOMPILE_HEADERS=ON -DSCHEMACTL_TESTS=OFF >/dev/null
  if [ $# -gt 0 ]; then files=("$@"); else mapfile -t files < <(git ls-files 'src/*.cpp'); fi
  status=0
  for f in "${files[@]}"; do clang-tidy -p build-tidy --quiet "$f" 2>/dev/null || status=1; done
  exit $status
fi
CLANG_FORMAT=${CLANG_FORMAT:-clang-format}
if ! command -v "$CLANG_FORMAT" >/dev/null; then
  echo "check-format: $CLANG_FORMAT not found: install the clang-format package (scripts/setup.sh lists it)" >&2
  exit 2
fi

if [ $# -gt 0 ]; then files=("$@")
else mapfile -t files < <(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp')
fi
[ ${#files[@]} -eq 0 ] && exit 0

if [ $fix = 1 ]; then
  "$CLANG_FORMAT" -i --style=file "${files[@]}"
  echo "check-format: formatted ${#files[@]} files"
  exit 0
fi
if ! "$CLANG_FORMAT" --dry-run -Werror --style=file "${files[@]}"; then
  echo "check-format: the files above differ from .clang-format: run scripts/check-format.sh --fix" >&2
  exit 1
fi
echo "check-format: ${#files[@]} files follow .clang-format"
