#!/usr/bin/env bash
# daicho contacts … end to end on a fresh SQLite database (tokyo-edu): an
# entry in use without a chart is on the due list (3.1.9①); a staff user may
# not save (who keeps the entry, 4); a document with a bad member is refused
# naming it (provider[1].phone) and one without a holiday/night contact with
# 3.1.9①, writing nothing; the administrator saves the example, the approver
# records a review without change (a new version); show prints the path
# with today's holders, --json the same data; export writes CSV with a BOM
# and CRLF; the review falls due 12 months later (due soon before, overdue
# the day after); sample gives a document that can be saved as it is.
# Usage: test_contacts.sh PATH/TO/daicho
set -uo pipefail
daicho=$(realpath "$1")
cd "$(dirname "$0")/../.."
. tests/cli/lib.sh   # $tmp, the tally, has/lacks, expect/code/run, D, finish

export DAICHO_DB=$tmp/c.db
export DAICHO_NOW=2026-04-10T00:30:00Z
D org create te --name "東京都教育庁" --profile tokyo-edu --admin admin --admin-name "管理 太郎" >/dev/null || bad "org create"
D --as admin user add owner --name "所管 太郎" --department 学務課 --role asset_owner >/dev/null || bad "user add owner"
D --as admin user add officer --name "局責 次郎" --department 局 --role cyber_officer >/dev/null || bad "user add officer"
D --as admin user add staff --name "職員 花子" --department 学務課 --role staff >/dev/null || bad "user add staff"
D --as admin user add csirt --name "当番 三郎" --department 教育庁CSIRT --role edu_csirt >/dev/null || bad "user add csirt"
D --as owner apply examples/tokyo-edu/ordinary-ready.json >/dev/null || bad "apply"
D --as owner submit 1 >/dev/null || bad "submit"
D --as officer decide 1 approve --reason 承認 --accept-risks >/dev/null || bad "approve"

# ---- missing chart: on the due list (3.1.9①)
expect 0 "due --json" -- D --as owner due --json
has '"kind":"contact_chart_missing","overdue":true,"date":"2026-04-10","ledger_number":1' "a missing chart is overdue"
has '"clause":"3.1.9①"' "the due item cites 3.1.9①"
expect 0 "show without a chart" -- D --as staff contacts show 1
has "未作成" "show says the chart is missing"
has "当番 三郎" "the path shows today's 教育庁CSIRT"

# ---- refusals write nothing
expect 2 "staff may not save (4)" -- D --as staff contacts set 1 examples/tokyo-edu/contacts/chart.json
has "外部サービス管理者" "the refusal names who may"
sed 's/"03-1234-5678"/"03"/' examples/tokyo-edu/contacts/chart.json >"$tmp/badphone.json"
expect 2 "a bad phone number is named" -- D --as owner contacts set 1 "$tmp/badphone.json"
has "provider[1].phone" "the refusal names the member"
printf '{"provider":[{"organization":"X社","department":"窓口","phone":"03-1111-2222","coverage":["weekday"]}],"has_subcontractors":false}' >"$tmp/weekday.json"
expect 2 "no holiday/night contact (3.1.9①)" -- D --as owner contacts set 1 "$tmp/weekday.json"
has "3.1.9①" "the refusal cites 3.1.9①"
expect 0 "show --json after refusals" -- D --as owner contacts show 1 --json
has '"version":null' "nothing was saved"

# ---- save, review
expect 0 "the administrator saves the example" -- D --as owner contacts set 1 examples/tokyo-edu/contacts/chart.json --note 初版
has "版1" "version 1"
expect 0 "the approver reviews without change" -- D --as officer contacts review 1
has "版2" "version 2"
expect 0 "show" -- D --as staff contacts show 1
has "業務継続優先" "the approach is shown"
has "0120-123-456" "the 24h number is shown"
has "サンプルデータセンター株式会社" "the subcontractor is shown"
has "内容を確認した" "the review's note is in the history"
expect 0 "show --json" -- D --as staff contacts show 1 --json
has '"approach":"continuity_first"' "json approach"
has '"status":"current"' "json status"
has '"review_due":"2027-04-10"' "json review due"
has '"login":"csirt"' "json path holder"
expect 0 "due after saving" -- D --as owner due --json
lacks "contact_chart" "a current chart is not due"

# ---- export
expect 0 "export one" -- D --as staff contacts export 1 --csv "$tmp/one.csv"
head -c 3 "$tmp/one.csv" | od -An -tx1 | grep -q "ef bb bf" && ok || bad "CSV has a BOM"
grep -q $'\r$' "$tmp/one.csv" && ok || bad "CSV lines end in CRLF"
grep -q "0120-123-456" "$tmp/one.csv" && ok || bad "CSV has the number"
expect 0 "export all to stdout" -- D --as staff contacts export --csv -
has "障害受付センター" "stdout CSV"
expect 2 "export needs --csv" -- D --as staff contacts export 1

# ---- review interval (12 months) on both sides
DAICHO_NOW=2027-03-10T00:30:00Z expect 0 "due 30 days before" -- D --as owner due --within 30 --json
lacks "contact_chart_review" "not yet in a 30-day window"
DAICHO_NOW=2027-03-10T00:30:00Z expect 0 "due 31 days before" -- D --as owner due --within 31 --json
has '"kind":"contact_chart_review","overdue":false,"date":"2027-04-10"' "due soon"
DAICHO_NOW=2027-04-11T00:30:00Z expect 0 "due the day after" -- D --as owner due --within 0 --json
has '"kind":"contact_chart_review","overdue":true' "overdue the day after"

# ---- sample
expect 0 "sample for the profile" -- D contacts sample --profile tokyo-edu
cp "$tmp/out" "$tmp/sample.json"
expect 0 "the sample can be saved as it is" -- D --as owner contacts set 1 "$tmp/sample.json"
expect 2 "sample needs a profile with the section" -- D contacts sample --profile nosuch
expect 2 "usage" -- D contacts frobnicate

finish cli_contacts
