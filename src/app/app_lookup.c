/* "Do I need to apply?" (app/app_lookup.h). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/app_exempt.h"
#include "app/app_lookup.h"
#include "domain/search_text.h"
#include "store/ledger.h"

const char *const lookup_answer_names[] = {"apply", "exempt", "registered"};

static int collect_entry(void *ctx, const EntryRow *e)
{
    Lookup *l = ctx;
    if (l->n_entries < LOOKUP_ROWS)
        l->entries[l->n_entries++] = *e;
    return 0;
}

/* Whether the normalized name contains the normalized words. */
static int name_has(const char *name, const char *words_norm)
{
    Str n = STR_INIT;
    search_normalize(name ? name : "", &n);
    int yes = *words_norm && strstr(str_cstr(&n), words_norm) != NULL;
    str_free(&n);
    return yes;
}

/* A host pattern of an exempt list ("*.example.jp" or a host) matching what
 * the user typed, when it looks like a host or a URL. */
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

static ExemptMatch exempt_match(const Exempt *ex, const char *typed, const char *typed_norm)
{
    Str n = STR_INIT;
    search_normalize(ex->name, &n);
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

void lookup_classes_text(const Profile *p, const Exempt *ex, Str *out)
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

static const char *keep(App *app, Str *s)
{
    const char *r = str_failed(s) ? NULL : arena_strdup(&app->arena, str_cstr(s));
    str_free(s);
    return r ? r : "";
}

AppRc app_lookup(App *app, const char *service, Lookup *l)
{
    app_scratch(app);
    memset(l, 0, sizeof *l);
    if (!app->acting)
        return app_fail(app, APP_INVALID, NULL, "操作する利用者を --as LOGIN で指定してください");
    if (!service || !*service)
        return app_fail(app, APP_INVALID, NULL, "service: サービスの名称またはURLを指定してください");
    if (strlen(service) > LOOKUP_MAX_BYTES)
        return app_fail(app, APP_INVALID, NULL, "service: サービスの名称が長すぎます（%dバイトまで）", LOOKUP_MAX_BYTES);
    const Profile *p = app->profile;
    AppRc rc = app_exempts_in_force(app, &l->exempts, &l->n_exempts);
    if (rc)
        return rc;
    Str norm = STR_INIT;
    search_normalize(service, &norm);
    const char *words = keep(app, &norm);
    /* The ledger search finds the words anywhere in an entry; only an
     * entry whose service name has them counts as this service. */
    LedgerQuery q = {.org_id = app->org.id, .text = service, .state = -1, .limit = LOOKUP_ROWS};
    if (store_ledger_search(app->db, &app->arena, &q, collect_entry, l, &l->total) != 0)
        return app_dbfail(app);
    int n_active = 0;
    const EntryRow *first_active = NULL;
    for (int i = 0; i < l->n_entries; i++) {
        l->same_service[i] = (unsigned char)name_has(l->entries[i].service_name, words);
        if (l->entries[i].state == ENTRY_ACTIVE && l->same_service[i]) {
            n_active++;
            if (!first_active)
                first_active = &l->entries[i];
        }
    }
    l->match = arena_alloc(&app->arena, (size_t)(l->n_exempts ? l->n_exempts : 1));
    if (!l->match)
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    for (int i = 0; i < l->n_exempts; i++) {
        l->match[i] = (unsigned char)exempt_match(&l->exempts[i], service, words);
        if (l->match[i] == EX_EXACT && !l->exact)
            l->exact = &l->exempts[i];
    }
    Str who = STR_INIT, msg = STR_INIT;
    apply_clauses(p, &who);
    l->apply_clauses = keep(app, &who);
    if (first_active) {
        l->answer = LOOKUP_REGISTERED;
        str_appendf(&msg, "台帳に登録済みの利用があります（第%lld号", first_active->number);
        if (n_active > 1)
            str_appendf(&msg, "ほか %d 件", n_active - 1);
        str_append(&msg, "）。同じ部署・同じ用途ならその承認の範囲で使えます。"
                         "部署・用途・扱う情報の格付が異なる場合は、改めて申請が必要です。");
        l->clause = entry_clause(p, first_active);
    } else if (l->exact) {
        Str classes = STR_INIT;
        lookup_classes_text(p, l->exact, &classes);
        l->answer = LOOKUP_EXEMPT;
        str_appendf(&msg, "「%s」は利用申請を要しないサービスです（%s の情報に限る）。それ以外の格付の情報を扱う場合は申請が必要です。"
                          "利用に当たっては通知（%s）の注意事項に従ってください。",
                    l->exact->name, str_cstr(&classes), l->exact->notice ? l->exact->notice : "");
        str_free(&classes);
        l->clause = l->exact->clause;
    } else {
        l->answer = LOOKUP_APPLY;
        str_appendf(&msg, "申請が必要です。台帳に登録された利用がなく、%s",
                    l->n_exempts ? "申請不要のサービスの一覧にもありません。" : "この基準には申請不要のサービスの定めがありません。");
        l->clause = *l->apply_clauses ? l->apply_clauses : NULL;
    }
    l->message = keep(app, &msg);
    return APP_OK;
}

static void json_clause(Str *b, const char *clause)
{
    str_append(b, "\"clause\":");
    if (clause && *clause)
        str_append_json(b, clause);
    else
        str_append(b, "null");
}

void lookup_json(const Profile *p, const char *service, const Lookup *l, Str *b)
{
    str_append(b, "{\"service\":");
    str_append_json(b, service);
    str_appendf(b, ",\"answer\":\"%s\",\"message\":", lookup_answer_names[l->answer]);
    str_append_json(b, l->message);
    str_append(b, ",");
    json_clause(b, l->clause);
    str_append(b, ",\"apply_url\":\"/applications/new?service=");
    /* JSON string of the URL-encoded name: only ASCII comes out of the encoding. */
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *c = (const unsigned char *)service; *c; c++) {
        if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || strchr("-._~", *c))
            str_appendf(b, "%c", *c);
        else
            str_appendf(b, "%%%c%c", hex[*c >> 4], hex[*c & 15]);
    }
    str_append(b, "\",\"apply_clause\":");
    if (*l->apply_clauses)
        str_append_json(b, l->apply_clauses);
    else
        str_append(b, "null");
    str_append(b, ",\"entries\":[");
    for (int i = 0; i < l->n_entries; i++) {
        const EntryRow *e = &l->entries[i];
        str_appendf(b, "%s{\"number\":%lld,\"state\":\"%s\",\"same_service\":%s,\"service\":", i ? "," : "", e->number,
                    entry_state_names[e->state], l->same_service[i] ? "true" : "false");
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
        json_clause(b, entry_clause(p, e));
        str_append(b, "}");
    }
    str_append(b, "],\"exempt\":[");
    int k = 0;
    for (int i = 0; i < l->n_exempts; i++) {
        if (l->match[i] == EX_NONE)
            continue;
        const Exempt *ex = &l->exempts[i];
        Str cl = STR_INIT;
        lookup_classes_text(p, ex, &cl);
        str_append(b, k++ ? ",{\"name\":" : "{\"name\":");
        str_append_json(b, ex->name);
        str_appendf(b, ",\"match\":\"%s\",\"classes\":", l->match[i] == EX_EXACT ? "exact" : "partial");
        str_append_json(b, str_cstr(&cl));
        str_append(b, ",\"notice\":");
        str_append_json(b, ex->notice ? ex->notice : "");
        str_append(b, ",");
        json_clause(b, ex->clause);
        str_append(b, "}");
        str_free(&cl);
    }
    str_append(b, "]}");
}
