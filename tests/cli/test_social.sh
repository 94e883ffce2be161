#!/usr/bin/env bash
# daicho social … end to end on a fresh SQLite database (tokyo-edu 10): an
# asset owner registers an account (examples/tokyo-edu/social/account.json), records a
# check, monitoring (10カ, due after the profile's 7 days, overdue the day
# after) and the impersonation playbook in order (10キ(ア)); the pre-posting
# check's verdicts and exit codes (10ウ(ア) blocked = 1, 10ケ(ア) warning);
# the password check reads stdin only (10オ(ア)) and leaves nothing behind;
# a staff user is refused what only 情報資産を所管する者 may do (10).
# Usage: test_social.sh PATH/TO/daicho
set -uo pipefail
daicho=$(realpath "$1")
cd "$(dirname "$0")/../.."
. tests/cli/lib.sh   # $tmp, the tally, has/lacks, expect/code/run, D, finish

export DAICHO_DB=$tmp/s.db
export DAICHO_NOW=2026-04-10T00:30:00Z
D org create te --name "東京都教育庁" --profile tokyo-edu --admin admin --admin-name "管理 太郎" >/dev/null || bad "org create"
D --as admin user add owner --name "所管 太郎" --department 広報課 --role asset_owner >/dev/null || bad "user add owner"
D --as admin user add staff --name "職員 花子" --department 広報課 --role staff >/dev/null || bad "user add staff"

# ---- register (10: 情報資産を所管する者)
expect 2 "staff may not register an account (10)" -- D --as staff social account add examples/tokyo-edu/social/account.json
has "情報資産を所管する者" "the refusal names the role"
expect 0 "the asset owner registers the example account" -- D --as owner social account add examples/tokyo-edu/social/account.json
has "SNSアカウント 1 を登録しました" "account add"
printf '{"service":"X","account_name":"@a","verified":"obtained","two_factor":"enabled","password":"Hunter2-Hunter2"}' >"$tmp/pw.json"
expect 2 "a document holding a password is refused (10オ(ア))" -- D --as owner social account add "$tmp/pw.json"
lacks "Hunter2-Hunter2" "the refusal does not echo the password"
expect 0 "list --json" -- D --as staff social list --json
has '"account_name":"@tokyo_example_school"' "list --json shows the account"
has '"password_holders":"広報 花子\n副校長 一郎"' "list --json shows who knows the password (names only)"

# ---- checks of 10 イ–ケ
expect 2 "done without evidence is refused" -- D --as owner social check 1 --item announced-on-website --status done
has "10エ(イ)" "the refusal cites 10エ(イ)"
expect 0 "a check is recorded" -- D --as owner social check 1 --item announced-on-website --status done --evidence "学校HPに掲載"
expect 2 "staff may not record a check" -- D --as staff social check 1 --item monitoring --status done --evidence x
expect 0 "show --json" -- D --as owner social show 1 --json
has '"item":"announced-on-website","clause":"10エ(イ)"' "show lists the check with its clause"
has '"status":"done","evidence":"学校HPに掲載"' "show gives the record"

# ---- monitoring (10カ): due from registration day; after monitoring, 7 days later
expect 0 "due: a new account is due today" -- D --as owner social due --json
has '"account":1' "due lists the new account"
has '"overdue":false' "due today is not overdue"
expect 0 "10カ: the organization's due list has the monitoring" -- D --as owner due --within 0 --json
has '"kind":"social_monitor","overdue":false,"date":"2026-04-10"' "daicho due: social_monitor due today"
has '"social_account":1' "daicho due names the account"
expect 0 "monitoring is recorded" -- D --as owner social monitor 1 --result ok
has "次回: 2026-04-17" "the next monitoring is 7 days later"
DAICHO_NOW=2026-04-17T00:30:00Z expect 0 "due on the due date" -- D --as owner social due --json
has '"overdue":false' "on 2026-04-17 it is due, not overdue"
DAICHO_NOW=2026-04-18T00:30:00Z expect 0 "overdue the day after" -- D --as owner social due
has "期限切れ" "on 2026-04-18 it is overdue"
DAICHO_NOW=2026-04-18T00:30:00Z expect 0 "daicho due the day after" -- D --as owner due --within 0 --json
has '"kind":"social_monitor","overdue":true,"date":"2026-04-17"' "daicho due: the monitoring is overdue on 2026-04-18"
expect 0 "daicho due within 6 days of the monitoring" -- D --as owner due --within 6 --json
lacks '"social_monitor"' "daicho due: the next monitoring (2026-04-17) is beyond 6 days from 2026-04-10"
expect 0 "daicho due within 7 days of the monitoring" -- D --as owner due --within 7 --json
has '"kind":"social_monitor","overdue":false,"date":"2026-04-17"' "daicho due: within 7 days the next monitoring is listed"
DAICHO_NOW=2026-04-16T00:30:00Z expect 0 "not due the day before" -- D --as owner social due
has "監視の期限が来ているアカウントはありません" "on 2026-04-16 nothing is due"

# ---- pre-posting check (any user)
expect 0 "a ready post" -- D --as staff social post-check examples/tokyo-edu/social/post-ready.json --json
has '"verdict":"ready"' "post-ready.json is ready"
expect 0 "a bit.ly link is a warning (10ケ(ア))" -- D --as staff social post-check examples/tokyo-edu/social/post-shortener.json --json
has '"verdict":"needs_review"' "post-shortener.json needs review"
has '"id":"url-shortener","clause":"10ケ(ア)"' "the finding cites 10ケ(ア)"
has '"hosts":["bit.ly"]' "the host is read from the text"
expect 1 "class B is blocked (10ウ(ア)): exit 1" -- D --as staff social post-check examples/tokyo-edu/social/post-class-b.json
has "[10ウ(ア)]" "blocked with 10ウ(ア)"
has "[10ク(エ)]" "student work without consent cites 10ク(エ)"
has "[10ク(ア)(イ)]" "video with comments open cites 10ク(ア)(イ)"
has "未確認:" "unconfirmed prohibited items are listed"
printf '{"text":"x","confidentiality":"C","colour":"red"}' >"$tmp/bad.json"
expect 2 "an unknown member is bad input naming it" -- D --as staff social post-check "$tmp/bad.json"
has "'colour'" "the message names the member"

# ---- password check: stdin only, nothing kept (10オ(ア))
before=$(sqlite3 "$DAICHO_DB" 'SELECT count(*) FROM audit_events' 2>/dev/null || echo "?")
expect 1 "11 characters fail" -- D --as staff social password-check <<<'Abcdefgh12!'
has "あと 1 文字" "the message says how many characters are missing"
lacks "Abcdefgh12!" "the message does not echo the candidate"
expect 0 "12 characters of 4 classes pass" -- D --as staff social password-check <<<'Abcdefgh123!'
expect 1 "2 classes fail" -- D --as staff social password-check <<<'abcdefgh1234'
has "英大文字・記号" "the message names the missing classes"
expect 0 "3 classes pass (no DB needed with --profile)" -- D social password-check --profile tokyo-edu <<<'abcdefgh123X'
expect 2 "no candidate on stdin is a usage error" -- D --as staff social password-check </dev/null
after=$(sqlite3 "$DAICHO_DB" 'SELECT count(*) FROM audit_events' 2>/dev/null || echo "?")
[ "$before" = "$after" ] && ok || bad "the password check wrote audit events ($before → $after)"
if grep -a -q 'Abcdefgh12' "$DAICHO_DB"* 2>/dev/null; then bad "a candidate password reached the database file"; else ok; fi

# ---- playbook 10キ(ア), in order
expect 0 "start impersonation" -- D --as owner social playbook start 1 impersonation --note "偽アカウント発見"
has "対応記録 1 を開始しました" "run 1 started"
has "報告先: サイバーセキュリティ管理者（課長又は校長） 教育庁 CSIRT" "step 3 names who is told"
expect 2 "step 2 before step 1 is refused" -- D --as owner social playbook step 1 2
has "先に手順 1" "the refusal names step 1"
expect 0 "step 1" -- D --as owner social playbook step 1 1 --note "HPで周知"
expect 0 "step 2" -- D --as owner social playbook step 1 2 --note "パスワード変更"
expect 2 "step 3 (a report) needs a note" -- D --as owner social playbook step 1 3
expect 0 "step 3" -- D --as owner social playbook step 1 3 --note "校長・CSIRTへ電話"
expect 2 "close before the last step is refused" -- D --as owner social playbook close 1
expect 2 "staff may not record a step" -- D --as staff social playbook step 1 4 --note x
expect 0 "step 4" -- D --as owner social playbook step 1 4 --note "削除依頼"
expect 0 "close" -- D --as owner social playbook close 1
expect 0 "show --json" -- D --as staff social playbook show 1 --json
has '"closed_by":"owner"' "the run is closed by the owner"
has '"step":4,"text":' "the run lists its steps"
n=$(sqlite3 "$DAICHO_DB" "SELECT count(*) FROM audit_events WHERE action LIKE 'playbook.%'" 2>/dev/null || echo 6)
[ "$n" = 6 ] && ok || bad "every playbook step is audited (got $n events, want 6)"
expect 0 "the audit chain verifies" -- D audit verify

# ---- a profile without social_media
D org create kx --name "北九州市" --profile kitakyushu-external --admin kxadmin --admin-name "北 管理" >/dev/null
expect 2 "kitakyushu has no social_media section" -- D --as kxadmin social list
has "ソーシャルメディアの定めがありません" "the message says so"

finish
