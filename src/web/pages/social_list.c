/* The register of official social-media accounts (tokyo-edu 10): the list
 * with the monitoring that is due or overdue (10カ), the registration form
 * and its POST. As `daicho social list`, `social due` and `social account
 * add` do.
 *
 * POST /social, /api/v1/social parameters: service, account_name,
 * account_url, verified (obtained|not_obtained|not_offered), announce_url,
 * policy, info_only (1/true), two_factor (enabled|disabled|not_offered),
 * password_holders (names, one per line), devices (managed login devices,
 * one per line), unmanaged_devices (one per line), ledger (number). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/dates.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages/social_pages.h"

enum { DUE_SOON_DAYS = 3 };

typedef struct ListView {
    Web *w;
    int json;
    Str rows, due;
    int n_rows, n_due;
    const char *today;
} ListView;

static void on_due(void *ctx, const SocialDue *d)
{
    ListView *v = ctx;
    const SocialAccountRow *a = d->account;
    if (v->json) {
        str_append(&v->due, v->n_due++ ? "," : "");
        str_appendf(&v->due, "{\"account\":%lld", a->id);
        str_append_json_member(&v->due, "service", a->service);
        str_append_json_member(&v->due, "account_name", a->account_name);
        str_append_json_member(&v->due, "due", a->monitor_due);
        str_appendf(&v->due, ",\"overdue\":%s,\"days\":%d}", d->overdue ? "true" : "false", d->days);
        return;
    }
    v->n_due++;
    html(&v->due, "<li class=\"%s\"><a href=\"/social/%lld\">%s %s</a> — 監視期限 ", d->overdue ? "social-overdue" : "social-due",
         a->id, a->service, a->account_name);
    page_date(v->w, &v->due, a->monitor_due);
    if (d->overdue)
        html(&v->due, " <strong class=\"social-badge social-badge-overdue\">期限切れ（%d 日超過）</strong>", -d->days);
    else if (d->days == 0)
        html(&v->due, " <strong class=\"social-badge social-badge-due\">本日が期限</strong>");
    else
        html(&v->due, " <span class=\"social-badge\">あと %d 日</span>", d->days);
    html(&v->due, "</li>");
}

static int on_account(void *ctx, const SocialAccountRow *a)
{
    ListView *v = ctx;
    if (v->json) {
        str_append(&v->rows, v->n_rows++ ? ",{" : "{");
        app_social_account_json_members(a, &v->rows);
        str_appendf(&v->rows, ",\"overdue\":%s}",
                    strcmp(a->status, "closed") != 0 && strcmp(a->monitor_due, v->today) < 0 ? "true" : "false");
        return 0;
    }
    v->n_rows++;
    int overdue = strcmp(a->status, "closed") != 0 && strcmp(a->monitor_due, v->today) < 0;
    html(&v->rows, "<tr><td>%lld</td><td><a href=\"/social/%lld\">%s</a></td><td>%s</td><td><span class=\"social-status social-status-%s\">%s</span></td>"
                   "<td>%s</td><td>%s</td><td%H>",
         a->id, a->id, a->service, a->account_name, a->status, social_label(social_status_names, social_status_labels, a->status),
         social_label(social_verified_names, social_verified_labels, a->verified),
         social_label(social_two_factor_names, social_two_factor_labels, a->two_factor), overdue ? " class=\"social-overdue\"" : "");
    if (strcmp(a->status, "closed") == 0)
        html(&v->rows, "—");
    else
        page_date(v->w, &v->rows, a->monitor_due);
    html(&v->rows, "</td></tr>");
    return 0;
}

void social_list(Web *w)
{
    const SocialPolicy *s = social_section(w);
    if (!s)
        return;
    App *app = w->app;
    char today[11];
    date_format(app->today, today);
    ListView v = {w, w->rq->is_api, STR_INIT, STR_INIT, 0, 0, today};
    /* Due first: the use case resets the scratch arena. */
    AppRc rc = app_social_due(app, DUE_SOON_DAYS, on_due, &v);
    if (rc == APP_OK && store_social_accounts(app->db, &app->arena, app->org.id, on_account, &v) != 0)
        rc = app_dbfail(app);
    if (web_app_failed(w, rc)) {
        str_free(&v.rows);
        str_free(&v.due);
        return;
    }
    Str *b = &w->rs->body;
    if (v.json) {
        web_json_begin(w);
        str_append(b, "{\"accounts\":[");
        str_append(b, str_cstr(&v.rows));
        str_append(b, "],\"due\":[");
        str_append(b, str_cstr(&v.due));
        str_appendf(b, "],\"due_within_days\":%d,\"monitoring_interval_days\":%d", DUE_SOON_DAYS, s->monitoring_days);
        str_append_json_member(b, "monitoring_clause", s->monitoring_clause);
        str_appendf(b, ",\"may_manage\":%s}", app_social_may_manage(app) ? "true" : "false");
    } else {
        page_begin(w, "SNS公式アカウント");
        html(b, "<div class=\"social\"><h1>SNS公式アカウントの台帳 <span class=\"clause\">[%s]</span></h1>"
                "<p class=\"social-actions no-print\"><a class=\"button\" href=\"/social/post-check\">投稿前チェック</a> "
                "<a class=\"button\" href=\"/social/password-check\">パスワードの確認</a>",
             s->clause);
        if (app_social_may_manage(app))
            html(b, " <a class=\"button primary\" href=\"/social/new\">公式アカウントを登録</a>");
        html(b, "</p><section id=\"due\"><h2>監視の期限 <span class=\"clause\">[%s]</span></h2>"
                "<p class=\"note\">基準は「定期的に」監視することを求め、間隔を定めていません。この団体は %d 日ごとに監視します（プロファイルの設定）。</p>",
             s->monitoring_clause, s->monitoring_days);
        if (v.n_due)
            html(b, "<ul class=\"social-due-list\">%H</ul>", str_cstr(&v.due));
        else
            html(b, "<p class=\"empty\">%d 日以内に監視の期限が来るアカウントはありません。</p>", DUE_SOON_DAYS);
        html(b, "</section><section id=\"accounts\"><h2>登録されたアカウント</h2>");
        if (v.n_rows)
            html(b, "<table class=\"list\"><thead><tr><th scope=\"col\">番号</th><th scope=\"col\">サービス</th><th scope=\"col\">アカウント名</th>"
                    "<th scope=\"col\">状態</th><th scope=\"col\">認証アカウント</th><th scope=\"col\">二段階認証</th><th scope=\"col\">次回監視</th>"
                    "</tr></thead><tbody>%H</tbody></table>",
                 str_cstr(&v.rows));
        else
            html(b, "<p class=\"empty\">登録されたアカウントはありません。</p>");
        html(b, "</section></div>");
        page_end(w);
    }
    str_free(&v.rows);
    str_free(&v.due);
}

void social_new(Web *w)
{
    const SocialPolicy *s = social_section(w);
    if (!s)
        return;
    App *app = w->app;
    Str *b = &w->rs->body;
    page_begin(w, "公式アカウントの登録");
    html(b, "<div class=\"social\"><p class=\"breadcrumb\"><a href=\"/social\">SNS公式アカウント</a> ›</p>"
            "<h1>公式アカウントの登録</h1>");
    if (!app_social_may_manage(app)) {
        /* The page says who registers (the POST would be refused, 403). */
        html(b, "<p class=\"note social-not-manager\">公式アカウントの登録は%sが行います [%s]。</p></div>",
             app->profile->roles[s->manager_role].label, s->manager_clause);
        page_end(w);
        return;
    }
    html(b, "<form method=\"post\" action=\"/social\" class=\"social-form\">");
    page_csrf_field(w);
    html(b, "<p><label for=\"service\">サービス（必須）</label><input id=\"service\" name=\"service\" required maxlength=\"200\" list=\"social-services\" placeholder=\"X, Instagram, Facebook, YouTube, LINE\">"
            "<datalist id=\"social-services\"><option value=\"X\"><option value=\"Instagram\"><option value=\"Facebook\"><option value=\"YouTube\"><option value=\"LINE\"></datalist></p>"
            "<p><label for=\"account_name\">アカウント名（必須）</label><input id=\"account_name\" name=\"account_name\" required maxlength=\"200\"></p>"
            "<p><label for=\"account_url\">アカウントのURL</label><input id=\"account_url\" name=\"account_url\" type=\"url\" maxlength=\"1000\"></p>"
            "<fieldset><legend>認証アカウント（公式アカウント） <span class=\"clause\">[10エ(ア)]</span></legend>"
            "<label class=\"inline\"><input type=\"radio\" name=\"verified\" value=\"obtained\" required> 取得済み</label>"
            "<label class=\"inline\"><input type=\"radio\" name=\"verified\" value=\"not_obtained\"> 未取得</label>"
            "<label class=\"inline\"><input type=\"radio\" name=\"verified\" value=\"not_offered\"> 事業者が発行していない</label></fieldset>"
            "<p><label for=\"announce_url\">アカウントを周知するWebページ <span class=\"clause\">[10エ(イ)]</span></label><input id=\"announce_url\" name=\"announce_url\" type=\"url\" maxlength=\"1000\"></p>"
            "<p><label for=\"policy\">アカウント運用ポリシー（本文又はURL） <span class=\"clause\">[10イ]</span></label><textarea id=\"policy\" name=\"policy\" maxlength=\"4000\"></textarea></p>"
            "<p><label class=\"inline\"><input type=\"checkbox\" name=\"info_only\" value=\"1\"> 専ら情報発信に用いる（運用ポリシーに明示） <span class=\"clause\">[10イ]</span></label></p>"
            "<fieldset><legend>二段階認証 <span class=\"clause\">[10オ(イ)]</span></legend>"
            "<label class=\"inline\"><input type=\"radio\" name=\"two_factor\" value=\"enabled\" required> 利用している</label>"
            "<label class=\"inline\"><input type=\"radio\" name=\"two_factor\" value=\"disabled\"> 利用していない</label>"
            "<label class=\"inline\"><input type=\"radio\" name=\"two_factor\" value=\"not_offered\"> 提供されていない</label></fieldset>"
            "<p><label for=\"password_holders\">パスワードを知る担当者（氏名を1行に1人。パスワードは書かないでください） <span class=\"clause\">[10オ(ア)]</span></label>"
            "<textarea id=\"password_holders\" name=\"password_holders\" maxlength=\"4000\" autocomplete=\"off\"></textarea></p>"
            "<p><label for=\"devices\">ログインに使う端末（団体が管理する端末、1行に1台） <span class=\"clause\">[10オ(ウ)(エ)]</span></label><textarea id=\"devices\" name=\"devices\" maxlength=\"4000\"></textarea></p>"
            "<p><label for=\"unmanaged_devices\">ログインに使う端末（管理されていない端末、1行に1台）</label><textarea id=\"unmanaged_devices\" name=\"unmanaged_devices\" maxlength=\"4000\"></textarea></p>"
            "<p><label for=\"ledger\">外部サービス利用台帳の番号（利用承認）</label><input id=\"ledger\" name=\"ledger\" inputmode=\"numeric\" pattern=\"[0-9]*\" maxlength=\"12\"></p>"
            "<p><button type=\"submit\" class=\"primary\">登録する</button></p></form></div>");
    page_end(w);
}

/* Lines of a textarea as devices (managed or not), appended to d[*n]. */
static int add_devices(Web *w, const char *text, int managed, SocialDevice *d, int *n, int cap)
{
    const char *p = text;
    while (p && *p) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        const char *q = p;
        while (len && (*q == ' ' || *q == '\t'))
            q++, len--;
        while (len && (q[len - 1] == '\r' || q[len - 1] == ' ' || q[len - 1] == '\t'))
            len--;
        if (len) {
            if (*n == cap)
                return -1;
            d[(*n)++] = (SocialDevice){arena_strndup(w->rq->arena, q, len), managed};
        }
        p = e ? e + 1 : NULL;
    }
    return 0;
}

void social_add(Web *w)
{
    if (!social_section(w))
        return;
    App *app = w->app;
    enum { CAP = 64 };
    SocialDevice *devices = arena_alloc(w->rq->arena, sizeof *devices * CAP);
    int n = 0;
    if (!devices || add_devices(w, social_param(w, "devices"), 1, devices, &n, CAP) != 0 ||
        add_devices(w, social_param(w, "unmanaged_devices"), 0, devices, &n, CAP) != 0) {
        web_error(w, 400, "ログイン端末は 64 台までです", "10オ(ウ)");
        return;
    }
    const char *info = social_param(w, "info_only");
    const char *ledger = social_param(w, "ledger");
    long long number = 0;
    if (*ledger) {
        char *end;
        number = strtoll(ledger, &end, 10);
        if (*end || number <= 0) {
            web_error(w, 400, "ledger（台帳の番号）は正の整数です", NULL);
            return;
        }
    }
    NewSocialAccount a = {
        .service = social_param(w, "service"),
        .account_name = social_param(w, "account_name"),
        .account_url = social_param(w, "account_url"),
        .verified = social_param(w, "verified"),
        .announce_url = social_param(w, "announce_url"),
        .policy = social_param(w, "policy"),
        .info_only = !strcmp(info, "1") || !strcmp(info, "true") || !strcmp(info, "on"),
        .two_factor = social_param(w, "two_factor"),
        .password_holders = social_param(w, "password_holders"),
        .devices = devices,
        .n_devices = n,
        .ledger_number = number,
    };
    long long id = 0;
    AppRc rc = app_social_account_add(app, &a, &id);
    if (web_app_failed(w, rc))
        return;
    char msg[256];
    snprintf(msg, sizeof msg, "SNSアカウント %lld を登録しました。10 イ–ケ の確認を記録してください", id);
    if (w->rq->is_api) {
        web_json_begin(w);
        str_appendf(&w->rs->body, "{\"ok\":true,\"id\":%lld", id);
        str_append_json_member(&w->rs->body, "message", msg);
        str_appendc(&w->rs->body, '}');
        return;
    }
    char path[64];
    snprintf(path, sizeof path, "/social/%lld", id);
    web_redirect(w, path, msg);
}
