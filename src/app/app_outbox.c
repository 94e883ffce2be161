/* The notification outbox (see app_outbox.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app_internal.h"
#include "app/app_outbox.h"
#include "domain/dates.h"
#include "store/sessions.h"

/* `iso` ("YYYY-MM-DDTHH:MM:SSZ") moved by `minutes`, into out; -1 when it
 * is not such a time. */
static int iso_add_minutes(const char *iso, int minutes, char out[CLOCK_ISO_LEN])
{
    struct tm tm = {0};
    if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
               &tm.tm_sec) != 6)
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm) + (time_t)minutes * 60;
    struct tm u;
    if (!gmtime_r(&t, &u))
        return -1;
    strftime(out, CLOCK_ISO_LEN, "%Y-%m-%dT%H:%M:%SZ", &u);
    return 0;
}

const char *outbox_kind_label(const char *kind)
{
    static const struct {
        const char *kind, *label;
    } labels[] = {
        {"application.submitted", "申請の審査依頼"}, {"application.decided", "申請の決定"},
        {"ledger.report", "台帳の報告"},            {"ledger.end", "利用終了の報告"},
        {"review.due", "定期点検の期限"},
    };
    for (size_t i = 0; kind && i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i].kind, kind) == 0)
            return labels[i].label;
    return "お知らせ";
}

/* "application:12" → number 12 of kind "application"; 0 when not so. */
static long long object_number(const char *object, const char *kind)
{
    size_t n = strlen(kind);
    if (!object || strncmp(object, kind, n) != 0 || object[n] != ':')
        return 0;
    char *end;
    long long v = strtoll(object + n + 1, &end, 10);
    return *end == 0 && v > 0 ? v : 0;
}

/* The page an object is read on, and its name in a subject. */
static void object_link(const char *object, char *link, size_t link_size, char *label, size_t label_size)
{
    long long n;
    link[0] = label[0] = 0;
    if ((n = object_number(object, "application"))) {
        snprintf(link, link_size, "/applications/%lld", n);
        snprintf(label, label_size, "申請 %lld", n);
    } else if ((n = object_number(object, "ledger"))) {
        snprintf(link, link_size, "/ledger/%lld", n);
        snprintf(label, label_size, "台帳 第%lld号", n);
    }
}

/* ---- filling ---- */

typedef struct NoteList {
    NoteEvent *v;
    int n, cap;
    Arena *a;
} NoteList;

static int collect_note(void *ctx, const NoteEvent *e)
{
    NoteList *l = ctx;
    if (l->n == l->cap) {
        int ncap = l->cap ? l->cap * 2 : 64;
        NoteEvent *more = arena_alloc(l->a, sizeof *more * (size_t)ncap);
        if (!more)
            return 1;
        if (l->n)
            memcpy(more, l->v, sizeof *more * (size_t)l->n);
        l->v = more, l->cap = ncap;
    }
    l->v[l->n++] = *e;
    return 0;
}

/* One row per addressee of `base` (its user_id is set per addressee). */
static int add_rows(App *app, OutboxRow *base, const long long *ids, int n, long long skip, OutboxFill *out)
{
    for (int i = 0; i < n; i++) {
        if (ids[i] == skip)
            continue;
        base->user_id = ids[i];
        long long added = 0;
        if (store_outbox_add(app->db, base, &added) != 0)
            return -1;
        out->rows += added;
    }
    return 0;
}

static int fill_note(App *app, const NoteEvent *e, OutboxFill *out)
{
    char link[64], label[64], subject[256], source[64];
    object_link(e->object, link, sizeof link, label, sizeof label);
    snprintf(subject, sizeof subject, "[daicho] %s%s%s%s", outbox_kind_label(e->kind), label[0] ? "（" : "", label,
             label[0] ? "）" : "");
    snprintf(source, sizeof source, "notification:%lld", e->id);
    OutboxRow row = {.org_id = e->org_id, .kind = e->kind, .object = e->object, .subject = subject, .body = e->message,
                     .clause = e->clause, .link = link, .source = source, .created_at = e->created_at};
    if (e->user_id) {
        long long one = e->user_id;
        return add_rows(app, &row, &one, 1, 0, out);
    }
    long long *ids;
    int n;
    if (!*e->role || store_role_holders(app->db, &app->arena, e->org_id, e->role, &ids, &n) != 0)
        return *e->role ? -1 : 0;
    /* The one who submitted needs no request to review their own application. */
    long long skip = 0, app_id = object_number(e->object, "application");
    if (app_id && strcmp(e->kind, "application.submitted") == 0) {
        AppRow r;
        int found = store_app_get(app->db, &app->arena, e->org_id, app_id, &r);
        if (found < 0)
            return -1;
        if (found)
            skip = r.applicant_id;
    }
    long long before = out->rows;
    if (add_rows(app, &row, ids, n, skip, out) != 0)
        return -1;
    if (out->rows == before && n == 0)
        out->unaddressed++;
    return 0;
}

typedef struct OrgList {
    OrgRow *v;
    int n, cap;
    Arena *a;
} OrgList;

static int collect_org(void *ctx, const OrgRow *o)
{
    OrgList *l = ctx;
    if (l->n == l->cap) {
        int ncap = l->cap ? l->cap * 2 : 16;
        OrgRow *more = arena_alloc(l->a, sizeof *more * (size_t)ncap);
        if (!more)
            return 1;
        if (l->n)
            memcpy(more, l->v, sizeof *more * (size_t)l->n);
        l->v = more, l->cap = ncap;
    }
    l->v[l->n++] = *o;
    return 0;
}

enum { REVIEW_PAGE = 200 };

typedef struct DuePage {
    ReviewDue v[REVIEW_PAGE];
    int n;
} DuePage;

static int collect_due(void *ctx, const ReviewDue *e)
{
    DuePage *pg = ctx;
    pg->v[pg->n++] = *e;
    return pg->n == REVIEW_PAGE;
}

/* One due review → the entry's administrator (or, when the administrator
 * has left, the holders of the track's approver role). */
static int fill_review(App *app, const Profile *p, const OrgRow *o, const ReviewDue *e, const char *today, OutboxFill *out)
{
    int track = 0;
    while (track_values[track] && strcmp(track_values[track], e->track) != 0)
        track++;
    if (track >= TRACK_COUNT)
        return 0; /* not a track this build knows: nothing can be said of it */
    const Track *t = &p->tracks[track];
    int overdue = strcmp(e->review_due, today) < 0;
    char msg[512], subject[256], source[96], link[64];
    snprintf(msg, sizeof msg, "台帳 第%lld号「%s」の定期点検の期限は %s です%s。点検を行い、結果を記録してください。", e->number,
             e->service_name, e->review_due, overdue ? "（期限を過ぎています）" : "");
    snprintf(subject, sizeof subject, "[daicho] %s（台帳 第%lld号）%s", outbox_kind_label("review.due"), e->number,
             overdue ? " 期限超過" : "");
    snprintf(source, sizeof source, "review:%lld:%s", e->id, e->review_due);
    snprintf(link, sizeof link, "/ledger/%lld", e->number);
    const char *clause = NULL;
    for (int k = 0; k < p->n_items && !clause; k++)
        if (p->items[k].phase == PHASE_OPERATION && (p->items[k].track_mask & (1u << track)))
            clause = p->items[k].clause;
    char object[48];
    snprintf(object, sizeof object, "ledger:%lld", e->number);
    OutboxRow row = {.org_id = o->id, .kind = "review.due", .object = object, .subject = subject, .body = msg,
                     .clause = clause, .link = link, .source = source, .created_at = app->now};
    UserRow admin;
    int found = e->administrator_id ? store_user_get(app->db, &app->arena, e->administrator_id, &admin) : 0;
    if (found < 0)
        return -1;
    if (found && admin.active)
        return add_rows(app, &row, &admin.id, 1, 0, out);
    long long *ids;
    int n = 0;
    if (t->approver_role >= 0 && store_role_holders(app->db, &app->arena, o->id, p->roles[t->approver_role].id, &ids, &n) != 0)
        return -1;
    if (n == 0) {
        out->unaddressed++;
        return 0;
    }
    return add_rows(app, &row, ids, n, 0, out);
}

/* Reviews due within `days` (or overdue) of one organization, a page of
 * REVIEW_PAGE entries per transaction: memory and the time the writers'
 * lock is held stay small however large the ledger is, and a run stopped
 * half-way is simply repeated (an outbox row's source is unique). */
static int fill_reviews(App *app, const OrgRow *o, int days, OutboxFill *out)
{
    const Profile *p = profileset_find(app->profiles, o->profile_id);
    if (!p)
        return 0; /* its profile is not loaded: nothing can be said about its tracks */
    char until[11], today[11], after_due[11] = "";
    date_format(date_add_days(app->today, days), until);
    date_format(app->today, today);
    long long after_id = 0;
    for (;;) {
        DuePage page = {.n = 0};
        Arena rows;
        arena_init(&rows, NULL, 0);
        int rc = store_reviews_due_page(app->db, &rows, o->id, until, after_due, after_id, REVIEW_PAGE, collect_due, &page);
        if (rc == 0 && page.n > 0 && db_begin(app->db) != 0)
            rc = -1;
        for (int i = 0; rc == 0 && i < page.n; i++)
            rc = fill_review(app, p, o, &page.v[i], today, out);
        if (rc == 0 && page.n > 0 && db_commit(app->db) != 0)
            rc = -1;
        if (page.n > 0) {
            snprintf(after_due, sizeof after_due, "%s", page.v[page.n - 1].review_due);
            after_id = page.v[page.n - 1].id;
        }
        int more = page.n == REVIEW_PAGE;
        arena_free(&rows);
        /* the page's user rows and role lists go with it */
        arena_free(&app->arena);
        arena_init(&app->arena, NULL, 0);
        if (rc != 0)
            return -1;
        if (!more)
            return 0;
    }
}

AppRc app_outbox_fill(App *app, int review_days, OutboxFill *out)
{
    app_scratch(app);
    memset(out, 0, sizeof *out);
    /* On PostgreSQL every use case holds the audit head lock while it
     * writes, so notification ids become visible in id order and a cursor
     * never passes over one still uncommitted. */
    if (db_begin(app->db) != 0)
        return app_dbfail(app);
    long long last = 0, review_day = 0;
    if (store_outbox_cursor_get(app->db, "notifications", &last) < 0 ||
        store_outbox_cursor_get(app->db, "review_day", &review_day) < 0)
        return app_dbfail(app);
    /* Collect first: one statement is read at a time. */
    NoteList notes = {.a = &app->arena};
    if (store_notes_after(app->db, &app->arena, last, OUTBOX_BATCH, collect_note, &notes) != 0)
        return app_dbfail(app);
    if (app->arena.failed)
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    for (int i = 0; i < notes.n; i++) {
        if (fill_note(app, &notes.v[i], out) != 0)
            return app_dbfail(app);
        last = notes.v[i].id;
        out->notes++;
    }
    if (notes.n && store_outbox_cursor_set(app->db, "notifications", last) != 0)
        return app_dbfail(app);
    if (db_commit(app->db) != 0)
        return app_dbfail(app);
    if (review_day != app->today) {
        /* The organizations in their own arena: each review page frees app->arena. */
        Arena orgs_arena;
        arena_init(&orgs_arena, NULL, 0);
        OrgList orgs = {.a = &orgs_arena};
        int rc = store_org_each(app->db, &orgs_arena, collect_org, &orgs) != 0 ? -1 : 0;
        if (rc == 0 && orgs_arena.failed) {
            arena_free(&orgs_arena);
            return app_fail(app, APP_DBFAIL, NULL, "out of memory");
        }
        for (int i = 0; rc == 0 && i < orgs.n; i++)
            rc = fill_reviews(app, &orgs.v[i], review_days, out);
        arena_free(&orgs_arena);
        if (rc != 0 || db_begin(app->db) != 0 || store_outbox_cursor_set(app->db, "review_day", app->today) != 0 ||
            db_commit(app->db) != 0)
            return app_dbfail(app);
        out->reviews_scanned = 1;
    }
    return APP_OK;
}

/* ---- sending ---- */

typedef struct Taken {
    OutboxRow *v;
    int n, cap;
    Arena *a;
} Taken;

static int collect_row(void *ctx, const OutboxRow *r)
{
    Taken *t = ctx;
    if (t->n == t->cap)
        return 1;
    t->v[t->n++] = *r;
    return 0;
}

/* Minutes before attempt `attempts` + 1: 5, 10, 20 … up to six hours, so
 * a mail server that is down for a day is not hammered yet nothing waits
 * longer than six hours once it is back. */
static int retry_minutes(int attempts)
{
    int m = 5;
    for (int i = 1; i < attempts && m < 360; i++)
        m *= 2;
    return m < 360 ? m : 360;
}

AppRc app_outbox_send(App *app, int limit, int (*send)(void *ctx, const OutboxRow *row, Str *err), void *ctx,
                      int *sent, int *failed)
{
    app_scratch(app);
    int n_sent = 0, n_failed = 0;
    if (sent)
        *sent = 0;
    if (failed)
        *failed = 0;
    Taken t = {.a = &app->arena, .cap = limit > 0 ? limit : 1};
    t.v = arena_alloc(&app->arena, sizeof *t.v * (size_t)t.cap);
    if (!t.v)
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    if (store_outbox_due(app->db, &app->arena, app->now, t.cap, collect_row, &t) != 0)
        return app_dbfail(app);
    char lease[CLOCK_ISO_LEN];
    if (iso_add_minutes(app->now, OUTBOX_LEASE_MINUTES, lease) != 0)
        return app_fail(app, APP_DBFAIL, NULL, "時刻 %s を読めません (bad clock)", app->now);
    for (int i = 0; i < t.n; i++) {
        const OutboxRow *r = &t.v[i];
        /* Each step commits by itself: the mail goes out between them and
         * no transaction stays open while the mail server answers. */
        int mine = store_outbox_claim(app->db, r->id, app->now, lease);
        if (mine < 0)
            return app_dbfail(app);
        if (!mine)
            continue;
        Str err = STR_INIT;
        int rc = send(ctx, r, &err);
        char now[CLOCK_ISO_LEN], retry[CLOCK_ISO_LEN];
        clock_now_iso(now);
        int db_rc;
        if (rc == 0) {
            db_rc = store_outbox_sent(app->db, r->id, now);
            n_sent++;
        } else {
            if (iso_add_minutes(now, retry_minutes(r->attempts + 1), retry) != 0)
                snprintf(retry, sizeof retry, "%s", lease);
            const char *msg = err.len ? str_cstr(&err) : "送信できませんでした (send failed)";
            db_rc = store_outbox_failed(app->db, r->id, msg, retry);
            n_failed++;
        }
        str_free(&err);
        if (db_rc != 0)
            return app_dbfail(app);
    }
    if (sent)
        *sent = n_sent;
    if (failed)
        *failed = n_failed;
    return APP_OK;
}

AppRc app_outbox_list(App *app, int whole_org, int limit, int offset, int (*fn)(void *ctx, const OutboxRow *row),
                      void *ctx, long long *total)
{
    app_scratch(app);
    if (!app->acting)
        return app_fail(app, APP_INVALID, NULL, "操作する利用者を --as LOGIN で指定してください");
    if (whole_org && !app->actor.is_admin) {
        app->denied = 1;
        return app_fail(app, APP_INVALID, NULL, "組織全体の通知の送信状況はシステム管理者だけが見られます");
    }
    if (store_outbox_list(app->db, &app->arena, app->org.id, whole_org ? 0 : app->user.id, limit, offset, fn, ctx,
                          total) != 0)
        return app_dbfail(app);
    return APP_OK;
}
