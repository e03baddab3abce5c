#!/usr/bin/env bash
# A throw-away MariaDB server on loopback for the test suite.
#
#   scripts/mariadb.sh start    start it (idempotent), create database notes_test
#   scripts/mariadb.sh url      print the URL tests use (NOTES_TEST_MYSQL_URL)
#   scripts/mariadb.sh status   exit 0 if it is running
#   scripts/mariadb.sh stop     stop it and delete all its data
#   scripts/mariadb.sh halt     stop it, keeping its data: the next start resumes it
#                               (fault tests: a server that goes away mid-command)
#
# Env: MARIADB_PORT (default 33061, not 3306 so it never meets a real server),
#      NOTES_MARIADB_DIR (state dir: data, socket, pid, log).
# No systemd and no /etc/mysql: every tool gets --no-defaults first, because
# otherwise it reads /etc/mysql/my.cnf and the system server's settings.
set -euo pipefail

PORT=${MARIADB_PORT:-33061}
DIR=${NOTES_MARIADB_DIR:-/tmp/notes-mariadb-$PORT}
DB=notes_test
SOCK=$DIR/mysqld.sock
PIDFILE=$DIR/mysqld.pid
LOG=$DIR/mysqld.log
MARKER=$DIR/.notes-mariadb # only a dir carrying this is ever rm -rf'ed

# Server and install-db refuse to run as root unless told to.
as_user=()
if ((EUID == 0)); then as_user=(--user=root); fi

die() { echo "mariadb.sh: $*" >&2; exit 1; }

# A zombie counts as gone: the server is reparented to PID 1, which in a
# container may take a second or more to reap it.
alive() {
  local state
  read -r _ _ state _ 2>/dev/null <"/proc/$1/stat" && [[ $state != Z ]]
}

running_pid() { # prints the server's pid if it is alive
  local pid
  pid=$(cat "$PIDFILE" 2>/dev/null) || return 1
  alive "$pid" && echo "$pid"
}

# Over TCP on purpose: that is the path the tests take. The timeout is for a
# listener that accepts but never speaks (the client would wait forever).
tcp=(--protocol=tcp -h127.0.0.1 -P"$PORT" --connect-timeout=5 -uroot)
client() { mariadb --no-defaults "${tcp[@]}" "$@"; }
ping_tcp() { mariadb-admin --no-defaults "${tcp[@]}" ping >/dev/null 2>&1; }
ping_sock() { mariadb-admin --no-defaults --socket="$SOCK" -uroot ping >/dev/null 2>&1; }
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

start() {
  if running_pid >/dev/null; then
    ping_tcp || die "server in $DIR is running but not answering on port $PORT"
    return 0
  fi
  local resume=0
  if [[ -e $DIR/.halted && -e $MARKER ]]; then
    resume=1 # halted on purpose: keep the data
  elif [[ -e $DIR ]]; then
    stop # stale leftovers of a crashed run: start clean
  fi
  if port_in_use; then die "port $PORT is already in use (set MARIADB_PORT)"; fi
  if ((resume)); then
    rm -f "$DIR/.halted"
  else
    mkdir -p "$DIR"
    touch "$MARKER"

    # "normal" root auth = root with an empty password, also from 127.0.0.1.
    mariadb-install-db --no-defaults "${as_user[@]}" --datadir="$DIR/data" \
      --auth-root-authentication-method=normal --skip-test-db >"$DIR/install.log" 2>&1 ||
      { cat "$DIR/install.log" >&2; die "mariadb-install-db failed"; }
  fi

  # utf8mb4 explicitly (the built-in default is latin1). The data is thrown
  # away, so durability settings are traded for speed; no binlog, no DNS.
  # setsid: the server outlives this script and ignores the terminal's ^C.
  setsid mariadbd --no-defaults "${as_user[@]}" --datadir="$DIR/data" \
    --bind-address=127.0.0.1 --port="$PORT" --skip-networking=0 \
    --socket="$SOCK" --pid-file="$PIDFILE" --log-error="$LOG" \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --skip-log-bin --skip-name-resolve \
    --innodb-flush-log-at-trx-commit=2 --innodb-doublewrite=0 \
    --innodb-buffer-pool-dump-at-shutdown=0 --innodb-buffer-pool-load-at-startup=0 \
    </dev/null >>"$LOG" 2>&1 &
  local launcher=$!

  # Bounded wait (30 s) on the unix socket, which only our server has (a TCP
  # ping could be answered by someone else's); stop early if it died.
  local i
  for ((i = 0; i < 600; i++)); do
    ping_sock && break
    alive "$launcher" || break
    sleep 0.05
  done
  if ! ping_sock; then
    kill -TERM "$launcher" 2>/dev/null || true
    tail -n 20 "$LOG" >&2
    die "server did not start (log: $LOG)"
  fi

  client -e "CREATE DATABASE IF NOT EXISTS $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" ||
    die "cannot connect as root@127.0.0.1 without password"
  echo "mariadb.sh: running on 127.0.0.1:$PORT (dir $DIR)" >&2
}

halt() {
  local pid i
  [[ -e $MARKER ]] || die "no server of this script in $DIR"
  if pid=$(running_pid); then
    kill -TERM "$pid"
    for ((i = 0; i < 600; i++)); do
      alive "$pid" || break
      sleep 0.05
    done
    if alive "$pid"; then die "server (pid $pid) did not stop in 30 s"; fi
  fi
  touch "$DIR/.halted"
}

stop() {
  local pid i
  if pid=$(running_pid); then
    kill -TERM "$pid"
    for ((i = 0; i < 600; i++)); do # not our child, so poll instead of wait
      alive "$pid" || break
      sleep 0.05
    done
    if alive "$pid"; then die "server (pid $pid) did not stop in 30 s"; fi
  fi
  if [[ -e $DIR ]]; then
    [[ -e $MARKER ]] || die "refusing to delete $DIR: not made by this script"
    rm -rf "$DIR"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  halt) halt ;;
  url) echo "mysql://root@127.0.0.1:$PORT/$DB" ;;
  status)
    if pid=$(running_pid) && ping_tcp; then
      echo "running on 127.0.0.1:$PORT (pid $pid, dir $DIR)"
    else
      echo "not running"; exit 1
    fi ;;
  *) echo "usage: $0 start|stop|halt|url|status" >&2; exit 2 ;;
esac
