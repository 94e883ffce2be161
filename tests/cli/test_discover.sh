#!/usr/bin/env bash
# Discovery of unapproved services through the CLI (issue #5 item 5;
# otokuni 3.4①(ア)・2 利用承認を受けていない外部サービスを使わせていない):
# a generated Squid log with known answers — hits per service, users and
# their departments, first/last seen, the malformed lines by number — checked
# against the exact output; a CSV run merging into the kept findings; the
# ignore list and registered domains; review and draft; refusals that record
# nothing.
# Usage: test_discover.sh PATH/TO/daicho
set -uo pipefail
daicho=$(realpath "$1")
cd "$(dirname "$0")/../.."
. tests/cli/lib.sh   # $tmp, the tally, has/lacks, expect/code/run, D, finish
same() { # same WHAT EXPECTED-FILE ACTUAL-FILE
  if diff -u "$2" "$3" >"$tmp/diff"; then ok; else bad "$1 differs:"; cat "$tmp/diff" >&2; fi
}

export DAICHO_DB=$tmp/d.db
export DAICHO_NOW=2026-04-01T00:30:00Z
code 0 init D init
code 0 "org create" D org create kumiai --name 組合 --profile otokuni --admin admin --admin-name 管理者
code 0 "user chief" D --as admin user add tokatsu --name "統括 花子" --department 事務局 --role chief_security_officer
code 0 "user officer" D --as admin user add sekinin --name "責任 一郎" --department 総務課 --role security_officer
code 0 "user staff" D --as admin user add shokuin --name "職員 次郎" --department 税務課 --role staff

# An approved service: approval registers its service.domains.
code 0 apply D --as sekinin apply examples/otokuni/ordinary-ready.json
code 0 submit D --as sekinin submit 1
code 0 approve D --as tokatsu decide 1 approve --accept-risks --reason 承認
code 0 "domains list" D --as tokatsu discover domains アンケートフォームC
printf 'forms-c.example.jp\n' >"$tmp/want"
same "domains registered at approval" "$tmp/want" "$tmp/out"
code 0 "ignore add" D --as tokatsu discover ignore add '*.City.Example.lg.jp.' --note 庁内
code 2 "ignore add twice" D --as tokatsu discover ignore add '*.city.example.lg.jp'
code 2 "ignore add invalid" D --as tokatsu discover ignore add 'a b'
code 0 "ignore list" D --as tokatsu discover ignore list
printf '*.city.example.lg.jp  庁内\n' >"$tmp/want"
same "ignore list" "$tmp/want" "$tmp/out"

# The log: line i (1..1000) at 1775001600+i seconds (2026-04-01T00:00:00Z + i);
# by i % 10: 0,1,2,9 forms-c (approved); 3 www.city.example.lg.jp (ignored);
# 4,5,6 www.dropbox.com GET by shokuin; 7 dl.dropbox.com CONNECT by an
# anonymous client 10.0.0.9; 8 files.example.org by tanaka (not a daicho
# user). Malformed: line 10 (fields), 250 (time), 777 (url).
python3 - "$tmp/access.log" <<'EOF'
import sys
out = open(sys.argv[1], "w")
for i in range(1, 1001):
    t = 1775001600 + i
    if i == 10:
        out.write("1775001610.000 12 10.0.0.1 TCP_MISS/200\n"); continue
    if i == 250:
        out.write("17750016x0.000 12 10.0.0.1 TCP_MISS/200 1 GET http://www.dropbox.com/ shokuin - -\n"); continue
    if i == 777:
        out.write("%d.000 0 10.0.0.1 NONE/400 0 NONE error:invalid-request - - -\n" % t); continue
    r = i % 10
    if r in (0, 1, 2, 9):
        line = "%d.123 %5d 10.0.0.2 TCP_MISS/200 512 GET http://FORMS-C.example.jp:80/q?id=%d sekinin HIER_DIRECT/203.0.113.1 text/html" % (t, i, i)
    elif r == 3:
        line = "%d.000 3 10.0.0.3 TCP_MISS/200 9 GET http://www.city.example.lg.jp/ shokuin HIER_DIRECT/192.0.2.1 text/html" % t
    elif r in (4, 5, 6):
        line = "%d.000 30 10.0.0.4 TCP_MISS/200 900 GET https://www.dropbox.com./s/%d shokuin HIER_DIRECT/203.0.113.9 text/html" % (t, i)
    elif r == 7:
        line = "%d.000 4000 10.0.0.9 TCP_TUNNEL/200 4500 CONNECT dl.dropbox.com:443 - HIER_DIRECT/203.0.113.10 -" % t
    else:
        line = "%d.999 8 10.0.0.8 TCP_MISS/200 77 GET http://files.example.org/x tanaka HIER_DIRECT/203.0.113.11 text/plain" % t
    out.write(line + "\n")
EOF

# Refusals first: nothing is recorded.
code 2 "staff may not run discovery" D --as shokuin discover "$tmp/access.log"
has "$tmp/err" "システム管理者・許可権限者・登録担当者" "refusal names who may"
code 2 "missing file" D --as tokatsu discover "$tmp/none.log"
has "$tmp/err" "none.log" "missing file named"
code 2 "bad format" D --as tokatsu discover --format xml "$tmp/access.log"
code 0 "list empty" D --as tokatsu discover list
printf '該当する検出はありません\n' >"$tmp/want"
same "nothing recorded by refusals" "$tmp/want" "$tmp/out"

cp "$DAICHO_DB" "$tmp/fresh.db"
code 0 "discover squid" D --as tokatsu discover "$tmp/access.log"
cat >"$tmp/want" <<EOF
$tmp/access.log: squid形式 1000 行（有効 997、空行 0、不正 3）
  不正な行: 10（項目の数が合わない）, 250（時刻を読めない）, 777（URLにホスト名がない）
  通信: 未承認 499 / 承認済み 398 / 申請不要 0 / 除外 100
  検出: 新規 2、更新 0（記録 1）
検出の一覧: daicho discover list --status open
EOF
same "squid summary" "$tmp/want" "$tmp/out"

cp "$tmp/want" "$tmp/want_summary"

code 0 "list" D --as tokatsu discover list
cat >"$tmp/want" <<'EOF'
2  未対応  example.org  通信 100  ホスト 1  利用者 1  2026-04-01T00:00:08Z 〜 2026-04-01T00:16:38Z
1  未対応  dropbox.com  通信 399  ホスト 2  利用者 2  2026-04-01T00:00:04Z 〜 2026-04-01T00:16:37Z
EOF
same "findings list" "$tmp/want" "$tmp/out"

code 0 "show" D --as tokatsu discover show 1
cat >"$tmp/want" <<'EOF'
検出 1: dropbox.com（未対応）
  根拠: 3.4①(ア)・2 利用承認を受けていない外部サービスを使わせていない。
  どのサービスにも登録されていないドメインです
  通信 399 件（1 回の読み込み）  2026-04-01T00:00:04Z 〜 2026-04-01T00:16:37Z
  ホスト:
    www.dropbox.com  300  2026-04-01T00:00:04Z 〜 2026-04-01T00:16:36Z
    dl.dropbox.com  99  2026-04-01T00:00:07Z 〜 2026-04-01T00:16:37Z
  利用者:
    shokuin（職員 次郎 税務課）  300  2026-04-01T00:00:04Z 〜 2026-04-01T00:16:36Z
    10.0.0.9  99  2026-04-01T00:00:07Z 〜 2026-04-01T00:16:37Z
EOF
same "finding detail" "$tmp/want" "$tmp/out"

cp "$tmp/want" "$tmp/want_show"
# The same log read as two halves on two threads (split at the first line
# end after byte N) gives the same answers, line numbers included.
for split in 1 30000 60000; do
  cp "$tmp/fresh.db" "$tmp/split.db"
  DAICHO_DB=$tmp/split.db DAICHO_DISCOVER_SPLIT_BYTES=$split "$daicho" --as tokatsu discover "$tmp/access.log" >"$tmp/out" 2>"$tmp/err"
  same "two halves (from byte $split): summary" "$tmp/want_summary" "$tmp/out"
  DAICHO_DB=$tmp/split.db "$daicho" --as tokatsu discover show 1 >"$tmp/out"
  same "two halves (from byte $split): finding" "$tmp/want_show" "$tmp/out"
done

# A CSV log merges: an earlier visit widens first seen, hits add, a new user joins.
printf 'time,user,host\n2026-03-31T23:59:00Z,sekinin,DROPBOX.com\n"2026-04-01T09:20:00+09:00","yamada, taro",www.dropbox.com:443\nbroken\n' >"$tmp/p.csv"
code 0 "discover csv json" D --as tokatsu discover --json "$tmp/p.csv"
python3 - "$tmp/out" "$tmp/p.csv" <<'EOF' && ok || bad "csv run json"
import json, sys
runs = json.load(open(sys.argv[1]))
assert len(runs) == 1, runs
r = runs[0]
assert r["file"] == sys.argv[2] and r["format"] == "csv", r
assert (r["lines"], r["records"], r["bad"]) == (4, 2, 1), r
assert r["bad_lines"] == [{"line": 4, "reason": "fields"}], r
assert (r["findings_new"], r["findings_updated"]) == (0, 1), r
assert r["hits"] == {"unapproved": 2, "approved": 0, "exempt": 0, "ignored": 0}, r
EOF
code 0 "show json" D --as tokatsu discover show 1 --json
python3 - "$tmp/out" <<'EOF' && ok || bad "merged finding"
import json, sys
d = json.load(open(sys.argv[1]))
f = d["finding"]
assert f["hits"] == 401 and f["runs"] == 2, f
assert f["first_seen"] == "2026-03-31T23:59:00Z" and f["last_seen"] == "2026-04-01T00:20:00Z", f
assert f["hosts"] == 3 and f["users"] == 4, f
users = {u["user"]: u for u in d["users"]}
assert users["shokuin"]["department"] == "税務課" and users["yamada, taro"]["department"] is None, users
assert d["clause"] == "3.4①(ア)・2", d
EOF

# Registering a domain on a service with no entry in force groups its hosts under it.
code 0 "domains add" D --as tokatsu discover domains アンケートフォームC --add '*.example.org'
code 2 "domains unknown service" D --as tokatsu discover domains 無い --add x.example
code 2 "domains by staff" D --as shokuin discover domains アンケートフォームC --add y.example

# Review and draft.
code 2 "review without note" D --as tokatsu discover review 2
code 0 review D --as tokatsu discover review 2 --note "総務課が利用停止を指示"
code 2 "draft by staff" D --as shokuin discover draft 1
code 0 draft D --as sekinin discover draft 1
has "$tmp/out" "申請 2 の下書き" "draft names the application"
code 2 "draft twice" D --as sekinin discover draft 1
code 0 "list drafted" D --as tokatsu discover list --status drafted --json
python3 - "$tmp/out" <<'EOF' && ok || bad "drafted list"
import json, sys
l = json.load(open(sys.argv[1]))
assert [(f["id"], f["status"], f["application"]) for f in l] == [(1, "drafted", 2)], l
EOF
code 0 "the draft" D --as sekinin apply show 2 --json
has "$tmp/out" "dropbox.com" "draft names the service"
has "$tmp/out" "要記入" "draft marks what the applicant fills"
code 0 "list reviewed" D --as tokatsu discover list --status reviewed
has "$tmp/out" "確認済み  example.org" "reviewed status"
code 2 "bad status" D --as tokatsu discover list --status closed
code 0 audit D --as admin audit log --json --limit 200
python3 - "$tmp/out" <<'EOF' && ok || bad "audit events"
import json, sys
acts = [e["action"] for e in json.load(open(sys.argv[1]))]
for a, n in (("discover.run", 2), ("discover.review", 1), ("discover.draft", 1), ("discover.ignore.add", 1),
             ("service.domain.add", 1)):
    assert acts.count(a) == n, (a, acts.count(a))
EOF

finish test_discover
