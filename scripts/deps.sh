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
  libmariadb-dev libpq-dev
  doctest-dev libbenchmark-dev
  # bench_orm's /soci side: issue #15 wants the ORM at least as fast as SOCI.
  libsoci-dev
)
# Needed only by scripts/test.sh: throw-away MariaDB and PostgreSQL servers,
# `man -l` to check the man page, completion loading, dpkg-deb and lintian for
# package checks, clang's libFuzzer for the fuzzers, SQLAlchemy and its
# drivers for the tutorial's models beside notes (tests/cli/test_sqlalchemy.cpp);
# strace for `scripts/bench.sh --backend`, which counts round trips with it.
TEST_PKGS=(mariadb-server postgresql man-db bash-completion dpkg-dev lintian
  clang-14 libclang-rt-14-dev python3-sqlalchemy python3-psycopg2 python3-pymysql strace)

die() {
  echo "deps.sh: error: $*" >&2
  exit 1
}

pkgs=("${BUILD_PKGS[@]}")
case "${1:-}" in
  --test) pkgs+=("${TEST_PKGS[@]}") ;;
  "") ;;
  *)
    echo "usage: $0 [--test]" >&2
    exit 2
    ;;
esac

command -v dpkg-query >/dev/null ||
  die "dpkg-query not found: this script installs Debian packages and needs a Debian system (install these by hand: ${pkgs[*]})"

# One dpkg-query for all packages. It exits 1 when it has never heard of one
# of them (never installed, or purged): that is exactly the case we are here
# for, so its status is ignored and only its output counts.
status=$(dpkg-query -W -f='${Package} ${Status}\n' "${pkgs[@]}" 2>/dev/null || true)
installed=" $(sed -n 's/ install ok installed$//p' <<<"$status" | sed 's/:.*//' | tr '\n' ' ') "
missing=()
for p in "${pkgs[@]}"; do
  [[ "$installed" == *" $p "* ]] || missing+=("$p")
done
if ((${#missing[@]} == 0)); then exit 0; fi

echo "deps.sh: installing ${missing[*]}" >&2
sudo=()
if ((EUID != 0)); then
  command -v sudo >/dev/null ||
    die "missing packages (${missing[*]}) and not root, and sudo is not installed: run as root: apt-get install ${missing[*]}"
  sudo=(sudo)
fi
command -v apt-get >/dev/null || die "apt-get not found: install by hand: ${missing[*]}"

# Output goes to stderr: callers such as run.sh reserve stdout for notes' JSON.
if ! "${sudo[@]}" apt-get update -q >&2; then
  die "'apt-get update' failed (no network to the package archive, or a broken sources.list?); fix that, then run: apt-get install ${missing[*]}"
fi
if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; then
  die "'apt-get install ${missing[*]}' failed (see apt's message above): install them by hand, then run this again"
fi
