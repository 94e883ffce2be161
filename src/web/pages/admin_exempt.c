/* GET /exempt, /api/v1/exempt: the services that need no application — the
 * profile's exempt_services and the organization's own list in the
 * database (tokyo-edu 5: the 別紙 and "別途周知"). POST /exempt (and the
 * API) adds an entry; POST /exempt/{n}/remove takes one out of force (kept
 * with who, when and why; ?all=1 shows those too). Changing the list is for
 * the system administrator and the approver roles (app_exempt.h). */
#include <string.h>

#include "app/app_exempt.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages/admin_pages.h"

enum { EXEMPT_FORM_MAX = 50 };

typedef struct ExemptPage {
    Web *w;
    Str rows;
    int n;
} ExemptPage;

static void domains_json(Str *o, const char *const *d, int n)
{
    str_append(o, "[");
    for (int i = 0; i < n; i++) {
        str_append(o, i ? "," : "");
        str_append_json(o, d[i]);
    }
    str_append(o, "]");
}

static void profile_classes(const Profile *p, unsigned mask, Str *out)
{
    const Scheme *conf = &p->schemes[SCHEME_CONFIDENTIALITY];
    for (int j = 0; j < conf->n_levels; j++)
        if (mask & (1u << j))
            str_appendf(out, "%s%s", out->len ? "," : "", conf->levels[j].code);
}

static int db_row(void *ctx, const ExemptRow *e)
{
    ExemptPage *pg = ctx;
    Web *w = pg->w;
    Str *o = &pg->rows;
    if (w->rq->is_api) {
        str_appendf(o, "%s{\"id\":%lld,\"source\":\"organization\",\"name\":", pg->n++ ? "," : "", e->id);
        str_append_json(o, e->name);
        str_append(o, ",\"classes\":");
        str_append_json(o, e->classes);
        str_append(o, ",\"domains\":");
        domains_json(o, e->domains, e->n_domains);
        str_append(o, ",\"notice\":");
        str_append_json(o, e->notice);
        str_append(o, ",\"note\":");
        str_append_json(o, e->note);
        str_append(o, ",");
        admin_json_clause(o, e->clause);
        str_append(o, ",\"created_at\":");
        str_append_json(o, e->created_at);
        str_append(o, ",\"created_by\":");
        str_append_json(o, e->created_by);
        str_append(o, ",\"removed_at\":");
        if (e->removed_at)
            str_append_json(o, e->removed_at);
        else
            str_append(o, "null");
        str_append(o, ",\"removed_reason\":");
        str_append_json(o, e->removed_reason ? e->removed_reason : "");
        str_append(o, "}");
        return 0;
    }
    pg->n++;
    html(o, "<tr%H><td>%s", e->removed_at ? " class=\"removed\"" : "", e->name);
    if (*e->note)
        html(o, "<br><small>%s</small>", e->note);
    html(o, "</td><td>");
    for (int i = 0; i < e->n_domains; i++)
        html(o, "%H<code>%s</code>", i ? "<br>" : "", e->domains[i]);
    html(o, "</td><td>%s</td><td>%s", e->classes, e->notice);
    admin_clause(o, e->clause);
    html(o, "</td><td>");
    admin_time(w, o, e->created_at);
    html(o, "<br>%s</td><td>", e->created_by);
    if (e->removed_at) {
        html(o, "除外 ");
        admin_time(w, o, e->removed_at);
        html(o, "<br>%s: %s", e->removed_by ? e->removed_by : "", e->removed_reason ? e->removed_reason : "");
    } else if (app_exempt_may_manage(w->app)) {
        html(o, "<form method=\"post\" action=\"/exempt/%lld/remove\" class=\"inline\">", e->id);
        page_csrf_field(w);
        html(o, "<label>理由 <input name=\"reason\" required maxlength=\"1000\"></label> <button type=\"submit\" class=\"secondary\">一覧から外す</button></form>");
    }
    html(o, "</td></tr>");
    return 0;
}

static void add_form(Web *w, Str *b)
{
    const Profile *p = w->app->profile;
    html(b, "<section><h2>一覧に加える</h2><p>通知等で利用申請が不要とされたサービスを加えます。"
            "申請が不要となるのは、選んだ機密性の情報を扱う場合に限ります。");
    admin_clause(b, p->exempt_clause);
    html(b, "</p><form method=\"post\" action=\"/exempt\">");
    page_csrf_field(w);
    html(b, "<p><label for=\"name\">サービスの名称</label><input id=\"name\" name=\"name\" required maxlength=\"200\"></p>"
            "<p><label for=\"domains\">ドメイン（1行に1つ。<code>*.example.jp</code> で配下のすべて）</label>"
            "<textarea id=\"domains\" name=\"domains\" rows=\"3\" required></textarea></p><fieldset><legend>申請不要とする情報の機密性</legend>");
    const Scheme *conf = &p->schemes[SCHEME_CONFIDENTIALITY];
    for (int j = 0; j < conf->n_levels; j++)
        html(b, "<label><input type=\"checkbox\" name=\"class\" value=\"%s\"> %s</label> ", conf->levels[j].code,
             conf->levels[j].label);
    html(b, "</fieldset><p><label for=\"notice\">根拠の通知等（日付・文書番号）</label><input id=\"notice\" name=\"notice\" required maxlength=\"1000\"></p>"
            "<p><label for=\"note\">注意事項（任意）</label><input id=\"note\" name=\"note\" maxlength=\"1000\"></p>"
            "<p><button type=\"submit\">一覧に加える</button></p></form></section>");
}

void page_exempt(Web *w)
{
    App *app = w->app;
    const Profile *p = app->profile;
    Str *b = &w->rs->body;
    const char *all_param = web_param(w, "all");
    int all = all_param && strcmp(all_param, "1") == 0;
    ExemptPage pg = {w, STR_INIT, 0};
    AppRc rc = app_exempt_list(app, all, db_row, &pg);
    if (rc) {
        str_free(&pg.rows);
        web_app_failed(w, rc);
        return;
    }
    if (w->rq->is_api) {
        web_json_begin(w);
        str_append(b, "{\"clause\":");
        if (p->exempt_clause)
            str_append_json(b, p->exempt_clause);
        else
            str_append(b, "null");
        str_appendf(b, ",\"may_change\":%s,\"services\":[",
                    p->exempt_clause && app_exempt_may_manage(app) ? "true" : "false");
        for (int i = 0; i < p->n_exempts; i++) {
            const Exempt *ex = &p->exempts[i];
            Str cl = STR_INIT;
            profile_classes(p, ex->class_mask, &cl);
            str_append(b, i ? ",{\"id\":null,\"source\":\"profile\",\"name\":" : "{\"id\":null,\"source\":\"profile\",\"name\":");
            str_append_json(b, ex->name);
            str_append(b, ",\"classes\":");
            str_append_json(b, str_cstr(&cl));
            str_append(b, ",\"domains\":");
            domains_json(b, ex->domains, ex->n_domains);
            str_append(b, ",\"notice\":");
            str_append_json(b, ex->notice ? ex->notice : "");
            str_append(b, ",");
            admin_json_clause(b, ex->clause);
            str_append(b, "}");
            str_free(&cl);
        }
        if (p->n_exempts && pg.n)
            str_append(b, ",");
        str_append(b, str_cstr(&pg.rows));
        str_append(b, "]}");
        str_free(&pg.rows);
        return;
    }
    page_begin(w, "申請不要のサービス");
    html(b, "<h1>利用申請を要しない外部サービス</h1>");
    if (!p->exempt_clause && !p->n_exempts) {
        html(b, "<p class=\"lead\">この組織の基準（%s）には、利用申請を要しない外部サービスの定めがありません。"
                "外部サービスを使うときは、いずれも利用申請が必要です。</p>",
             p->document);
        page_end(w);
        str_free(&pg.rows);
        return;
    }
    html(b, "<p class=\"lead\">次のサービスは、記載の機密性の情報を扱う場合に限り、個別の利用申請が不要です。"
            "利用に当たっては根拠の通知等の注意事項に従ってください。");
    admin_clause(b, p->exempt_clause);
    html(b, " <a href=\"/lookup\">申請が必要か調べる</a></p>");
    if (p->n_exempts) {
        html(b, "<section><h2>基準に定められたもの</h2><table class=\"list\"><thead><tr><th>サービス</th><th>ドメイン</th>"
                "<th>機密性</th><th>根拠</th></tr></thead><tbody>");
        for (int i = 0; i < p->n_exempts; i++) {
            const Exempt *ex = &p->exempts[i];
            Str cl = STR_INIT;
            profile_classes(p, ex->class_mask, &cl);
            html(b, "<tr><td>%s</td><td>", ex->name);
            for (int k = 0; k < ex->n_domains; k++)
                html(b, "%H<code>%s</code>", k ? "<br>" : "", ex->domains[k]);
            html(b, "</td><td>%s</td><td>%s", str_cstr(&cl), ex->notice ? ex->notice : "");
            admin_clause(b, ex->clause);
            html(b, "</td></tr>");
            str_free(&cl);
        }
        html(b, "</tbody></table></section>");
    }
    if (p->exempt_clause) {
        html(b, "<section><h2>通知等で加えられたもの</h2>");
        if (!pg.n)
            html(b, "<p>まだありません。</p>");
        else
            html(b, "<table class=\"list\"><thead><tr><th>サービス</th><th>ドメイン</th><th>機密性</th><th>根拠の通知等</th>"
                    "<th>登録</th><th></th></tr></thead><tbody>%H</tbody></table>",
                 str_cstr(&pg.rows));
        html(b, "<p>%H</p></section>", all ? "<a href=\"/exempt\">一覧にあるものだけを表示</a>"
                                           : "<a href=\"/exempt?all=1\">一覧から外したものも表示</a>");
        if (app_exempt_may_manage(app))
            add_form(w, b);
    }
    str_free(&pg.rows);
    page_end(w);
}

/* Every "class" parameter (form checkboxes) and the comma-separated
 * "classes" (API); the "domains" text split on spaces, commas and lines.
 * The pieces live in the request arena. */
static int split_into(Web *w, const char *text, const char **out, int n, int max)
{
    if (!text)
        return n;
    char *copy = arena_strdup(w->rq->arena, text), *save = NULL;
    for (char *t = copy ? strtok_r(copy, ", \t\r\n", &save) : NULL; t && n < max; t = strtok_r(NULL, ", \t\r\n", &save))
        out[n++] = t;
    return n;
}

void post_exempt(Web *w)
{
    const char *domains[EXEMPT_FORM_MAX + 1], *classes[EXEMPT_FORM_MAX + 1];
    int n_classes = 0;
    const Params *form = &w->rq->form;
    for (int i = 0; i < form->n && n_classes < EXEMPT_FORM_MAX; i++)
        if (strcmp(form->v[i].name, "class") == 0 && *form->v[i].value)
            classes[n_classes++] = form->v[i].value;
    n_classes = split_into(w, web_param(w, "classes"), classes, n_classes, EXEMPT_FORM_MAX);
    /* One more than the use case accepts, so that too many is reported, not cut. */
    int n_domains = split_into(w, web_param(w, "domains"), domains, 0, EXEMPT_FORM_MAX + 1);
    NewExempt e = {web_param(w, "name"), domains, n_domains, classes, n_classes, web_param(w, "notice"),
                   web_param(w, "note")};
    long long id = 0;
    AppRc rc = app_exempt_add(w->app, &e, &id);
    if (web_app_failed(w, rc))
        return;
    if (w->rq->is_api) {
        web_json_begin(w);
        str_appendf(&w->rs->body, "{\"id\":%lld}", id);
        return;
    }
    web_redirect(w, "/exempt", "申請不要のサービスの一覧に加えました");
}

void post_exempt_remove(Web *w)
{
    AppRc rc = app_exempt_remove(w->app, w->rq->path_arg[0], web_param(w, "reason"));
    if (web_app_failed(w, rc))
        return;
    if (w->rq->is_api) {
        web_json_begin(w);
        str_appendf(&w->rs->body, "{\"id\":%lld,\"removed\":true}", w->rq->path_arg[0]);
        return;
    }
    web_redirect(w, "/exempt", "申請不要のサービスの一覧から外しました");
}
