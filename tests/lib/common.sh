# What every shell test shares: a temporary directory removed at exit (and
# no background process left running), the tally of checks, has/lacks and
# the CLI wrapper D. Sourced by tests/cli/lib.sh and tests/web/lib.sh (not
# by a test itself), after the caller's `set -uo pipefail`,
# `daicho=$(realpath "$1")` and the cd to the source tree. Sourcing it a
# second time (a test that uses both libraries) changes nothing.
# It sets no shell options and every variable it reads has a value, so it
# runs under `set -u`.
[ -z "${daicho_test_common:-}" ] || return 0
daicho_test_common=1

# ---- the temporary directory, and no process left running
tmp=$(mktemp -d)
server_pid=      # a `daicho serve` to end at exit (tests/web/lib.sh's start_server)
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
# has/lacks FILE TEXT MESSAGE: a fixed string, present or absent in FILE (a
# path, or without a slash a name in $tmp: `has out …` reads $tmp/out).
# has/lacks TEXT MESSAGE: the same in $tmp/out (the last command's output,
# as tests/cli/lib.sh's expect writes it); a missing string shows its start.
has() {
  if [ $# -eq 2 ]; then
    if grep -qF -- "$1" "$tmp/out"; then ok; else bad "$2: output lacks '$1': $(head -c 400 "$tmp/out")"; fi
    return
  fi
  local f=$1
  [[ $f == */* ]] || f=$tmp/$f
  if grep -qF -- "$2" "$f"; then ok; else bad "$3: $(basename "$f") lacks '$2'"; fi
}
lacks() {
  if [ $# -eq 2 ]; then
    if grep -qF -- "$1" "$tmp/out"; then bad "$2: output has '$1'"; else ok; fi
    return
  fi
  local f=$1
  [[ $f == */* ]] || f=$tmp/$f
  if grep -qF -- "$2" "$f"; then bad "$3: $(basename "$f") has '$2'"; else ok; fi
}
# finish [LABEL [MORE]]: "LABEL: N passed, N failed[, MORE]"; its status is
# the script's exit status when it is the last command.
finish() {
  echo "${1:+$1: }$pass passed, $fail failed${2:+, $2}"
  [ "$fail" -eq 0 ]
}

# ---- the CLI
daicho_args=()   # options before the command, for D (and start_server in tests/web/lib.sh), e.g. --profile-file
# shellcheck disable=SC2154 # $daicho is the caller's (realpath of its argument)
D() { "$daicho" "${daicho_args[@]}" "$@"; }
