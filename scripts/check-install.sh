#!/usr/bin/env bash
# Checks that notes installs like a real tool, from a build tree:
#
#   scripts/check-install.sh [BUILD_DIR]     (default: build; env NOTES_BUILD_DIR)
#
#   1. configures and builds BUILD_DIR if needed (an up-to-date tree costs nothing)
#   2. `cmake --install` into a temp prefix; checks the file list
#   3. the installed binary: --version names notes and its libraries; it
#      finds its backend module relative to itself (also after the prefix is
#      moved) and works on SQLite and, with NOTES_TEST_MYSQL_URL, on MariaDB;
#      a SQLite command loads no server client library
#   4. the man page renders without a warning (man -l, groff -ww)
#   5. bash completion, sourced in a non-interactive bash (with and without
#      the bash-completion library): commands, options, category names from
#      a test database, --db on the command line; zsh completion too when zsh
#      is installed
#   6. examples/orm-example built against the installed NotesOrm package,
#      run, its output compared
#   7. `cpack -G DEB`: file lists, `dpkg-deb --info`, Depends covering every
#      shared library the binary and its modules link, `apt-get install
#      --simulate`, the unpacked package's binary on every backend, and
#      `lintian` reporting no error on either package
#
# Every check runs; the exit status says whether all passed. Needs man-db,
# bash-completion and dpkg-dev (scripts/deps.sh --test). Nothing outside the
# temp folder is changed, except building BUILD_DIR.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-${NOTES_BUILD_DIR:-build}}
[[ $build == /* ]] || build=$root/$build

tmp=$(mktemp -d "${TMPDIR:-/tmp}/notes-check-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

failures=0 checks=0
ok() { checks=$((checks + 1)); echo "  ok: $*"; }
bad() { checks=$((checks + 1)) failures=$((failures + 1)); echo "  FAIL: $*" >&2; }
section() { echo "--> $*"; }

# ---- 1. build --------------------------------------------------------------
section "build ($build)"
if [[ ! -f $build/CMakeCache.txt ]]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
# All targets: cpack builds them anyway before packaging.
cmake --build "$build" -j"$(nproc)" >"$tmp/build.log" 2>&1 || {
  tail -n 40 "$tmp/build.log" >&2
  echo "check-install: the build failed" >&2
  exit 1
}
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
[[ -n $version ]] || { echo "check-install: no CMAKE_PROJECT_VERSION in $build/CMakeCache.txt" >&2; exit 1; }
ok "built notes $version"

# ---- 2. install --------------------------------------------------------------
section "cmake --install $build --prefix PREFIX"
if cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1; then
  ok "installed"
else
  cat "$tmp/install.log" >&2
  bad "cmake --install failed"
fi

expected_files() { # the files an install must hold, one a line, relative
  printf '%s\n' bin/notes lib/notes/orm-mysql.so lib/notes/orm-postgresql.so share/man/man1/notes.1.gz \
    share/doc/notes/copyright share/doc/notes/changelog.gz \
    share/doc/libnotes-orm-dev/copyright share/doc/libnotes-orm-dev/changelog.gz \
    share/bash-completion/completions/notes share/zsh/vendor-completions/_notes \
    lib/liborm.a lib/cmake/NotesOrm/NotesOrmConfig.cmake \
    lib/cmake/NotesOrm/NotesOrmConfigVersion.cmake lib/cmake/NotesOrm/NotesOrmTargets.cmake
  (cd "$root/lib/orm/include" && find orm -name '*.hpp' | sed 's|^|include/|')
}
installed=$(cd "$prefix" 2>/dev/null && find . -type f -o -type l | sed 's|^\./||' | sort)
missing=$(comm -23 <(expected_files | sort) <(printf '%s\n' "$installed"))
# Besides those, only the per-configuration export file may be there.
extra=$(comm -13 <(expected_files | sort) <(printf '%s\n' "$installed") |
  grep -vE '^lib/cmake/NotesOrm/NotesOrmTargets-[a-z]+\.cmake$' || true)
[[ -z $missing ]] && ok "all $(expected_files | wc -l) expected files installed" ||
  bad "not installed: $(echo $missing)"
[[ -z $extra ]] && ok "nothing else installed" || bad "unexpected files installed: $(echo $extra)"
[[ -x $prefix/bin/notes ]] && ok "bin/notes is executable" || bad "bin/notes is not executable"

# ---- 3. the installed binary -------------------------------------------------
section "notes --version"
if out=$("$prefix/bin/notes" --version 2>&1); then
  first=$(head -n1 <<<"$out")
  [[ $first == "notes $version" ]] && ok "first line: $first" || bad "first line is '$first', not 'notes $version'"
  for lib in sqlite SQLiteCpp mariadb-client spdlog fmt CLI11 nlohmann_json utf8proc; do
    grep -qE "^$lib [0-9]+\.[0-9]+" <<<"$out" || bad "no '$lib VERSION' line in: $(echo $out)"
  done
  # SQLite's line is its runtime version: the one the binary really loads.
  want=$(sqlite3 --version 2>/dev/null | awk '{ print $1 }' || true)
  if [[ -n $want ]]; then
    grep -qx "sqlite $want" <<<"$out" && ok "sqlite $want (runtime)" || bad "sqlite line is not 'sqlite $want'"
  fi
else
  bad "notes --version failed: $out"
fi

# Runs an installed notes ($1) with LD_DEBUG=files; prints the files the
# dynamic loader opened, one a line, after the command's own output.
loaded_by() { # loaded_by BINARY ARGS...
  local bin=$1
  shift
  LD_DEBUG=files "$bin" "$@" 2>&1 >/dev/null | sed -nE 's/.*file=([^ ;]+).*/\1/p' | sort -u
}
# check_backends LABEL BINARY MODULE: the binary works on SQLite without
# loading a server library, and on MariaDB (when NOTES_TEST_MYSQL_URL is set)
# through MODULE, the module installed beside it.
check_backends() {
  local label=$1 bin=$2 module=$3 db=$tmp/backends-$RANDOM.db files
  if files=$(loaded_by "$bin" --db "$db" add "installed note" -c work); then
    if grep -qE 'libmariadb|libssl|libcrypto|orm-mysql|orm-postgresql|libpq' <<<"$files"; then
      bad "$label: a SQLite command loaded: $(grep -E 'libmariadb|libssl|libcrypto|orm-mysql|orm-postgresql|libpq' <<<"$files" | paste -sd' ' -)"
    else
      ok "$label: SQLite works, no server library loaded"
    fi
  else
    bad "$label: notes add on SQLite failed"
  fi
  [[ $("$bin" --db "$db" list work 2>&1) == *"installed note"* ]] || bad "$label: the note is not listed"
  if [[ -n ${NOTES_TEST_MYSQL_URL:-} ]]; then
    files=$(loaded_by "$bin" --db "$NOTES_TEST_MYSQL_URL" list) || bad "$label: notes list on MariaDB failed"
    grep -qx "$module" <<<"$files" && ok "$label: MariaDB works through $module" ||
      bad "$label: MariaDB did not load $module; loaded: $(echo $files)"
  else
    echo "  (NOTES_TEST_MYSQL_URL not set: $label not tried on MariaDB)"
  fi
  local pg_module=${module%/*}/orm-postgresql.so
  if [[ -n ${NOTES_TEST_PG_URL:-} ]]; then
    files=$(loaded_by "$bin" --db "$NOTES_TEST_PG_URL" list) || bad "$label: notes list on PostgreSQL failed"
    grep -qx "$pg_module" <<<"$files" && ok "$label: PostgreSQL works through $pg_module" ||
      bad "$label: PostgreSQL did not load $pg_module; loaded: $(echo $files)"
  fi
}
section "the installed binary and its backend module"
check_backends "installed" "$prefix/bin/notes" "$prefix/lib/notes/orm-mysql.so"
# Found relative to the binary: the whole prefix moved elsewhere still works.
moved=$tmp/moved-prefix
cp -a "$prefix" "$moved"
check_backends "moved prefix" "$moved/bin/notes" "$moved/lib/notes/orm-mysql.so"
# Without its module, a MySQL URL is exit 4 naming the module.
rm "$moved/lib/notes/orm-mysql.so"
status=0
msg=$("$moved/bin/notes" --db mysql://nobody@127.0.0.1:1/none list 2>&1) || status=$?
[[ $status == 4 && $msg == *orm-mysql.so* ]] && ok "no module: exit 4 naming orm-mysql.so" ||
  bad "no module: exit $status, '$msg'"
rm -rf "$moved"

# ---- 4. man page -------------------------------------------------------------
section "man page"
page=$prefix/share/man/man1/notes.1.gz
warnings=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null || echo "man exited $?")
[[ -z $warnings ]] && ok "man --warnings -l renders without warnings" || bad "man warns: $warnings"
warnings=$(gzip -dc "$page" | groff -man -ww -z 2>&1 || echo "groff exited $?")
[[ -z $warnings ]] && ok "groff -man -ww -z: no warnings" || bad "groff warns: $warnings"
text=$(MANWIDTH=80 man -l "$page" 2>/dev/null | col -bx)
for s in NAME SYNOPSIS DESCRIPTION COMMANDS "GLOBAL OPTIONS" "EXIT STATUS" ENVIRONMENT FILES EXAMPLES; do
  grep -qx "$s" <<<"$text" || bad "the man page has no $s section"
done
ok "man page sections present"

# ---- 5. completions ----------------------------------------------------------
section "shell completion"
db=$tmp/completion.db other=$tmp/other.db
(
  export PATH=$prefix/bin:$PATH NOTES_DB=$db
  notes -q create tech && notes -q create travel && notes -q add 'a note' -c work &&
    notes -q create 'two words' && notes -q --db "$other" create zebra
) >/dev/null || bad "could not fill the test databases with the installed notes"

# Runs in a fresh non-interactive bash: sources LIB (or nothing) and the
# completion file, completes LINE with the cursor at its end and prints
# COMPREPLY, one a line, sorted.
bash_complete() { # bash_complete LIB LINE
  env -i HOME="$tmp" PATH="$prefix/bin:/usr/bin:/bin" NOTES_DB="$db" \
    bash --norc --noprofile -c '
      [[ -n $1 ]] && source "$1"
      source "$2"
      line=$3
      # COMP_WORDS as bash splits them: at blanks and at = and : (COMP_WORDBREAKS)
      read -ra COMP_WORDS <<<"$(sed -E "s/([=:])/ \\1 /g" <<<"$line")"
      [[ $line == *" " ]] && COMP_WORDS+=("")
      COMP_CWORD=$((${#COMP_WORDS[@]} - 1)) COMP_LINE=$line COMP_POINT=${#line}
      complete -p notes >/dev/null || { echo "no completion registered for notes" >&2; exit 1; }
      func=$(complete -p notes | sed -E "s/.*-F ([^ ]+).*/\\1/")
      "$func" notes "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
      printf "%s\n" "${COMPREPLY[@]}" | LC_ALL=C sort' \
    bash "$1" "$prefix/share/bash-completion/completions/notes" "$2"
}
expect_bash() { # expect_bash LIB LINE WANTED...
  local lib=$1 line=$2 got want
  shift 2
  got=$(bash_complete "$lib" "$line" 2>&1 | paste -sd' ' -)
  want=$(printf '%s\n' "$@" | LC_ALL=C sort | paste -sd' ' -)
  [[ $got == "$want" ]] && ok "bash${lib:+ (+bash-completion)}: '$line' -> $want" ||
    bad "bash${lib:+ (+bash-completion)}: '$line' completed to '$got', expected '$want'"
}
libs=("")
bclib=/usr/share/bash-completion/bash_completion
[[ -r $bclib ]] && libs+=("$bclib") || echo "  (no $bclib: bash completion tested on its own only)"
for lib in "${libs[@]}"; do
  expect_bash "$lib" "notes li" list
  expect_bash "$lib" "notes list t" tech travel 'two\ words'
  expect_bash "$lib" "notes list tw" 'two\ words'
  expect_bash "$lib" "notes list 'tw" 'two words'
  expect_bash "$lib" "notes list " tech travel 'two\ words' work
  expect_bash "$lib" "notes add hello -c w" work
  expect_bash "$lib" "notes --json drop tech tr" travel
  expect_bash "$lib" "notes --db $other list " zebra
  expect_bash "$lib" "notes --db=$other list z" zebra
  expect_bash "$lib" "notes export --category=tr" travel
  expect_bash "$lib" "notes list --o" --oldest
  expect_bash "$lib" "notes --color n" never
  expect_bash "$lib" "notes show " # ids are not completed
done

# zsh: drive an interactive zsh in a pseudo-terminal (zpty), press TAB and
# record what compadd is given. Optional: zsh is not a build dependency.
if command -v zsh >/dev/null; then
  cat >"$tmp/zsh-complete.zsh" <<'ZSH'
# zsh -f zsh-complete.zsh FPATH_DIR WORKDIR LINE: prints the candidates, sorted
zmodload zsh/zpty
out=$2/zsh-candidates
: >$out
zpty z zsh -f -i
zpty -w z "PROMPT=; fpath=($1 \$fpath); autoload -U compinit; compinit -u -d $2/zcompdump"
zpty -w z "compadd () { builtin compadd -O __hits \"\$@\"; print -rl -- \$__hits >>$out; builtin compadd \"\$@\" }"
zpty -w z 'zle-done () { print DO""NE }; zle -N zle-done; bindkey "^X" zle-done'
zpty -w -n z "$3"$'\t'  # -n: no newline, so the line is never run
sleep 0.3
zpty -w -n z $'\C-x'
while zpty -r z line; do [[ $line == *DONE* ]] && break; done
zpty -d z
sed '/^$/d' $out | LC_ALL=C sort -u
ZSH
  zsh_complete() { # zsh_complete LINE
    env -i HOME="$tmp" PATH="$prefix/bin:/usr/bin:/bin" NOTES_DB="$db" TERM=dumb \
      timeout 30 zsh -f "$tmp/zsh-complete.zsh" "$prefix/share/zsh/vendor-completions" "$tmp" "$1"
  }
  expect_zsh() { # expect_zsh LINE WANTED...
    local line=$1 got want
    shift
    got=$(zsh_complete "$line" 2>&1 | paste -sd' ' -)
    want=$(printf '%s\n' "$@" | LC_ALL=C sort | paste -sd' ' -)
    [[ $got == "$want" ]] && ok "zsh: '$line' -> $want" || bad "zsh: '$line' completed to '$got', expected '$want'"
  }
  expect_zsh "notes li" list
  expect_zsh "notes list tr" travel
  expect_zsh "notes add x -c w" work
  expect_zsh "notes --db $other list " zebra
else
  echo "  (zsh not installed: zsh completion not exercised)"
fi

# ---- 6. the example against the installed package ------------------------
section "examples/orm-example against the installed NotesOrm"
ex=$tmp/orm-example
if cmake -S "$root/examples/orm-example" -B "$ex" -DCMAKE_PREFIX_PATH="$prefix" \
     -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF >"$tmp/example.log" 2>&1 &&
   cmake --build "$ex" -j"$(nproc)" >>"$tmp/example.log" 2>&1; then
  found=$(sed -n 's/^NotesOrm_DIR:PATH=//p' "$ex/CMakeCache.txt")
  [[ $found == "$prefix/lib/cmake/NotesOrm" ]] && ok "find_package(NotesOrm) found $found" ||
    bad "find_package(NotesOrm) found '$found', not the temp install"
  expected='authors: 3
books: 5
1960s: 1961 Solaris by Stanisław Lem
1960s: 1965 The Cyberiad by Stanisław Lem
1960s: 1968 A Wizard of Earthsea by Ursula K. Le Guin
by Lem: Solaris
by Lem: The Cyberiad
borrowed: Solaris
born unknown: Anonymous
books of Ursula K. Le Guin: 2
books of Stanisław Lem: 2
books of Anonymous: 1
books after removing Anonymous: 4
duplicate author refused: IntegrityError'
  for url in "sqlite://" "sqlite:///$tmp/library.db"; do
    if got=$("$ex/library" "$url" 2>&1); then
      [[ $got == "$expected" ]] && ok "library $url printed what it should" ||
        bad "library $url printed:"$'\n'"$got"$'\n'"expected:"$'\n'"$expected"
    else
      bad "library $url failed: $got"
    fi
  done
else
  tail -n 40 "$tmp/example.log" >&2
  bad "examples/orm-example does not build against the installed package"
fi

# ---- 7. Debian packages --------------------------------------------------------
section "cpack -G DEB"
debs=$tmp/debs
if (cd "$build" && cpack -G DEB -B "$debs") >"$tmp/cpack.log" 2>&1; then
  ok "cpack -G DEB"
else
  tail -n 40 "$tmp/cpack.log" >&2
  bad "cpack -G DEB failed"
fi
arch=$(dpkg --print-architecture)
deb=$debs/notes_${version}_${arch}.deb
devdeb=$debs/libnotes-orm-dev_${version}_${arch}.deb
deb_files() { dpkg-deb -c "$1" | awk '{ print $6 }' | sed 's|^\./|/|' | grep -v '/$' | sort; }
if [[ -f $deb ]]; then
  got=$(deb_files "$deb")
  want=$(printf '%s\n' /usr/bin/notes /usr/lib/notes/orm-mysql.so /usr/lib/notes/orm-postgresql.so \
    /usr/share/man/man1/notes.1.gz \
    /usr/share/doc/notes/copyright /usr/share/doc/notes/changelog.gz \
    /usr/share/bash-completion/completions/notes /usr/share/zsh/vendor-completions/_notes | sort)
  [[ $got == "$want" ]] && ok "$(basename "$deb"): $(echo $got)" ||
    bad "$(basename "$deb") holds: $(echo $got); expected: $(echo $want)"
  info=$(dpkg-deb --info "$deb")
  for field in "Package: notes" "Version: $version" "Architecture: $arch" "Section: utils"; do
    grep -qF " $field" <<<"$info" || bad "dpkg-deb --info has no '$field'"
  done
  grep -q '^ Description: ..' <<<"$info" && grep -q '^ Maintainer: ..' <<<"$info" &&
    ok "dpkg-deb --info: package, version, architecture, section, maintainer, description" ||
    bad "dpkg-deb --info lacks a description or maintainer"
  depends=$(dpkg-deb -f "$deb" Depends)
  # Every shared library the binary and its modules link directly (their
  # NEEDED entries) must come from a package in Depends, or one that a
  # package there provides.
  dep_names=" $(sed -E 's/ *\([^)]*\)//g; s/ *\| */,/g; s/,/ /g' <<<"$depends" | tr -s ' ') "
  for elf in "$build/app/notes" "$build"/backends/orm-*.so; do
  libs_of_binary=$(ldd "$elf")
  for needed in $(readelf -d "$elf" | sed -nE 's/.*\(NEEDED\).*\[(.*)\]/\1/p'); do
    # ldd shows most as "NAME => PATH (...)", the dynamic loader as "PATH (...)"
    # (a binary linking libstdc++ statically names the loader itself).
    so=$(awk -v n="$needed" '$1 == n && $3 ~ /^\// { print $3; exit }
      $1 ~ /^\// && substr($1, length($1) - length(n)) == "/" n { print $1; exit }' <<<"$libs_of_binary")
    [[ -n $so ]] || { bad "ldd does not resolve $needed"; continue; }
    pkg=$(dpkg -S "$(readlink -f "$so")" 2>/dev/null | head -n1 | cut -d: -f1) ||
      pkg=$(dpkg -S "$so" 2>/dev/null | head -n1 | cut -d: -f1) || true
    [[ -n $pkg ]] || { bad "no package owns $so"; continue; }
    names="$pkg $(dpkg-query -W -f='${Provides}' "$pkg" 2>/dev/null | sed -E 's/ *\([^)]*\)//g; s/,/ /g')"
    hit=''
    for n in $names; do [[ $dep_names == *" $n "* ]] && hit=$n; done
    [[ -n $hit ]] || bad "Depends lacks $pkg (for $(basename "$so")): $depends"
  done
  done
  # fmt, spdlog and libstdc++ are compiled in (start-up time: CMakeLists.txt).
  for pkg in libsqlite3-0 libmariadb3 libpq5 libutf8proc2; do
    [[ $dep_names == *" $pkg"* ]] || bad "Depends lacks $pkg: $depends"
  done
  ok "Depends: $depends"
  # Installable: apt resolves every dependency (simulated, nothing changes).
  if sim=$(apt-get install --simulate -q "$deb" 2>&1); then
    grep -q '^Inst notes ' <<<"$sim" && ok "apt-get install --simulate ./$(basename "$deb")" ||
      bad "apt-get --simulate would not install notes: $sim"
  else
    bad "apt-get install --simulate ./$(basename "$deb") failed: $sim"
  fi
  # The package's own layout: unpacked anywhere, its binary finds its module.
  root_dir=$tmp/deb-root
  dpkg-deb -x "$deb" "$root_dir"
  check_backends "from $(basename "$deb")" "$root_dir/usr/bin/notes" "$root_dir/usr/lib/notes/orm-mysql.so"
else
  bad "no $deb (got: $(ls "$debs" 2>/dev/null | paste -sd' ' -))"
fi
if [[ -f $devdeb ]]; then
  got=$(deb_files "$devdeb")
  want=$( (expected_files | grep -vE '^(bin|share|lib/notes)/'
    printf '%s\n' share/doc/libnotes-orm-dev/copyright share/doc/libnotes-orm-dev/changelog.gz) |
    sed 's|^|/usr/|' | sort)
  missing=$(comm -23 <(printf '%s\n' "$want") <(printf '%s\n' "$got"))
  [[ -z $missing ]] && ok "$(basename "$devdeb"): headers, liborm.a, CMake package" ||
    bad "$(basename "$devdeb") lacks: $(echo $missing)"
  dev_depends=$(dpkg-deb -f "$devdeb" Depends)
  for pkg in libfmt-dev libspdlog-dev libsqlitecpp-dev libsqlite3-dev libutf8proc-dev pkg-config; do
    [[ ", $dev_depends," == *", $pkg,"* ]] || bad "$(basename "$devdeb") Depends lacks $pkg: $dev_depends"
  done
  ok "$(basename "$devdeb") Depends: $dev_depends"
else
  bad "no $devdeb"
fi

# ---- 8. lintian ------------------------------------------------------------
section "lintian"
if command -v lintian >/dev/null; then
  for package in "$deb" "$devdeb"; do
    [[ -f $package ]] || continue
    # Errors fail the check; warnings are shown for the record.
    if report=$(lintian --allow-root --fail-on error "$package" 2>&1); then
      ok "lintian $(basename "$package"): no error${report:+ ($(grep -c '^[WIP]:' <<<"$report") notes)}"
      [[ -n $report ]] && sed 's/^/    /' <<<"$report"
    else
      bad "lintian $(basename "$package"):"$'\n'"$report"
    fi
  done
else
  bad "lintian is not installed (scripts/deps.sh --test)"
fi

if ((failures)); then
  echo "check-install: FAILED: $failures of $checks checks" >&2
  exit 1
fi
echo "check-install: all $checks checks passed"
