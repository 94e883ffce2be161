#!/usr/bin/env bash
# The gate before operation on the web (kitakyushu-cloud 3.3③④;
# docs/gate.md) against `daicho serve` on a free port, with curl: the panel
# on the entry's page (構築中, what is missing; forms only for 所属長, 3.3③),
# the gate page and its JSON twin, go-live refused over the API naming
# every missing piece (422, nothing written), others refused (403), the
# procedure forms (303 back to #gate), go-live allowed once all is there and
# only once, no panel on the ordinary track or in a profile without the
# section. Usage: test_gate_web.sh PATH/TO/daicho
set -uo pipefail
daicho=$(realpath "$1")
cd "$(dirname "$0")/../.."
. tests/web/lib.sh
keep_tmp=${KEEP_TMP:-}
check_excerpt=1
settle=0.3

export DAICHO_DB=$tmp/w.db
export DAICHO_NOW=2026-04-10T00:30:00Z
PW=gate-web-test-1
echo "$PW" | D org create kc --name 北九州市 --profile kitakyushu-cloud --admin admin --admin-name "管理 太郎" --password-stdin >/dev/null
echo "$PW" | D --as admin user add kacho --name "課長 美和" --department 健康推進課 --role section_head --password-stdin >/dev/null
echo "$PW" | D --as admin user add ciso --name "最高 隆之" --department 総務局 --role ciso --password-stdin >/dev/null
echo "$PW" | D --as admin user add shokuin --name "職員 彩花" --department 広報課 --role staff --password-stdin >/dev/null
echo "$PW" | D --as admin user add kacho2 --name "課長 大輔" --department 広報課 --role section_head --password-stdin >/dev/null
D --as kacho apply examples/kitakyushu-cloud/important-needs-review.json >/dev/null && D --as kacho submit 1 >/dev/null &&
  D --as ciso decide 1 approve --reason "評価済み" --administrator kacho >/dev/null || bad "fixture: important entry"
D --as shokuin apply examples/kitakyushu-cloud/ordinary-ready.json >/dev/null && D --as shokuin submit 2 >/dev/null &&
  D --as kacho2 decide 2 approve --accept-risks >/dev/null || bad "fixture: ordinary entry"
# kitakyushu-external: the same roles and tracks, no operation_gate section.
echo "$PW" | D org create kx --name 北九州市 --profile kitakyushu-external --admin kxadmin --admin-name "北 管理" --password-stdin >/dev/null
echo "$PW" | D --as kxadmin user add kxstaff --name "職員 一郎" --department 広報課 --role staff --password-stdin >/dev/null
echo "$PW" | D --as kxadmin user add kxhead --name "課長 二郎" --department 広報課 --role section_head --password-stdin >/dev/null
D --as kxstaff apply examples/kitakyushu-external/ordinary-ready.json >/dev/null && D --as kxstaff submit 3 >/dev/null &&
  D --as kxhead decide 3 approve --accept-risks >/dev/null || bad "fixture: kitakyushu-external entry"

export DAICHO_NOW=2026-06-02T00:30:00Z
start_server

K=$(login kacho.jar kacho)
C=$(login ciso.jar ciso)
S=$(login staff.jar shokuin)
T=$(login kx.jar kxhead)
check "fixture: users sign in" '[ -n "$K" ] && [ -n "$C" ] && [ -n "$S" ] && [ -n "$T" ]'

# ---- the panel
check "staff reads the entry (200)" '[ "$(get staff.jar /ledger/1)" = 200 ]'
has "$tmp/out" 'id="gate"' "the entry page has the gate panel"
has "$tmp/out" "運用開始前の確認" "the panel's title"
has "$tmp/out" "構築中" "an approved important entry is 構築中"
has "$tmp/out" "次の 22 件が必要です" "the panel lists what is missing"
has "$tmp/out" "[3.3③(イ)]" "the panel cites 3.3③(イ)"
has "$tmp/out" "実施手順の記録と運用開始の記録は所属長が行います" "staff is told who records (3.3③)"
lacks "$tmp/out" 'action="/ledger/1/gate/procedure"' "no form for staff"
check "the ledger list marks the entry 構築中" '[ "$(get staff.jar /api/v1/ledger)" = 200 ] && [ "$(json "[e[\"gate_phase_label\"] for e in d[\"entries\"]]")" = "['"'"'構築中'"'"', None]" ]'
check "the list page shows it" '[ "$(get staff.jar /ledger)" = 200 ]'
has "$tmp/out" '<small class="gate-phase">構築中</small>' "the list page shows 構築中"
check "所属長 gets the forms" '[ "$(get kacho.jar /ledger/1)" = 200 ]'
has "$tmp/out" 'action="/ledger/1/gate/procedure"' "the procedure form"
has "$tmp/out" 'action="/ledger/1/gate/golive"' "the go-live form"
check "the gate page (200)" '[ "$(get staff.jar /ledger/1/gate)" = 200 ]'
has "$tmp/out" "運用開始前の確認" "the gate page"
check "GET /api/v1/ledger/1/gate" '[ "$(get staff.jar /api/v1/ledger/1/gate)" = 200 ] && [ "$(json "d[\"phase\"]")" = building ] && [ "$(json "len(d[\"missing\"])")" = 22 ] && [ "$(json "d[\"may_record\"]")" = False ]'
check "an unknown entry is 404" '[ "$(get staff.jar /api/v1/ledger/99/gate)" = 404 ]'

# ---- refusals: nothing written
events=$(count "SELECT count(*) FROM audit_events")
check "go-live refused over the API (422) naming every piece" \
  '[ "$(post kacho.jar /api/v1/ledger/1/gate/golive -H "X-CSRF-Token: $K" -H "Content-Type: application/json" -d "{}")" = 422 ]'
has "$tmp/out" "次の 22 件" "the refusal counts them"
has "$tmp/out" "[3.3③(ア)] 実施手順 security-level" "…names 3.3③(ア)"
has "$tmp/out" "[3.3④ 3.3①(エ)・6] 構築時の確認 build-design-time-sync" "…names the last build check"
has "$tmp/out" '"clause":"3.3③(ア)"' "the JSON error carries the clause"
check "CISO may not record a procedure (403)" \
  '[ "$(post ciso.jar /api/v1/ledger/1/gate/procedure -H "X-CSRF-Token: $C" -H "Content-Type: application/json" -d "{\"procedure\":\"recovery\",\"status\":\"prepared\",\"document\":\"x\"}")" = 403 ]'
has "$tmp/out" "所属長" "the 403 names the role"
check "staff may not declare go-live (403)" '[ "$(post staff.jar /ledger/1/gate/golive --data-urlencode csrf=$S)" = 403 ]'
check "a POST without the CSRF token is refused (403)" '[ "$(post kacho.jar /ledger/1/gate/procedure -d procedure=recovery -d status=prepared -d document=x)" = 403 ]'
check "nothing was written" '[ "$(count "SELECT count(*) FROM audit_events")" = "$events" ] && [ "$(count "SELECT count(*) FROM gate_records")" = 0 ]'

# ---- procedures through the form and the API
check "the form records (ア) (303 to #gate)" \
  '[ "$(post kacho.jar /ledger/1/gate/procedure --data-urlencode csrf=$K -d procedure=security-level -d status=prepared --data-urlencode "document=セキュリティ水準維持手順書 第1版")" = 303 ]'
check "the API records (イ)" \
  '[ "$(post kacho.jar /api/v1/ledger/1/gate/procedure -H "X-CSRF-Token: $K" -H "Content-Type: application/json" -d "{\"procedure\":\"incident-handling\",\"status\":\"confirmed\",\"document\":\"事業者の対応手順書\"}")" = 200 ] && [ "$(json "d[\"ok\"]")" = True ] && [ "$(json "len(d[\"gate\"][\"missing\"])")" = 20 ]'
check "a record without the document is 422" \
  '[ "$(post kacho.jar /api/v1/ledger/1/gate/procedure -H "X-CSRF-Token: $K" -H "Content-Type: application/json" -d "{\"procedure\":\"recovery\",\"status\":\"prepared\"}")" = 422 ]'
check "(ウ) then withdrawn through the form" \
  '[ "$(post kacho.jar /ledger/1/gate/procedure --data-urlencode csrf=$K -d procedure=recovery -d status=prepared -d document=old)" = 303 ] && [ "$(post kacho.jar /ledger/1/gate/withdraw --data-urlencode csrf=$K -d procedure=recovery --data-urlencode "note=版が古い")" = 303 ]'
check "the withdrawal shows" '[ "$(get kacho.jar /ledger/1)" = 200 ]'
has "$tmp/out" "取り下げ済み" "a withdrawn procedure is missing again"
has "$tmp/out" "手順の記録の履歴（4 件）" "the history keeps every record"
check "(ウ) again" \
  '[ "$(post kacho.jar /ledger/1/gate/procedure --data-urlencode csrf=$K -d procedure=recovery -d status=prepared --data-urlencode "document=復旧手順書 第2版")" = 303 ]'

# ---- the build checks (3.3④) through the checklist, then go-live
for i in $(get kacho.jar /api/v1/ledger/1/gate >/dev/null; json '" ".join(i["id"] for i in d["build_checks"]["items"])'); do
  post kacho.jar /api/v1/ledger/1/checklist -H "X-CSRF-Token: $K" -H "Content-Type: application/json" \
    -d "{\"item\":\"$i\",\"status\":\"done\",\"evidence\":\"納品物: 詳細設計書\"}" >/dev/null
done
check "all there" '[ "$(get kacho.jar /api/v1/ledger/1/gate)" = 200 ] && [ "$(json "d[\"ready\"]")" = True ] && [ "$(json "len(d[\"missing\"])")" = 0 ]'
check "go-live through the form (303)" \
  '[ "$(post kacho.jar /ledger/1/gate/golive --data-urlencode csrf=$K -d date=2026-06-01 --data-urlencode "note=本番稼働")" = 303 ]'
check "operating" '[ "$(get staff.jar /api/v1/ledger/1/gate)" = 200 ] && [ "$(json "d[\"phase\"]")" = operating ] && [ "$(json "d[\"operation_start\"][\"started_on\"]")" = 2026-06-01 ]'
check "the ledger list marks it 運用中" '[ "$(get staff.jar /api/v1/ledger)" = 200 ] && [ "$(json "d[\"entries\"][0][\"gate_phase_label\"]")" = 運用中 ]'
check "the panel says 運用中" '[ "$(get staff.jar /ledger/1)" = 200 ]'
has "$tmp/out" "運用中" "the panel shows 運用中"
check "a second go-live is refused (422)" \
  '[ "$(post kacho.jar /api/v1/ledger/1/gate/golive -H "X-CSRF-Token: $K" -H "Content-Type: application/json" -d "{}")" = 422 ]'
has "$tmp/out" "記録済み" "the refusal says so"

# ---- no gate
check "the ordinary entry's page" '[ "$(get staff.jar /ledger/2)" = 200 ]'
has "$tmp/out" "運用開始前の確認（3.3③）の定めがありません" "the ordinary track has no gate"
lacks "$tmp/out" 'action="/ledger/2/gate' "no gate forms on the ordinary track"
check "the ordinary entry: no go-live (422)" \
  '[ "$(post kacho.jar /api/v1/ledger/2/gate/golive -H "X-CSRF-Token: $K" -H "Content-Type: application/json" -d "{}")" = 422 ]'
check "a profile without the section: its entry has no gate" \
  '[ "$(get kx.jar /api/v1/ledger/1/gate)" = 200 ] && [ "$(json "d[\"gated\"]")" = False ]'
check "…and its page no gate panel" '[ "$(get kx.jar /ledger/1)" = 200 ]'
lacks "$tmp/out" 'id="gate"' "no panel where the profile has no operation_gate"
check "…and go-live is refused (422)" \
  '[ "$(post kx.jar /api/v1/ledger/1/gate/golive -H "X-CSRF-Token: $T" -H "Content-Type: application/json" -d "{}")" = 422 ]'

stop_server
finish "test_gate_web.sh"
