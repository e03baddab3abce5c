#!/usr/bin/env bash
# Run `notes` from the source tree, building it first only when needed:
#   scripts/run.sh [notes args...]
# A `notes` call takes ~2 ms, so the up-to-date path must cost about as
# little: no package checks, no cmake, one `find`. Never writes to stdout
# itself: stdout belongs to notes (JSON).
set -euo pipefail

# Repo root without a subshell. Deliberately no `cd`: notes runs in the
# caller's directory so relative paths such as --db ./x.db mean what they say.
here=${BASH_SOURCE[0]%/*}
if [[ $here == "${BASH_SOURCE[0]}" ]]; then here=.; fi
ROOT=$here/..
BIN=$ROOT/build/app/notes
# Touched just before each build run.sh does; anything newer may not be built.
STAMP=$ROOT/build/.run-sh-built

if [[ -x $BIN && -e $STAMP ]]; then
  newer=$(find "$ROOT/app" "$ROOT/lib" "$ROOT/cmake" "$ROOT/CMakeLists.txt" \
    -newer "$STAMP" -print -quit 2>/dev/null) || newer=error
  if [[ -z $newer ]]; then exec "$BIN" "$@"; fi
fi

die() {
  echo "run.sh: error: $*" >&2
  exit 1
}
(
  cd "$ROOT" || die "cannot enter the project folder $ROOT"
  mkdir -p build || die "cannot create $ROOT/build (read-only checkout? full disk?)"
  exec 9>build/.run-sh.lock # two run.sh calls must not build at once
  flock 9
  scripts/deps.sh || die "installing the build dependencies failed (see above); fix that and run again"
  command -v c++ >/dev/null || die "no C++ compiler (c++) on PATH: apt-get install build-essential"
  if [[ ! -f build/CMakeCache.txt ]]; then
    cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo ||
      { rm -f build/CMakeCache.txt; die "cmake could not configure the build (see above); after fixing it run again"; }
  fi
  touch build/.run-sh-built.new # before building: edits made meanwhile count as newer
  cmake --build build -j"$(nproc)" --target notes ||
    die "the build failed (see the compiler's messages above)"
  mv build/.run-sh-built.new build/.run-sh-built
) >&2
[[ -x $BIN ]] || { echo "run.sh: error: $BIN was not built" >&2; exit 1; }
exec "$BIN" "$@"
