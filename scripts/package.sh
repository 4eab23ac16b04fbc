#!/usr/bin/env bash
# Builds the Debian package build/schemactl_<version>_<arch>.deb: the binary,
# its man page (written by the binary from its own --help) and the bash, zsh
# and fish completions, with its dependencies found by dpkg-shlibdeps.
# Needs the configured release build in build/ (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f build/CMakeCache.txt ]; then
  echo "package: build/ is not configured: run scripts/setup.sh first" >&2
  exit 1
fi
# Only what the package holds: the tests are not built for it.
cmake --build build -j"$(nproc)" --target schemactl manpage
rm -f build/schemactl_*.deb
(cd build && cpack -G DEB >/dev/null)
deb=$(ls build/schemactl_*.deb)
echo "package: $deb"
dpkg-deb -f "$deb" Package Version Architecture Depends Recommends
