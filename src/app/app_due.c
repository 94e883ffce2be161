/* The register of certifications and the "due / overdue" list: reviews
 * (3.4, one review interval apart), usage periods ending, certifications
 * lapsing with the entries that rely on them, and notifications owed. */
#include <stdio.h>
#include <string.h>

#include "app/app_contacts.h"
#include "app/app_internal.h"
#include "domain/dates.h"
#include "store/certs.h"
#include "store/lifecycle.h"
#include "store/social.h"
#include "policy/social.h"

static int cert_kind_valid(const char *kind)
{
    return enum_index(field_defs[F_SERVICE_CERTIFICATIONS].enum_values, kind) >= 0;
}

AppRc app_cert_add(App *app, const NewCert *c, long long *id)
{
    app_scratch(app);
    if (!app->acting)
        return app_fail(app, APP_INVALID, NULL, "操作する利用者を --as LOGIN で指定してください");
    if (!c->service || !*c->service)
        return app_fail(app, APP_INVALID, NULL, "--service（サービスの名称）を指定してください");
    if (!c->kind || !cert_kind_valid(c->kind)) {
        char allowed[256];
        enum_join(field_defs[F_SERVICE_CERTIFICATIONS].enum_values, allowed, sizeof allowed);
        return app_fail(app, APP_INVALID, NULL, "--kind '%s' (allowed: %s)", c->kind ? c->kind : "", allowed);
    }
    int from = 0, to = 0, until = 0;
    if (c->audit_from && *c->audit_from && !date_parse(c->audit_from, &from))
        return app_fail(app, APP_INVALID, NULL, "--audit-from '%s' は YYYY-MM-DD の日付ではありません", c->audit_from);
    if (c->audit_to && *c->audit_to && !date_parse(c->audit_to, &to))
        return app_fail(app, APP_INVALID, NULL, "--audit-to '%s' は YYYY-MM-DD の日付ではありません", c->audit_to);
    if (from && to && to < from)
        return app_fail(app, APP_INVALID, NULL, "監査対象期間の終わり %s が始まり %s より前です", c->audit_to, c->audit_from);
    if (c->valid_until && *c->valid_until) {
        if (!date_parse(c->valid_until, &until))
            return app_fail(app, APP_INVALID, NULL, "--valid-until '%s' は YYYY-MM-DD の日付ではありません", c->valid_until);
    } else if (!strncmp(c->kind, "ISMAP", 5) && to) {
        /* ISMAP: a listing stays valid, in principle, one year and four
         * months after the end of the audited period. */
        until = date_add_days(date_add_months(to, 16), 0);
    } else {
        return app_fail(app, APP_INVALID, NULL, "--valid-until を指定してください（%s の有効期限。ISMAP は --audit-to から1年4か月後が既定です）",
                        c->kind);
    }
    char from_s[11], to_s[11], until_s[11];
    date_format(from, from_s);
    date_format(to, to_s);
    date_format(until, until_s);
    CertRow row = {0, 0, c->service, c->provider, c->kind, c->number, from ? from_s : NULL, to ? to_s : NULL, until_s, c->note};
    if (audit_begin(app->db) != 0 ||
        store_service_ensure(app->db, app->org.id, c->service, c->provider ? c->provider : "", "other", &row.service_id) != 0 ||
        store_cert_insert(app->db, app->org.id, &row, app->user.id, app->now, id) != 0)
        return app_dbfail(app);
    Str data = STR_INIT;
    str_append(&data, "{\"service\":");
    str_append_json(&data, c->service);
    str_appendf(&data, ",\"kind\":\"%s\",\"number\":", c->kind);
    str_append_json(&data, c->number ? c->number : "");
    str_appendf(&data, ",\"valid_until\":\"%s\"}", until_s);
    int ok = !str_failed(&data) && app_audit(app, "certification.add", app_object(app, "certification", *id), str_cstr(&data)) == 0 &&
             db_commit(app->db) == 0;
    str_free(&data);
    return ok ? APP_OK : app_dbfail(app);
}

typedef struct Merge {
    AppDoc *doc;
    int codes[16];
    int n;
} Merge;

static int merge_cert(void *ctx, const CertRow *c)
{
    Merge *m = ctx;
    int code = enum_index(field_defs[F_SERVICE_CERTIFICATIONS].enum_values, c->kind);
    for (int i = 0; i < m->n; i++)
        if (m->codes[i] == code)
            return 0;
    if (code >= 0 && m->n < (int)(sizeof m->codes / sizeof m->codes[0]))
        m->codes[m->n++] = code;
    return 0;
}

int app_merge_certifications(App *app, AppDoc *doc)
{
    long long service_id;
    if (!doc->v[F_SERVICE_NAME].present)
        return 0;
    int found = store_service_find(app->db, app->org.id, doc->v[F_SERVICE_NAME].s,
                                   doc->v[F_SERVICE_PROVIDER].present ? doc->v[F_SERVICE_PROVIDER].s : "", &service_id);
    if (found <= 0)
        return found;
    Merge m = {doc, {0}, 0};
    FieldValue *v = &doc->v[F_SERVICE_CERTIFICATIONS];
    for (int i = 0; v->present && i < v->count; i++)
        merge_cert(&m, &(CertRow){.kind = field_defs[F_SERVICE_CERTIFICATIONS].enum_values[v->codes[i]]});
    int before = m.n;
    char today[11];
    date_format(app->today, today);
    if (store_certs_valid(app->db, &app->arena, service_id, today, merge_cert, &m) != 0)
        return -1;
    if (m.n == before)
        return 0;
    int *codes = arena_alloc(&doc->arena, sizeof(int) * (size_t)m.n);
    if (!codes)
        return -1;
    memcpy(codes, m.codes, sizeof(int) * (size_t)m.n);
    v->codes = codes;
    v->count = m.n;
    v->present = 1;
    return 0;
}

AppRc app_notification_done(App *app, long long id)
{
    app_scratch(app);
    if (!app->acting)
        return app_fail(app, APP_INVALID, NULL, "操作する利用者を --as LOGIN で指定してください");
    NotificationRow n;
    int found = store_notification_get(app->db, &app->arena, app->org.id, id, &n);
    if (found < 0)
        return app_dbfail(app);
    if (!found)
        return app_fail(app, APP_INVALID, NULL, "通知 %lld はありません", id);
    if (n.sent_at)
        return app_fail(app, APP_INVALID, NULL, "通知 %lld は %s に済んでいます", id, n.sent_at);
    /* The addressee confirms: a holder of the role it is owed to, or the user. */
    int role = *n.role ? profile_role_index(app->profile, n.role) : -1;
    int mine = (role >= 0 && (app->actor.roles & ROLE_BIT(role))) || (*n.user && strcmp(n.user, app->user.login) == 0) ||
               app->actor.is_admin;
    if (!mine)
        return app_fail(app, APP_INVALID, n.clause && *n.clause ? n.clause : NULL, "通知 %lld の受領を記録できるのは宛先（%s）です", id,
                        role >= 0 ? app->profile->roles[role].label : n.user);
    char data[160];
    snprintf(data, sizeof data, "{\"kind\":\"%s\"}", n.kind);
    if (audit_begin(app->db) != 0)
        return app_dbfail(app);
    int done = store_notification_done(app->db, app->org.id, id, app->now);
    if (done < 0)
        return app_dbfail(app);
    if (!done)
        return app_fail(app, APP_INVALID, NULL, "通知 %lld は他の操作で済みになりました", id);
    if (app_audit(app, "notification.done", app_object(app, "notification", id), data) != 0 || db_commit(app->db) != 0)
        return app_dbfail(app);
    return APP_OK;
}

/* ---- due list ---- */

const char *const due_kind_names[] = {"review", "period_end", "certification", "notification", "social_monitor",
                                         "contact_chart_missing", "contact_chart_review"};

typedef struct DueCtx {
    App *app;
    int today, until;
    void (*fn)(void *ctx, const DueItem *item);
    void *ctx;
    const CertRow *cert;
} DueCtx;

static int ymd_of(const char *s)
{
    int ymd = 0;
    return s && date_parse(s, &ymd) ? ymd : 0;
}

static int due_entry(void *ctx, const EntryRow *e)
{
    DueCtx *c = ctx;
    const Profile *p = c->app->profile;
    int review = ymd_of(e->review_due), end = ymd_of(e->period_to);
    if (review && review <= c->until && e->state == ENTRY_ACTIVE) {
        DueItem it = {DUE_REVIEW, review < c->today, e->review_due, e->number, e->service_name, e->administrator_login,
                      "定期点検（運用・保守時の確認）", NULL, 0, 0};
        /* The clause of the first operation item of the track: where the periodic check is required. */
        for (int i = 0; i < p->n_items && !it.clause; i++)
            if (p->items[i].phase == PHASE_OPERATION && (p->items[i].track_mask & (1u << e->track)))
                it.clause = p->items[i].clause;
        c->fn(c->ctx, &it);
    }
    if (end && end <= c->until) {
        DueItem it = {DUE_PERIOD_END, end < c->today, e->period_to, e->number, e->service_name, e->administrator_login,
                      e->state == ENTRY_ACTIVE ? "利用期間の終了（更新の申請か利用終了の報告）" : "利用終了の手続き中", NULL, 0, 0};
        c->fn(c->ctx, &it);
    }
    return 0;
}

static int due_cert_entry(void *ctx, const EntryRow *e)
{
    DueCtx *c = ctx;
    int until = ymd_of(c->cert->valid_until);
    char what[256];
    snprintf(what, sizeof what, "%s %s の有効期限（この台帳が依拠する認証）", c->cert->kind, c->cert->number ? c->cert->number : "");
    DueItem it = {DUE_CERTIFICATION, until < c->today, c->cert->valid_until, e->number, e->service_name,
                  e->administrator_login, what, NULL, 0, 0};
    c->fn(c->ctx, &it);
    return 0;
}

typedef struct CertList {
    CertRow rows[256];
    int n;
} CertList;

static int collect_cert(void *ctx, const CertRow *c)
{
    CertList *l = ctx;
    if (l->n == (int)(sizeof l->rows / sizeof l->rows[0]))
        return 1;
    l->rows[l->n++] = *c;
    return 0;
}

static int due_note(void *ctx, const NotificationRow *n)
{
    DueCtx *c = ctx;
    /* Owed reports only: the workflow's other messages are the outbox's. */
    if (strcmp(n->kind, "ledger.report") != 0)
        return 0;
    DueItem it = {DUE_NOTIFICATION, 0, n->created_at, 0, n->object, n->role && *n->role ? n->role : n->user, n->message,
                  n->clause && *n->clause ? n->clause : NULL, n->id, 0};
    c->fn(c->ctx, &it);
    return 0;
}

/* Official social-media accounts whose periodic monitoring (tokyo-edu 10カ)
 * falls due; closed accounts are no longer watched. */
static int due_social(void *ctx, const SocialAccountRow *a)
{
    DueCtx *c = ctx;
    const SocialPolicy *s = c->app->profile->social;
    int due = ymd_of(a->monitor_due);
    if (!due || due > c->until || strcmp(a->status, "closed") == 0)
        return 0;
    char what[512];
    snprintf(what, sizeof what, "%s %s", a->service ? a->service : "", a->account_name ? a->account_name : "");
    DueItem it = {DUE_SOCIAL_MONITOR, due < c->today, a->monitor_due, 0, what, c->app->profile->roles[s->manager_role].id,
                  "SNSアカウントの定期監視（発信・返信内容の確認）", s->monitoring_clause, 0, a->id};
    c->fn(c->ctx, &it);
    return 0;
}

AppRc app_due(App *app, int within_days, void (*fn)(void *ctx, const DueItem *item), void *ctx)
{
    app_scratch(app);
    if (!app->acting)
        return app_fail(app, APP_INVALID, NULL, "操作する利用者を --as LOGIN で指定してください");
    DueCtx c = {app, app->today, date_add_days(app->today, within_days), fn, ctx, NULL};
    char until[11];
    date_format(c.until, until);
    if (store_ledger_due(app->db, &app->arena, app->org.id, until, due_entry, &c) != 0)
        return app_dbfail(app);
    /* Collect first: one statement is read at a time. */
    CertList *certs = arena_alloc(&app->arena, sizeof *certs);
    if (!certs)
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    if (store_certs_lapsing(app->db, &app->arena, app->org.id, until, collect_cert, certs) != 0)
        return app_dbfail(app);
    for (int i = 0; i < certs->n; i++) {
        c.cert = &certs->rows[i];
        if (store_ledger_by_service(app->db, &app->arena, certs->rows[i].service_id, due_cert_entry, &c) != 0)
            return app_dbfail(app);
    }
    if (store_notifications(app->db, &app->arena, app->org.id, 1, due_note, &c) != 0)
        return app_dbfail(app);
    if (app->profile->social && store_social_accounts(app->db, &app->arena, app->org.id, due_social, &c) != 0)
        return app_dbfail(app);
    /* Contact charts missing or not reviewed within the interval (app_contacts.c). */
    AppRc crc = app_contact_due(app, c.until, fn, ctx);
    if (crc != APP_OK)
        return crc;
    return APP_OK;
}
