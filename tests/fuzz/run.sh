#!/usr/bin/env bash
# Builds the libFuzzer harnesses (tests/fuzz/CMakeLists.txt, clang-14 with
# -fsanitize=fuzzer,address,undefined) and runs each for a bounded time,
# starting from its seed corpus in tests/fuzz/<name>/corpus/. Fails on any
# crash, timeout, leak or sanitizer report; the input that did it is left in
# $FUZZ_BUILD_DIR/artifacts/.
# Env:
#   FUZZ_SECONDS=30            time per harness
#   FUZZ_TARGETS="url ..."     only these (url search_query validate ...)
#   FUZZ_BUILD_DIR=build-fuzz  the build tree (new corpus entries go to
#                              $FUZZ_BUILD_DIR/corpus/<name>, not into the repo)
#   FUZZ_ARGS="..."            more libFuzzer options, e.g. "-jobs=2 -workers=2"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

seconds=${FUZZ_SECONDS:-30}
build=${FUZZ_BUILD_DIR:-build-fuzz}
# Every folder of tests/fuzz with a corpus is a harness.
all=$(cd tests/fuzz && for d in */corpus; do echo "${d%/corpus}"; done)
targets=${FUZZ_TARGETS:-$all}

for tool in clang-14 clang++-14; do
  command -v "$tool" >/dev/null || {
    echo "fuzz: $tool is missing: scripts/deps.sh --test installs it" >&2
    exit 1
  }
done
CC=clang-14 CXX=clang++-14 cmake -S tests/fuzz -B "$build" -DNOTES_FUZZ=ON >/dev/null
cmake --build "$build" -j"$(nproc)" --target $(for t in $targets; do printf 'fuzz_%s ' "$t"; done)

mkdir -p "$build/artifacts"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=()
for t in $targets; do
  corpus="$build/corpus/$t"
  mkdir -p "$corpus"
  log="$build/fuzz_$t.log"
  echo "fuzz: $t for ${seconds}s (log: $log)"
  # shellcheck disable=SC2086 # FUZZ_ARGS is a list of options
  if "$build/fuzz_$t" "$corpus" "tests/fuzz/$t/corpus" -max_total_time="$seconds" \
    -timeout=10 -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
    -artifact_prefix="$build/artifacts/$t-" ${FUZZ_ARGS:-} >"$log" 2>&1; then
    grep -E '^stat::number_of_executed_units' "$log" | sed "s/^/fuzz: $t: /" || true
  else
    echo "fuzz: $t FAILED; the end of its log:" >&2
    tail -n 40 "$log" >&2
    failed+=("$t")
  fi
done
if ((${#failed[@]})); then
  echo "fuzz: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: all passed (${targets//$'\n'/ })"
