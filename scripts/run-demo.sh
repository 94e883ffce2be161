#!/usr/bin/env bash
# The main job on the embedded default (a SQLite file): a demo organization
# walks the procedure of its standard — apply, submit, approve, ledger,
# checklist, review — and the audit chain is verified. Then the web
# application serves the same database on 127.0.0.1 (Ctrl+C stops it). Usage:
#   run-demo.sh [DAICHO_BINARY]   (PROFILE=kitakyushu-external|kitakyushu-cloud|otokuni|tokyo-edu; DB=path;
#                                  PORT=8080; SERVE=0 to stop after the CLI walk)
set -euo pipefail
daicho=$(realpath "${1:-build/daicho}")
cd "$(dirname "$0")/.."
profile=${PROFILE:-kitakyushu-external}
db=${DB:-demo.db}
rm -f "$db" "$db-wal" "$db-shm"
export DAICHO_DB=$db
say() { echo; echo "\$ daicho $*"; "$daicho" "$@"; }

say init
# Demo passwords (12+ characters); printed at the end for signing in to the web pages.
pw_admin=demo-admin-pass pw_applicant=demo-apply-pass pw_approver=demo-approve-pass
echo "$pw_admin" | "$daicho" org create demo --name "デモ市" --profile "$profile" --admin admin --admin-name "システム管理者" \
  --password-stdin >/dev/null
# The roles of the demo users come from the profile: the ordinary track's first applicant role applies,
# its approver role approves.
roles=$("$daicho" profile show "$profile" --json |
  sed -n 's/.*{"id": "ordinary"[^}]*"applicant_roles": \["\([a-z_]*\)"[^}]*"approver_role": "\([a-z_]*\)".*/\1 \2/p')
[ -n "$roles" ] || { echo "run-demo: cannot read the ordinary track of $profile" >&2; exit 1; }
set -- $roles
echo "$pw_applicant" | "$daicho" --as admin user add applicant --name "申請　太郎" --department "総務課" --title "主事" \
  --role "$1" --password-stdin >/dev/null
echo "$pw_approver" | "$daicho" --as admin user add approver --name "許可　花子" --department "総務課" --title "課長" \
  --role "$2" --password-stdin >/dev/null
app=$(ls examples/"$profile"/*ready*.json | head -1)
say --as admin user list
say --as applicant apply "$app"
say --as applicant submit 1
say --as approver decide 1 approve --accept-risks
say --as approver ledger show 1
say --as approver ledger list --q "$(grep -o '"name": *"[^"]*"' "$app" | head -1 | sed 's/.*: *"\(.*\)"/\1/')"
say --as approver checklist 1 --phase operation
say --as approver due --within 400
say --as approver ledger export --output demo-ledger.csv
# Issue #5: "do I need to apply?", and unapproved use found in a web proxy
# log (Squid native format): the approved service's own domain is known, the
# others are reported with their users.
service=$(grep -o '"name": *"[^"]*"' "$app" | head -1 | sed 's/.*: *"\(.*\)"/\1/')
domain=$(grep -o '"domains": *\["[^"]*"' "$app" | sed 's/.*\["//; s/"$//')
say --as applicant lookup "$service"
log=$(mktemp)
cat >"$log" <<LOG
1775001600.100 120 10.0.0.21 TCP_MISS/200 4210 GET https://$domain/app/home applicant HIER_DIRECT/203.0.113.10 text/html
1775001601.250 80 10.0.0.21 TCP_TUNNEL/200 9120 CONNECT files.unknown-storage.example.net:443 applicant HIER_DIRECT/203.0.113.20 -
1775001660.000 95 10.0.0.22 TCP_TUNNEL/200 5120 CONNECT www.free-translate.example.com:443 approver HIER_DIRECT/203.0.113.30 -
1775001700.500 70 10.0.0.21 TCP_TUNNEL/200 7000 CONNECT files.unknown-storage.example.net:443 applicant HIER_DIRECT/203.0.113.20 -
this line is not a squid log line
LOG
say --as approver discover "$log"
rm -f "$log"
say --as approver discover list
if "$daicho" profile show "$profile" --json | grep '"meeting_planner": {' >/dev/null; then
  say meeting plan --profile "$profile" examples/kitakyushu-cloud/meeting/important-6.4-1.json
fi
# Issue #6: the entry's contact chart (here the template as it comes; a
# section fills in its provider's numbers), an incident the applicant
# reports, taken up by a holder of the profile's receiver role with the
# approach agreed on the chart, and, where the profile has one, the gate
# before operation.
chart=$(mktemp --suffix=.json)
"$daicho" contacts sample --profile "$profile" >"$chart"
say --as approver contacts set 1 "$chart" --note "デモ: 見本のまま"
rm -f "$chart"
say --as approver contacts show 1
receiver=$("$daicho" --as admin incident kinds --json | sed -n 's/.*"receiver_role":"\([a-z_]*\)".*/\1/p')
kind=$("$daicho" --as admin incident kinds --json | sed -n 's/.*"kinds":\[{"id":"\([a-z-]*\)".*/\1/p')
echo "$pw_approver" | "$daicho" --as admin user add receiver --name "受付　次郎" --department "情報政策課" \
  --role "$receiver" --password-stdin >/dev/null
say --as applicant incident report --entry 1 --kind "$kind" --title "ログインできない" \
  --description "朝からログイン画面でエラーになる"
say --as receiver incident step 1 start --note "事業者の障害受付センターに連絡した"
say --as applicant incident show 1
if "$daicho" profile show "$profile" --json | grep '"operation_gate": {' >/dev/null; then
  say --as approver gate 1 || true
fi
say --as admin audit log --limit 10
say audit verify
echo
echo "データベース: $db（続けて操作できます: DAICHO_DB=$db $daicho --as approver ledger list）"
[ "${SERVE:-1}" = 1 ] || exit 0
port=${PORT:-8080}
echo
echo "Webアプリケーション: http://127.0.0.1:$port/"
echo "デモの利用者（ログイン名 / パスワード）:"
echo "  admin     / $pw_admin     （システム管理者）"
echo "  applicant / $pw_applicant （申請者: $1）"
echo "  approver  / $pw_approver （許可権限者: $2）"
echo "  receiver  / $pw_approver （インシデントの受付: $receiver）"
exec "$daicho" serve --listen 127.0.0.1 --port "$port"
