#!/usr/bin/env bash
# daicho mail (docs/mail.md; tokyo-edu 11 and its 別紙): policies from a JSON
# file, issue and versions, the text export in the 別紙's order, consent with
# the alternative of 11 ウ(イ), CSV with BOM and CRLF, exit codes and
# messages naming the clause, nothing written on a refusal.
# Usage: test_mail.sh PATH/TO/daicho
set -uo pipefail
daicho=$(realpath "$1")
cd "$(dirname "$0")/../.."
. tests/cli/lib.sh   # $tmp, the tally, has/lacks, expect/code/run, D, finish
json_ok() { python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out" && ok || bad "$1: stdout is not valid JSON"; }
events() { sqlite3 "$DAICHO_DB" "SELECT count(*) FROM audit_events WHERE action LIKE 'mail.%'" 2>/dev/null || python3 -c "
import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT count(*) FROM audit_events WHERE action LIKE 'mail.%'\").fetchone()[0])" "$DAICHO_DB"; }

export DAICHO_DB="$tmp/mail.db"
export DAICHO_NOW="2026-04-10T00:30:00Z"
d() { D "$@"; }
d init >/dev/null
d org create school --name 都立テスト学校 --profile tokyo-edu --admin admin --admin-name 管理 >/dev/null
d --as admin user add kocho --name 校長 --role asset_owner >/dev/null
d --as admin user add sensei --name 教員 --role staff >/dev/null
d org create city --name テスト市 --profile kitakyushu-external --admin cadmin --admin-name 管理 >/dev/null
example=examples/tokyo-edu/mail/policy.json

# --- 11: only 情報資産を所管する者 writes policies
run "staff cannot create" 2 d --as sensei mail policy new "$example"
has err "情報資産を所管する者" "refusal names the role"
has err "[11]" "refusal cites 11"
empty out "nothing on stdout when refused"
run "create from the 別紙 example" 0 d --as kocho mail policy new "$example"
has out "第1号" "create names the number"

# --- a profile without the section says so
run "kitakyushu has no mail_delivery" 2 d --as cadmin mail policy list
has err "mail_delivery" "the refusal names the section"

# --- bad documents: file:line:col, nothing written
printf '{\n  "school": "x",\n  "sections": {"purpose": "a", "purpos": "b"}\n}\n' >"$tmp/bad.json"
run "unknown section id" 2 d --as kocho mail policy new "$tmp/bad.json"
has err "$tmp/bad.json:3:" "error names file:line"
has err "purpos" "error names the unknown id"
python3 - "$example" "$tmp/nodevice.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
d["sections"]["sending_device"] = "　"
del d["sections"]["other"]
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
EOF
run "a required section empty" 2 d --as kocho mail policy new "$tmp/nodevice.json"
has err "3 発信する機器" "names the section"
has err "[11 別紙 3]" "cites the clause"
run "list" 0 d --as kocho mail policy list --json
json_ok "list --json"
python3 -c 'import json,sys; l=json.load(open(sys.argv[1])); sys.exit(0 if len(l)==1 else 1)' "$tmp/out" && ok || bad "refused documents wrote nothing"

# --- 11 ウ(ア): no consent before the policy is issued
run "consent before issue" 2 d --as kocho mail consent 1 --recipient 山田 --opt-in
has err "[11 ウ(ア)]" "cites 11 ウ(ア)"
run "issue" 0 d --as kocho mail policy issue 1
has out "[11 イ]" "issue reminds of 周知 (11 イ)"
run "issue twice" 2 d --as kocho mail policy issue 1

# --- the text export in the 別紙's order
run "show --text" 0 d --as kocho mail policy show 1 --text
python3 - "$tmp/out" <<'EOF' && ok || bad "text export is not in the 別紙 order"
import sys
t = open(sys.argv[1], encoding="utf-8").read()
order = ["令和8年4月1日", "（文書番号）第●●号", "東京都立●●学校長", "都立●●学校", "連絡用メール配信システム運用方針",
         "1 利用目的", "2 利用対象者", "3 発信する機器", "4 サービスの提供事業者及びサービスの名称",
         "5 サービスの提供事業者が定めた利用規約", "6 利用料及び利用料の支出方法等", "7 トラブルが発生した場合の対応", "8 その他"]
at = 0
for o in order:
    i = t.find(o, at)
    if i < 0:
        print("missing or out of order:", o); sys.exit(1)
    at = i + len(o)
lines = t.split("\n")
sys.exit(0 if lines[0] == "令和8年4月1日" and lines[1] == "（文書番号）第●●号" else 1)
EOF
run "show --json" 0 d --as sensei mail policy show 1 --json
json_ok "show --json"
has out '"state":"issued"' "JSON state"

# --- versions: an issued policy changes by a new version
python3 - "$example" "$tmp/v2.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
d["sections"]["purpose"] = "(1) 災害時の連絡に限って一斉配信を行う。"
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
EOF
run "update issued → version 2" 0 d --as kocho mail policy update 1 "$tmp/v2.json"
has out "第2版" "update makes version 2"
run "version 1 kept" 0 d --as kocho mail policy show 1 --version 1 --text
has out "地震等による災害時" "version 1 text kept"
run "version 2" 0 d --as kocho mail policy show 1 --text
has out "災害時の連絡に限って" "version 2 text"

# --- consent: 11 ウ(イ) alternative on decline and withdrawal
run "opt in" 0 d --as kocho mail consent 1 --recipient "1年1組 山田" --group 1年1組 --opt-in --evidence 同意書
run "decline without alternative" 2 d --as kocho mail consent 1 --recipient "1年1組 佐藤" --decline
has err "11 ウ(イ)" "refusal cites 11 ウ(イ)"
run "decline with alternative" 0 d --as kocho mail consent 1 --recipient "1年1組 佐藤" --group 1年1組 --decline --alternative 紙の配布
run "withdraw without alternative" 2 d --as kocho mail consent 1 --recipient "1年1組 山田" --withdraw
run "withdraw" 0 d --as kocho mail consent 1 --recipient "1年1組 山田" --withdraw --alternative 電話連絡網
run "opt in and decline at once" 2 d --as kocho mail consent 1 --recipient x --opt-in --decline --alternative y
run "formula-like name" 0 d --as kocho mail consent 1 --recipient "=1+2" --opt-in
run "consents --json" 0 d --as kocho mail consents 1 --json
json_ok "consents --json"
python3 - "$tmp/out" <<'EOF' && ok || bad "counts of the latest answers"
import json, sys
d = json.load(open(sys.argv[1]))
c = d["counts"]
sys.exit(0 if (c["opted_in"], c["declined"], c["withdrawn"], c["records"], c["not_answered"]) == (1, 1, 1, 4, None) else 1)
EOF
run "history" 0 d --as kocho mail consents 1 --history --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); r=[x["decision"] for x in d["consents"] if x["recipient"]=="1年1組 山田"]; sys.exit(0 if r==["opt_in","withdrawn"] else 1)' "$tmp/out" && ok || bad "the withdrawal keeps the opt-in in the history"
run "consents --csv" 0 d --as kocho mail consents 1 --csv
head -c 3 "$tmp/out" | od -An -tx1 | grep -q "ef bb bf" && ok || bad "CSV starts with a BOM"
python3 -c 'import sys; b=open(sys.argv[1],"rb").read(); sys.exit(0 if b.count(b"\r\n")==4 and b.count(b"\n")==4 else 1)' "$tmp/out" && ok || bad "CSV rows end with CRLF"
has out "'=1+2" "formula neutralized"
run "consents --xlsx" 0 d --as kocho mail consents 1 --xlsx "$tmp/c.xlsx"
python3 - "$tmp/c.xlsx" <<'EOF' && ok || bad "the XLSX holds the list as text (no formula)"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
sheet = z.read("xl/worksheets/sheet1.xml").decode()
strings = z.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in z.namelist() else ""
allx = sheet + strings
sys.exit(0 if "<f>" not in sheet and "=1+2" in allx and "紙の配布" in allx else 1)
EOF
run "staff get no XLSX" 2 d --as sensei mail consents 1 --xlsx "$tmp/s.xlsx"
[ ! -e "$tmp/s.xlsx" ] && ok || bad "a refused XLSX export must not write the file"
run "staff cannot read consents" 2 d --as sensei mail consents 1
empty out "nothing shown to staff"
n=$(events)
[ "$n" = "7" ] && ok || bad "mail audit events: $n, expected 7 (create, issue, update, 4 consents)"

finish test_mail.sh
