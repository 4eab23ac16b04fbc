#!/usr/bin/env bash
# Installs the Debian packages schemactl needs (idempotent) and builds it.
#   scripts/setup.sh            release build in build/
#   SANITIZE=1 scripts/setup.sh ASan+UBSan build in build-asan/
#   WERROR=1 scripts/setup.sh   warnings are errors (scripts/test.sh, so CI)
#   UNITY=0 scripts/setup.sh    one object a source file (quicker rebuilds)
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(build-essential cmake ninja-build pkg-config libcli11-dev libtomlplusplus-dev libfmt-dev catch2 nlohmann-json3-dev
          libsqlite3-dev sqlite3 libpq-dev libmariadb-dev default-libmysqlclient-dev
          postgresql-15 postgresql-client-15 mariadb-server mariadb-client man-db groff-base
          graphviz python3 python3-jsonschema clang-format clang-tidy)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ] && [ "${SETUP_SKIP_PACKAGES:-0}" != 1 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "${SANITIZE:-0}" = 1 ]; then
  # -O1: the sanitizers' own advice (far faster tests than -O0); -g1: line
  # tables are all a stack trace needs, at a fraction of the compile time.
  dir=build-asan; flags=(-DSCHEMACTL_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1")
else
  dir=build; flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG")
fi
werror=OFF; [ "${WERROR:-0}" = 1 ] && werror=ON
# A unity build (several .cpp files of a layer compiled as one) parses and
# instantiates the shared templates once a batch: a fresh build in 0.7 of
# the time. UNITY=0 for quick rebuilds of one file while editing.
unity=ON; [ "${UNITY:-1}" = 0 ] && unity=OFF
cmake -S . -B "$dir" -G Ninja "${flags[@]}" -DSCHEMACTL_WERROR=$werror -DCMAKE_UNITY_BUILD=$unity >/dev/null
cmake --build "$dir" -j"$(nproc)"
