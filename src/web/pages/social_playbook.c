/* A playbook run (tokyo-edu 10キ): the steps of the playbook in order, each
 * with who is to be told and, once done, the note, who and when; the form
 * for the next step and, once all are done, for closing the run. As
 * `daicho social playbook show|step|close`.
 *
 * POST …/runs/{n}/step: step (1-based; must be the next), note.
 * POST …/runs/{n}/close.
 * Where the run opened an incident (tokyo-edu: incidents.social_kind), the
 * page links it and the JSON names it ("incident": number or null). */
#include <stdio.h>
#include <string.h>

#include "web/html.h"
#include "web/layout.h"
#include "app/app_incident.h"
#include "web/pages/social_pages.h"

enum { STEPS_MAX = 256 };

typedef struct RunView {
    PlaybookRunRow run;
    const Playbook *book;
    PlaybookStepRow *steps;
    int n_steps;
    long long incident;          /* the incident the run opened (app/app_incident.h), 0 none */
} RunView;

static int on_step(void *ctx, const PlaybookStepRow *s)
{
    RunView *v = ctx;
    if (v->n_steps < STEPS_MAX)
        v->steps[v->n_steps++] = *s;
    return 0;
}

/* 0, or -1 after answering (404 for another organization's or no run). */
static int load(Web *w, long long id, RunView *v)
{
    App *app = w->app;
    memset(v, 0, sizeof *v);
    if (!social_section(w))
        return -1;
    int found = store_playbook_run_get(app->db, &app->arena, app->org.id, id, &v->run);
    if (found < 0)
        return web_app_failed(w, app_dbfail(app)), -1;
    if (!found || strcmp(v->run.subject_kind, SOCIAL_SUBJECT) != 0) {
        char msg[96];
        snprintf(msg, sizeof msg, "対応記録 %lld はありません", id);
        web_error(w, 404, msg, NULL);
        return -1;
    }
    int k = social_playbook_index(app->profile->social, v->run.playbook);
    v->book = k >= 0 ? &app->profile->social->playbooks[k] : NULL;
    v->incident = app_incident_of_run(app, id);
    v->steps = arena_alloc(&app->arena, sizeof *v->steps * STEPS_MAX);
    if (!v->steps || store_playbook_steps(app->db, &app->arena, id, on_step, v) != 0)
        return web_app_failed(w, app_dbfail(app)), -1;
    return 0;
}

static const PlaybookStepRow *done_step(const RunView *v, int step)
{
    for (int i = 0; i < v->n_steps; i++)
        if (v->steps[i].step == step)
            return &v->steps[i];
    return NULL;
}

static void write_json(const RunView *v, Str *o)
{
    const PlaybookRunRow *r = &v->run;
    int total = v->book ? v->book->n_steps : r->n_steps;
    str_appendf(o, "{\"run\":%lld", r->id);
    str_append_json_member(o, "subject_kind", r->subject_kind);
    str_appendf(o, ",\"subject_id\":%lld", r->subject_id);
    str_append_json_member(o, "playbook", r->playbook);
    str_append_json_member(o, "label", v->book ? v->book->label : NULL);
    str_append_json_member(o, "clause", v->book ? v->book->clause : NULL);
    str_append_json_member(o, "note", r->note);
    str_append_json_member(o, "opened_by", r->opened_by);
    str_append_json_member(o, "opened_at", r->opened_at);
    str_append_json_member(o, "closed_by", r->closed_by);
    str_append_json_member(o, "closed_at", r->closed_at);
    if (v->incident)
        str_appendf(o, ",\"incident\":%lld", v->incident);
    else
        str_append(o, ",\"incident\":null");
    str_append(o, ",\"steps\":[");
    for (int i = 0; i < total; i++) {
        const PlaybookStepRow *d = done_step(v, i + 1);
        const PlaybookStep *st = v->book ? &v->book->steps[i] : NULL;
        str_appendf(o, "%s{\"step\":%d", i ? "," : "", i + 1);
        str_append_json_member(o, "text", st ? st->text : NULL);
        str_append(o, ",\"notify\":[");
        for (int k = 0; st && k < st->n_notify; k++) {
            str_append(o, k ? "," : "");
            str_append_json(o, st->notify[k]);
        }
        str_appendf(o, "],\"done\":%s", d ? "true" : "false");
        str_append_json_member(o, "note", d ? d->note : NULL);
        str_append_json_member(o, "by", d ? d->actor : NULL);
        str_append_json_member(o, "at", d ? d->at : NULL);
        str_appendc(o, '}');
    }
    str_append(o, "]}");
}

static void write_html(Web *w, const RunView *v)
{
    Str *b = &w->rs->body;
    const PlaybookRunRow *r = &v->run;
    const Playbook *bk = v->book;
    int total = bk ? bk->n_steps : r->n_steps;
    char title[256];
    snprintf(title, sizeof title, "対応記録 %lld %s", r->id, bk ? bk->label : r->playbook);
    page_begin(w, title);
    html(b, "<div class=\"social social-run\"><p class=\"breadcrumb no-print\"><a href=\"/social\">SNS公式アカウント</a> › "
            "<a href=\"/social/%lld\">アカウント %lld</a> ›</p><h1>対応記録 %lld: %s <span class=\"clause\">[%s]</span> "
            "<span class=\"social-status %H\">%s</span></h1><p>",
         r->subject_id, r->subject_id, r->id, bk ? bk->label : r->playbook, bk ? bk->clause : "-",
         r->closed_at ? "social-status-closed" : "social-status-active", r->closed_at ? "完了" : "進行中");
    html(b, "開始: %s ", r->opened_by);
    social_when(w, b, r->opened_at);
    if (*r->note)
        html(b, "（%s）", r->note);
    if (r->closed_at) {
        html(b, " ／ 完了: %s ", r->closed_by ? r->closed_by : "");
        social_when(w, b, r->closed_at);
    }
    html(b, "</p>");
    if (v->incident)
        html(b, "<p class=\"social-incident\">インシデント <a href=\"/incidents/%lld\">第%lld号</a> として記録しています（解決・終結はインシデントの一覧で）。</p>",
             v->incident, v->incident);
    html(b, "<ol class=\"social-steps\">");
    int next = 0;
    for (int i = 0; i < total; i++) {
        const PlaybookStepRow *d = done_step(v, i + 1);
        const PlaybookStep *st = bk ? &bk->steps[i] : NULL;
        if (!d && !next)
            next = i + 1;
        html(b, "<li class=\"%s\"><p class=\"social-step-text\"><span class=\"social-step-mark\">%s</span> %s</p>",
             d ? "social-step-done" : "social-step-open", d ? "済" : "未", st ? st->text : "");
        if (st && st->n_notify) {
            html(b, "<p class=\"social-notify\">報告先:");
            for (int k = 0; k < st->n_notify; k++)
                html(b, " <strong>%s</strong>", st->notify[k]);
            html(b, "</p>");
        }
        if (d) {
            html(b, "<p class=\"social-step-record\"><small>%s ", d->actor);
            social_when(w, b, d->at);
            html(b, "</small> %s</p>", d->note);
        }
        html(b, "</li>");
    }
    html(b, "</ol>");
    if (!r->closed_at && app_social_may_manage(w->app) && bk) {
        if (next) {
            html(b, "<form method=\"post\" action=\"/social/runs/%lld/step\" class=\"no-print\"><h2>手順 %d を記録する</h2>", r->id, next);
            page_csrf_field(w);
            html(b, "<input type=\"hidden\" name=\"step\" value=\"%d\"><p>%s</p>"
                    "<p><label for=\"step_note\">実施内容%s</label><textarea id=\"step_note\" name=\"note\" maxlength=\"4000\"%H></textarea></p>"
                    "<p><button type=\"submit\" class=\"primary\">手順 %d を実施済みにする</button></p></form>",
                 next, bk->steps[next - 1].text, bk->steps[next - 1].n_notify ? "（報告した相手・日時など。必須）" : "",
                 bk->steps[next - 1].n_notify ? " required" : "", next);
        } else {
            html(b, "<form method=\"post\" action=\"/social/runs/%lld/close\" class=\"no-print\"><h2>対応を完了する</h2>", r->id);
            page_csrf_field(w);
            html(b, "<p>すべての手順を記録しました。</p><p><button type=\"submit\" class=\"primary\">対応を完了する</button></p></form>");
        }
    }
    html(b, "</div>");
    page_end(w);
}

static void answer(Web *w, long long id, const char *message)
{
    RunView v;
    if (load(w, id, &v) != 0)
        return;
    if (!w->rq->is_api) {
        write_html(w, &v);
        return;
    }
    web_json_begin(w);
    Str *b = &w->rs->body;
    if (message) {
        str_append(b, "{\"ok\":true,\"message\":");
        str_append_json(b, message);
        str_append(b, ",\"run\":");
    }
    write_json(&v, b);
    if (message)
        str_appendc(b, '}');
}

void social_run(Web *w)
{
    answer(w, w->rq->path_arg[0], NULL);
}

static void done(Web *w, long long id, const char *message)
{
    if (w->rq->is_api) {
        answer(w, id, message);
        return;
    }
    char path[64];
    snprintf(path, sizeof path, "/social/runs/%lld", id);
    web_redirect(w, path, message);
}

void social_run_step(Web *w)
{
    long long id = w->rq->path_arg[0];
    RunView v;
    if (load(w, id, &v) != 0) /* 404 before the use case's 422 */
        return;
    const char *s = social_param(w, "step");
    int step = 0;
    for (const char *p = s; *p && step < 100000; p++)
        step = *p >= '0' && *p <= '9' ? step * 10 + (*p - '0') : -1000000;
    if (step <= 0) {
        web_error(w, 400, "step（手順の番号）は正の整数です", NULL);
        return;
    }
    if (web_app_failed(w, app_playbook_step(w->app, id, step, web_param(w, "note"))))
        return;
    char msg[96];
    snprintf(msg, sizeof msg, "手順 %d を記録しました", step);
    done(w, id, msg);
}

void social_run_close(Web *w)
{
    long long id = w->rq->path_arg[0];
    RunView v;
    if (load(w, id, &v) != 0)
        return;
    if (web_app_failed(w, app_playbook_close(w->app, id)))
        return;
    done(w, id, "対応を完了しました");
}
