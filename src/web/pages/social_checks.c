/* The checks any user may run (tokyo-edu 10): the pre-posting check (10ウ,
 * 10ク, 10ケ) and the password-policy check (10オ(ア)). As `daicho social
 * post-check` and `social password-check`.
 *
 * POST /social/post-check, /api/v1/social/post-check: account (id, may be
 * empty), text, confidentiality, availability, urls (whitespace-separated),
 * video, comments_disabled, ratings_disabled, student_work, student_consent
 * (1/true/on), confirm (one parameter per confirmed item; the API also takes
 * confirmed: "id,id,…"). The page answers 200 with the verdict whatever it
 * is; the record keeps no text (app_social_post_check).
 *
 * POST /social/password-check, /api/v1/social/password-check: candidate.
 * The answer never contains the candidate; nothing is stored or audited,
 * and the access log holds only the path (web/server.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/html.h"
#include "web/layout.h"
#include "web/pages/social_pages.h"

enum { LIST_MAX = 128 };

static int flag(Web *w, const char *name)
{
    const char *v = social_param(w, name);
    return !strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "on");
}

/* Split `text` at whitespace and commas into out[] (copies in the request arena). */
static int split(Web *w, const char *text, const char **out, int n, int cap)
{
    const char *p = text;
    while (p && *p) {
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == ',')
            p++;
        size_t len = strcspn(p, " \t\r\n,");
        if (!len)
            break;
        if (n == cap)
            return -1;
        out[n++] = arena_strndup(w->rq->arena, p, len);
        p += len;
    }
    return n;
}

/* ---- the form and its result ---- */

static void checkbox(Str *b, const char *name, const char *label, int on)
{
    html(b, "<label class=\"inline\"><input type=\"checkbox\" name=\"%s\" value=\"1\"%H> %s</label>", name, on ? " checked" : "", label);
}

static int confirmed(const PostInput *in, const char *id)
{
    for (int i = 0; in && i < in->n_confirmed; i++)
        if (strcmp(in->confirmed[i], id) == 0)
            return 1;
    return 0;
}

typedef struct AccountOptions {
    Str *b;
    long long want;
} AccountOptions;

static int on_account(void *ctx, const SocialAccountRow *a)
{
    AccountOptions *o = ctx;
    if (strcmp(a->status, "active") == 0)
        html(o->b, "<option value=\"%lld\"%H>%s %s</option>", a->id, a->id == o->want ? " selected" : "", a->service, a->account_name);
    return 0;
}

static void post_form(Web *w, const PostInput *in, long long account, const PostResult *res, long long check)
{
    App *app = w->app;
    const Profile *p = app->profile;
    const SocialPolicy *s = p->social;
    Str *b = &w->rs->body;
    page_begin(w, "投稿前チェック");
    html(b, "<div class=\"social social-post\"><p class=\"breadcrumb no-print\"><a href=\"/social\">SNS公式アカウント</a> ›</p>"
            "<h1>投稿前チェック <span class=\"clause\">[10ウ・10ク・10ケ]</span></h1>");
    if (res) {
        static const char *const labels[] = {"投稿できます", "確認が必要です", "投稿できません"};
        html(b, "<section id=\"result\" class=\"social-result social-verdict-%s\" role=\"status\"><h2>判定: %s</h2>", verdict_names[res->verdict],
             labels[res->verdict]);
        if (res->n_findings) {
            html(b, "<ul class=\"social-findings\">");
            for (int i = 0; i < res->n_findings; i++) {
                const PostFinding *f = &res->findings[i];
                html(b, "<li class=\"social-finding social-finding-%s\"><span class=\"clause\">[%s]</span> %s%s</li>", severity_names[f->severity],
                     f->clause, f->unconfirmed ? "未確認: " : "", f->message);
            }
            html(b, "</ul>");
        }
        html(b, "<p class=\"note\">投稿前チェック %lld として記録しました（確認者・日時・判定のみ。本文は保存しません）。</p></section>", check);
    }
    html(b, "<form method=\"post\" action=\"/social/post-check\" class=\"social-form\">");
    page_csrf_field(w);
    html(b, "<p><label for=\"account\">アカウント</label><select id=\"account\" name=\"account\"><option value=\"\">（指定しない）</option>");
    AccountOptions o = {b, account};
    if (store_social_accounts(app->db, &app->arena, app->org.id, on_account, &o) != 0)
        db_clear_error(app->db); /* the list is a convenience: the form works without it */
    html(b, "</select></p><p><label for=\"text\">投稿する文章</label><textarea id=\"text\" name=\"text\" rows=\"6\" maxlength=\"20000\">%s</textarea></p>",
         in && in->text ? in->text : "");
    html(b, "<fieldset><legend>投稿する情報の機密性（必須） <span class=\"clause\">[10ウ(ア)]</span></legend>");
    const Scheme *cs = &p->schemes[SCHEME_CONFIDENTIALITY];
    for (int i = 0; i < cs->n_levels; i++)
        html(b, "<label class=\"inline\"><input type=\"radio\" name=\"confidentiality\" value=\"%s\" required%H> %s</label>", cs->levels[i].code,
             in && in->confidentiality && !strcmp(in->confidentiality, cs->levels[i].code) ? " checked" : "", cs->levels[i].label);
    html(b, "</fieldset><p><label for=\"availability\">可用性 <span class=\"clause\">[10ウ(イ)]</span></label><select id=\"availability\" name=\"availability\">"
            "<option value=\"\">（指定しない）</option>");
    const Scheme *as = &p->schemes[SCHEME_AVAILABILITY];
    for (int i = 0; i < as->n_levels; i++)
        html(b, "<option value=\"%s\"%H>%s</option>", as->levels[i].code,
             in && in->availability && !strcmp(in->availability, as->levels[i].code) ? " selected" : "", as->levels[i].label);
    html(b, "</select></p><p><label for=\"urls\">本文以外に載せるURL（空白又は改行で区切る） <span class=\"clause\">[10ケ(ア)]</span></label>"
            "<textarea id=\"urls\" name=\"urls\" rows=\"2\" maxlength=\"4000\">");
    for (int i = 0; in && i < in->n_urls; i++)
        html(b, "%s%s", i ? "\n" : "", in->urls[i]);
    html(b, "</textarea></p><fieldset><legend>動画・生徒の作品 <span class=\"clause\">[10ク]</span></legend>");
    checkbox(b, "video", "動画を投稿する", in && in->video);
    checkbox(b, "comments_disabled", "コメントを書き込めない設定にした", in && in->comments_disabled);
    checkbox(b, "ratings_disabled", "評価できない設定にした", in && in->ratings_disabled);
    checkbox(b, "student_work", "生徒の作品等を含む", in && in->student_work);
    checkbox(b, "student_consent", "生徒及び保護者の書面による承諾と校内の決裁を得た", in && in->student_consent);
    html(b, "</fieldset><fieldset class=\"social-checklist\"><legend>投稿者の確認（すべての項目を確認してください） <span class=\"clause\">[10ケ]</span></legend>");
    for (int i = 0; i < s->n_prohibited; i++)
        html(b, "<label class=\"social-confirm\"><input type=\"checkbox\" name=\"confirm\" value=\"%s\"%H> <span class=\"clause\">[%s]</span> %s</label>",
             s->prohibited[i].id, confirmed(in, s->prohibited[i].id) ? " checked" : "", s->prohibited[i].clause, s->prohibited[i].text);
    html(b, "</fieldset><p><button type=\"submit\" class=\"primary\">チェックする</button></p></form></div>");
    page_end(w);
}

void social_post_form(Web *w)
{
    const SocialPolicy *s = social_section(w);
    if (!s)
        return;
    if (!w->rq->is_api) {
        const char *acc = web_param(w, "account");
        post_form(w, NULL, acc ? strtoll(acc, NULL, 10) : 0, NULL, 0);
        return;
    }
    /* The API twin: the checklist and the rules a client shows. */
    web_json_begin(w);
    Str *b = &w->rs->body;
    str_append(b, "{\"prohibited\":[");
    for (int i = 0; i < s->n_prohibited; i++) {
        str_append(b, i ? ",{\"id\":" : "{\"id\":");
        str_append_json(b, s->prohibited[i].id);
        str_append_json_member(b, "clause", s->prohibited[i].clause);
        str_append_json_member(b, "text", s->prohibited[i].text);
        str_appendc(b, '}');
    }
    str_append(b, "],\"rules\":[");
    for (int i = 0; i < s->n_post_rules; i++) {
        str_append(b, i ? ",{\"id\":" : "{\"id\":");
        str_append_json(b, s->post_rules[i].id);
        str_append_json_member(b, "clause", s->post_rules[i].clause);
        str_append_json_member(b, "severity", severity_names[s->post_rules[i].severity]);
        str_append_json_member(b, "message", s->post_rules[i].message);
        str_appendc(b, '}');
    }
    str_append(b, "],\"url_shorteners\":[");
    for (int i = 0; i < s->n_shorteners; i++) {
        str_append(b, i ? "," : "");
        str_append_json(b, s->shorteners[i]);
    }
    str_append(b, "]}");
}

void social_post_submit(Web *w)
{
    if (!social_section(w))
        return;
    App *app = w->app;
    const char **urls = arena_alloc(w->rq->arena, sizeof(char *) * LIST_MAX);
    const char **conf = arena_alloc(w->rq->arena, sizeof(char *) * LIST_MAX);
    if (!urls || !conf) {
        web_error(w, 503, "out of memory", NULL);
        return;
    }
    PostInput in = {0};
    int nu = split(w, social_param(w, "urls"), urls, 0, LIST_MAX);
    int nc = split(w, social_param(w, "confirmed"), conf, 0, LIST_MAX);
    const Params *f = &w->rq->form;
    for (int i = 0; i < f->n && nc >= 0; i++)
        if (strcmp(f->v[i].name, "confirm") == 0)
            nc = nc < LIST_MAX ? (conf[nc] = f->v[i].value, nc + 1) : -1;
    if (nu < 0 || nc < 0) {
        web_error(w, 400, "URL 又は確認項目が多すぎます（128 まで）", NULL);
        return;
    }
    in.text = social_param(w, "text");
    in.confidentiality = social_param(w, "confidentiality");
    const char *av = social_param(w, "availability");
    in.availability = *av ? av : NULL;
    in.urls = urls;
    in.n_urls = nu;
    in.confirmed = conf;
    in.n_confirmed = nc;
    in.video = flag(w, "video");
    in.comments_disabled = flag(w, "comments_disabled");
    in.ratings_disabled = flag(w, "ratings_disabled");
    in.student_work = flag(w, "student_work");
    in.student_consent = flag(w, "student_consent");
    const char *acc = social_param(w, "account");
    long long account = 0;
    if (*acc) {
        char *end;
        account = strtoll(acc, &end, 10);
        if (*end || account <= 0) {
            web_error(w, 400, "account（アカウントの番号）は正の整数です", NULL);
            return;
        }
    }
    PostResult res;
    long long check = 0;
    if (web_app_failed(w, app_social_post_check(app, account, &in, &res, &check)))
        return;
    if (!w->rq->is_api) {
        post_form(w, &in, account, &res, check);
        return;
    }
    web_json_begin(w);
    Str *b = &w->rs->body;
    str_appendf(b, "{\"check\":%lld,\"verdict\":\"%s\",\"hosts\":[", check, verdict_names[res.verdict]);
    for (int i = 0; i < res.n_hosts; i++) {
        str_append(b, i ? "," : "");
        str_append_json(b, res.hosts[i]);
    }
    str_append(b, "],\"findings\":[");
    for (int i = 0; i < res.n_findings; i++) {
        const PostFinding *pf = &res.findings[i];
        str_append(b, i ? ",{\"id\":" : "{\"id\":");
        str_append_json(b, pf->id);
        str_append_json_member(b, "clause", pf->clause);
        str_append_json_member(b, "severity", severity_names[pf->severity]);
        str_appendf(b, ",\"unconfirmed\":%s", pf->unconfirmed ? "true" : "false");
        str_append_json_member(b, "message", pf->message);
        str_appendc(b, '}');
    }
    str_append(b, "]}");
}

/* ---- password ---- */

static void password_page(Web *w, const PasswordPolicy *pp, const PasswordResult *res)
{
    Str *b = &w->rs->body;
    page_begin(w, "パスワードの確認");
    html(b, "<div class=\"social social-password\"><p class=\"breadcrumb no-print\"><a href=\"/social\">SNS公式アカウント</a> ›</p>"
            "<h1>パスワードの確認 <span class=\"clause\">[%s]</span></h1>"
            "<p>SNSアカウントのパスワードが基準を満たすか確認します: %d 文字以上で、英大文字・英小文字・数字・記号のうち %d 種類以上。"
            "入力したパスワードは保存も記録もしません。</p>",
         pp->clause, pp->min_length, pp->min_classes);
    if (res)
        html(b, "<p id=\"result\" class=\"social-result %s\" role=\"status\">%s</p>", res->ok ? "social-verdict-ready" : "social-verdict-blocked",
             res->message);
    html(b, "<form method=\"post\" action=\"/social/password-check\" class=\"social-form\" autocomplete=\"off\">");
    page_csrf_field(w);
    html(b, "<p><label for=\"candidate\">確認するパスワード</label><input type=\"password\" id=\"candidate\" name=\"candidate\" required "
            "autocomplete=\"off\" maxlength=\"1024\"></p><p><button type=\"submit\" class=\"primary\">確認する</button></p></form></div>");
    page_end(w);
}

static void policy_json(Str *b, const PasswordPolicy *pp)
{
    str_appendf(b, "\"min_length\":%d,\"min_classes\":%d,\"classes\":[", pp->min_length, pp->min_classes);
    int first = 1;
    for (int k = 0; k < 4; k++)
        if (pp->classes & (1u << k)) {
            str_appendf(b, "%s\"%s\"", first ? "" : ",", password_class_names[k]);
            first = 0;
        }
    str_append(b, "]");
    str_append_json_member(b, "clause", pp->clause);
}

void social_password_form(Web *w)
{
    const SocialPolicy *s = social_section(w);
    if (!s)
        return;
    if (!w->rq->is_api) {
        password_page(w, &s->password, NULL);
        return;
    }
    web_json_begin(w);
    str_append(&w->rs->body, "{");
    policy_json(&w->rs->body, &s->password);
    str_append(&w->rs->body, "}");
}

void social_password_submit(Web *w)
{
    const SocialPolicy *s = social_section(w);
    if (!s)
        return;
    const char *pw = web_param(w, "candidate");
    if (!pw || !*pw) {
        web_error(w, 400, "candidate（確認するパスワード）を入力してください", s->password.clause);
        return;
    }
    PasswordResult res;
    if (web_app_failed(w, app_social_password_check(w->app, pw, strlen(pw), &res)))
        return;
    if (!w->rq->is_api) {
        password_page(w, &s->password, &res);
        return;
    }
    web_json_begin(w);
    Str *b = &w->rs->body;
    str_appendf(b, "{\"ok\":%s,\"length\":%d,\"present\":[", res.ok ? "true" : "false", res.length);
    int first = 1;
    for (int k = 0; k < 4; k++)
        if (res.classes & (1u << k)) {
            str_appendf(b, "%s\"%s\"", first ? "" : ",", password_class_names[k]);
            first = 0;
        }
    str_append(b, "],\"missing\":[");
    first = 1;
    for (int k = 0; k < 4; k++)
        if ((s->password.classes & (1u << k)) && !(res.classes & (1u << k))) {
            str_appendf(b, "%s\"%s\"", first ? "" : ",", password_class_names[k]);
            first = 0;
        }
    str_append(b, "]");
    str_append_json_member(b, "message", res.message);
    str_append(b, ",\"policy\":{");
    policy_json(b, &s->password);
    str_append(b, "}}");
}
