/* Exempt services kept in the database (app/app_exempt.h). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/app_exempt.h"
#include "app/app_internal.h"
#include "policy/fields.h"

enum { EXEMPT_NAME_MAX = 200, EXEMPT_TEXT_MAX = 1000, EXEMPT_DOMAINS_MAX = 50 };

int app_exempt_may_manage(const App *app)
{
    if (!app->acting)
        return 0;
    if (app->actor.is_admin)
        return 1;
    for (int t = 0; t < TRACK_COUNT; t++) {
        int role = app->profile->tracks[t].approver_role;
        if (role >= 0 && (app->actor.roles & ROLE_BIT(role)))
            return 1;
    }
    return 0;
}

static AppRc require_manager(App *app)
{
    if (!app->acting)
        return app_fail(app, APP_INVALID, NULL, "操作する利用者を --as LOGIN で指定してください");
    if (!app->profile->exempt_clause)
        return app_fail(app, APP_INVALID, NULL,
                        "この組織の基準（%s）には、利用申請を要しない外部サービスを追加する定めがありません",
                        app->profile->document);
    if (!app_exempt_may_manage(app)) {
        AppRc rc = app_fail(app, APP_INVALID, app->profile->exempt_clause,
                            "申請不要のサービスの一覧を変更できるのはシステム管理者と許可権限者だけです (%s)",
                            app->user.login);
        app->denied = 1;
        return rc;
    }
    return APP_OK;
}

static int text_ok(const char *s, size_t max) { return s && *s && strlen(s) <= max; }

/* Bit mask of the confidentiality ranks named, or 0 with app->err set. */
static AppRc class_mask(App *app, const NewExempt *e, unsigned *mask)
{
    const Scheme *conf = &app->profile->schemes[SCHEME_CONFIDENTIALITY];
    *mask = 0;
    if (e->n_classes == 0) {
        Str codes = STR_INIT;
        for (int j = 0; j < conf->n_levels; j++)
            str_appendf(&codes, "%s%s", j ? ", " : "", conf->levels[j].code);
        AppRc rc = app_fail(app, APP_INVALID, app->profile->exempt_clause,
                            "classes: 申請を要しない情報の機密性を1つ以上指定してください (allowed: %s)", str_cstr(&codes));
        str_free(&codes);
        return rc;
    }
    for (int i = 0; i < e->n_classes; i++) {
        int rank = profile_level_rank(app->profile, SCHEME_CONFIDENTIALITY, e->classes[i] ? e->classes[i] : "");
        if (rank < 0) {
            Str codes = STR_INIT;
            for (int j = 0; j < conf->n_levels; j++)
                str_appendf(&codes, "%s%s", j ? ", " : "", conf->levels[j].code);
            AppRc rc = app_fail(app, APP_INVALID, NULL, "classes: '%s' は機密性の区分ではありません (allowed: %s)",
                                e->classes[i] ? e->classes[i] : "", str_cstr(&codes));
            str_free(&codes);
            return rc;
        }
        *mask |= 1u << rank;
    }
    return APP_OK;
}

/* "B,C" in the scheme's order (most protected first), from a mask. */
static void classes_csv(const Profile *p, unsigned mask, Str *out)
{
    const Scheme *conf = &p->schemes[SCHEME_CONFIDENTIALITY];
    for (int j = 0; j < conf->n_levels; j++)
        if (mask & (1u << j))
            str_appendf(out, "%s%s", out->len ? "," : "", conf->levels[j].code);
}

typedef struct NameSeen {
    const char *name;
    int seen;
} NameSeen;

static int same_name(void *ctx, const ExemptRow *row)
{
    NameSeen *n = ctx;
    if (strcmp(row->name, n->name) == 0)
        n->seen = 1;
    return n->seen;
}

AppRc app_exempt_add(App *app, const NewExempt *e, long long *id)
{
    app_scratch(app);
    AppRc rc = require_manager(app);
    if (rc)
        return rc;
    const char *clause = app->profile->exempt_clause;
    if (!text_ok(e->name, EXEMPT_NAME_MAX))
        return app_fail(app, APP_INVALID, clause, "name: サービスの名称を%d バイト以内で入力してください", EXEMPT_NAME_MAX);
    if (!text_ok(e->notice, EXEMPT_TEXT_MAX))
        return app_fail(app, APP_INVALID, clause,
                        "notice: 申請を不要とした通知等（日付・番号）を入力してください（%s: 通知等で個別の利用申請が不要）", clause);
    if (e->note && strlen(e->note) > EXEMPT_TEXT_MAX)
        return app_fail(app, APP_INVALID, NULL, "note: %d バイトまでです", EXEMPT_TEXT_MAX);
    if (e->n_domains == 0)
        return app_fail(app, APP_INVALID, clause,
                        "domains: サービスのドメインを1つ以上指定してください（例: meet.example.jp, *.example.jp）");
    if (e->n_domains > EXEMPT_DOMAINS_MAX)
        return app_fail(app, APP_INVALID, NULL, "domains: %d 個までです", EXEMPT_DOMAINS_MAX);
    for (int i = 0; i < e->n_domains; i++) {
        if (!e->domains[i] || !host_valid(e->domains[i]) || !strchr(e->domains[i], '.'))
            return app_fail(app, APP_INVALID, NULL, "domains: '%s' はホスト名（例: meet.example.jp, *.example.jp）ではありません",
                            e->domains[i] ? e->domains[i] : "");
        for (int j = 0; j < i; j++)
            if (strcasecmp(e->domains[i], e->domains[j]) == 0)
                return app_fail(app, APP_INVALID, NULL, "domains: '%s' が2回あります", e->domains[i]);
    }
    unsigned mask;
    if ((rc = class_mask(app, e, &mask)))
        return rc;
    NameSeen dup = {e->name, 0};
    if (store_exempt_each(app->db, &app->arena, app->org.id, 0, same_name, &dup) != 0)
        return app_dbfail(app);
    for (int i = 0; !dup.seen && i < app->profile->n_exempts; i++)
        dup.seen = strcmp(app->profile->exempts[i].name, e->name) == 0;
    if (dup.seen)
        return app_fail(app, APP_INVALID, clause, "name: 「%s」は既に申請不要のサービスの一覧にあります", e->name);

    Str classes = STR_INIT;
    classes_csv(app->profile, mask, &classes);
    ExemptRow row = {.name = e->name, .classes = str_cstr(&classes), .notice = e->notice, .clause = clause,
                     .note = e->note ? e->note : ""};
    if (str_failed(&classes) || audit_begin(app->db) != 0 ||
        store_exempt_insert(app->db, app->org.id, &row, app->user.id, app->now, id) != 0) {
        str_free(&classes);
        return app_dbfail(app);
    }
    for (int i = 0; i < e->n_domains; i++) {
        char lower[256];
        snprintf(lower, sizeof lower, "%s", e->domains[i]);
        for (char *c = lower; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c - 'A' + 'a');
        if (store_exempt_add_domain(app->db, *id, lower) != 0) {
            str_free(&classes);
            return app_dbfail(app);
        }
    }
    Str data = STR_INIT;
    str_append(&data, "{\"name\":");
    str_append_json(&data, e->name);
    str_append(&data, ",\"classes\":");
    str_append_json(&data, str_cstr(&classes));
    str_append(&data, ",\"notice\":");
    str_append_json(&data, e->notice);
    str_append(&data, ",\"domains\":[");
    for (int i = 0; i < e->n_domains; i++) {
        str_append(&data, i ? "," : "");
        str_append_json(&data, e->domains[i]);
    }
    str_append(&data, "]}");
    int ok = !str_failed(&data) && app_audit(app, "exempt.add", app_object(app, "exempt", *id), str_cstr(&data)) == 0;
    str_free(&data);
    str_free(&classes);
    if (!ok || db_commit(app->db) != 0)
        return app_dbfail(app);
    return APP_OK;
}

AppRc app_exempt_remove(App *app, long long id, const char *reason)
{
    app_scratch(app);
    AppRc rc = require_manager(app);
    if (rc)
        return rc;
    if (!text_ok(reason, EXEMPT_TEXT_MAX))
        return app_fail(app, APP_INVALID, NULL, "reason: 一覧から外す理由（通知の廃止など）を入力してください");
    if (audit_begin(app->db) != 0)
        return app_dbfail(app);
    int removed = store_exempt_remove(app->db, app->org.id, id, app->user.id, app->now, reason);
    if (removed < 0)
        return app_dbfail(app);
    if (removed == 0)
        return app_fail(app, APP_INVALID, NULL, "申請不要のサービス %lld は一覧にありません（既に外されたか、存在しません）", id);
    Str data = STR_INIT;
    str_append(&data, "{\"reason\":");
    str_append_json(&data, reason);
    str_append(&data, "}");
    int ok = !str_failed(&data) && app_audit(app, "exempt.remove", app_object(app, "exempt", id), str_cstr(&data)) == 0;
    str_free(&data);
    if (!ok || db_commit(app->db) != 0)
        return app_dbfail(app);
    return APP_OK;
}

AppRc app_exempt_list(App *app, int all, int (*fn)(void *ctx, const ExemptRow *row), void *ctx)
{
    app_scratch(app);
    if (!app->acting)
        return app_fail(app, APP_INVALID, NULL, "操作する利用者を --as LOGIN で指定してください");
    if (store_exempt_each(app->db, &app->arena, app->org.id, all, fn, ctx) != 0)
        return app_dbfail(app);
    return APP_OK;
}

/* ---- the list as Exempt structs ---- */

typedef struct Collect {
    App *app;
    Exempt *v;
    int n, cap;
    int failed;
} Collect;

static int collect(void *ctx, const ExemptRow *row)
{
    Collect *c = ctx;
    if (c->n == c->cap) {
        int ncap = c->cap ? c->cap * 2 : 8;
        Exempt *grown = arena_alloc(&c->app->arena, sizeof *grown * (size_t)ncap);
        if (!grown) {
            c->failed = 1;
            return 1;
        }
        if (c->n)
            memcpy(grown, c->v, sizeof *grown * (size_t)c->n);
        c->v = grown;
        c->cap = ncap;
    }
    Exempt *ex = &c->v[c->n++];
    memset(ex, 0, sizeof *ex);
    ex->name = row->name;
    ex->domains = row->domains;
    ex->n_domains = row->n_domains;
    ex->notice = row->notice;
    ex->clause = row->clause;
    /* Stored codes were checked on entry; a code the profile no longer has
     * (a changed profile) simply exempts nothing. */
    char codes[256];
    snprintf(codes, sizeof codes, "%s", row->classes ? row->classes : "");
    for (char *save = NULL, *tok = strtok_r(codes, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        int rank = profile_level_rank(c->app->profile, SCHEME_CONFIDENTIALITY, tok);
        if (rank >= 0)
            ex->class_mask |= 1u << rank;
    }
    return 0;
}

AppRc app_exempts_extra(App *app, const Exempt **out, int *n)
{
    if (!app->exempts_extra_loaded && app->acting && app->profile->exempt_clause) {
        Collect c = {app, NULL, 0, 0, 0};
        if (store_exempt_each(app->db, &app->arena, app->org.id, 0, collect, &c) != 0)
            return app_dbfail(app);
        if (c.failed)
            return app_fail(app, APP_DBFAIL, NULL, "out of memory");
        app->exempts_extra = c.v;
        app->n_exempts_extra = c.n;
    }
    app->exempts_extra_loaded = 1;
    *out = app->exempts_extra;
    *n = app->n_exempts_extra;
    return APP_OK;
}

AppRc app_exempts_in_force(App *app, const Exempt **out, int *n)
{
    const Profile *p = app->profile;
    const Exempt *extra = NULL;
    int n_extra = 0;
    AppRc rc = app_exempts_extra(app, &extra, &n_extra);
    if (rc)
        return rc;
    if (n_extra == 0) {
        *out = p->exempts;
        *n = p->n_exempts;
        return APP_OK;
    }
    Exempt *all = arena_alloc(&app->arena, sizeof *all * (size_t)(p->n_exempts + n_extra));
    if (!all)
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    if (p->n_exempts)
        memcpy(all, p->exempts, sizeof *all * (size_t)p->n_exempts);
    memcpy(all + p->n_exempts, extra, sizeof *all * (size_t)n_extra);
    *out = all;
    *n = p->n_exempts + n_extra;
    return APP_OK;
}
