#!/usr/bin/env bash
# The one list of Debian packages this project needs, and an installer that
# only touches apt when something is actually missing (so it is cheap to call
# from run.sh / test.sh every time).
#
#   scripts/deps.sh          build + run dependencies
#   scripts/deps.sh --test   ... plus what the test suite needs
set -euo pipefail

# Needed to build and run `notes`.
BUILD_PKGS=(
  build-essential cmake pkg-config
  libsqlitecpp-dev libsqlite3-dev sqlite3
  libcli11-dev libspdlog-dev libfmt-dev nlohmann-json3-dev libutf8proc-dev
  libmariadb-dev
  doctest-dev libbenchmark-dev
)
# Needed only by scripts/test.sh: a throw-away MariaDB server, `man -l` to
# check the man page, completion loading, and dpkg-deb for package checks.
TEST_PKGS=(mariadb-server man-db bash-completion dpkg-dev)

pkgs=("${BUILD_PKGS[@]}")
case "${1:-}" in
  --test) pkgs+=("${TEST_PKGS[@]}") ;;
  "") ;;
  *) echo "usage: $0 [--test]" >&2; exit 2 ;;
esac

# One dpkg-query for all packages; unknown names go to stderr and are simply
# absent from the output, which is what we want.
installed=" $(dpkg-query -W -f='${Package}=${Status}\n' "${pkgs[@]}" 2>/dev/null \
  | sed -n 's/=install ok installed$//p' | tr '\n' ' ') "
missing=()
for p in "${pkgs[@]}"; do
  [[ "$installed" == *" $p "* ]] || missing+=("$p")
done
if ((${#missing[@]} == 0)); then exit 0; fi

echo "deps.sh: installing ${missing[*]}" >&2
sudo=()
((EUID == 0)) || sudo=(sudo)
# Output goes to stderr: callers such as run.sh reserve stdout for notes' JSON.
"${sudo[@]}" apt-get update -q >&2
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
