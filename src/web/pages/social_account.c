/* One official account (tokyo-edu 10): what the register holds, the checks
 * of 10 イ–ケ with their latest records, the monitoring records (10カ), the
 * playbook runs (10キ) and the pre-posting checks made for it — and, for the
 * manager role, the forms that record them. As `daicho social show`.
 *
 * POST …/{n}/check: item, status (done|not_applicable|not_done), evidence.
 * POST …/{n}/monitor: result (ok|issues), note.
 * POST …/{n}/status: status (active|suspended|closed), reason.
 * POST …/{n}/playbook: playbook (id), note → the new run. */
#include <stdio.h>
#include <string.h>

#include "domain/dates.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages/social_pages.h"

typedef struct View {
    Web *w;
    App *app;
    const SocialPolicy *s;
    int json;
    SocialAccountRow a;
    SocialCheckRow *checks;
    int n_checks;
    Str monitors, runs, posts;
    int n_monitors, n_runs, n_posts;
    int manage;
} View;

static int on_check(void *ctx, const SocialCheckRow *r)
{
    View *v = ctx;
    if (v->n_checks < v->s->n_checks + 64)
        v->checks[v->n_checks++] = *r;
    return 0;
}

static const SocialCheckRow *record_of(const View *v, const char *id)
{
    for (int i = 0; i < v->n_checks; i++)
        if (strcmp(v->checks[i].item_id, id) == 0)
            return &v->checks[i];
    return NULL;
}

static int on_monitor(void *ctx, const SocialMonitorRow *m)
{
    View *v = ctx;
    Str *o = &v->monitors;
    if (v->json) {
        str_append(o, v->n_monitors++ ? ",{\"at\":" : "{\"at\":");
        str_append_json(o, m->at);
        str_append_json_member(o, "by", m->actor);
        str_append_json_member(o, "result", m->result);
        str_append_json_member(o, "note", m->note);
        str_append_json_member(o, "next_due", m->next_due);
        str_appendc(o, '}');
        return 0;
    }
    v->n_monitors++;
    int ok = strcmp(m->result, "ok") == 0;
    html(o, "<tr><td>");
    social_when(v->w, o, m->at);
    html(o, "</td><td><span class=\"%s\">%s</span></td><td class=\"value\">%s</td><td>%s</td><td>", ok ? "result-ok" : "result-issues",
         ok ? "問題なし" : "要対応", m->note, m->actor);
    page_date(v->w, o, m->next_due);
    html(o, "</td></tr>");
    return 0;
}

static int on_run(void *ctx, const PlaybookRunRow *r)
{
    View *v = ctx;
    Str *o = &v->runs;
    int k = social_playbook_index(v->s, r->playbook);
    const char *label = k >= 0 ? v->s->playbooks[k].label : r->playbook;
    if (v->json) {
        str_append(o, v->n_runs++ ? "," : "");
        str_appendf(o, "{\"run\":%lld", r->id);
        str_append_json_member(o, "playbook", r->playbook);
        str_append_json_member(o, "label", label);
        str_appendf(o, ",\"steps_done\":%d,\"n_steps\":%d", r->steps_done, r->n_steps);
        str_append_json_member(o, "opened_by", r->opened_by);
        str_append_json_member(o, "opened_at", r->opened_at);
        str_append_json_member(o, "closed_at", r->closed_at);
        str_appendc(o, '}');
        return 0;
    }
    v->n_runs++;
    html(o, "<tr><td><a href=\"/social/runs/%lld\">対応記録 %lld</a></td><td>%s <span class=\"clause\">[%s]</span></td><td>%d / %d</td><td>",
         r->id, r->id, label, k >= 0 ? v->s->playbooks[k].clause : "-", r->steps_done, r->n_steps);
    social_when(v->w, o, r->opened_at);
    html(o, " %s</td><td>%s</td></tr>", r->opened_by, r->closed_at ? "完了" : "進行中");
    return 0;
}

static int on_post(void *ctx, const SocialPostCheckRow *p)
{
    View *v = ctx;
    Str *o = &v->posts;
    if (v->json) {
        str_append(o, v->n_posts++ ? "," : "");
        str_appendf(o, "{\"check\":%lld", p->id);
        str_append_json_member(o, "by", p->actor);
        str_append_json_member(o, "at", p->at);
        str_append_json_member(o, "confidentiality", p->confidentiality);
        str_append_json_member(o, "verdict", p->verdict);
        str_append(o, ",\"findings\":");
        str_append(o, p->findings); /* stored as JSON by the use case */
        str_appendc(o, '}');
        return 0;
    }
    v->n_posts++;
    static const char *const names[] = {"ready", "needs_review", "blocked", NULL};
    static const char *const labels[] = {"投稿可", "要確認", "投稿不可"};
    html(o, "<tr><td>%lld</td><td>", p->id);
    social_when(v->w, o, p->at);
    html(o, "</td><td>%s</td><td>%s</td><td><span class=\"social-verdict social-verdict-%s\">%s</span></td></tr>", p->actor,
         p->confidentiality, p->verdict, social_label(names, labels, p->verdict));
    return 0;
}

/* Everything the page shows. 0, or -1 after answering. */
static int load(Web *w, long long id, View *v)
{
    App *app = w->app;
    memset(v, 0, sizeof *v);
    v->w = w;
    v->app = app;
    v->json = w->rq->is_api;
    if (!(v->s = social_section(w)) || social_find_account(w, id, &v->a) != 0)
        return -1;
    v->checks = arena_alloc(&app->arena, sizeof *v->checks * (size_t)(v->s->n_checks + 64));
    AppRc rc = APP_OK;
    if (!v->checks || store_social_checks_latest(app->db, &app->arena, id, on_check, v) != 0 ||
        store_social_monitors(app->db, &app->arena, id, on_monitor, v) != 0 ||
        store_playbook_runs(app->db, &app->arena, app->org.id, SOCIAL_SUBJECT, id, on_run, v) != 0 ||
        store_social_post_checks(app->db, &app->arena, app->org.id, id, 20, on_post, v) != 0)
        rc = app_dbfail(app);
    if (web_app_failed(w, rc))
        return -1;
    v->manage = app_social_may_manage(app);
    return 0;
}

static void view_free(View *v)
{
    str_free(&v->monitors);
    str_free(&v->runs);
    str_free(&v->posts);
}

static void write_json(View *v, Str *o)
{
    const SocialAccountRow *a = &v->a;
    str_appendc(o, '{');
    app_social_account_json_members(a, o);
    str_appendf(o, ",\"may_manage\":%s,\"devices\":[", v->manage ? "true" : "false");
    for (int i = 0; i < a->n_devices; i++) {
        str_append(o, i ? ",{\"description\":" : "{\"description\":");
        str_append_json(o, a->devices[i].description);
        str_appendf(o, ",\"managed\":%s}", a->devices[i].managed ? "true" : "false");
    }
    str_append(o, "],\"checks\":[");
    for (int i = 0; i < v->s->n_checks; i++) {
        const SocialCheck *c = &v->s->checks[i];
        const SocialCheckRow *r = record_of(v, c->id);
        str_append(o, i ? ",{\"item\":" : "{\"item\":");
        str_append_json(o, c->id);
        str_append_json_member(o, "clause", c->clause);
        str_append_json_member(o, "text", c->text);
        str_appendf(o, ",\"should\":%s", c->should ? "true" : "false");
        str_append_json_member(o, "status", r ? r->status : NULL);
        str_append_json_member(o, "evidence", r ? r->evidence : NULL);
        str_append_json_member(o, "by", r ? r->actor : NULL);
        str_append_json_member(o, "at", r ? r->at : NULL);
        str_appendc(o, '}');
    }
    str_append(o, "],\"monitoring\":[");
    str_append(o, str_cstr(&v->monitors));
    str_append(o, "],\"playbook_runs\":[");
    str_append(o, str_cstr(&v->runs));
    str_append(o, "],\"post_checks\":[");
    str_append(o, str_cstr(&v->posts));
    str_append(o, "]}");
}

/* ---- HTML ---- */

static void fields(View *v, Str *b)
{
    const SocialAccountRow *a = &v->a;
    Web *w = v->w;
    html(b, "<section id=\"fields\"><h2>登録内容</h2><table class=\"fields\"><tbody>"
            "<tr><th scope=\"row\">サービス</th><td>%s</td></tr>"
            "<tr><th scope=\"row\">アカウント名</th><td>%s</td></tr>"
            "<tr><th scope=\"row\">アカウントのURL</th><td class=\"value\">%s</td></tr>"
            "<tr><th scope=\"row\">認証アカウント <span class=\"clause\">[10エ(ア)]</span></th><td>%s</td></tr>"
            "<tr><th scope=\"row\">周知するWebページ <span class=\"clause\">[10エ(イ)]</span></th><td class=\"value\">%s</td></tr>"
            "<tr><th scope=\"row\">アカウント運用ポリシー <span class=\"clause\">[10イ]</span></th><td class=\"value\">%s%s</td></tr>"
            "<tr><th scope=\"row\">二段階認証 <span class=\"clause\">[10オ(イ)]</span></th><td>%s</td></tr>"
            "<tr><th scope=\"row\">パスワードを知る担当者 <span class=\"clause\">[10オ(ア)]</span></th><td class=\"value social-lines\">%s</td></tr>"
            "<tr><th scope=\"row\">ログインに使う端末 <span class=\"clause\">[10オ(ウ)(エ)]</span></th><td><ul class=\"social-devices\">",
         a->service, a->account_name, a->account_url, social_label(social_verified_names, social_verified_labels, a->verified),
         a->announce_url, a->policy, a->info_only ? "（専ら情報発信に用いる）" : "",
         social_label(social_two_factor_names, social_two_factor_labels, a->two_factor), a->password_holders);
    for (int i = 0; i < a->n_devices; i++)
        html(b, "<li>%s <small class=\"tag\">%s</small></li>", a->devices[i].description, a->devices[i].managed ? "管理端末" : "管理外");
    html(b, "</ul></td></tr><tr><th scope=\"row\">利用承認（台帳）</th><td>");
    if (a->ledger_number)
        html(b, "<a href=\"/ledger/%lld\">台帳 第%lld号</a>", a->ledger_number, a->ledger_number);
    else
        html(b, "<span class=\"empty\">未登録</span>");
    html(b, "</td></tr><tr><th scope=\"row\">次回監視 <span class=\"clause\">[10カ]</span></th><td>");
    page_date(w, b, a->monitor_due);
    html(b, "</td></tr><tr><th scope=\"row\">登録</th><td>%s ", a->created_by);
    social_when(w, b, a->created_at);
    html(b, "</td></tr></tbody></table></section>");
}

static void checks(View *v, Str *b)
{
    const SocialPolicy *s = v->s;
    int offer = v->manage && strcmp(v->a.status, "closed") != 0;
    Str rows = STR_INIT;
    int must = 0, recorded = 0;
    for (int i = 0; i < s->n_checks; i++) {
        const SocialCheck *c = &s->checks[i];
        const SocialCheckRow *r = record_of(v, c->id);
        int st = r ? state_index(social_check_status_names, r->status) : -1;
        if (!c->should) {
            must++;
            recorded += st == 0 || st == 1;
        }
        html(&rows, "<tr id=\"check-%s\"><td class=\"clause\">[%s]</td><td>%s%H</td><td><span class=\"check check-%s\">%s</span></td><td class=\"value\">",
             c->id, c->clause, c->text, c->should ? " <small class=\"tag\">可能な限り</small>" : "", st >= 0 ? r->status : "none",
             st >= 0 ? social_check_status_labels[st] : "未記録");
        if (r) {
            html(&rows, "%s<br><small>%s ", r->evidence, r->actor);
            social_when(v->w, &rows, r->at);
            html(&rows, "</small>");
        }
        html(&rows, "</td>");
        if (offer)
            html(&rows, "<td class=\"no-print\"><a href=\"/social/%lld?item=%U#record\">記録する</a></td>", v->a.id, c->id);
        html(&rows, "</tr>");
    }
    html(b, "<section id=\"checks\"><h2>確認項目 <small>必須 %d 項目中 %d 項目を記録済み</small></h2>"
            "<table class=\"list checklist\"><thead><tr><th scope=\"col\">条項</th><th scope=\"col\">確認すること</th><th scope=\"col\">状態</th>"
            "<th scope=\"col\">根拠・記録者</th>%H</tr></thead><tbody>%H</tbody></table></section>",
         must, recorded, offer ? "<th scope=\"col\" class=\"no-print\">記録</th>" : "", str_cstr(&rows));
    str_free(&rows);
}

static void section_table(Str *b, const char *id, const char *title, const char *empty, int n, const char *head, Str *rows)
{
    html(b, "<section id=\"%s\"><h2>%s</h2>", id, title);
    if (!n)
        html(b, "<p class=\"empty\">%s</p></section>", empty);
    else
        html(b, "<table class=\"list\"><thead>%H</thead><tbody>%H</tbody></table></section>", head, str_cstr(rows));
}

static void forms(View *v, Str *b)
{
    Web *w = v->w;
    const SocialPolicy *s = v->s;
    const SocialAccountRow *a = &v->a;
    html(b, "<section id=\"record\" class=\"no-print\"><h2>記録する</h2>");
    if (!v->manage) {
        html(b, "<p class=\"note\">記録は%sが行います [%s]。投稿前チェックは誰でも使えます。</p></section>",
             v->app->profile->roles[s->manager_role].label, s->manager_clause);
        return;
    }
    if (strcmp(a->status, "closed") == 0) {
        html(b, "<p class=\"note\">廃止したアカウントには記録できません。</p></section>");
        return;
    }
    const char *want = web_param(w, "item");
    html(b, "<div class=\"forms\"><form method=\"post\" action=\"/social/%lld/check\"><h3>確認項目を記録する</h3>", a->id);
    page_csrf_field(w);
    html(b, "<p><label for=\"item\">項目</label><select id=\"item\" name=\"item\" required>");
    for (int i = 0; i < s->n_checks; i++)
        html(b, "<option value=\"%s\"%H>[%s] %s</option>", s->checks[i].id, want && !strcmp(want, s->checks[i].id) ? " selected" : "",
             s->checks[i].clause, s->checks[i].id);
    html(b, "</select></p><fieldset><legend>状態</legend>"
            "<label class=\"inline\"><input type=\"radio\" name=\"status\" value=\"done\" required> 実施済</label>"
            "<label class=\"inline\"><input type=\"radio\" name=\"status\" value=\"not_applicable\"> 該当なし</label>"
            "<label class=\"inline\"><input type=\"radio\" name=\"status\" value=\"not_done\"> 未実施</label></fieldset>"
            "<p><label for=\"evidence\">確認の根拠（実施済・該当なしのときは必須）</label><textarea id=\"evidence\" name=\"evidence\" maxlength=\"4000\"></textarea></p>"
            "<p><button type=\"submit\">記録する</button></p></form>");
    html(b, "<form method=\"post\" action=\"/social/%lld/monitor\"><h3>監視を記録する <span class=\"clause\">[%s]</span></h3>", a->id,
         s->monitoring_clause);
    page_csrf_field(w);
    html(b, "<p class=\"note\">公式アカウントでの発信及び返信内容等を確認しました。次回は %d 日後です。</p><fieldset><legend>結果</legend>"
            "<label class=\"inline\"><input type=\"radio\" name=\"result\" value=\"ok\" required> 問題なし</label>"
            "<label class=\"inline\"><input type=\"radio\" name=\"result\" value=\"issues\"> 要対応</label></fieldset>"
            "<p><label for=\"note\">内容（要対応のときは必須）</label><textarea id=\"note\" name=\"note\" maxlength=\"4000\"></textarea></p>"
            "<p><button type=\"submit\">監視を記録する</button></p></form>",
         s->monitoring_days);
    html(b, "<form method=\"post\" action=\"/social/%lld/playbook\"><h3>トラブル対応を始める <span class=\"clause\">[10キ]</span></h3>", a->id);
    page_csrf_field(w);
    html(b, "<p><label for=\"playbook\">対応手順</label><select id=\"playbook\" name=\"playbook\" required>");
    for (int i = 0; i < s->n_playbooks; i++)
        html(b, "<option value=\"%s\">[%s] %s</option>", s->playbooks[i].id, s->playbooks[i].clause, s->playbooks[i].label);
    html(b, "</select></p><p><label for=\"run_note\">状況</label><textarea id=\"run_note\" name=\"note\" maxlength=\"4000\"></textarea></p>"
            "<p><button type=\"submit\" class=\"danger\">対応を始める</button></p></form>");
    html(b, "<form method=\"post\" action=\"/social/%lld/status\"><h3>アカウントの状態を変える</h3>", a->id);
    page_csrf_field(w);
    html(b, "<p><label for=\"status\">状態</label><select id=\"status\" name=\"status\" required>");
    for (int i = 0; social_status_names[i]; i++)
        if (strcmp(social_status_names[i], a->status) != 0)
            html(b, "<option value=\"%s\">%s</option>", social_status_names[i], social_status_labels[i]);
    html(b, "</select></p><p><label for=\"reason\">理由（必須）</label><input id=\"reason\" name=\"reason\" required maxlength=\"1000\"></p>"
            "<p><button type=\"submit\" class=\"danger\" data-confirm=\"アカウントの状態を変更します。よろしいですか。\">変更する</button></p></form></div></section>");
}

static void write_html(View *v)
{
    Web *w = v->w;
    Str *b = &w->rs->body;
    const SocialAccountRow *a = &v->a;
    char title[512];
    snprintf(title, sizeof title, "SNSアカウント %lld %s %s", a->id, a->service, a->account_name);
    page_begin(w, title);
    html(b, "<div class=\"social social-account\"><p class=\"breadcrumb no-print\"><a href=\"/social\">SNS公式アカウント</a> ›</p>"
            "<h1>%s <span class=\"service\">%s</span> <span class=\"social-status social-status-%s\">%s</span></h1>"
            "<p class=\"social-actions no-print\"><a class=\"button\" href=\"/social/post-check?account=%lld\">このアカウントで投稿前チェック</a></p>",
         a->service, a->account_name, a->status, social_label(social_status_names, social_status_labels, a->status), a->id);
    fields(v, b);
    checks(v, b);
    section_table(b, "monitoring", "監視の記録", "監視の記録はまだありません。", v->n_monitors,
                  "<tr><th scope=\"col\">日時</th><th scope=\"col\">結果</th><th scope=\"col\">内容</th><th scope=\"col\">記録者</th>"
                  "<th scope=\"col\">次回</th></tr>",
                  &v->monitors);
    section_table(b, "runs", "トラブル対応", "トラブル対応の記録はありません。", v->n_runs,
                  "<tr><th scope=\"col\">記録</th><th scope=\"col\">対応手順</th><th scope=\"col\">手順</th><th scope=\"col\">開始</th>"
                  "<th scope=\"col\">状態</th></tr>",
                  &v->runs);
    section_table(b, "post-checks", "投稿前チェックの記録（直近20件）", "投稿前チェックの記録はありません。", v->n_posts,
                  "<tr><th scope=\"col\">番号</th><th scope=\"col\">日時</th><th scope=\"col\">確認者</th><th scope=\"col\">機密性</th>"
                  "<th scope=\"col\">判定</th></tr>",
                  &v->posts);
    forms(v, b);
    html(b, "</div>");
    page_end(w);
}

static void answer(Web *w, long long id, const char *message)
{
    View v;
    if (load(w, id, &v) != 0)
        return;
    if (v.json) {
        web_json_begin(w);
        Str *b = &w->rs->body;
        if (message) {
            str_append(b, "{\"ok\":true,\"message\":");
            str_append_json(b, message);
            str_append(b, ",\"account\":");
        }
        write_json(&v, b);
        if (message)
            str_appendc(b, '}');
    } else {
        write_html(&v);
    }
    view_free(&v);
}

void social_account(Web *w)
{
    answer(w, w->rq->path_arg[0], NULL);
}

/* After a use case succeeded: back to the account (HTML) or the account as it is now (API). */
static void done(Web *w, long long id, const char *anchor, const char *message)
{
    if (w->rq->is_api) {
        answer(w, id, message);
        return;
    }
    char path[96];
    snprintf(path, sizeof path, "/social/%lld%s", id, anchor);
    web_redirect(w, path, message);
}

/* The account exists (404 before the use case's 422). */
static int found(Web *w, long long id)
{
    SocialAccountRow a;
    return social_section(w) && social_find_account(w, id, &a) == 0;
}

void social_check_post(Web *w)
{
    long long id = w->rq->path_arg[0];
    if (!found(w, id))
        return;
    const char *item = social_param(w, "item"), *status = social_param(w, "status");
    if (web_app_failed(w, app_social_check(w->app, id, item, status, web_param(w, "evidence"))))
        return;
    char msg[512];
    snprintf(msg, sizeof msg, "確認項目 %.200s を「%s」として記録しました", item,
             social_label(social_check_status_names, social_check_status_labels, status));
    done(w, id, "#checks", msg);
}

void social_monitor_post(Web *w)
{
    long long id = w->rq->path_arg[0];
    if (!found(w, id))
        return;
    if (web_app_failed(w, app_social_monitor(w->app, id, web_param(w, "result"), web_param(w, "note"))))
        return;
    SocialAccountRow a;
    char msg[256] = "監視を記録しました";
    if (app_social_account_get(w->app, id, &a) == APP_OK)
        snprintf(msg, sizeof msg, "監視を記録しました。次回の監視期限: %s", a.monitor_due);
    done(w, id, "#monitoring", msg);
}

void social_status_post(Web *w)
{
    long long id = w->rq->path_arg[0];
    if (!found(w, id))
        return;
    const char *status = social_param(w, "status");
    if (web_app_failed(w, app_social_account_status(w->app, id, status, web_param(w, "reason"))))
        return;
    char msg[128];
    snprintf(msg, sizeof msg, "アカウントを「%s」にしました", social_label(social_status_names, social_status_labels, status));
    done(w, id, "", msg);
}

void social_playbook_start(Web *w)
{
    long long id = w->rq->path_arg[0];
    if (!found(w, id))
        return;
    long long run = 0;
    if (web_app_failed(w, app_playbook_start(w->app, id, social_param(w, "playbook"), web_param(w, "note"), &run)))
        return;
    char msg[128], path[64];
    snprintf(msg, sizeof msg, "対応記録 %lld を始めました。手順を順に記録してください", run);
    if (w->rq->is_api) {
        web_json_begin(w);
        str_appendf(&w->rs->body, "{\"ok\":true,\"run\":%lld", run);
        str_append_json_member(&w->rs->body, "message", msg);
        str_appendc(&w->rs->body, '}');
        return;
    }
    snprintf(path, sizeof path, "/social/runs/%lld", run);
    web_redirect(w, path, msg);
}
