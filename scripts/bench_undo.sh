#!/usr/bin/env bash
# Issue #12: what the history costs. Undoing an import of N notes against a
# drop --force of the same notes, and the import and drop themselves (both
# record a step: the import a fingerprint a note, in runs; the drop a copy of
# every note, inside the database). The cost of recording a single `add` is
# in scripts/bench.sh's "add" row, measured against a floor without history.
#
#   scripts/bench_undo.sh [--notes N] [--categories C] [--build-dir DIR]
#
# Defaults: 1000000 notes in 1000 categories, the build tree build-release/
# (built here in Release when missing). SQLite, in a temporary folder.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
NOTES=1000000 CATEGORIES=1000 BUILD=build-release
while (($#)); do
  case $1 in
    --notes) NOTES=${2:?}; shift 2 ;;
    --categories) CATEGORIES=${2:?}; shift 2 ;;
    --build-dir) BUILD=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench_undo.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
for v in "$NOTES" "$CATEGORIES"; do
  [[ $v =~ ^[1-9][0-9]*$ ]] || { echo "bench_undo.sh: '$v' is not a positive number" >&2; exit 2; }
done
if [[ ! -x $BUILD/app/notes ]]; then
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DNOTES_BUILD_TESTS=OFF >/dev/null
  cmake --build "$BUILD" -j"$(nproc)" --target notes >/dev/null
fi
BIN=$(cd "$BUILD/app" && pwd)/notes
WORK=$(mktemp -d "${TMPDIR:-/tmp}/notes-bench-undo.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export NOTES_DB=$WORK/notes.db USER=bench

awk -v n="$NOTES" -v c="$CATEGORIES" 'BEGIN {
  for (i = 1; i <= n; i++)
    printf "{\"category\":\"topic-%04d\",\"text\":\"note %d about sqlite and benchmarks\",\"created_at\":\"2024-01-01T00:00:00Z\"}\n", i % c, i
}' >"$WORK/notes.jsonl"

# secs CMD...: wall seconds of one run; fails the script when CMD fails.
secs() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
categories() { "$BIN" --json list | tr ',' '\n' | sed -n 's/.*"name":"\([^"]*\)".*/\1/p'; }

import1=$(secs "$BIN" import "$WORK/notes.jsonl")
undo_import=$(secs "$BIN" undo)
[[ $("$BIN" export | wc -l) == 0 ]] || { echo "bench_undo.sh: undo left notes behind" >&2; exit 1; }
import2=$(secs "$BIN" import "$WORK/notes.jsonl")
mapfile -t names < <(categories)
drop=$(secs "$BIN" drop --force "${names[@]}")
undo_drop=$(secs "$BIN" undo)
[[ $("$BIN" export | wc -l) == "$NOTES" ]] || { echo "bench_undo.sh: undo of drop lost notes" >&2; exit 1; }

printf 'history at %d notes in %d categories (SQLite, wall seconds, one run each)\n' "$NOTES" "$CATEGORIES"
printf '%-28s %8.2f\n' "import (records the step)" "$import1" "undo of that import" "$undo_import" \
  "import again" "$import2" "drop --force (copies notes)" "$drop" "undo of that drop" "$undo_drop"
awk -v u="$undo_import" -v d="$drop" 'BEGIN {
  printf "undo of import / drop --force: %.2f (target: at most about 1)\n", u / d }'
