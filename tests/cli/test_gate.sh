#!/usr/bin/env bash
# daicho gate … end to end on a fresh SQLite database (kitakyushu-cloud
# 3.3③④; docs/gate.md): an approved entry of the important track is 構築中;
# go-live is refused listing every missing procedure (3.3③(ア)(イ)(ウ)) and
# build check (3.3④ over 3.3①) — nothing written; a procedure's record also
# answers its build-gate-* checklist item; withdrawal before go-live; only
# 所属長 records (3.3③); go-live once all is there, and only once; the
# ordinary track and other profiles have no gate.
# Usage: test_gate.sh PATH/TO/daicho
set -uo pipefail
daicho=$(realpath "$1")
cd "$(dirname "$0")/../.."
. tests/cli/lib.sh   # $tmp, the tally, has/lacks, expect/code/run, D, finish
events() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM audit_events').fetchone()[0])" "$DAICHO_DB"; }

export DAICHO_DB=$tmp/g.db
export DAICHO_NOW=2026-04-10T00:30:00Z
D org create kc --name 北九州市 --profile kitakyushu-cloud --admin admin --admin-name "管理 太郎" >/dev/null || bad "org create"
D --as admin user add kacho --name "課長 美和" --department 健康推進課 --role section_head >/dev/null || bad "user add kacho"
D --as admin user add ciso --name "最高 隆之" --department 総務局 --role ciso >/dev/null || bad "user add ciso"
D --as admin user add shokuin --name "職員 彩花" --department 広報課 --role staff >/dev/null || bad "user add shokuin"
D --as admin user add kacho2 --name "課長 大輔" --department 広報課 --role section_head >/dev/null || bad "user add kacho2"
D --as kacho apply examples/kitakyushu-cloud/important-needs-review.json >/dev/null && D --as kacho submit 1 >/dev/null &&
  D --as ciso decide 1 approve --reason "評価済み" --administrator kacho >/dev/null || bad "important entry"
D --as shokuin apply examples/kitakyushu-cloud/ordinary-ready.json >/dev/null && D --as shokuin submit 2 >/dev/null &&
  D --as kacho2 decide 2 approve --accept-risks >/dev/null || bad "ordinary entry"

# ---- status: 構築中 with everything missing
expect 0 "gate status" -- D --as shokuin gate 1
has "状態: 構築中" "an approved important entry is building"
has "記録と運用開始: 所属長 [3.3③]" "the status names the role and clause"
has "次の 22 件が必要です" "3 procedures + 19 build checks of 3.3①"
expect 0 "gate --json" -- D --as shokuin gate 1 --json
python3 - "$tmp/out" <<'PY' && ok || bad "gate --json shape"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["phase"] == "building" and d["phase_label"] == "構築中" and d["gated"] is True, d
assert [p["clause"] for p in d["procedures"]] == ["3.3③(ア)", "3.3③(イ)", "3.3③(ウ)"], d["procedures"]
assert d["build_checks"]["clause"] == "3.3④" and d["build_checks"]["covers"] == "3.3①"
assert len(d["build_checks"]["items"]) == 19 and all(i["clause"].startswith("3.3①") for i in d["build_checks"]["items"])
assert len(d["missing"]) == 22 and d["ready"] is False and d["may_record"] is False
PY

expect 0 "ledger show names the phase" -- D --as shokuin ledger show 1
has "利用中（構築中）" "ledger show: 構築中 before go-live"
expect 0 "ledger show: the ordinary entry has no phase" -- D --as shokuin ledger show 2
lacks "構築中" "no phase on the ordinary track"

# ---- go-live refused: every missing piece with its clause, nothing written
DAICHO_NOW=2026-06-02T00:30:00Z
export DAICHO_NOW
before=$(events)
expect 2 "go-live with nothing recorded is refused" -- D --as kacho gate 1 --golive
has "次の 22 件が必要です" "the refusal counts every missing piece"
for c in "[3.3③(ア)] 実施手順 security-level" "[3.3③(イ)] 実施手順 incident-handling" "[3.3③(ウ)] 実施手順 recovery" \
  "[3.3④ 3.3①(ア)・1] 構築時の確認 build-ac-id-lifecycle" "[3.3④ 3.3①(エ)・6] 構築時の確認 build-design-time-sync"; do
  has "$c" "the refusal names $c"
done
[ "$(events)" = "$before" ] && ok || bad "a refused go-live wrote an audit event"

# ---- who records (3.3③: 所属長)
expect 2 "CISO may not record a procedure" -- D --as ciso gate 1 --procedure recovery --status prepared --document 復旧手順書
has "所属長" "the refusal names the role"
has "[3.3③]" "the refusal cites 3.3③"
expect 2 "staff may not declare go-live" -- D --as shokuin gate 1 --golive
has "所属長" "go-live refusal names the role"
[ "$(events)" = "$before" ] && ok || bad "refusals wrote an audit event"

# ---- procedures; bad input names the field
expect 2 "a record needs the document" -- D --as kacho gate 1 --procedure recovery --status prepared
has "document" "the refusal names document"
expect 2 "status must be prepared or confirmed" -- D --as kacho gate 1 --procedure recovery --status done --document x
has "prepared" "the refusal names the statuses"
expect 2 "unknown procedure" -- D --as kacho gate 1 --procedure backup --status prepared --document x
has "security-level" "the refusal lists the procedures"
expect 2 "usage: two actions at once" -- D --as kacho gate 1 --golive --withdraw recovery --note x
expect 0 "(ア) prepared" -- D --as kacho gate 1 --procedure security-level --status prepared --document "セキュリティ水準維持手順書 第1版"
has "整備済み" "recorded as prepared"
expect 0 "(イ) confirmed" -- D --as kacho gate 1 --procedure incident-handling --status confirmed --document "事業者のインシデント対応手順書"
expect 0 "(ウ) prepared" -- D --as kacho gate 1 --procedure recovery --status prepared --document "復旧手順書 第1版" --note "訓練は年1回"
expect 0 "the checklist shows the procedure's item" -- D --as kacho checklist 1 --phase build
has "根拠: 確認済み: 事業者のインシデント対応手順書" "build-gate-incident-procedure answered by the record"

# ---- withdraw before go-live
expect 2 "withdraw needs a reason" -- D --as kacho gate 1 --withdraw recovery
expect 0 "withdraw" -- D --as kacho gate 1 --withdraw recovery --note "版が古い"
expect 0 "status after withdrawal" -- D --as kacho gate 1
has "[3.3③(ウ)] 実施手順 recovery: 取り下げ済み" "a withdrawn procedure is missing again"
expect 0 "(ウ) again" -- D --as kacho gate 1 --procedure recovery --status prepared --document "復旧手順書 第2版"

# ---- the build checks through the checklist (3.3④), all but one
ids=$(D --as kacho gate 1 --json | python3 -c 'import json,sys; print(" ".join(i["id"] for i in json.load(sys.stdin)["build_checks"]["items"]))')
last=${ids##* }
for i in $ids; do
  [ "$i" = "$last" ] && continue
  D --as kacho checklist 1 --item "$i" --status done --evidence "納品物: 詳細設計書 $i" >/dev/null || bad "checklist $i"
done
expect 2 "one build check missing: refused" -- D --as kacho gate 1 --golive --date 2026-06-01
has "次の 1 件が必要です" "only one piece is missing"
has "$last" "the refusal names the missing item"
lacks "security-level" "recorded procedures are not listed"
D --as kacho checklist 1 --item "$last" --status not_applicable --evidence "該当機能を使わない（基本設計書 2.1）" >/dev/null || bad "last item"
expect 0 "all there" -- D --as kacho gate 1
has "すべて揃っています" "the status says go-live may be recorded"
expect 2 "go-live before the usage period" -- D --as kacho gate 1 --golive --date 2026-05-31
has "利用期間の開始 2026-06-01 より前" "the refusal names the period"
expect 2 "go-live in the future" -- D --as kacho gate 1 --golive --date 2026-06-03
expect 0 "go-live" -- D --as kacho gate 1 --golive --date 2026-06-01 --note 本番稼働
has "運用中になりました" "go-live recorded"
expect 2 "a second go-live is refused" -- D --as kacho gate 1 --golive
has "記録済み" "the refusal says it is recorded"
expect 2 "no withdrawal after go-live" -- D --as kacho gate 1 --withdraw recovery --note x
expect 0 "ledger show after go-live" -- D --as shokuin ledger show 1
has "利用中（運用中）" "ledger show: 運用中 after go-live"
expect 0 "status: operating" -- D --as kacho gate 1 --json
has '"phase":"operating"' "operating"
has '"started_on":"2026-06-01"' "the start date"
expect 0 "the 3.3④ item is done" -- D --as kacho checklist 1 --phase build
has "運用開始（2026-06-01）の記録時に" "build-deliverables-check recorded by the go-live"
expect 0 "audit verify" -- D audit verify

# ---- no gate: the ordinary track, other profiles
expect 0 "ordinary entry" -- D --as kacho gate 2
has "重要情報資産を取り扱わない場合の利用には運用開始前の確認（3.3③）の定めがありません" "ordinary track has no gate"
expect 2 "ordinary entry: no go-live" -- D --as kacho gate 2 --golive
export DAICHO_DB=$tmp/t.db
D org create te --name 東京都教育庁 --profile tokyo-edu --admin admin --admin-name "管理 太郎" >/dev/null || bad "org create te"
D --as admin user add owner --name "所管 太郎" --department 教育政策課 --role asset_owner >/dev/null || bad "user add owner"
expect 2 "no such entry" -- D --as owner gate 1
has "第1号 はありません" "unknown entry"

finish test_gate.sh
