#!/usr/bin/env bash
# The admin area of the web application (issue #4): the profile, the audit
# log, users and roles, "do I need to apply?" and the notification outbox,
# checked with curl against `daicho serve` on a free port, and the outbox's
# mail against a small SMTP sink (Python, standard library). Every check
# names the rule it checks. Usage: test_admin_web.sh PATH/TO/daicho
set -uo pipefail
daicho=$(realpath "$1")
cd "$(dirname "$0")/../.."
. tests/web/lib.sh
settle=0.5                           # housekeeping runs once when the server starts: let it finish
serve_logs_to=$tmp/serve-all.log     # every run's output, for the sanitizer check at the end

export DAICHO_DB=$tmp/w.db
export DAICHO_NOW=2026-04-01T00:30:00Z
PW=admin-web-test-1
XSS='<script>alert(1)</script>"'"'"'><img src=x onerror=alert(1)>'

# A tokyo-edu profile with one service on its exempt list (5 refers to a
# 別紙 the built-in profile leaves empty for the organization to fill).
sed 's/^exempt_services: \[\]$/exempt_services:\n  - name: 全庁共通ウェブ会議\n    domains: [meet.example.metro.tokyo.lg.jp]\n    classes: ["C"]\n    notice: 令和7年4月1日付 7教総第1号通知\n    clause: "5"/' \
  profiles/tokyo-edu.yaml >"$tmp/tokyo-edu.yaml"
grep -q '全庁共通ウェブ会議' "$tmp/tokyo-edu.yaml" || bad "fixture: the exempt entry was not added to tokyo-edu"
# A playbook label (10キ(イ)) with markup in it: the profile page must show it as text.
sed -i 's|^      label: 炎上$|      label: "炎上<b>x</b>"|' "$tmp/tokyo-edu.yaml"
grep -q '炎上<b>x</b>' "$tmp/tokyo-edu.yaml" || bad "fixture: the playbook label was not changed"
daicho_args=(--profile-file "$tmp/tokyo-edu.yaml")

# ---- the world: two organizations, users per role (CLI)
echo "$PW" | D org create kc --name "北九州市" --profile kitakyushu-cloud --admin admin --admin-name "管理 太郎" --password-stdin >/dev/null
for u in "staff1 職員一郎 staff" "head1 課長花子 section_head" "sys1 システム次郎 system_dept" "ciso CISO三郎 ciso"; do
  set -- $u
  echo "$PW" | D --as admin user add "$1" --name "$2" --department 総務課 --role "$3" --password-stdin >/dev/null
done
echo "$PW" | D org create te --name "東京都教育庁" --profile tokyo-edu --admin teadmin --admin-name "都 管理" --password-stdin >/dev/null

start_server
A=$(login admin.jar admin)
S=$(login staff.jar staff1)
H=$(login head.jar head1)
T=$(login te.jar teadmin)
check "fixture: the admin signs in" '[ -n "$A" ]'
check "fixture: the staff member signs in" '[ -n "$S" ]'

# ---- access (docs/api.md "Access": deny by default)
for p in /users /users/new /users/1 /api/v1/users /api/v1/users/1 /audit /api/v1/audit; do
  check "a staff member may not reach $p (ACCESS_ADMIN / ACCESS_AUDIT → 403)" '[ "$(get staff.jar $p)" = 403 ]'
done
for p in /users /users/new /users/2 /audit /profile /lookup /notifications; do
  check "the administrator reaches $p" '[ "$(get admin.jar $p)" = 200 ]'
done
check "an approver (許可権限者) reads the audit log (ACCESS_AUDIT)" '[ "$(get head.jar /audit)" = 200 ]'
for p in /profile /lookup /notifications; do
  check "any signed-in user reads $p (ACCESS_USER)" '[ "$(get staff.jar $p)" = 200 ]'
done
check "not signed in: /api/v1/profile is 401" '[ "$(get none.jar /api/v1/profile)" = 401 ]'
check "not signed in: /users redirects to the login (303)" '[ "$(get none.jar /users)" = 303 ]'
check "another organization's user is not found (404)" '[ "$(get admin.jar /users/6)" = 404 ]'

# ---- the profile, item by item with clauses
get staff.jar /profile >/dev/null
for t in "役割" "格付" "区分と承認権限" "台帳項目" "要件" "受容すべきリスク" "ルール" "監査ログの保存期間" "5.1(1)" "5.2(1)④" "職務の分離"; do
  has "$tmp/out" "$t" "profile page shows '$t' (each part with its clause)"
done
check "GET /api/v1/profile is the profile as JSON" '[ "$(get staff.jar /api/v1/profile)" = 200 ] && [ "$(json "d[\"id\"]")" = kitakyushu-cloud ]'
# the category sections (issue #5) only where the profile has them, with their anchors in the contents:
# kitakyushu-cloud has the web-meeting planner (6); tokyo-edu social media (10) and mail delivery (11)
has "$tmp/out" '"meeting_planner": {"clause": "6"' "kitakyushu-cloud's JSON has the planner (6)"
check "kitakyushu-cloud's JSON: social_media and mail_delivery are null" '[ "$(json "d[\"social_media\"], d[\"mail_delivery\"]")" = "None None" ]'
get staff.jar /profile >/dev/null
for t in 'href="#meeting"' '<section id="meeting">' "計画と基準の食い違い" "6.2(2)①" "wm-plan-no-password"; do
  has "$tmp/out" "$t" "kitakyushu-cloud's profile page shows the planner: '$t'"
done
lacks "$tmp/out" 'href="#social"' "no social-media section where the profile has none"
get te.jar /profile >/dev/null
for t in 'href="#social"' 'href="#mail"' '<section id="social">' '<section id="mail">' "10オ(ア)" \
         "12 文字以上、英大文字・英小文字・数字・記号のうち 3 種類以上" "11 ウ(イ)" "代わりの連絡手段を確保する" \
         "11 別紙 8" "記載例" "教育庁 CSIRT" "炎上&lt;b&gt;x&lt;/b&gt;"; do
  has "$tmp/out" "$t" "tokyo-edu's profile page shows '$t' (each part with its clause)"
done
lacks "$tmp/out" '炎上<b>x</b>' "profile texts are escaped on the page (html())"
lacks "$tmp/out" 'href="#meeting"' "no planner section where the profile has none"
check "tokyo-edu's JSON has social_media (10) and mail_delivery (11), meeting_planner null" \
  '[ "$(get te.jar /api/v1/profile)" = 200 ] && [ "$(json "d[\"meeting_planner\"], d[\"social_media\"][\"password_policy\"][\"clause\"], d[\"mail_delivery\"][\"alternative\"][\"clause\"]")" = "None 10オ(ア) 11 ウ(イ)" ]'

# ---- users: creation, password rules, CSRF, escaping
check "a POST without the CSRF token is refused (403)" \
  '[ "$(post admin.jar /users/new --data-urlencode login=nocsrf --data-urlencode name=N -d "password=aaaaaaaaaaaa1&password2=aaaaaaaaaaaa1")" = 403 ]'
check "a POST with another session's CSRF token is refused (403)" \
  '[ "$(post admin.jar /users/new --data-urlencode csrf=$S --data-urlencode login=nocsrf --data-urlencode name=N -d "password=aaaaaaaaaaaa1&password2=aaaaaaaaaaaa1")" = 403 ]'
check "a password shorter than 12 characters is refused (422)" \
  '[ "$(post admin.jar /users/new --data-urlencode csrf=$A --data-urlencode login=u2 --data-urlencode name=N -d "password=elevenchars&password2=elevenchars")" = 422 ]'
has "$tmp/out" "12文字以上" "the refusal says the password rule"
check "passwords that differ are refused (422)" \
  '[ "$(post admin.jar /users/new --data-urlencode csrf=$A --data-urlencode login=u2 --data-urlencode name=N -d "password=first-password-1&password2=other-password-1")" = 422 ]'
lacks "$tmp/out" "first-password-1" "a password is never echoed back into the form"
check "a role the profile lacks is refused (422)" \
  '[ "$(post admin.jar /users/new --data-urlencode csrf=$A --data-urlencode login=u2 --data-urlencode name=N -d "role=nope&password=first-password-1&password2=first-password-1")" = 422 ]'
has "$tmp/out" "nope" "the refusal names the role"
check "a user is created with roles, an address and the auditor flag (303)" \
  '[ "$(post admin.jar /users/new --data-urlencode csrf=$A --data-urlencode login=xss1 --data-urlencode "name=$XSS" --data-urlencode "department=$XSS" --data-urlencode email=xss1@city.example.jp -d "role=staff&role=section_head&is_auditor=1&password=first-password-1&password2=first-password-1")" = 303 ]'
get admin.jar /users >/dev/null
lacks "$tmp/out" "<script>alert(1)" "a user name with markup comes back escaped (/users)"
has "$tmp/out" "&lt;script&gt;alert(1)&lt;/script&gt;" "the escaped name is shown"
has "$tmp/out" "所属長" "roles are listed by the profile's label"
xid=$(curl -s -b "$tmp/admin.jar" "$B/api/v1/users" | python3 -c 'import json,sys; print([u["id"] for u in json.load(sys.stdin)["users"] if u["login"]=="xss1"][0])')
get admin.jar "/users/$xid" >/dev/null
lacks "$tmp/out" "<script>alert(1)" "a user name with markup comes back escaped (/users/{n})"
get admin.jar /audit >/dev/null
lacks "$tmp/out" "<script>alert(1)" "audit data with markup comes back escaped (/audit)"
get admin.jar "/api/v1/users/$xid" >/dev/null
check "the new user has the address, the roles and the auditor flag" \
  '[ "$(json "d[\"email\"], [r[\"id\"] for r in d[\"roles\"]], d[\"is_auditor\"]")" = "xss1@city.example.jp ['"'"'section_head'"'"', '"'"'staff'"'"'] True" ]'
check "roles are replaced (app_user_set_roles)" \
  '[ "$(post admin.jar /users/$xid --data-urlencode csrf=$A -d "action=roles&role=ciso")" = 303 ]'
get admin.jar "/api/v1/users/$xid" >/dev/null
check "the user now holds only ciso" '[ "$(json "[r[\"id\"] for r in d[\"roles\"]]")" = "['"'"'ciso'"'"']" ]'
check "the JSON API changes roles with a comma-separated list" \
  '[ "$(post admin.jar /api/v1/users/$xid -H "X-CSRF-Token: $A" -H "Content-Type: application/json" -d "{\"action\":\"roles\",\"roles\":\"staff,service_admin\"}")" = 200 ]'
check "… and answers the user as JSON" '[ "$(json "[r[\"id\"] for r in d[\"roles\"]]")" = "['"'"'service_admin'"'"', '"'"'staff'"'"']" ]'
check "an administrator cannot deactivate themselves (422)" \
  '[ "$(post admin.jar /users/1 --data-urlencode csrf=$A -d action=deactivate)" = 422 ]'
X=$(login xss.jar xss1 first-password-1)
check "fixture: the new user signs in with the password given twice" '[ -n "$X" ]'
check "deactivation is accepted (303)" '[ "$(post admin.jar /users/$xid --data-urlencode csrf=$A -d action=deactivate)" = 303 ]'
check "a deactivated user's session ends at once (401)" '[ "$(get xss.jar /api/v1/me)" = 401 ]'
check "a deactivated user cannot sign in" '[ -z "$(login xss2.jar xss1 first-password-1)" ]'
check "reactivation (303)" '[ "$(post admin.jar /users/$xid --data-urlencode csrf=$A -d action=activate)" = 303 ]'
check "a new password given twice is set (303)" \
  '[ "$(post admin.jar /users/$xid --data-urlencode csrf=$A -d "action=password&password=second-password-2&password2=second-password-2")" = 303 ]'
check "the user signs in with the new password" '[ -n "$(login xss3.jar xss1 second-password-2)" ]'
check "the old password no longer works" '[ -z "$(login xss4.jar xss1 first-password-1)" ]'
check "a malformed address is refused (422)" \
  '[ "$(post admin.jar /users/$xid --data-urlencode csrf=$A --data-urlencode "email=a b@x" -d action=email)" = 422 ]'
if grep -qF -e first-password-1 -e second-password-2 "$tmp/serve.log" "$DAICHO_DB"; then bad "a password is never logged or stored in clear"; else ok; fi
get admin.jar "/api/v1/audit?object=user:xss1" >/dev/null
check "every change of the user is an audit event" \
  '[ "$(json "sorted(set(e[\"action\"] for e in d[\"events\"]))")" = "['"'"'user.activate'"'"', '"'"'user.create'"'"', '"'"'user.deactivate'"'"', '"'"'user.email'"'"', '"'"'user.password'"'"', '"'"'user.roles'"'"']" ]'
check "no audit event carries a password" '! grep -q -e first-password -e second-password "$tmp/out"'

# ---- the audit log: one organization's events, chain status on top
get te.jar /api/v1/audit >/dev/null
check "another organization sees only its own events (org te: org.create and its login)" \
  '[ "$(json "sorted(set(e[\"actor\"] for e in d[\"events\"]))")" = "['"'"'system'"'"', '"'"'teadmin'"'"']" ]'
check "the chain status is at the top: OK with the number of events" '[ "$(json "d[\"chain\"][\"ok\"], d[\"chain\"][\"checked\"] > 10")" = "True True" ]'
get admin.jar /audit >/dev/null
has "$tmp/out" "監査ログは正常です" "the audit page says the chain is whole"
has "$tmp/out" "令和8年4月1日" "event times in 和暦"
get admin.jar "/api/v1/audit?action=user.&actor=admin" >/dev/null
check "the action filter is a prefix, the actor filter exact" \
  '[ "$(json "all(e[\"action\"].startswith(\"user.\") and e[\"actor\"] == \"admin\" for e in d[\"events\"]) and d[\"total\"] > 3")" = True ]'

# ---- "do I need to apply?"
get staff.jar "/api/v1/lookup?service=Zoom" >/dev/null
check "a service neither in the ledger nor exempt needs an application" '[ "$(json "d[\"answer\"]")" = apply ]'
check "… citing the clauses that say who applies" '[ "$(json "d[\"clause\"]")" = "5.2(1)①、5.2(2)①" ]'
check "… with a link to a new application for it" '[ "$(json "d[\"apply_url\"]")" = "/applications/new?service=Zoom" ]'
check "/api/v1/lookup without a service is 400" '[ "$(get staff.jar /api/v1/lookup)" = 400 ]'
get te.jar "/api/v1/lookup?service=%E5%85%A8%E5%BA%81%E5%85%B1%E9%80%9A%E3%82%A6%E3%82%A7%E3%83%96%E4%BC%9A%E8%AD%B0" >/dev/null
check "tokyo-edu 5: a service on the exempt list needs no application (for its classes)" \
  '[ "$(json "d[\"answer\"], d[\"clause\"], d[\"exempt\"][0][\"classes\"]")" = "exempt 5 機密性C" ]'
get te.jar "/api/v1/lookup?service=https://meet.example.metro.tokyo.lg.jp/room/1" >/dev/null
check "tokyo-edu 5: the exempt list matches by domain too" '[ "$(json "d[\"answer\"]")" = exempt ]'
get te.jar "/lookup?service=%E3%82%A6%E3%82%A7%E3%83%96%E4%BC%9A%E8%AD%B0" >/dev/null
has "$tmp/out" "似た名前のサービス" "a partial name is offered as a candidate, not as the answer"
has "$tmp/out" "申請が必要です" "a partial name still needs an application"
get staff.jar "/lookup?service=$(python3 -c 'import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1]))' "$XSS")" >/dev/null
lacks "$tmp/out" "<script>alert(1)" "the typed service name comes back escaped (/lookup)"

# ---- the procedure (CLI) raises notifications: submitted → approver, decided → applicant, ledger change → report role
stop_server
D --as staff1 apply examples/kitakyushu-cloud/ordinary-ready.json >/dev/null
D --as staff1 submit 1 >/dev/null
D --as head1 decide 1 approve --accept-risks >/dev/null
D --as head1 apply examples/kitakyushu-cloud/important-needs-review.json >/dev/null
D --as head1 submit 2 >/dev/null
D --as ciso decide 2 approve --accept-risks --administrator head1 --reason "リスクを受容して承認" >/dev/null ||
  bad "fixture: ciso approves the important application"

# With the addresses set (staff1's mailbox refuses mail for now), the server
# fills the outbox at start and sends it.
start_server
A=$(login admin.jar admin)
for u in 2:staff1 3:head1 4:sys1 5:ciso; do
  post admin.jar "/api/v1/users/${u%%:*}" -H "X-CSRF-Token: $A" -H 'Content-Type: application/json' \
    -d "{\"action\":\"email\",\"email\":\"${u#*:}@city.example.jp\"}" >/dev/null
done
stop_server
sink_port=$(free_port)
python3 - "$sink_port" "$tmp/mail" staff1@ <<'EOF' >"$tmp/sink.log" 2>&1 &
# A minimal SMTP sink: one .eml file per message; RCPT TO containing argv[3] is refused (550).
import os, socket, sys, threading
port, out, refuse = int(sys.argv[1]), sys.argv[2], sys.argv[3]
os.makedirs(out, exist_ok=True)
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port)); srv.listen(5)
count = [0]; lock = threading.Lock()
refusing = [True]
def serve(c):
    f = c.makefile("rb"); say = lambda s: c.sendall(s.encode() + b"\r\n"); rcpt = []
    say("220 sink")
    while True:
        line = f.readline()
        if not line: break
        cmd = line.decode(errors="replace").strip(); up = cmd.upper()
        if up.startswith(("EHLO", "HELO")): say("250 sink")
        elif up.startswith("RCPT TO"):
            if refusing[0] and refuse in cmd: say("550 mailbox unavailable")
            else: rcpt.append(cmd[8:]); say("250 ok")
        elif up == "DATA":
            say("354 go"); data = b""
            while True:
                l = f.readline()
                if l in (b".\r\n", b""): break
                data += l
            with lock:
                count[0] += 1
                open(os.path.join(out, "%03d.eml" % count[0]), "wb").write(b"X-Rcpt: " + ",".join(rcpt).encode() + b"\r\n" + data)
            say("250 queued")
        elif up == "QUIT": say("221 bye"); break
        elif up == "X-ACCEPT-ALL": refusing[0] = False; say("250 ok")
        else: say("250 ok")
    c.close()
while True:
    c, _ = srv.accept(); threading.Thread(target=serve, args=(c,), daemon=True).start()
EOF
other_pids=$!   # the sink, ended at exit (lib.sh)
for _ in $(seq 50); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $sink_port))" 2>/dev/null && break; sleep 0.1; done
SMTP=(--smtp-url "smtp://127.0.0.1:$sink_port" --smtp-from daicho@city.example.jp --public-url http://daicho.city.example.jp/)
start_server "${SMTP[@]}"
S=$(login staff.jar staff1)
A=$(login admin.jar admin)
get admin.jar "/api/v1/notifications?all=1" >/dev/null
rows() { json "sorted((n[\"kind\"], n[\"to\"]) for n in d[\"notifications\"])"; }
check "outbox: submitted → the approver role's holders, decided → the applicant, ledger change → the report role (kitakyushu-cloud 5.2(1)④)" \
  '[ "$(rows)" = "[('"'"'application.decided'"'"', '"'"'head1'"'"'), ('"'"'application.decided'"'"', '"'"'staff1'"'"'), ('"'"'application.submitted'"'"', '"'"'ciso'"'"'), ('"'"'application.submitted'"'"', '"'"'head1'"'"'), ('"'"'ledger.report'"'"', '"'"'sys1'"'"')]" ]'
check "outbox: the applicant is not asked to review their own submission (head1 filed application 2)" \
  '[ "$(json "[n[\"to\"] for n in d[\"notifications\"] if n[\"kind\"] == \"application.submitted\" and n[\"object\"] == \"application:2\"]")" = "['"'"'ciso'"'"']" ]'
check "mail: every row with a willing mailbox was sent (4 messages)" '[ "$(ls "$tmp/mail" | wc -l)" = 4 ]'
check "mail: a refused recipient stays unsent with the error kept (retried, never lost)" \
  '[ "$(json "[(n[\"mail\"], n[\"attempts\"], \"550\" in n[\"last_error\"]) for n in d[\"notifications\"] if n[\"to\"] == \"staff1\"]")" = "[('"'"'retrying'"'"', 1, True)]" ]'
get staff.jar /notifications >/dev/null
has "$tmp/out" "再送待ち" "the addressee's page says the mail is being retried"
lacks "$tmp/out" "550" "the mail server's error is for the administrator's view only"
get staff.jar /api/v1/notifications >/dev/null
check "/notifications shows only the rows addressed to the signed-in user" \
  '[ "$(json "d[\"total\"], d[\"notifications\"][0][\"kind\"], \"to\" in d[\"notifications\"][0]")" = "1 application.decided False" ]'
check "?all=1 is the administrator's: a staff member gets their own rows only" \
  '[ "$(get staff.jar "/api/v1/notifications?all=1")" = 200 ] && [ "$(json "d[\"total\"]")" = 1 ]'
python3 - "$tmp/mail" >"$tmp/mails.txt" <<'EOF'
import email, email.policy, glob, sys
for f in sorted(glob.glob(sys.argv[1] + "/*.eml")):
    m = email.message_from_bytes(open(f, "rb").read(), policy=email.policy.default)
    print("To:", m["To"]); print("Subject:", m["Subject"])
    print(m.get_content())
EOF
has "$tmp/mails.txt" "Subject: [daicho] 申請の審査依頼（申請 1）" "mail: the Japanese subject decodes (RFC 2047)"
has "$tmp/mails.txt" "To: 課長花子 <head1@city.example.jp>" "mail: the addressee's name and address"
has "$tmp/mails.txt" "根拠: 5.1(2)" "mail: the body cites the clause"
has "$tmp/mails.txt" "http://daicho.city.example.jp/applications/1" "mail: the body links the page (public_url)"
has "$tmp/mails.txt" "台帳 第2号" "mail: the ledger report goes out"
check "mail: the raw subject is an RFC 2047 encoded word" 'grep -q "^Subject: =?UTF-8?B?" "$tmp/mail/001.eml"'
stop_server

# Ten minutes later the mailbox takes mail again: the retry delivers it.
python3 -c "import socket; s=socket.create_connection(('127.0.0.1', $sink_port)); s.recv(100); s.sendall(b'X-ACCEPT-ALL\r\nQUIT\r\n'); s.recv(100)"
DAICHO_NOW=2026-04-01T00:45:00Z start_server "${SMTP[@]}"
check "mail: the failed row is sent on a later attempt" '[ "$(ls "$tmp/mail" | wc -l)" = 5 ] && grep -q "X-Rcpt: <staff1@" "$tmp/mail/005.eml"'
stop_server

# ---- reviews due within 30 days → the entry's administrator, once per entry and due date
DAICHO_NOW=2027-03-10T00:00:00Z start_server "${SMTP[@]}"
stop_server
DAICHO_NOW=2027-03-10T03:00:00Z start_server "${SMTP[@]}"
stop_server
DAICHO_NOW=2027-03-11T03:00:00Z start_server "${SMTP[@]}"
A=$(login admin.jar admin)
get admin.jar "/api/v1/notifications?all=1" >/dev/null
check "review due: one row per entry for its administrator (head1 administers 第1号 and 第2号), however often the scan runs" \
  '[ "$(json "sorted((n[\"to\"], n[\"object\"]) for n in d[\"notifications\"] if n[\"kind\"] == \"review.due\")")" = "[('"'"'head1'"'"', '"'"'ledger:1'"'"'), ('"'"'head1'"'"', '"'"'ledger:2'"'"')]" ]'
check "review due: the row cites the clause of the periodic check" \
  '[ "$(json "all(n[\"clause\"] for n in d[\"notifications\"] if n[\"kind\"] == \"review.due\")")" = True ]'
check "review due: mailed once each (7 messages in all)" '[ "$(ls "$tmp/mail" | wc -l)" = 7 ]'
stop_server

# A server built with sanitizers reports nothing (DAICHO_SANITIZE=ON builds).
if grep -E -q "runtime error|AddressSanitizer|LeakSanitizer" "$tmp/serve-all.log"; then
  bad "the server ran without sanitizer reports"
  grep -E -m5 -A5 "runtime error|AddressSanitizer|LeakSanitizer" "$tmp/serve-all.log" >&2
else
  ok
fi

finish test_admin_web
