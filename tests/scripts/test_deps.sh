#!/usr/bin/env bash
# Tests of scripts/deps.sh with apt-get (and sudo) replaced by stubs on PATH
# that record their arguments: the installer must ask for exactly the missing
# packages, including ones dpkg has never heard of, and must fail loudly when
# apt fails. Run by scripts/test.sh; no root or network needed.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() {
  echo "test_deps: FAIL: $*" >&2
  fails=$((fails + 1))
}

# dpkg-query is wrapped so that one package the script asks about looks as if
# dpkg had never heard of it (as on a new machine, or after a purge): the
# real dpkg-query is asked about an unknown name instead, and exits 1.
hidden=doctest-dev
unknown=notes-test-package-dpkg-never-heard-of
mkdir -p "$tmp/bin"
real_dpkg_query=$(command -v dpkg-query)
cat >"$tmp/bin/dpkg-query" <<STUB
#!/usr/bin/env bash
args=()
for a in "\$@"; do [[ \$a == $hidden ]] && args+=($unknown) || args+=("\$a"); done
exec $real_dpkg_query "\${args[@]}"
STUB
# APT_STUB_FAIL=update|install makes that step fail as apt would.
cat >"$tmp/bin/apt-get" <<'STUB'
#!/usr/bin/env bash
echo "$*" >>"$APT_STUB_LOG"
for a in "$@"; do
  if [[ $a == "${APT_STUB_FAIL:-none}" ]]; then echo "E: stub failure of $a" >&2; exit 100; fi
done
exit 0
STUB
printf '#!/usr/bin/env bash\nexec "$@"\n' >"$tmp/bin/sudo"
chmod +x "$tmp/bin/apt-get" "$tmp/bin/sudo" "$tmp/bin/dpkg-query"

run_deps() { # run_deps [ENV=VALUE...]: deps.sh --test with the stubs first on PATH
  : >"$tmp/apt.log"
  env PATH="$tmp/bin:$PATH" APT_STUB_LOG="$tmp/apt.log" "$@" \
    "$root/scripts/deps.sh" --test >"$tmp/out" 2>"$tmp/err"
}

# 1. The package dpkg does not know is installed, and nothing that is there.
run_deps
rc=$?
[[ $rc == 0 ]] || fail "deps.sh exited $rc with a package dpkg does not know (stderr: $(cat "$tmp/err"))"
grep -qx 'update -q' "$tmp/apt.log" || fail "apt-get update was not run: $(cat "$tmp/apt.log")"
install_line=$(grep -E '(^| )install ' "$tmp/apt.log" || true)
[[ -n $install_line ]] || fail "apt-get install was not run: $(cat "$tmp/apt.log")"
# Every requested package that dpkg reports installed must not be asked for.
asked=${install_line##*--no-install-recommends }
for p in $asked; do
  if [[ $p != "$hidden" ]] && dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    fail "asked apt to install $p, which is already installed"
  fi
done
[[ " $asked " == *" $hidden "* ]] || fail "did not ask for the missing package $hidden (asked: $asked)"
[[ ! -s $tmp/out ]] || fail "deps.sh wrote to stdout (run.sh keeps stdout for notes): $(cat "$tmp/out")"

# 2. A failing apt-get install: non-zero exit and a message naming the packages.
run_deps APT_STUB_FAIL=install
rc=$?
[[ $rc != 0 ]] || fail "deps.sh exited 0 although apt-get install failed"
grep -q "deps.sh: error: 'apt-get install.*$hidden" "$tmp/err" ||
  fail "no clear message when apt-get install fails: $(cat "$tmp/err")"

# 3. No network to the archive (apt-get update fails): a message that says so.
run_deps APT_STUB_FAIL=update
rc=$?
[[ $rc != 0 ]] || fail "deps.sh exited 0 although apt-get update failed"
grep -q "deps.sh: error: 'apt-get update' failed" "$tmp/err" ||
  fail "no clear message when apt-get update fails: $(cat "$tmp/err")"

# 4. Nothing missing: apt is not touched at all (cheap to call every time).
: >"$tmp/apt.log"
rm "$tmp/bin/dpkg-query"
PATH="$tmp/bin:$PATH" APT_STUB_LOG="$tmp/apt.log" "$root/scripts/deps.sh" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [[ $rc == 0 ]]; then
  [[ ! -s $tmp/apt.log ]] || fail "apt-get called although nothing was missing: $(cat "$tmp/apt.log")"
else
  fail "deps.sh exited $rc with every build package installed: $(cat "$tmp/err")"
fi

if ((fails)); then
  echo "test_deps: $fails failure(s)" >&2
  exit 1
fi
echo "test_deps: all passed"
