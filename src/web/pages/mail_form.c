/* The list of mail-delivery policies and the form that writes one.
 *
 * GET  /mail, /api/v1/mail: every policy of the organization (current version).
 * GET  /mail/new: the form, each section filled with the profile's 記載例
 *      (the 別紙 is a sample: the school edits it).
 * POST /mail/new: school, issuer, document_number, date, ledger_entry and
 *      s_<section id> per section → a new policy (draft), then its page.
 *      /api/v1/mail takes the JSON document of `daicho mail policy new`.
 * GET  /mail/{n}/edit, POST /mail/{n}/edit (form), POST /api/v1/mail/{n}
 *      (JSON document): a draft is rewritten, an issued policy gets a new
 *      draft version. A refused form comes back with what was typed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/html.h"
#include "web/layout.h"
#include "web/pages/mail_pages.h"

static void rules_html(Str *b, const MailPolicy *m)
{
    html(b, "<section class=\"mail-rules\"><h2>基準の定め</h2><ul>"
            "<li>%s <span class=\"clause\">[%s]</span></li><li>%s <span class=\"clause\">[%s]</span></li>"
            "<li>%s <span class=\"clause\">[%s]</span></li></ul>",
         m->policy.text, m->policy.clause, m->consent.text, m->consent.clause, m->alternative.text, m->alternative.clause);
    if (m->is_sample)
        html(b, "<p class=\"note\">%s <span class=\"clause\">[%s]</span></p>", m->sample_note, m->clause);
    html(b, "</section>");
}

typedef struct ListCtx {
    Web *w;
    Str *b;
    int n;
} ListCtx;

static int list_row(void *ctx, const MailPolicyRow *r)
{
    ListCtx *c = ctx;
    Str *b = c->b;
    if (c->w->rq->is_api) {
        str_appendf(b, "%s{\"number\":%lld,\"version\":%d,\"issued_version\":%d,\"state\":\"%s\",\"school\":", c->n ? "," : "",
                    r->number, r->version, r->issued_version, r->issued ? "issued" : "draft");
        str_append_json(b, r->school);
        str_append(b, ",\"date\":");
        if (r->issued_on)
            str_append_json(b, r->issued_on);
        else
            str_append(b, "null");
        str_append(b, ",\"ledger_entry\":");
        if (r->entry_number)
            str_appendf(b, "%lld", r->entry_number);
        else
            str_append(b, "null");
        str_appendc(b, '}');
    } else {
        html(b, "<tr><td><a href=\"/mail/%lld\">第%lld号</a></td><td>%s</td><td>第%d版</td><td><span class=\"state mail-state-%s\">%s</span>",
             r->number, r->number, r->school, r->version, r->issued ? "issued" : "draft", r->issued ? "発行済み" : "案");
        if (!r->issued && r->issued_version)
            html(b, " <small>（第%d版を発行済み）</small>", r->issued_version);
        html(b, "</td><td>");
        page_date(c->w, b, r->issued_on);
        html(b, "</td></tr>");
    }
    c->n++;
    return 0;
}

void mail_list(Web *w)
{
    const MailPolicy *m = mail_section_or_404(w);
    if (!m)
        return;
    App *app = w->app;
    Str rows = STR_INIT;
    ListCtx c = {w, &rows, 0};
    AppRc rc = app_mail_policies(app, list_row, &c);
    if (web_app_failed(w, rc)) {
        str_free(&rows);
        return;
    }
    Str *b = &w->rs->body;
    if (w->rq->is_api) {
        web_json_begin(w);
        str_append(b, "{\"title\":");
        str_append_json(b, m->title);
        str_append(b, ",\"clause\":");
        str_append_json(b, m->clause);
        str_appendf(b, ",\"may_manage\":%s,\"policies\":[", mail_user_manages(app) ? "true" : "false");
        str_append(b, str_cstr(&rows));
        str_append(b, "]}");
        str_free(&rows);
        return;
    }
    page_begin(w, "連絡用メール配信");
    html(b, "<div class=\"mail-list\"><h1>連絡用メール配信システム運用方針</h1>"
            "<p class=\"lead\">連絡用メール配信サービスを使う前に運用方針を定め、利用を希望する方から同意を得て記録します。</p>");
    rules_html(b, m);
    if (mail_user_manages(app))
        html(b, "<p class=\"actions\"><a class=\"button\" href=\"/mail/new\">運用方針を作成する</a></p>");
    else
        html(b, "<p class=\"note\">運用方針の作成と同意の記録は%sが行います <span class=\"clause\">[%s]</span></p>",
             app->profile->roles[m->manager_role].label, m->manager_clause);
    if (c.n)
        html(b, "<table class=\"list\"><thead><tr><th>番号</th><th>学校</th><th>版</th><th>状態</th><th>日付</th></tr></thead>"
                "<tbody>%H</tbody></table>",
             str_cstr(&rows));
    else
        html(b, "<p class=\"empty\">運用方針はまだありません。</p>");
    html(b, "</div>");
    page_end(w);
    str_free(&rows);
}

/* The form, filled from `in` (samples, the stored version or what was sent). */
static void policy_form(Web *w, const MailPolicy *m, const MailPolicyInput *in, const char *action, const char *error)
{
    Str *b = &w->rs->body;
    html(b, "<div class=\"mail-form\">");
    if (error)
        html(b, "<p class=\"error message\" role=\"alert\">%s</p>", error);
    if (m->is_sample)
        html(b, "<p class=\"note\">%s <span class=\"clause\">[%s]</span></p>", m->sample_note, m->clause);
    html(b, "<form method=\"post\" action=\"%s\">", action);
    page_csrf_field(w);
    char entry[32] = "";
    if (in->entry_number)
        snprintf(entry, sizeof entry, "%lld", in->entry_number);
    html(b, "<fieldset><legend>文書の頭書き</legend>"
            "<p><label for=\"school\">学校名</label><input id=\"school\" name=\"school\" value=\"%s\" maxlength=\"400\" required></p>"
            "<p><label for=\"issuer\">発信者</label><input id=\"issuer\" name=\"issuer\" value=\"%s\" maxlength=\"400\" required>"
            " <small>例: %s</small></p>"
            "<p><label for=\"document_number\">文書番号</label><input id=\"document_number\" name=\"document_number\" value=\"%s\" maxlength=\"400\">"
            " <small>例: %s</small></p>"
            "<p><label for=\"date\">日付</label><input id=\"date\" name=\"date\" type=\"date\" value=\"%s\">"
            " <small>空欄のときは発行した日</small></p>"
            "<p><label for=\"ledger_entry\">台帳の番号</label><input id=\"ledger_entry\" name=\"ledger_entry\" inputmode=\"numeric\" value=\"%s\">"
            " <small>このサービスの利用承認（台帳）の番号。任意</small></p></fieldset>",
         in->school ? in->school : "", in->issuer ? in->issuer : "", m->issuer_sample, in->doc_number ? in->doc_number : "",
         m->number_sample, in->date ? in->date : "", entry);
    for (int i = 0; i < m->n_sections; i++) {
        const MailSection *s = &m->sections[i];
        html(b, "<fieldset class=\"mail-section-field\"><legend>%s　%s%s</legend><p class=\"prompt\">%s <span class=\"clause\">[%s]</span></p>"
                "<textarea id=\"s_%s\" name=\"s_%s\" rows=\"5\" maxlength=\"20000\"%s>%s</textarea></fieldset>",
             s->number, s->heading, s->required ? "（必須）" : "（任意）", s->prompt, s->clause, s->id, s->id,
             s->required ? " required" : "", in->texts && in->texts[i] ? in->texts[i] : "");
    }
    html(b, "<p><button type=\"submit\">案として保存する</button></p></form></div>");
}

void mail_new_form(Web *w)
{
    const MailPolicy *m = mail_section_or_404(w);
    if (!m)
        return;
    MailPolicyInput in;
    if (web_app_failed(w, app_mail_input_sample(w->app, w->rq->arena, &in)))
        return;
    page_begin(w, "運用方針を作成する");
    html(&w->rs->body, "<h1>運用方針を作成する <small>%s</small></h1>", m->title);
    policy_form(w, m, &in, "/mail/new", NULL);
    page_end(w);
}

/* The form's fields into `in` (strings of the request). */
static int form_input(Web *w, const MailPolicy *m, MailPolicyInput *in)
{
    memset(in, 0, sizeof *in);
    in->school = web_param(w, "school");
    in->issuer = web_param(w, "issuer");
    in->doc_number = web_param(w, "document_number");
    in->date = web_param(w, "date");
    const char *entry = web_param(w, "ledger_entry");
    if (entry && *entry) {
        char *end;
        long long n = strtoll(entry, &end, 10);
        if (*end || n <= 0) {
            web_error(w, 400, "台帳の番号（ledger_entry）は正の整数です", NULL);
            return 0;
        }
        in->entry_number = n;
    }
    in->n_texts = m->n_sections;
    in->texts = arena_alloc(w->rq->arena, sizeof(char *) * (size_t)(m->n_sections ? m->n_sections : 1));
    if (!in->texts) {
        web_error(w, 503, "out of memory", NULL);
        return 0;
    }
    for (int i = 0; i < m->n_sections; i++) {
        char name[96];
        snprintf(name, sizeof name, "s_%s", m->sections[i].id);
        in->texts[i] = web_param(w, name);
    }
    return 1;
}

/* The input of a POST: the form, or (API) the JSON document in the body. */
static int post_input(Web *w, const MailPolicy *m, MailPolicyInput *in)
{
    if (!w->rq->is_api)
        return form_input(w, m, in);
    AppRc rc = app_mail_input_json(w->app, w->rq->arena, "body", w->rq->body, w->rq->body_len, in);
    if (rc == APP_INVALID) {
        web_error(w, 400, str_cstr(&w->app->err), NULL);
        return 0;
    }
    return !web_app_failed(w, rc);
}

/* A refused form: again, with the message and what was typed (403 and 503
 * as error pages). */
static void form_refused(Web *w, const MailPolicy *m, const MailPolicyInput *in, AppRc rc, const char *action,
                         const char *title)
{
    if (rc != APP_INVALID || w->app->denied || w->rq->is_api) {
        web_app_failed(w, rc);
        return;
    }
    w->rs->status = 422;
    char *msg = arena_strdup(w->rq->arena, str_cstr(&w->app->err));
    page_begin(w, title);
    html(&w->rs->body, "<h1>%s</h1>", title);
    policy_form(w, m, in, action, msg ? msg : "");
    page_end(w);
}

void mail_new_post(Web *w)
{
    const MailPolicy *m = mail_section_or_404(w);
    MailPolicyInput in;
    if (!m || !post_input(w, m, &in))
        return;
    long long number = 0;
    AppRc rc = app_mail_policy_create(w->app, &in, &number);
    if (rc) {
        form_refused(w, m, &in, rc, "/mail/new", "運用方針を作成する");
        return;
    }
    char msg[128], path[64];
    snprintf(msg, sizeof msg, "運用方針 第%lld号（第1版・案）を作成しました", number);
    if (w->rq->is_api) {
        mail_api_answer(w, number, msg);
        return;
    }
    snprintf(path, sizeof path, "/mail/%lld", number);
    web_redirect(w, path, msg);
}

void mail_edit_form(Web *w)
{
    MailPolicyView v;
    if (!mail_load(w, 0, &v))
        return;
    const MailPolicy *m = w->app->profile->mail;
    MailPolicyInput in = {v.row.school, v.row.issuer, v.row.doc_number, v.row.issued_on, v.row.entry_number, v.texts,
                          v.n_texts};
    char action[64], title[96];
    snprintf(action, sizeof action, "/mail/%lld/edit", v.row.number);
    snprintf(title, sizeof title, "運用方針 第%lld号 を編集する", v.row.number);
    page_begin(w, title);
    html(&w->rs->body, "<h1>%s</h1>", title);
    if (v.row.issued)
        html(&w->rs->body, "<p class=\"note\">第%d版は発行済みのため変更できません。保存すると第%d版（案）になり、第%d版はそのまま残ります。</p>",
             v.row.version, v.row.version + 1, v.row.version);
    policy_form(w, m, &in, action, NULL);
    page_end(w);
}

void mail_edit_post(Web *w)
{
    const MailPolicy *m = mail_section_or_404(w);
    MailPolicyInput in;
    if (!m)
        return;
    long long number = w->rq->path_arg[0];
    MailPolicyView v;
    if (!mail_load(w, 0, &v) || !post_input(w, m, &in)) /* 404 before the use case's 422 */
        return;
    int version = 0;
    AppRc rc = app_mail_policy_update(w->app, number, &in, &version);
    char msg[128], path[64];
    snprintf(path, sizeof path, "/mail/%lld/edit", number);
    if (rc) {
        form_refused(w, m, &in, rc, path, "運用方針を編集する");
        return;
    }
    snprintf(msg, sizeof msg, "運用方針 第%lld号 第%d版（案）を保存しました", number, version);
    if (w->rq->is_api) {
        mail_api_answer(w, number, msg);
        return;
    }
    snprintf(path, sizeof path, "/mail/%lld", number);
    web_redirect(w, path, msg);
}
