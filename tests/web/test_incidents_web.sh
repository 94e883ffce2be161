#!/usr/bin/env bash
# The incident pages and API (otokuni 3.4①(ケ); docs/incidents.md) against
# `daicho serve` on a free port, with curl: a staff user reports from the
# form (the ledger entry preset) and through the API; a report with no
# service is refused naming the field and clause; the receiver role
# (情報セキュリティ責任者) lists every report, another staff user gets 404
# for a report not theirs; steps out of order (422) or by a role that may
# not take them (403); the handling approach at the start (3.1(7)⑤); the
# ledger entry's panel; CSRF. Usage: test_incidents_web.sh PATH/TO/daicho
set -uo pipefail
daicho=$(realpath "$1")
cd "$(dirname "$0")/../.."
. tests/web/lib.sh
keep_tmp=${KEEP_TMP:-}
check_excerpt=1
settle=0.3

export DAICHO_DB=$tmp/w.db
export DAICHO_NOW=2026-04-10T00:30:00Z
PW=incident-web-test-1
echo "$PW" | D org create ot --name "乙訓" --profile otokuni --admin admin --admin-name "管理 太郎" --password-stdin >/dev/null
for u in "sekinin 責任一郎 security_officer" "tokatsu 統括次郎 chief_security_officer" "shokuin 職員花子 staff" "tanin 他人三郎 staff"; do
  set -- $u
  echo "$PW" | D --as admin user add "$1" --name "$2" --department 総務課 --role "$3" --password-stdin >/dev/null || bad "user add $1"
done
D --as sekinin apply examples/otokuni/ordinary-ready.json >/dev/null || bad "apply"
D --as sekinin submit 1 >/dev/null || bad "submit"
D --as tokatsu decide 1 approve --accept-risks >/dev/null || bad "approve"

start_server
S=$(login s.jar shokuin)
T=$(login t.jar tanin)
R=$(login r.jar sekinin)
C=$(login c.jar tokatsu)
check "fixture: everyone signs in" '[ -n "$S" ] && [ -n "$T" ] && [ -n "$R" ] && [ -n "$C" ]'
JSON=(-H "Content-Type: application/json")

# ---- the entry's panel and the form with the entry preset
check "the ledger entry shows the incident panel" '[ "$(get s.jar /ledger/1)" = 200 ]'
has "$http_out" '<section id="incidents">' "the panel is there"
has "$http_out" 'href="/incidents/new?entry=1"' "the panel links the form with the entry"
check "the form with the entry preset" '[ "$(get s.jar "/incidents/new?entry=1")" = 200 ]'
has "$http_out" "アンケートフォームC" "the form names the entry's service"
has "$http_out" "情報セキュリティ責任者に届きます" "the form says who receives (3.4①(ケ))"
check "the form's JSON twin lists the kinds" '[ "$(get s.jar "/api/v1/incidents/new?entry=1")" = 200 ] && [ "$(json "[k[\"id\"] for k in d[\"kinds\"]][1]")" = misuse ] && [ "$(json "d[\"receiver_clause\"]")" = "3.4①(ケ)・1" ]'
check "an unknown entry in the form is refused" '[ "$(get s.jar "/incidents/new?entry=99")" != 200 ]'

# ---- reports
check "a report with no service is refused (422), naming the field and clause" \
  '[ "$(post s.jar /incidents --data-urlencode csrf=$S -d kind=misuse --data-urlencode title=x)" = 422 ]'
has "$http_out" "entry / service" "names the field"
has "$http_out" "[3.4①(ケ)・1]" "names the clause"
check "an unknown entry is refused (422)" \
  '[ "$(post s.jar /api/v1/incidents -H "X-CSRF-Token: $S" "${JSON[@]}" -d "{\"entry\":\"9\",\"kind\":\"misuse\",\"title\":\"x\"}")" = 422 ] && [ "$(json "d[\"clause\"]")" = "3.4①(ケ)・1" ]'
check "a report without the CSRF token is refused (403)" '[ "$(post s.jar /incidents -d entry=1 -d kind=misuse -d title=x)" = 403 ]'
check "nothing was written by the refusals" '[ "$(count "SELECT count(*) FROM incidents")" = 0 ]'
check "the staff user reports on entry 1 from the form (303 to the report)" \
  '[ "$(post s.jar /incidents --data-urlencode csrf=$S -d entry=1 -d kind=misuse --data-urlencode "title=名簿の目的外利用の疑い" --data-urlencode "noticed=2026-04-09T21:15")" = 303 ]'
check "another staff user reports an unapproved service through the API" \
  '[ "$(post t.jar /api/v1/incidents -H "X-CSRF-Token: $T" "${JSON[@]}" -d "{\"service\":\"無料翻訳サイト\",\"kind\":\"unapproved-use\",\"title\":\"未承認の翻訳\"}")" = 200 ] && [ "$(json "d[\"number\"]")" = 2 ]'
check "the receiver role is notified" '[ "$(count "SELECT count(*) FROM notifications WHERE kind = '"'"'incident.report'"'"' AND role = '"'"'security_officer'"'"'")" = 2 ]'

# ---- who reads
check "the reporter's list has only their report" '[ "$(get s.jar /api/v1/incidents)" = 200 ] && [ "$(json "[i[\"number\"] for i in d[\"incidents\"]]")" = "[1]" ] && [ "$(json "d[\"scope\"]")" = own ]'
check "another staff user gets 404 for it (page)" '[ "$(get t.jar /incidents/1)" = 404 ]'
check "…and through the API" '[ "$(get t.jar /api/v1/incidents/1)" = 404 ]'
check "the receiver lists every report" '[ "$(get r.jar /api/v1/incidents)" = 200 ] && [ "$(json "[i[\"number\"] for i in d[\"incidents\"]]")" = "[2, 1]" ] && [ "$(json "d[\"scope\"]")" = all ]'
# The dashboard: the incidents not closed, all of them for the receiver, one's own for staff.
check "the receiver's dashboard lists both open reports" '[ "$(get r.jar /api/v1/dashboard)" = 200 ] && [ "$(json "[i[\"number\"] for i in d[\"open_incidents\"]]")" = "[2, 1]" ]'
check "the dashboard page has the section" '[ "$(get r.jar /)" = 200 ]'
has "$http_out" "終結していないインシデント" "the receiver's section title"
check "the reporter's dashboard lists only their report" '[ "$(get s.jar /api/v1/dashboard)" = 200 ] && [ "$(json "[i[\"number\"] for i in d[\"open_incidents\"]]")" = "[1]" ]'
check "the list page with a state filter" '[ "$(get r.jar "/incidents?state=received")" = 200 ]'
has "$http_out" "名簿の目的外利用の疑い" "the list shows report 1"
check "an unknown state filter is refused" '[ "$(get r.jar "/api/v1/incidents?state=done")" != 200 ]'
check "the report page offers the receiver the start form" '[ "$(get r.jar /incidents/1)" = 200 ]'
has "$http_out" 'id="form-start"' "the start form"
has "$http_out" "提供者と合意した対処方法が記録されていません" "no agreed approach on the entry"
check "the reporter's page has no step form" '[ "$(get s.jar /incidents/1)" = 200 ]'
lacks "$http_out" 'id="form-start"' "no start form for staff"

# ---- steps
check "staff may not start (403)" '[ "$(post s.jar /incidents/1/step --data-urlencode csrf=$S -d action=start -d approach=recovery_first)" = 403 ]'
check "resolve before handling (422)" '[ "$(post r.jar /api/v1/incidents/1/step -H "X-CSRF-Token: $R" "${JSON[@]}" -d "{\"action\":\"resolve\",\"note\":\"x\"}")" = 422 ]'
has "$http_out" "手順の順序" "names the rule"
check "start with recovery first (303)" '[ "$(post r.jar /incidents/1/step --data-urlencode csrf=$R -d action=start -d approach=recovery_first)" = 303 ]'
check "the JSON shows handling and the next steps" '[ "$(get r.jar /api/v1/incidents/1)" = 200 ] && [ "$(json "d[\"state\"]")" = handling ] && [ "$(json "d[\"approach\"]")" = recovery_first ] && [ "$(json "\",\".join(d[\"actions\"])")" = "note,resolve" ]'
check "resolve (API)" '[ "$(post r.jar /api/v1/incidents/1/step -H "X-CSRF-Token: $R" "${JSON[@]}" -d "{\"action\":\"resolve\",\"note\":\"削除を確認\"}")" = 200 ] && [ "$(json "d[\"incident\"][\"state\"]")" = resolved ]'
check "統括情報セキュリティ責任者 closes (a closer role)" '[ "$(post c.jar /api/v1/incidents/1/step -H "X-CSRF-Token: $C" "${JSON[@]}" -d "{\"action\":\"close\"}")" = 200 ] && [ "$(json "d[\"incident\"][\"state\"]")" = closed ]'
check "nothing after closed (422)" '[ "$(post r.jar /incidents/1/step --data-urlencode csrf=$R -d action=reopen -d note=x)" = 422 ]'
check "the reporter sees the state" '[ "$(get s.jar /incidents/1)" = 200 ]'
has "$http_out" "incident-closed" "the closed badge"
has "$http_out" "削除を確認" "the timeline"
check "a closed report leaves the receiver's dashboard" '[ "$(get r.jar /api/v1/dashboard)" = 200 ] && [ "$(json "[i[\"number\"] for i in d[\"open_incidents\"]]")" = "[2]" ]'
check "the reporter was told of each change" '[ "$(count "SELECT count(*) FROM notifications WHERE kind = '"'"'incident.step'"'"'")" = 3 ]'
stop_server
check "the audit chain verifies" 'D --as admin audit verify >/dev/null'

finish web_incidents
