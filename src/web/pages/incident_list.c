/* Incident reports: the list (every report for the receiver, handler and
 * closer roles, the administrator and the auditor; one's own reports for
 * everyone else), the report form and its POST. As `daicho incident list`
 * and `incident report`.
 *
 * GET /incidents, /api/v1/incidents: state (received|handling|resolved|
 *   closed|open; absent: all), entry (ledger number).
 * GET /incidents/new, /api/v1/incidents/new: entry (ledger number to preset).
 * POST /incidents, /api/v1/incidents: entry (ledger number) or service (a
 *   name with no entry) and finding (discovery finding id), kind, title,
 *   description, noticed (YYYY-MM-DD or YYYY-MM-DDTHH:MM). */
#include <stdio.h>
#include <string.h>

#include "web/html.h"
#include "web/layout.h"
#include "web/pages/incident_pages.h"
#include "web/pages/ledger_pages.h"

typedef struct ListView {
    Web *w;
    const IncidentPolicy *ip;
    int json, n;
    Str rows;
} ListView;

static int on_row(void *ctx, const IncidentRow *r)
{
    ListView *v = ctx;
    if (v->json) {
        str_append(&v->rows, v->n++ ? ",{" : "{");
        app_incident_json_members(v->w->app, r, &v->rows);
        str_appendc(&v->rows, '}');
        return 0;
    }
    v->n++;
    html(&v->rows, "<tr><td><a href=\"/incidents/%lld\">第%lld号</a></td><td>", r->number, r->number);
    incident_state_badge(&v->rows, r->state);
    html(&v->rows, "</td><td>%s</td><td>", incident_kind_label(v->ip, r->kind));
    if (r->entry_number)
        html(&v->rows, "<a href=\"/ledger/%lld\">第%lld号</a> ", r->entry_number, r->entry_number);
    html(&v->rows, "%s%s</td><td><a href=\"/incidents/%lld\">%s</a></td><td>%s</td><td>", r->service_name,
         r->entry_number ? "" : "（台帳になし）", r->number, r->title, r->reporter_name);
    ledger_when(v->w, &v->rows, r->reported_at);
    html(&v->rows, "</td></tr>");
    return 0;
}

static const char *const FILTERS[][2] = {
    {"", "すべて"}, {"open", "未終結"}, {"received", "受付"}, {"handling", "対応中"}, {"resolved", "解決"}, {"closed", "終結"},
};

void incident_list(Web *w)
{
    const IncidentPolicy *ip = incident_section(w);
    if (!ip)
        return;
    App *app = w->app;
    long long entry = 0;
    if (incident_param_number(w, "entry", &entry) != 0)
        return;
    const char *state = incident_param(w, "state");
    ListView v = {w, ip, w->rq->is_api, 0, STR_INIT};
    AppRc rc = app_incident_list(app, state, entry, on_row, &v);
    if (web_app_failed(w, rc)) {
        str_free(&v.rows);
        return;
    }
    int all = app_incident_reads_all(app);
    const Role *recv = &app->profile->roles[ip->receiver_role];
    Str *b = &w->rs->body;
    if (v.json) {
        web_json_begin(w);
        str_append(b, "{\"incidents\":[");
        str_append(b, str_cstr(&v.rows));
        str_appendf(b, "],\"scope\":\"%s\"", all ? "all" : "own");
        str_append_json_member(b, "receiver_role", recv->id);
        str_append_json_member(b, "receiver_label", recv->label);
        str_append_json_member(b, "receiver_clause", ip->receiver_clause);
        str_appendc(b, '}');
        str_free(&v.rows);
        return;
    }
    page_begin(w, "インシデント報告");
    html(b, "<div class=\"incidents\"><h1>インシデント報告 <span class=\"clause\">[%s]</span></h1>"
            "<p class=\"note\">外部サービスで情報セキュリティインシデントや情報の目的外利用等に気づいたら報告してください。報告は%sが受け付けます "
            "<span class=\"clause\">[%s]</span>。</p>"
            "<p class=\"no-print\"><a class=\"button primary\" href=\"/incidents/new\">インシデントを報告する</a></p>",
         ip->clause, recv->label, ip->receiver_clause);
    html(b, "<nav class=\"filters no-print\" aria-label=\"状態で絞り込む\">");
    for (size_t i = 0; i < sizeof FILTERS / sizeof FILTERS[0]; i++) {
        int cur = strcmp(state, FILTERS[i][0]) == 0;
        if (cur)
            html(b, " <strong aria-current=\"page\">%s</strong>", FILTERS[i][1]);
        else if (entry)
            html(b, " <a href=\"/incidents?state=%U&amp;entry=%lld\">%s</a>", FILTERS[i][0], entry, FILTERS[i][1]);
        else
            html(b, " <a href=\"/incidents?state=%U\">%s</a>", FILTERS[i][0], FILTERS[i][1]);
    }
    html(b, "</nav><h2>%s%s</h2>", all ? "すべての報告" : "自分の報告", entry ? "（台帳の番号で絞り込み）" : "");
    if (v.n)
        html(b, "<table class=\"list incident-list\"><thead><tr><th scope=\"col\">番号</th><th scope=\"col\">状態</th>"
                "<th scope=\"col\">種別</th><th scope=\"col\">サービス</th><th scope=\"col\">件名</th><th scope=\"col\">報告者</th>"
                "<th scope=\"col\">報告日時</th></tr></thead><tbody>%H</tbody></table>",
             str_cstr(&v.rows));
    else
        html(b, "<p class=\"empty\">該当する報告はありません。</p>");
    html(b, "</div>");
    page_end(w);
    str_free(&v.rows);
}

/* ---- the report form ---- */

void incident_new(Web *w)
{
    const IncidentPolicy *ip = incident_section(w);
    if (!ip)
        return;
    App *app = w->app;
    long long number = 0;
    if (incident_param_number(w, "entry", &number) != 0)
        return;
    EntryRow e;
    int have_entry = 0;
    if (number) {
        if (web_app_failed(w, app_entry_get(app, number, &e)))
            return;
        have_entry = 1;
    }
    const Role *recv = &app->profile->roles[ip->receiver_role];
    Str *b = &w->rs->body;
    if (w->rq->is_api) {
        web_json_begin(w);
        str_append(b, "{\"kinds\":[");
        for (int i = 0; i < ip->n_kinds; i++) {
            str_append(b, i ? ",{\"id\":" : "{\"id\":");
            str_append_json(b, ip->kinds[i].id);
            str_append_json_member(b, "label", ip->kinds[i].label);
            str_append_json_member(b, "clause", ip->kinds[i].clause);
            str_appendc(b, '}');
        }
        str_append(b, "]");
        str_append_json_member(b, "receiver_role", recv->id);
        str_append_json_member(b, "receiver_label", recv->label);
        str_append_json_member(b, "receiver_clause", ip->receiver_clause);
        if (have_entry) {
            str_appendf(b, ",\"entry\":%lld", e.number);
            str_append_json_member(b, "service", e.service_name);
        } else {
            str_append(b, ",\"entry\":null");
        }
        str_appendc(b, '}');
        return;
    }
    page_begin(w, "インシデントの報告");
    html(b, "<div class=\"incidents\"><p class=\"breadcrumb\"><a href=\"/incidents\">インシデント報告</a> ›</p>"
            "<h1>インシデントの報告 <span class=\"clause\">[%s]</span></h1>"
            "<p class=\"note\">報告は%sに届きます <span class=\"clause\">[%s]</span>。分かっていることだけで構いません。急ぐ場合は電話等でも連絡してください。</p>"
            "<form method=\"post\" action=\"/incidents\" class=\"incident-form\">",
         ip->clause, recv->label, ip->receiver_clause);
    page_csrf_field(w);
    html(b, "<fieldset><legend>どのサービスについての報告か（必須）</legend>");
    if (have_entry)
        html(b, "<p>台帳 第%lld号 <strong>%s</strong><input type=\"hidden\" name=\"entry\" value=\"%lld\"></p>", e.number,
             e.service_name, e.number);
    else
        html(b, "<p><label for=\"entry\">外部サービス利用台帳の番号（承認済みのサービス）</label>"
                "<input id=\"entry\" name=\"entry\" inputmode=\"numeric\" pattern=\"[0-9]*\" maxlength=\"12\"></p>"
                "<p><label for=\"service\">台帳にないサービスの名前（承認を受けていないサービスなど）</label>"
                "<input id=\"service\" name=\"service\" maxlength=\"400\"></p>"
                "<p><label for=\"finding\">未承認サービスの検出結果の番号（分かる場合）</label>"
                "<input id=\"finding\" name=\"finding\" inputmode=\"numeric\" pattern=\"[0-9]*\" maxlength=\"12\"></p>");
    html(b, "</fieldset><fieldset><legend>種別（必須）</legend>");
    for (int i = 0; i < ip->n_kinds; i++)
        html(b, "<label class=\"block\"><input type=\"radio\" name=\"kind\" value=\"%s\" required%H> %s "
                "<span class=\"clause\">[%s]</span></label>",
             ip->kinds[i].id, i == 0 ? " checked" : "", ip->kinds[i].label, ip->kinds[i].clause);
    html(b, "</fieldset>"
            "<p><label for=\"title\">件名（必須）</label><input id=\"title\" name=\"title\" required maxlength=\"400\"></p>"
            "<p><label for=\"description\">内容（いつ・どこで・何に気づいたか、影響を受けた情報など）</label>"
            "<textarea id=\"description\" name=\"description\" maxlength=\"4000\"></textarea></p>"
            "<p><label for=\"noticed\">気づいた日時（空欄なら今）</label><input id=\"noticed\" name=\"noticed\" type=\"datetime-local\"></p>"
            "<p><button type=\"submit\" class=\"primary\">報告する</button></p></form></div>");
    page_end(w);
}

void incident_report(Web *w)
{
    if (!incident_section(w))
        return;
    NewIncident in = {0};
    if (incident_param_number(w, "entry", &in.entry_number) != 0 ||
        incident_param_number(w, "finding", &in.finding_id) != 0)
        return;
    in.service = incident_param(w, "service");
    in.kind = incident_param(w, "kind");
    in.title = incident_param(w, "title");
    in.description = incident_param(w, "description");
    in.noticed = incident_param(w, "noticed");
    long long number = 0;
    if (web_app_failed(w, app_incident_report(w->app, &in, &number)))
        return;
    const IncidentPolicy *ip = w->app->profile->incidents;
    char msg[512];
    snprintf(msg, sizeof msg, "インシデント 第%lld号 を報告しました。%sに通知しました", number,
             w->app->profile->roles[ip->receiver_role].label);
    if (w->rq->is_api) {
        web_json_begin(w);
        str_appendf(&w->rs->body, "{\"ok\":true,\"number\":%lld", number);
        str_append_json_member(&w->rs->body, "message", msg);
        str_appendc(&w->rs->body, '}');
        return;
    }
    char path[64];
    snprintf(path, sizeof path, "/incidents/%lld", number);
    web_redirect(w, path, msg);
}
