#!/usr/bin/env bash
# The whole check, as CI runs it (.ci/run):
#   1. packages (deps.sh --test)
#   2. throw-away MariaDB and PostgreSQL servers on loopback, so the suites
#      run on them too
#   3. build/ (RelWithDebInfo) and build-asan/ (Debug + ASan/UBSan), all targets
#   4. ctest in each
# Every step runs even if an earlier one failed; the exit status says whether
# all passed. Env:
#   NOTES_SKIP_ASAN=1      skip the sanitized build (quick local iterations)
#   NOTES_TEST_MYSQL_URL   use this server instead of starting one
#   MARIADB_PORT           port of the throw-away server (default 33061)
#   NOTES_TEST_PG_URL      use this PostgreSQL database instead of starting a server
#   PG_PORT                port of the throw-away PostgreSQL (default 54329)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/deps.sh --test

passed=() failed=() skipped=()
step() { # step NAME CMD...: run CMD and record the outcome; returns it too
  local name=$1; shift
  echo "==> $name"
  if "$@"; then passed+=("$name"); else failed+=("$name"); return 1; fi
}

# Without a server the suites silently run on SQLite only, so failing to
# start one is fatal rather than a recorded failure.
started=() # the servers this run started, stopped at exit
trap 'for server in "${started[@]}"; do scripts/$server.sh stop || true; done' EXIT
trap 'exit 130' INT # make ^C and kill go through the EXIT trap too
trap 'exit 143' TERM
if [[ -z ${NOTES_TEST_MYSQL_URL:-} ]]; then
  # Only stop a server this run started: a developer's running one stays.
  if ! scripts/mariadb.sh status >/dev/null; then
    started+=(mariadb)
    scripts/mariadb.sh start
  fi
  NOTES_TEST_MYSQL_URL=$(scripts/mariadb.sh url)
fi
export NOTES_TEST_MYSQL_URL
echo "==> MariaDB tests use $NOTES_TEST_MYSQL_URL"

# The same for PostgreSQL (the suites use NAME_orm, NAME_notes, NAME_cli of
# the URL's database NAME; scripts/postgres.sh creates them).
if [[ -z ${NOTES_TEST_PG_URL:-} ]]; then
  if ! scripts/postgres.sh status >/dev/null; then
    started+=(postgres)
    scripts/postgres.sh start
  fi
  NOTES_TEST_PG_URL=$(scripts/postgres.sh url)
fi
export NOTES_TEST_PG_URL
echo "==> PostgreSQL tests use ${NOTES_TEST_PG_URL/:*@/:***@}"

build() { # build DIR CMAKE_ARGS...
  local dir=$1; shift
  cmake -S . -B "$dir" "$@" && cmake --build "$dir" -j"$(nproc)"
}
# --no-tests=error: a suite that registers nothing must not pass quietly.
run_ctest() { ctest --test-dir "$1" --output-on-failure -j2 --no-tests=error --timeout 300; }

# Build and test one tree; its tests are skipped when its build failed.
check_tree() { # check_tree NAME DIR CMAKE_ARGS...
  local name=$1 dir=$2; shift 2
  if step "$name build" build "$dir" "$@"; then
    step "$name tests" run_ctest "$dir" || true # recorded; carry on
  else
    skipped+=("$name tests")
  fi
}

# The set-up path itself: deps.sh against stubbed apt-get/dpkg-query.
step "scripts" tests/scripts/test_deps.sh || true # recorded; carry on

check_tree release build -DCMAKE_BUILD_TYPE=RelWithDebInfo

if [[ ${NOTES_SKIP_ASAN:-0} == 1 ]]; then
  skipped+=("asan (NOTES_SKIP_ASAN=1)")
else
  # Debug: assertions on and the clearest sanitizer stack traces.
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  check_tree asan build-asan -DCMAKE_BUILD_TYPE=Debug -DNOTES_SANITIZE=ON
fi

# libFuzzer harnesses (tests/fuzz), about 30 s each; FUZZ_SECONDS changes it.
step "fuzz" tests/fuzz/run.sh || true # recorded; carry on

# HOOK "install/package checks": a later step fills this in, e.g.
#   step "install" check_install   (install to a temp prefix, check the .deb)
hook_install_checks() {
  # Installs the release tree into a temp prefix and checks the files, the man
  # page, the completions, the NotesOrm example and the .debs.
  if [[ " ${failed[*]} " == *" release build "* ]]; then
    skipped+=("install")
  else
    step "install" scripts/check-install.sh build || true # recorded; carry on
  fi
}
hook_install_checks

# The benchmark at a tiny size on build/: proves bench.sh, the generator and
# the floor still work (timings are not judged here; scripts/bench.sh is for that).
hook_bench_small() {
  if [[ " ${passed[*]} " == *" release build "* ]]; then
    step "bench (small)" scripts/bench.sh --notes 2000 --runs 3 --build-dir build || true
  else
    skipped+=("bench (small)")
  fi
}
hook_bench_small

list() { # list A B C -> "A, B, C"
  (($#)) || { echo none; return; }
  local s; printf -v s '%s, ' "$@"; echo "${s%, }"
}
summary="passed: $(list "${passed[@]}")"
((${#skipped[@]} == 0)) || summary+="; skipped: $(list "${skipped[@]}")"
if ((${#failed[@]} == 0)); then
  echo "test.sh: ALL PASSED in ${SECONDS}s ($summary)"
else
  echo "test.sh: FAILED: $(list "${failed[@]}") in ${SECONDS}s ($summary)"
  exit 1
fi
