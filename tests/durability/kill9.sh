#!/usr/bin/env bash
# Durability under kill -9 (see tests/durability/README.md).
#
#   kill9.sh DAICHO_BINARY [DB_URL]
#
# DB_URL: default a fresh SQLite file in a temporary directory; a
# postgresql://… URL is wiped first (DROP SCHEMA public CASCADE) and used.
# Environment: KILL9_SECONDS (default 20) how long the killer runs,
# KILL9_WRITERS (default 4), KILL9_KEEP=1 keep the work directory.
#
# W writers loop apply → submit → decide approve, each step its own daicho
# process; a step that exits 0 has been reported committed to its client, and
# only then is it appended to the writer's success log. One reader loops
# ledger list / audit verify. A killer sends SIGKILL to a random running daicho
# process of this test every 20–200 ms. Afterwards every logged success must
# be in the database, PRAGMA integrity_check must say ok (SQLite), the audit
# chain must verify, and the audit log and the data must agree.
set -uo pipefail

die() { echo "kill9: $*" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || die "usage: kill9.sh DAICHO_BINARY [DB_URL]"
daicho=$(realpath "$1") || die "no binary $1"
[ -x "$daicho" ] || die "$daicho is not executable"
src=$(cd "$(dirname "$0")/../.." && pwd)
example=$src/examples/kitakyushu-external/ordinary-ready.json
[ -f "$example" ] || die "missing $example"
command -v python3 >/dev/null || die "python3 is needed"

t0=$(date +%s.%N)
seconds=${KILL9_SECONDS:-20}
writers=${KILL9_WRITERS:-4}
[[ $seconds =~ ^[1-9][0-9]*$ ]] || die "KILL9_SECONDS must be a whole number of seconds"
[[ $writers =~ ^[1-9][0-9]*$ ]] || die "KILL9_WRITERS must be a positive number"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/daicho-kill9.XXXXXXXX") || die "mktemp failed"
# Every daicho process of this test runs with argv[0] = $tag: before it
# signals a PID a writer or the reader recorded, the killer checks that
# /proc/PID/cmdline still starts with the tag, so it never hits anything else.
tag="daicho-kill9-${tmp##*.}"
url=${2:-$tmp/d.db}
case $url in
  postgres://* | postgresql://*) backend=postgres ;;
  *) backend=sqlite ;;
esac

bg_pids=()
failed=0
cleanup() {
  local p
  for p in "${bg_pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  if [ "$failed" -ne 0 ] || [ "${KILL9_KEEP:-0}" = 1 ]; then
    echo "kill9: work directory kept: $tmp" >&2
  else
    rm -rf "$tmp"
  fi
}
trap cleanup EXIT
trap 'failed=1; exit 130' INT TERM

# A private copy of the binary: a rebuild while the test runs (the build
# relinks it in place) must not turn into failed steps.
cp "$daicho" "$tmp/daicho" || { failed=1; die "cannot copy $daicho"; }
daicho=$tmp/daicho

# dc ARGS… — one daicho process of this test (argv[0] = $tag).
dc() { (exec -a "$tag" "$daicho" --db "$url" "$@"); }

setup_fail() { failed=1; echo "kill9: FAIL: setup: $*" >&2; sed 's/^/  | /' "$tmp/setup.err" >&2; exit 1; }

# --- a fresh database, an organization and its users
if [ "$backend" = postgres ]; then
  command -v psql >/dev/null || die "psql is needed for a PostgreSQL URL"
  psql "$url" -qX -v ON_ERROR_STOP=1 -c 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;' \
    >"$tmp/setup.err" 2>&1 || setup_fail "cannot wipe $url"
else
  command -v sqlite3 >/dev/null || die "sqlite3 is needed for a SQLite database"
fi
dc init >/dev/null 2>"$tmp/setup.err" || setup_fail "daicho init"
echo password123 | dc org create city --name 市 --profile kitakyushu-external --admin admin --admin-name 管理者 \
  --password-stdin >/dev/null 2>"$tmp/setup.err" || setup_fail "org create"
dc --as admin user add staff1 --name 職員一 --department 総務課 --title 主事 --role staff \
  >/dev/null 2>"$tmp/setup.err" || setup_fail "user add staff1"
dc --as admin user add head1 --name 課長一 --department 総務課 --title 課長 --role section_head \
  >/dev/null 2>"$tmp/setup.err" || setup_fail "user add head1"
# The application with a placeholder service function; each writer's
# iteration substitutes its own (5.2(1)①: one application per service function).
python3 - "$example" "$tmp/template.json" <<'EOF' || { failed=1; die "cannot make the template"; }
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["service"]["function"] = "@@FUNCTION@@"
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
EOF

# --- writers
# Files per writer w: w.ok ("ID apply FUNCTION" | "ID submit" | "ID approve LEDGER_NUMBER",
# appended only after the step exited 0), w.steps ("STEP RC" for every
# attempt), w.unexpected (stderr of steps that failed other than by SIGKILL or
# busy), w.shell (the shell's own "Killed" notices), w.pid (the PID of the
# running step, for the killer; empty between steps).
# step W STEP ARGS… — run one step, record it in w.steps; sets $rc.
step() {
  local w=$1 name=$2 pid
  shift 2
  # In the background only to learn its PID ($! is daicho itself: the
  # subshell execs it); the writer waits for it at once.
  (exec -a "$tag" "$daicho" --db "$url" "$@") >"$tmp/$w.out" 2>"$tmp/$w.err" &
  pid=$!
  echo "$pid" >"$tmp/$w.pid"
  wait "$pid"
  rc=$?
  : >"$tmp/$w.pid"
  echo "$name $rc" >>"$tmp/$w.steps"
  case $rc in
    0 | 3 | 137) ;;
    *) { echo "== $name exit $rc: daicho $*"; cat "$tmp/$w.err"; } >>"$tmp/$w.unexpected" ;;
  esac
}
writer() {
  local w=$1 i=0 id fn ledger
  local app=$tmp/$w.app.json
  while [ ! -e "$tmp/stop" ]; do
    i=$((i + 1))
    fn="機能-$w-$i"
    sed "s/@@FUNCTION@@/$fn/" "$tmp/template.json" >"$app"
    step "$w" apply --as staff1 apply "$app" --json
    [ "$rc" -eq 0 ] || continue
    id=
    [[ $(<"$tmp/$w.out") =~ \"id\":[[:space:]]*([0-9]+) ]] && id=${BASH_REMATCH[1]}
    if [ -z "$id" ]; then
      { echo "== apply exit 0 but no id on stdout:"; cat "$tmp/$w.out"; } >>"$tmp/$w.unexpected"
      continue
    fi
    echo "$id apply $fn" >>"$tmp/$w.ok"
    step "$w" submit --as staff1 submit "$id" --json
    [ "$rc" -eq 0 ] || continue
    echo "$id submit" >>"$tmp/$w.ok"
    step "$w" approve --as head1 decide "$id" approve --accept-risks --json
    [ "$rc" -eq 0 ] || continue
    ledger=
    [[ $(<"$tmp/$w.out") =~ \"ledger_number\":[[:space:]]*([1-9][0-9]*) ]] && ledger=${BASH_REMATCH[1]}
    if [ -z "$ledger" ]; then
      { echo "== approve of $id exit 0 but no ledger number on stdout:"; cat "$tmp/$w.out"; } >>"$tmp/$w.unexpected"
      continue
    fi
    echo "$id approve $ledger" >>"$tmp/$w.ok"
  done
}
# The reader: ledger list and audit verify while everything else happens.
# Allowed: 0, 3 (database busy) and 137 (killed).
reader() {
  while [ ! -e "$tmp/stop" ]; do
    step reader list --as head1 ledger list
    step reader verify audit verify
  done
}

start=$(date +%s.%N)
for w in $(seq 1 "$writers"); do
  writer "w$w" 2>>"$tmp/w$w.shell" &
  bg_pids+=($!)
done
reader 2>>"$tmp/reader.shell" &
bg_pids+=($!)

# --- the killer, in the foreground
sent=0
idle=0
gone=0
rounds=0
end=$((SECONDS + seconds))
while [ "$SECONDS" -lt "$end" ]; do
  rounds=$((rounds + 1))
  printf -v pause '0.%03d' $((20 + RANDOM % 181))
  sleep "$pause"
  # The running daicho processes of this test (builtins only: the killer
  # must keep its pace on a loaded machine).
  pids=()
  for f in "$tmp"/*.pid; do
    p=
    read -r p 2>/dev/null <"$f" || continue
    a0=
    [ -n "$p" ] && read -r -d '' a0 2>/dev/null <"/proc/$p/cmdline"
    [ "$a0" = "$tag" ] && pids+=("$p")
  done
  if [ "${#pids[@]}" -eq 0 ]; then
    idle=$((idle + 1))
    continue
  fi
  if kill -KILL "${pids[RANDOM % ${#pids[@]}]}" 2>/dev/null; then sent=$((sent + 1)); else gone=$((gone + 1)); fi
done
touch "$tmp/stop"
for p in "${bg_pids[@]}"; do wait "$p"; done
bg_pids=()
load_end=$(date +%s.%N)

# --- the checks, with nothing else running
fails=()
fail() { fails+=("$*"); echo "kill9: FAIL: $*" >&2; }
checks=0
pass() { checks=$((checks + 1)); }

cat "$tmp"/w*.ok 2>/dev/null >"$tmp/all.ok"
for f in "$tmp"/*.unexpected; do
  [ -e "$f" ] || continue
  who=$(basename "$f" .unexpected)
  n=$(grep -c '^== ' "$f")
  if [ "$who" = reader ]; then
    fail "reader: $n reads (ledger list / audit verify while the writers ran) failed with an exit status other than 0, 3 = busy, 137 = killed:"
  else
    fail "writer $who: $n steps failed with an exit status other than 0, 3 = busy, 137 = killed:"
  fi
  sed 's/^/  | /' "$f" | head -40 >&2
done
[ ${#fails[@]} -eq 0 ] && pass

# (1) every change the client was told had succeeded is there
dumps_ok=1
dc --as head1 apply list --json >"$tmp/apps.json" 2>"$tmp/check.err" || { dumps_ok=0; fail "apply list failed: $(cat "$tmp/check.err")"; }
dc --as head1 ledger list --limit 100000 --json >"$tmp/ledger.json" 2>"$tmp/check.err" || { dumps_ok=0; fail "ledger list failed: $(cat "$tmp/check.err")"; }
dc --as admin audit log --limit 1000000 --json >"$tmp/audit.json" 2>"$tmp/check.err" || { dumps_ok=0; fail "audit log failed: $(cat "$tmp/check.err")"; }
if [ "$dumps_ok" -eq 1 ]; then
  # Prints "ID LEDGER_NUMBER" for every approval the client was told of
  # (checked below one by one with apply show / ledger show), the lost changes
  # as "LOST: …" and the disagreements between the data and the audit log as
  # "AUDIT: …" (exit 1 if any).
  python3 - "$tmp/all.ok" "$tmp/apps.json" "$tmp/ledger.json" "$tmp/audit.json" >"$tmp/approved.txt" 2>"$tmp/lost.txt" <<'EOF'
import json, sys
okf, appsf, ledgerf, auditf = sys.argv[1:5]
apps = {a["id"]: a for a in json.load(open(appsf, encoding="utf-8"))}
led = json.load(open(ledgerf, encoding="utf-8"))
entries = {e["number"]: e for e in led["entries"]}
problems = []
if len(apps) >= 1000:
    problems.append("apply list stops at 1000 applications: run shorter (KILL9_SECONDS) or with fewer writers")
if len(entries) != led["total"]:
    problems.append(f"LOST: ledger list returned {len(entries)} of {led['total']} entries")
rank = {"draft": 0, "submitted": 1, "approved": 2}
want = {"apply": 0, "submit": 1, "approve": 2}
told = {}
told_rank = {}
for line in open(okf, encoding="utf-8"):
    f = line.split()
    if not f:
        continue
    n, what = int(f[0]), f[1]
    told_rank[n] = max(told_rank.get(n, -1), want[what])
    a = apps.get(n)
    if a is None:
        problems.append(f"LOST: application {n} ({what} reported committed) does not exist")
        continue
    if a["state"] not in rank or rank[a["state"]] < want[what]:
        problems.append(f"LOST: application {n}: {what} reported committed, but its state is {a['state']}")
    if what == "apply" and a["function"] != f[2]:
        problems.append(f"LOST: application {n} should be function {f[2]}, is {a['function']}")
    if what == "approve":
        m = int(f[2])
        told[n] = m
        e = entries.get(m)
        if not a.get("ledger_entry_id"):
            problems.append(f"LOST: application {n} approved (ledger {m}) but has no ledger_entry_id")
        if e is None:
            problems.append(f"LOST: application {n} approved, but ledger entry {m} does not exist")
        elif e["function"] != a["function"]:
            problems.append(f"LOST: ledger entry {m} is function {e['function']}, application {n} is {a['function']}")
for n, m in sorted(told.items()):
    print(n, m)
# Changes committed although their client never heard so (killed between
# COMMIT and exit): allowed, and a sign the kills landed near commits.
unheard = [0, 0, 0]
for n, a in apps.items():
    for r in range(rank.get(a["state"], -1) + 1):
        if r > told_rank.get(n, -1):
            unheard[r] += 1
with open(okf + ".unheard", "w") as u:
    print(*unheard, file=u)

# The audit log and the data must agree: each committed change has its event
# (written in the same transaction) and each event's change is committed.
ev = {}
for e in json.load(open(auditf, encoding="utf-8")):
    ev.setdefault((e["action"], e["object"]), []).append(e)
def has(action, obj):
    return len(ev.get((action, obj), []))
for n, a in apps.items():
    obj = f"application:{n}"
    if has("application.create", obj) != 1:
        problems.append(f"AUDIT: application {n} has {has('application.create', obj)} application.create events")
    r = rank.get(a["state"], -1)
    if r >= 1 and has("application.submit", obj) != 1:
        problems.append(f"AUDIT: application {n} is {a['state']} with {has('application.submit', obj)} application.submit events")
    if r < 1 and has("application.submit", obj):
        problems.append(f"AUDIT: application {n} is {a['state']} but has an application.submit event")
    if (r == 2) != (has("application.approve", obj) == 1) or has("application.approve", obj) > 1:
        problems.append(f"AUDIT: application {n} is {a['state']} with {has('application.approve', obj)} application.approve events")
for (action, obj), es in ev.items():
    if obj.startswith("application:") and int(obj.split(":")[1]) not in apps:
        problems.append(f"AUDIT: {action} of {obj}, which does not exist")
approved = {a["ledger_entry_id"] for a in apps.values() if a["state"] == "approved"}
for m, e in entries.items():
    c = ev.get(("ledger.create", f"ledger:{m}"), [])
    if len(c) != 1:
        problems.append(f"AUDIT: ledger entry {m} has {len(c)} ledger.create events")
for (action, obj), es in ev.items():
    if action == "ledger.create" and int(obj.split(":")[1]) not in entries:
        problems.append(f"AUDIT: ledger.create of {obj}, which does not exist")
if len(entries) != len(approved):
    problems.append(f"AUDIT: {len(entries)} ledger entries but {len(approved)} approved applications")
for p in problems:
    print(p, file=sys.stderr)
sys.exit(1 if problems else 0)
EOF
  case $? in
    0) pass ;;
    *) fail "committed changes lost or not matching the audit log:"; sed 's/^/  | /' "$tmp/lost.txt" | head -60 >&2 ;;
  esac
  # The approvals one by one, as a client would look: apply show has the
  # ledger entry, ledger show finds it.
  mkdir -p "$tmp/show"
  while read -r id m; do
    dc --as head1 apply show "$id" --json >"$tmp/show/app.$id.json" 2>>"$tmp/show/err" ||
      fail "apply show $id (approved, ledger $m): exit $?: $(tail -n 1 "$tmp/show/err")"
    dc --as head1 ledger show "$m" --json >"$tmp/show/ledger.$m.json" 2>>"$tmp/show/err" ||
      fail "ledger show $m (application $id): exit $?: $(tail -n 1 "$tmp/show/err")"
  done <"$tmp/approved.txt"
  if python3 - "$tmp/approved.txt" "$tmp/show" <<'EOF2'; then pass; else fail "apply show / ledger show disagree with what the client was told (above)"; fi
import json, sys
bad = 0
for line in open(sys.argv[1]):
    n, m = line.split()
    try:
        a = json.load(open(f"{sys.argv[2]}/app.{n}.json", encoding="utf-8"))
        e = json.load(open(f"{sys.argv[2]}/ledger.{m}.json", encoding="utf-8"))
    except (OSError, ValueError) as x:
        print(f"kill9: application {n} / ledger {m}: {x}", file=sys.stderr); bad += 1; continue
    if a.get("state") != "approved" or not a.get("ledger_entry_id"):
        print(f"kill9: apply show {n}: state {a.get('state')}, ledger_entry_id {a.get('ledger_entry_id')}", file=sys.stderr); bad += 1
    if e.get("number") != int(m) or e.get("function") != a.get("function"):
        print(f"kill9: ledger show {m}: number {e.get('number')}, function {e.get('function')} (application {n}: {a.get('function')})", file=sys.stderr); bad += 1
sys.exit(1 if bad else 0)
EOF2
fi

# (2) the SQLite file is sound
if [ "$backend" = sqlite ]; then
  ic=$(sqlite3 "$url" 'PRAGMA integrity_check' 2>&1)
  [ "$ic" = ok ] && pass || fail "PRAGMA integrity_check: $ic"
  fk=$(sqlite3 "$url" 'PRAGMA foreign_key_check' 2>&1)
  [ -z "$fk" ] && pass || fail "PRAGMA foreign_key_check: $fk"
fi

# (3) the audit chain is whole
if dc audit verify >"$tmp/verify.out" 2>"$tmp/verify.err"; then
  pass
  if grep -q '^== verify exit 1' "$tmp/reader.unexpected" 2>/dev/null; then
    fail "audit verify reported a broken chain while the writers ran, yet passes now that they have stopped:" \
      "verify does not read the chain as one consistent snapshot (the reader's failures above), the chain itself is whole"
  fi
else
  fail "daicho audit verify: $(cat "$tmp/verify.out" "$tmp/verify.err")"
fi

# (4) the test did something
# count STEP RC FILE… — how many attempts of STEP ended with RC
count() { local s=$1 r=$2; shift 2; cat "$@" 2>/dev/null | awk -v s="$s" -v r="$r" '$1 == s && $2 == r' | wc -l; }
declare -A ok_n killed_n busy_n
killed_total=0
busy_total=0
for step_name in apply submit approve; do
  ok_n[$step_name]=$(awk -v s="$step_name" '$2 == s' "$tmp/all.ok" | wc -l)
  killed_n[$step_name]=$(count "$step_name" 137 "$tmp"/w*.steps)
  busy_n[$step_name]=$(count "$step_name" 3 "$tmp"/w*.steps)
  killed_total=$((killed_total + killed_n[$step_name]))
  busy_total=$((busy_total + busy_n[$step_name]))
done
reader_killed=$(($(count list 137 "$tmp/reader.steps") + $(count verify 137 "$tmp/reader.steps")))
reader_busy=$(($(count list 3 "$tmp/reader.steps") + $(count verify 3 "$tmp/reader.steps")))
reader_runs=$(wc -l <"$tmp/reader.steps" 2>/dev/null || echo 0)
successes=$((ok_n[apply] + ok_n[submit] + ok_n[approve]))
[ "$killed_total" -gt 0 ] && pass || fail "no writer step was killed: the test proved nothing (SIGKILLs sent: $sent)"
[ "$successes" -gt 0 ] && pass || fail "no step succeeded: the test proved nothing"

check_end=$(date +%s.%N)
times=$(python3 -c "import sys; a, b, c, d = map(float, sys.argv[1:]); print(f'{c - b:.1f}s under fire, setup {b - a:.1f}s, checks {d - c:.1f}s')" \
  "$t0" "$start" "$load_end" "$check_end")
echo "kill9 ($backend): $writers writers, $times (KILL9_SECONDS=$seconds)"
echo "  killer: $rounds rounds, SIGKILLs sent: $sent (nothing running: $idle, exited before the signal: $gone)"
echo "  died of SIGKILL: $killed_total writer steps" \
  "(apply ${killed_n[apply]}, submit ${killed_n[submit]}, approve ${killed_n[approve]}), $reader_killed reader runs"
echo "  committed as reported to the client: apply ${ok_n[apply]}, submit ${ok_n[submit]}, approve ${ok_n[approve]}"
[ -s "$tmp/all.ok.unheard" ] && read -r uh_apply uh_submit uh_approve <"$tmp/all.ok.unheard" &&
  echo "  committed but never reported (killed between COMMIT and exit): apply $uh_apply, submit $uh_submit, approve $uh_approve"
echo "  database busy (exit 3, client told it failed): $busy_total writer steps" \
  "(apply ${busy_n[apply]}, submit ${busy_n[submit]}, approve ${busy_n[approve]}), $reader_busy of $reader_runs reader runs"
echo "  checks passed: $checks, failed: ${#fails[@]}"
if [ ${#fails[@]} -ne 0 ]; then
  failed=1
  echo "kill9: FAILED:" >&2
  for f in "${fails[@]}"; do echo "  - $f" >&2; done
  exit 1
fi
echo "kill9: ok — nothing reported committed was lost, the database and the audit chain are whole"
