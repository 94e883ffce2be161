#!/usr/bin/env bash
# Discovery of unapproved services over HTTP (issue #5 item 5; otokuni
# 3.4①(ア)・2): the upload page and its JSON twins against `daicho serve`
# on a free port, with curl:
#   - access: staff → 403, the chief (approver/registrar) and the
#     administrator may upload, the auditor reads but may not upload (403);
#   - CSRF: every POST without the token → 403 and nothing recorded;
#   - a malformed log: the lines counted by number in the answer, never a
#     500; a log over the body limit → 413 and the page says where the limit
#     is and points to the CLI;
#   - multipart upload of a file, paste, raw API body; review and draft;
#   - host names are escaped on the pages.
# Usage: test_discover_web.sh PATH/TO/daicho
set -uo pipefail
daicho=$(realpath "$1")
cd "$(dirname "$0")/../.."
. tests/web/lib.sh
keep_tmp=${KEEP:-}   # KEEP=1: keep the temporary directory for a look
http_out=$tmp/body
skip=0
json() { python3 - "$tmp/body" "$@"; }   # this file's own: a Python script on stdin, the answer as argv[1]

export DAICHO_DB=$tmp/w.db
export DAICHO_NOW=2026-04-01T00:30:00Z
PW=discover-web-pass-1
echo "$PW" | D org create k --name 組合 --profile otokuni --admin admin --admin-name 管理 --password-stdin >/dev/null
echo "$PW" | D --as admin user add chief --name 統括 --role chief_security_officer --password-stdin >/dev/null
echo "$PW" | D --as admin user add officer --name 責任 --department 総務課 --role security_officer --password-stdin >/dev/null
echo "$PW" | D --as admin user add staff --name 職員 --department 税務課 --role staff --password-stdin >/dev/null
echo "$PW" | D --as admin user add kansa --name 監査 --role staff --auditor --password-stdin >/dev/null
echo "$PW" | D --as admin user add both --name 兼務 --department 総務課 --role chief_security_officer --role security_officer --password-stdin >/dev/null

limit=65536
start_server --body-limit "$limit"
chief_csrf=$(login chief chief)
admin_csrf=$(login admin admin)
staff_csrf=$(login staff staff)
kansa_csrf=$(login kansa kansa)
officer_csrf=$(login officer officer)
both_csrf=$(login both both)

# A log with one malformed line (2) and an injection attempt in a host that
# the parser refuses (4), and one it keeps escaped on the page.
XSS='<script>alert(1)</script>'
printf '%s\n' \
  "1775001601.000 5 10.0.0.1 TCP_MISS/200 10 GET http://www.dropbox.com/ staff - -" \
  "this line is not squid" \
  "1775001603.000 5 10.0.0.1 TCP_TUNNEL/200 10 CONNECT dl.dropbox.com:443 - - -" \
  "1775001604.000 5 10.0.0.1 TCP_MISS/200 10 GET http://$XSS.example/ staff - -" >"$tmp/a.log"

# ---- access and CSRF
[ "$(get staff /discover)" = 403 ] && ok || bad "staff GET /discover → 403"
[ "$(post staff /api/v1/discover -H "X-CSRF-Token: $staff_csrf" --data-binary @"$tmp/a.log")" = 403 ] && ok ||
  bad "staff upload → 403"
[ "$(post kansa /api/v1/discover -H "X-CSRF-Token: $kansa_csrf" --data-binary @"$tmp/a.log")" = 403 ] && ok ||
  bad "auditor upload → 403"
[ "$(post chief /api/v1/discover --data-binary @"$tmp/a.log")" = 403 ] && ok || bad "API upload without CSRF → 403"
[ "$(post chief /discover/upload -F "log=@$tmp/a.log")" = 403 ] && ok || bad "multipart upload without CSRF → 403"
[ "$(post chief /discover -d "log=x")" = 403 ] && ok || bad "paste without CSRF → 403"
[ "$(count 'SELECT COUNT(*) FROM discovery_runs')" = 0 ] && ok || bad "refused uploads recorded nothing"

# ---- the page
[ "$(get chief /discover)" = 200 ] && ok || bad "chief GET /discover"
has "$tmp/body" "64 KiB" "the page states the body limit"
has "$tmp/body" "daicho discover FILE" "the page points to the CLI for large logs"
has "$tmp/body" "3.4①(ア)・2" "the page cites the clause"
has "$tmp/body" 'enctype="multipart/form-data"' "upload form"
[ "$(get kansa /discover)" = 200 ] && ok || bad "the auditor reads /discover"
lacks "$tmp/body" 'enctype="multipart/form-data"' "no upload form for the auditor"

# ---- multipart upload (CSRF in the header, as API clients send it)
[ "$(post chief /discover/upload -H "X-CSRF-Token: $chief_csrf" -F "log=@$tmp/a.log;filename=access.log" -F format=squid)" = 303 ] &&
  ok || bad "multipart upload → 303"
[ "$(count "SELECT file || ' ' || lines || ' ' || bad || ' ' || bad_lines FROM discovery_runs")" = \
  'access.log 4 2 [{"line":2,"reason":"fields"},{"line":4,"reason":"host"}]' ] && ok || bad "run recorded with malformed lines 2 and 4"
# the same with the token as a form field (what a browser sends)
[ "$(post chief /discover/upload -F "csrf=$chief_csrf" -F "log=@$tmp/a.log;filename=b.log")" = 303 ] && ok ||
  bad "multipart with the token as a form field (what a browser sends) → 303"
[ "$(post chief /discover/upload -F "csrf=wrong" -F "log=@$tmp/a.log;filename=c.log")" = 403 ] && ok ||
  bad "multipart with a wrong csrf field → 403"
[ "$(get chief /discover)" = 200 ] && ok || bad "/discover after upload"
has "$tmp/body" "dropbox.com" "the finding is listed"
lacks "$tmp/body" "$XSS" "nothing unescaped"

# malformed multipart → 400, never 500
[ "$(post chief /discover/upload -H "X-CSRF-Token: $chief_csrf" -H 'Content-Type: multipart/form-data; boundary=xyz' --data-binary $'--xyz\r\nContent-Disposition: form-data; name="log"; filename="a"\r\n\r\nno end')" = 400 ] &&
  ok || bad "truncated multipart → 400"
has "$tmp/body" "閉じていません" "the 400 says what is wrong"
[ "$(post chief /discover/upload -H "X-CSRF-Token: $chief_csrf" -F "other=1")" = 400 ] && ok || bad "no log part → 400"

# ---- over the body limit → 413
head -c $((limit + 100)) /dev/zero | tr '\0' 'x' >"$tmp/big.log"
[ "$(post chief /api/v1/discover -H "X-CSRF-Token: $chief_csrf" --data-binary @"$tmp/big.log")" = 413 ] && ok || bad "over the limit → 413"

# ---- paste and API
[ "$(post chief /discover -H "X-CSRF-Token: $chief_csrf" --data-urlencode "log@$tmp/a.log" -d "format=auto&file=paste")" = 303 ] &&
  ok || bad "paste → 303"
printf 'time,user,host\n1775001700,staff,files.example.org\n1775001701,staff\n' >"$tmp/p.csv"
[ "$(post chief '/api/v1/discover?format=csv&file=p.csv' -H "X-CSRF-Token: $chief_csrf" --data-binary @"$tmp/p.csv")" = 200 ] &&
  ok || bad "API upload → 200"
json <<'EOF' && ok || bad "API summary"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["file"] == "p.csv" and r["format"] == "csv" and r["lines"] == 3 and r["bad"] == 1, r
assert r["bad_lines"] == [{"line": 3, "reason": "fields"}] and r["findings_new"] == 1, r
EOF
[ "$(post chief '/api/v1/discover?format=xml' -H "X-CSRF-Token: $chief_csrf" --data-binary @"$tmp/p.csv")" = 400 ] && ok ||
  bad "bad format → 400"
[ "$(get chief /api/v1/discover)" = 200 ] && ok || bad "GET /api/v1/discover"
json <<'EOF' && ok || bad "API list"
import json, sys
d = json.load(open(sys.argv[1]))
labels = sorted(f["label"] for f in d["findings"])
assert labels == ["dropbox.com", "example.org"], labels
db = [f for f in d["findings"] if f["label"] == "dropbox.com"][0]
assert db["hits"] == 6 and db["runs"] == 3 and db["status"] == "open", db
assert d["clause"] == "3.4①(ア)・2" and d["body_limit"] == 65536 and len(d["runs"]) == 4, d
EOF
id=$(count "SELECT id FROM discovery_findings WHERE label = 'dropbox.com'")
[ "$(get chief /discover/$id)" = 200 ] && ok || bad "finding page"
has "$tmp/body" "www.dropbox.com" "hosts listed"
has "$tmp/body" "税務課" "the user's department"
[ "$(get chief /api/v1/discover/$id)" = 200 ] && ok || bad "finding API"
json <<'EOF' && ok || bad "finding API shape"
import json, sys
d = json.load(open(sys.argv[1]))
assert {h["host"] for h in d["hosts"]} == {"www.dropbox.com", "dl.dropbox.com"}, d
assert {u["user"]: u["department"] for u in d["users"]} == {"staff": "税務課", "10.0.0.1": None}, d
EOF
[ "$(get chief /discover/99999)" = 404 ] && ok || bad "no such finding → 404"

# ---- review and draft
[ "$(post chief /discover/$id/review -d "note=x")" = 403 ] && ok || bad "review without CSRF → 403"
[ "$(post kansa /discover/$id/review -H "X-CSRF-Token: $kansa_csrf" -d "note=x")" = 403 ] && ok || bad "auditor review → 403"
[ "$(post chief /discover/$id/review -H "X-CSRF-Token: $chief_csrf" -d "note=")" = 422 ] && ok || bad "review without a note → 422"
[ "$(post chief /discover/$id/review -H "X-CSRF-Token: $chief_csrf" --data-urlencode "note=$XSS 確認中")" = 303 ] && ok ||
  bad "review → 303"
[ "$(get chief /discover/$id)" = 200 ] && ok || bad "finding after review"
has "$tmp/body" "確認済み" "status shown"
lacks "$tmp/body" "$XSS" "the note is escaped"
[ "$(post chief /api/v1/discover/$id/draft -H "X-CSRF-Token: $chief_csrf" -d "")" = 403 ] && ok ||
  bad "the chief may not apply in otokuni (5.2(1): the security officer applies) → 403"
# the officer drafts through the API (the officer reads no list: drafting is an applicant's step)
[ "$(post officer /api/v1/discover/$id/draft -H "X-CSRF-Token: $officer_csrf" -d "")" = 403 ] && ok ||
  bad "the officer cannot reach the discovery routes (ACCESS_AUDIT)"
[ "$(post admin /api/v1/discover/$id/draft -H "X-CSRF-Token: $admin_csrf" -d "")" = 403 ] && ok ||
  bad "the administrator holds no applicant role → 403"
[ "$(count "SELECT status FROM discovery_findings WHERE id = $id")" = reviewed ] && ok || bad "refused drafts changed nothing"
# a user who reaches the page and applies (security officer and chief) drafts
[ "$(post both /discover/$id/draft -H "X-CSRF-Token: $both_csrf" -d "")" = 303 ] && ok || bad "draft → 303"
app_id=$(count "SELECT application_id FROM discovery_findings WHERE id = $id")
[ "$(count "SELECT status FROM discovery_findings WHERE id = $id")" = drafted ] && ok || bad "drafted"
[ "$(count "SELECT state FROM applications WHERE id = $app_id")" = draft ] && ok || bad "the draft application exists"
[ "$(post both /discover/$id/draft -H "X-CSRF-Token: $both_csrf" -d "")" = 422 ] && ok || bad "draft twice → 422"
[ "$(count "SELECT COUNT(*) FROM audit_events WHERE action LIKE 'discover.%'")" = 6 ] && ok ||
  bad "audit: 4 runs + 1 review + 1 draft"

finish test_discover_web "$skip skipped"
