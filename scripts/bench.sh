#!/usr/bin/env bash
# Issues #5, #14, #15: how fast is `notes` next to the floor, the same work
# done with the SQLite C API directly (tests/bench/floor.cpp), in the same run,
# on databases with a history?
#
#   scripts/bench.sh [--notes N] [--runs R] [--categories C] [--no-orm]
#   scripts/bench.sh --backend mysql|postgresql [--notes N] [--runs R] [--categories C]
#
#   --backend B     sqlite (the default: everything below), or mysql or
#                   postgresql: the server section instead, run by
#                   scripts/bench_server.sh (its --help says more): a
#                   throw-away server of its own (ports BENCH_MARIADB_PORT,
#                   default 33069, and BENCH_PG_PORT, default 54339), a
#                   notebook made by `notes import` (default --notes 20000),
#                   and per command the statements (counted by the server's
#                   log) and round trips (counted with strace) of notes and of
#                   the floor, a C program on libmariadb / libpq
#                   (tests/bench/floor_mysql.cpp, floor_pg.cpp), and their
#                   times. Smoke run: --backend mysql --notes 2000 --runs 1.
#   --notes N       notes in the benchmark notebook (default 1000000; 200000
#                   is a quicker run)
#   --categories C  categories (default 1000)
#   --runs R        runs of each slow operation (import, export), and at least
#                   R of every other; the quick ones run 4*R times (default 5)
#   --no-orm        skip the in-process ORM benchmark (bench_orm)
#   --build-dir DIR use this existing build tree as it is configured (e.g.
#                   build/ from scripts/test.sh, to skip a second full build;
#                   its numbers are then not Release numbers)
#
# Builds in Release in build-release/, then makes the data (cached in
# build-release/bench-data/ by its parameters, generator and schema): a
# deterministic JSON Lines file of N notes (tests/bench/gen_db.cpp), and two
# notebooks with a history, both made by `notes` itself:
#   import  the file as `notes import` left it in a new notebook;
#   adds    the same after 1,000 one-shot `notes add` processes.
# Every operation runs as a whole process on each history, `notes` and floor
# interleaved on the same file, and the script prints per history: median
# (min-max) wall time, the ratio notes/floor against the target, the CPU time
# ratio (steadier on a busy machine), peak RSS; then the peak RSS at a small
# size against N, the ORM-vs-raw pairs, the ORM-vs-SOCI ones (when bench_orm
# was built with libsoci-dev), and a verdict per target. Writing operations
# (add, import) run on a fresh copy each time (the copy is not timed); import
# reads the whole file into an empty notebook, so it has no history and is
# measured once.
#
# Smoke run (scripts/test.sh): scripts/bench.sh --notes 2000 --runs 3
# Exit status: 0 when every measurement ran (targets met or not), 1 when a
# command failed or gave a wrong result, 2 on bad usage.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

# The server section is a script of its own; its default size differs.
for ((i = 1; i <= $#; i++)); do
  if [[ ${!i} == --backend ]]; then
    j=$((i + 1))
    [[ ${!j:-} == sqlite ]] && { set -- "${@:1:i-1}" "${@:j+1}"; break; }
    exec scripts/bench_server.sh "$@"
  fi
done

NOTES=1000000 CATEGORIES=1000 RUNS=5 ORM=1 BUILD_DIR=
while (($#)); do
  case $1 in
    --notes) NOTES=${2:?}; shift 2 ;;
    --categories) CATEGORIES=${2:?}; shift 2 ;;
    --runs) RUNS=${2:?}; shift 2 ;;
    --no-orm) ORM=0; shift ;;
    --build-dir) BUILD_DIR=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
for v in "$NOTES" "$CATEGORIES" "$RUNS"; do
  [[ $v =~ ^[0-9]+$ ]] || { echo "bench.sh: '$v' is not a number" >&2; exit 2; }
done
((NOTES >= 100 && CATEGORIES >= 1 && RUNS >= 1)) || {
  echo "bench.sh: need --notes >= 100, --categories >= 1, --runs >= 1" >&2; exit 2; }
QUICK_RUNS=$((RUNS * 4))

BUILD=$ROOT/build-release
if [[ -n $BUILD_DIR ]]; then
  BUILD=$(cd "$BUILD_DIR" && pwd) || exit 2
  [[ -f $BUILD/CMakeCache.txt ]] || { echo "bench.sh: $BUILD_DIR is not a configured build tree" >&2; exit 2; }
fi
DATA=$BUILD/bench-data
BENCH=$BUILD/tests/bench
NOTES_BIN=$BUILD/app/notes
RUN=$BENCH/bench_run FLOOR=$BENCH/bench_floor GEN=$BENCH/bench_gen ORM_BIN=$BENCH/bench_orm

# ---- build ----------------------------------------------------------------
# -Wno-restrict: GCC 12 at -O3 reports false -Wrestrict positives inside
# std::string concatenation (GCC PR 105329), which -Werror would make fatal.
# It changes no generated code.
if [[ -n $BUILD_DIR ]]; then
  echo "==> building in $BUILD (as configured there)" >&2
  configure=(true)
else
  echo "==> building Release in build-release/" >&2
  configure=(cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS=-Wno-restrict)
fi
mkdir -p "$BUILD"
{
  "${configure[@]}" >/dev/null &&
    cmake --build "$BUILD" -j"$(nproc)" --target notes bench_run bench_floor bench_gen &&
    if ((ORM)); then cmake --build "$BUILD" -j"$(nproc)" --target bench_orm; fi
} >"$BUILD/bench-build.log" 2>&1 || {
  tail -40 "$BUILD/bench-build.log" >&2; echo "bench.sh: build failed (log: $BUILD/bench-build.log)" >&2; exit 1; }
if ((ORM)) && [[ ! -x $ORM_BIN ]]; then
  echo "bench.sh: bench_orm was not built (libbenchmark-dev missing?); skipping it" >&2
  ORM=0
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/notes-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
LOG=$WORK/stderr.log
FAILED=0

# ---- data -----------------------------------------------------------------
# data_dir N [adds]: prints the directory holding, for N notes, notes.jsonl,
# empty.db (`notes init`), import.db and, with `adds`, adds.db; made unless
# made before by the same generator source for the same schema (the schema is
# what `notes init` makes today).
mkdir -p "$DATA"
"$GEN" --db "$DATA/schema.db" --schema-only >"$DATA/schema.txt"
GEN_KEY="$(cat tests/bench/gen_db.cpp tests/bench/common.hpp "$DATA/schema.txt" | cksum)"
HISTORY_ADDS=1000
data_dir() {
  local n=$1 adds=${2:-} dir=$DATA/n$1-c$CATEGORIES key i
  key="$n $CATEGORIES $GEN_KEY $adds"
  if [[ ! -f $dir/key || $(<"$dir/key") != "$key" ]]; then
    echo "==> generating $n notes in $CATEGORIES categories ($dir)" >&2
    rm -rf "$dir" && mkdir -p "$dir"
    # The generator's own database is only the way to the export order.
    "$GEN" --db "$dir/gen.db" --jsonl "$dir/notes.jsonl" --notes "$n" --categories "$CATEGORIES" >&2
    rm -f "$dir/gen.db" "$dir/gen.db-wal" "$dir/gen.db-shm"
    cp "$DATA/schema.db" "$dir/empty.db"
    echo "==> history 'import': notes import of $n notes" >&2
    cp "$DATA/schema.db" "$dir/import.db"
    "$NOTES_BIN" -q --db "$dir/import.db" import "$dir/notes.jsonl" >/dev/null ||
      { echo "bench.sh: notes import failed" >&2; exit 1; }
    if [[ -n $adds ]]; then
      echo "==> history 'adds': $HISTORY_ADDS one-shot notes add after the import" >&2
      cp "$dir/import.db" "$dir/adds.db"
      for ((i = 0; i < HISTORY_ADDS; i++)); do
        "$NOTES_BIN" -q --db "$dir/adds.db" add "one-shot note $i about sqlite and history" \
          -c "$(printf 'topic-%04d' $((i % CATEGORIES + 1)))" >/dev/null ||
          { echo "bench.sh: notes add failed" >&2; exit 1; }
      done
    fi
    echo "$key" >"$dir/key"
  fi
  echo "$dir"
}
BIG=$(data_dir "$NOTES" adds)
SMALL_N=$((NOTES > 100000 ? 10000 : NOTES / 10))
SMALL=$(data_dir "$SMALL_N")
HISTORIES=(import adds)

# The arguments: a category in the middle, a note in the middle, the word
# that is in about 1 % of the notes.
CAT=$(printf 'topic-%04d' $(((CATEGORIES + 1) / 2)))
ID=$((NOTES / 2))
WORD=sqlite
TEXT="a new note about sqlite and benchmarks"

# ---- measuring ------------------------------------------------------------
# fresh SRC: a copy of SRC at $WORK/w.db, for one writing run.
fresh() {
  rm -f "$WORK/w.db" "$WORK/w.db-wal" "$WORK/w.db-shm"
  cp "$1" "$WORK/w.db"
  if [[ -s $1-wal ]]; then cp "$1-wal" "$WORK/w.db-wal"; fi
}

# measure SIDE OP DIR HISTORY: runs one process on DIR/HISTORY.db (import:
# into a copy of DIR/empty.db); appends "WALL RSS EXIT CPU" to
# $WORK/SIDE.OP.HISTORY.DIRNAME.
measure() {
  local side=$1 op=$2 dir=$3 history=$4 db=$3/$4.db out=$WORK/$1.$2.$4.${3##*/} cmd
  case $op in
    add) fresh "$db"; db=$WORK/w.db ;;
    import) fresh "$dir/empty.db"; db=$WORK/w.db ;;
  esac
  if [[ $side == notes ]]; then
    case $op in
      add) cmd=("$NOTES_BIN" --db "$db" add "$TEXT" -c "$CAT") ;;
      search) cmd=("$NOTES_BIN" --db "$db" search "$WORD" --limit 20) ;;
      list-cat) cmd=("$NOTES_BIN" --db "$db" list "$CAT" --limit 50) ;;
      list) cmd=("$NOTES_BIN" --db "$db" list) ;;
      show) cmd=("$NOTES_BIN" --db "$db" show "$ID") ;;
      import) cmd=("$NOTES_BIN" --db "$db" import "$dir/notes.jsonl") ;;
      export) cmd=("$NOTES_BIN" --db "$db" export) ;;
    esac
  else
    case $op in
      add) cmd=("$FLOOR" add "$db" "$CAT" "$TEXT") ;;
      search) cmd=("$FLOOR" search "$db" "$WORD" 20) ;;
      list-cat) cmd=("$FLOOR" list-cat "$db" "$CAT" 50) ;;
      list) cmd=("$FLOOR" list "$db") ;;
      show) cmd=("$FLOOR" show "$db" "$ID") ;;
      import) cmd=("$FLOOR" import "$db" "$dir/notes.jsonl") ;;
      export) cmd=("$FLOOR" export "$db") ;;
    esac
  fi
  echo "--- $side ${cmd[*]}" >>"$LOG"
  "$RUN" -o "$WORK/stdout" -- "${cmd[@]}" 2>>"$LOG" >>"$out"
}

# stats FILE COLUMN: "median min max" of that column (1 wall, 2 rss, 4 cpu).
stats() {
  sort -g -k"$2,$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END {
    if (NR == 0) { print "nan nan nan"; exit }
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%s %s %s\n", m, v[1], v[NR] }'
}
# failures FILE: how many runs did not exit 0.
failures() { awk '$3 != 0 { n++ } END { print n + 0 }' "$1"; }
# last_exit FILE
last_exit() { awk '$3 != 0 { e = $3 } END { print e + 0 }' "$1"; }

declare -A TARGET=([add]=1.3 [search]=1.3 [list-cat]=1.3 [list]=1.3 [show]=1.3 [import]=1.5 [export]=1.5)
declare -A LABEL=([add]="add TEXT -c NAME" [search]="search WORD --limit 20" [list-cat]="list NAME --limit 50"
  [list]="list (counts)" [show]="show ID" [import]="import (all notes)" [export]="export >/dev/null")
OPS=(show add list-cat list search export import)
VERDICTS=()

# The histories an operation runs on: import has none (an empty notebook).
histories_of() { if [[ $1 == import ]]; then echo import; else echo "${HISTORIES[@]}"; fi; }

echo "==> measuring at $NOTES notes: $QUICK_RUNS runs of quick operations (+1 warm-up), $RUNS of import/export, per history" >&2
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for op in "${OPS[@]}"; do
  runs=$QUICK_RUNS
  [[ $op == import || $op == export ]] && runs=$RUNS
  for history in $(histories_of "$op"); do
    echo "    $op on '$history' ($runs runs)" >&2
    if [[ $op != import && $op != export ]]; then # warm-up (the slow ones warm themselves)
      measure notes "$op" "$BIG" "$history" && measure floor "$op" "$BIG" "$history"
      rm -f "$WORK/notes.$op.$history.${BIG##*/}" "$WORK/floor.$op.$history.${BIG##*/}"
    fi
    for ((i = 0; i < runs; i++)); do
      if ((i % 2)); then measure floor "$op" "$BIG" "$history"; measure notes "$op" "$BIG" "$history"
      else measure notes "$op" "$BIG" "$history"; measure floor "$op" "$BIG" "$history"; fi
    done
  done
done

# Sanity: the floor's results must be real (it is what notes is judged by):
# as many categories as `notes list` shows (an import makes only the
# categories its notes name, so a small notebook has fewer than
# $CATEGORIES) and a full page of search results.
for history in "${HISTORIES[@]}"; do
  categories=$("$NOTES_BIN" --db "$BIG/$history.db" --json list | grep -o '"name":' | wc -l)
  if ((categories < 1)) ||
    [[ $("$FLOOR" search "$BIG/$history.db" "$WORD" 20 | wc -l) -ne 20 ]] ||
    [[ $("$FLOOR" list "$BIG/$history.db" | wc -l) -ne $((categories + 1)) ]]; then
    echo "bench.sh: the floor returned wrong results on '$history'" >&2; FAILED=1
  fi
done

fmt_ms() { awk -v v="$1" 'BEGIN { if (v == "nan") print "-"; else if (v >= 100) printf "%.0f", v; else if (v >= 10) printf "%.1f", v; else printf "%.2f", v }'; }
fmt_mib() { awk -v v="$1" 'BEGIN { if (v == "nan") print "-"; else printf "%.1f", v / 1024 }'; }

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
echo
echo "notes vs floor at $NOTES notes in $CATEGORIES categories, $(nproc) CPUs, load average $LOAD_BEFORE before, $LOAD_AFTER after"
echo "(wall ms: median (min-max); ratio = notes/floor of the wall medians; cpu = the same for user+sys CPU time,"
echo " steadier than wall time when other work competes for the CPUs; histories: 'import' = the notebook as"
echo " \`notes import\` left it, 'adds' = the same after $HISTORY_ADDS one-shot \`notes add\`s)"
printf '%-24s | %-7s | %-22s | %-22s | %-6s | %-6s | %-6s | %s\n' operation history "notes ms" "floor ms" ratio target "cpu" "peak RSS MiB notes/floor"
printf '%s\n' "-------------------------+---------+------------------------+------------------------+--------+--------+--------+-------------------------"
declare -A NOTES_RSS
for op in "${OPS[@]}"; do
  for history in $(histories_of "$op"); do
    nf=$WORK/notes.$op.$history.${BIG##*/} ff=$WORK/floor.$op.$history.${BIG##*/}
    label="${LABEL[$op]}" on="on '$history'"
    [[ $op == import ]] && on="into an empty notebook"
    read -r nm nmin nmax < <(stats "$nf" 1)
    read -r fm fmin fmax < <(stats "$ff" 1)
    read -r nc _ _ < <(stats "$nf" 4)
    read -r fc _ _ < <(stats "$ff" 4)
    read -r _ _ nrss < <(stats "$nf" 2)
    read -r _ _ frss < <(stats "$ff" 2)
    [[ $history == import ]] && NOTES_RSS[$op]=$nrss
    nfail=$(failures "$nf") ffail=$(failures "$ff")
    ratio=$(awk -v a="$nm" -v b="$fm" 'BEGIN { printf "%.2f", a / b }')
    cratio=$(awk -v a="$nc" -v b="$fc" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    ncol="$(fmt_ms "$nm") ($(fmt_ms "$nmin")-$(fmt_ms "$nmax"))"
    if ((nfail)); then ncol="FAILED (exit $(last_exit "$nf"))"; ratio=-; cratio=-; FAILED=1; fi
    if ((ffail)); then FAILED=1; ratio=-; fi
    printf '%-24s | %-7s | %-22s | %-22s | %-6s | %-6s | %-6s | %s / %s\n' "$label" \
      "$([[ $op == import ]] && echo - || echo "$history")" "$ncol" \
      "$(fmt_ms "$fm") ($(fmt_ms "$fmin")-$(fmt_ms "$fmax"))" "$ratio" "<=${TARGET[$op]}" "$cratio" \
      "$(fmt_mib "$nrss")" "$(fmt_mib "$frss")"
    if ((nfail)); then
      VERDICTS+=("NOT met  $label $on: notes failed (exit $(last_exit "$nf"); see the log below)")
    elif ((ffail)); then
      VERDICTS+=("unknown  $label $on: the floor failed (exit $(last_exit "$ff"); see the log below)")
    elif awk -v r="$ratio" -v t="${TARGET[$op]}" 'BEGIN { exit !(r <= t) }'; then
      VERDICTS+=("met      $label $on: ${ratio}× ≤ ${TARGET[$op]}× (cpu ${cratio}×)")
    elif awk -v r="$cratio" -v t="${TARGET[$op]}" 'BEGIN { exit !(r <= t) }'; then
      VERDICTS+=("cpu only $label $on: wall ${ratio}× > ${TARGET[$op]}×, cpu ${cratio}× ≤ ${TARGET[$op]}× (a busy machine?)")
    else
      VERDICTS+=("NOT met  $label $on: ${ratio}× > ${TARGET[$op]}× (cpu ${cratio}×)")
    fi
    if [[ $op == list ]] && ((!nfail)); then
      if awk -v m="$nm" 'BEGIN { exit !(m <= 30) }'; then VERDICTS+=("met      list (counts) $on: $(fmt_ms "$nm") ms ≤ 30 ms")
      else VERDICTS+=("NOT met  list (counts) $on: $(fmt_ms "$nm") ms > 30 ms"); fi
    fi
  done
done

# ---- memory flat in the number of notes -----------------------------------
echo
echo "peak RSS in MiB at $SMALL_N vs $NOTES notes (max of 3 runs at $SMALL_N; target: notes within 10 %;"
echo " the floor's growth is SQLite's own page cache filling up to its limit)"
printf '%-24s | %-10s | %-10s | %-8s | %-10s | %-10s | %s\n' operation "notes $SMALL_N" "$NOTES" growth "floor $SMALL_N" "$NOTES" growth
for op in list search export import; do
  for ((i = 0; i < 3; i++)); do measure notes "$op" "$SMALL" import; measure floor "$op" "$SMALL" import; done
  sf=$WORK/notes.$op.import.${SMALL##*/} ff=$WORK/floor.$op.import.${SMALL##*/}
  read -r _ _ srss < <(stats "$sf" 2)
  read -r _ _ fsrss < <(stats "$ff" 2)
  read -r _ _ fbrss < <(stats "$WORK/floor.$op.import.${BIG##*/}" 2)
  brss=${NOTES_RSS[$op]}
  if (($(failures "$sf"))) || [[ $brss == nan ]]; then
    printf '%-24s | %-10s | %-10s | %s\n' "${LABEL[$op]}" - - "FAILED"
    VERDICTS+=("NOT met  RSS flat, ${LABEL[$op]}: notes failed"); FAILED=1; continue
  fi
  growth=$(awk -v a="$srss" -v b="$brss" 'BEGIN { printf "%+.1f%%", (b - a) * 100 / a }')
  fgrowth=$(awk -v a="$fsrss" -v b="$fbrss" 'BEGIN { printf "%+.1f%%", (b - a) * 100 / a }')
  printf '%-24s | %-10s | %-10s | %-8s | %-10s | %-10s | %s\n' "${LABEL[$op]}" "$(fmt_mib "$srss")" "$(fmt_mib "$brss")" \
    "$growth" "$(fmt_mib "$fsrss")" "$(fmt_mib "$fbrss")" "$fgrowth"
  if awk -v a="$srss" -v b="$brss" 'BEGIN { exit !(b <= a * 1.10) }'; then
    VERDICTS+=("met      RSS flat, ${LABEL[$op]}: $growth from $SMALL_N to $NOTES notes")
  else
    VERDICTS+=("NOT met  RSS flat, ${LABEL[$op]}: $growth from $SMALL_N to $NOTES notes (> 10 %)")
  fi
done

# ---- the ORM in-process ---------------------------------------------------
if ((ORM)); then
  echo
  orm_args=(--db="$BIG/import.db" --tmp="$WORK" --benchmark_out="$WORK/orm.csv" --benchmark_out_format=csv)
  if ((NOTES < 100000)); then orm_args+=(--rows=10000 --benchmark_min_time=0.05); fi
  echo "==> bench_orm ${orm_args[*]}" >&2
  if "$ORM_BIN" "${orm_args[@]}" >"$WORK/orm.txt" 2>>"$LOG"; then
    # name -> median CPU and real time (ms)
    declare -A ORM_MS ORM_REAL
    to_ms() { awk -v t="$1" -v u="$2" 'BEGIN { f = (u == "ns") ? 1e-6 : (u == "us") ? 1e-3 : (u == "s") ? 1e3 : 1; printf "%.4g", t * f }'; }
    while IFS=, read -r name _ real cpu unit _; do
      name=${name//\"/}
      [[ $name == *_median ]] || continue
      name=${name%%/repeats:*}; name=${name%%/iterations:*}; name=${name%_median}
      ORM_MS[$name]=$(to_ms "$cpu" "$unit")
      ORM_REAL[$name]=$(to_ms "$real" "$unit")
    done <"$WORK/orm.csv"
    echo "ORM in-process vs raw prepared statements (bench_orm; median ms per iteration of CPU time,"
    echo " which a busy machine disturbs less than real time; the real-time ratio beside it)"
    printf '%-36s | %-10s | %-10s | %-6s | %-6s | %s\n' benchmark "orm cpu" "raw cpu" ratio target "real-time ratio"
    orm_row() { # name label target [base-name] [base-side: raw, or soci]
      local side=${5:-raw} o=${ORM_MS[$1/orm]:-} r=${ORM_MS[${4:-$1}/${5:-raw}]:-} ratio rratio
      [[ -n $o && -n $r ]] || { printf '%-36s | missing\n' "$2"; FAILED=1; return; }
      ratio=$(awk -v a="$o" -v b="$r" 'BEGIN { printf "%.2f", a / b }')
      rratio=$(awk -v a="${ORM_REAL[$1/orm]}" -v b="${ORM_REAL[${4:-$1}/$side]}" 'BEGIN { printf "%.2f", a / b }')
      printf '%-36s | %-10s | %-10s | %-6s | %-6s | %s\n' "$2" "$o" "$r" "$ratio" "${3:+<=$3}" "$rratio"
      if [[ -n $3 ]]; then
        if awk -v r="$ratio" -v t="$3" 'BEGIN { exit !(r <= t) }'; then VERDICTS+=("met      ORM $2: ${ratio}× ≤ $3×")
        else VERDICTS+=("NOT met  ORM $2: ${ratio}× > $3×"); fi
      fi
    }
    orm_row insert "bulk insert (notes schema, FTS)" 1.3
    orm_row insert_plain "bulk insert (no FTS index)" 1.3
    orm_row insert_uow "bulk insert, add+commit (no FTS)" 1.3 insert_plain
    orm_row find_by_name "1,000 find_by_name" 1.3
    orm_row iterate "iterate a category (stream)" 1.3
    orm_row iterate_all "iterate a category (all())" 1.5 iterate
    orm_row count "count a category's notes x100" ""
    orm_row count_all "count all notes" ""
    # Issue #15: at least as fast as SOCI 4.0.3 (tests/bench/soci_pairs.cpp),
    # when bench_orm was built with it (libsoci-dev installed).
    echo
    if [[ -n ${ORM_MS[insert_plain/soci]:-}${ORM_MS[find_by_name/soci]:-}${ORM_MS[iterate/soci]:-} ]]; then
      echo "ORM in-process vs SOCI 4.0.3 (the same work written with SOCI: prepared statements reused,"
      echo " use/into bindings, the same objects; median ms of CPU time; target: at least as fast)"
      printf '%-36s | %-10s | %-10s | %-6s | %-6s | %s\n' benchmark "orm cpu" "soci cpu" ratio target "real-time ratio"
      orm_row insert_plain "bulk insert (no FTS) vs SOCI" 1.0 "" soci
      orm_row insert_uow "bulk insert, add+commit vs SOCI" 1.0 insert_plain soci
      orm_row find_by_name "1,000 find_by_name vs SOCI" 1.0 "" soci
      orm_row iterate "iterate a category (stream) vs SOCI" 1.0 "" soci
    else
      echo "ORM vs SOCI: skipped (bench_orm was built without SOCI: libsoci-dev is not installed)"
    fi
  else
    echo "bench.sh: bench_orm failed:" >&2; tail -20 "$LOG" >&2; FAILED=1
  fi
fi

# Issue #12: what the history costs at this size (undo of an import
# against a drop --force of the same notes).
echo
scripts/bench_undo.sh --notes "$NOTES" --categories "$CATEGORIES" --build-dir "$BUILD" || FAILED=1

echo
echo "verdicts"
printf '  %s\n' "${VERDICTS[@]}"
if ((FAILED)); then
  echo
  echo "some commands failed; the last lines of their stderr:"
  grep -v '^---' "$LOG" | sort | uniq -c | sort -rn | head -15
  exit 1
fi
