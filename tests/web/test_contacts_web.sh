#!/usr/bin/env bash
# The contact chart's pages and API (連絡体制図; tokyo-edu 3.1.9①) against
# `daicho serve` on a free port, with curl: everyone reads it, only whoever
# keeps the entry (its administrator, the approver; 4, 3.2.2) saves and
# reviews it (others 403, no form offered); every POST needs the CSRF token;
# the form without JavaScript saves a chart, a bad member is refused naming
# it, text from the chart is escaped; the JSON document through the API; the
# review; the entry page's panel; the A4 print page; CSV with BOM and CRLF;
# 404 for an unknown entry. Usage: test_contacts_web.sh PATH/TO/daicho
set -uo pipefail
daicho=$(realpath "$1")
cd "$(dirname "$0")/../.."
. tests/web/lib.sh
keep_tmp=${KEEP_TMP:-}
check_excerpt=1
settle=0.3

export DAICHO_DB=$tmp/w.db
export DAICHO_NOW=2026-04-10T00:30:00Z
PW=contacts-web-test-1
echo "$PW" | D org create te --name "東京都教育庁" --profile tokyo-edu --admin admin --admin-name "管理 太郎" --password-stdin >/dev/null
echo "$PW" | D --as admin user add owner --name "所管 太郎" --department 学務課 --role asset_owner --password-stdin >/dev/null
echo "$PW" | D --as admin user add officer --name "局責 次郎" --department 局 --role cyber_officer --password-stdin >/dev/null
echo "$PW" | D --as admin user add staff --name "職員 花子" --department 学務課 --role staff --password-stdin >/dev/null
D --as owner apply examples/tokyo-edu/ordinary-ready.json >/dev/null || bad "apply"
D --as owner submit 1 >/dev/null || bad "submit"
D --as officer decide 1 approve --reason 承認 --accept-risks >/dev/null || bad "approve"

start_server
O=$(login owner.jar owner)
F=$(login officer.jar officer)
S=$(login staff.jar staff)
check "fixture: the owner signs in" '[ -n "$O" ] && [ -n "$S" ] && [ -n "$F" ]'

# ---- reading; no chart yet
check "staff reads the page (200)" '[ "$(get staff.jar /ledger/1/contacts)" = 200 ]'
has "$tmp/out" "未作成" "the chart is missing"
has "$tmp/out" "外部サービス管理者" "staff is told who keeps the entry"
lacks "$tmp/out" 'action="/ledger/1/contacts"' "no form is offered to staff"
check "the owner gets the form" '[ "$(get owner.jar /ledger/1/contacts)" = 200 ]'
has "$tmp/out" 'action="/ledger/1/contacts"' "the form is offered to the administrator"
has "$tmp/out" 'name="p1_phone"' "the form has provider rows"
check "the administrator's dashboard lists the missing chart" '[ "$(get owner.jar /)" = 200 ]'
has "$tmp/out" "連絡体制図の作成" "the due row names the chart"
has "$tmp/out" 'href="/ledger/1/contacts"' "the due row links to the chart"
check "the dashboard's JSON names the kind" '[ "$(get owner.jar /api/v1/dashboard)" = 200 ] && grep -q "contact_chart_missing" "$http_out"'
check "an unknown entry is 404" '[ "$(get staff.jar /ledger/99/contacts)" = 404 ]'
check "the API of an unknown entry is 404" '[ "$(get staff.jar /api/v1/ledger/99/contacts)" = 404 ]'
check "print without a chart is a blank sheet to fill in (200)" '[ "$(get staff.jar /ledger/1/contacts/print)" = 200 ]'
has "$tmp/out" "記入用の様式" "the blank sheet says so"
has "$tmp/out" "所管 太郎" "the blank sheet has the internal path"
check "print of an unknown entry is 404" '[ "$(get staff.jar /ledger/99/contacts/print)" = 404 ]'
check "CSV of an unknown entry is 404" '[ "$(get staff.jar /ledger/99/contacts.csv)" = 404 ]'
check "the API says missing" '[ "$(get staff.jar /api/v1/ledger/1/contacts)" = 200 ] && [ "$(json "d[\"status\"]")" = missing ]'
check "the entry page has the panel" '[ "$(get staff.jar /ledger/1)" = 200 ]'
has "$tmp/out" 'id="contacts"' "the entry page shows the contacts panel"

# ---- who may save; CSRF
check "staff cannot save through the API (403)" \
  '[ "$(post staff.jar /api/v1/ledger/1/contacts -H "X-CSRF-Token: $S" -H "Content-Type: application/json" --data-binary @examples/tokyo-edu/contacts/chart.json)" = 403 ]'
check "staff cannot save through the form (403)" \
  '[ "$(post staff.jar /ledger/1/contacts --data-urlencode csrf=$S --data-urlencode p1_org=X --data-urlencode p1_name=Y --data-urlencode p1_phone=03-1111-2222 -d p1_weekday=1 -d has_subcontractors=false)" = 403 ]'
check "a POST without the CSRF token is refused (403)" \
  '[ "$(post owner.jar /ledger/1/contacts --data-urlencode p1_org=X --data-urlencode p1_name=Y --data-urlencode p1_phone=03-1111-2222 -d p1_weekday=1 -d has_subcontractors=false)" = 403 ]'
check "the API without the CSRF header is refused (403)" \
  '[ "$(post owner.jar /api/v1/ledger/1/contacts -H "Content-Type: application/json" --data-binary @examples/tokyo-edu/contacts/chart.json)" = 403 ]'
check "nothing was saved" '[ "$(count "SELECT count(*) FROM contact_charts")" = 0 ]'

# ---- the form: refusals name the member or clause, then a save with markup in it
check "a weekday-only chart is refused (3.1.9①, 422)" \
  '[ "$(post owner.jar /ledger/1/contacts --data-urlencode csrf=$O --data-urlencode p1_org=X社 --data-urlencode p1_name=窓口 --data-urlencode p1_phone=03-1111-2222 -d p1_weekday=1 -d has_subcontractors=false)" = 422 ]'
has "$tmp/out" "3.1.9①" "the refusal cites 3.1.9①"
check "a bad phone is refused naming it (422)" \
  '[ "$(post owner.jar /ledger/1/contacts --data-urlencode csrf=$O --data-urlencode p1_org=X社 --data-urlencode p1_name=窓口 --data-urlencode p1_phone=03 -d p1_holiday=1 -d p1_night=1 -d has_subcontractors=false)" = 422 ]'
has "$tmp/out" "provider[1].phone" "the refusal names provider[1].phone"
check "the owner saves through the form (303)" \
  '[ "$(post owner.jar /ledger/1/contacts --data-urlencode csrf=$O --data-urlencode "p1_org=<script>alert(1)</script>社" --data-urlencode p1_dept=当番 --data-urlencode p1_phone=0120-111-222 -d p1_weekday=1 -d p1_holiday=1 -d p1_night=1 -d has_subcontractors=false -d approach=recovery_first --data-urlencode "escalation_timing=1時間以内" --data-urlencode e_administrator_phone=内線123)" = 303 ]'
check "version 1 is stored" '[ "$(count "SELECT count(*) FROM contact_charts")" = 1 ]'
check "the page shows the chart" '[ "$(get staff.jar /ledger/1/contacts)" = 200 ]'
has "$tmp/out" "&lt;script&gt;alert(1)&lt;/script&gt;社" "the organization is escaped"
lacks "$tmp/out" "<script>alert" "no markup from the chart"
has "$tmp/out" "復旧優先" "the approach is shown"
has "$tmp/out" "内線123" "the administrator's number is shown"
has "$tmp/out" "09:30" "the time of the version is shown in Japan"
lacks "$tmp/out" "bad format" "every value is formatted"

# ---- the API: the document, then a review
check "the owner saves the example through the API (201)" \
  '[ "$(post owner.jar "/api/v1/ledger/1/contacts?note=%E5%88%9D%E7%89%88" -H "X-CSRF-Token: $O" -H "Content-Type: application/json" --data-binary @examples/tokyo-edu/contacts/chart.json)" = 201 ] && [ "$(json "d[\"contacts\"][\"version\"]")" = 2 ]'
check "…with the approach for the incidents area" '[ "$(json "d[\"contacts\"][\"approach\"]")" = continuity_first ]'
check "a bad document is 422 naming the member" \
  '[ "$(post owner.jar /api/v1/ledger/1/contacts -H "X-CSRF-Token: $O" -H "Content-Type: application/json" -d "{\"provider\":[],\"has_subcontractors\":false}")" = 422 ] && grep -q "provider" "$tmp/out"'
check "the approver reviews through the form (303)" '[ "$(post officer.jar /ledger/1/contacts/review --data-urlencode csrf=$F)" = 303 ]'
check "staff cannot review (403)" '[ "$(post staff.jar /api/v1/ledger/1/contacts/review -H "X-CSRF-Token: $S" -H "Content-Type: application/json" -d "{}")" = 403 ]'
check "the owner reviews through the API (200, version 4)" \
  '[ "$(post owner.jar /api/v1/ledger/1/contacts/review -H "X-CSRF-Token: $O" -H "Content-Type: application/json" -d "{\"note\":\"異動なし\"}")" = 200 ] && [ "$(json "d[\"contacts\"][\"version\"]")" = 4 ]'
check "GET the API: current, 4 versions, the path" \
  '[ "$(get staff.jar /api/v1/ledger/1/contacts)" = 200 ] && [ "$(json "d[\"status\"]")" = current ] && [ "$(json "len(d[\"versions\"])")" = 4 ] && [ "$(json "d[\"escalation_path\"][0][\"people\"][0][\"login\"]")" = owner ]'
check "the review note is kept" '[ "$(json "d[\"versions\"][0][\"note\"]")" = 異動なし ]'
check "the entry page's panel shows the approach" '[ "$(get staff.jar /ledger/1)" = 200 ]'
has "$tmp/out" "業務継続優先" "panel approach"
has "$tmp/out" "0120-123-456" "panel holiday/night number"

# ---- the form as the browser submits it, unchanged, saves the same document
check "the owner opens the filled form" '[ "$(get owner.jar /ledger/1/contacts)" = 200 ]'
"$py" - "$http_out" >"$tmp/form.txt" <<'PY'
import sys, html.parser, urllib.parse
class F(html.parser.HTMLParser):
    def __init__(s):
        super().__init__(); s.on = False; s.fields = []; s.ta = None
    def handle_starttag(s, t, a):
        a = dict(a)
        if t == "form": s.on = a.get("action") == "/ledger/1/contacts"
        if not s.on: return
        if t == "input" and "name" in a:
            if a.get("type") in ("checkbox", "radio") and "checked" not in a: return
            s.fields.append((a["name"], a.get("value", "")))
        if t == "textarea": s.ta = [a["name"], ""]
    def handle_data(s, d):
        if s.ta is not None: s.ta[1] += d
    def handle_endtag(s, t):
        if t == "textarea" and s.ta is not None: s.fields.append(tuple(s.ta)); s.ta = None
        if t == "form": s.on = False
f = F(); f.feed(open(sys.argv[1], encoding="utf-8").read())
print(urllib.parse.urlencode(f.fields))
PY
check "the form carries the recorded rows" 'grep -q "p2_phone=0120-123-456" "$tmp/form.txt" && grep -q "s1c1_phone=06-1234-0000" "$tmp/form.txt"'
check "posting it back (303)" '[ "$(post owner.jar /ledger/1/contacts --data-binary @$tmp/form.txt -H "Content-Type: application/x-www-form-urlencoded")" = 303 ]'
check "…stores the same document as version 5" \
  '[ "$(count "SELECT count(*) FROM contact_charts a JOIN contact_charts b ON a.entry_id = b.entry_id WHERE a.version = 4 AND b.version = 5 AND a.doc = b.doc")" = 1 ]'

# ---- print and CSV
check "the print page (200)" '[ "$(get staff.jar /ledger/1/contacts/print)" = 200 ]'
has "$tmp/out" "インシデント発生時の連絡体制図" "print title"
has "$tmp/out" "サンプルデータセンター株式会社" "print lists the subcontractor"
lacks "$tmp/out" "bad format" "every value of the print page is formatted"
http_hdr=$tmp/hdr
check "the CSV (200)" '[ "$(get staff.jar /ledger/1/contacts.csv)" = 200 ]'
has "$tmp/hdr" "text/csv" "CSV content type"
has "$tmp/hdr" "daicho-contacts-1-" "CSV file name"
check "CSV starts with a BOM" '[ "$(head -c 3 "$http_out" | od -An -tx1 | tr -d " ")" = efbbbf ]'
check "CSV lines end in CRLF" 'grep -q $'"'"'\r$'"'"' "$http_out"'
has "$tmp/out" "0120-123-456" "CSV has the number"
check "all charts as CSV (200)" '[ "$(get staff.jar /ledger/contacts.csv)" = 200 ]'
has "$tmp/out" "障害受付センター" "the whole CSV"
http_hdr=/dev/null
stop_server
check "every save and review is audited" '[ "$(count "SELECT count(*) FROM audit_events WHERE action LIKE '"'"'contacts.%'"'"'")" = 5 ]'

finish web_contacts
