#!/usr/bin/env bash
# The mail-delivery pages (docs/mail.md; tokyo-edu 11 and its 別紙) with curl
# against `daicho serve` on a free port: the form prefilled with the 記載例,
# CSRF on every POST, escaping, who may (11: 情報資産を所管する者), the 11 ウ
# rules through the form and the API, the A4 print page, the text export and
# the consent CSV (BOM, CRLF, formulas neutralized), and the 404 of a profile
# without the section. Usage: test_mail_web.sh PATH/TO/daicho
set -uo pipefail
daicho=$(realpath "$1")
cd "$(dirname "$0")/../.."
. tests/web/lib.sh
http_hdr=$tmp/hdr   # the answers' headers: Location and Content-Type are checked
settle=0.3

export DAICHO_DB=$tmp/w.db
export DAICHO_NOW=2026-04-10T00:30:00Z
PW=mail-web-test-1
XSS='<script>alert(1)</script>"'"'"'><img src=x onerror=alert(1)>'

echo "$PW" | D org create te --name "都立テスト学校" --profile tokyo-edu --admin teadmin --admin-name "都 管理" --password-stdin >/dev/null
echo "$PW" | D --as teadmin user add kocho --name "校長 花子" --role asset_owner --password-stdin >/dev/null
echo "$PW" | D --as teadmin user add sensei --name "教員 一郎" --role staff --password-stdin >/dev/null
echo "$PW" | D org create kc --name "北九州市" --profile kitakyushu-external --admin cadmin --admin-name "管理 太郎" --password-stdin >/dev/null

start_server

K=$(login kocho.jar kocho)
S=$(login sensei.jar sensei)
C=$(login city.jar cadmin)
check "fixture: users sign in" '[ -n "$K" ] && [ -n "$S" ] && [ -n "$C" ]'

# ---- a profile without mail_delivery: the pages say so (404)
st=$(get city.jar /mail)
check "kitakyushu-external: GET /mail → 404 ($st)" '[ "$st" = 404 ]'
has "$tmp/out" "運用方針の定めがありません" "the 404 page says the standard has no section"
st=$(get city.jar /api/v1/mail)
check "kitakyushu-external: GET /api/v1/mail → 404 JSON ($st)" '[ "$st" = 404 ] && grep -q "\"error\"" "$tmp/out"'

# ---- the list and the form prefilled with the 記載例
st=$(get kocho.jar /mail)
check "GET /mail → 200 ($st)" '[ "$st" = 200 ]'
has "$tmp/out" "11 ウ(イ)" "the list page states the rules with their clauses"
has "$tmp/out" 'href="/mail/new"' "the manager is offered the form"
st=$(get sensei.jar /mail)
lacks "$tmp/out" 'href="/mail/new"' "staff are not offered the form"
st=$(get kocho.jar /mail/new)
check "GET /mail/new → 200 ($st)" '[ "$st" = 200 ]'
has "$tmp/out" "管理担当者 TAIMS 端末を基本とする。" "section 3 prefilled with the 記載例"
has "$tmp/out" "記載例" "the form says the 別紙 is a sample"
has "$tmp/out" 'name="csrf"' "the form carries its CSRF token"

# The form's fields as the browser would send them (from the page itself).
form_fields() { # form_fields CSRF SCHOOL [SECTION=VALUE…] → curl args in $tmp/form
  python3 - "$tmp/new.html" "$@" >"$tmp/form" <<'EOF'
import html, re, sys, urllib.parse
page = open(sys.argv[1], encoding="utf-8").read()
csrf, school = sys.argv[2], sys.argv[3]
over = dict(a.split("=", 1) for a in sys.argv[4:])
f = {"csrf": csrf, "school": school, "issuer": "東京都立テスト学校長　校長　花子", "document_number": "テ学第12号", "date": "2026-04-01"}
for name, body in re.findall(r'<textarea id="[^"]*" name="(s_[a-z_]+)"[^>]*>(.*?)</textarea>', page, re.S):
    f[name] = html.unescape(body)
f.update(over)
print(urllib.parse.urlencode(f))
EOF
}
cp "$tmp/out" "$tmp/new.html"

form_fields "" "学校" && st=$(post kocho.jar /mail/new --data-binary @"$tmp/form")
check "POST /mail/new without the CSRF token → 403 ($st)" '[ "$st" = 403 ]'
form_fields "$K" "$XSS" "s_sending_device=　" && st=$(post kocho.jar /mail/new --data-binary @"$tmp/form")
check "a required section left blank → 422 ($st)" '[ "$st" = 422 ]'
has "$tmp/out" "3 発信する機器" "the refusal names the section"
has "$tmp/out" "11 別紙 3" "…and its clause"
has "$tmp/out" "&lt;script&gt;alert(1)&lt;/script&gt;" "the typed school comes back escaped"
lacks "$tmp/out" "<script>alert(1)" "no raw script in the refused form"
st=$(get kocho.jar /api/v1/mail)
check "nothing was written by the refused POSTs" '[ "$(json "len(d[\"policies\"])")" = 0 ]'
form_fields "$K" "$XSS" && st=$(post kocho.jar /mail/new --data-binary @"$tmp/form")
check "POST /mail/new → 303 ($st)" '[ "$st" = 303 ] && grep -qi "^location: /mail/1" "$tmp/hdr"'
form_fields "$S" "学校" && st=$(post sensei.jar /mail/new --data-binary @"$tmp/form")
check "staff POST /mail/new → 403 ($st)" '[ "$st" = 403 ]'
has "$tmp/out" "情報資産を所管する者" "the refusal names the role of 11"

# ---- the policy page, escaping, issue, consent (11 ウ)
st=$(get kocho.jar /mail/1)
check "GET /mail/1 → 200 ($st)" '[ "$st" = 200 ]'
has "$tmp/out" "&lt;script&gt;alert(1)&lt;/script&gt;" "the school is escaped on the page"
lacks "$tmp/out" "<script>alert(1)" "no raw script on the page"
has "$tmp/out" "発行する" "the draft can be issued"
st=$(post kocho.jar /mail/1/consent --data "csrf=$K&recipient=山田&decision=opt_in")
check "consent before issue → 422 ($st)" '[ "$st" = 422 ]'
has "$tmp/out" "11 ウ(ア)" "…citing 11 ウ(ア)"
st=$(post kocho.jar /mail/1/issue --data "date=2026-04-01")
check "POST /mail/1/issue without CSRF → 403 ($st)" '[ "$st" = 403 ]'
st=$(post sensei.jar /mail/1/issue --data "csrf=$S&date=2026-04-01")
check "staff cannot issue → 403 ($st)" '[ "$st" = 403 ]'
st=$(post kocho.jar /mail/1/issue --data "csrf=$K&date=2026-04-01")
check "POST /mail/1/issue → 303 ($st)" '[ "$st" = 303 ]'
st=$(post kocho.jar /mail/1/consent --data-urlencode "csrf=$K" --data-urlencode "recipient=1年1組 佐藤" --data-urlencode "decision=declined")
check "decline without an alternative → 422 ($st)" '[ "$st" = 422 ]'
has "$tmp/out" "11 ウ(イ)" "…citing 11 ウ(イ)"
st=$(post kocho.jar /mail/1/consent --data-urlencode "csrf=$K" --data-urlencode "recipient=1年1組 佐藤" --data-urlencode "group=1年1組" \
  --data-urlencode "decision=declined" --data-urlencode "alternative=紙の配布（連絡文書）")
check "decline with an alternative → 303 ($st)" '[ "$st" = 303 ]'
st=$(post kocho.jar /api/v1/mail/1/consent -H "X-CSRF-Token: $K" -H 'Content-Type: application/json' \
  -d "{\"recipient\":\"=HYPERLINK(\\\"x\\\")\",\"decision\":\"opt_in\",\"evidence\":\"同意書\"}")
check "API opt-in → 200 ($st)" '[ "$st" = 200 ] && [ "$(json "d[\"ok\"]")" = True ]'
st=$(post kocho.jar /api/v1/mail/1/consent -H "X-CSRF-Token: $K" -H 'Content-Type: application/json' \
  -d "{\"recipient\":\"$(printf '%s' "$XSS" | sed 's/"/\\"/g')\",\"decision\":\"opt_in\"}")
check "API opt-in (script name) → 200 ($st)" '[ "$st" = 200 ]'
st=$(get kocho.jar /mail/1)
has "$tmp/out" "紙の配布（連絡文書）" "the page lists the alternative offered"
lacks "$tmp/out" "<script>alert(1)" "consent names are escaped"
st=$(get sensei.jar /mail/1)
check "staff read the policy → 200 ($st)" '[ "$st" = 200 ]'
lacks "$tmp/out" "1年1組 佐藤" "staff do not see the names of pupils"
st=$(get kocho.jar /api/v1/mail/1/consents)
check "GET /api/v1/mail/1/consents → 200 ($st)" '[ "$st" = 200 ]'
check "counts: 2 opted in, 1 declined, unanswered unknown" '[ "$(json "(d[\"counts\"][\"opted_in\"], d[\"counts\"][\"declined\"], d[\"counts\"][\"not_answered\"])")" = "(2, 1, None)" ]'
st=$(get sensei.jar /api/v1/mail/1/consents)
check "staff GET consents → 403 ($st)" '[ "$st" = 403 ]'

# ---- print, text, CSV
st=$(get sensei.jar /mail/1/print)
check "GET /mail/1/print → 200 ($st)" '[ "$st" = 200 ]'
has "$tmp/out" 'class="print-form mail-print"' "the print page uses the print layout"
has "$tmp/out" '<p class="mail-date"><time datetime="2026-04-01">令和8年4月1日' "the date at the top (和暦)"
has "$tmp/out" '<p class="mail-number">テ学第12号</p>' "the document number"
has "$tmp/out" '<h1 class="mail-title">連絡用メール配信システム運用方針</h1>' "the title"
has "$tmp/out" "8　その他" "numbered sections"
lacks "$tmp/out" "<script>alert(1)" "print page escaped"
st=$(get sensei.jar /mail/1/policy.txt)
check "GET /mail/1/policy.txt → 200 text/plain ($st)" '[ "$st" = 200 ] && grep -qi "^content-type: text/plain" "$tmp/hdr"'
check "the text starts with the date line" '[ "$(head -1 "$tmp/out")" = "令和8年4月1日" ]'
st=$(get kocho.jar /mail/1/consents.csv)
check "GET /mail/1/consents.csv → 200 text/csv ($st)" '[ "$st" = 200 ] && grep -qi "^content-type: text/csv" "$tmp/hdr"'
check "CSV begins with a BOM" '[ "$(head -c 3 "$tmp/out" | od -An -tx1 | tr -d " \n")" = efbbbf ]'
check "CSV lines end with CRLF" 'python3 -c "import sys; b=open(sys.argv[1],\"rb\").read(); sys.exit(0 if b.count(b\"\\r\\n\")==4 and b.count(b\"\\n\")==4 else 1)" "$tmp/out"'
has "$tmp/out" "\"'=HYPERLINK(\"\"x\"\")\"" "a formula-like name is neutralized"
st=$(get sensei.jar /mail/1/consents.csv)
check "staff GET consents.csv → 403 ($st)" '[ "$st" = 403 ]'

# ---- the JSON API: create and update with the document of `daicho mail policy new`
st=$(post kocho.jar /api/v1/mail -H "X-CSRF-Token: $K" -H 'Content-Type: application/json' --data-binary @examples/tokyo-edu/mail/policy.json)
check "POST /api/v1/mail → 200 ($st)" '[ "$st" = 200 ] && [ "$(json "d[\"policy\"][\"number\"]")" = 2 ]'
st=$(post kocho.jar /api/v1/mail -H 'Content-Type: application/json' --data-binary @examples/tokyo-edu/mail/policy.json)
check "POST /api/v1/mail without X-CSRF-Token → 403 ($st)" '[ "$st" = 403 ]'
st=$(post kocho.jar /api/v1/mail -H "X-CSRF-Token: $K" -H 'Content-Type: application/json' --data-binary '{"school": "x", "colour": 1}')
check "unknown key → 400 naming line:col ($st)" '[ "$st" = 400 ] && grep -q "body:1:" "$tmp/out"'
st=$(post kocho.jar /api/v1/mail/1 -H "X-CSRF-Token: $K" -H 'Content-Type: application/json' --data-binary @examples/tokyo-edu/mail/policy.json)
check "updating the issued policy 1 → version 2 ($st)" '[ "$st" = 200 ] && [ "$(json "(d[\"policy\"][\"version\"], d[\"policy\"][\"issued_version\"])")" = "(2, 1)" ]'
st=$(get sensei.jar "/api/v1/mail/1?version=1")
check "version 1 kept as issued ($st)" '[ "$st" = 200 ] && [ "$(json "d[\"policy\"][\"state\"] + str(len(d[\"versions\"]))")" = issued2 ]'
st=$(get kocho.jar /mail/99)
check "GET /mail/99 → 404 ($st)" '[ "$st" = 404 ]'

stop_server
lacks "$tmp/serve.log" "Sanitizer" "the server log has no sanitizer report"
finish test_mail_web.sh
