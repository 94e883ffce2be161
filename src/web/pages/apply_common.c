/* What the application pages share (apply_pages.h): labels, who may see an
 * application, and the evaluation and the document as HTML. The evaluation
 * mirrors `daicho evaluate` (cli/decision_text.c) so that the screen, the
 * print and the CLI say the same thing with the same clauses. */
#include <stdio.h>
#include <string.h>

#include "app/app_apply_web.h"
#include "exchange/decision_json.h"
#include "exchange/field_text.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages/apply_pages.h"

const char *const apply_verdict_labels[] = {"承認手続きに進めます", "要確認", "利用できません"};
const char *const apply_severity_labels[] = {"参考", "注意", "禁止"};
const char *const apply_status_labels[] = {"未回答", "実施済", "該当なし", "未実施"};

const char *apply_verdict_label(const char *name)
{
    int v = name ? enum_index(verdict_names, name) : -1;
    return v >= 0 ? apply_verdict_labels[v] : name ? name : "";
}

/* daicho's wording for the shared fields; the classes take the profile's. */
static const char *const field_labels[F_COUNT] = {
    [F_SERVICE_NAME] = "外部サービスの名称",
    [F_SERVICE_FUNCTION] = "機能名",
    [F_SERVICE_PROVIDER] = "提供事業者の名称",
    [F_SERVICE_CATEGORY] = "サービスの種類",
    [F_SERVICE_PRICING] = "料金",
    [F_SERVICE_CONTRACT] = "契約の形態",
    [F_SERVICE_DATA_LOCATIONS] = "データの保存場所（国）",
    [F_SERVICE_GOVERNING_LAW] = "準拠法（国）",
    [F_SERVICE_COURT] = "管轄裁判所（国）",
    [F_SERVICE_DOMAINS] = "サービスのドメイン名",
    [F_SERVICE_CERTIFICATIONS] = "第三者認証・監査報告",
    [F_SERVICE_SUBCONTRACTING] = "再委託がある",
    [F_SERVICE_LOG_RETENTION_DAYS] = "ログの保存期間（日）",
    [F_SERVICE_E2E_ENCRYPTION] = "エンドツーエンド暗号化",
    [F_SERVICE_SLA_UPTIME_PERCENT] = "SLAの稼働率（%）",
    [F_SERVICE_BACKUP] = "事業者がデータのバックアップを取る",
    [F_SERVICE_DATA_EXPORT] = "利用終了時にデータを取り出せる",
    [F_SERVICE_TWO_FACTOR_AUTH] = "多要素認証を使う",
    [F_SERVICE_OFFICIAL_ACCOUNT] = "公式（認証済み）アカウントを使う",
    [F_PURPOSE] = "利用目的（業務内容）",
    [F_USER_SCOPE] = "利用者の範囲",
    [F_NOTES] = "その他・備考",
    [F_INFO_CONFIDENTIALITY] = "機密性",
    [F_INFO_INTEGRITY] = "完全性",
    [F_INFO_AVAILABILITY] = "可用性",
    [F_INFO_PERSONAL_DATA] = "個人情報を取り扱う",
    [F_INFO_MYNUMBER_SYSTEM] = "マイナンバー利用事務系で使う",
    [F_INFO_PUBLIC_BODY_LGWAN] = "LGWAN接続系で使う",
    [F_PERIOD_FROM] = "利用開始日",
    [F_PERIOD_TO] = "利用終了日",
    [F_APPLICANT_DEPARTMENT] = "申請者の所属",
    [F_APPLICANT_NAME] = "申請者の氏名",
    [F_APPLICANT_ROLE] = "申請者の役割",
    [F_APPROVER_DEPARTMENT] = "許可権限者の所属",
    [F_APPROVER_NAME] = "許可権限者の氏名",
    [F_APPROVER_ROLE] = "許可権限者の役割",
    [F_ADMIN_DEPARTMENT] = "外部サービス管理者の所属",
    [F_ADMIN_TITLE] = "外部サービス管理者の補職名",
    [F_TRACK] = "区分",
    [F_HIGH_AVAILABILITY] = "高い可用性",
    [F_EXEMPT] = "申請不要のサービス",
};

const char *apply_field_label(const Profile *p, int f)
{
    if (f < 0 || f >= F_COUNT)
        return "";
    if (field_defs[f].type == FT_CLASS && p && p->schemes[field_defs[f].scheme].label)
        return p->schemes[field_defs[f].scheme].label;
    return field_labels[f] ? field_labels[f] : field_defs[f].path;
}

static const char *const category_labels[] = {"クラウドサービス", "ウェブ会議", "ソーシャルメディア", "メール配信",
                                              "検索", "翻訳", "地図", "ホスティング", "その他"};
static const char *const pricing_labels[] = {"無償", "有償"};
static const char *const contract_labels[] = {"約款への同意のみ", "個別契約"};

const char *apply_enum_label(int f, int code)
{
    const FieldDef *fd = &field_defs[f];
    if (code < 0)
        return "";
    if (f == F_SERVICE_CATEGORY && code < CATEGORY_COUNT)
        return category_labels[code];
    if (f == F_SERVICE_PRICING && code < 2)
        return pricing_labels[code];
    if (f == F_SERVICE_CONTRACT && code < 2)
        return contract_labels[code];
    return fd->enum_values ? fd->enum_values[code] : "";
}

void apply_field_text(const AppDoc *doc, int f, Str *out)
{
    const FieldValue *v = &doc->v[f];
    if (!v->present)
        return;
    if (field_defs[f].type == FT_ENUM) {
        str_append(out, apply_enum_label(f, v->code));
        return;
    }
    field_text(doc, f, out);
}

int apply_field_is_system(int f)
{
    switch (f) {
    case F_APPLICANT_NAME:
    case F_APPLICANT_DEPARTMENT:
    case F_APPROVER_DEPARTMENT:
    case F_APPROVER_NAME:
    case F_APPROVER_ROLE:
        return 1;
    default:
        return field_defs[f].derived;
    }
}

int apply_may_view(const Web *w, const AppRow *r)
{
    return r->applicant_id == w->app->user.id || web_may_audit(w->app);
}

int apply_load(Web *w, AppRow *r)
{
    AppRc rc = app_apply_get(w->app, w->rq->path_arg[0], r);
    if (rc == APP_INVALID && !w->app->denied) {
        web_error(w, 404, str_cstr(&w->app->err), NULL);
        return 0;
    }
    if (web_app_failed(w, rc))
        return 0;
    if (!apply_may_view(w, r)) {
        web_error(w, 403,
                  "この申請を見られるのは、申請者本人、許可権限者・台帳を登録する役割の職員、システム管理者、監査担当です",
                  NULL);
        return 0;
    }
    return 1;
}

int apply_stored_eval(Web *w, const AppRow *r, AppDoc *doc, Decision *d)
{
    AppRc rc = app_apply_read_stored(w->app, r->doc, doc, d);
    if (rc != APP_OK) {
        /* A stored document the current profile no longer reads: say so
         * rather than show an evaluation that is not the application's. */
        if (d->profile)
            decision_free(d);
        appdoc_free(doc);
        web_app_failed(w, rc);
        return 0;
    }
    return 1;
}

/* " [clause]" in the muted clause style, or nothing. */
static void clause_html(Str *out, const char *clause)
{
    if (clause && *clause)
        html(out, " <span class=\"clause\">［%s］</span>", clause);
}

static void missing_list(Str *out, const Profile *p, FieldMask m)
{
    int n = 0;
    for (int f = 0; f < F_COUNT; f++)
        if (m & FIELD_BIT(f))
            html(out, "%s%s <code>%s</code>", n++ ? "、" : "", apply_field_label(p, f), field_defs[f].path);
}

static void eval_header(Str *out, const Profile *p, const Decision *d)
{
    const Track *t = &p->tracks[d->track];
    static const char *const basis[] = {"申請者がなる", "許可権限者がなる", "許可権限者が指名"};
    Str roles = STR_INIT;
    applicant_roles_text(p, d->track, &roles);
    html(out, "<p class=\"verdict verdict-%s\">判定: <strong>%s</strong> <small>(%s)</small></p><dl class=\"eval-roles\">",
         verdict_names[d->verdict], apply_verdict_labels[d->verdict], verdict_names[d->verdict]);
    html(out, "<dt>区分</dt><dd>%s", t->label);
    clause_html(out, t->clause);
    html(out, "</dd><dt>申請者</dt><dd>%s", str_cstr(&roles));
    clause_html(out, t->applicant_clause);
    html(out, "</dd><dt>許可権限者</dt><dd>%s", p->roles[t->approver_role].label);
    clause_html(out, t->approver_clause);
    html(out, "</dd><dt>外部サービス管理者</dt><dd>%s（%s）",
         t->administrator_role >= 0 ? p->roles[t->administrator_role].label : "", basis[t->administrator]);
    clause_html(out, t->administrator_clause);
    html(out, "</dd>");
    if (t->report_role >= 0) {
        html(out, "<dt>台帳変更の報告先</dt><dd>%s", p->roles[t->report_role].label);
        clause_html(out, t->report_clause);
        html(out, "</dd>");
    }
    html(out, "</dl>");
    if (d->exempt) {
        html(out, "<p class=\"exempt\">利用申請は不要です: %s（%s）", d->exempt->name, d->exempt->notice);
        clause_html(out, d->exempt->clause);
        html(out, "</p>");
    }
    str_free(&roles);
}

static void eval_findings(Str *out, const Profile *p, const Decision *d)
{
    html(out, "<h3>指摘事項 <small>%d件</small></h3>", d->n_findings);
    if (!d->n_findings) {
        html(out, "<p class=\"empty\">指摘事項はありません。</p>");
        return;
    }
    html(out, "<ul class=\"findings\">");
    for (int i = 0; i < d->n_findings; i++) {
        const Finding *f = &d->findings[i];
        html(out, "<li class=\"finding-%s\"><strong>【%s】</strong>", severity_names[f->severity],
             apply_severity_labels[f->severity]);
        clause_html(out, f->rule->clause);
        html(out, " %s", f->rule->message);
        if (f->undetermined) {
            html(out, "<br><small>確認できません。未記入: ");
            missing_list(out, p, f->missing);
            html(out, "</small>");
        }
        html(out, " <small class=\"rule-id\">(%s)</small></li>", f->rule->id);
    }
    html(out, "</ul>");
}

static void eval_requirements(Str *out, const Profile *p, const Decision *d)
{
    int after[PHASE_COUNT] = {0}, gating = 0, listed = 0;
    for (int i = 0; i < p->n_items; i++) {
        if (!d->item_applies[i])
            continue;
        if (phase_gates_approval(p->items[i].phase))
            gating++;
        else
            after[p->items[i].phase]++;
    }
    html(out, "<h3>承認前に確認する要件 <small>%d件（未了の必須要件 %d件）</small></h3><ul class=\"requirements\">", gating,
         d->open_items);
    for (int i = 0; i < p->n_items; i++) {
        const Item *it = &p->items[i];
        if (!d->item_applies[i] || !phase_gates_approval(it->phase))
            continue;
        unsigned char st = d->item_status[i];
        if (st == ANSWER_DONE || st == ANSWER_NOT_APPLICABLE)
            continue;
        listed++;
        html(out, "<li class=\"status-%s\"><span class=\"status\">[%s]</span>%s", answer_status_names[st],
             apply_status_labels[st], it->should ? "（推奨）" : "");
        clause_html(out, it->clause);
        html(out, " %s <small class=\"rule-id\">(%s)</small></li>", it->text, it->id);
    }
    html(out, "</ul>");
    if (!listed)
        html(out, "<p class=\"empty\">承認前に確認する要件はすべて回答済みです。</p>");
    html(out,
         "<p>許可権限者が許可・登録時に行う事項: %d件<br>承認後のチェックリスト: 導入・構築時 %d件、運用・保守時 %d件、更改・廃棄時 %d件</p>",
         after[PHASE_APPROVAL], after[PHASE_BUILD], after[PHASE_OPERATION], after[PHASE_RETIREMENT]);
    int risks = 0;
    for (int i = 0; i < p->n_risks; i++)
        risks += d->risk_applies[i];
    if (!risks)
        return;
    html(out, "<h3>受容を記録するリスク <small>%d件（未記録 %d件）</small></h3><ul class=\"risks\">", risks, d->open_risks);
    for (int i = 0; i < p->n_risks; i++) {
        if (!d->risk_applies[i])
            continue;
        html(out, "<li><span class=\"status\">[%s]</span>", d->risk_status[i] == ANSWER_DONE ? "記録済" : "未記録");
        clause_html(out, p->risks[i].clause);
        html(out, " %s</li>", p->risks[i].text);
    }
    html(out, "</ul>");
}

static void eval_ledger(Str *out, const AppDoc *doc, const Decision *d)
{
    const Profile *p = doc->profile;
    html(out, "<h3>台帳に登録される項目</h3><table class=\"fields\"><tbody>");
    Str val = STR_INIT;
    for (int i = 0; i < p->n_ledger; i++) {
        const LedgerField *lf = &p->ledger[i];
        str_reset(&val);
        ledger_value_text(doc, d, lf, &val);
        html(out, "<tr><th>%s", lf->label);
        clause_html(out, lf->clause);
        if (val.len)
            html(out, "</th><td>%s</td></tr>", str_cstr(&val));
        else
            html(out, "</th><td class=\"%s\">%s</td></tr>", lf->required ? "missing" : "empty",
                 lf->required ? "（未記入・必須）" : "（未記入）");
    }
    str_free(&val);
    html(out, "</tbody></table>");
    if (d->missing) {
        html(out, "<p class=\"missing-fields\">未記入の項目: ");
        missing_list(out, p, d->missing);
        html(out, "</p>");
    }
}

void apply_eval_html(Str *out, const AppDoc *doc, const Decision *d, int with_ledger)
{
    const Profile *p = doc->profile;
    eval_header(out, p, d);
    eval_findings(out, p, d);
    eval_requirements(out, p, d);
    if (with_ledger)
        eval_ledger(out, doc, d);
    html(out, "<p class=\"clause\">基準: %s「%s」%s</p>", p->organization, p->document, p->version);
}

void apply_doc_rows_html(Str *out, const AppDoc *doc, const Decision *d)
{
    const Profile *p = doc->profile;
    FieldMask shown = 0;
    Str val = STR_INIT;
    for (int i = 0; i < p->n_ledger; i++) {
        const LedgerField *lf = &p->ledger[i];
        str_reset(&val);
        ledger_value_text(doc, d, lf, &val);
        for (int k = 0; k < lf->n_fields; k++)
            shown |= FIELD_BIT(lf->fields[k]);
        html(out, "<tr class=\"ledger-field\"><th>%s", lf->label);
        clause_html(out, lf->clause);
        html(out, "</th><td>%s%s</td></tr>", val.len ? str_cstr(&val) : "",
             val.len ? "" : lf->required ? "（未記入・必須）" : "");
    }
    for (int f = 0; f < F_COUNT; f++) {
        if ((shown & FIELD_BIT(f)) || field_defs[f].derived || !doc->v[f].present)
            continue;
        str_reset(&val);
        apply_field_text(doc, f, &val);
        html(out, "<tr><th>%s <small class=\"path\">%s</small></th><td>%s</td></tr>", apply_field_label(p, f),
             field_defs[f].path, str_cstr(&val));
    }
    str_free(&val);
}

void apply_answer_rows_html(Str *out, const AppDoc *doc, const Decision *d)
{
    const Profile *p = doc->profile;
    for (int i = 0; i < p->n_items; i++) {
        const Item *it = &p->items[i];
        if (!d->item_applies[i] || !phase_gates_approval(it->phase))
            continue;
        unsigned char st = doc->answers[i];
        html(out, "<tr class=\"status-%s\"><td>%s%s", answer_status_names[st], it->text, it->should ? "（推奨）" : "");
        clause_html(out, it->clause);
        html(out, "</td><td class=\"status\">%s</td><td>%s</td></tr>", apply_status_labels[st],
             doc->evidence[i] ? doc->evidence[i] : "");
    }
    for (int i = 0; i < p->n_risks; i++) {
        if (!d->risk_applies[i])
            continue;
        int k = p->n_items + i;
        unsigned char st = doc->answers[k];
        html(out, "<tr class=\"status-%s\"><td>リスク: %s", answer_status_names[st], p->risks[i].text);
        clause_html(out, p->risks[i].clause);
        html(out, "</td><td class=\"status\">%s</td><td>%s</td></tr>", apply_status_labels[st],
             doc->evidence[k] ? doc->evidence[k] : "");
    }
}

void apply_row_json_members(Str *o, const AppRow *r)
{
    /* The member names of `daicho apply show --json` (cli/cmd_apply.c), so
     * that a script written against the CLI reads the API alike. */
    str_appendf(o, "\"id\":%lld,\"state\":\"%s\",\"track\":\"%s\",\"verdict\":", r->id, app_state_names[r->state],
                track_values[r->track]);
    str_append_json(o, r->verdict ? r->verdict : "");
    const char *f[][2] = {{"service", r->service_name},     {"function", r->function},
                          {"provider", r->provider},        {"confidentiality", r->confidentiality},
                          {"applicant", r->applicant_login}, {"applicant_name", r->applicant_name},
                          {"department", r->department},    {"created_at", r->created_at},
                          {"submitted_at", r->submitted_at}, {"decided_at", r->decided_at},
                          {"decided_by", r->decided_by_name}, {"reason", r->reason}};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        str_appendf(o, ",\"%s\":", f[i][0]);
        if (f[i][1] && *f[i][1])
            str_append_json(o, f[i][1]);
        else
            str_append(o, "null");
    }
}
