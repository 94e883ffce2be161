#!/usr/bin/env bash
# The ledger benchmark (issue #3): builds bench_ledger (Release, in build-bench/),
# starts a throwaway PostgreSQL cluster when it can (scripts/pg-test.sh), and runs
# both backends; the report (Markdown) goes to stdout, progress to stderr.
#
#   bench/run-ledger-bench.sh                       # 1,000,000 entries, 300 approvals
#   BENCH_ENTRIES=100000 bench/run-ledger-bench.sh  # quicker
#
# Settings (environment):
#   BENCH_ENTRIES    entries to import (default 1000000), in chunks of BENCH_CHUNK (100000)
#   BENCH_APPROVALS  apply+submit+approve procedures (default 300)
#   BENCH_REPS       runs per search query (default 50)
#   BENCH_SQLITE=0 / BENCH_PG=0   skip a backend
#   BENCH_DIR        working directory (default: a new one under ${TMPDIR:-/tmp}); the
#                    SQLite database, the export and the client scripts go there
#   BENCH_KEEP=1     keep BENCH_DIR and the PostgreSQL cluster afterwards
#   BENCH_ARGS       more arguments for bench_ledger (e.g. --sql-profile)
#   BUILD_BENCH      build directory (default build-bench)
# The PostgreSQL cluster is the test one of scripts/pg-test.sh, but in its own
# directory and port (DAICHO_PG_DIR, default /tmp/daicho-pg-bench; DAICHO_PG_PORT,
# default the first free one from 55480), so that a `make test` running at the
# same time keeps its own.
# It runs with the test cluster's settings (fsync and synchronous_commit on,
# shared_buffers 128MB): what an untuned installation gets.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_BENCH:-$root/build-bench}
entries=${BENCH_ENTRIES:-1000000}
approvals=${BENCH_APPROVALS:-300}
reps=${BENCH_REPS:-50}
export DAICHO_PG_DIR=${DAICHO_PG_DIR:-/tmp/daicho-pg-bench}

say() { echo "run-ledger-bench: $*" >&2; }

if [ -z "${DAICHO_PG_PORT:-}" ]; then
  for p in $(seq 55480 55499); do
    # nothing listening there: connecting fails
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      DAICHO_PG_PORT=$p
      break
    fi
  done
fi
export DAICHO_PG_PORT=${DAICHO_PG_PORT:-55480}

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"${JOBS:-2}" --target bench_ledger >&2

for tool in sqlite3 psql grep; do
  command -v "$tool" >/dev/null || { say "$tool is needed for the anchors (make deps-test installs it)"; exit 1; }
done

made_dir=0
if [ -z "${BENCH_DIR:-}" ]; then
  BENCH_DIR=$(mktemp -d "${TMPDIR:-/tmp}/daicho-ledger-bench.XXXXXX")
  made_dir=1
fi
mkdir -p "$BENCH_DIR"
pg_started=0
cleanup() {
  if [ "${BENCH_KEEP:-0}" != 1 ]; then
    [ $pg_started = 1 ] && "$root/scripts/pg-test.sh" stop >/dev/null 2>&1 || true
    [ $made_dir = 1 ] && rm -rf "$BENCH_DIR"
  else
    say "kept $BENCH_DIR$([ $pg_started = 1 ] && echo " and the PostgreSQL cluster on port $DAICHO_PG_PORT")"
  fi
}
trap cleanup EXIT

args=(--entries "$entries" --approvals "$approvals" --reps "$reps" --workdir "$BENCH_DIR")
if [ "${BENCH_SQLITE:-1}" != 0 ]; then
  rm -f "$BENCH_DIR/ledger.db" "$BENCH_DIR/ledger.db-wal" "$BENCH_DIR/ledger.db-shm"
  args+=(--sqlite "$BENCH_DIR/ledger.db")
fi
if [ "${BENCH_PG:-1}" != 0 ]; then
  if url=$("$root/scripts/pg-test.sh" start); then
    pg_started=1
    args+=(--pg "$url")
  else
    say "PostgreSQL could not be started: measuring SQLite only"
  fi
fi

say "bench_ledger ${args[*]} ${BENCH_ARGS:-}"
# shellcheck disable=SC2086 # BENCH_ARGS is a list of words
"$build/bench/bench_ledger" "${args[@]}" ${BENCH_ARGS:-}
