#!/usr/bin/env bash
# Issue #11: what each `notes` command costs on a server, next to the floor:
# the same work done with the client library directly (libmariadb's C API,
# tests/bench/floor_mysql.cpp; libpq, tests/bench/floor_pg.cpp), in the same
# run: the statements and round trips each command takes, counted, and its
# time. Run through scripts/bench.sh --backend mysql|postgresql, or alone:
#
#   scripts/bench_server.sh --backend mysql|postgresql [--notes N] [--runs R]
#                           [--categories C] [--build-dir DIR]
#
#   --notes N       notes in the server's notebook (default 20000)
#   --categories C  categories (default 1000)
#   --runs R        runs of export, and 4*R of every other operation (default 5)
#   --build-dir DIR use this existing build tree as it is configured
#
# It starts its own throw-away server (scripts/mariadb.sh or
# scripts/postgres.sh) on a port of its own, BENCH_MARIADB_PORT (default
# 33069) or BENCH_PG_PORT (default 54339), never the test ports, and stops it
# at the end. The notebook is made by `notes init` and `notes import` of the
# generated JSON Lines (tests/bench/gen_db.cpp; its time is printed, once).
# Every operation then runs as a whole process, `notes` and floor interleaved
# on the same database (`add` adds one note per run); the table shows median
# (min-max) wall time, the ratio notes/floor, the CPU ratio, and per command:
#   statements   counted by the server: the general log on MariaDB (Query and
#                Execute commands), log_statement = all on PostgreSQL
#                (`statement:` and `execute` lines), each logged while one
#                process of one side ran, with nothing else on the server;
#   round trips  counted on the client: strace of its socket, one each time
#                the process reads a reply after it has sent something (the
#                connection's handshake and authentication included, the same
#                for both sides; a pipelined prepare+execute is one).
# Counting runs are separate from the timed ones (logging and strace cost).
#
# Exit status: 0 when every measurement ran, 1 when a command failed or a
# floor's results differ from notes', 2 on bad usage. No pass/fail on times.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

BACKEND= NOTES=20000 CATEGORIES=1000 RUNS=5 BUILD_DIR=
while (($#)); do
  case $1 in
    --backend) BACKEND=${2:?}; shift 2 ;;
    --notes) NOTES=${2:?}; shift 2 ;;
    --categories) CATEGORIES=${2:?}; shift 2 ;;
    --runs) RUNS=${2:?}; shift 2 ;;
    --build-dir) BUILD_DIR=${2:?}; shift 2 ;;
    --no-orm) shift ;; # bench.sh's option: there is no server ORM benchmark
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench_server.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case $BACKEND in
  mysql|mariadb) BACKEND=mysql ;;
  postgresql|postgres) BACKEND=postgresql ;;
  *) echo "bench_server.sh: --backend must be mysql or postgresql, not '$BACKEND'" >&2; exit 2 ;;
esac
for v in "$NOTES" "$CATEGORIES" "$RUNS"; do
  [[ $v =~ ^[0-9]+$ ]] || { echo "bench_server.sh: '$v' is not a number" >&2; exit 2; }
done
((NOTES >= 100 && CATEGORIES >= 1 && RUNS >= 1)) || {
  echo "bench_server.sh: need --notes >= 100, --categories >= 1, --runs >= 1" >&2; exit 2; }
command -v strace >/dev/null || { echo "bench_server.sh: strace is needed to count round trips: scripts/deps.sh --test installs it" >&2; exit 2; }
QUICK_RUNS=$((RUNS * 4))

BUILD=$ROOT/build-release
if [[ -n $BUILD_DIR ]]; then
  BUILD=$(cd "$BUILD_DIR" && pwd) || exit 2
  [[ -f $BUILD/CMakeCache.txt ]] || { echo "bench_server.sh: $BUILD_DIR is not a configured build tree" >&2; exit 2; }
fi
BENCH=$BUILD/tests/bench
NOTES_BIN=$BUILD/app/notes
RUN=$BENCH/bench_run GEN=$BENCH/bench_gen
if [[ $BACKEND == mysql ]]; then FLOOR=$BENCH/bench_floor_mysql; else FLOOR=$BENCH/bench_floor_pg; fi

# ---- build (as bench.sh does) ---------------------------------------------
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
    cmake --build "$BUILD" -j"$(nproc)" --target notes bench_run bench_gen "${FLOOR##*/}"
} >"$BUILD/bench-server-build.log" 2>&1 || {
  tail -40 "$BUILD/bench-server-build.log" >&2
  echo "bench_server.sh: build failed (log: $BUILD/bench-server-build.log)" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/notes-bench-server.XXXXXX")
LOG=$WORK/stderr.log
FAILED=0

# ---- the server -----------------------------------------------------------
if [[ $BACKEND == mysql ]]; then
  PORT=${BENCH_MARIADB_PORT:-33069}
  server() { MARIADB_PORT=$PORT NOTES_MARIADB_DIR=/tmp/notes-bench-mariadb-$PORT scripts/mariadb.sh "$@"; }
  SERVER_LOG=/tmp/notes-bench-mariadb-$PORT/general.log
  sql() { mariadb --no-defaults --protocol=tcp -h127.0.0.1 -P"$PORT" -uroot -N -B -e "$1"; }
else
  PORT=${BENCH_PG_PORT:-54339}
  server() { PG_PORT=$PORT NOTES_PG_DIR=/tmp/notes-bench-postgres-$PORT scripts/postgres.sh "$@"; }
  SERVER_LOG=/tmp/notes-bench-postgres-$PORT/postgres.log
fi
cleanup() {
  server stop >/dev/null 2>&1 || echo "bench_server.sh: could not stop the server on port $PORT" >&2
  rm -rf "$WORK"
}
trap cleanup EXIT
echo "==> starting a throw-away $BACKEND server on port $PORT" >&2
server start 2>>"$LOG" || { cat "$LOG" >&2; exit 1; }
URL=$(server url)
if [[ $BACKEND == mysql ]]; then
  VERSION="MariaDB $(sql "SELECT VERSION()")"
  logging() { # on|off: the general log, to a file
    if [[ $1 == on ]]; then sql "SET GLOBAL general_log_file = '$SERVER_LOG'; SET GLOBAL general_log = ON"
    else sql "SET GLOBAL general_log = OFF"; fi
  }
  # A statement is a Query or an Execute command (Prepare and Close are not).
  STATEMENT_RE=$'^([0-9]{6} +[0-9:]+)?\t+ *[0-9]+ (Query|Execute)\t'
  METHOD="general log (Query + Execute lines; the statements the schema's triggers run are Query lines too)"
else
  # "postgres (PostgreSQL) 15.8 (Debian ...)" -> "PostgreSQL 15.8 (Debian ...)"
  VERSION=$("$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/postgres" --version | sed 's/^postgres (PostgreSQL)/PostgreSQL/')
  logging() { if [[ $1 == on ]]; then server set log_statement all; else server set log_statement none; fi; }
  STATEMENT_RE='LOG:  (statement|execute [^:]*):'
  METHOD="log_statement = all (statement: and execute lines)"
fi

# ---- data -----------------------------------------------------------------
DATA=$BUILD/bench-data/server-n$NOTES-c$CATEGORIES
KEY="$NOTES $CATEGORIES $(cat tests/bench/gen_db.cpp tests/bench/common.hpp | cksum)"
if [[ ! -f $DATA/key || $(<"$DATA/key") != "$KEY" ]]; then
  echo "==> generating $NOTES notes in $CATEGORIES categories ($DATA)" >&2
  rm -rf "$DATA" && mkdir -p "$DATA"
  "$GEN" --db "$DATA/gen.db" --jsonl "$DATA/notes.jsonl" --notes "$NOTES" --categories "$CATEGORIES" >&2
  rm -f "$DATA/gen.db" "$DATA/gen.db-wal" "$DATA/gen.db-shm"
  echo "$KEY" >"$DATA/key"
fi
echo "==> notes init + notes import of $NOTES notes into $URL" >&2
"$NOTES_BIN" -q --db "$URL" init >/dev/null 2>>"$LOG" || { cat "$LOG" >&2; exit 1; }
"$RUN" -o /dev/null -- "$NOTES_BIN" -q --db "$URL" import "$DATA/notes.jsonl" >"$WORK/import" 2>>"$LOG" &&
  [[ $(awk '{print $3}' "$WORK/import") == 0 ]] || {
  tail -5 "$LOG" >&2; echo "bench_server.sh: notes import failed" >&2; exit 1; }
IMPORT_MS=$(awk '{print $1}' "$WORK/import")

CAT=$(printf 'topic-%04d' $(((CATEGORIES + 1) / 2)))
ID=$((NOTES / 2))
WORD=sqlite
TEXT="a new note about sqlite and benchmarks"

# command SIDE OP: the command line into the array CMD.
command_of() {
  if [[ $1 == notes ]]; then
    case $2 in
      add) CMD=("$NOTES_BIN" --db "$URL" add "$TEXT" -c "$CAT") ;;
      search) CMD=("$NOTES_BIN" --db "$URL" search "$WORD" --limit 20) ;;
      list-cat) CMD=("$NOTES_BIN" --db "$URL" list "$CAT" --limit 50) ;;
      list) CMD=("$NOTES_BIN" --db "$URL" list) ;;
      show) CMD=("$NOTES_BIN" --db "$URL" show "$ID") ;;
      export) CMD=("$NOTES_BIN" --db "$URL" export) ;;
    esac
  else
    case $2 in
      add) CMD=("$FLOOR" add "$URL" "$CAT" "$TEXT") ;;
      search) CMD=("$FLOOR" search "$URL" "$WORD" 20) ;;
      list-cat) CMD=("$FLOOR" list-cat "$URL" "$CAT" 50) ;;
      list) CMD=("$FLOOR" list "$URL") ;;
      show) CMD=("$FLOOR" show "$URL" "$ID") ;;
      export) CMD=("$FLOOR" export "$URL") ;;
    esac
  fi
}

OPS=(show add list-cat list search export)
declare -A LABEL=([add]="add TEXT -c NAME" [search]="search WORD --limit 20" [list-cat]="list NAME --limit 50"
  [list]="list (counts)" [show]="show ID" [export]="export >/dev/null")
declare -A STATEMENTS ROUND_TRIPS

# ---- counting -------------------------------------------------------------
# count SIDE OP: runs the command once under strace with the server logging
# statements; sets STATEMENTS and ROUND_TRIPS for SIDE.OP.
count() {
  local side=$1 op=$2 offset
  command_of "$side" "$op"
  offset=$(stat -c %s "$SERVER_LOG" 2>/dev/null || echo 0)
  echo "--- count $side ${CMD[*]}" >>"$LOG"
  if ! strace -f -qq -yy -o "$WORK/strace" \
    -e trace=sendto,sendmsg,write,writev,recvfrom,recvmsg,read,readv "${CMD[@]}" >/dev/null 2>>"$LOG"; then
    echo "bench_server.sh: $side $op failed while counting" >&2; FAILED=1
  fi
  STATEMENTS[$side.$op]=$(tail -c +$((offset + 1)) "$SERVER_LOG" | grep -cE "$STATEMENT_RE" || true)
  # A round trip: the first read of data from the server's socket after the
  # process wrote to it (reads that found nothing, EAGAIN, do not count).
  ROUND_TRIPS[$side.$op]=$(grep -F -- "->127.0.0.1:$PORT]>" "$WORK/strace" | awk '
    /^[0-9]+ +(sendto|sendmsg|write|writev)\(/ { sent = 1; next }
    /^[0-9]+ +(recvfrom|recvmsg|read|readv)\(/ { if (sent && $NF ~ /^[0-9]+$/ && $NF > 0) { trips++; sent = 0 } }
    END { print trips + 0 }')
}

echo "==> counting statements ($METHOD) and round trips (strace)" >&2
logging on >/dev/null
for op in "${OPS[@]}"; do
  count notes "$op"
  count floor "$op"
done
logging off >/dev/null

# ---- timing ---------------------------------------------------------------
measure() { # SIDE OP: appends "WALL RSS EXIT CPU" to $WORK/SIDE.OP
  command_of "$1" "$2"
  echo "--- $1 ${CMD[*]}" >>"$LOG"
  "$RUN" -o "$WORK/stdout" -- "${CMD[@]}" 2>>"$LOG" >>"$WORK/$1.$2"
}
echo "==> measuring at $NOTES notes: $QUICK_RUNS runs of quick operations (+1 warm-up), $RUNS of export" >&2
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for op in "${OPS[@]}"; do
  runs=$QUICK_RUNS
  [[ $op == export ]] && runs=$RUNS
  echo "    $op ($runs runs)" >&2
  measure notes "$op" && measure floor "$op"
  rm -f "$WORK/notes.$op" "$WORK/floor.$op"
  for ((i = 0; i < runs; i++)); do
    if ((i % 2)); then measure floor "$op"; measure notes "$op"
    else measure notes "$op"; measure floor "$op"; fi
  done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- the floor's results are notes' results --------------------------------
# The same note ids in the same order (search, list NAME), as many categories
# (list), the same note (show), and the same export, byte for byte.
ids_json() { grep -o '"id":[0-9]*' | cut -d: -f2; }
ids_floor() { awk '{print $1}'; }
check() { # WHAT: fails the run when the last comparison differed
  echo "bench_server.sh: the floor's $1 differs from notes'" >&2; FAILED=1
}
"$NOTES_BIN" --db "$URL" --json search "$WORD" --limit 20 2>>"$LOG" | ids_json >"$WORK/n.search"
"$FLOOR" search "$URL" "$WORD" 20 2>>"$LOG" | ids_floor >"$WORK/f.search"
{ [[ -s $WORK/n.search ]] && cmp -s "$WORK/n.search" "$WORK/f.search"; } || check "search $WORD"
"$NOTES_BIN" --db "$URL" --json list "$CAT" --limit 50 2>>"$LOG" | ids_json >"$WORK/n.listcat"
"$FLOOR" list-cat "$URL" "$CAT" 50 2>>"$LOG" | ids_floor >"$WORK/f.listcat"
{ [[ -s $WORK/n.listcat ]] && cmp -s "$WORK/n.listcat" "$WORK/f.listcat"; } || check "list $CAT"
categories=$("$NOTES_BIN" --db "$URL" --json list 2>>"$LOG" | grep -o '"name":' | wc -l)
((categories >= 1 && $("$FLOOR" list "$URL" 2>>"$LOG" | wc -l) == categories + 1)) || check "list"
[[ $("$FLOOR" show "$URL" "$ID" 2>>"$LOG" | head -1) == "id:       $ID" ]] || check "show $ID"
"$NOTES_BIN" --db "$URL" export >"$WORK/n.export" 2>>"$LOG"
"$FLOOR" export "$URL" >"$WORK/f.export" 2>>"$LOG"
{ [[ -s $WORK/n.export ]] && cmp -s "$WORK/n.export" "$WORK/f.export"; } || check "export"

# ---- the table ------------------------------------------------------------
stats() { # FILE COLUMN: "median min max" of that column (1 wall, 4 cpu)
  sort -g -k"$2,$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END {
    if (NR == 0) { print "nan nan nan"; exit }
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%s %s %s\n", m, v[1], v[NR] }'
}
failures() { awk '$3 != 0 { n++ } END { print n + 0 }' "$1"; }
last_exit() { awk '$3 != 0 { e = $3 } END { print e + 0 }' "$1"; }
fmt_ms() { awk -v v="$1" 'BEGIN { if (v == "nan") print "-"; else if (v >= 100) printf "%.0f", v; else if (v >= 10) printf "%.1f", v; else printf "%.2f", v }'; }

echo
echo "notes vs floor on $VERSION (loopback TCP) at $NOTES notes in $CATEGORIES categories, $(nproc) CPUs,"
echo "load average $LOAD_BEFORE before, $LOAD_AFTER after; the notebook made by \`notes import\` ($(fmt_ms "$IMPORT_MS") ms)"
echo "(wall ms: median (min-max) of the client process; ratio = notes/floor of the wall medians; cpu = the same"
echo " for the client's user+sys CPU time; statements: counted by the server's $METHOD;"
echo " round trips: replies read after a request on the client's socket (strace), connecting included)"
printf '%-24s | %-22s | %-22s | %-6s | %-6s | %-10s | %s\n' operation "notes ms" "floor ms" ratio cpu "statements" "round trips"
printf '%s\n' "-------------------------+------------------------+------------------------+--------+--------+------------+------------"
for op in "${OPS[@]}"; do
  nf=$WORK/notes.$op ff=$WORK/floor.$op
  read -r nm nmin nmax < <(stats "$nf" 1)
  read -r fm fmin fmax < <(stats "$ff" 1)
  read -r nc _ _ < <(stats "$nf" 4)
  read -r fc _ _ < <(stats "$ff" 4)
  ratio=$(awk -v a="$nm" -v b="$fm" 'BEGIN { printf "%.2f", a / b }')
  cratio=$(awk -v a="$nc" -v b="$fc" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  ncol="$(fmt_ms "$nm") ($(fmt_ms "$nmin")-$(fmt_ms "$nmax"))"
  fcol="$(fmt_ms "$fm") ($(fmt_ms "$fmin")-$(fmt_ms "$fmax"))"
  if (($(failures "$nf"))); then ncol="FAILED (exit $(last_exit "$nf"))"; ratio=-; cratio=-; FAILED=1; fi
  if (($(failures "$ff"))); then fcol="FAILED (exit $(last_exit "$ff"))"; ratio=-; cratio=-; FAILED=1; fi
  printf '%-24s | %-22s | %-22s | %-6s | %-6s | %-10s | %s\n' "${LABEL[$op]}" "$ncol" "$fcol" "$ratio" "$cratio" \
    "${STATEMENTS[notes.$op]} / ${STATEMENTS[floor.$op]}" "${ROUND_TRIPS[notes.$op]} / ${ROUND_TRIPS[floor.$op]}"
done

if ((FAILED)); then
  echo
  echo "some commands failed or gave other results; the last lines of their stderr:"
  grep -v '^---' "$LOG" | sort | uniq -c | sort -rn | head -15
  exit 1
fi
