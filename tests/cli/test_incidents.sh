#!/usr/bin/env bash
# daicho incident … end to end on a fresh SQLite database (otokuni 3.4①(ケ):
# 利用者が…インシデントや情報の目的外利用等を認知した場合、情報セキュリティ責任者へ
# 報告する): a staff user reports on ledger entry 1 and on a service with no
# entry; bad reports are refused with the field and clause (exit 2, nothing
# written); the report reaches 情報セキュリティ責任者 (list, notification);
# the steps received → handling → resolved → closed in order, by the
# profile's roles only; the handling approach (3.1(7)⑤) chosen at the
# start; another staff user does not see the report; --json shapes.
# Usage: test_incidents.sh PATH/TO/daicho
set -uo pipefail
daicho=$(realpath "$1")
cd "$(dirname "$0")/../.."
. tests/cli/lib.sh   # $tmp, the tally, has/lacks, expect/code/run, D, finish
count() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" "$DAICHO_DB" "$1" 2>/dev/null || echo "?"; }
same() { [ "$1" = "$2" ] && ok || bad "$3: $1 became $2"; }

export DAICHO_DB=$tmp/i.db
export DAICHO_NOW=2026-04-10T00:30:00Z
D org create ot --name "乙訓" --profile otokuni --admin admin --admin-name "管理 太郎" >/dev/null || bad "org create"
D --as admin user add sekinin --name "責任 一郎" --department 総務課 --role security_officer >/dev/null || bad "user add"
D --as admin user add tokatsu --name "統括 次郎" --department 事務局 --role chief_security_officer >/dev/null || bad "user add"
D --as admin user add shokuin --name "職員 花子" --department 総務課 --role staff >/dev/null || bad "user add"
D --as admin user add tanin --name "他人 三郎" --department 福祉課 --role staff >/dev/null || bad "user add"
D --as sekinin apply examples/otokuni/ordinary-ready.json >/dev/null || bad "apply"
D --as sekinin submit 1 >/dev/null || bad "submit"
D --as tokatsu decide 1 approve --accept-risks >/dev/null || bad "approve"

# ---- kinds and bad reports (3.4①(ケ)); nothing written
expect 0 "kinds" -- D --as shokuin incident kinds
has "報告先: 情報セキュリティ責任者 [3.4①(ケ)・1]" "kinds names the receiver and its clause"
has "misuse" "kinds lists 目的外利用"
events=$(count "SELECT count(*) FROM audit_events")
expect 2 "a report with no service" -- D --as shokuin incident report --kind misuse --title x
has "entry / service" "names the field"
has "[3.4①(ケ)・1]" "names the clause"
expect 2 "an unknown entry" -- D --as shokuin incident report --entry 9 --kind misuse --title x
has "台帳 第9号 はありません" "names the entry"
expect 2 "an unknown kind" -- D --as shokuin incident report --entry 1 --kind rumour --title x
has "kind: 種別 'rumour'" "names the kind"
expect 2 "no title" -- D --as shokuin incident report --entry 1 --kind misuse
has "title" "names the title"
expect 2 "noticed after today" -- D --as shokuin incident report --entry 1 --kind misuse --title x --noticed 2026-04-11
has "noticed" "names noticed"
expect 2 "a bad entry number" -- D --as shokuin incident report --entry abc --kind misuse --title x
same "$events" "$(count "SELECT count(*) FROM audit_events")" "refused reports write no event"
same 0 "$(count "SELECT count(*) FROM incidents")" "refused reports write no incident"

# ---- reports
expect 0 "a report on entry 1" -- D --as shokuin incident report --entry 1 --kind misuse --title "名簿の目的外利用の疑い" --description "委託先から営業電話" --noticed 2026-04-09T21:15
has "インシデント 第1号 を報告しました（情報セキュリティ責任者 が受け付けます [3.4①(ケ)・1]）" "report"
expect 0 "a report on a service with no entry" -- D --as tanin incident report --service "無料翻訳サイト" --kind unapproved-use --title "未承認の翻訳サービス"
same 2 "$(count "SELECT count(*) FROM notifications WHERE kind = 'incident.report' AND role = 'security_officer'")" "the receiver role is notified"

# ---- who reads
expect 0 "the reporter's list" -- D --as shokuin incident list
has "名簿の目的外利用の疑い" "own report listed"
lacks "未承認の翻訳サービス" "another's report not listed"
expect 2 "another staff user cannot read it" -- D --as tanin incident show 1
has "第1号 はありません" "answered as missing"
expect 0 "the receiver's list" -- D --as sekinin incident list --state open --json
has '"number":2' "receiver sees report 2"
has '"number":1' "receiver sees report 1"
has '"assigned_role":"security_officer","assigned_role_label":"情報セキュリティ責任者"' "assigned role in JSON"
has '"noticed_at":"2026-04-09T12:15:00Z"' "21:15 in Japan is kept as UTC"
expect 2 "an unknown state filter" -- D --as sekinin incident list --state done

# ---- steps (3.4①(ケ)), in order, by the roles of the profile
steps=$(count "SELECT count(*) FROM incident_steps")
expect 2 "staff may not start" -- D --as shokuin incident step 1 start --approach recovery_first
has "情報セキュリティ責任者・統括情報セキュリティ責任者が行います [3.4①(ケ)・2]" "names the roles and clause"
expect 2 "resolve before handling" -- D --as sekinin incident step 1 resolve --note x
has "手順の順序" "names the rule"
expect 2 "start without an approach and none agreed (3.1(7)⑤)" -- D --as sekinin incident step 1 start
has "[3.1(7)⑤]" "names the approach clause"
same "$steps" "$(count "SELECT count(*) FROM incident_steps")" "refused steps write nothing"
expect 0 "start, continuity first" -- D --as sekinin incident step 1 start --approach continuity_first
has "状態: 対応中" "handling"
expect 2 "close before resolved" -- D --as tokatsu incident step 1 close
expect 0 "a progress note" -- D --as sekinin incident step 1 note --note "提供者に照会"
expect 2 "resolve needs a note" -- D --as sekinin incident step 1 resolve
expect 0 "resolve" -- D --as sekinin incident step 1 resolve --note "削除を確認"
expect 0 "close by 統括" -- D --as tokatsu incident step 1 close
has "状態: 終結" "closed"
expect 2 "nothing after closed" -- D --as sekinin incident step 1 reopen --note x
has "終結しています" "names the rule"
expect 2 "close from received needs the reason (対応不要)" -- D --as sekinin incident step 2 close
expect 0 "close from received with the reason" -- D --as sekinin incident step 2 close --note "承認済みサービスへの切替を指導"
same 3 "$(count "SELECT count(*) FROM notifications WHERE kind = 'incident.step' AND user_id = (SELECT id FROM users WHERE login = 'shokuin')")" "the reporter is told of each state change (start, resolve, close)"

# ---- show
expect 0 "the reporter sees the state and the timeline" -- D --as shokuin incident show 1
has "状態: 終結" "state shown"
has "対処方法: 業務継続優先" "approach shown"
has "提供者に照会" "note in the timeline"
expect 0 "show --json" -- D --as sekinin incident show 2 --json
has '"state":"closed"' "JSON state"
has '"decision":"no_action"' "対応不要 recorded"
has '"actions":[]' "no action after closed"
same 7 "$(count "SELECT count(*) FROM audit_events WHERE action LIKE 'incident.%'")" "every report and step audited"
expect 0 "audit verify" -- D --as admin audit verify

# ---- tokyo-edu: a social playbook (10キ) runs an incident
export DAICHO_DB=$tmp/te.db
D org create te --name "東京都教育庁" --profile tokyo-edu --admin admin --admin-name "管理 太郎" >/dev/null || bad "org create te"
D --as admin user add owner --name "所管 太郎" --department 広報課 --role asset_owner >/dev/null || bad "user add owner"
D --as admin user add kanri --name "管理 花子" --department 学校 --role security_manager >/dev/null || bad "user add kanri"
D --as owner social account add examples/tokyo-edu/social/account.json >/dev/null || bad "account add"
expect 0 "the owner starts the flaming playbook" -- D --as owner social playbook start 1 flaming --note "批判的な返信が急増"
has "インシデント 第1号" "the run names its incident"
expect 0 "the receiver (サイバーセキュリティ管理者) lists it, in handling" -- D --as kanri incident list --json
has '"kind":"social-media"' "kind social-media"
has '"state":"handling"' "handling from the start"
has '"playbook_run":1' "linked to the run"
expect 2 "the incident is not resolved by hand while the run is open" -- D --as kanri incident step 1 resolve --note x
has "[10キ(イ)]" "names the playbook's clause"
for s in 1 2 3; do D --as owner social playbook step 1 "$s" --note 対応 >/dev/null || bad "playbook step $s"; done
expect 0 "closing the run" -- D --as owner social playbook close 1
expect 0 "show --json" -- D --as kanri incident show 1 --json
has '"state":"resolved"' "closing the run resolved the incident"
has '"decision":"playbook_step"' "the playbook's steps are the incident's"
expect 0 "the CISO's office closes it" -- D --as kanri incident step 1 close --note "沈静化を確認"
expect 0 "playbook show --json names the incident" -- D --as owner social playbook show 1 --json
has '"incident":1' "the run's JSON links the incident"

finish cli_incidents
