/* GET /lookup, /api/v1/lookup?service=…: "do I need to apply?" — the
 * answer of app_lookup() (app/app_lookup.h: the ledger, then the lists of
 * services needing no application, else 申請が必要), each part with its
 * clause, and a link to a new application. */
#include <stdio.h>
#include <string.h>

#include "app/app_lookup.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages/admin_pages.h"

static const char *entry_clause(const Profile *p, const EntryRow *e)
{
    const Track *t = &p->tracks[e->track];
    return t->registrar_clause && *t->registrar_clause ? t->registrar_clause : t->approver_clause;
}

static void lookup_form(Str *b, const char *service)
{
    html(b, "<form class=\"filters\" method=\"get\" action=\"/lookup\"><p><label for=\"service\">サービスの名称またはURL</label>"
            "<input id=\"service\" name=\"service\" type=\"search\" value=\"%s\" maxlength=\"200\" required autofocus></p>"
            "<p><button type=\"submit\">調べる</button></p></form>",
         service ? service : "");
}

void page_lookup(Web *w)
{
    App *app = w->app;
    const Profile *p = app->profile;
    Str *b = &w->rs->body;
    const char *service = web_param(w, "service");
    if ((!service || !*service) && !w->rq->is_api) {
        page_begin(w, "申請が必要か調べる");
        html(b, "<h1>申請が必要か調べる</h1><p class=\"lead\">使いたい外部サービスの名称（またはURL）を入力すると、"
                "台帳への登録の有無と、基準上の申請の要否を示します。</p>");
        lookup_form(b, NULL);
        page_end(w);
        return;
    }
    Lookup *l = arena_alloc(w->rq->arena, sizeof *l);
    if (!l) {
        web_error(w, 503, "out of memory", NULL);
        return;
    }
    AppRc rc = app_lookup(app, service, l);
    if (rc == APP_INVALID) {
        web_error(w, 400, str_cstr(&app->err), NULL);
        return;
    }
    if (web_app_failed(w, rc))
        return;
    Str apply_url = STR_INIT;
    str_append(&apply_url, "/applications/new?service=");
    url_encode(&apply_url, service);
    if (w->rq->is_api) {
        web_json_begin(w);
        lookup_json(p, service, l, &w->rs->body);
        str_free(&apply_url);
        return;
    }
    int apply = l->answer == LOOKUP_APPLY;
    page_begin(w, "申請が必要か調べる");
    html(b, "<h1>申請が必要か調べる</h1>");
    lookup_form(b, service);
    html(b, "<section class=\"answer answer-%s\"><h2>「%s」の答え</h2><p class=\"%s\">%s", lookup_answer_names[l->answer],
         service, apply ? "verdict-needs_review" : "verdict-ready",
         apply ? "申請が必要です" : l->answer == LOOKUP_EXEMPT ? "申請は不要です（条件付き）" : "台帳に登録されています");
    html(b, "</p><p>%s", l->message);
    admin_clause(b, l->clause);
    html(b, "</p>");
    html(b, "<p class=\"actions\"><a class=\"button%s\" href=\"%s\">このサービスの利用を申請する</a>%s", apply ? "" : " secondary",
         str_cstr(&apply_url), apply ? "" : "（別の部署・用途・格付で使う場合）");
    if (*l->apply_clauses && !apply)
        admin_clause(b, l->apply_clauses);
    html(b, "</p></section>");
    if (l->n_entries) {
        html(b, "<section><h2>台帳の記載 <small>%d件%s</small></h2><table class=\"list\"><thead><tr><th>番号</th><th>サービス</th>"
                "<th>機能</th><th>申請部署</th><th>格付</th><th>状態</th><th>利用期間の終わり</th><th>根拠</th></tr></thead><tbody>",
             l->n_entries, l->total > l->n_entries ? "（先頭のみ）" : "");
        for (int i = 0; i < l->n_entries; i++) {
            const EntryRow *e = &l->entries[i];
            html(b, "<tr><td><a href=\"/ledger/%lld\">第%lld号</a></td><td>%s%H</td><td>%s</td><td>%s</td><td>%s</td>"
                    "<td><span class=\"state state-%s\">%s</span></td><td>",
                 e->number, e->number, e->service_name, l->same_service[i] ? "" : " <small>（説明に含む）</small>", e->function,
                 e->applicant_department, e->confidentiality, entry_state_names[e->state], entry_state_labels[e->state]);
            page_date(w, b, e->period_to);
            html(b, "</td><td class=\"clause\">%s</td></tr>", entry_clause(p, e) ? entry_clause(p, e) : "");
        }
        html(b, "</tbody></table></section>");
    }
    int similar = 0;
    for (int i = 0; i < l->n_exempts; i++)
        if (l->match[i] != EX_NONE && &l->exempts[i] != l->exact)
            similar = 1;
    if (similar) {
        html(b, "<section><h2>申請不要の一覧にある似た名前のサービス</h2><ul>");
        for (int i = 0; i < l->n_exempts; i++) {
            const Exempt *ex = &l->exempts[i];
            if (l->match[i] == EX_NONE || ex == l->exact)
                continue;
            Str cl = STR_INIT;
            lookup_classes_text(p, ex, &cl);
            html(b, "<li><a href=\"/lookup?service=%U\">%s</a>（%s の情報に限り申請不要）", ex->name, ex->name, str_cstr(&cl));
            admin_clause(b, ex->clause);
            html(b, "</li>");
            str_free(&cl);
        }
        html(b, "</ul></section>");
    }
    str_free(&apply_url);
    page_end(w);
}
