#!/usr/bin/env bash
# The organization's list of services that need no application (issue #5
# item 4; tokyo-edu 5 "別紙 … 別途周知"), through the CLI and the web:
#   - `daicho exempt add|list|remove`: exit codes, the field each refusal
#     names, nothing written on refusal, removal kept with its reason;
#   - /exempt and /api/v1/exempt: everyone reads the list, only the
#     administrator / approver roles change it (403 otherwise), CSRF needed,
#     names escaped;
#   - "do I need to apply?" (/lookup) answers from the database's list too,
#     for the listed classes, and stops when the entry is removed.
# Usage: test_exempt.sh PATH/TO/daicho
set -uo pipefail
daicho=$(realpath "$1")
cd "$(dirname "$0")/../.."
. tests/web/lib.sh   # the web tests' helpers: a temporary directory, counts, the server, curl
. tests/cli/lib.sh   # code (and the rest, already there)
http_out=$tmp/body   # web answers; $tmp/out and $tmp/err are the CLI's (code)

export DAICHO_DB=$tmp/e.db
export DAICHO_NOW=2026-04-01T00:30:00Z
PW=exempt-test-pass-1

echo "$PW" | D org create te --name 東京都教育庁 --profile tokyo-edu --admin admin --admin-name "都 管理" --password-stdin >/dev/null
echo "$PW" | D --as admin user add chief --name 統括 --role cyber_chief --password-stdin >/dev/null
echo "$PW" | D --as admin user add staff --name 職員 --role staff --password-stdin >/dev/null
echo "$PW" | D org create kc --name 北九州市 --profile kitakyushu-cloud --admin kadmin --admin-name 北 --password-stdin >/dev/null

# ---- CLI
code 2 "5: kitakyushu has no exempt list" D --as kadmin exempt add 会議 --domain a.example.jp --class 3 --notice 通知
has "$tmp/err" "定めがありません" "kitakyushu refusal says the standard has no list"
code 2 "5: staff may not change the list" D --as staff exempt add 会議 --domain a.example.jp --class C --notice 通知
has "$tmp/err" "システム管理者と許可権限者" "refusal names who may"
code 2 "notice is required" D --as admin exempt add 会議 --domain a.example.jp --class C
has "$tmp/err" "notice:" "refusal names notice"
code 2 "a class outside the profile" D --as admin exempt add 会議 --domain a.example.jp --class 3 --notice 通知
has "$tmp/err" "allowed: A, B, C" "refusal lists the classes"
code 2 "a domain that is not a host" D --as admin exempt add 会議 --domain 'a b' --class C --notice 通知
has "$tmp/err" "domains:" "refusal names domains"
[ "$(count 'SELECT COUNT(*) FROM exempt_services')" = 0 ] && ok || bad "refusals wrote nothing"
code 0 "the approver adds an entry" D --as chief exempt add 全庁共通ウェブ会議 --domain '*.meet.example.jp' --domain meet.example.jp --class C --notice "令和7年4月1日付 7教総第1号通知"
has "$tmp/out" "申請不要のサービス 1「全庁共通ウェブ会議」" "add reports the id"
code 0 "staff lists the list" D --as staff exempt list --json
python3 - "$tmp/out" <<'PY' && ok || bad "list --json: one entry with its domains, classes and clause 5"
import json, sys
rows = json.load(open(sys.argv[1]))
assert len(rows) == 1, rows
r = rows[0]
assert r["domains"] == ["*.meet.example.jp", "meet.example.jp"] and r["classes"] == "C" and r["clause"] == "5", r
assert r["removed_at"] is None and r["created_by"] == "統括", r
PY

# ---- web
start_server
staff_csrf=$(login staff staff)
admin_csrf=$(login admin admin)
k_csrf=$(login kadmin kadmin)

[ "$(get staff '/lookup?service=https://tokyo.meet.example.jp/room/1')" = 200 ] && ok || bad "lookup by URL"
has "$tmp/body" "申請は不要です（条件付き）" "5: a host under *.meet.example.jp is exempt"
has "$tmp/body" "機密性C" "the answer names the classes"
[ "$(get staff '/api/v1/lookup?service=other.example.jp')" = 200 ] && ok || bad "lookup api"
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["answer"] == "apply"' "$tmp/body" && ok ||
  bad "a host not on the list needs an application"
[ "$(get staff /exempt)" = 200 ] && ok || bad "staff reads /exempt"
has "$tmp/body" "全庁共通ウェブ会議" "the page lists the entry"
lacks "$tmp/body" "一覧に加える</button>" "staff sees no add form"
[ "$(get admin /exempt)" = 200 ] && ok || bad "admin reads /exempt"
has "$tmp/body" "一覧に加える</button>" "the administrator sees the add form"
[ "$(get kadmin /exempt)" = 200 ] && ok || bad "kitakyushu /exempt"
has "$tmp/body" "定めがありません" "kitakyushu: the page says the standard has no exempt list"

XSS='<script>alert(1)</script>'
[ "$(post staff /exempt -H "X-CSRF-Token: $staff_csrf" --data-urlencode "name=X" -d "domains=x.example.jp&class=C&notice=n")" = 403 ] && ok ||
  bad "5: staff POST /exempt → 403"
[ "$(post admin /exempt --data-urlencode "name=X" -d "domains=x.example.jp&class=C&notice=n")" = 403 ] && ok ||
  bad "POST /exempt without the CSRF token → 403"
[ "$(post admin /exempt -H "X-CSRF-Token: $admin_csrf" --data-urlencode "name=Y" -d "class=C&notice=n")" = 422 ] && ok ||
  bad "no domain → 422"
has "$tmp/body" "domains:" "the 422 names domains"
[ "$(post admin /exempt -H "X-CSRF-Token: $admin_csrf" --data-urlencode "name=$XSS" --data-urlencode $'domains=x.example.jp\ny.example.jp' -d "class=B&class=C&notice=n")" = 303 ] && ok ||
  bad "the administrator adds with two domains and two classes"
[ "$(get admin /exempt)" = 200 ] && ok || bad "/exempt after add"
lacks "$tmp/body" "$XSS" "a name is escaped"
has "$tmp/body" "&lt;script&gt;" "the name appears escaped"
[ "$(count "SELECT classes FROM exempt_services WHERE name = '$XSS'")" = "B,C" ] && ok || bad "classes stored in the scheme's order"
[ "$(count "SELECT COUNT(*) FROM exempt_domains d JOIN exempt_services e ON e.id = d.exempt_id WHERE e.name = '$XSS'")" = 2 ] && ok ||
  bad "two domains stored"
[ "$(post kadmin /api/v1/exempt -H "X-CSRF-Token: $k_csrf" -H 'Content-Type: application/json' -d '{"name":"Z","domains":"z.example.jp","classes":"3","notice":"n"}')" = 422 ] && ok ||
  bad "kitakyushu API add → 422"
[ "$(get staff /api/v1/exempt)" = 200 ] && ok || bad "GET /api/v1/exempt"
python3 - "$tmp/body" <<'PY' && ok || bad "api: two entries from the organization, may_change false for staff, clause 5"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["clause"] == "5" and d["may_change"] is False, d
names = [s["name"] for s in d["services"] if s["source"] == "organization"]
assert len(names) == 2, names
PY

id=$(count "SELECT id FROM exempt_services WHERE name = '全庁共通ウェブ会議'")
[ "$(post admin /exempt/$id/remove -H "X-CSRF-Token: $admin_csrf" -d reason=)" = 422 ] && ok || bad "removal without a reason → 422"
[ "$(post admin /api/v1/exempt/$id/remove -H "X-CSRF-Token: $admin_csrf" -H 'Content-Type: application/json' -d '{"reason":"通知の廃止"}')" = 200 ] && ok ||
  bad "the administrator removes it through the API"
[ "$(get staff '/api/v1/lookup?service=tokyo.meet.example.jp')" = 200 ] && ok || bad "lookup after removal"
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["answer"] == "apply"' "$tmp/body" && ok ||
  bad "5: a removed entry no longer exempts"
[ "$(get staff '/exempt?all=1')" = 200 ] && ok || bad "/exempt?all=1"
has "$tmp/body" "通知の廃止" "the removed entry is kept with its reason"
stop_server

code 0 "list --all shows the removed entry" D --as staff exempt list --all
has "$tmp/out" "一覧から除外: 通知の廃止" "CLI list --all keeps the reason"
[ "$(count "SELECT COUNT(*) FROM audit_events WHERE action LIKE 'exempt.%'")" = 3 ] && ok || bad "two adds and a removal audited"
D audit verify >/dev/null 2>&1 && ok || bad "the audit chain verifies"

finish
