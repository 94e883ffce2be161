# Helpers shared by the shell tests of the CLI (tests/cli/test_*.sh; not
# test_cli.sh). Sourced, after the caller's `set -uo pipefail`,
# `daicho=$(realpath "$1")` and the cd to the source tree:
#   . tests/cli/lib.sh
# From tests/lib/common.sh: $tmp (removed at exit), ok/bad, has/lacks,
# finish [LABEL] (the last line, "LABEL: N passed, N failed") and D (the CLI).
# Below: three ways to run a command and check its exit status (expect,
# code, run), each leaving its output in $tmp/out, and empty.

. tests/lib/common.sh

# exits WANT COMMAND…: runs COMMAND with stdout in $tmp/out and stderr in
# $tmp/err; true when it exits WANT. Its status goes to $got (the caller's
# local).
exits() {
  local want=$1
  shift
  "$@" >"$tmp/out" 2>"$tmp/err"
  got=$?
  [ "$got" = "$want" ]
}
# merged COMMAND…: COMMAND with its stderr in its stdout (in order).
merged() { "$@" 2>&1; }

# expect CODE DESCRIPTION -- COMMAND…: stdout and stderr together in $tmp/out
# (for has/lacks TEXT MESSAGE); a failure shows the start of the output.
expect() {
  local want=$1 what=$2 got
  shift 3
  if exits "$want" merged "$@"; then ok; else bad "$what: exit $got, want $want: $(head -c 400 "$tmp/out")"; fi
}
# code WANT DESCRIPTION COMMAND…: a failure shows the start of stderr.
code() {
  local want=$1 what=$2 got
  shift 2
  if exits "$want" "$@"; then ok; else bad "$what: exit $got, want $want ($(head -c 300 "$tmp/err"))"; fi
}
# run DESCRIPTION WANT COMMAND…: a failure shows stderr and stdout, indented.
run() {
  local name=$1 want=$2 got
  shift 2
  if exits "$want" "$@"; then ok; else bad "$name: exit $got, expected $want"; sed 's/^/  | /' "$tmp/err" "$tmp/out" >&2; fi
}
# empty NAME DESCRIPTION: $tmp/NAME is empty (a refusal printed nothing there).
empty() { if [ ! -s "$tmp/$1" ]; then ok; else bad "$2: $1 is not empty"; head -5 "$tmp/$1" >&2; fi; }
