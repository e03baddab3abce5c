#!/usr/bin/env bash
# A throw-away PostgreSQL server on loopback for the test suite.
#
#   scripts/postgres.sh start    start it (idempotent); create the role `notes`
#                                (not a superuser) owning the databases
#                                notes_test and notes_test_{orm,notes,cli}
#   scripts/postgres.sh url      print the URL tests use (NOTES_TEST_PG_URL)
#   scripts/postgres.sh status   exit 0 if it is running
#   scripts/postgres.sh stop     stop it and delete all its data
#   scripts/postgres.sh set NAME VALUE
#                                change a server setting that needs no restart
#                                (ALTER SYSTEM, reload), e.g. log_statement all
#                                for scripts/bench_server.sh; new sessions see it
#
# Env: PG_PORT (default 54329, not 5432 so it never meets a real server),
#      NOTES_PG_DIR (state dir: data, socket, log).
# initdb and postgres refuse to run as root: when run as root, the server
# runs as the user `postgres` (Debian's package creates it) or, without it,
# as a user `notes-pg` created here. The server listens on 127.0.0.1 only and
# on a socket in the state dir; the tests connect over TCP with a password.
set -euo pipefail

PORT=${PG_PORT:-54329}
DIR=${NOTES_PG_DIR:-/tmp/notes-postgres-$PORT}
DATA=$DIR/data
LOG=$DIR/postgres.log
MARKER=$DIR/.notes-postgres # only a dir carrying this is ever rm -rf'ed
ROLE=notes
PASSWORD=notes-test-pw
DBS=(notes_test notes_test_orm notes_test_notes notes_test_cli)

die() { echo "postgres.sh: $*" >&2; exit 1; }

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -n $bindir && -x $bindir/initdb ]] || die "PostgreSQL server not installed (scripts/deps.sh --test)"

as_server() { "$@"; }
if ((EUID == 0)); then
  owner=postgres
  if ! id -u "$owner" >/dev/null 2>&1; then
    owner=notes-pg
    id -u "$owner" >/dev/null 2>&1 ||
      useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$owner" ||
      die "cannot create the user $owner to run the server as"
  fi
  as_server() { runuser -u "$owner" -- "$@"; }
fi

# The superuser connects through the socket only (trust, local).
psql_admin() { as_server psql -X -q -v ON_ERROR_STOP=1 -h "$DIR" -p "$PORT" -U postgres -d "${1:-postgres}" "${@:2}"; }
ready() { as_server "$bindir/pg_isready" -q -h "$DIR" -p "$PORT" -d postgres; }
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }
running() { [[ -f $DATA/postmaster.pid ]] && as_server "$bindir/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

start() {
  if running; then
    ready || die "server in $DIR is running but not answering"
    return 0
  fi
  if [[ -e $DIR ]]; then stop; fi # stale leftovers of a crashed run: start clean
  if port_in_use; then die "port $PORT is already in use (set PG_PORT)"; fi
  mkdir -p "$DIR"
  touch "$MARKER"
  if ((EUID == 0)); then chown "$owner" "$DIR"; fi
  chmod 700 "$DIR"

  # UTF-8, C.UTF-8 so that lower() and regexes know Unicode whatever the
  # host's locale; the notebook's names use COLLATE "C" anyway.
  as_server "$bindir/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 ||
    { cat "$DIR/initdb.log" >&2; die "initdb failed"; }

  # The data is thrown away: durability is traded for speed.
  as_server "$bindir/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { tail -n 20 "$LOG" >&2; die "server did not start (log: $LOG)"; }

  psql_admin postgres -c "CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD' NOSUPERUSER NOCREATEDB NOCREATEROLE" ||
    die "cannot create the role $ROLE"
  local db
  for db in "${DBS[@]}"; do
    psql_admin postgres -c "CREATE DATABASE $db OWNER $ROLE ENCODING 'UTF8'" || die "cannot create $db"
    # PostgreSQL 15: only the owner may create in schema public; make it the role's.
    psql_admin "$db" -c "ALTER SCHEMA public OWNER TO $ROLE" || die "cannot set up $db"
  done
  echo "postgres.sh: running on 127.0.0.1:$PORT (dir $DIR)" >&2
}

stop() {
  if running; then
    as_server "$bindir/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null ||
      die "server in $DIR did not stop"
  fi
  if [[ -e $DIR ]]; then
    [[ -e $MARKER ]] || die "refusing to delete $DIR: not made by this script"
    rm -rf "$DIR"
  fi
}

# set NAME VALUE: ALTER SYSTEM (superuser, through the socket), reload, and
# wait until a new session sees it (the reload signal is asynchronous).
set_setting() {
  local name=$1 value=$2 i
  [[ $name =~ ^[a-z_.]+$ ]] || die "'$name' is not a setting name"
  running || die "no server running in $DIR"
  psql_admin postgres -c "ALTER SYSTEM SET $name = '${value//\'/\'\'}'" -c "SELECT pg_reload_conf()" >/dev/null ||
    die "cannot set $name"
  for ((i = 0; i < 100; i++)); do
    [[ $(psql_admin postgres -Atc "SHOW $name") == "$value" ]] && return 0
    sleep 0.05
  done
  die "the server did not take $name = '$value'"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  set) (($# == 3)) || die "usage: $0 set NAME VALUE"; set_setting "$2" "$3" ;;
  url) echo "postgresql://$ROLE:$PASSWORD@127.0.0.1:$PORT/notes_test" ;;
  status)
    if running && ready; then
      echo "running on 127.0.0.1:$PORT (dir $DIR)"
    else
      echo "not running"; exit 1
    fi ;;
  *) echo "usage: $0 start|stop|url|status|set NAME VALUE" >&2; exit 2 ;;
esac
