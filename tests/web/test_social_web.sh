#!/usr/bin/env bash
# The social-media pages and API (tokyo-edu 10) against `daicho serve` on a
# free port, with curl. Above all: a password given to the password check
# (10オ(ア)) never reaches the answer, the access log, the server's output,
# the audit trail or the database file. Also: who may register (10:
# 情報資産を所管する者 → others 403), the pre-posting check's verdicts, the
# playbook pages, and 404 with a message where the profile has no
# social_media section. Usage: test_social_web.sh PATH/TO/daicho
set -uo pipefail
daicho=$(realpath "$1")
cd "$(dirname "$0")/../.."
. tests/web/lib.sh
keep_tmp=${KEEP_TMP:-}   # KEEP_TMP=1: keep the temporary directory for a look
check_excerpt=1          # a failed check shows the start of the answer
settle=0.3

export DAICHO_DB=$tmp/w.db
export DAICHO_NOW=2026-04-10T00:30:00Z
PW=social-web-test-1
# The candidate of the password check: distinctive, so that a grep finds any copy.
CANDIDATE='Zx9#QuokkaMarmalade-77'
echo "$PW" | D org create te --name "東京都教育庁" --profile tokyo-edu --admin admin --admin-name "管理 太郎" --password-stdin >/dev/null
echo "$PW" | D --as admin user add owner --name "所管 太郎" --department 広報課 --role asset_owner --password-stdin >/dev/null
echo "$PW" | D --as admin user add staff --name "職員 花子" --department 広報課 --role staff --password-stdin >/dev/null
echo "$PW" | D org create kx --name "北九州市" --profile kitakyushu-external --admin kxadmin --admin-name "北 管理" --password-stdin >/dev/null

start_server --access-log "$tmp/access.log"

O=$(login owner.jar owner)
S=$(login staff.jar staff)
K=$(login kx.jar kxadmin)
check "fixture: the owner signs in" '[ -n "$O" ]'

# ---- register (10: 情報資産を所管する者)
check "staff gets no registration form, only who registers" '[ "$(get staff.jar /social/new)" = 200 ]'
has "$tmp/out" "公式アカウントの登録は情報資産を所管する者が行います" "the page names the role (10)"
lacks "$tmp/out" 'action="/social"' "no form is offered to staff"
check "staff cannot register (403)" '[ "$(post staff.jar /api/v1/social -H "X-CSRF-Token: $S" -H "Content-Type: application/json" -d "{\"service\":\"X\",\"account_name\":\"@s\",\"verified\":\"obtained\",\"two_factor\":\"enabled\"}")" = 403 ]'
check "the owner opens the form" '[ "$(get owner.jar /social/new)" = 200 ]'
check "the owner registers an account (303)" \
  '[ "$(post owner.jar /social --data-urlencode csrf=$O --data-urlencode service=Instagram --data-urlencode account_name=@school --data-urlencode verified=not_offered --data-urlencode two_factor=enabled --data-urlencode "password_holders=広報 花子" --data-urlencode "devices=広報用iPad" --data-urlencode "unmanaged_devices=私物スマートフォン")" = 303 ]'
check "GET /api/v1/social lists it" '[ "$(get staff.jar /api/v1/social)" = 200 ] && [ "$(json "d[\"accounts\"][0][\"account_name\"]")" = @school ]'
check "the new account is due for monitoring today (10カ)" '[ "$(json "d[\"due\"][0][\"overdue\"]")" = False ]'
check "GET /api/v1/social/1 shows devices, managed or not" '[ "$(get staff.jar /api/v1/social/1)" = 200 ] && [ "$(json "[x[\"managed\"] for x in d[\"devices\"]]")" = "[True, False]" ]'
check "an unknown account is 404" '[ "$(get staff.jar /social/99)" = 404 ]'
check "a check is recorded through the API" \
  '[ "$(post owner.jar /api/v1/social/1/check -H "X-CSRF-Token: $O" -H "Content-Type: application/json" -d "{\"item\":\"two-step-auth\",\"status\":\"done\",\"evidence\":\"設定画面で確認\"}")" = 200 ]'
check "…and shown with its clause" '[ "$(json "[c[\"clause\"] for c in d[\"account\"][\"checks\"] if c[\"item\"]==\"two-step-auth\"][0]")" = "10オ(イ)" ]'
check "staff cannot record monitoring (403)" '[ "$(post staff.jar /social/1/monitor --data-urlencode csrf=$S -d result=ok)" = 403 ]'
check "the owner records monitoring (303)" '[ "$(post owner.jar /social/1/monitor --data-urlencode csrf=$O -d result=ok)" = 303 ]'
check "a POST without the CSRF token is refused (403)" '[ "$(post owner.jar /social/1/monitor -d result=ok)" = 403 ]'

# ---- pre-posting check (any user)
check "staff checks a post with a bit.ly link (200, needs_review, 10ケ(ア))" \
  '[ "$(post staff.jar /api/v1/social/post-check -H "X-CSRF-Token: $S" -H "Content-Type: application/json" -d "{\"account\":1,\"text\":\"申込み https://bit.ly/x\",\"confidentiality\":\"C\",\"confirmed\":\"conduct,laws,rights,accuracy,secrets-care,no-quotes-links,no-defamation,no-discrimination,no-illegal,no-personal-views,no-secrets,no-rights-infringement,no-security-threat,no-rumours,no-indecency,no-undecided-policy,no-outsider-posting,no-other-improper\"}")" = 200 ] && [ "$(json "d[\"verdict\"]")" = needs_review ] && [ "$(json "d[\"findings\"][0][\"clause\"]")" = "10ケ(ア)" ]'
check "class B is blocked (10ウ(ア))" \
  '[ "$(post staff.jar /social/post-check --data-urlencode csrf=$S --data-urlencode "text=会議メモ" -d confidentiality=B)" = 200 ]'
has "$tmp/out" "投稿できません" "the page shows the blocked verdict"
has "$tmp/out" "[10ウ(ア)]" "the page cites 10ウ(ア)"
check "the checklist and rules are readable (GET /api/v1/social/post-check)" \
  '[ "$(get staff.jar /api/v1/social/post-check)" = 200 ] && [ "$(json "len(d[\"prohibited\"])")" = 18 ]'

# ---- password check: never echoed, logged, audited or stored (10オ(ア))
check "the form is offered" '[ "$(get staff.jar /social/password-check)" = 200 ]'
check "POST /social/password-check answers 200" \
  '[ "$(post staff.jar /social/password-check --data-urlencode csrf=$S --data-urlencode "candidate=$CANDIDATE")" = 200 ]'
has "$tmp/out" "パスワードポリシーを満たしています" "the page says the candidate passes"
lacks "$tmp/out" "$CANDIDATE" "the page does not contain the candidate"
check "POST /api/v1/social/password-check: a short one fails, naming what is missing" \
  '[ "$(post staff.jar /api/v1/social/password-check -H "X-CSRF-Token: $S" -H "Content-Type: application/json" -d "{\"candidate\":\"quokkashort1\"}")" = 200 ] && [ "$(json "d[\"ok\"]")" = False ] && [ "$(json "\",\".join(d[\"missing\"])")" = "upper,symbol" ]'
lacks "$tmp/out" "quokkashort1" "the API answer does not contain the candidate"
check "the API with the distinctive candidate" \
  '[ "$(post staff.jar /api/v1/social/password-check -H "X-CSRF-Token: $S" -H "Content-Type: application/json" -d "{\"candidate\":\"$CANDIDATE\"}")" = 200 ] && [ "$(json "d[\"ok\"]")" = True ]'
lacks "$tmp/out" "$CANDIDATE" "the API answer does not contain the candidate"
# Stop the server so that every log line and database page is written.
stop_server
check "the access log recorded the password-check requests" 'grep -q "/social/password-check" "$tmp/access.log"'
lacks "$tmp/access.log" "$CANDIDATE" "the access log does not contain the candidate"
lacks "$tmp/access.log" "uokka" "the access log does not contain any candidate"
lacks "$tmp/serve.log" "uokka" "the server output does not contain any candidate"
if grep -a -q "uokka" "$DAICHO_DB"* 2>/dev/null; then bad "a candidate reached the database files"; else ok; fi
n=$(sqlite3 "$DAICHO_DB" "SELECT count(*) FROM audit_events WHERE data LIKE '%uokka%' OR action LIKE '%password%'" 2>/dev/null || echo 0)
[ "$n" = 0 ] && ok || bad "the audit trail mentions the password check ($n events)"
# The post text is not kept either (app_social_post_check keeps a digest).
if grep -a -q "会議メモ" "$DAICHO_DB"* 2>/dev/null; then bad "a post text reached the database files"; else ok; fi

# ---- playbook pages, and a profile without social_media
serve_log=$tmp/serve2.log start_server
check "the owner starts the flaming playbook (303 to the run)" \
  '[ "$(post owner.jar /social/1/playbook --data-urlencode csrf=$O -d playbook=flaming)" = 303 ]'
check "the run page lists the steps of 10キ(イ)" '[ "$(get staff.jar /social/runs/1)" = 200 ]'
has "$tmp/out" "反論や抗弁は控え" "step 1 of 10キ(イ)"
check "step 2 before step 1 is refused (422)" '[ "$(post owner.jar /social/runs/1/step --data-urlencode csrf=$O -d step=2)" = 422 ]'
has "$tmp/out" "先に手順 1" "the refusal names step 1"
for s in 1 2 3; do
  check "step $s (303)" '[ "$(post owner.jar /social/runs/1/step --data-urlencode csrf=$O -d step=$s --data-urlencode note=対応)" = 303 ]'
done
check "close (API)" '[ "$(post owner.jar /api/v1/social/runs/1/close -H "X-CSRF-Token: $O" -H "Content-Type: application/json" -d "{}")" = 200 ] && [ -n "$(json "d[\"run\"][\"closed_at\"]")" ]'
check "kitakyushu: /social is 404" '[ "$(get kx.jar /social)" = 404 ]'
has "$tmp/out" "ソーシャルメディアの定めがありません" "the 404 page says why"
check "kitakyushu: /api/v1/social/password-check is 404" '[ "$(post kx.jar /api/v1/social/password-check -H "X-CSRF-Token: $K" -H "Content-Type: application/json" -d "{\"candidate\":\"x\"}")" = 404 ]'

finish
