#!/usr/bin/env bash
# The discovery benchmark (issue #5 item 5): `daicho discover` over a
# generated 10,000,000-line Squid access.log against 5,000 registered domains
# (bench/bench_discover.c makes both), measuring lines per second and peak
# RSS (/usr/bin/time), with the anchor in the same run over the same file:
#   awk '{print $7}' FILE | cut -d/ -f3 | sort | uniq -c      (LC_ALL=C: the faster sort)
# Target: >= 5x the anchor's throughput, RSS <= 64 MiB. The report (Markdown)
# goes to stdout, progress to stderr.
#
#   bench/run-discover-bench.sh                     # 10,000,000 lines (~1 GB under /tmp)
#   BENCH_LINES=1000000 bench/run-discover-bench.sh # quicker
#
# Settings (environment): BENCH_LINES (default 10000000); BENCH_DIR (default a
# new directory under ${TMPDIR:-/tmp}; removed afterwards unless BENCH_KEEP=1);
# BUILD_BENCH (build directory, default build-bench); BENCH_BUILD_TYPE (default Release).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_BENCH:-$root/build-bench}
lines=${BENCH_LINES:-10000000}
say() { echo "run-discover-bench: $*" >&2; }

dir=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/daicho-discover-bench.XXXXXX")}
mkdir -p "$dir"
cleanup() { if [ "${BENCH_KEEP:-0}" != 1 ]; then rm -rf "$dir"; fi; }
trap cleanup EXIT

# ~105 bytes a line; refuse to start without room for the log.
need_kb=$((lines * 110 / 1024 + 10240))
avail_kb=$(df -Pk "$dir" | awk 'NR == 2 {print $4}')
if [ "$avail_kb" -lt "$need_kb" ]; then
  say "not enough space in $dir: $((avail_kb / 1024)) MiB free, $((need_kb / 1024)) MiB needed"
  exit 1
fi

say "building (${BENCH_BUILD_TYPE:-Release}) in $build"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE="${BENCH_BUILD_TYPE:-Release}" >/dev/null
cmake --build "$build" -j"${JOBS:-2}" --target daicho bench_discover >&2

log=$dir/access.log
db=$dir/bench.db
say "generating $lines lines into $log"
"$build/bench/bench_discover" gen "$log" "$lines"
say "seeding $db (5,000 domains)"
"$build/bench/bench_discover" seed "$db"
"$build/daicho" --db "$db" --as bench_admin discover ignore add '*.lg.jp' --note 'bench: internal' >/dev/null
size=$(stat -c %s "$log")
# Read the file once so both runs start from the page cache.
cat "$log" >/dev/null

say "anchor: awk | cut | sort | uniq -c"
/usr/bin/time -f "%e %M %U %S" -o "$dir/anchor.time" \
  sh -c "LC_ALL=C awk '{print \$7}' '$log' | LC_ALL=C cut -d/ -f3 | LC_ALL=C sort | LC_ALL=C uniq -c > '$dir/anchor.out'"
say "daicho discover"
/usr/bin/time -f "%e %M %U %S" -o "$dir/daicho.time" \
  "$build/daicho" --db "$db" --as bench_admin discover --json "$log" > "$dir/daicho.json"

read -r a_sec a_kb a_u a_s < "$dir/anchor.time"
read -r d_sec d_kb d_u d_s < "$dir/daicho.time"
load=$(cut -d' ' -f1-3 /proc/loadavg)
awk -v au="$a_u" -v as="$a_s" -v du="$d_u" -v ds="$d_s" -v load="$load" -v btype="${BENCH_BUILD_TYPE:-Release}" -v lines="$lines" -v size="$size" -v a="$a_sec" -v d="$d_sec" -v rss="$d_kb" -v awkv="$(awk -W version 2>/dev/null | head -1 || awk --version | head -1)" \
    -v cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" -v ncpu="$(nproc)" \
    -v summary="$(tr -d '\n' < "$dir/daicho.json" | cut -c1-400)" 'BEGIN {
  al = lines / a; dl = lines / d; ratio = dl / al; mib = rss / 1024; acpu = au + as; dcpu = du + ds
  printf "## Discovery benchmark\n\n"
  printf "- log: %d lines, %.0f MiB (generated Squid access.log); 5,000 registered domains (2,500 services, half with an active ledger entry); ignore list *.lg.jp\n", lines, size / 1048576
  printf "- machine: %s, %d cores; awk: %s; build: %s\n\n", cpu, ncpu, awkv, btype
  printf "| run | seconds (wall) | lines/s | CPU seconds (user+sys) |\n|---|---:|---:|---:|\n"
  printf "| anchor: `awk \x27{print $7}\x27 | cut -d/ -f3 | sort | uniq -c` (LC_ALL=C) | %.2f | %.0f | %.2f |\n", a, al, acpu
  printf "| `daicho discover` (parse, match, aggregate, record) | %.2f | %.0f | %.2f |\n\n", d, dl, dcpu
  printf "- load average when done: %s (the machine is shared)\n", load
  met_ratio = ratio >= 5 ? "met" : "NOT met"
  met_rss = mib <= 64 ? "met" : "NOT met"
  printf "- ratio: %.1fx the anchor (target >= 5x): %s\n", ratio, met_ratio
  printf "- peak RSS of daicho discover: %.1f MiB (target <= 64 MiB): %s\n", mib, met_rss
  printf "- daicho summary: %s\n", summary
}'
