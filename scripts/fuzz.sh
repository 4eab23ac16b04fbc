#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a
# bounded time. Crashes are kept under tests/fuzz/findings/.
#   scripts/fuzz.sh [seconds per target]     (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-60}
command -v clang++ >/dev/null || { apt-get install -y -qq clang libclang-rt-14-dev >/dev/null; }
OUT=build-fuzz; mkdir -p "$OUT" tests/fuzz/findings
# toml++ as the product uses it: the compiled shared library (its header-only debug
# build asserts on some malformed input, e.g. "[\n", that the library reports as an error).
FLAGS=(-std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -Isrc -DTOML_HEADER_ONLY=0 -DTOML_SHARED_LIB=1)
CORE=(src/config/database_url.cpp src/diff/expr.cpp src/toml/reader.cpp src/toml/writer.cpp src/schema/validate.cpp
      src/schema/model.cpp src/schema/prepare.cpp src/dialect/postgres/pg_types.cpp src/dialect/mysql/mysql_types.cpp
      src/dialect/sqlite/sqlite_types.cpp)
for target in tests/fuzz/fuzz_*.cpp; do
  name=$(basename "$target" .cpp)
  clang++ "${FLAGS[@]}" "$target" "${CORE[@]}" -o "$OUT/$name" -ltomlplusplus -lfmt
  mkdir -p "$OUT/corpus-$name"
  [ -d "tests/fuzz/corpus/$name" ] && cp -n tests/fuzz/corpus/$name/* "$OUT/corpus-$name/" 2>/dev/null || true
  echo "== $name for ${SECS}s"
  "$OUT/$name" -max_total_time="$SECS" -timeout=5 -artifact_prefix=tests/fuzz/findings/"$name"- \
      "$OUT/corpus-$name" 2>&1 | grep -E "^#[0-9]+.*DONE|Done [0-9]+ runs|ERROR|SUMMARY" || true
done
