#!/usr/bin/env bash
# daicho meeting (kitakyushu 6; docs/meetings.md): exit status 0/1/2 like
# `evaluate`, Japanese text and JSON, the 6.4 examples, saving (audited),
# list and show, and organizations whose standard has no section 6.
# Usage: test_meeting.sh PATH/TO/daicho
set -uo pipefail
daicho=$(realpath "$1")
cd "$(dirname "$0")/../.."
. tests/cli/lib.sh   # $tmp, the tally, has/lacks, expect/code/run, D, finish
jq_() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$tmp/out"; }
jcheck() { local got; got=$(jq_ "$1" 2>&1); [ "$got" = "$2" ] && ok || bad "$3: $1 = '$got', expected '$2'"; }

ex1=examples/kitakyushu-cloud/meeting/important-6.4-1.json
ex2=examples/kitakyushu-cloud/meeting/lecture-6.4-2.json
# variant FILE PYTHON-EXPR: a copy of FILE with d changed by the expression
variant() {
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); $2; json.dump(d, open(sys.argv[2],'w'), ensure_ascii=False)" "$1" "$tmp/v.json"
  echo "$tmp/v.json"
}

for prof in kitakyushu-external kitakyushu-cloud; do
  # 6.4(1) and 6.4(2): no conflict, exit 0
  run "$prof 6.4(1) text" 0 "$daicho" meeting plan --profile $prof $ex1
  has out "抵触: なし" "$prof 6.4(1) no conflict"
  has out "[6.2(2)①]" "$prof 6.4(1) lists the password measure"
  has out "判定: 抵触なし (ready)" "$prof 6.4(1) verdict"
  run "$prof 6.4(1) json" 0 "$daicho" meeting plan --profile $prof --json $ex1
  jcheck "d['verdict'], d['track'], len(d['conflicts'])" "ready important 0" "$prof 6.4(1) json"
  run "$prof 6.4(2) json" 0 "$daicho" meeting plan --profile $prof --json $ex2
  jcheck "d['verdict'], d['track'], len(d['conflicts']), d['missing_fields']" "ready ordinary 0 []" "$prof 6.4(2) json"
  # 6.2(1)④: recording with important information → warn, exit 0
  v=$(variant $ex1 "d['meeting']['features'].append('recording')")
  run "$prof recording" 0 "$daicho" meeting plan --profile $prof --json "$v"
  jcheck "[(c['id'], c['severity'], c['clause']) for c in d['conflicts']], d['verdict']" \
    "[('wm-plan-e2e-breaking', 'warn', '6.2(1)④')] needs_review" "$prof 6.2(1)④"
  # 6.2(2)①: a host without a password or pre-registration → block, exit 1
  v=$(variant $ex1 "d['meeting']['password']=False; d['meeting']['pre_registration']=False")
  run "$prof no password" 1 "$daicho" meeting plan --profile $prof "$v"
  has out "不可 [6.2(2)①]" "$prof 6.2(2)① text"
  has out "判定: このままでは開催できない (blocked)" "$prof blocked text"
  # …not given whether pre-registered: undetermined (a warning naming the missing fact), exit 0
  v=$(variant $ex1 "d['meeting']['password']=False")
  run "$prof password undetermined" 0 "$daicho" meeting plan --profile $prof --json "$v"
  jcheck "[(c['id'], c['undetermined'], c['missing']) for c in d['conflicts']]" \
    "[('wm-plan-no-password', True, ['meeting.pre_registration'])]" "$prof undetermined"
done

# bad input: exit 2, the field named, nothing on stdout
printf '{"information": {"confidentiality": "2"}, "meeting": {"role": "chair"}}' >"$tmp/bad.json"
run "bad enum" 2 "$daicho" meeting plan --profile kitakyushu-external "$tmp/bad.json"
has err "meeting.role" "bad enum names the field"
empty out "bad enum prints nothing"
printf '{"information": {"confidentiality": "2"}, "post": {"video": true}}' >"$tmp/bad.json"
run "post group in a meeting" 2 "$daicho" meeting plan --profile kitakyushu-external "$tmp/bad.json"
has err "post" "names the group"
run "no planner" 2 "$daicho" meeting plan --profile tokyo-edu $ex1
has err "no meeting_planner" "tokyo-edu has no section 6"
run "usage" 2 "$daicho" meeting frobnicate
run "title without save" 2 "$daicho" meeting plan --profile kitakyushu-external --title x $ex1

# saving, listing, showing
export DAICHO_DB="$tmp/m.db"
run "init" 0 "$daicho" init
run "org" 0 "$daicho" org create city --name 市 --profile kitakyushu-external --admin admin --admin-name 管理者
run "user" 0 "$daicho" --as admin user add st --name 職員 --department 総務課 --role staff
run "user2" 0 "$daicho" --as admin user add st2 --name 職員二 --department 総務課 --role staff
run "plan from the org's profile" 0 "$daicho" --as st meeting plan $ex1
has out "抵触: なし" "plan via the organization"
run "save without title" 2 "$daicho" --as st meeting plan --save --date 2026-05-01 $ex1
has err "title" "names title"
run "save bad date" 2 "$daicho" --as st meeting plan --save --title 会議 --date 2026-13-01 $ex1
has err "date" "names date"
run "save" 0 "$daicho" --as st meeting plan --save --title 定例会議 --date 2026-05-01 --json $ex1
jcheck "d['id'], d['verdict']" "1 ready" "saved id"
v=$(variant $ex1 "d['meeting']['password']=False; d['meeting']['pre_registration']=False")
run "save blocked" 1 "$daicho" --as st meeting plan --save --title 臨時会議 --date 2026-05-02 "$v"
has out "会議計画 2 として保存しました" "blocked plan saved"
run "list" 0 "$daicho" --as st meeting list --json
jcheck "[(m['id'], m['verdict']) for m in d]" "[(2, 'blocked'), (1, 'ready')]" "list newest first"
run "show" 0 "$daicho" --as st meeting show 1
has out "定例会議" "show title"
has out "抵触: なし" "show result"
run "show json" 0 "$daicho" --as st meeting show 2 --json
jcheck "d['result']['verdict'], d['document']['meeting']['password']" "blocked False" "show json"
run "another user's plan" 2 "$daicho" --as st2 meeting show 1
run "another user's list" 0 "$daicho" --as st2 meeting list --json
jcheck "d" "[]" "st2 sees none"
run "all by staff" 2 "$daicho" --as st2 meeting list --all
run "admin sees all" 0 "$daicho" --as admin meeting list --all --json
jcheck "len(d)" "2" "admin all"
run "audit" 0 "$daicho" --as admin audit log --json --limit 100
jcheck "sum(1 for e in d if e['action']=='meeting.save')" "2" "each save audited"
run "no such plan" 2 "$daicho" --as st meeting show 99
has err "はないか、見る権限がありません" "unknown plan answered like another user's"

# an organization whose standard has no section 6
run "org2" 0 "$daicho" org create edu --name 教育庁 --profile tokyo-edu --admin eadmin --admin-name 管理者
run "tokyo-edu plan" 2 "$daicho" --as eadmin meeting plan $ex1
has err "ウェブ会議" "tokyo-edu: no planner (Japanese)"

finish
