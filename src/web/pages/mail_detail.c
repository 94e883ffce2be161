/* One mail-delivery policy: the document, its versions, issuing it, and the
 * consent records of tokyo-edu 11 ウ.
 *
 * GET  /mail/{n}[?version=V], /api/v1/mail/{n}[?version=V]
 * POST …/mail/{n}/issue: date (optional) → the current draft is issued.
 * POST …/mail/{n}/consent: recipient, group, decision (opt_in | declined |
 *      withdrawn), alternative (needed for declined / withdrawn, 11 ウ(イ)),
 *      evidence (同意書等), date.
 * GET  /api/v1/mail/{n}/consents[?history=1]: latest answer per recipient
 *      (or every record) with counts; nobody unanswered is counted, as
 *      daicho has no roll of pupils to count them from. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/html.h"
#include "web/layout.h"
#include "web/pages/mail_pages.h"


typedef struct VersionsCtx {
    Web *w;
    Str *b;
    int n;
    long long number;
    int shown;
} VersionsCtx;

static int version_row(void *ctx, const MailPolicyRow *r)
{
    VersionsCtx *c = ctx;
    Str *b = c->b;
    if (c->w->rq->is_api) {
        str_appendf(b, "%s{\"version\":%d,\"state\":\"%s\",\"date\":", c->n ? "," : "", r->version,
                    r->issued ? "issued" : "draft");
        if (r->issued_on)
            str_append_json(b, r->issued_on);
        else
            str_append(b, "null");
        str_append(b, ",\"changed_at\":");
        str_append_json(b, r->changed_at ? r->changed_at : "");
        str_append(b, ",\"changed_by\":");
        str_append_json(b, r->changed_by ? r->changed_by : "");
        str_append(b, ",\"issued_by\":");
        if (r->issued_by)
            str_append_json(b, r->issued_by);
        else
            str_append(b, "null");
        str_appendc(b, '}');
    } else {
        html(b, "<tr%H><td><a href=\"/mail/%lld?version=%d\">第%d版</a></td><td>%s</td><td>", r->version == c->shown ? " class=\"current\"" : "",
             c->number, r->version, r->version, r->issued ? "発行済み" : "案");
        page_date(c->w, b, r->issued_on);
        html(b, "</td><td>%s</td><td>%s</td></tr>", r->changed_by ? r->changed_by : "", r->issued_by ? r->issued_by : "");
    }
    c->n++;
    return 0;
}

typedef struct ConsentCtx {
    Web *w;
    Str *b;
    int n;
} ConsentCtx;


static int consent_row(void *ctx, const MailConsentRow *r)
{
    ConsentCtx *c = ctx;
    if (c->w->rq->is_api) {
        str_append(c->b, c->n ? "," : "");
        app_mail_consent_json(r, c->b);
    } else {
        html(c->b, "<tr><td>%s</td><td>%s</td><td><span class=\"mail-decision mail-decision-%s\">%s</span></td><td>%s</td><td>%s</td><td>",
             r->group, r->recipient, r->decision, mail_decision_labels[mail_decision_index(r->decision)], r->alternative, r->evidence);
        page_date(c->w, c->b, r->decided_on);
        html(c->b, "</td><td>%s</td></tr>", r->recorded_by);
    }
    c->n++;
    return 0;
}

static void counts_json(Str *b, const MailCounts *k)
{
    str_appendf(b, "{\"opted_in\":%lld,\"declined\":%lld,\"withdrawn\":%lld,\"records\":%lld,\"not_answered\":null}",
                k->opted_in, k->declined, k->withdrawn, k->records);
}

static void consent_form(Web *w, Str *b, const MailPolicy *m, long long number)
{
    html(b, "<form class=\"mail-consent-form\" method=\"post\" action=\"/mail/%lld/consent\">", number);
    page_csrf_field(w);
    html(b, "<p><label for=\"recipient\">対象者</label><input id=\"recipient\" name=\"recipient\" maxlength=\"400\" required>"
            " <small>生徒・保護者の氏名または番号</small></p>"
            "<p><label for=\"group\">学級等</label><input id=\"group\" name=\"group\" maxlength=\"400\"></p>"
            "<fieldset><legend>回答</legend>"
            "<label><input type=\"radio\" name=\"decision\" value=\"opt_in\" required> 利用する（同意書等を受け取った）</label> "
            "<label><input type=\"radio\" name=\"decision\" value=\"declined\"> 利用しない</label> "
            "<label><input type=\"radio\" name=\"decision\" value=\"withdrawn\"> 利用を取りやめる</label></fieldset>"
            "<p><label for=\"alternative\">代替手段</label><input id=\"alternative\" name=\"alternative\" list=\"mail-alternatives\" maxlength=\"400\">"
            " <small>利用しない・取りやめる方に提供する連絡手段（必須） <span class=\"clause\">[%s]</span></small></p><datalist id=\"mail-alternatives\">",
         m->alternative.clause);
    for (int i = 0; i < m->n_alternative_examples; i++)
        html(b, "<option value=\"%s\">", m->alternative_examples[i]);
    html(b, "</datalist><p><label for=\"evidence\">同意書等</label><input id=\"evidence\" name=\"evidence\" maxlength=\"400\">"
            " <small>例: 同意書（紙）受領 <span class=\"clause\">[%s]</span></small></p>"
            "<p><label for=\"cdate\">日付</label><input id=\"cdate\" name=\"date\" type=\"date\"> <small>空欄のときは今日</small></p>"
            "<p><button type=\"submit\">記録する</button></p></form>",
         m->consent.clause);
}

/* The consent part of the page (after the document: it resets the scratch
 * the view lives in). */
static void consents_html(Web *w, Str *b, const MailPolicy *m, long long number, int issued_version)
{
    html(b, "<section id=\"consents\" class=\"mail-consents\"><h2>利用の同意と代替手段 <small class=\"clause\">[%s・%s]</small></h2>",
         m->consent.clause, m->alternative.clause);
    html(b, "<p class=\"note\">%s %s</p>", m->consent.text, m->alternative.text);
    if (!app_mail_may_read_consents(w->app)) {
        html(b, "<p class=\"note\">同意の記録（氏名）を見られるのは%s・システム管理者・監査担当です。</p></section>",
             w->app->profile->roles[m->manager_role].label);
        return;
    }
    Str rows = STR_INIT;
    ConsentCtx c = {w, &rows, 0};
    MailCounts k;
    AppRc rc = app_mail_consents(w->app, number, 0, consent_row, &c, &k);
    if (rc) {
        html(b, "<p class=\"error\">%s</p></section>", str_cstr(&w->app->err));
        str_free(&rows);
        return;
    }
    html(b, "<p class=\"mail-counts\">利用（同意） <strong>%lld</strong> ・ 利用しない（代替手段あり） <strong>%lld</strong> ・ "
            "取りやめ（代替手段あり） <strong>%lld</strong> ・ 記録 %lld 件 <small>（未回答の人数は、名簿を持たないため示しません）</small></p>",
         k.opted_in, k.declined, k.withdrawn, k.records);
    if (c.n)
        html(b, "<table class=\"list\"><thead><tr><th>学級等</th><th>対象者</th><th>回答</th><th>代替手段</th><th>同意書等</th><th>日付</th>"
                "<th>記録者</th></tr></thead><tbody>%H</tbody></table>"
                "<p><a href=\"/mail/%lld/consents.csv\">CSVで保存する</a></p>",
             str_cstr(&rows), number);
    str_free(&rows);
    if (mail_user_manages(w->app) && m->consent_needs_issued && !issued_version)
        html(b, "<p class=\"note\">同意は、運用方針を発行して利用目的・利用方法を明らかにしてから記録します <span class=\"clause\">[%s]</span></p>",
             m->consent.clause);
    else if (mail_user_manages(w->app))
        consent_form(w, b, m, number);
    html(b, "</section>");
}

void mail_show(Web *w)
{
    int version = mail_version_param(w);
    MailPolicyView v;
    if (version < 0 || !mail_load(w, version, &v))
        return;
    App *app = w->app;
    const MailPolicy *m = app->profile->mail;
    const MailPolicyRow *r = &v.row;
    long long number = r->number;
    int issued_version = r->issued_version;
    Str vers = STR_INIT;
    VersionsCtx vc = {w, &vers, 0, number, r->version};
    AppRc rc = app_mail_versions(app, r->id, version_row, &vc);
    if (web_app_failed(w, rc)) {
        str_free(&vers);
        return;
    }
    Str *b = &w->rs->body;
    if (w->rq->is_api) {
        web_json_begin(w);
        str_append(b, "{\"policy\":");
        app_mail_policy_json(m, &v, b);
        str_appendf(b, ",\"versions\":[%s]", str_cstr(&vers));
        str_free(&vers);
        if (app_mail_may_read_consents(app)) {
            MailCounts k;
            if (web_app_failed(w, app_mail_consents(app, number, 0, NULL, NULL, &k)))
                return;
            str_append(b, ",\"consent_counts\":");
            counts_json(b, &k);
        }
        str_appendc(b, '}');
        return;
    }
    char title[96];
    snprintf(title, sizeof title, "運用方針 第%lld号", number);
    page_begin(w, title);
    html(b, "<div class=\"mail-policy\"><h1>%s <small>第%d版・%s</small></h1>", title, r->version, r->issued ? "発行済み" : "案");
    if (r->version != r->current_version)
        html(b, "<p class=\"note\">これは過去の版です。<a href=\"/mail/%lld\">最新の第%d版</a></p>", number, r->current_version);
    else if (!r->issued && issued_version)
        html(b, "<p class=\"note\">改訂中の案です。発行済みの最新版は <a href=\"/mail/%lld?version=%d\">第%d版</a> です。</p>", number,
             issued_version, issued_version);
    if (r->entry_number)
        html(b, "<p>サービスの利用承認: <a href=\"/ledger/%lld\">台帳 第%lld号</a></p>", r->entry_number, r->entry_number);
    html(b, "<p class=\"actions\"><a class=\"button secondary\" href=\"/mail/%lld/print\">印刷（A4）</a> "
            "<a class=\"button secondary\" href=\"/mail/%lld/policy.txt\">テキストで保存</a> "
            "<a class=\"button secondary\" href=\"/api/v1/mail/%lld\">JSON</a>",
         number, number, number);
    if (mail_user_manages(app) && r->version == r->current_version)
        html(b, " <a class=\"button\" href=\"/mail/%lld/edit\">%s</a>", number, r->issued ? "改訂する（新しい版）" : "編集する");
    html(b, "</p>");
    if (mail_user_manages(app) && r->version == r->current_version && !r->issued) {
        html(b, "<form class=\"mail-issue\" method=\"post\" action=\"/mail/%lld/issue\">", number);
        page_csrf_field(w);
        html(b, "<p><label for=\"idate\">発行日</label><input id=\"idate\" name=\"date\" type=\"date\" value=\"%s\">"
                " <button type=\"submit\">第%d版を発行する</button> <small>発行した版は変更できません。%s <span class=\"clause\">[%s]</span></small></p></form>",
             r->issued_on ? r->issued_on : "", r->version, m->policy.text, m->policy.clause);
    }
    mail_document_html(w, b, m, &v);
    html(b, "<section class=\"mail-versions\"><h2>版の履歴</h2><table class=\"list\"><thead><tr><th>版</th><th>状態</th><th>日付</th>"
            "<th>更新者</th><th>発行者</th></tr></thead><tbody>%H</tbody></table></section>",
         str_cstr(&vers));
    str_free(&vers);
    consents_html(w, b, m, number, issued_version); /* last: it resets the view's scratch */
    html(b, "</div>");
    page_end(w);
}

void mail_issue(Web *w)
{
    MailPolicyView v;
    if (!mail_load(w, 0, &v)) /* 404 before the use case's 422 */
        return;
    long long number = w->rq->path_arg[0];
    AppRc rc = app_mail_policy_issue(w->app, number, web_param(w, "date"));
    if (web_app_failed(w, rc))
        return;
    char msg[300], path[64];
    snprintf(msg, sizeof msg, "運用方針 第%lld号 を発行しました。必要に応じ利用者へ周知してください [%s]", number,
             w->app->profile->mail->policy.clause);
    if (w->rq->is_api) {
        mail_api_answer(w, number, msg);
        return;
    }
    snprintf(path, sizeof path, "/mail/%lld", number);
    web_redirect(w, path, msg);
}

void mail_consent_post(Web *w)
{
    MailPolicyView v;
    if (!mail_load(w, 0, &v)) /* 404 before the use case's 422 */
        return;
    long long number = w->rq->path_arg[0];
    const char *d = web_param(w, "decision");
    MailConsentInput in = {web_param(w, "recipient"), web_param(w, "group"), MAIL_OPT_IN, web_param(w, "alternative"),
                           web_param(w, "evidence"), web_param(w, "date")};
    if (!d || !*d) {
        web_error(w, 400, "回答（decision: opt_in, declined, withdrawn）を選んでください", NULL);
        return;
    }
    int k = -1;
    for (int i = 0; mail_decision_names[i]; i++)
        if (!strcmp(mail_decision_names[i], d))
            k = i;
    if (k < 0) {
        web_error(w, 400, "decision は opt_in, declined, withdrawn のいずれかです", NULL);
        return;
    }
    in.decision = (MailDecision)k;
    long long id = 0;
    AppRc rc = app_mail_consent(w->app, number, &in, &id);
    if (web_app_failed(w, rc))
        return;
    char msg[600], path[64];
    snprintf(msg, sizeof msg, "%.400s さんを「%s」として記録しました", in.recipient, mail_decision_labels[k]);
    if (w->rq->is_api) {
        web_json_begin(w);
        str_appendf(&w->rs->body, "{\"ok\":true,\"id\":%lld,\"message\":", id);
        str_append_json(&w->rs->body, msg);
        str_appendc(&w->rs->body, '}');
        return;
    }
    snprintf(path, sizeof path, "/mail/%lld#consents", number);
    web_redirect(w, path, msg);
}

void mail_consents(Web *w)
{
    MailPolicyView v;
    if (!mail_load(w, 0, &v))
        return;
    long long number = w->rq->path_arg[0];
    const char *h = web_param(w, "history");
    int history = h && (!strcmp(h, "1") || !strcmp(h, "true"));
    Str rows = STR_INIT;
    ConsentCtx c = {w, &rows, 0};
    MailCounts k;
    AppRc rc = app_mail_consents(w->app, number, history, consent_row, &c, &k);
    if (web_app_failed(w, rc)) {
        str_free(&rows);
        return;
    }
    web_json_begin(w);
    Str *b = &w->rs->body;
    str_appendf(b, "{\"number\":%lld,\"history\":%s,\"consents\":[%s],\"counts\":", number, history ? "true" : "false",
                str_cstr(&rows));
    counts_json(b, &k);
    str_appendc(b, '}');
    str_free(&rows);
}
