#!/usr/bin/env bash
# Builds the Debian package (scripts/package.sh), installs it the way a user
# would (apt-get install ./schemactl_*.deb, as root), and runs the installed
# /usr/bin/schemactl: --version, a plan on a new SQLite file, the man page and
# the bash completion. The package is removed again afterwards unless it was
# installed before or KEEP_PACKAGE=1.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
fail() { echo "test-package: FAIL: $*" >&2; exit 1; }

scripts/package.sh
deb=$(ls build/schemactl_*.deb)
version=$(dpkg-deb -f "$deb" Version)

# What the package holds and needs, before installing it.
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/schemactl ./usr/share/man/man1/schemactl.1.gz \
         ./usr/share/bash-completion/completions/schemactl \
         ./usr/share/zsh/vendor-completions/_schemactl \
         ./usr/share/fish/vendor_completions.d/schemactl.fish \
         ./usr/share/schemactl/schemactl.schema.json \
         ./usr/share/schemactl/output.schema.json; do
  grep -q " $f\$" <<<"$contents" || fail "$deb does not hold $f"
done
depends=$(dpkg-deb -f "$deb" Depends)
# libstdc++ is linked in (start-up, CMakeLists.txt), so it is not a dependency.
for lib in libc6 libsqlite3-0; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib (shlibdeps): $depends"
done

was_installed=0
dpkg-query -W -f='${Status}' schemactl 2>/dev/null | grep -q "install ok installed" && was_installed=1
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "./$deb" >/dev/null
cleanup() {
  if [ "$was_installed" = 0 ] && [ "${KEEP_PACKAGE:-0}" != 1 ]; then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get remove -y -qq schemactl >/dev/null || true
  fi
  rm -rf "$work"
}
work=$(mktemp -d)
trap cleanup EXIT

bin=/usr/bin/schemactl
[ "$($bin --version)" = "schemactl $version" ] || fail "--version says '$($bin --version)', the package is $version"

# From the installed binary, outside the source tree: create one table in a
# new SQLite file, then plan: exit 2, and only the other table is to create.
mkdir "$work/schemas"
cp "$root"/schemas/agent_context/agents.toml "$root"/schemas/agent_context/users.toml "$work/schemas/"
cd "$work"
$bin create --db "sqlite:$work/new.db" --schema schemas --tables agents --yes >/dev/null || fail "create exited $?"
rc=0; plan=$($bin plan --db "sqlite:$work/new.db" --schema schemas --format sql) || rc=$?
[ "$rc" = 2 ] || fail "plan exited $rc, not 2 (changes pending): $plan"
grep -q 'CREATE TABLE.*users' <<<"$plan" || fail "the plan does not create users: $plan"
! grep -q 'CREATE TABLE.*agents' <<<"$plan" || fail "the plan creates agents again: $plan"

# The man page is found by man and names every command.
# Minimal images tell dpkg to leave /usr/share/man out (path-exclude); then
# the page is read from the package itself.
manfile=/usr/share/man/man1/schemactl.1.gz
if [ ! -f "$manfile" ]; then
  echo "test-package: note: dpkg left out $manfile (path-exclude); reading it from the package"
  dpkg-deb -x "$root/$deb" "$work/x"
  manfile="$work/x/usr/share/man/man1/schemactl.1.gz"
fi
page=$(MANWIDTH=100 man -P cat -l "$manfile" 2>/dev/null) || fail "man -l $manfile failed"
commands=$($bin __complete -- "")
[ "$(wc -l <<<"$commands")" -ge 7 ] || fail "__complete lists too few commands: $commands"
for c in $commands; do grep -q "^   $c\$" <<<"$page" || fail "the man page has no section for $c"; done

# The installed bash completion completes a table of ./schemas.
got=$(bash -c 'source /usr/share/bash-completion/completions/schemactl
  COMP_LINE="schemactl recreate ag"; COMP_POINT=${#COMP_LINE}
  COMP_WORDS=(schemactl recreate ag); COMP_CWORD=2
  _schemactl; echo "${COMPREPLY[*]}"')
[ "$got" = "agents" ] || fail "bash completion of 'recreate ag' gave '$got'"

echo "test-package: ok ($deb installed; --version, plan, man page and completion checked)"
