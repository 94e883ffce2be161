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
# the service categories' own sections (issue #5), each element with its clause: the JSON has
# meeting_planner / social_media / mail_delivery as objects where the profile has the section and
# null where it has none (kitakyushu 6; tokyo-edu 10, 11); conditions in the rules' all/any/not form
for id in kitakyushu-external kitakyushu-cloud otokuni tokyo-edu; do
  "$daicho" profile show "$id" --json >"$tmp/out" 2>"$tmp/err" || bad "profile show $id --json for the category sections"
  python3 - "$id" "$tmp/out" <<'PY' && ok || bad "profile show $id --json: category sections (see above)"
import json, sys
pid, d = sys.argv[1], json.load(open(sys.argv[2]))
want = {"kitakyushu-external": {"meeting_planner"}, "kitakyushu-cloud": {"meeting_planner"},
        "otokuni": set(), "tokyo-edu": {"social_media", "mail_delivery"}}[pid]
errs = []
for k in ("meeting_planner", "social_media", "mail_delivery"):
    if k not in d:
        errs.append(f"no key {k}")
    elif (k in want) != isinstance(d[k], dict) or (k not in want and d[k] is not None):
        errs.append(f"{k} is {type(d[k]).__name__}, expected {'object' if k in want else 'null'}")
def clauses(what, elems):
    if not elems:
        errs.append(f"{what}: empty")
    for e in elems:
        if not e.get("clause"):
            errs.append(f"{what} {e.get('id')}: no clause")
def cond(what, c):
    if not (isinstance(c, dict) and (set(c) & {"all", "any", "not"} or {"field", "op"} <= set(c))):
        errs.append(f"{what}: condition not in the rules' form: {c!r}")
rule_when = [r["when"] for r in d["rules"]]
m = d.get("meeting_planner")
if m:
    clauses("measure", m["measures"]); clauses("conflict", m["conflicts"])
    e2e = [x for x in m["measures"] if x["id"] == "m-e2e"]
    # 6.2(1)③ "可能な限り": the measure shows requirement item cat-wm-e2e with its clause and level
    if not e2e or (e2e[0]["item"], e2e[0]["clause"], e2e[0]["level"]) != ("cat-wm-e2e", "6.2(1)③", "should"):
        errs.append(f"m-e2e: {e2e}")
    for c in m["conflicts"]:
        cond(c["id"], c["when"])
    pw = [c for c in m["conflicts"] if c["id"] == "wm-plan-no-password"]
    if not pw or (pw[0]["clause"], pw[0]["severity"]) != ("6.2(2)①", "block"):
        errs.append(f"wm-plan-no-password (6.2(2)①, block): {pw}")
s = d.get("social_media")
if s:
    clauses("check", s["checks"]); clauses("posting rule", s["posting_rules"])
    clauses("prohibited", s["prohibited"]); clauses("playbook", s["playbooks"])
    if s["password_policy"] != {"min_length": 12, "min_classes": 3, "classes": ["upper", "lower", "digit", "symbol"], "clause": "10オ(ア)"}:
        errs.append(f"password policy 10オ(ア): {s['password_policy']}")
    if "bit.ly" not in s["url_shorteners"] or s["monitoring"] != {"interval_days": 7, "clause": "10カ"}:
        errs.append("url_shorteners / monitoring (10カ)")
    for r in s["posting_rules"]:
        cond(r["id"], r["when"])
    sw = [r for r in s["posting_rules"] if r["id"] == "student-work-consent"]
    if not sw or sw[0]["when"] != {"all": [{"field": "post.student_work", "op": "equals", "value": True},
                                           {"field": "post.student_consent", "op": "equals", "value": False}]}:
        errs.append(f"student-work-consent (10ク(エ)) condition: {sw}")
    imp = [b for b in s["playbooks"] if b["id"] == "impersonation"]
    if not imp or imp[0]["clause"] != "10キ(ア)" or "教育庁 CSIRT" not in imp[0]["steps"][2]["notify"]:
        errs.append("playbook impersonation (10キ(ア)): step 3 tells 教育庁 CSIRT")
ml = d.get("mail_delivery")
if ml:
    if (ml["alternative"]["clause"], ml["alternative"]["required_on_decline"]) != ("11 ウ(イ)", True):
        errs.append(f"11 ウ(イ): {ml['alternative']}")
    if (ml["consent"]["clause"], ml["consent"]["opt_in_only"]) != ("11 ウ(ア)", True) or ml["policy"]["clause"] != "11 イ":
        errs.append("11 イ / 11 ウ(ア)")
    secs = ml["document"]["sections"]
    clauses("別紙 section", secs)
    if [x["number"] for x in secs] != [str(i) for i in range(1, 9)] or secs[7]["required"] or not secs[0]["required"] \
       or "(2) 行事" not in secs[0]["sample"] or ml["manager_role"] != "asset_owner" or not ml["document"]["is_sample"]:
        errs.append("別紙 1–8: numbers, required, 記載例 sample, manager role")
# issue #6: contact_chart and incidents in every profile, operation_gate only in kitakyushu-cloud (3.3③);
# roles by id (each a role of the profile), every element with its clause
role_ids = [r["id"] for r in d["roles"]]
for k in ("contact_chart", "incidents", "operation_gate"):
    if k not in d:
        errs.append(f"no key {k}")
if (d.get("operation_gate") is not None) != (pid == "kitakyushu-cloud"):
    errs.append(f"operation_gate: {type(d.get('operation_gate')).__name__}, expected {'object' if pid == 'kitakyushu-cloud' else 'null'}")
cc, inc = d.get("contact_chart"), d.get("incidents")
if not isinstance(cc, dict) or not isinstance(inc, dict):
    errs.append("contact_chart / incidents: not objects")
else:
    for k in ("clause", "after_hours_clause", "subcontractor_clause", "approach_clause", "escalation_clause"):
        if not cc.get(k):
            errs.append(f"contact_chart.{k} missing")
    # the path after the service administrator, in order; a step's clause is optional
    if not cc["escalation"] or [e["role"] for e in cc["escalation"] if e["role"] not in role_ids]:
        errs.append(f"contact_chart.escalation: unknown roles {cc['escalation']}")
    # tokyo-edu 3.1.9①: holiday and night contacts are required; elsewhere only desirable (3.4①(ア))
    if (cc["after_hours"], cc["after_hours_clause"]) != {"tokyo-edu": ("required", "3.1.9①")}.get(pid, ("desirable", "3.4①(ア)")):
        errs.append(f"contact_chart.after_hours: {cc['after_hours']} [{cc['after_hours_clause']}]")
    if cc["review_interval_months"] != d["review_interval_months"]:
        errs.append("contact_chart.review_interval_months: the profile's interval when the section sets none")
    if pid == "kitakyushu-cloud" and (cc["escalation"] != [{"role": "section_head", "clause": "5.1(2)"},
                                                           {"role": "system_dept", "clause": "3.3②"},
                                                           {"role": "ciso", "clause": "5.1(1)"}]
                                      or cc["approach_clause"] != "3.1(8)⑤" or cc["escalation_clause"] != "3.1(8)⑤(ウ)"):
        errs.append(f"kitakyushu-cloud contact_chart: path 所属長→システム管理部門→CISO, 3.1(8)⑤(ウ): {cc}")
    for k in ("clause", "receiver_clause", "handler_clause", "close_clause", "approach_clause"):
        if not inc.get(k):
            errs.append(f"incidents.{k} missing")
    clauses("incident kind", inc["kinds"])
    roles6 = [inc["receiver_role"]] + inc["handler_roles"] + inc["closer_roles"]
    if [r for r in roles6 if r not in role_ids] or inc["receiver_role"] not in inc["handler_roles"]:
        errs.append(f"incidents roles: {roles6}")
    if pid == "kitakyushu-cloud":
        mis = [k for k in inc["kinds"] if k["id"] == "misuse"]
        if (inc["receiver_role"], inc["receiver_clause"], inc["closer_roles"]) != ("section_head", "3.4④", ["section_head", "ciso"]) \
           or not mis or (mis[0]["label"], mis[0]["clause"]) != ("情報の目的外利用", "3.1(8)①") or inc["social_kind"] is not None:
            errs.append(f"kitakyushu-cloud incidents (3.4④, misuse 3.1(8)①): {inc}")
    if pid == "tokyo-edu" and (inc["social_kind"] != "social-media" or inc["receiver_clause"] != "10キ(ア)"
                               or inc["handler_roles"] != ["security_manager", "edu_csirt", "asset_owner"]):
        errs.append(f"tokyo-edu incidents (10キ(ア), social_kind): {inc}")
g = d.get("operation_gate")
if g:
    want_procs = [("security-level", "3.3③(ア)", "build-gate-security-level-procedure"),
                  ("incident-handling", "3.3③(イ)", "build-gate-incident-procedure"),
                  ("recovery", "3.3③(ウ)", "build-gate-recovery-procedure")]
    if [(x["id"], x["clause"], x["item"]) for x in g["procedures"]] != want_procs or not all(x["text"] for x in g["procedures"]):
        errs.append(f"operation_gate: the three procedures of 3.3③(ア)(イ)(ウ): {g['procedures']}")
    if (g["clause"], g["tracks"], g["role"], g["build_checks"]) != ("3.3③", ["important"], "section_head",
                                                                    {"clause": "3.3④", "covers": "3.3①", "item": "build-deliverables-check"}):
        errs.append(f"operation_gate: clause, tracks, role, build_checks (3.3④): {g}")
if pid == "tokyo-edu" and d["exempt_clause"] != "5":
    errs.append("exempt_clause 5")
for e in errs:
    print(f"  {pid}: {e}", file=sys.stderr)
sys.exit(1 if errs else 0)
PY
done
run "profile show tokyo-edu (category sections)" 0 "$daicho" profile show tokyo-edu
for t in "■ ソーシャルメディアの利用［10］" "パスワードポリシー: 12 文字以上、英大文字・英小文字・数字・記号のうち 3 種類以上［10オ(ア)］" \
         "［10ク(エ)］ student-work-consent 【禁止】" "条件: (post.student_work equals true かつ post.student_consent equals false)" \
         "監視の間隔: 7 日ごと［10カ］" "［10キ(ア)］ impersonation" "連絡先: 教育庁 CSIRT" "■ 連絡用メール配信" \
         "［11 ウ(イ)］ 代替手段" "［11 ウ(ア)］ 同意" "［11 別紙 8］ 8 その他（任意）" "(2) 行事、部活動の日程変更" \
         "申請不要のサービスの一覧: 組織が追加できる［5］"; do
  has out "$t" "profile show tokyo-edu names the category part '$t'"
done
grep -qF "■ ウェブ会議の開催計画" "$tmp/out" && bad "tokyo-edu has no meeting planner section" || ok
run "profile show kitakyushu-cloud (meeting planner)" 0 "$daicho" profile show kitakyushu-cloud
for t in "■ ウェブ会議の開催計画［6］" "［6.2(1)③］ m-e2e（努力・推奨）  要件 cat-wm-e2e" "［6.2(2)①］ wm-plan-no-password 【禁止】" \
         "条件: meeting.role equals host"; do
  has out "$t" "profile show kitakyushu-cloud names the planner part '$t'"
done
grep -qE "■ (ソーシャルメディアの利用|連絡用メール配信)|申請不要のサービスの一覧: 組織が追加できる" "$tmp/out" && bad "kitakyushu-cloud has no social/mail section, no exempt clause" || ok
# issue #6 in the text: the contact chart (path in order), incident reports (roles by label), the gate
for t in "■ インシデント発生時の連絡体制図［3.4①(ア)・4］" "休日・夜間の連絡先: 記載が望ましい［3.4①(ア)］" \
         "提供者と本組織の間の情報エスカレーションの方法とタイミング［3.1(8)⑤(ウ)］" "    2. 所属長［5.1(2)］" \
         "    3. システム管理部門［3.3②］" "    4. CISO［5.1(1)］" "■ インシデントの報告［3.4④］" "報告先: 所属長［3.4④］" \
         "）: 所属長、CISO［3.4④］" "［3.1(8)①］ misuse 情報の目的外利用" "復旧優先（recovery_first）" \
         "■ 運用開始前の確認［3.3③］" "手順の記録と運用開始の記録をする者: 所属長［3.3③］" \
         "［3.3③(ア)］ security-level  要件 build-gate-security-level-procedure" "［3.3③(イ)］ incident-handling" \
         "［3.3③(ウ)］ recovery" "構築時の対策を納品物等で確認する［3.3④］" "運用開始の記録で要件 build-deliverables-check を実施済みとする"; do
  has out "$t" "profile show kitakyushu-cloud names the issue #6 part '$t'"
done
# 3.3④: the build checks listed are the build must-items under 3.3①, without the procedures' items (3.3③)
# and the go-live's own item; 3.3② (the ledger record) is not one of them
"$daicho" profile show kitakyushu-cloud --json >"$tmp/kc.json"
python3 - "$tmp/out" "$tmp/kc.json" <<'PY' && ok || bad "profile show kitakyushu-cloud: the build checks of 3.3④ (see above)"
import json, re, sys
text, d = open(sys.argv[1]).read(), json.load(open(sys.argv[2]))
g = d["operation_gate"]
skip = {x["item"] for x in g["procedures"]} | {g["build_checks"]["item"]}
want = [f"［{r['clause']}］ {r['id']}" for r in d["requirements"] if r["phase"] == "build" and r["level"] == "must"
        and r["clause"].startswith(g["build_checks"]["covers"]) and r["id"] not in skip]
part = text.split("確認する要件（利用に該当するものだけ求める）\n", 1)
got = re.findall(r"^  (［[^］]*］ \S+)$", part[1], re.M) if len(part) == 2 else []
if not 10 < len(want) or got != want or any("build-ledger-record" in x or "build-gate-" in x for x in got):
    print(f"  want {want}\n  got  {got}", file=sys.stderr)
    sys.exit(1)
PY
run "profile show tokyo-edu (issue #6 sections)" 0 "$daicho" profile show tokyo-edu
for t in "■ インシデント発生時の連絡体制図［3.1.9①］" "休日・夜間の連絡先: 必須（休日と夜間に電話で連絡できる提供者の連絡先）［3.1.9①］" \
         "    4. 教育庁CSIRT" "報告先: サイバーセキュリティ管理者（課長又は校長）［10キ(ア)］" \
         "）: サイバーセキュリティ管理者（課長又は校長）、教育庁CSIRT［10キ(ア)］" \
         "［10キ］ social-media ソーシャルメディアのトラブル（ソーシャルメディアのトラブル時の対応手順から報告する）"; do
  has out "$t" "profile show tokyo-edu names the issue #6 part '$t'"
done
grep -qF "■ 運用開始前の確認" "$tmp/out" && bad "tokyo-edu has no operation gate section" || ok
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
