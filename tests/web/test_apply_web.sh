#!/usr/bin/env bash
# The applications area of the web application (issue #4, docs/api.md
# "Applications") against a real `daicho serve` on a free port: the form and
# its evaluation, drafts, the procedure of each profile (who applies, who
# decides, separation of duties, risks, the administrator nominee), who may
# see an application, escaping, CSRF, the print and Excel forms.
# Each check names the rule and the clause it rests on.
# Usage: test_apply_web.sh PATH/TO/daicho
set -uo pipefail
daicho=$(realpath "$1")
cd "$(dirname "$0")/../.."
root=$(pwd)
. tests/web/lib.sh

export DAICHO_DB=$tmp/web.db
pw=apply-web-pass-1
"$daicho" init >/dev/null
org() { echo $pw | "$daicho" org create "$1" --name "$1市" --profile "$2" --admin "$1-admin" --admin-name 管理者 --password-stdin >/dev/null; }
user() { # ORG LOGIN NAME DEPARTMENT ROLE…
  local o=$1 l=$2 n=$3 d=$4; shift 4
  local roles=()
  for r in "$@"; do [ "$r" = --auditor ] && roles+=(--auditor) || roles+=(--role "$r"); done
  echo $pw | "$daicho" --as "$o-admin" user add "$l" --name "$n" --department "$d" --title 主事 "${roles[@]}" --password-stdin >/dev/null
}
org kx kitakyushu-external
user kx kx-staff 職員一郎 総務課 staff
user kx kx-head 課長花子 総務課 section_head
user kx kx-ciso CISO次郎 総務局 ciso
org kc kitakyushu-cloud
user kc kc-staff 職員三郎 健康推進課 staff
user kc kc-head 課長四郎 健康推進課 section_head
org ot otokuni
user ot ot-officer 責任者七子 第一福祉センター security_officer
user ot ot-chief 統括八郎 事務局 chief_security_officer
user ot ot-staff 職員九郎 第一福祉センター staff
org te tokyo-edu
user te te-both 兼務十四 総務部 staff cyber_chief
user te te-chief 統括十二 サイバーセキュリティ局 cyber_chief
user te te-owner 所管十一 総務部 asset_owner
user te te-officer 局責任者十三 サイバーセキュリティ局 cyber_officer
user te te-audit 監査十五 監査室 staff --auditor

start_server --threads 2
curl -sf "$B/healthz" >/dev/null || { echo "FAIL: the server did not start" >&2; cat "$tmp/serve.log" >&2; exit 1; }

# ---- helpers ----
# This file's own shapes (not lib.sh's): login keeps the token in CSRF[LOGIN],
# has/lacks read $tmp/out and show its start on failure, req checks the status.
declare -A CSRF
login() { # LOGIN: a session in $tmp/LOGIN.jar, its CSRF token in CSRF[LOGIN]
  CSRF[$1]=$(curl -s -c "$tmp/$1.jar" -H 'Content-Type: application/json' \
    -d "{\"login\":\"$1\",\"password\":\"$pw\"}" "$B/api/v1/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')
}
# req NAME WANT_STATUS LOGIN METHOD PATH [curl args…]: the body in $tmp/out
req() {
  local name=$1 want=$2 who=$3 method=$4 path=$5
  shift 5
  local jar=()
  [ "$who" != - ] && jar=(-b "$tmp/$who.jar" -c "$tmp/$who.jar")
  local got
  got=$(curl -s -o "$tmp/out" -D "$tmp/headers" -w '%{http_code}' "${jar[@]}" -X "$method" "$@" "$B$path")
  if [ "$got" = "$want" ]; then ok; else bad "$name: HTTP $got, expected $want"; head -c 600 "$tmp/out" >&2; echo >&2; fi
}
api() { # NAME WANT LOGIN METHOD PATH [JSON body or @file]
  local body=()
  [ $# -ge 6 ] && body=(-H 'Content-Type: application/json' --data-binary "$6")
  req "$1" "$2" "$3" "$4" "$5" -H "X-CSRF-Token: ${CSRF[$3]:-none}" "${body[@]}"
}
form() { # NAME WANT LOGIN PATH name=value…
  local name=$1 want=$2 who=$3 path=$4
  shift 4
  local args=(--data-urlencode "csrf=${CSRF[$who]}")
  for kv in "$@"; do args+=(--data-urlencode "$kv"); done
  req "$name" "$want" "$who" POST "$path" "${args[@]}"
}
has() { grep -qF -- "$1" "$tmp/out" && ok || { bad "$2: the answer lacks '$1'"; head -c 400 "$tmp/out" >&2; echo >&2; }; }
lacks() { grep -qF -- "$1" "$tmp/out" && { bad "$2: the answer has '$1'"; } || ok; }
header() { grep -qi -- "$1" "$tmp/headers" && ok || bad "$2: no header '$1'"; }
jget() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {"d": d}))' "$tmp/out" "$1"; }
# An example document without the applicant and approver (the server fills
# them from the signed-in user and the decision), with optional overrides.
doc() { # FILE [python expression changing d]
  python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
d.pop("applicant", None); d.pop("approver", None)
if len(sys.argv) > 2: exec(sys.argv[2])
print(json.dumps(d, ensure_ascii=False))' "$@"
}

for u in kx-staff kx-head kx-ciso kc-staff kc-head ot-officer ot-chief ot-staff te-both te-chief te-owner te-officer te-audit; do
  login $u
done

# ---- deny by default (docs/web.md): pages need a session
req "list without a session" 303 - GET /applications
header "Location: /login" "list without a session goes to the login page"
req "API list without a session" 401 - GET /api/v1/applications

# ---- the form is the profile's (kitakyushu-external 5.2(1)④: ledger fields first, with clauses)
req "new form" 200 kx-staff GET /applications/new
has "(ア) 外部サービスの名称" "form: the profile's ledger labels"
has "5.2(1)④(ア)" "form: ledger clause 5.2(1)④(ア) beside its field"
has 'name="information.confidentiality"' "form: the classification of the profile's levels"
has '機密性の基準 第3種' "form: level labels of the profile"
has 'class="layout-2"' "form: the evaluation beside the form"
has '<script src="/static/apply.js" defer>' "form: live update script (no inline script: CSP)"
lacks "is required" "form: a fresh form shows no errors yet"

# ---- 評価を更新 without JavaScript: values kept, parser's message beside the field
form "form evaluate" 200 kx-staff /applications/new op=evaluate 'service.name=翻訳<script>alert(1)</script>' \
  service.category=translation information.confidentiality=3 usage_period.from=2026-02-30 'service.data_locations=jp, XX'
has "&#39;2026-02-30&#39; is not a date" "bad date: the parser's message beside usage_period.from"
has "&#39;XX&#39; is not an ISO 3166-1 alpha-2 country code" "unknown country: the parser's message"
has 'value="翻訳&lt;script&gt;alert(1)&lt;/script&gt;"' "XSS: the typed value comes back escaped"
lacks "<script>alert(1)" "XSS: no markup from input"
has 'verdict-needs_review' "evaluation beside the form despite a bad field"
has "重要情報資産を取り扱わない場合" "track of class 3 is ordinary (2(2))"
has 'data-item="risk-a"' "ordinary track asks the risks of 4.1(2)"
form "form: unknown class" 200 kx-staff /applications/new op=evaluate service.name=X service.category=cloud information.confidentiality=9
has "&#39;9&#39; is not allowed" "unknown class: the parser's message lists the allowed codes"

# ---- POST /api/v1/evaluate: the same evaluation as the CLI (docs/evaluate.md). The
# server evaluates as the signed-in user would file it (applicant from the user
# record), so tokyo-edu/important-blocked, blocked only because its applicant's
# name is also the approver's (3.1.5), is left to the separation checks below.
for dir in "$root"/examples/*/; do
  id=$(basename "$dir")
  case $id in kitakyushu-external) who=kx-staff ;; kitakyushu-cloud) who=kc-staff ;; otokuni) who=ot-officer ;; tokyo-edu) who=te-owner ;; esac
  for f in "$dir"*.json; do
    [ "$f" = "$root/examples/tokyo-edu/important-blocked.json" ] && continue
    want=$("$daicho" evaluate --profile "$id" --json "$f" | python3 -c 'import json,sys; print(json.load(sys.stdin)["verdict"])')
    api "evaluate $f" 200 $who POST /api/v1/evaluate "@$f"
    [ "$(jget 'd["evaluation"]["verdict"]')" = "$want" ] && ok || bad "evaluate $f: verdict differs from the CLI ($want)"
  done
done
api "evaluate: bad JSON document" 400 kx-staff POST /api/v1/evaluate '{"service": {"name": "S", "colour": 1}}'
has "colour: unknown field" "evaluate: the parser names the bad field"
req "evaluate: the form (apply.js)" 200 kx-staff POST /api/v1/evaluate -H "X-CSRF-Token: ${CSRF[kx-staff]}" \
  --data-urlencode service.name=S --data-urlencode service.category=cloud --data-urlencode information.confidentiality=3 --data-urlencode usage_period.to=x
[ "$(jget 'd["errors"][0]["field"]')" = usage_period.to ] && ok || bad "evaluate form: field error names usage_period.to"
has '"panel_html":' "evaluate form: the panel as the page renders it"
req "evaluate without CSRF" 403 kx-staff POST /api/v1/evaluate -H 'Content-Type: application/json' --data-binary '{}'

# ---- kitakyushu-external ordinary track: 職員 applies, 所属長 decides (5.2(2)①, 5.1(2))
body=$(python3 - "$root/examples/kitakyushu-external/ordinary-ready.json" <<'EOF'
import json, sys, urllib.parse
d = json.load(open(sys.argv[1]))
pairs = [("op", "save")]
for k, v in d.items():
    if k in ("applicant", "approver"):
        continue
    if k == "answers":
        for i, a in v.items():
            pairs += [("a." + i, a["status"]), ("e." + i, a.get("evidence", ""))]
        continue
    for kk, vv in (v.items() if isinstance(v, dict) else [(None, v)]):
        p = k + "." + kk if kk else k
        if p == "service.certifications":
            pairs += [(p, c) for c in vv]
        elif isinstance(vv, list):
            pairs.append((p, ", ".join(vv)))
        elif isinstance(vv, bool):
            pairs.append((p, "true" if vv else "false"))
        else:
            pairs.append((p, str(vv)))
pairs = [(k, v) for k, v in pairs if k != "service.name"] + [("service.name", "機械翻訳<b>A</b>")]
print(urllib.parse.urlencode(pairs))
EOF
)
req "save draft from the form" 303 kx-staff POST /applications/new --data "csrf=${CSRF[kx-staff]}&$body"
header "Location: /applications/1" "save draft: redirect to its page"
req "draft page" 200 kx-staff GET /applications/1
has "機械翻訳&lt;b&gt;A&lt;/b&gt;" "XSS: stored text escaped on the detail page"
has 'action="/applications/1/submit"' "draft: the applicant may submit (5.2(2)①)"
has 'action="/applications/1/withdraw"' "draft: the applicant may withdraw"
lacks 'action="/applications/1/approve"' "draft: no decision before submission"
req "submit without CSRF" 403 kx-staff POST /applications/1/submit --data reason=x
form "submit" 303 kx-staff /applications/1/submit
form "staff approves: not the approver" 403 kx-staff /applications/1/approve
has "5.1(2)" "wrong role refused with the approver clause 5.1(2)"
api "API: staff approves" 403 kx-staff POST /api/v1/applications/1/approve '{}'
has '"clause":"5.1(2)"' "API refusal names clause 5.1(2)"
req "the approver's view" 200 kx-head GET /applications/1
has 'name="accept_risks"' "ordinary track: the approver accepts the risks (4.1(2))"
has "4.1(2)(ア)" "risks listed with their clauses"
form "approve without accepting the risks" 422 kx-head /applications/1/approve
has "4.1(2)" "refusal names 4.1(2)"
form "approve" 303 kx-head /applications/1/approve accept_risks=1
req "approved page" 200 kx-head GET /applications/1
has "第1号として台帳に登録しました" "approval message names the ledger number"
has 'href="/ledger/1"' "approved application links its ledger entry"
api "API detail" 200 kx-head GET /api/v1/applications/1
[ "$(jget 'd["ledger_number"]')" = 1 ] && ok || bad "API detail: ledger_number 1"
[ "$(jget 'd["state"]')" = approved ] && ok || bad "API detail: state approved"
[ "$(jget 'len(d["steps"])')" = 3 ] && ok || bad "API detail: create, submit, approve steps"
"$daicho" --as kx-head ledger show 1 >/dev/null 2>&1 && ok || bad "the ledger entry exists (5.2(2)③)"

# ---- important track: a 職員 may not apply (5.2(1)①); 所属長 applies, CISO nominates the administrator (5.2(1)③)
imp=$(doc "$root/examples/kitakyushu-external/important-needs-review.json")
api "staff files an important application" 403 kx-staff POST /api/v1/applications "$imp"
has "5.2(1)①" "refusal names the applicant clause 5.2(1)①"
api "head files it" 201 kx-head POST /api/v1/applications "$imp"
id=$(jget 'd["id"]')
[ "$(jget 'd["evaluation"]["track"]')" = important ] && ok || bad "API create answers with the evaluation"
api "submit (API)" 200 kx-head POST /api/v1/applications/$id/submit '{}'
req "CISO's view" 200 kx-ciso GET /applications/$id
has 'name="administrator"' "nominee track: the approver names the administrator (5.2(1)③)"
has 'value="kx-head"' "nominees hold the administrator's role"
form "approve without a reason (needs_review)" 422 kx-ciso /applications/$id/approve administrator=kx-head
form "approve with reason and nominee" 303 kx-ciso /applications/$id/approve administrator=kx-head reason=代替手段を確認
api "API detail of the important one" 200 kx-ciso GET /api/v1/applications/$id
[ "$(jget 'd["ledger_number"]')" = 2 ] && ok || bad "important approval: ledger 第2号"

# ---- who may see an application: the applicant, approver/registrar roles, admin, auditor
req "staff opens another's application" 403 kx-staff GET /applications/$id
req "staff prints another's application" 403 kx-staff GET /applications/$id/print
api "staff's list is their own" 200 kx-staff GET /api/v1/applications
[ "$(jget '[a["id"] for a in d["applications"]]')" = "[1]" ] && ok || bad "staff list: only application 1"
api "approver's list has all" 200 kx-ciso GET '/api/v1/applications?state=approved'
[ "$(jget 'len(d["applications"])')" = 2 ] && ok || bad "approver list: both approved applications"
req "list page" 200 kx-head GET '/applications?state=approved'
has "令和" "list: dates in 和暦"
has "承認" "list: state labels"
req "another organization's application" 404 kc-staff GET /applications/1

# ---- print and Excel forms of the 決裁
req "print" 200 kx-head GET /applications/1/print
has "外部サービス利用申請書" "print: the form's title"
has 'class="seal"' "print: signature and seal boxes"
has "許可権限者" "print: the approver's box"
has "/static/print.css" "print: print style sheet"
req "xlsx" 200 kx-head GET /applications/1/form.xlsx
header "Content-Disposition: attachment" "xlsx: a download"
header "spreadsheetml" "xlsx: content type"
python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); s = z.read("xl/sharedStrings.xml").decode(); assert "外部サービス利用申請書" in s and "&lt;b&gt;" in s' "$tmp/out" \
  && ok || bad "xlsx: a workbook with the form's text, markup kept as text"

# ---- kitakyushu-cloud ordinary: 職員 → 所属長 with risks
api "kc: create" 201 kc-staff POST /api/v1/applications "$(doc "$root/examples/kitakyushu-cloud/ordinary-ready.json")"
id=$(jget 'd["id"]')
api "kc: submit" 200 kc-staff POST /api/v1/applications/$id/submit '{}'
api "kc: approve without risks" 422 kc-head POST /api/v1/applications/$id/approve '{}'
api "kc: approve" 200 kc-head POST /api/v1/applications/$id/approve '{"accept_risks": true}'
[ "$(jget 'd["ledger_number"]')" = 1 ] && ok || bad "kc: the organization's ledger starts at 第1号"

# ---- otokuni: 情報セキュリティ責任者 applies, 統括情報セキュリティ責任者 decides (5.2(1), 5.1)
api "ot: staff may not apply" 403 ot-staff POST /api/v1/applications "$(doc "$root/examples/otokuni/important-ready.json")"
has "5.2(1)" "ot: refusal names 5.2(1)"
api "ot: officer applies" 201 ot-officer POST /api/v1/applications "$(doc "$root/examples/otokuni/important-ready.json")"
id=$(jget 'd["id"]')
api "ot: submit" 200 ot-officer POST /api/v1/applications/$id/submit '{}'
api "ot: officer may not approve" 403 ot-officer POST /api/v1/applications/$id/approve '{}'
has '"clause":"5.1"' "ot: approver clause 5.1"
api "ot: chief approves" 200 ot-chief POST /api/v1/applications/$id/approve '{}'
[ "$(jget 'd["state"]')" = approved ] && ok || bad "ot: approved"
api "ot: blocked example is refused at submission" 201 ot-officer POST /api/v1/applications "$(doc "$root/examples/otokuni/important-blocked.json")"
id=$(jget 'd["id"]')
api "ot: submit a blocked application" 422 ot-officer POST /api/v1/applications/$id/submit '{}'
has "3.1(4)" "ot: blocked by 3.1(4) (domestic data only)"

# ---- tokyo-edu: separation of duties (3.1.5)
teimp=$(doc "$root/examples/tokyo-edu/important-blocked.json" 'd["notes"] = "テスト"')
api "te: staff+chief applies (3.1.1)" 201 te-both POST /api/v1/applications "$teimp"
id=$(jget 'd["id"]')
api "te: submit" 200 te-both POST /api/v1/applications/$id/submit '{}'
api "te: the applicant approves own" 403 te-both POST /api/v1/applications/$id/approve '{"reason": "x"}'
has '"clause":"3.1.5"' "te: separation of duties, clause 3.1.5"
req "te: applicant's page" 200 te-both GET /applications/$id
lacks 'action="/applications/'$id'/approve"' "te: no decision form for the applicant (3.1.5)"
has "職務の分離" "te: the page says why"
req "te: auditor reads it" 200 te-audit GET /applications/$id
lacks 'class="decide"' "te: the auditor changes nothing"
form "te: auditor approves" 403 te-audit /applications/$id/approve
req "te: the chief's page" 200 te-chief GET /applications/$id
has 'name="administrator"' "te: staff applicant lacks 情報資産を所管する者: the approver nominates (4)"
has 'name="accept_risks"' "te: the risks tokyo-edu lists for A/B are accepted at approval"
form "te: chief approves" 303 te-chief /applications/$id/approve administrator=te-owner reason=確認済み accept_risks=1

# ---- returned, edited by the applicant, withdrawn
api "te: owner applies class C" 201 te-owner POST /api/v1/applications "$(doc "$root/examples/tokyo-edu/ordinary-ready.json")"
id=$(jget 'd["id"]')
api "te: submit C" 200 te-owner POST /api/v1/applications/$id/submit '{}'
api "te: return without reason" 422 te-officer POST /api/v1/applications/$id/return '{}'
api "te: return" 200 te-officer POST /api/v1/applications/$id/return '{"reason": "利用者の範囲を具体的に"}'
req "te: edit form of a returned application" 200 te-owner GET /applications/$id/edit
has "利用者の範囲を具体的に" "edit: the reason for the return is shown"
has 'value="C" selected' "edit: the stored values fill the form"
req "te: another may not edit" 403 te-chief GET /applications/$id/edit
form "te: save the edit" 303 te-owner /applications/$id/edit op=save service.name=研修用ホワイトボード service.category=cloud \
  information.confidentiality=C "user_scope=指導部の研修担当3名に限る"
api "te: edited" 200 te-owner GET /api/v1/applications/$id
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["document"]["user_scope"] == "指導部の研修担当3名に限る"' "$tmp/out" \
  && ok || bad "edit: the document was replaced"
form "te: withdraw" 303 te-owner /applications/$id/withdraw
api "te: withdrawn" 200 te-owner GET /api/v1/applications/$id
[ "$(jget 'd["state"]')" = withdrawn ] && ok || bad "te: withdrawn"

finish
