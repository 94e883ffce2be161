/* The dashboard: what the signed-in user has to do now. My applications,
 * the applications waiting for my decision, reviews overdue, usage periods
 * ending within 60 days, reports owed (notifications), and the incidents
 * not yet closed (issue #6: all of them for those who handle incidents,
 * otherwise the user's own reports). */
#include <stdio.h>
#include <string.h>

#include "app/app_incident.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"

enum { DASH_ROWS = 20, DUE_WITHIN_DAYS = 60 };

typedef struct Dash {
    Web *w;
    Str mine, waiting, due, incidents;   /* HTML rows, or JSON array members */
    int n_mine, n_waiting, n_due, n_incidents;
    int json;
} Dash;

static void app_row(Dash *d, Str *out, int *n, const AppRow *r)
{
    if (d->json) {
        str_appendf(out, "%s{\"id\":%lld,\"state\":\"%s\",\"service\":", (*n)++ ? "," : "", r->id, app_state_names[r->state]);
        str_append_json(out, r->service_name);
        str_append(out, ",\"applicant\":");
        str_append_json(out, r->applicant_name ? r->applicant_name : "");
        str_append(out, ",\"verdict\":");
        str_append_json(out, r->verdict ? r->verdict : "");
        str_append(out, ",\"created_at\":");
        str_append_json(out, r->created_at);
        str_append(out, "}");
        return;
    }
    (*n)++;
    html(out, "<tr><td><a href=\"/applications/%lld\">申請 %lld</a></td><td>%s</td><td><span class=\"state state-%s\">%s</span></td><td>%s</td><td>",
         r->id, r->id, r->service_name, app_state_names[r->state], app_state_labels[r->state],
         r->applicant_name ? r->applicant_name : "");
    page_date(d->w, out, r->submitted_at ? r->submitted_at : r->created_at);
    html(out, "</td></tr>");
}

static int mine(void *ctx, const AppRow *r)
{
    Dash *d = ctx;
    app_row(d, &d->mine, &d->n_mine, r);
    return 0;
}

/* Submitted applications of the tracks whose approver role the user holds,
 * other than the user's own where the track separates duties. */
static int waiting(void *ctx, const AppRow *r)
{
    Dash *d = ctx;
    const App *app = d->w->app;
    const Track *t = &app->profile->tracks[r->track];
    if (t->approver_role < 0 || !(app->actor.roles & ROLE_BIT(t->approver_role)))
        return 0;
    if (t->separation_of_duties && r->applicant_id == app->user.id)
        return 0;
    if (d->n_waiting < DASH_ROWS)
        app_row(d, &d->waiting, &d->n_waiting, r);
    return 0;
}

static const char *const due_kind_labels[] = {"定期点検", "利用期間の終了", "認証の期限", "報告", "SNSの定期監視",
                                             "連絡体制図の作成", "連絡体制図の確認"};

static void due_row(void *ctx, const DueItem *it)
{
    Dash *d = ctx;
    const App *app = d->w->app;
    if (d->n_due >= 50)
        return;
    /* The organization's whole list is for those who oversee it; others see
     * the entries they administer and the reports owed to their roles. */
    if (!web_may_audit(app) && it->who) {
        int role = profile_role_index(app->profile, it->who);
        int by_role = it->kind == DUE_NOTIFICATION || it->kind == DUE_SOCIAL_MONITOR;
        int mine_item = by_role ? role >= 0 && (app->actor.roles & ROLE_BIT(role)) : strcmp(it->who, app->user.login) == 0;
        if (!mine_item)
            return;
    }
    if (d->json) {
        str_appendf(&d->due, "%s{\"kind\":\"%s\",\"overdue\":%s,\"date\":", d->n_due++ ? "," : "", due_kind_names[it->kind],
                    it->overdue ? "true" : "false");
        str_append_json(&d->due, it->date ? it->date : "");
        str_appendf(&d->due, ",\"number\":%lld,\"what\":", it->number);
        str_append_json(&d->due, it->what ? it->what : "");
        str_append(&d->due, ",\"message\":");
        str_append_json(&d->due, it->message ? it->message : "");
        str_append(&d->due, ",\"clause\":");
        if (it->clause)
            str_append_json(&d->due, it->clause);
        else
            str_append(&d->due, "null");
        str_append(&d->due, "}");
        return;
    }
    d->n_due++;
    html(&d->due, "<tr class=\"%s\"><td>%s%s</td><td>", it->overdue ? "overdue" : "", due_kind_labels[it->kind],
         it->overdue ? "（期限超過）" : "");
    page_date(d->w, &d->due, it->date);
    if (it->number && (it->kind == DUE_CONTACT_MISSING || it->kind == DUE_CONTACT_REVIEW))
        html(&d->due, "</td><td><a href=\"/ledger/%lld/contacts\">第%lld号 %s</a></td>", it->number, it->number,
             it->what ? it->what : "");
    else if (it->number)
        html(&d->due, "</td><td><a href=\"/ledger/%lld\">第%lld号 %s</a></td>", it->number, it->number, it->what ? it->what : "");
    else if (it->social_account)
        html(&d->due, "</td><td><a href=\"/social/%lld\">%s</a></td>", it->social_account, it->what ? it->what : "");
    else
        html(&d->due, "</td><td>%s</td>", it->what ? it->what : "");
    html(&d->due, "<td>%s%H%s%H</td></tr>", it->message ? it->message : "", it->clause ? " <span class=\"clause\">[" : "",
         it->clause ? it->clause : "", it->clause ? "]</span>" : "");
}

static int open_incident(void *ctx, const IncidentRow *r)
{
    Dash *d = ctx;
    if (d->n_incidents >= DASH_ROWS)
        return 1;
    if (d->json) {
        str_appendf(&d->incidents, "%s{\"number\":%lld", d->n_incidents++ ? "," : "", r->number);
        str_append_json_member(&d->incidents, "title", r->title);
        str_append_json_member(&d->incidents, "service", r->service_name);
        str_append_json_member(&d->incidents, "state", r->state);
        str_append_json_member(&d->incidents, "reported_at", r->reported_at);
        str_appendc(&d->incidents, '}');
        return 0;
    }
    d->n_incidents++;
    html(&d->incidents, "<tr><td><a href=\"/incidents/%lld\">第%lld号 %s</a></td><td>%s</td><td>", r->number, r->number,
         r->title, r->service_name);
    incident_state_badge(&d->incidents, r->state);
    html(&d->incidents, "</td><td>");
    page_date(d->w, &d->incidents, r->reported_at);
    html(&d->incidents, "</td></tr>");
    return 0;
}

static void section(Str *b, const char *title, const char *empty, int n, const char *head, Str *rows)
{
    html(b, "<section><h2>%s <small>%d件</small></h2>", title, n);
    if (!n) {
        html(b, "<p class=\"empty\">%s</p></section>", empty);
        return;
    }
    html(b, "<table class=\"list\"><thead>%H</thead><tbody>%H</tbody></table></section>", head, str_cstr(rows));
}

void page_dashboard(Web *w)
{
    App *app = w->app;
    Dash d = {.w = w, .json = w->rq->is_api};
    AppFilter mine_f = {.org_id = app->org.id, .state = -1, .applicant_id = app->user.id, .limit = DASH_ROWS};
    AppFilter sub_f = {.org_id = app->org.id, .state = APP_SUBMITTED, .limit = 1000};
    int rc = store_app_each(app->db, &app->arena, &mine_f, mine, &d) | store_app_each(app->db, &app->arena, &sub_f, waiting, &d);
    AppRc due = rc == 0 ? app_due(app, DUE_WITHIN_DAYS, due_row, &d) : APP_DBFAIL;
    int incidents = app->profile && app->profile->incidents;
    if (due == APP_OK && incidents)
        due = app_incident_list(app, "open", 0, open_incident, &d);
    if (rc != 0 || due != APP_OK) {
        if (rc != 0)
            app_dbfail(app);
        web_app_failed(w, APP_DBFAIL);
        goto out;
    }
    Str *b = &w->rs->body;
    if (d.json) {
        web_json_begin(w);
        str_appendf(b, "{\"my_applications\":[%s],\"waiting_for_me\":[%s],\"due\":[%s],\"open_incidents\":[%s]}",
                    d.mine.buf ? d.mine.buf : "", d.waiting.buf ? d.waiting.buf : "", d.due.buf ? d.due.buf : "",
                    d.incidents.buf ? d.incidents.buf : "");
        goto out;
    }
    page_begin(w, "ダッシュボード");
    html(b, "<h1>ダッシュボード</h1><p class=\"lead\">%s さん（%s）</p>", app->user.name, app->org.name);
    html(b, "<p class=\"actions\"><a class=\"button\" href=\"/applications/new\">外部サービスの利用を申請する</a> "
            "<a href=\"/lookup\">申請が必要か調べる</a></p>");
    static const char app_head[] = "<tr><th>申請</th><th>サービス</th><th>状態</th><th>申請者</th><th>日付</th></tr>";
    section(b, "私の決定を待つ申請", "決定を待つ申請はありません。", d.n_waiting, app_head, &d.waiting);
    section(b, "期限のあるもの（60日以内・期限超過）", "期限の近いものはありません。", d.n_due,
            "<tr><th>種類</th><th>期限</th><th>対象</th><th>内容</th></tr>", &d.due);
    if (incidents)
        section(b, app_incident_reads_all(app) ? "終結していないインシデント" : "私が報告したインシデント（終結前）",
                "終結していないインシデントはありません。", d.n_incidents,
                "<tr><th>報告</th><th>サービス</th><th>状態</th><th>報告日</th></tr>", &d.incidents);
    section(b, "私の申請", "申請はまだありません。", d.n_mine, app_head, &d.mine);
    page_end(w);
out:
    str_free(&d.mine);
    str_free(&d.waiting);
    str_free(&d.due);
    str_free(&d.incidents);
}
