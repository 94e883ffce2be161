# Helpers shared by the shell tests that run `daicho serve` on a free port
# and talk to it with curl (tests/web/test_*_web.sh, tests/cli/test_exempt.sh).
# Sourced, after the caller's `set -uo pipefail`, `daicho=$(realpath "$1")`
# and the cd to the source tree:
#   . tests/web/lib.sh
# It sets no shell options (the caller's stay as they are) and every variable
# it reads has a value, so it runs under `set -u`. The defaults below suit
# most tests; a test changes them after sourcing (or for one call, as in
# `serve_log=$tmp/serve2.log start_server`).

. tests/lib/common.sh   # $tmp, the tally (ok, bad, has, lacks, finish), D and daicho_args

# ---- checks of web answers
check_excerpt=   # non-empty: a failed check shows the start of the last answer
# check MESSAGE TEST: TEST is eval'd here, so it sees the caller's variables
# (no locals in this function to shadow them).
check() { if eval "$2"; then ok; else bad "$1${check_excerpt:+ ($(head -c 300 "$http_out" 2>/dev/null))}"; fi; }

# ---- the interpreter and the database
# The interpreter itself, not a version manager's shim (which can take a second a start).
py=$(python3 -c 'import sys; print(sys.executable)')
count() { sqlite3 "$DAICHO_DB" "$1"; }

# ---- the server
free_port() { "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
serve_log=$tmp/serve.log
serve_logs_to=   # non-empty: stop_server appends $serve_log to this file (all runs' output)
settle=0         # seconds to wait once the server listens (its start-up housekeeping)
# start_server [serve options…]: on a free port, its URL in $B. Started
# directly (not through D): $! must be the server itself, or a kill would end
# a subshell and leave the server running. The server prints its
# "待ち受けています" line once the socket listens.
start_server() {
  port=$(free_port)
  B=http://127.0.0.1:$port
  "$daicho" "${daicho_args[@]}" serve --port "$port" "$@" >"$serve_log" 2>&1 &
  server_pid=$!
  for _ in $(seq 50); do
    grep -q '待ち受けています' "$serve_log" 2>/dev/null && break
    sleep 0.1
  done
  [ "$settle" = 0 ] || sleep "$settle"
}
# stop_server: SIGTERM and wait, so that every log line and database page is written.
stop_server() {
  kill "$server_pid" 2>/dev/null
  wait "$server_pid" 2>/dev/null
  server_pid=
  [ -z "$serve_logs_to" ] || cat "$serve_log" >>"$serve_logs_to"
}

# ---- HTTP with curl: one cookie jar per user in $tmp
http_out=$tmp/out   # the body of the last answer
http_hdr=/dev/null  # its headers: a test that checks them sets a file
# login JAR USER [PASSWORD] → the session's CSRF token on stdout (empty if refused)
login() {
  curl -s -c "$tmp/$1" -H 'Content-Type: application/json' -d "{\"login\":\"$2\",\"password\":\"${3:-$PW}\"}" "$B/api/v1/login" |
    "$py" -c 'import json,sys; print(json.load(sys.stdin).get("csrf", ""))'
}
# get JAR PATH → the status
get() { curl -s -D "$http_hdr" -o "$http_out" -w '%{http_code}' -b "$tmp/$1" "$B$2"; }
# post JAR PATH CURL-ARGS… → the status
post() {
  local jar=$1 path=$2
  shift 2
  curl -s -D "$http_hdr" -o "$http_out" -w '%{http_code}' -b "$tmp/$jar" "$@" "$B$path"
}
# json EXPR: a Python expression on the last answer, as d
json() { "$py" -c "import json,sys; d=json.load(open('$http_out')); print($1)"; }
