/* GET /applications/{n} and /api/v1/applications/{n}: one application — its
 * document, the evaluation, the steps so far — and the steps the signed-in
 * user may take now (workflow_permits() over the profile: submit and
 * withdraw for the applicant, approve / return / reject for the track's
 * approver, never the applicant where the track separates duties). The
 * forms are only an offer: app_apply_act() checks everything again on POST. */
#include <stdio.h>
#include <string.h>

#include "web/html.h"
#include "web/layout.h"
#include "web/pages/apply_pages.h"

/* What the signed-in user may do with the application now. */
typedef struct Offer {
    int may[ACT_COUNT];
    int nominee;            /* the approver names the service administrator */
    int separated;          /* holds the approver role but is the applicant of a separating track */
    const char *separation_clause;
} Offer;

static int applicant_holds(App *app, long long applicant_id, int role)
{
    UserRow ap;
    if (store_user_get(app->db, &app->arena, applicant_id, &ap) <= 0)
        return 0;
    for (int i = 0; i < ap.n_roles; i++)
        if (profile_role_index(app->profile, ap.roles[i]) == role)
            return 1;
    return 0;
}

static void offer_of(App *app, const AppRow *r, Offer *o)
{
    const Profile *p = app->profile;
    const Track *t = &p->tracks[r->track];
    memset(o, 0, sizeof *o);
    for (int a = 0; a < ACT_COUNT; a++) {
        Refusal why;
        o->may[a] = workflow_next((AppState)r->state, (AppAction)a, &why) >= 0 &&
                    workflow_permits(p, r->track, (AppAction)a, &app->actor, r->applicant_id, &why);
    }
    o->separated = r->state == APP_SUBMITTED && t->separation_of_duties && r->applicant_id == app->user.id &&
                   (app->actor.roles & ROLE_BIT(t->approver_role));
    o->separation_clause = t->separation_clause;
    /* As choose_administrator() in app_apply.c: a nominee where the track
     * has the approver nominate, or where the applicant who would
     * administer lacks the administrator's role. */
    if (o->may[ACT_APPROVE])
        o->nominee = t->administrator == ADMIN_NOMINEE ||
                     (t->administrator == ADMIN_APPLICANT && t->administrator_role >= 0 &&
                      !applicant_holds(app, r->applicant_id, t->administrator_role));
}

typedef struct Nominees {
    Str *out;
    int role;                 /* the administrator's role index, or -1 for anyone */
    const Profile *p;
    const char *current;      /* the value posted before, to keep it selected */
    int n;
} Nominees;

static int nominee_option(void *ctx, const UserRow *u)
{
    Nominees *nm = ctx;
    int ok = u->active && nm->role < 0;
    for (int i = 0; u->active && !ok && i < u->n_roles; i++)
        ok = profile_role_index(nm->p, u->roles[i]) == nm->role;
    if (!ok)
        return 0;
    nm->n++;
    html(nm->out, "<option value=\"%s\"%H>%s（%s）%s</option>", u->login,
         nm->current && !strcmp(nm->current, u->login) ? " selected" : "", u->name, u->department ? u->department : "",
         u->login);
    return 0;
}

static void decide_form(Web *w, const AppRow *r, const Decision *d, const Offer *o)
{
    App *app = w->app;
    const Profile *p = app->profile;
    const Track *t = &p->tracks[r->track];
    Str *b = &w->rs->body;
    html(b, "<form class=\"decide\" method=\"post\" action=\"/applications/%lld/approve\">", r->id);
    page_csrf_field(w);
    html(b, "<h3>許可権限者の決定 <small>（%s", p->roles[t->approver_role].label);
    if (t->approver_clause)
        html(b, " ［%s］", t->approver_clause);
    html(b, "）</small></h3>");
    if (o->nominee) {
        Str opts = STR_INIT;
        Nominees nm = {&opts, t->administrator_role, p, web_param(w, "administrator"), 0};
        if (store_user_each(app->db, &app->arena, app->org.id, nominee_option, &nm) < 0)
            str_append(&opts, "");
        html(b, "<p><label for=\"administrator\">外部サービス管理者の指名 <span class=\"clause\">［%s］</span></label>"
                "<select id=\"administrator\" name=\"administrator\"><option value=\"\">（選択してください）</option>%H</select></p>",
             t->administrator_clause ? t->administrator_clause : "", str_cstr(&opts));
        if (!nm.n)
            html(b, "<p class=\"error\">指名できる%sの利用者が登録されていません。</p>",
                 t->administrator_role >= 0 ? p->roles[t->administrator_role].label : "");
        str_free(&opts);
    }
    int risks = 0;
    for (int i = 0; i < p->n_risks; i++)
        risks += d->risk_applies[i];
    if (risks) {
        html(b, "<fieldset class=\"risks\"><legend>受容するリスク</legend><ul>");
        for (int i = 0; i < p->n_risks; i++)
            if (d->risk_applies[i])
                html(b, "<li><span class=\"clause\">［%s］</span> %s</li>", p->risks[i].clause, p->risks[i].text);
        const char *acc = web_param(w, "accept_risks");
        html(b, "</ul><label class=\"check\"><input type=\"checkbox\" name=\"accept_risks\" value=\"1\"%H> "
                "上記のリスクを検討したうえで承認します（承認に必要です）</label></fieldset>",
             acc && *acc ? " checked" : "");
    }
    const char *reason = web_param(w, "reason");
    html(b, "<p><label for=\"reason\">理由・意見</label><textarea id=\"reason\" name=\"reason\" rows=\"3\">%s</textarea></p>"
            "<p class=\"hint\">差戻し・却下には理由が必要です。判定が「要確認」のまま承認するときも理由を書いてください。</p>",
         reason ? reason : "");
    html(b, "<p class=\"actions\">");
    if (o->may[ACT_APPROVE])
        html(b, "<button type=\"submit\">承認して台帳に登録</button> ");
    if (o->may[ACT_RETURN])
        html(b, "<button type=\"submit\" class=\"secondary\" formaction=\"/applications/%lld/return\">差し戻す</button> ", r->id);
    if (o->may[ACT_REJECT])
        html(b, "<button type=\"submit\" class=\"danger\" formaction=\"/applications/%lld/reject\" data-confirm=\"この申請を却下しますか？\">却下する</button>",
             r->id);
    html(b, "</p></form>");
}

static void actions_html(Web *w, const AppRow *r, const Decision *d, const Offer *o)
{
    Str *b = &w->rs->body;
    const Profile *p = w->app->profile;
    int any = o->separated;
    for (int a = 0; a < ACT_COUNT; a++)
        any |= o->may[a];
    if (!any)
        return;
    html(b, "<section class=\"actions-panel\"><h2>操作</h2>");
    if (o->may[ACT_SUBMIT]) {
        const Track *t = &p->tracks[r->track];
        html(b, "<form method=\"post\" action=\"/applications/%lld/submit\">", r->id);
        page_csrf_field(w);
        html(b, "<p><button type=\"submit\">申請する（%sへ提出）</button></p>", p->roles[t->approver_role].label);
        if (d->verdict == VERDICT_BLOCKED)
            html(b, "<p class=\"error\">判定が「利用できません」のため提出できません。禁止事項を解消してください。</p>");
        else if (d->ledger_missing)
            html(b, "<p class=\"error\">台帳に必要な項目が未記入のため提出できません。内容を修正してください。</p>");
        html(b, "</form>");
    }
    if (o->may[ACT_APPROVE] || o->may[ACT_REJECT] || o->may[ACT_RETURN])
        decide_form(w, r, d, o);
    if (o->separated)
        html(b, "<p class=\"note\">職務の分離のため、申請者本人は自分の申請を決定できません <span class=\"clause\">［%s］</span></p>",
             o->separation_clause ? o->separation_clause : "");
    if (o->may[ACT_WITHDRAW]) {
        html(b, "<form method=\"post\" action=\"/applications/%lld/withdraw\">", r->id);
        page_csrf_field(w);
        html(b, "<p><button type=\"submit\" class=\"danger\" data-confirm=\"この申請を取り下げますか？\">取り下げる</button></p></form>");
    }
    html(b, "</section>");
}

typedef struct Steps {
    Web *w;
    Str *out;
    int json, n;
} Steps;

static const char *state_label(const char *name)
{
    int s = state_index(app_state_names, name);
    return s >= 0 ? app_state_labels[s] : name ? name : "";
}

static int step_row(void *ctx, const StepRow *s)
{
    Steps *st = ctx;
    if (st->json) {
        str_append(st->out, st->n++ ? ",{\"action\":" : "{\"action\":");
        str_append_json(st->out, s->action);
        const char *f[][2] = {{"from", s->from_state}, {"to", s->to_state}, {"actor", s->actor}, {"at", s->at}, {"reason", s->reason}};
        for (int i = 0; i < 5; i++) {
            str_appendf(st->out, ",\"%s\":", f[i][0]);
            str_append_json(st->out, f[i][1] ? f[i][1] : "");
        }
        str_append(st->out, "}");
        return 0;
    }
    st->n++;
    int a = state_index(app_action_names, s->action);
    html(st->out, "<tr><td>");
    page_date(st->w, st->out, s->at);
    html(st->out, "<br><small>%s</small></td><td>%s</td><td>%s → %s</td><td>%s</td><td>%s</td></tr>", s->at,
         a >= 0 ? app_action_labels[a] : !strcmp(s->action, "create") ? "作成" : s->action,
         *s->from_state ? state_label(s->from_state) : "—", state_label(s->to_state), s->actor, s->reason);
    return 0;
}

static long long ledger_number(App *app, const AppRow *r)
{
    EntryRow e;
    return r->entry_id && store_entry_get(app->db, &app->arena, app->org.id, r->entry_id, &e) == 1 ? e.number : 0;
}

static void detail_json(Web *w, const AppRow *r, const Offer *o, const Decision *d)
{
    App *app = w->app;
    Str *b = &w->rs->body;
    Str steps = STR_INIT;
    Steps st = {w, &steps, 1, 0};
    if (store_app_steps(app->db, &app->arena, r->id, step_row, &st) < 0) {
        str_free(&steps);
        web_app_failed(w, app_dbfail(app));
        return;
    }
    web_json_begin(w);
    str_append(b, "{");
    apply_row_json_members(b, r);
    long long number = ledger_number(app, r);
    if (number)
        str_appendf(b, ",\"ledger_number\":%lld", number);
    else
        str_append(b, ",\"ledger_number\":null");
    str_appendf(b, ",\"state_label\":\"%s\",\"track_label\":", app_state_labels[r->state]);
    str_append_json(b, app->profile->tracks[r->track].label);
    /* The stored document and evaluation are JSON the use case wrote (as
     * `daicho apply show --json` prints them). */
    str_append(b, ",\"document\":");
    str_append(b, r->doc);
    str_append(b, ",\"evaluation\":");
    str_append(b, r->evaluation);
    str_append(b, ",\"steps\":[");
    str_append(b, str_cstr(&steps));
    str_append(b, "],\"actions\":[");
    int n = 0;
    for (int a = 0; a < ACT_COUNT; a++)
        if (o->may[a])
            str_appendf(b, "%s\"%s\"", n++ ? "," : "", app_action_names[a]);
    str_appendf(b, "],\"administrator_nominee\":%s,\"risks_to_accept\":[", o->nominee ? "true" : "false");
    n = 0;
    for (int i = 0; o->may[ACT_APPROVE] && i < app->profile->n_risks; i++)
        if (d->risk_applies[i]) {
            str_append(b, n++ ? "," : "");
            str_append_json(b, app->profile->risks[i].id);
        }
    str_append(b, "]}");
    str_free(&steps);
}

/* The page; `error` (with its clause) when a step was just refused. */
static void render_detail(Web *w, const char *error, const char *error_clause)
{
    App *app = w->app;
    AppRow r;
    if (!apply_load(w, &r))
        return;
    AppDoc doc;
    Decision d;
    if (!apply_stored_eval(w, &r, &doc, &d))
        return;
    Offer o;
    offer_of(app, &r, &o);
    if (w->rq->is_api) {
        detail_json(w, &r, &o, &d);
        goto out;
    }
    const Profile *p = app->profile;
    Str *b = &w->rs->body;
    Str steps = STR_INIT;
    Steps st = {w, &steps, 0, 0};
    if (store_app_steps(app->db, &app->arena, r.id, step_row, &st) < 0) {
        str_free(&steps);
        web_app_failed(w, app_dbfail(app));
        goto out;
    }
    char title[64];
    snprintf(title, sizeof title, "申請 %lld", r.id);
    page_begin(w, title);
    html(b, "<h1>申請 %lld「%s%s%s」 <span class=\"state state-%s\">%s</span></h1>", r.id, r.service_name,
         r.function && *r.function ? "／" : "", r.function ? r.function : "", app_state_names[r.state], app_state_labels[r.state]);
    if (error) {
        html(b, "<p class=\"error pre\" role=\"alert\">%s", error);
        if (error_clause && !strstr(error, error_clause))
            html(b, " <span class=\"clause\">［%s］</span>", error_clause);
        html(b, "</p>");
    }
    html(b, "<dl class=\"meta\"><dt>区分</dt><dd>%s</dd><dt>判定</dt><dd class=\"verdict-%s\">%s</dd><dt>申請者</dt><dd>%s（%s）</dd>"
            "<dt>作成</dt><dd>",
         p->tracks[r.track].label, r.verdict, apply_verdict_label(r.verdict), r.applicant_name, r.department);
    page_date(w, b, r.created_at);
    if (r.submitted_at) {
        html(b, "</dd><dt>提出</dt><dd>");
        page_date(w, b, r.submitted_at);
    }
    if (r.decided_at) {
        html(b, "</dd><dt>決定</dt><dd>");
        page_date(w, b, r.decided_at);
        html(b, " %s", r.decided_by_name ? r.decided_by_name : "");
    }
    if (r.reason && *r.reason)
        html(b, "</dd><dt>理由</dt><dd class=\"pre\">%s", r.reason);
    html(b, "</dd></dl>");
    long long number = ledger_number(app, &r);
    if (number)
        html(b, "<p class=\"flash\">台帳 <a href=\"/ledger/%lld\">第%lld号</a> に登録されています。</p>", number, number);
    html(b, "<p class=\"actions\"><a href=\"/applications/%lld/print\">申請書を印刷</a> ・ <a href=\"/applications/%lld/form.xlsx\">申請書（Excel）</a>",
         r.id, r.id);
    if (r.applicant_id == app->user.id && (r.state == APP_DRAFT || r.state == APP_RETURNED))
        html(b, " ・ <a class=\"button secondary\" href=\"/applications/%lld/edit\">内容を修正する</a>", r.id);
    html(b, " ・ <a href=\"/applications\">申請一覧へ</a></p>");
    actions_html(w, &r, &d, &o);
    html(b, "<div class=\"layout-2\"><div><section><h2>申請内容</h2><table class=\"fields\"><tbody>");
    apply_doc_rows_html(b, &doc, &d);
    html(b, "</tbody></table></section><section><h2>要件への回答</h2><table class=\"list answers\"><thead><tr><th>要件</th><th>回答</th><th>根拠</th></tr></thead><tbody>");
    apply_answer_rows_html(b, &doc, &d);
    html(b, "</tbody></table></section></div><aside><section class=\"evaluation\"><h2>評価</h2>");
    apply_eval_html(b, &doc, &d, 1);
    html(b, "</section><section><h2>経過</h2><table class=\"list steps\"><thead><tr><th>日時</th><th>操作</th><th>状態</th><th>実施者</th><th>理由</th></tr></thead>"
            "<tbody>%H</tbody></table></section></aside></div>",
         str_cstr(&steps));
    page_end(w);
    str_free(&steps);
out:
    decision_free(&d);
    appdoc_free(&doc);
}

void apply_detail(Web *w) { render_detail(w, NULL, NULL); }

/* The risk refusal of the use case names the field (accept_risks), as the
 * API and the CLI call it; on the page it names the checkbox. */
static const char *page_wording(Arena *a, const char *msg)
{
    static const char flag[] = "（accept_risks）";
    const char *at = strstr(msg, flag);
    if (!at)
        return arena_strdup(a, msg);
    Str s = STR_INIT;
    str_appendn(&s, msg, (size_t)(at - msg));
    str_append(&s, "（「上記のリスクを検討したうえで承認します」にチェック）");
    str_append(&s, at + strlen(flag));
    const char *r = arena_strdup(a, str_cstr(&s));
    str_free(&s);
    return r ? r : msg;
}

static void act(Web *w, AppAction action)
{
    App *app = w->app;
    long long id = w->rq->path_arg[0];
    AppRow r;
    AppRc rc = app_apply_get(app, id, &r);
    if (rc == APP_INVALID) {
        web_error(w, 404, str_cstr(&app->err), NULL);
        return;
    }
    if (web_app_failed(w, rc))
        return;
    const char *acc = web_param(w, "accept_risks");
    DecideOptions opt = {.reason = web_param(w, "reason"), .administrator = web_param(w, "administrator"),
                         .accept_risks = acc && (!strcmp(acc, "1") || !strcmp(acc, "on") || !strcmp(acc, "true"))};
    long long entry = 0;
    rc = app_apply_act(app, id, action, &opt, &entry);
    if (rc != APP_OK) {
        if (w->rq->is_api || rc == APP_DBFAIL) {
            web_app_failed(w, rc);
            return;
        }
        /* Back to the application with the refusal above its forms (what was
         * typed stays: the forms read the posted values). The message is
         * copied: reloading the application resets the app's scratch. */
        const char *msg = page_wording(w->rq->arena, str_cstr(&app->err));
        const char *clause = app->clause ? arena_strdup(w->rq->arena, app->clause) : NULL;
        int status = app->denied ? 403 : 422;
        render_detail(w, msg, clause);
        if (w->rs->status == 200 || w->rs->status == 0)
            w->rs->status = status;
        return;
    }
    EntryRow e = {0};
    if (entry && store_entry_get(app->db, &app->arena, app->org.id, entry, &e) != 1)
        e.number = 0;
    if (w->rq->is_api) {
        if (web_app_failed(w, app_apply_get(app, id, &r)))
            return;
        web_json_begin(w);
        str_appendf(&w->rs->body, "{\"id\":%lld,\"action\":\"%s\",\"state\":\"%s\",\"ledger_number\":", id,
                    app_action_names[action], app_state_names[r.state]);
        if (e.number)
            str_appendf(&w->rs->body, "%lld}", e.number);
        else
            str_append(&w->rs->body, "null}");
        return;
    }
    char path[64], msg[256];
    snprintf(path, sizeof path, "/applications/%lld", id);
    if (action == ACT_APPROVE)
        snprintf(msg, sizeof msg, "申請 %lld を承認し、第%lld号として台帳に登録しました", id, e.number);
    else if (action == ACT_SUBMIT)
        snprintf(msg, sizeof msg, "申請 %lld を提出しました。許可権限者の決定を待ちます", id);
    else
        snprintf(msg, sizeof msg, "申請 %lld を%sしました", id, app_action_labels[action]);
    web_redirect(w, path, msg);
}

void apply_submit(Web *w) { act(w, ACT_SUBMIT); }
void apply_withdraw(Web *w) { act(w, ACT_WITHDRAW); }
void apply_approve(Web *w) { act(w, ACT_APPROVE); }
void apply_reject(Web *w) { act(w, ACT_REJECT); }
void apply_return(Web *w) { act(w, ACT_RETURN); }
