#!/usr/bin/env bash
# The web benchmark (issue #4): `daicho serve` (Release, build-bench/) on a SQLite
# ledger of 100,000 entries, loaded by wrk at 64 connections against the ledger
# list page (50 rows) and /api/v1/ledger, with a signed-in session. The anchor, in
# the same run: nginx serving the very same response bytes as static files. The
# report (Markdown) goes to stdout, progress to stderr.
#
#   bench/run-web-bench.sh                  # make bench-web
#   BENCH_WEB_1M=1 bench/run-web-bench.sh   # also the server's memory at 1,000,000 entries (several minutes)
#
# Settings (environment):
#   BENCH_ENTRIES      entries for the main run (default 100000), imported with `daicho ledger import`
#                      in chunks of BENCH_CHUNK (default 40000: the CLI refuses files over 16 MiB)
#   BENCH_SECONDS      wrk duration per target (default 20); BENCH_CONNECTIONS (default 64);
#                      BENCH_WRK_THREADS (default 2); BENCH_SERVER_THREADS (daicho serve --threads, default 2)
#   BENCH_WEB_1M=1     then import up to 1,000,000 entries (BENCH_1M_ENTRIES), restart the server and
#                      measure again (throughput and memory; BENCH_SECONDS_1M, default 10)
#   BENCH_DIR          working directory (default: a new one under ${TMPDIR:-/tmp}); BENCH_KEEP=1 keeps it
#   BENCH_PORT_BASE    first port to try (default 18160; the server and nginx take the first free ones)
#   BUILD_BENCH        build directory (default build-bench)
# Needs wrk, nginx and curl (scripts/deps.sh bench-web installs them).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_BENCH:-$root/build-bench}
entries=${BENCH_ENTRIES:-100000}
chunk=${BENCH_CHUNK:-40000}
seconds=${BENCH_SECONDS:-20}
seconds_1m=${BENCH_SECONDS_1M:-10}
entries_1m=${BENCH_1M_ENTRIES:-1000000}
conns=${BENCH_CONNECTIONS:-64}
wrk_threads=${BENCH_WRK_THREADS:-2}
server_threads=${BENCH_SERVER_THREADS:-2}
password="bench-web-password-1"

say() { echo "run-web-bench: $*" >&2; }
die() { say "$*"; exit 1; }

for tool in wrk nginx curl python3; do
  command -v "$tool" >/dev/null || die "$tool is needed (scripts/deps.sh bench-web installs it)"
done

say "building daicho and bench_ledger (Release) in $build"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"${JOBS:-2}" --target daicho bench_ledger >&2
daicho=$build/daicho

made_dir=0
if [ -z "${BENCH_DIR:-}" ]; then
  BENCH_DIR=$(mktemp -d "${TMPDIR:-/tmp}/daicho-web-bench.XXXXXX")
  made_dir=1
fi
mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)
server_pid=""
nginx_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null || true
  if [ "${BENCH_KEEP:-0}" = 1 ]; then
    say "kept $BENCH_DIR"
  elif [ $made_dir = 1 ]; then
    rm -rf "$BENCH_DIR"
  fi
}
trap cleanup EXIT

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
next_port() {
  local p=${1:-${BENCH_PORT_BASE:-18160}}
  while ! port_free "$p"; do p=$((p + 1)); done
  echo "$p"
}

# ---- the database: an organization, a user, the entries ----
db=$BENCH_DIR/web.db
export DAICHO_DB=$db
rm -f "$db" "$db-wal" "$db-shm"
"$daicho" init >/dev/null
echo "$password" | "$daicho" org create bench --name "ベンチ市" --profile kitakyushu-external --admin admin \
  --admin-name "システム管理者" --password-stdin >/dev/null
echo "$password" | "$daicho" --as admin user add bench --name "台帳　閲覧" --department "総務課" --role section_head \
  --password-stdin >/dev/null

imported=0
import_secs=""
# import_to N: generate and import entries imported+1 … N in chunks (sets
# imported, and import_secs to the time it took).
import_to() {
  local want=$1 t0 t1 n file
  t0=$(date +%s.%N)
  while [ "$imported" -lt "$want" ]; do
    n=$((want - imported < chunk ? want - imported : chunk))
    file=$BENCH_DIR/chunk.csv
    "$build/bench/bench_ledger" --csv "$n" --first $((imported + 1)) >"$file"
    [ "$(stat -c %s "$file")" -le $((16 << 20)) ] || die "a chunk of $n rows is over 16 MiB: lower BENCH_CHUNK"
    "$daicho" --as admin ledger import "$file" >/dev/null || die "ledger import of entries $((imported + 1))… failed"
    imported=$((imported + n))
    say "imported $imported entries"
  done
  rm -f "$BENCH_DIR/chunk.csv"
  t1=$(date +%s.%N)
  import_secs=$(python3 -c "import sys; print('%.1f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$t0" "$t1")
}
say "importing $entries entries"
import_to "$entries"
import_main=$import_secs
if [ "${BENCH_WEB_1M:-0}" = 1 ]; then
  for f in "$db" "$db-wal"; do [ -f "$f" ] && cp "$f" "$BENCH_DIR/big.db${f#"$db"}"; done
fi

# ---- the server ----
port=""
start_server() {
  port=$(next_port)
  "$daicho" serve --listen 127.0.0.1 --port "$port" --threads "$server_threads" --access-log off \
    >"$BENCH_DIR/serve.out" 2>"$BENCH_DIR/serve.err" &
  server_pid=$!
  for _ in $(seq 100); do
    grep -q "待ち受け" "$BENCH_DIR/serve.out" 2>/dev/null && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$BENCH_DIR/serve.err" >&2
  die "daicho serve did not start"
}
stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
vm_hwm() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }  # kB
vm_rss() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }  # kB

sign_in() {
  curl -sS -D - -o /dev/null -H 'Content-Type: application/json' \
    --data "{\"login\":\"bench\",\"password\":\"$password\"}" "http://127.0.0.1:$port/api/v1/login" |
    tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(daicho_session=[0-9a-f]*\).*/\1/p' | head -1
}

# What to load: the ledger pages when they exist, else the dashboard.
targets=()
routes=$("$daicho" routes)
if grep -qE '^GET +/ledger +' <<<"$routes" && grep -qE '^GET +/api/v1/ledger +' <<<"$routes"; then
  targets=("/ledger" "/api/v1/ledger")
else
  say "the ledger pages do not exist yet (GET /ledger, /api/v1/ledger): measuring /api/v1/dashboard instead"
  targets=("/api/v1/dashboard")
fi

# run_wrk URL COOKIE SECONDS → the WRK_RESULT line
run_wrk() {
  BENCH_COOKIE=$2 wrk -t"$wrk_threads" -c"$conns" -d"$3s" --timeout 5s -s "$root/bench/web/session.lua" "$1" 2>&1 |
    grep '^WRK_RESULT' || die "wrk gave no result for $1"
}

# The anchor: nginx with a generated configuration, serving saved responses.
start_nginx() {
  nginx_port=$(next_port $((port + 1)))
  mkdir -p "$BENCH_DIR/nginx/www"
  # nginx's workers drop root's rights: they must be able to read the files.
  chmod a+rx "$BENCH_DIR" "$BENCH_DIR/nginx" "$BENCH_DIR/nginx/www"
  sed -e "s#@DIR@#$BENCH_DIR/nginx#g" -e "s#@PORT@#$nginx_port#g" "$root/bench/web/nginx.conf.in" >"$BENCH_DIR/nginx/nginx.conf"
  nginx -p "$BENCH_DIR/nginx" -c "$BENCH_DIR/nginx/nginx.conf" -e "$BENCH_DIR/nginx/nginx-error.log" 2>/dev/null &
  nginx_pid=$!
  echo "$nginx_pid" >"$BENCH_DIR/nginx/www/probe.txt"
  chmod a+r "$BENCH_DIR/nginx/www/probe.txt"
  for _ in $(seq 50); do
    # Our nginx (not whatever else might answer on the port).
    [ "$(curl -s "http://127.0.0.1:$nginx_port/probe.txt")" = "$nginx_pid" ] && return 0
    sleep 0.1
  done
  cat "$BENCH_DIR/nginx/nginx-error.log" >&2 || true
  die "nginx did not start"
}

results=()   # "label|target|WRK_RESULT…"
# measure LABEL SECONDS: every target against daicho and against nginx
measure() {
  local label=$1 secs=$2 cookie target name file url line body_bytes
  cookie=$(sign_in)
  [ -n "$cookie" ] || die "could not sign in"
  for target in "${targets[@]}"; do
    name=$(tr '/' '_' <<<"${target#/}")
    case "$target" in /api/*) file="$name.json" ;; *) file="$name.html" ;; esac
    url="http://127.0.0.1:$port$target"
    status=$(curl -sS -o "$BENCH_DIR/nginx/www/$file" -w '%{http_code}' -H "Cookie: $cookie" "$url")
    [ "$status" = 200 ] || die "GET $target answered $status"
    chmod a+r "$BENCH_DIR/nginx/www/$file"
    body_bytes=$(stat -c %s "$BENCH_DIR/nginx/www/$file")
    rows=$(grep -o 'href="/ledger/[0-9]*"' "$BENCH_DIR/nginx/www/$file" | sort -u | wc -l || true)
    [ "$target" = /api/v1/ledger ] && rows=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["entries"]))' "$BENCH_DIR/nginx/www/$file")
    say "$label: $target ($body_bytes bytes, $rows rows): daicho ${secs}s"
    line=$(run_wrk "$url" "$cookie" "$secs")
    results+=("$label|$target|daicho|$body_bytes|$rows|$line")
    # The anchor answers the same bytes.
    curl -sS -o "$BENCH_DIR/anchor.out" "http://127.0.0.1:$nginx_port/$file"
    cmp -s "$BENCH_DIR/anchor.out" "$BENCH_DIR/nginx/www/$file" || die "nginx does not answer the same bytes for /$file"
    say "$label: $target: nginx ${secs}s"
    line=$(run_wrk "http://127.0.0.1:$nginx_port/$file" "" "$secs")
    results+=("$label|$target|nginx|$body_bytes|$rows|$line")
  done
}

# mem LABEL: the server's memory now, for the report (kB: VmRSS, VmHWM)
mem=()
mem() { mem+=("$1|$(vm_rss "$server_pid")|$(vm_hwm "$server_pid")"); }
# settle: the first housekeeping runs right after the start (sessions, the
# day's notifications): wait until the resident set has not changed for 3 s.
settle() {
  local last=0 same=0 now t
  for t in $(seq 1 300); do
    now=$(vm_rss "$server_pid")
    if [ $((now - last)) -lt 512 ] && [ $((last - now)) -lt 512 ]; then same=$((same + 1)); else same=0; fi
    last=$now
    [ "$same" -ge 3 ] && break
    sleep 1
  done
  settled_after=$t
}
start_server
start_nginx
# One page before signing in: the threads and their database connections exist.
curl -s -o /dev/null "http://127.0.0.1:$port/login"
curl -s -o /dev/null "http://127.0.0.1:$port/healthz"
settle
mem "$entries entries, started, first housekeeping done (${settled_after} s), no sign-in yet"
sign_in >/dev/null
mem "$entries entries, after one sign-in (Argon2id)"
measure "$entries" "$seconds"
mem "$entries entries, after the load"
stop_server

hwm_1m=""
import_1m=""
if [ "${BENCH_WEB_1M:-0}" = 1 ]; then
  # On the copy made before the first server ran: its first start of the day
  # at 1M entries is measured too.
  export DAICHO_DB=$BENCH_DIR/big.db
  say "importing up to $entries_1m entries (several minutes for 1,000,000)"
  import_to "$entries_1m"
  import_1m=$import_secs
  db=$DAICHO_DB
  start_server
  curl -s -o /dev/null "http://127.0.0.1:$port/login"
  curl -s -o /dev/null "http://127.0.0.1:$port/healthz"
  settle
  mem "$entries_1m entries, started, first housekeeping done (${settled_after} s), no sign-in yet"
  measure "$entries_1m" "$seconds_1m"
  mem "$entries_1m entries, after the load"
  hwm_1m=$(vm_hwm "$server_pid")
  stop_server
fi
db_mb=$(du -m "$db" | cut -f1)

# ---- the report ----
BENCH_MEM=$(printf '%s\n' "${mem[@]}") python3 - "$entries" "$import_main" "$entries_1m" "${hwm_1m:-}" "${import_1m:-}" "$db_mb" "$conns" "$wrk_threads" \
  "$server_threads" "$seconds" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(git -C "$root" describe --always --dirty --abbrev=12 2>/dev/null || echo '?')" \
  "$(nginx -v 2>&1 | sed 's/.*: //')" "$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)" "${results[@]}" <<'EOF'
import os, sys
(entries, import_secs, entries_1m, hwm_1m, import_1m, db_mb, conns, wrk_threads, server_threads, seconds, ncpu, load,
 commit, nginx_v, wrk_v) = sys.argv[1:16]
rows = []
for r in sys.argv[16:]:
    label, target, who, nbytes, nrows, line = r.split("|", 5)
    kv = dict(x.split("=") for x in line.split()[1:])
    kv = {k: int(v) for k, v in kv.items()}
    errors = kv["connect"] + kv["read"] + kv["write"] + kv["status"] + kv["timeout"]
    rps = kv["requests"] / (kv["duration_us"] / 1e6)
    rows.append(dict(label=label, target=target, who=who, bytes=int(nbytes), rows=nrows, rps=rps,
                     p50=kv["p50_us"] / 1000, p99=kv["p99_us"] / 1000, max=kv["max_us"] / 1000, errors=errors, kv=kv))
def fmt(n):
    return "{:,}".format(int(n))
print("## Web benchmark (bench/run-web-bench.sh)\n")
print("- commit %s; %s CPUs, load average before the report %s; %s; %s" % (commit, ncpu, load, nginx_v, wrk_v))
print("- daicho serve (Release) --threads %s --access-log off, SQLite; wrk -t%s -c%s -d%ss with the session cookie; "
      "anchor: nginx (2 workers) serving the same bytes as static files" % (server_threads, wrk_threads, conns, seconds))
print("- %s entries imported in %s s (`daicho ledger import`, generated CSV of kitakyushu-external)%s" %
      (fmt(entries), import_secs, ("; up to %s in %s s more" % (fmt(entries_1m), import_1m)) if import_1m else ""))
print()
print("| entries | target | bytes | rows | server | requests/s | p50 ms | p99 ms | max ms | errors |")
print("| ---: | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |")
for r in rows:
    kinds = ", ".join("%s %d" % (k, r["kv"][k]) for k in ("connect", "read", "write", "status", "timeout") if r["kv"][k])
    print("| %s | `%s` | %s | %s | %s | %s | %.2f | %.2f | %.1f | %d%s |" % (fmt(int(r["label"])), r["target"], fmt(r["bytes"]), r["rows"],
          r["who"], fmt(r["rps"]), r["p50"], r["p99"], r["max"], r["errors"], (" (%s)" % kinds) if kinds else ""))
print()
print("| entries | target | daicho ÷ nginx (throughput) | target ≥ 0.50 | p99 ≤ 10 ms | zero errors |")
print("| ---: | --- | ---: | --- | --- | --- |")
ok_all = True
by = {(r["label"], r["target"], r["who"]): r for r in rows}
for (label, target, who), r in by.items():
    if who != "daicho":
        continue
    a = by[(label, target, "nginx")]
    ratio = r["rps"] / a["rps"] if a["rps"] else 0
    c1, c2, c3 = ratio >= 0.5, r["p99"] <= 10, r["errors"] == 0
    ok_all &= c1 and c2 and c3
    print("| %s | `%s` | %.2f | %s | %s (%.2f) | %s (%d) |" % (fmt(int(label)), target, ratio, "yes" if c1 else "**no**",
          "yes" if c2 else "**no**", r["p99"], "yes" if c3 else "**no**", r["errors"]))
print()
print("Memory of the `daicho serve` process (VmRSS now, VmHWM the peak so far):")
print()
print("| when | VmRSS MiB | VmHWM MiB |")
print("| --- | ---: | ---: |")
for line in os.environ.get("BENCH_MEM", "").splitlines():
    when, rss, hwm = line.split("|")
    print("| %s | %.1f | %.1f |" % (when, int(rss) / 1024, int(hwm) / 1024))
print()
if hwm_1m:
    print("- VmHWM at %s entries: %.1f MiB (target ≤ 64 MiB: %s); database %s MB" %
          (fmt(entries_1m), int(hwm_1m) / 1024, "yes" if int(hwm_1m) <= 64 * 1024 else "**no**", db_mb))
else:
    print("- 1,000,000 entries: not measured (BENCH_WEB_1M=1)")
EOF
