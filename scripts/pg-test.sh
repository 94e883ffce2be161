#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (the store suites' postgres
# variants, `make test`, CI). Usage:
#   scripts/pg-test.sh start   new cluster (an old one is stopped and wiped first);
#                              prints its URL on stdout
#   scripts/pg-test.sh stop    stop it and remove its directory
#   scripts/pg-test.sh url     print the URL
# Settings: DAICHO_PG_DIR (default /tmp/daicho-pg), DAICHO_PG_PORT (default 55432).
# Needs Debian's postgresql package (server binaries and pg_trgm). As root the
# server runs as the `postgres` user (PostgreSQL refuses to run as root);
# otherwise as the current user. Only the URL goes to stdout; everything else
# to stderr, so `url=$(scripts/pg-test.sh start)` works.
set -euo pipefail

dir=${DAICHO_PG_DIR:-/tmp/daicho-pg}
port=${DAICHO_PG_PORT:-55432}
dbname=daicho_test
url="postgresql://postgres@127.0.0.1:${port}/${dbname}"
data=$dir/data
marker=$dir/.daicho-pg-test # proves the directory is ours before we wipe it

say() { echo "pg-test: $*" >&2; }
die() { say "$*"; exit 1; }

bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$d" ] && [ -x "$d/pg_ctl" ] ||
    die "PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin (apt-get install postgresql)"
  echo "$d"
}

# Run a server-side command as the cluster's owner. cd / because the
# postgres user may not be allowed into the caller's working directory.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

# Remove the cluster directory, but never a directory we did not make: the
# path comes from the environment, and rm -rf of a typo would be a disaster.
wipe() {
  [ -e "$dir" ] || return 0
  if [ -e "$marker" ] || [ -z "$(ls -A "$dir")" ]; then
    rm -rf "$dir"
  else
    die "$dir exists and is not a daicho test cluster; refusing to delete it (set DAICHO_PG_DIR)"
  fi
}

running() { [ -f "$data/postmaster.pid" ] && as_owner "$bin/pg_ctl" status -D "$data" >/dev/null 2>&1; }

stop() {
  if running; then
    say "stopping the cluster in $dir"
    as_owner "$bin/pg_ctl" stop -D "$data" -m fast -w >&2
  fi
  wipe
}

sql() { # sql DB STATEMENT: over TCP, every setting explicit so PG* variables cannot redirect it
  "$bin/psql" -X -q -v ON_ERROR_STOP=1 \
    "host=127.0.0.1 port=$port user=postgres dbname=$1 sslmode=disable" -c "$2" >&2
}

start() {
  stop
  mkdir -p "$dir"
  touch "$marker"
  if [ "$(id -u)" -eq 0 ]; then
    getent passwd postgres >/dev/null || die "no postgres user (apt-get install postgresql)"
    chown postgres: "$dir"
    runuser -u postgres -- test -w "$dir" ||
      die "the postgres user cannot write to $dir (a parent directory is closed to it); set DAICHO_PG_DIR"
  fi
  mkdir -p "$dir/socket" && { [ "$(id -u)" -ne 0 ] || chown postgres: "$dir/socket"; }

  # -U postgres: the superuser is called postgres even when we are not root,
  # so the URL is the same everywhere.
  local init=("$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8)
  if ! as_owner "${init[@]}" --locale=C.UTF-8 >"$dir/initdb.log" 2>&1; then
    say "initdb with locale C.UTF-8 failed; retrying with locale C"
    as_owner rm -rf "$data"
    as_owner "${init[@]}" --locale=C >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  fi

  # fsync and synchronous_commit stay on: the tests check that a committed
  # change survives a crash, which a cluster tuned for speed would fake.
  cat >>"$data/postgresql.conf" <<EOF

# scripts/pg-test.sh
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir/socket'
fsync = on
synchronous_commit = on
full_page_writes = on
EOF
  say "starting PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($dir)"
  if ! as_owner "$bin/pg_ctl" start -D "$data" -l "$dir/postgresql.log" -w -t 60 >&2; then
    tail -n 20 "$dir/postgresql.log" >&2 || true
    die "the server did not start (is port $port taken? set DAICHO_PG_PORT)"
  fi
  sql postgres "CREATE DATABASE $dbname"
  sql "$dbname" "CREATE EXTENSION IF NOT EXISTS pg_trgm"
  echo "$url"
}

case "${1:-}" in
  start) bin=$(bindir); start ;;
  stop) bin=$(bindir); stop ;;
  url) echo "$url" ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
