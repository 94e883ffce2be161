/* The command table: adding a command is one function and one row. */
#include "cli/cli.h"

const Command commands[] = {
    {"profiles", cmd_profiles, "[--json]", "組み込みのポリシープロファイル一覧"},
    {"profile", cmd_profile, "show ID [--json] | check FILE…", "プロファイルの全項目を条項付きで表示／検証"},
    {"evaluate", cmd_evaluate, "--profile ID [--json] [FILE|-]", "利用申請を評価し、判定・指摘・要件を表示"},
    {"init", cmd_init, "[--db URL]", "データベースを作成（既存なら最新の版へ更新）"},
    {"org", cmd_org, "create CODE --name NAME --profile ID --admin LOGIN --admin-name NAME [--password-stdin] | show",
     "組織（プロファイルに結び付く）と最初のシステム管理者"},
    {"user", cmd_user, "add LOGIN --name NAME [--department D] [--title T] --role R… [--admin] [--auditor] [--password-stdin] | roles LOGIN --role R… | passwd LOGIN --password-stdin | list",
     "利用者と役割"},
    {"apply", cmd_apply, "FILE | update ID FILE | show ID | list [--state S] [--mine]", "利用申請の作成（下書き）・修正・表示"},
    {"submit", cmd_submit, "ID", "申請を提出"},
    {"withdraw", cmd_withdraw, "ID", "申請を取り下げ"},
    {"decide", cmd_decide, "ID approve|reject|return [--reason R] [--administrator LOGIN] [--accept-risks]",
     "許可権限者の決定（承認で台帳に登録）"},
    {"ledger", cmd_ledger, "list [--q TEXT] [--state S] [--class C] [--due-before DATE] … | show N | change N --set FIELD=VALUE… --reason R"
     " | export [--format csv|xlsx] [--output FILE] | import FILE.csv",
     "外部サービス利用台帳"},
    {"checklist", cmd_checklist, "N [--phase build|operation|retirement] | N --item ID --status S [--evidence E]",
     "導入・運用・廃棄時のチェックリスト"},
    {"review", cmd_review, "N --result ok|issues [--note TEXT]", "定期点検の記録"},
    {"end", cmd_end, "N --reason R [--date DATE] | N --complete", "利用終了の報告と完了"},
    {"due", cmd_due, "[--within DAYS] [--json] | done ID", "点検期限・利用期間の終了・認証の期限切れ・報告すべき事項（既定 60 日以内）"},
    {"cert", cmd_cert, "add --service NAME --kind K [--number N] [--audit-from D --audit-to D] [--valid-until D] | list",
     "事業者の認証・監査報告書の登録（ISMAP は監査対象期間の終了から1年4か月有効）"},
    {"audit", cmd_audit, "verify | log [--limit N] | purge --before DATE", "監査ログ（ハッシュチェーン）"},
    {"lookup", cmd_lookup, "SERVICE-NAME-OR-URL [--json]", "申請が必要か調べる（台帳と申請不要のサービスの一覧から）"},
    {"exempt", cmd_exempt, "add NAME --domain D… --class C… --notice N [--note T] | list [--json] | remove ID --reason R",
     "利用申請を要しない外部サービスの一覧（東京都教育庁 5 など）"},
    {"discover", cmd_discover,
     "FILE… [--format auto|squid|csv] [--json] | list [--status S] [--json] | show ID [--json] | review ID --note N"
     " | draft ID | ignore add|list|remove … | domains SERVICE [--add D]… [--remove D]…",
     "プロキシログから承認されていない外部サービスを検出"},
    {"meeting", cmd_meeting, "plan FILE|- [--json] [--profile ID] [--save --title T --date D] | list [--all] [--json] | show ID [--json]",
     "ウェブ会議の開催計画と主催者チェックリスト（北九州市 6）"},
    {"social", cmd_social,
     "account add FILE.json | account status ID S --reason R | list | show ID | check ID --item I --status S | monitor ID --result R"
     " | due | password-check (stdin) | post-check FILE.json | playbook start|step|close|show … (docs/social.md)",
     "ソーシャルメディアの公式アカウント（台帳・確認・監視・投稿前チェック・トラブル対応）"},
    {"mail", cmd_mail, "policy new|update|issue|show|list|sample … | consent N … | consents N (docs/mail.md)", "連絡用メール配信サービスの運用方針と同意"},
    {"contacts", cmd_contacts,
     "show N [--json] | set N FILE.json [--note T] | review N [--note T] | export [N] --csv FILE|- | sample [--profile ID]"
     " (docs/contacts.md)",
     "台帳ごとの連絡体制図（休日・夜間の連絡先、再委託先、庁内の報告経路）"},
    {"incident", cmd_incident, "report (--entry N | --service NAME [--finding ID]) --kind K --title T … | list [--state S] [--json]"
     " | show N [--json] | step N start|note|resolve|close|reopen [--approach A] [--note T] | kinds (docs/incidents.md)",
     "インシデント・目的外利用の報告と対応の記録"},
    {"gate", cmd_gate, "N [--json] | N --procedure ID --status prepared|confirmed --document D [--note T] | N --withdraw ID --note T | N --golive [--date D] [--note T] (docs/gate.md)", "運用開始前の確認（実施手順の整備・構築時の確認）と運用開始"},
    {"serve", cmd_serve, "[--listen ADDR] [--port N] [--threads N] [--config FILE] [--access-log FILE|-|off] [--https on|off] …",
     "Webアプリケーション（画面とJSON API）を起動"},
    {"routes", cmd_routes, "[--json]", "Webアプリケーションのルート一覧（メソッド・パス・アクセス権・API）"},
    {"help", cmd_help, "", "使い方"},
};

const int command_count = (int)(sizeof commands / sizeof commands[0]);
