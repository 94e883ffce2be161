#!/usr/bin/env bash
# CLI contract (DESIGN.md "Evaluation contract", docs/cli.md): exit status
# 0/1/2, errors naming file:line:col or the field, nothing on stdout when the
# input is bad, profiles compiled in. Usage: test_cli.sh PATH/TO/daicho
set -uo pipefail
daicho=$(realpath "$1")
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

# run NAME EXPECTED_EXIT CMD… — captures stdout/stderr in $tmp/out, $tmp/err
run() {
  local name=$1 want=$2
  shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" -eq "$want" ]; then ok; else bad "$name: exit $got, expected $want"; sed 's/^/  | /' "$tmp/err" >&2; fi
}
has() { grep -qF -- "$2" "$tmp/$1" && ok || bad "$3: $1 lacks '$2'"; }
empty() { [ ! -s "$tmp/$1" ] && ok || { bad "$2: $1 is not empty"; head -5 "$tmp/$1" >&2; }; }
json_ok() { python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out" && ok || bad "$1: stdout is not valid JSON"; }

app='{"service": {"name": "会議システムX", "category": "web_meeting"}, "information": {"confidentiality": "%s"}%s}'

# --- profiles are compiled in: the binary works with no files beside it
mkdir "$tmp/alone" && cp "$daicho" "$tmp/alone/daicho"
(cd "$tmp/alone" && ./daicho profiles >"$tmp/out" 2>"$tmp/err") && ok || bad "profiles from an empty directory"
for id in kitakyushu-external kitakyushu-cloud otokuni tokyo-edu; do has out "$id" "profiles lists $id"; done
empty err "built-in profiles load without warnings"
run "profiles --json" 0 "$daicho" profiles --json
json_ok "profiles --json"

# --- profile show: text and JSON, every profile
for id in kitakyushu-external kitakyushu-cloud otokuni tokyo-edu; do
  run "profile show $id" 0 "$daicho" profile show "$id"
  has out "■ 要件" "profile show $id"
  run "profile show $id --json" 0 "$daicho" profile show "$id" --json
  json_ok "profile show $id --json"
done
run "profile show unknown" 2 "$daicho" profile show nowhere
has err "unknown profile 'nowhere'" "unknown profile is named"
empty out "unknown profile writes nothing"

# --- evaluate: otokuni 3.1(4) blocks an overseas data centre (exit 1)
printf '{"service": {"name": "S", "category": "cloud", "data_locations": ["JP", "US"]}, "information": {"confidentiality": "2"}}' >"$tmp/overseas.json"
run "evaluate otokuni overseas" 1 "$daicho" evaluate --profile otokuni "$tmp/overseas.json"
has out "3.1(4)" "blocked decision cites the clause"
has out "利用できません" "readable verdict in Japanese"
run "evaluate otokuni overseas --json" 1 "$daicho" evaluate --profile otokuni --json "$tmp/overseas.json"
json_ok "evaluate --json"
has out '"verdict": "blocked"' "JSON verdict"
has out '"rule": "domestic-only"' "JSON finding names the rule"
# the same service with data only in Japan: nothing blocks (exit 0)
printf '{"service": {"name": "S", "category": "cloud", "data_locations": ["JP"], "governing_law": "JP", "court": "JP"}, "information": {"confidentiality": "2"}}' >"$tmp/domestic.json"
run "evaluate otokuni domestic" 0 "$daicho" evaluate --profile otokuni --json "$tmp/domestic.json"
has out '"verdict": "needs_review"' "domestic application still needs its requirements answered"

# --- stdin and the contract's decision fields
printf "$app" "B" "" | "$daicho" evaluate --profile tokyo-edu --json - >"$tmp/out" 2>"$tmp/err" && ok || bad "evaluate from stdin"
for f in profile profile_version track applicant_role approver_role administrator exempt verdict findings requirements \
         risks_to_accept ledger_fields missing_fields; do
  has out "\"$f\":" "decision field $f"
done
has out '"track": "important"' "tokyo-edu B is the important track (3.1)"
has out '"approver_role": "サイバーセキュリティ局統括責任者"' "tokyo-edu A/B approver (6)"
printf "$app" "C" "" | "$daicho" evaluate --profile tokyo-edu --json >"$tmp/out" 2>"$tmp/err" && ok || bad "stdin without '-'"
has out '"approver_role": "サイバーセキュリティ局責任者（' "tokyo-edu C approver (6)"

# --- bad input: exit 2, the error names where, stdout stays empty
printf '{\n  "service": {"name": "S",,\n}' >"$tmp/broken.json"
run "malformed JSON" 2 "$daicho" evaluate --profile otokuni "$tmp/broken.json"
has err "broken.json:2:" "malformed JSON names line"
has err "JSON syntax error" "malformed JSON says so"
empty out "malformed JSON writes nothing"
printf "$app" "B" ', "colour": "red"' >"$tmp/unknown.json"
run "unknown field" 2 "$daicho" evaluate --profile tokyo-edu "$tmp/unknown.json"
has err "colour: unknown field (allowed:" "unknown field is named with the allowed ones"
empty out "unknown field writes nothing"
printf "$app" "2" "" >"$tmp/wrongclass.json"
run "class code of another profile" 2 "$daicho" evaluate --profile tokyo-edu "$tmp/wrongclass.json"
has err "information.confidentiality: '2' is not allowed (allowed: \"A\"" "class code error lists allowed codes"
run "missing file" 2 "$daicho" evaluate --profile otokuni "$tmp/nope.json"
has err "nope.json" "missing file is named"
run "no profile" 2 "$daicho" evaluate "$tmp/domestic.json"
has err "--profile ID is required" "missing --profile is explained"
run "unknown command" 2 "$daicho" frobnicate
run "unknown option" 2 "$daicho" evaluate --profile otokuni --fast "$tmp/domestic.json"

# --- --profile-file: a local variant profile, validated all-or-nothing
cp tests/fixtures/operators.yaml "$tmp/variant.yaml"
printf '{"service": {"name": "S", "category": "cloud", "data_locations": ["US"]}, "information": {"confidentiality": "A"}}' >"$tmp/variant-app.json"
run "evaluate with --profile-file" 1 "$daicho" --profile-file "$tmp/variant.yaml" evaluate "$tmp/variant-app.json"
has out "[operators]" "the variant profile was used"
run "profile check ok" 0 "$daicho" profile check "$tmp/variant.yaml"
sed 's/op: subset_of/op: within/' tests/fixtures/operators.yaml >"$tmp/badop.yaml"
run "profile check unknown operator" 2 "$daicho" profile check "$tmp/badop.yaml"
has err "badop.yaml:" "profile error names the file"
has err "unknown operator 'within'" "profile error names the operator"
run "--profile-file broken" 2 "$daicho" --profile-file "$tmp/badop.yaml" profiles
empty out "a broken --profile-file stops before any output"
for f in profiles/*.yaml; do run "profile check $f" 0 "$daicho" profile check "$f"; done

# --- examples evaluate with the exit status their README promises
for dir in examples/*/; do
  id=$(basename "$dir")
  for f in "$dir"*.json; do
    [ -e "$f" ] || continue
    case "$f" in *blocked*) want=1 ;; *) want=0 ;; esac
    run "example $f" "$want" "$daicho" evaluate --profile "$id" "$f"
    case "$f" in *ready*)
      "$daicho" evaluate --profile "$id" --json "$f" >"$tmp/out" 2>&1
      has out '"verdict": "ready"' "example $f is ready" ;;
    esac
  done
done

# --- the store from the command line: a database that is gone or unreachable → exit 3,
# a clear message, nothing created (issue #3 "Bad input and faults")
run "missing database" 3 "$daicho" --db "$tmp/none.db" --as x ledger list
has err "daicho init" "missing database names daicho init"
[ ! -e "$tmp/none.db" ] && ok || bad "a missing database must not be created by a read"
run "unreachable PostgreSQL" 3 "$daicho" --db "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2" --as x ledger list
empty out "unreachable PostgreSQL writes nothing to stdout"
printf 'not a database' >"$tmp/junk.db"
run "not a database" 3 "$daicho" --db "$tmp/junk.db" --as x ledger list

# --- a short procedure: wrong role refused (exit 2, nothing written), right role approves
export DAICHO_DB="$tmp/w.db"
run "init" 0 "$daicho" init
run "org create" 0 "$daicho" org create city --name 市 --profile kitakyushu-external --admin admin --admin-name 管理者
run "user add staff" 0 "$daicho" --as admin user add st --name 職員 --department 総務課 --role staff
run "user add head" 0 "$daicho" --as admin user add hd --name 課長 --department 総務課 --title 課長 --role section_head
run "user add by non-admin" 2 "$daicho" --as st user add zz --name 誰か --role staff
run "unknown role" 2 "$daicho" --as admin user add zz --name 誰か --role mayor
has err "section_head" "unknown role lists the allowed roles"
run "apply" 0 "$daicho" --as st apply --json examples/kitakyushu-external/ordinary-ready.json
has out '"state":"draft"' "apply --json"
run "submit" 0 "$daicho" --as st submit 1
before=$("$daicho" --as admin audit log --json --limit 1000 | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
run "approve by the applicant (staff) — 5.1(2)" 2 "$daicho" --as st decide 1 approve --accept-risks
has err "[5.1(2)]" "wrong-role refusal names the clause"
run "approve without the risks — 4.1(2)" 2 "$daicho" --as hd decide 1 approve
after=$("$daicho" --as admin audit log --json --limit 1000 | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$before" = "$after" ] && ok || bad "refused decisions must write nothing ($before → $after events)"
run "approve" 0 "$daicho" --as hd decide 1 approve --accept-risks --json
has out '"ledger_number":1' "approval creates ledger entry 1"
run "ledger search 2 chars" 0 "$daicho" --as hd ledger list --q 翻訳 --json
has out '"total":1' "two-character search finds the entry"
run "ledger export" 0 "$daicho" --as hd ledger export --output "$tmp/l.csv"
head -c 3 "$tmp/l.csv" | od -An -tx1 | grep -q "ef bb bf" && ok || bad "CSV export starts with a UTF-8 BOM"
grep -q $'\r$' "$tmp/l.csv" && ok || bad "CSV export uses CRLF"
# A formula in a text field is written to CSV as text (leading apostrophe: no formula injection
# in Excel) and imported back exactly; the import is all rows or none.
run "ledger change to a formula-like purpose" 0 "$daicho" --as hd ledger change 1 --set 'purpose==HYPERLINK("http://x")' --reason test
run "ledger export guarded" 0 "$daicho" --as hd ledger export --output "$tmp/g.csv"
grep -q "'=HYPERLINK" "$tmp/g.csv" && ok || bad "formula-like cell is guarded with an apostrophe"
run "audit verify" 0 "$daicho" audit verify
export DAICHO_DB="$tmp/w2.db"
"$daicho" init >/dev/null && "$daicho" org create c2 --name 市 --profile kitakyushu-external --admin a --admin-name 管理者 >/dev/null
run "ledger import round trip" 0 "$daicho" --as a ledger import "$tmp/g.csv"
run "imported entry" 0 "$daicho" --as a ledger show 1 --json
has out '=HYPERLINK(\"http://x\")' "imported purpose is the original text"
# Imported entries are indexed for search at the end of the import (store_ledger_index_from):
# found by a two-character word (bigram index) and a longer one (trigram index).
run "search imported, 2 chars" 0 "$daicho" --as a ledger list --q 翻訳 --json
has out '"total":1' "an imported entry is found by a two-character word"
run "search imported, 5 chars" 0 "$daicho" --as a ledger list --q HYPER --json
has out '"total":1' "an imported entry is found by a longer word"
run "search imported, no match" 0 "$daicho" --as a ledger list --q 存在しない語 --json
has out '"total":0' "a word not in the imported entry finds nothing"
sed 's/2026-04-01/2026-02-30/' "$tmp/g.csv" >"$tmp/bad.csv"
run "ledger import bad date" 2 "$daicho" --as a ledger import "$tmp/bad.csv"
has err "bad.csv:2: usage_period.from" "bad row named by file:line and field"
run "nothing imported" 0 "$daicho" --as a ledger list --json
has out '"total":1' "a refused import adds nothing"
unset DAICHO_DB

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
