/* GET /ledger/{n}/contacts: the contact chart of a ledger entry with its
 * escalation path, findings and versions, and — for those who keep the
 * entry — the review button and the edit form (plain HTML form, no script:
 * a fixed number of blank rows after the recorded ones). The JSON twin
 * /api/v1/ledger/{n}/contacts writes app_contact_view_json with the
 * versions. POSTs: the form (contacts_save_form: the fields become the
 * chart document, read by the same parser as the API's), the document
 * itself (contacts_save_api, ?note=), the review (contacts_review, note). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "exchange/contact_json.h"
#include "policy/approach.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages/contacts_pages.h"

enum { BLANK_PROVIDER = 2, BLANK_SUB_CONTACTS = 1 };

static const char *nz(const char *s)
{
    return s ? s : "";
}

typedef struct Vers {
    Web *w;
    Str *o;
    int n, json;
} Vers;

static int on_version(void *ctx, const ContactChartRow *r)
{
    Vers *v = ctx;
    if (v->json) {
        str_appendf(v->o, "%s{\"version\":%d", v->n++ ? "," : "", r->version);
        str_append_json_member(v->o, "saved_by", r->saved_by);
        str_append_json_member(v->o, "saved_at", r->saved_at);
        str_append_json_member(v->o, "approach", r->approach);
        str_append_json_member(v->o, "note", r->note);
        str_appendc(v->o, '}');
        return 0;
    }
    v->n++;
    html(v->o, "<tr><td>版%d</td><td>", r->version);
    ledger_when(v->w, v->o, r->saved_at);
    html(v->o, "</td><td>%s（%s）</td><td class=\"value\">%s</td></tr>", r->saved_by_name, r->saved_by, r->note);
    return 0;
}

/* Answer the API with the chart as it is now ({"ok":true,"message",…} after a POST). */
static void api_answer(Web *w, const char *message)
{
    ContactView v;
    if (contacts_load(w, &v) != 0)
        return;
    Str versions = STR_INIT;
    Vers vs = {w, &versions, 0, 1};
    str_appendc(&versions, '[');
    AppRc rc = app_contact_versions(w->app, v.entry.id, on_version, &vs);
    str_appendc(&versions, ']');
    if (!web_app_failed(w, rc)) {
        web_json_begin(w);
        Str *b = &w->rs->body;
        if (message) {
            str_append(b, "{\"ok\":true,\"message\":");
            str_append_json(b, message);
            str_append(b, ",\"contacts\":");
        }
        app_contact_view_json(w->app, &v, str_cstr(&versions), b);
        if (message)
            str_appendc(b, '}');
    }
    str_free(&versions);
}

/* ---- the edit form ---- */

static void contact_fields(Str *b, const char *prefix, const char *legend, const Contact *c, int provider)
{
    static const Contact none;
    if (!c)
        c = &none;
    html(b, "<fieldset class=\"contact-row\"><legend>%s</legend><p>", legend);
    if (provider || c->organization)
        html(b, "<label>組織 <input name=\"%s_org\" value=\"%s\" maxlength=\"400\"></label> ", prefix, nz(c->organization));
    html(b, "<label>部署・役職 <input name=\"%s_dept\" value=\"%s\" maxlength=\"400\"></label> "
            "<label>氏名 <input name=\"%s_name\" value=\"%s\" maxlength=\"400\"></label></p><p>"
            "<label>電話 <input name=\"%s_phone\" value=\"%s\" maxlength=\"40\" inputmode=\"tel\"></label> "
            "<label>メール <input type=\"email\" name=\"%s_email\" value=\"%s\" maxlength=\"254\"></label> "
            "<label>受付時間 <input name=\"%s_hours\" value=\"%s\" maxlength=\"400\"></label></p><p>連絡がつく時間帯: ",
         prefix, nz(c->department), prefix, nz(c->name), prefix, nz(c->phone), prefix, nz(c->email), prefix, nz(c->hours));
    static const char *const bits[] = {"weekday", "holiday", "night"};
    for (int k = 0; k < 3; k++)
        html(b, "<label class=\"inline\"><input type=\"checkbox\" name=\"%s_%s\" value=\"1\"%H> %s</label>", prefix, bits[k],
             (c->cover & (1u << k)) ? " checked" : "", contact_cover_labels[k]);
    html(b, "（24時間は三つとも）</p><p><label>備考 <input name=\"%s_note\" value=\"%s\" maxlength=\"2000\"></label></p></fieldset>",
         prefix, nz(c->note));
}

static void edit_form(Web *w, Str *b, const ContactView *v)
{
    const ContactChart *c = v->has_chart ? &v->chart : NULL;
    const ContactPolicy *cp = w->app->profile->contacts;
    html(b, "<form method=\"post\" action=\"/ledger/%lld/contacts\" class=\"contacts-form\"><h3>連絡体制図を%s</h3>",
         v->entry.number, c ? "更新する" : "作成する");
    page_csrf_field(w);
    html(b, "<p class=\"note\">空の行は無視されます。行が足りないときは保存してから開き直すと空の行が増えます。"
            "JSON の文書は <code>daicho contacts set</code> か API でも登録できます。</p><h4>提供者の連絡先</h4>");
    int np = c ? c->n_provider : 0;
    for (int i = 0; i < np + BLANK_PROVIDER && i < CONTACT_MAX_CONTACTS; i++) {
        char prefix[16];
        snprintf(prefix, sizeof prefix, "p%d", i + 1);
        char legend[64];
        snprintf(legend, sizeof legend, "提供者の連絡先 %d%s", i + 1, i < np ? "" : "（追加）");
        contact_fields(b, prefix, legend, i < np ? &c->provider[i] : NULL, 1);
    }
    int has = c && c->has_subcontractors;
    html(b, "<h4>委託事業者（再委託先） <span class=\"clause\">[%s]</span></h4><fieldset><legend>委託事業者の有無</legend>"
            "<label class=\"inline\"><input type=\"radio\" name=\"has_subcontractors\" value=\"true\"%H required> あり</label>"
            "<label class=\"inline\"><input type=\"radio\" name=\"has_subcontractors\" value=\"false\"%H> なし</label></fieldset>",
         cp->subcontractor_clause ? cp->subcontractor_clause : cp->clause, has ? " checked" : "", c && !has ? " checked" : "");
    int ns = c ? c->n_subs : 0;
    for (int s = 0; s < ns + 1 && s < CONTACT_MAX_SUBS; s++) {
        const Subcontractor *sub = s < ns ? &c->subs[s] : NULL;
        html(b, "<fieldset><legend>委託事業者 %d</legend><p><label>組織 <input name=\"s%d_org\" value=\"%s\" maxlength=\"400\"></label> "
                "<label>委託の範囲 <input name=\"s%d_scope\" value=\"%s\" maxlength=\"400\"></label></p>",
             s + 1, s + 1, sub ? nz(sub->organization) : "", s + 1, sub ? nz(sub->scope) : "");
        int nc = sub ? sub->n_contacts : 0;
        for (int k = 0; k < nc + BLANK_SUB_CONTACTS && k < CONTACT_MAX_CONTACTS; k++) {
            char prefix[24];
            snprintf(prefix, sizeof prefix, "s%dc%d", s + 1, k + 1);
            char legend[80];
            snprintf(legend, sizeof legend, "委託事業者 %d の連絡先 %d%s", s + 1, k + 1, k < nc ? "" : "（追加）");
            contact_fields(b, prefix, legend, k < nc ? &sub->contacts[k] : NULL, 0);
        }
        html(b, "</fieldset>");
    }
    html(b, "<h4>庁内の報告経路（電話・休日夜間の連絡方法）</h4>");
    for (int i = 0; i < v->n_path; i++) {
        const ContactPathStep *s = &v->path[i];
        html(b, "<fieldset><legend>%d. %s</legend><p><label>電話 <input name=\"e_%s_phone\" value=\"%s\" maxlength=\"40\"></label> "
                "<label>休日・夜間 <input name=\"e_%s_after\" value=\"%s\" maxlength=\"400\"></label> "
                "<label>備考 <input name=\"e_%s_note\" value=\"%s\" maxlength=\"2000\"></label></p></fieldset>",
             i + 1, s->label, s->role, s->numbers ? nz(s->numbers->phone) : "", s->role,
             s->numbers ? nz(s->numbers->after_hours) : "", s->role, s->numbers ? nz(s->numbers->note) : "");
    }
    int ap = c ? c->approach : APPROACH_NONE;
    html(b, "<h4>提供者と合意した対処方針 <span class=\"clause\">[%s]</span></h4><fieldset><legend>対処方針</legend>", cp->approach_clause);
    for (int k = 0; k < APPROACH_COUNT; k++)
        html(b, "<label class=\"inline\"><input type=\"radio\" name=\"approach\" value=\"%s\"%H> %s</label>", approach_names[k],
             k == ap ? " checked" : "", approach_labels[k]);
    html(b, "</fieldset><p><label for=\"escalation_timing\">エスカレーションの方法とタイミング <span class=\"clause\">[%s]</span></label>"
            "<textarea id=\"escalation_timing\" name=\"escalation_timing\" maxlength=\"2000\">%s</textarea></p>"
            "<p><label for=\"chart_note\">備考</label><textarea id=\"chart_note\" name=\"chart_note\" maxlength=\"2000\">%s</textarea></p>"
            "<p><label for=\"save_note\">更新の理由（任意）</label><input id=\"save_note\" name=\"note\" maxlength=\"2000\"></p>"
            "<p><button type=\"submit\">保存する</button></p></form>",
         cp->escalation_clause, c ? nz(c->escalation_timing) : "", c ? nz(c->note) : "");
}

static void write_html(Web *w, const ContactView *v, Str *versions, int n_versions)
{
    App *app = w->app;
    const ContactPolicy *cp = app->profile->contacts;
    const EntryRow *e = &v->entry;
    Str *b = &w->rs->body;
    char title[600];
    snprintf(title, sizeof title, "連絡体制図 台帳 第%lld号 %s", e->number, e->service_name);
    page_begin(w, title);
    html(b, "<div class=\"ledger-entry contacts\"><p class=\"breadcrumb no-print\"><a href=\"/ledger\">外部サービス利用台帳</a> › "
            "<a href=\"/ledger/%lld\">第%lld号</a> ›</p><h1>連絡体制図 <span class=\"service\">台帳 第%lld号 %s</span></h1>",
         e->number, e->number, e->number, e->service_name);
    html(b, "<section id=\"summary\"><table class=\"fields\"><tbody><tr><th scope=\"row\">状態 <span class=\"clause\">[%s]</span></th>"
            "<td><span class=\"contact-status contact-%s\">%s</span>",
         cp->clause, contact_status_names[v->status], contact_status_labels[v->status]);
    if (v->has_chart) {
        html(b, "（版%d、", v->row.version);
        ledger_when(w, b, v->row.saved_at);
        html(b, " %s）</td></tr><tr><th scope=\"row\">次回確認期限</th><td>", v->row.saved_by_name);
        page_date(w, b, v->review_due);
        html(b, "（%d か月ごと）</td></tr><tr><th scope=\"row\">対処方針 <span class=\"clause\">[%s]</span></th><td>%s%H%s</td></tr>"
                "<tr><th scope=\"row\">エスカレーションの方法とタイミング <span class=\"clause\">[%s]</span></th><td class=\"value\">%s</td></tr>",
             v->review_months, cp->approach_clause, approach_labels[v->chart.approach], v->chart.approach ? " — " : "",
             approach_actions[v->chart.approach], cp->escalation_clause, nz(v->chart.escalation_timing));
        if (v->chart.note)
            html(b, "<tr><th scope=\"row\">備考</th><td class=\"value\">%s</td></tr>", v->chart.note);
    } else {
        html(b, "</td></tr>");
    }
    html(b, "</tbody></table>");
    for (int i = 0; i < v->n_findings; i++)
        html(b, "<p class=\"%s\">%s%H%s%H</p>", v->findings[i].block ? "finding-block" : "finding-warn", v->findings[i].message,
             v->findings[i].clause ? " <span class=\"clause\">[" : "", nz(v->findings[i].clause),
             v->findings[i].clause ? "]</span>" : "");
    if (v->has_chart)
        html(b, "<p class=\"no-print\"><a href=\"/ledger/%lld/contacts/print\">印刷用（A4）</a> ・ <a href=\"/ledger/%lld/contacts.csv\">CSV</a></p>",
             e->number, e->number);
    html(b, "</section>");
    static const char head[] = "<thead><tr><th scope=\"col\">組織</th><th scope=\"col\">部署・氏名</th><th scope=\"col\">電話</th>"
                               "<th scope=\"col\">メール</th><th scope=\"col\">時間帯</th><th scope=\"col\">備考</th></tr></thead>";
    if (v->has_chart) {
        html(b, "<section id=\"provider\"><h2>提供者の連絡先</h2><table class=\"list\">%H<tbody>", head);
        contacts_rows_html(w, b, v->chart.provider, v->chart.n_provider, NULL);
        html(b, "</tbody></table></section><section id=\"subcontractors\"><h2>委託事業者（再委託先）</h2>");
        if (!v->chart.has_subcontractors)
            html(b, "<p>委託事業者はいません（提供者の申告による）。</p>");
        for (int s = 0; s < v->chart.n_subs; s++) {
            html(b, "<h3>%s <small>%s</small></h3><table class=\"list\">%H<tbody>", v->chart.subs[s].organization,
                 nz(v->chart.subs[s].scope), head);
            contacts_rows_html(w, b, v->chart.subs[s].contacts, v->chart.subs[s].n_contacts, v->chart.subs[s].organization);
            html(b, "</tbody></table>");
        }
        html(b, "</section>");
    }
    html(b, "<section id=\"path\"><h2>庁内の報告経路</h2><table class=\"list\"><thead><tr><th scope=\"col\">順</th><th scope=\"col\">役割</th>"
            "<th scope=\"col\">現在の担当者</th><th scope=\"col\">電話</th><th scope=\"col\">休日・夜間</th><th scope=\"col\">備考</th></tr></thead><tbody>");
    contacts_path_html(w, b, v);
    html(b, "</tbody></table></section>");
    if (n_versions)
        html(b, "<section id=\"versions\"><h2>版の履歴</h2><table class=\"list\"><thead><tr><th scope=\"col\">版</th><th scope=\"col\">日時</th>"
                "<th scope=\"col\">記録者</th><th scope=\"col\">内容</th></tr></thead><tbody>%H</tbody></table></section>",
             str_cstr(versions));
    html(b, "<section id=\"edit\" class=\"no-print\"><h2>記録する</h2>");
    if (!v->may_keep) {
        html(b, "<p class=\"note\">%s</p>", v->why);
    } else if (e->state == ENTRY_ENDED) {
        html(b, "<p class=\"note\">利用終了した台帳の連絡体制図は更新できません。</p>");
    } else {
        if (v->has_chart) {
            html(b, "<form method=\"post\" action=\"/ledger/%lld/contacts/review\"><h3>変更なしで確認したことを記録する</h3>", e->number);
            page_csrf_field(w);
            html(b, "<p><label for=\"review_note\">内容（任意）</label><input id=\"review_note\" name=\"note\" maxlength=\"2000\" "
                    "placeholder=\"内容を確認した\"></p><p><button type=\"submit\">確認を記録する</button></p></form>");
        }
        edit_form(w, b, v);
    }
    html(b, "</section></div>");
    page_end(w);
}

void contacts_page(Web *w)
{
    if (w->rq->is_api) {
        api_answer(w, NULL);
        return;
    }
    ContactView v;
    if (contacts_load(w, &v) != 0)
        return;
    Str versions = STR_INIT;
    Vers vs = {w, &versions, 0, 0};
    if (!web_app_failed(w, app_contact_versions(w->app, v.entry.id, on_version, &vs)))
        write_html(w, &v, &versions, vs.n);
    str_free(&versions);
}

/* ---- POSTs ---- */

static void done(Web *w, const char *message)
{
    if (w->rq->is_api) {
        api_answer(w, message);
        return;
    }
    char path[96];
    snprintf(path, sizeof path, "/ledger/%lld/contacts", w->rq->path_arg[0]);
    web_redirect(w, path, message);
}

/* A text field of the form as a JSON member (left out when empty). */
static int member(Web *w, Str *o, const char *name, const char *param)
{
    const char *v = web_param(w, param);
    if (!v || !*v)
        return 0;
    str_append_json_member(o, name, v);
    return 1;
}

static int blank(Web *w, const char *prefix)
{
    static const char *const suffix[] = {"org", "dept", "name", "phone", "email", "hours", "note", NULL};
    for (int i = 0; suffix[i]; i++) {
        char p[48];
        snprintf(p, sizeof p, "%s_%s", prefix, suffix[i]);
        const char *v = web_param(w, p);
        if (v && *v)
            return 0;
    }
    return 1;
}

/* A contact row of the form as a JSON object, unless blank. */
static int contact_json(Web *w, const char *prefix, Str *o, int *n)
{
    if (blank(w, prefix))
        return 0;
    str_append(o, (*n)++ ? ",{\"coverage\":[" : "{\"coverage\":[");
    static const char *const bits[] = {"weekday", "holiday", "night"};
    int k = 0;
    for (int i = 0; i < 3; i++) {
        char p[48];
        snprintf(p, sizeof p, "%s_%s", prefix, bits[i]);
        const char *v = web_param(w, p);
        if (v && *v)
            str_appendf(o, "%s\"%s\"", k++ ? "," : "", bits[i]);
    }
    str_appendc(o, ']');
    static const char *const map[][2] = {{"organization", "org"}, {"department", "dept"}, {"name", "name"}, {"phone", "phone"},
                                         {"email", "email"},      {"hours", "hours"},     {"note", "note"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        char p[48];
        snprintf(p, sizeof p, "%s_%s", prefix, map[i][1]);
        member(w, o, map[i][0], p);
    }
    str_appendc(o, '}');
    return 1;
}

/* The form's fields as the chart document. */
static void form_document(Web *w, const ContactView *v, Str *o)
{
    str_append(o, "{\"provider\":[");
    int n = 0;
    for (int i = 0; i < CONTACT_MAX_CONTACTS + BLANK_PROVIDER; i++) {
        char prefix[16];
        snprintf(prefix, sizeof prefix, "p%d", i + 1);
        contact_json(w, prefix, o, &n);
    }
    str_append(o, "]");
    const char *has = web_param(w, "has_subcontractors");
    if (has && (!strcmp(has, "true") || !strcmp(has, "false")))
        str_appendf(o, ",\"has_subcontractors\":%s", has);
    str_append(o, ",\"subcontractors\":[");
    int ns = 0;
    for (int s = 0; s < CONTACT_MAX_SUBS + 1; s++) {
        char org[16], scope[16];
        snprintf(org, sizeof org, "s%d_org", s + 1);
        snprintf(scope, sizeof scope, "s%d_scope", s + 1);
        Str contacts = STR_INIT;
        int nc = 0;
        for (int k = 0; k < CONTACT_MAX_CONTACTS + BLANK_SUB_CONTACTS; k++) {
            char prefix[24];
            snprintf(prefix, sizeof prefix, "s%dc%d", s + 1, k + 1);
            contact_json(w, prefix, &contacts, &nc);
        }
        const char *ov = web_param(w, org), *sv = web_param(w, scope);
        if ((ov && *ov) || (sv && *sv) || nc) {
            str_append(o, ns++ ? ",{\"contacts\":[" : "{\"contacts\":[");
            str_append(o, str_cstr(&contacts));
            str_appendc(o, ']');
            member(w, o, "organization", org);
            member(w, o, "scope", scope);
            str_appendc(o, '}');
        }
        str_free(&contacts);
    }
    str_append(o, "],\"escalation\":[");
    int ne = 0;
    for (int i = 0; i < v->n_path; i++) {
        char ph[96], af[96], nt[96];
        snprintf(ph, sizeof ph, "e_%s_phone", v->path[i].role);
        snprintf(af, sizeof af, "e_%s_after", v->path[i].role);
        snprintf(nt, sizeof nt, "e_%s_note", v->path[i].role);
        const char *a = web_param(w, ph), *b = web_param(w, af), *c = web_param(w, nt);
        if ((!a || !*a) && (!b || !*b) && (!c || !*c))
            continue;
        str_append(o, ne++ ? ",{\"role\":" : "{\"role\":");
        str_append_json(o, v->path[i].role);
        member(w, o, "phone", ph);
        member(w, o, "after_hours", af);
        member(w, o, "note", nt);
        str_appendc(o, '}');
    }
    str_append(o, "]");
    const char *ap = web_param(w, "approach");
    str_append_json_member(o, "approach", ap ? ap : "");
    member(w, o, "escalation_timing", "escalation_timing");
    member(w, o, "note", "chart_note");
    str_appendc(o, '}');
}

void contacts_save_form(Web *w)
{
    ContactView v;
    if (contacts_load(w, &v) != 0)
        return;
    Str doc = STR_INIT;
    form_document(w, &v, &doc);
    int version = 0;
    AppRc rc = str_failed(&doc) ? app_fail(w->app, APP_DBFAIL, NULL, "out of memory")
                                : app_contact_save(w->app, v.entry.number, "form", str_cstr(&doc), doc.len,
                                                   web_param(w, "note"), &version);
    str_free(&doc);
    if (web_app_failed(w, rc))
        return;
    char msg[160];
    snprintf(msg, sizeof msg, "連絡体制図を保存しました（版%d）", version);
    done(w, msg);
}

void contacts_save_api(Web *w)
{
    ContactView v;
    if (contacts_load(w, &v) != 0)
        return;
    const char *ct = w->rq->content_type ? w->rq->content_type : "";
    if (strncasecmp(ct, "application/json", 16) != 0) {
        web_error(w, 415, "連絡体制図の文書を application/json で送ってください", NULL);
        return;
    }
    int version = 0;
    AppRc rc = app_contact_save(w->app, v.entry.number, "request", w->rq->body, w->rq->body_len,
                                params_get(&w->rq->query, "note"), &version);
    if (web_app_failed(w, rc))
        return;
    char msg[160];
    snprintf(msg, sizeof msg, "連絡体制図を保存しました（版%d）", version);
    w->rs->status = 201;
    done(w, msg);
}

void contacts_review(Web *w)
{
    ContactView v;
    if (contacts_load(w, &v) != 0)
        return;
    int version = 0;
    AppRc rc = app_contact_review(w->app, v.entry.number, web_param(w, "note"), &version);
    if (web_app_failed(w, rc))
        return;
    char msg[160];
    snprintf(msg, sizeof msg, "連絡体制図を確認したことを記録しました（版%d）", version);
    done(w, msg);
}
