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
exec "$daicho" serve --listen 127.0.0.1 --port "$port"
