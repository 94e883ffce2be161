/* One incident report: what was reported, the timeline of its steps and,
 * for those who may take them, the forms of the next steps (the first
 * offers the handling approach agreed with the provider). As `daicho
 * incident show` and `incident step`.
 *
 * POST /incidents/{n}/step, /api/v1/incidents/{n}/step: action
 *   (start|note|resolve|close|reopen), approach (start only:
 *   recovery_first|continuity_first; absent: the agreed one), note. */
#include <stdio.h>
#include <string.h>

#include "policy/approach.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages/incident_pages.h"
#include "web/pages/ledger_pages.h"

typedef struct StepView {
    Web *w;
    int json, n;
    Str out;
} StepView;

static int on_step(void *ctx, const IncidentStepRow *s)
{
    StepView *v = ctx;
    if (v->json) {
        if (v->n)
            str_appendc(&v->out, ',');
        app_incident_step_json(s, &v->out);
        v->n++;
        return 0;
    }
    v->n++;
    int a = state_index(incident_action_names, s->action);
    html(&v->out, "<li class=\"incident-step incident-step-%s\"><p><strong>%s</strong> ", a >= 0 ? incident_action_names[a] : "other",
         a >= 0 ? incident_action_labels[a] : s->action);
    if (strcmp(s->from_state, s->to_state) != 0) {
        html(&v->out, "%s → ", *s->from_state ? incident_state_label(s->from_state) : "");
        incident_state_badge(&v->out, s->to_state);
    }
    int ap = approach_parse(s->decision);
    if (a == INA_START && ap > 0)
        html(&v->out, " 対処方法: <strong>%s</strong>", approach_labels[ap]);
    else if (a == INA_CLOSE && strcmp(s->decision, "no_action") == 0)
        html(&v->out, " <strong>対応不要</strong>");
    html(&v->out, " <small>%s ", s->actor_name);
    ledger_when(v->w, &v->out, s->at);
    html(&v->out, "</small></p>");
    if (*s->note)
        html(&v->out, "<p class=\"incident-note\">%s</p>", s->note);
    html(&v->out, "</li>");
    return 0;
}

/* The report `number` into *r (404 for one the user may not read): 0 or -1 after answering. */
static int load(Web *w, long long number, IncidentRow *r)
{
    AppRc rc = app_incident_get(w->app, number, r);
    if (rc == APP_INVALID && !w->app->denied) {
        web_error(w, 404, str_cstr(&w->app->err), NULL);
        return -1;
    }
    return web_app_failed(w, rc) ? -1 : 0;
}

static void step_form(Web *w, Str *b, const IncidentRow *r, const char *action, const char *title, const char *button,
                      const char *note_label, int note_required)
{
    html(b, "<form method=\"post\" action=\"/incidents/%lld/step\" class=\"incident-step-form\" id=\"form-%s\"><h3>%s</h3>",
         r->number, action, title);
    page_csrf_field(w);
    html(b, "<input type=\"hidden\" name=\"action\" value=\"%s\"><p><label for=\"note-%s\">%s</label>"
            "<textarea id=\"note-%s\" name=\"note\" maxlength=\"4000\"%H></textarea></p>"
            "<p><button type=\"submit\"%H>%s</button></p></form>",
         action, action, note_label, action, note_required ? " required" : "", strcmp(action, "note") ? " class=\"primary\"" : "",
         button);
}

static void start_form(Web *w, Str *b, const IncidentPolicy *ip, const IncidentRow *r, int agreed)
{
    html(b, "<form method=\"post\" action=\"/incidents/%lld/step\" class=\"incident-step-form\" id=\"form-start\">"
            "<h3>対応を始める（対処方法を決める） <span class=\"clause\">[%s]</span></h3>",
         r->number, ip->approach_clause);
    page_csrf_field(w);
    if (agreed != APPROACH_NONE)
        html(b, "<p>提供者と合意した対処方法は <strong>%s</strong>（%s）です。確認して開始するか、別の方法を選ぶ場合は理由を記入してください。</p>",
             approach_labels[agreed], approach_actions[agreed]);
    else
        html(b, "<p class=\"warn\">提供者と合意した対処方法が記録されていません（連絡体制図）。どちらで対処するかを選んでください。</p>");
    html(b, "<input type=\"hidden\" name=\"action\" value=\"start\"><fieldset><legend>対処方法</legend>");
    for (int k = APPROACH_RECOVERY_FIRST; k < APPROACH_COUNT; k++)
        html(b, "<label class=\"block\"><input type=\"radio\" name=\"approach\" value=\"%s\" required%H> <strong>%s</strong>%s — %s</label>",
             approach_names[k], k == agreed ? " checked" : "", approach_labels[k], k == agreed ? "（合意済み）" : "",
             approach_actions[k]);
    html(b, "</fieldset><p><label for=\"note-start\">%s</label>"
            "<textarea id=\"note-start\" name=\"note\" maxlength=\"4000\"></textarea></p>"
            "<p><button type=\"submit\" class=\"primary\">対応を開始する</button></p></form>",
         agreed != APPROACH_NONE ? "記入（合意と異なる方法を選ぶ場合は、その理由を必ず記入）" : "記入（任意）");
}

static void write_html(Web *w, const IncidentPolicy *ip, const IncidentRow *r, int agreed, const int allowed[INA_COUNT],
                       const char *timeline)
{
    App *app = w->app;
    Str *b = &w->rs->body;
    char title[512];
    snprintf(title, sizeof title, "インシデント 第%lld号 %s", r->number, r->title);
    page_begin(w, title);
    int k = incident_kind_index(ip, r->kind);
    int role = profile_role_index(app->profile, r->assigned_role);
    html(b, "<div class=\"incidents incident\"><p class=\"breadcrumb no-print\"><a href=\"/incidents\">インシデント報告</a> ›</p>"
            "<h1>インシデント 第%lld号: %s ",
         r->number, r->title);
    incident_state_badge(b, r->state);
    html(b, "</h1><table class=\"fields\"><tbody><tr><th scope=\"row\">種別</th><td>%s <span class=\"clause\">[%s]</span></td></tr>"
            "<tr><th scope=\"row\">サービス</th><td>",
         k >= 0 ? ip->kinds[k].label : r->kind, k >= 0 ? ip->kinds[k].clause : "-");
    if (r->entry_number)
        html(b, "<a href=\"/ledger/%lld\">台帳 第%lld号</a> %s", r->entry_number, r->entry_number, r->service_name);
    else
        html(b, "%s（台帳になし）", r->service_name);
    if (r->finding_id)
        html(b, " <a href=\"/discover/findings/%lld\">検出結果 %lld</a>", r->finding_id, r->finding_id);
    if (r->social_account_id)
        html(b, " <a href=\"/social/%lld\">SNSアカウント %lld</a>", r->social_account_id, r->social_account_id);
    html(b, "</td></tr><tr><th scope=\"row\">気づいた日時</th><td>");
    ledger_when(w, b, r->noticed_at);
    html(b, "</td></tr><tr><th scope=\"row\">報告</th><td>%s（%s） ", r->reporter_name, r->reporter_login);
    ledger_when(w, b, r->reported_at);
    html(b, "</td></tr><tr><th scope=\"row\">受付</th><td>%s <span class=\"clause\">[%s]</span></td></tr>"
            "<tr><th scope=\"row\">対処方法</th><td>",
         role >= 0 ? app->profile->roles[role].label : r->assigned_role, ip->receiver_clause);
    int ap = approach_parse(r->approach);
    if (ap > 0)
        html(b, "<strong>%s</strong>（%s）", approach_labels[ap], approach_actions[ap]);
    else
        html(b, "未定");
    html(b, " ／ 提供者と合意: %s <span class=\"clause\">[%s]</span></td></tr>", approach_labels[agreed], ip->approach_clause);
    if (r->playbook_run_id)
        html(b, "<tr><th scope=\"row\">対応手順</th><td><a href=\"/social/runs/%lld\">対応記録 %lld</a></td></tr>", r->playbook_run_id,
             r->playbook_run_id);
    html(b, "</tbody></table>");
    if (*r->description)
        html(b, "<section id=\"description\"><h2>内容</h2><p class=\"incident-note\">%s</p></section>", r->description);
    html(b, "<section id=\"timeline\"><h2>経過</h2><ol class=\"incident-timeline\">%H</ol></section>", timeline);
    int any = 0;
    for (int a = INA_START; a < INA_COUNT; a++)
        any |= allowed[a];
    if (any) {
        html(b, "<section id=\"steps\" class=\"no-print\"><h2>対応を記録する <span class=\"clause\">[%s]</span></h2>", ip->handler_clause);
        if (allowed[INA_START])
            start_form(w, b, ip, r, agreed);
        if (allowed[INA_RESOLVE])
            step_form(w, b, r, "resolve", "解決とする", "解決として記録する", "行った対処（必須）", 1);
        if (allowed[INA_CLOSE]) {
            if (strcmp(r->state, "received") == 0)
                step_form(w, b, r, "close", "対応不要として終結する", "対応不要として終結する", "対応不要と判断した理由（必須）", 1);
            else
                step_form(w, b, r, "close", "終結する", "終結する", "記入（任意）", 0);
        }
        if (allowed[INA_REOPEN])
            step_form(w, b, r, "reopen", "対応を再開する", "再開する", "再開する理由（必須）", 1);
        if (allowed[INA_NOTE])
            step_form(w, b, r, "note", "経過を記録する", "経過を記録する", "経過（必須）", 1);
        html(b, "</section>");
    } else if (strcmp(r->state, "closed") != 0) {
        html(b, "<p class=\"note\">対応は%sが行います。状態が変わると報告者に通知されます。</p>",
             role >= 0 ? app->profile->roles[role].label : r->assigned_role);
    }
    html(b, "</div>");
    page_end(w);
}

static void answer(Web *w, long long number, const char *message)
{
    const IncidentPolicy *ip = incident_section(w);
    if (!ip)
        return;
    IncidentRow r;
    if (load(w, number, &r) != 0)
        return;
    int agreed = APPROACH_NONE;
    if (web_app_failed(w, app_incident_agreed(w->app, &r, &agreed)))
        return;
    int allowed[INA_COUNT];
    app_incident_actions(w->app, &r, allowed);
    StepView v = {w, w->rq->is_api, 0, STR_INIT};
    if (web_app_failed(w, app_incident_steps(w->app, &r, on_step, &v))) {
        str_free(&v.out);
        return;
    }
    if (!v.json) {
        write_html(w, ip, &r, agreed, allowed, str_cstr(&v.out));
        str_free(&v.out);
        return;
    }
    web_json_begin(w);
    Str *b = &w->rs->body;
    if (message) {
        str_append(b, "{\"ok\":true,\"message\":");
        str_append_json(b, message);
        str_append(b, ",\"incident\":");
    }
    str_appendc(b, '{');
    app_incident_json_members(w->app, &r, b);
    str_append_json_member(b, "agreed_approach", approach_names[agreed]);
    str_append(b, ",\"actions\":[");
    for (int a = INA_START, k = 0; a < INA_COUNT; a++)
        if (allowed[a]) {
            str_append(b, k++ ? "," : "");
            str_append_json(b, incident_action_names[a]);
        }
    str_append(b, "],\"steps\":[");
    str_append(b, str_cstr(&v.out));
    str_append(b, "]}");
    if (message)
        str_appendc(b, '}');
    str_free(&v.out);
}

void incident_show(Web *w)
{
    answer(w, w->rq->path_arg[0], NULL);
}

void incident_step_post(Web *w)
{
    if (!incident_section(w))
        return;
    long long number = w->rq->path_arg[0];
    IncidentRow r;
    if (load(w, number, &r) != 0) /* 404 before the use case's 403/422 */
        return;
    const char *action = incident_param(w, "action");
    const char *approach = incident_param(w, "approach");
    if (web_app_failed(w, app_incident_step(w->app, number, action, approach, incident_param(w, "note"))))
        return;
    int a = state_index(incident_action_names, action);
    char msg[256];
    snprintf(msg, sizeof msg, "インシデント 第%lld号: 「%s」を記録しました", number, a >= 0 ? incident_action_labels[a] : action);
    if (w->rq->is_api) {
        answer(w, number, msg);
        return;
    }
    char path[64];
    snprintf(path, sizeof path, "/incidents/%lld", number);
    web_redirect(w, path, msg);
}
