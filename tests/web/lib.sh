# Helpers shared by the shell tests that run `daicho serve` on a free port
# and talk to it with curl (tests/web/test_*_web.sh, tests/cli/test_exempt.sh).
# Sourced, after the caller's `set -uo pipefail`, `daicho=$(realpath "$1")`
# and the cd to the source tree:
#   . tests/web/lib.sh
# It sets no shell options (the caller's stay as they are) and every variable
# it reads has a value, so it runs under `set -u`. The defaults below suit
# most tests; a test changes them after sourcing (or for one call, as in
# `serve_log=$tmp/serve2.log start_server`).

# ---- the temporary directory, and a server never left running
tmp=$(mktemp -d)
server_pid=
other_pids=      # more background processes to end at exit (e.g. an SMTP sink)
keep_tmp=        # non-empty: keep $tmp for a look afterwards (a test maps its KEEP variable here)
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  local p
  for p in $other_pids; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  if [ -n "$keep_tmp" ]; then echo "kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

# ---- counting: every check ends in ok or bad; finish prints the tally
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
check_excerpt=   # non-empty: a failed check shows the start of the last answer
# check MESSAGE TEST: TEST is eval'd here, so it sees the caller's variables
# (no locals in this function to shadow them).
check() { if eval "$2"; then ok; else bad "$1${check_excerpt:+ ($(head -c 300 "$http_out" 2>/dev/null))}"; fi; }
# has/lacks FILE TEXT MESSAGE: a fixed string, present or absent
has() { grep -qF -- "$2" "$1" && ok || bad "$3: $(basename "$1") lacks '$2'"; }
lacks() { grep -qF -- "$2" "$1" && bad "$3: $(basename "$1") has '$2'" || ok; }
# finish [LABEL [MORE]]: "LABEL: N passed, N failed[, MORE]"; its status is
# the script's exit status when it is the last command.
finish() {
  echo "${1:+$1: }$pass passed, $fail failed${2:+, $2}"
  [ "$fail" -eq 0 ]
}

# ---- the CLI and the database
# The interpreter itself, not a version manager's shim (which can take a second a start).
py=$(python3 -c 'import sys; print(sys.executable)')
daicho_args=()   # options before the command, for D and start_server (e.g. --profile-file)
# shellcheck disable=SC2154 # $daicho is the caller's (realpath of its argument)
D() { "$daicho" "${daicho_args[@]}" "$@"; }
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
