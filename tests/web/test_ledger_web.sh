#!/usr/bin/env bash
# The ledger area of the web application (issue #4): the list with search,
# filters, sorting and paging, one entry with its lifecycle, the lifecycle's
# actions (HTML forms and JSON API), and the CSV/XLSX downloads — checked
# with curl against `daicho serve` on a free port. Every check names the rule
# it checks. Usage: test_ledger_web.sh PATH/TO/daicho
set -uo pipefail
daicho=$(realpath "$1")
cd "$(dirname "$0")/../.."
. tests/web/lib.sh
http_hdr=$tmp/hdr   # the answers' headers: Location, Content-Type, Content-Disposition are checked
is() { [ "$2" = "$3" ] && ok || bad "$1: got '$2', expected '$3'"; }

sql() { "$py" -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$DAICHO_DB" "$1"; }

export DAICHO_DB=$tmp/w.db
# 2026-04-01 09:30 in Japan: dates below (和暦, review due, file names) follow from it.
export DAICHO_NOW=2026-04-01T00:30:00Z
PW=ledger-web-test-1
XSS='<script>alert(1)</script>"'"'"'><img src=x onerror=alert(1)>'

# ---- the world (CLI): city with staff st and sh (総務課, 財政課), the section head hd;
# entry 1 the example, entry 2 with a script in its name and 会議 in its function.
echo "$PW" | D org create city --name 北九州市 --profile kitakyushu-external --admin admin --admin-name 管理者 --password-stdin >/dev/null
echo "$PW" | D --as admin user add st --name 職員一郎 --department 総務課 --role staff --password-stdin >/dev/null
echo "$PW" | D --as admin user add sh --name 職員二郎 --department 財政課 --role staff --password-stdin >/dev/null
echo "$PW" | D --as admin user add hd --name 課長花子 --department 総務課 --title 課長 --role section_head --password-stdin >/dev/null
ex=examples/kitakyushu-external/ordinary-ready.json
"$py" - "$ex" "$XSS" >"$tmp/xss.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
d["service"]["name"] = sys.argv[2]
d["service"]["function"] = "オンライン会議"
print(json.dumps(d, ensure_ascii=False))
EOF
for doc in "$ex" "$tmp/xss.json"; do
  D --as st apply "$doc" >/dev/null && D --as st submit "$(sql 'SELECT max(id) FROM applications')" >/dev/null &&
    D --as hd decide "$(sql 'SELECT max(id) FROM applications')" approve --accept-risks >/dev/null || bad "fixture: approve $doc"
done
# A second organization with 1,100 imported entries: the count cap, paging, isolation.
echo "$PW" | D org create big --name 大規模市 --profile kitakyushu-external --admin bigadmin --admin-name 管理者 --password-stdin >/dev/null
D --as hd ledger export --output "$tmp/one.csv" >/dev/null || bad "fixture: export"
"$py" - "$tmp/one.csv" >"$tmp/big.csv" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
out = csv.writer(sys.stdout, lineterminator="\r\n")
sys.stdout.write("\ufeff")
out.writerow(rows[0])
for n in range(1, 1101):
    r = list(rows[1])
    r[0], r[1] = str(n), "大規模サービス%d" % n
    out.writerow(r)
EOF
D --as bigadmin ledger import "$tmp/big.csv" >/dev/null || bad "fixture: import 1,100 entries"

mkdir "$tmp/t"
TMPDIR=$tmp/t start_server

api() { # api JAR CSRF PATH JSON → status
  post "$1" "$3" -H "X-CSRF-Token: $2" -H 'Content-Type: application/json' -d "$4"
}

ST=$(login st st)
HD=$(login hd hd)
BIG=$(login big bigadmin)
[ -n "$ST" ] && [ -n "$HD" ] && [ -n "$BIG" ] && ok || bad "fixture: sign in"
: >"$tmp/anon"

# ---- access: deny by default, any signed-in user reads the ledger
is "anonymous list page goes to login (access: user)" "$(get anon /ledger)" 303
has "$tmp/hdr" "Location: /login?next=%2Fledger" "the login page comes back to the ledger"
is "anonymous API answers 401 (access: user)" "$(get anon /api/v1/ledger)" 401
is "anonymous export is refused (access: user)" "$(get anon /ledger/export.csv)" 303
is "staff read the list (all staff know what is approved)" "$(get st /ledger)" 200
is "staff read an entry" "$(get st /ledger/1)" 200

# ---- the list
get st /ledger >/dev/null
has "$tmp/out" 'href="/ledger/1"' "list links the entry by its number"
has "$tmp/out" "機械翻訳サービスA" "list shows the service name"
has "$tmp/out" "架空翻訳株式会社" "list shows the provider"
has "$tmp/out" "令和9年" "list dates are 和暦 (page_date)"
has "$tmp/out" "利用中" "list states use entry_state_labels"
has "$tmp/out" "<strong>2件</strong>" "list shows the total"
has "$tmp/out" '<form class="filters no-print" method="get" action="/ledger"' "filters are a GET form (no JS needed)"
has "$tmp/out" '&lt;script&gt;alert(1)&lt;/script&gt;' "a script in a service name is escaped"
lacks "$tmp/out" '<script>alert(1)' "a script in a service name never becomes markup"
lacks "$tmp/out" '<img src=x' "an attribute payload never becomes markup"
get st '/api/v1/ledger?q=%E4%BC%9A%E8%AD%B0' >/dev/null
is "two-character search (会議) finds the entry by substring" "$(json 'd["total"], [e["number"] for e in d["entries"]]')" "1 [2]"
is "the JSON echoes the query" "$(json 'd["query"]["q"], d["query"]["sort"], d["query"]["order"]')" "会議 number asc"
get st '/api/v1/ledger?q=%E7%BF%BB%E8%A8%B3%E3%82%B5%E3%83%BC%E3%83%93%E3%82%B9' >/dev/null
is "longer search (翻訳サービス) finds the entry" "$(json 'd["total"], d["entries"][0]["number"]')" "1 1"
get st '/ledger?q=%E5%AD%98%E5%9C%A8%E3%81%97%E3%81%AA%E3%81%84%E8%AA%9E' >/dev/null
has "$tmp/out" "条件に合う台帳はありません" "an empty result says so"
get st '/api/v1/ledger?class=3&state=active&track=ordinary&due_before=2027-12-31' >/dev/null
is "filters: class, state, track, due before" "$(json 'd["total"]')" 2
get st '/api/v1/ledger?state=ended' >/dev/null
is "filter by state" "$(json 'd["total"]')" 0
is "a class not of the profile is refused (400)" "$(get st '/api/v1/ledger?class=9')" 400
has "$tmp/out" "class" "the 400 names the parameter"
is "a sort key not of the store is refused (400)" "$(get st '/api/v1/ledger?sort=colour')" 400
is "a bad date is refused (400)" "$(get st '/api/v1/ledger?due_before=2026-02-30')" 400
depts=$(sql 'SELECT count(*) FROM departments')
get st '/api/v1/ledger?department=%E7%B7%8F%E5%8B%99%E8%AA%B2' >/dev/null
is "filter by department (総務課)" "$(json 'd["total"]')" 2
get st '/api/v1/ledger?department=%E8%B2%A1%E6%94%BF%E8%AA%B2' >/dev/null
is "filter by department (財政課)" "$(json 'd["total"]')" 0
get st '/api/v1/ledger?department=%E5%AD%98%E5%9C%A8%E3%81%97%E3%81%AA%E3%81%84%E8%AA%B2' >/dev/null
is "an unknown department matches nothing" "$(json 'd["total"]')" 0
is "a GET never creates a department" "$(sql 'SELECT count(*) FROM departments')" "$depts"
get st '/api/v1/ledger?sort=service&order=desc' >/dev/null
is "sorting by service name, descending" "$(json '[e["number"] for e in d["entries"]]')" "[1, 2]"
get st '/api/v1/ledger?sort=service' >/dev/null
is "sorting by service name, ascending" "$(json '[e["number"] for e in d["entries"]]')" "[2, 1]"
# 1,100 entries: 50 a page, the count stops at LEDGER_TOTAL_CAP
get big '/api/v1/ledger?page=2' >/dev/null
is "50 rows a page, the total capped" "$(json 'len(d["entries"]), d["entries"][0]["number"], d["total"], d["total_capped"]')" "50 51 1000 True"
get big '/ledger?page=2' >/dev/null
has "$tmp/out" "1,000件以上" "the page says more than 1,000"
has "$tmp/out" 'href="/ledger?page=3" rel="next"' "a next page link"
has "$tmp/out" 'href="/ledger?page=1" rel="prev"' "a previous page link"
get big '/ledger?q=%E5%A4%A7%E8%A6%8F%E6%A8%A1&sort=review_due&page=2' >/dev/null
has "$tmp/out" 'href="/ledger?q=%E5%A4%A7%E8%A6%8F%E6%A8%A1&amp;sort=review_due&amp;page=3"' "paging keeps the query"
is "page 0 is refused" "$(get big '/ledger?page=0')" 400
get big /api/v1/ledger/2 >/dev/null
is "another organization's entry 2 is its own (isolation)" "$(json 'd["service"]')" "大規模サービス2"

# ---- one entry
get st /ledger/1 >/dev/null
has "$tmp/out" "(ア) 外部サービスの名称" "every ledger field with its label (app_entry_fields)"
has "$tmp/out" "[5.2(1)④(ア)]" "each field with its clause"
has "$tmp/out" "承認による登録" "the history of versions"
has "$tmp/out" "運用・保守時" "lifecycle checklists per phase"
has "$tmp/out" "[4.1(3)①(ア)]" "the operation items of the profile, with their clauses"
has "$tmp/out" "令和8年4月1日" "entry dates are 和暦"
lacks "$tmp/out" 'action="/ledger/1/checklist"' "no forms for staff who do not keep the entry"
has "$tmp/out" "外部サービス管理者" "the page says who may keep the entry"
get hd /ledger/1 >/dev/null
has "$tmp/out" 'action="/ledger/1/checklist"' "the administrator gets the checklist form"
has "$tmp/out" 'action="/ledger/1/review"' "and the review form"
has "$tmp/out" 'action="/ledger/1/end"' "and the end-of-use form"
has "$tmp/out" 'action="/ledger/1/change"' "and the change form"
has "$tmp/out" "name=\"csrf\" value=\"$HD\"" "every form carries the CSRF token"
get hd '/ledger/1?item=op-o-backup' >/dev/null
has "$tmp/out" '<option value="op-o-backup" selected>' "?item= chooses the item in the form (no JS)"
get st /ledger/2 >/dev/null
lacks "$tmp/out" '<script>alert(1)' "a script in a service name never becomes markup on the entry"
is "no such entry is 404" "$(get st /ledger/99)" 404
is "no such entry is 404 (API)" "$(get st /api/v1/ledger/99)" 404
get st /api/v1/ledger/1 >/dev/null
is "the entry as JSON" "$(json 'd["number"], d["state"], d["may_keep"], len(d["fields"]) > 0, d["versions"][0]["reason"]')" "1 active False True 承認による登録"

# ---- the lifecycle (HTML forms)
is "POST without the CSRF token is 403" "$(post hd /ledger/1/checklist -d 'item=op-o-settings&status=done&evidence=x')" 403
is "POST with a wrong CSRF token is 403" "$(post hd /ledger/1/checklist -d 'csrf=0000&item=op-o-settings&status=done&evidence=x')" 403
is "staff who do not keep the entry are refused (403, app->denied)" \
  "$(post st /ledger/1/checklist --data-urlencode "csrf=$ST" -d 'item=op-o-settings&status=done&evidence=x')" 403
has "$tmp/out" "5.2(2)②" "the refusal cites the clause"
is "done needs evidence (the app says so, 422)" "$(post hd /ledger/1/checklist --data-urlencode "csrf=$HD" -d 'item=op-o-settings&status=done')" 422
is "an item is recorded" \
  "$(post hd /ledger/1/checklist --data-urlencode "csrf=$HD" -d 'item=op-o-settings&status=done' --data-urlencode 'evidence=公開範囲の設定を確認した')" 303
has "$tmp/hdr" "Location: /ledger/1#checklist" "back to the entry after a POST"
has "$tmp/hdr" "daicho_flash=" "with a one-time message"
get st /ledger/1 >/dev/null
has "$tmp/out" "公開範囲の設定を確認した" "the record's evidence is shown"
has "$tmp/out" "check-done" "the record's status is shown"
is "a review before the operation items are recorded is refused" "$(post hd /ledger/1/review --data-urlencode "csrf=$HD" -d 'result=ok')" 422
is "an unchanged change form is refused" \
  "$(post hd /ledger/1/change --data-urlencode "csrf=$HD" -d 'usage_period.to=2027-03-31' --data-urlencode 'reason=x')" 422
is "the usage period end is changed" \
  "$(post hd /ledger/1/change --data-urlencode "csrf=$HD" -d 'usage_period.to=2028-03-31' --data-urlencode 'reason=契約の延長')" 303
get st /api/v1/ledger/1 >/dev/null
is "the change made a version with its reason" "$(json 'd["period_to"], d["version"], d["versions"][-1]["reason"]')" "2028-03-31 2 契約の延長"

# ---- the lifecycle (JSON API)
is "API POST without the token is 403" "$(post hd /api/v1/ledger/1/review -H 'Content-Type: application/json' -d '{"result":"ok"}')" 403
for item in $(get hd /api/v1/ledger/1 >/dev/null; json '" ".join(c["item"] for c in d["checklist"] if c["phase"] == "operation" and c["applies"] and not c["should"])'); do
  is "API records $item" "$(api hd "$HD" /api/v1/ledger/1/checklist "{\"item\":\"$item\",\"status\":\"done\",\"evidence\":\"確認した\"}")" 200
done
is "issues need a note (422)" "$(api hd "$HD" /api/v1/ledger/1/review '{"result":"issues"}')" 422
is "a review is recorded" "$(api hd "$HD" /api/v1/ledger/1/review '{"result":"ok","note":"問題なし"}')" 200
is "the review answers the entry, next due a year on" "$(json 'd["ok"], len(d["entry"]["reviews"]), d["entry"]["review_due"]')" "True 1 2027-04-01"
is "a field that cannot be changed is refused" "$(api hd "$HD" /api/v1/ledger/1/change '{"colour":"red","reason":"x"}')" 422
is "a change is recorded (API)" "$(api hd "$HD" /api/v1/ledger/1/change '{"purpose":"翻訳の下訳を作る","reason":"目的の明確化"}')" 200
is "the API change answers the entry" "$(json 'd["entry"]["purpose"]')" "翻訳の下訳を作る"

# ---- end of use
is "completing before the report is refused" "$(api hd "$HD" /api/v1/ledger/2/end/complete '{}')" 422
is "the end needs a reason" "$(post hd /ledger/2/end --data-urlencode "csrf=$HD" -d 'date=2026-06-30')" 422
is "the end of use is reported" "$(post hd /ledger/2/end --data-urlencode "csrf=$HD" -d 'date=2026-06-30' --data-urlencode 'reason=別サービスへ移行')" 303
has "$tmp/hdr" "Location: /ledger/2#end" "back to the entry's end section"
get st /api/v1/ledger/2 >/dev/null
is "the entry is ending, with its report" "$(json 'd["state"], d["end_report"]["end_date"], d["end_report"]["reason"]')" "ending 2026-06-30 別サービスへ移行"
for item in $(json '" ".join(c["item"] for c in d["checklist"] if c["phase"] == "retirement" and c["applies"] and not c["should"])'); do
  api hd "$HD" /api/v1/ledger/2/checklist "{\"item\":\"$item\",\"status\":\"done\",\"evidence\":\"消去を確認した\"}" >/dev/null
done
is "the end is completed" "$(post hd /ledger/2/end/complete --data-urlencode "csrf=$HD")" 303
get st /api/v1/ledger/2 >/dev/null
is "the entry has ended" "$(json 'd["state"], d["end_report"]["completed_by"]')" "ended hd"
is "an ended entry cannot be changed" "$(api hd "$HD" /api/v1/ledger/2/change '{"purpose":"x","reason":"y"}')" 422
get hd /ledger/2 >/dev/null
lacks "$tmp/out" 'action="/ledger/2/checklist"' "no forms on an ended entry"

# ---- exports
is "staff download the CSV" "$(get st /ledger/export.csv)" 200
has "$tmp/hdr" "Content-Type: text/csv; charset=utf-8" "CSV content type"
has "$tmp/hdr" 'Content-Disposition: attachment; filename="daicho-ledger-20260401.csv"' "a download named by the date"
check "the CSV starts with a UTF-8 BOM" '[ "$(head -c 3 "$tmp/out" | od -An -tx1 | tr -d " ")" = efbbbf ]'
is "the CSV uses CRLF" "$(grep -c $'\r$' "$tmp/out")" 3
has "$tmp/out" "台帳番号,(ア) 外部サービスの名称" "headers are the profile's Japanese labels"
is "every entry of the organization, one row each" "$(tr -cd '\n' <"$tmp/out" | wc -c)" 3
is "XLSX download" "$(get st /ledger/export.xlsx)" 200
has "$tmp/hdr" 'filename="daicho-ledger-20260401.xlsx"' "the XLSX is named by the date"
check "the XLSX is a zip (Office Open XML)" '[ "$(head -c 2 "$tmp/out")" = PK ]'
is "API export" "$(get st '/api/v1/ledger/export?format=csv')" 200
is "API export of an unknown format is 400" "$(get st '/api/v1/ledger/export?format=pdf')" 400
is "who took the ledger is in the audit trail" "$(sql "SELECT count(*) FROM audit_events WHERE action = 'ledger.export' AND actor = 'st'")" 3
check "no export leaves a temporary file" '[ -z "$(ls "$tmp/t")" ]'

stop_server
finish "ledger web"
