/* GET /lookup, /api/v1/lookup?service=…: "do I need to apply?". The
 * answer, each part with its clause:
 *   - the ledger already has the service (an entry in use whose service
 *     name contains the words): the approved use, by number and department;
 *     another department or purpose still applies anew;
 *   - the profile lists it among the services that need no application
 *     (exempt_services, e.g. tokyo-edu 5), for the confidentiality classes
 *     it names, matched by name or by domain;
 *   - otherwise 申請が必要です, with a link to a new application. */
#include <stdio.h>
#include <strings.h>
#include <string.h>

#include "domain/search_text.h"
#include "store/ledger.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages/admin_pages.h"

enum { LOOKUP_ROWS = 20, LOOKUP_MAX_BYTES = 200 };

typedef struct Found {
    EntryRow v[LOOKUP_ROWS];
    int n;
} Found;

static int collect_entry(void *ctx, const EntryRow *e)
{
    Found *f = ctx;
    if (f->n < LOOKUP_ROWS)
        f->v[f->n++] = *e;
    return 0;
}

static void normalized(const char *text, Str *out) { search_normalize(text ? text : "", out); }

/* Whether the normalized name contains the normalized words. */
static int name_has(const char *name, const char *words_norm)
{
    Str n = STR_INIT;
    normalized(name, &n);
    int yes = *words_norm && strstr(str_cstr(&n), words_norm) != NULL;
    str_free(&n);
    return yes;
}

/* A host pattern of the exempt list ("*.example.jp" or a host) matching
 * what the user typed, when it looks like a host or a URL. */
static int host_match(const char *pattern, const char *typed)
{
    char host[256];
    const char *s = strstr(typed, "://");
    s = s ? s + 3 : typed;
    size_t n = strcspn(s, "/:?# ");
    if (n == 0 || n >= sizeof host)
        return 0;
    memcpy(host, s, n);
    host[n] = 0;
    if (!strchr(host, '.'))
        return 0;
    if (pattern[0] == '*' && pattern[1] == '.') {
        size_t pl = strlen(pattern + 1), hl = strlen(host);
        return hl > pl && strcasecmp(host + hl - pl, pattern + 1) == 0;
    }
    return strcasecmp(pattern, host) == 0;
}

typedef enum ExemptMatch { EX_NONE, EX_PARTIAL, EX_EXACT } ExemptMatch;

static ExemptMatch exempt_match(const Exempt *ex, const char *typed, const char *typed_norm)
{
    Str n = STR_INIT;
    normalized(ex->name, &n);
    ExemptMatch m = EX_NONE;
    if (strcmp(str_cstr(&n), typed_norm) == 0)
        m = EX_EXACT;
    for (int k = 0; m == EX_NONE && k < ex->n_domains; k++)
        if (host_match(ex->domains[k], typed))
            m = EX_EXACT;
    /* Two characters or more, so that "a" does not match every name. */
    if (m == EX_NONE && search_char_count(typed_norm) >= 2 && strstr(str_cstr(&n), typed_norm))
        m = EX_PARTIAL;
    str_free(&n);
    return m;
}

static void classes_text(const Profile *p, const Exempt *ex, Str *out)
{
    const Scheme *conf = &p->schemes[SCHEME_CONFIDENTIALITY];
    for (int j = 0; j < conf->n_levels; j++)
        if (ex->class_mask & (1u << j))
            str_appendf(out, "%s機密性%s", out->len ? "・" : "", conf->levels[j].code);
}

/* The clauses that say who applies, each once ("5.2(1)、5.3(1)"). */
static void apply_clauses(const Profile *p, Str *out)
{
    for (int t = 0; t < TRACK_COUNT; t++) {
        const char *c = p->tracks[t].applicant_clause;
        if (!c || !*c)
            continue;
        int seen = 0;
        for (int u = 0; u < t; u++)
            if (p->tracks[u].applicant_clause && strcmp(p->tracks[u].applicant_clause, c) == 0)
                seen = 1;
        if (!seen)
            str_appendf(out, "%s%s", out->len ? "、" : "", c);
    }
}

static const char *entry_clause(const Profile *p, const EntryRow *e)
{
    const Track *t = &p->tracks[e->track];
    return t->registrar_clause && *t->registrar_clause ? t->registrar_clause : t->approver_clause;
}

static void lookup_form(Web *w, Str *b, const char *service)
{
    html(b, "<form class=\"filters\" method=\"get\" action=\"/lookup\"><p><label for=\"service\">サービスの名称またはURL</label>"
            "<input id=\"service\" name=\"service\" type=\"search\" value=\"%s\" maxlength=\"200\" required autofocus></p>"
            "<p><button type=\"submit\">調べる</button></p></form>",
         service ? service : "");
    (void)w;
}

void page_lookup(Web *w)
{
    App *app = w->app;
    const Profile *p = app->profile;
    Str *b = &w->rs->body;
    const char *service = web_param(w, "service");
    int api = w->rq->is_api;
    if (!service || !*service) {
        if (api) {
            web_error(w, 400, "service（サービスの名称）を指定してください", NULL);
            return;
        }
        page_begin(w, "申請が必要か調べる");
        html(b, "<h1>申請が必要か調べる</h1><p class=\"lead\">使いたい外部サービスの名称（またはURL）を入力すると、"
                "台帳への登録の有無と、基準上の申請の要否を示します。</p>");
        lookup_form(w, b, NULL);
        page_end(w);
        return;
    }
    if (strlen(service) > LOOKUP_MAX_BYTES) {
        web_error(w, 400, "サービスの名称が長すぎます（200バイトまで）", NULL);
        return;
    }
    app_scratch(app);
    Str norm = STR_INIT;
    normalized(service, &norm);
    /* The ledger search finds the words anywhere in an entry; only an
     * entry whose service name has them counts as this service. */
    Found *found = arena_alloc(&app->arena, sizeof *found);
    LedgerQuery q = {.org_id = app->org.id, .text = service, .state = -1, .limit = LOOKUP_ROWS};
    long long total = 0;
    if (!found || store_ledger_search(app->db, &app->arena, &q, collect_entry, found, &total) != 0) {
        str_free(&norm);
        web_app_failed(w, found ? app_dbfail(app) : APP_DBFAIL);
        return;
    }
    int n_active = 0;
    const EntryRow *first_active = NULL;
    for (int i = 0; i < found->n; i++)
        if (found->v[i].state == ENTRY_ACTIVE && name_has(found->v[i].service_name, str_cstr(&norm))) {
            n_active++;
            if (!first_active)
                first_active = &found->v[i];
        }
    const Exempt *exact = NULL;
    ExemptMatch *match = arena_alloc(&app->arena, sizeof *match * (size_t)(p->n_exempts ? p->n_exempts : 1));
    for (int i = 0; match && i < p->n_exempts; i++) {
        match[i] = exempt_match(&p->exempts[i], service, str_cstr(&norm));
        if (match[i] == EX_EXACT && !exact)
            exact = &p->exempts[i];
    }
    Str apply_c = STR_INIT, apply_url = STR_INIT, classes = STR_INIT;
    apply_clauses(p, &apply_c);
    str_append(&apply_url, "/applications/new?service=");
    url_encode(&apply_url, service);
    if (exact)
        classes_text(p, exact, &classes);

    const char *answer, *message, *clause;
    char msg[1024];
    if (first_active) {
        answer = "registered";
        char others[48] = "";
        if (n_active > 1)
            snprintf(others, sizeof others, "ほか %d 件", n_active - 1);
        snprintf(msg, sizeof msg, "台帳に登録済みの利用があります（第%lld号%s）。同じ部署・同じ用途ならその承認の範囲で使えます。"
                                  "部署・用途・扱う情報の格付が異なる場合は、改めて申請が必要です。",
                 first_active->number, others);
        clause = entry_clause(p, first_active);
    } else if (exact) {
        answer = "exempt";
        snprintf(msg, sizeof msg, "「%s」は利用申請を要しないサービスです（%s の情報に限る）。それ以外の格付の情報を扱う場合は申請が必要です。"
                                  "利用に当たっては通知（%s）の注意事項に従ってください。",
                 exact->name, str_cstr(&classes), exact->notice ? exact->notice : "");
        clause = exact->clause;
    } else {
        answer = "apply";
        snprintf(msg, sizeof msg, "申請が必要です。台帳に登録された利用がなく、%s",
                 p->n_exempts ? "申請不要のサービスの一覧にもありません。" : "この基準には申請不要のサービスの定めがありません。");
        clause = apply_c.len ? str_cstr(&apply_c) : NULL;
    }
    message = msg;

    if (api) {
        web_json_begin(w);
        str_append(b, "{\"service\":");
        str_append_json(b, service);
        str_appendf(b, ",\"answer\":\"%s\",\"message\":", answer);
        str_append_json(b, message);
        str_append(b, ",");
        admin_json_clause(b, clause);
        str_append(b, ",\"apply_url\":");
        str_append_json(b, str_cstr(&apply_url));
        str_append(b, ",\"apply_clause\":");
        if (apply_c.len)
            str_append_json(b, str_cstr(&apply_c));
        else
            str_append(b, "null");
        str_append(b, ",\"entries\":[");
        for (int i = 0; i < found->n; i++) {
            const EntryRow *e = &found->v[i];
            str_appendf(b, "%s{\"number\":%lld,\"state\":\"%s\",\"same_service\":%s,\"service\":", i ? "," : "", e->number,
                        entry_state_names[e->state], name_has(e->service_name, str_cstr(&norm)) ? "true" : "false");
            str_append_json(b, e->service_name);
            str_append(b, ",\"function\":");
            str_append_json(b, e->function ? e->function : "");
            str_append(b, ",\"department\":");
            str_append_json(b, e->applicant_department ? e->applicant_department : "");
            str_append(b, ",\"confidentiality\":");
            str_append_json(b, e->confidentiality ? e->confidentiality : "");
            str_append(b, ",\"period_to\":");
            if (e->period_to)
                str_append_json(b, e->period_to);
            else
                str_append(b, "null");
            str_append(b, ",");
            admin_json_clause(b, entry_clause(p, e));
            str_append(b, "}");
        }
        str_append(b, "],\"exempt\":[");
        int k = 0;
        for (int i = 0; match && i < p->n_exempts; i++) {
            if (match[i] == EX_NONE)
                continue;
            Str cl = STR_INIT;
            classes_text(p, &p->exempts[i], &cl);
            str_append(b, k++ ? ",{\"name\":" : "{\"name\":");
            str_append_json(b, p->exempts[i].name);
            str_appendf(b, ",\"match\":\"%s\",\"classes\":", match[i] == EX_EXACT ? "exact" : "partial");
            str_append_json(b, str_cstr(&cl));
            str_append(b, ",\"notice\":");
            str_append_json(b, p->exempts[i].notice ? p->exempts[i].notice : "");
            str_append(b, ",");
            admin_json_clause(b, p->exempts[i].clause);
            str_append(b, "}");
            str_free(&cl);
        }
        str_append(b, "]}");
        goto out;
    }

    page_begin(w, "申請が必要か調べる");
    html(b, "<h1>申請が必要か調べる</h1>");
    lookup_form(w, b, service);
    html(b, "<section class=\"answer answer-%s\"><h2>「%s」の答え</h2><p class=\"%s\">%s", answer, service,
         strcmp(answer, "apply") == 0 ? "verdict-needs_review" : "verdict-ready",
         strcmp(answer, "apply") == 0 ? "申請が必要です" : strcmp(answer, "exempt") == 0 ? "申請は不要です（条件付き）" : "台帳に登録されています");
    html(b, "</p><p>%s", message);
    admin_clause(b, clause);
    html(b, "</p>");
    html(b, "<p class=\"actions\"><a class=\"button%s\" href=\"%s\">このサービスの利用を申請する</a>%s",
             strcmp(answer, "apply") == 0 ? "" : " secondary", str_cstr(&apply_url),
             strcmp(answer, "apply") == 0 ? "" : "（別の部署・用途・格付で使う場合）");
    if (apply_c.len && strcmp(answer, "apply") != 0)
        admin_clause(b, str_cstr(&apply_c));
    html(b, "</p></section>");
    if (found->n) {
        html(b, "<section><h2>台帳の記載 <small>%d件%s</small></h2><table class=\"list\"><thead><tr><th>番号</th><th>サービス</th>"
                "<th>機能</th><th>申請部署</th><th>格付</th><th>状態</th><th>利用期間の終わり</th><th>根拠</th></tr></thead><tbody>",
             found->n, total > found->n ? "（先頭のみ）" : "");
        for (int i = 0; i < found->n; i++) {
            const EntryRow *e = &found->v[i];
            html(b, "<tr><td><a href=\"/ledger/%lld\">第%lld号</a></td><td>%s%H</td><td>%s</td><td>%s</td><td>%s</td>"
                    "<td><span class=\"state state-%s\">%s</span></td><td>",
                 e->number, e->number, e->service_name,
                 name_has(e->service_name, str_cstr(&norm)) ? "" : " <small>（説明に含む）</small>", e->function, e->applicant_department,
                 e->confidentiality, entry_state_names[e->state], entry_state_labels[e->state]);
            page_date(w, b, e->period_to);
            html(b, "</td><td class=\"clause\">%s</td></tr>", entry_clause(p, e) ? entry_clause(p, e) : "");
        }
        html(b, "</tbody></table></section>");
    }
    int partial = 0;
    for (int i = 0; match && i < p->n_exempts; i++)
        if (match[i] == EX_PARTIAL || (match[i] == EX_EXACT && &p->exempts[i] != exact))
            partial = 1;
    if (partial) {
        html(b, "<section><h2>申請不要の一覧にある似た名前のサービス</h2><ul>");
        for (int i = 0; i < p->n_exempts; i++) {
            if (match[i] == EX_NONE || &p->exempts[i] == exact)
                continue;
            Str cl = STR_INIT;
            classes_text(p, &p->exempts[i], &cl);
            html(b, "<li><a href=\"/lookup?service=%U\">%s</a>（%s の情報に限り申請不要）", p->exempts[i].name, p->exempts[i].name,
                 str_cstr(&cl));
            admin_clause(b, p->exempts[i].clause);
            html(b, "</li>");
            str_free(&cl);
        }
        html(b, "</ul></section>");
    }
    page_end(w);
out:
    str_free(&norm);
    str_free(&apply_c);
    str_free(&apply_url);
    str_free(&classes);
}
