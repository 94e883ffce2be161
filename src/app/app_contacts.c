/* Contact charts of ledger entries (app/app_contacts.h): read the chart with
 * its escalation path, save a version, record a review without change, the
 * approach for the incidents area, and the due items. The JSON, CSV and
 * the sample document are in app_contact_out.c. */
#include <stdio.h>
#include <string.h>

#include "app/app_contacts.h"
#include "app/app_internal.h"
#include "domain/dates.h"
#include "exchange/contact_json.h"
#include "policy/approach.h"

const char *const contact_status_names[] = {"missing", "current", "due_soon", "overdue", NULL};
const char *const contact_status_labels[] = {"未作成", "確認済み", "確認期限が近い", "確認期限切れ"};

AppRc app_contact_approach(App *app, long long entry_id, int *approach)
{
    *approach = APPROACH_NONE;
    ContactChartRow row;
    int found = store_contact_latest(app->db, &app->arena, entry_id, &row);
    if (found < 0)
        return app_dbfail(app);
    if (found) {
        int k = approach_parse(row.approach);
        *approach = k > 0 ? k : APPROACH_NONE;
    }
    return APP_OK;
}

static const ContactPolicy *section(App *app)
{
    if (!app->acting) {
        app_fail(app, APP_INVALID, NULL, "操作する利用者を --as LOGIN で指定してください");
        return NULL;
    }
    if (!app->profile->contacts) {
        app_fail(app, APP_INVALID, NULL, "この団体の基準（%s）には連絡体制図の定めがありません", app->profile->id);
        return NULL;
    }
    return app->profile->contacts;
}

static int may_keep(App *app, const EntryRow *e, char *why, size_t size)
{
    Refusal r = {{0}, NULL};
    int ok = ledger_may_keep(app->profile, e->track, &app->actor, e->administrator_id, &r);
    if (!ok && why)
        snprintf(why, size, "%s%s%s%s", r.message, r.clause ? " [" : "", r.clause ? r.clause : "", r.clause ? "]" : "");
    return ok;
}

typedef struct People {
    ContactPathStep *step;
    Arena *a;
    int cap;
} People;

static int on_person(void *ctx, const ContactPerson *p)
{
    People *pp = ctx;
    if (pp->step->n_people == pp->cap)
        return 1;
    pp->step->people[pp->step->n_people++] = *p;
    return 0;
}

static const ContactEscalation *numbers_of(const ContactView *v, const char *role)
{
    for (int i = 0; v->has_chart && i < v->chart.n_escalation; i++)
        if (strcmp(v->chart.escalation[i].role, role) == 0)
            return &v->chart.escalation[i];
    return NULL;
}

/* The escalation path: the entry's administrator, then the section's roles
 * with the users who hold them now. */
static AppRc read_path(App *app, const ContactPolicy *cp, ContactView *v)
{
    enum { PEOPLE_MAX = 32 };
    const Profile *p = app->profile;
    int sa = profile_role_index(p, "service_admin");
    ContactPathStep *s = &v->path[v->n_path++];
    s->role = "administrator";
    s->label = sa >= 0 ? p->roles[sa].label : "外部サービス管理者";
    s->clause = p->tracks[v->entry.track].administrator_clause;
    s->people = arena_alloc(&app->arena, sizeof *s->people);
    if (!s->people)
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    if (v->entry.administrator_id) {
        int found = store_contact_person(app->db, &app->arena, app->org.id, v->entry.administrator_id, s->people);
        if (found < 0)
            return app_dbfail(app);
        s->n_people = found;
    }
    s->numbers = numbers_of(v, "administrator");
    for (int i = 0; i < cp->n_steps; i++) {
        s = &v->path[v->n_path++];
        const Role *r = &p->roles[cp->steps[i].role];
        s->role = r->id;
        s->label = r->label;
        s->clause = cp->steps[i].clause;
        s->people = arena_alloc(&app->arena, sizeof *s->people * PEOPLE_MAX);
        if (!s->people)
            return app_fail(app, APP_DBFAIL, NULL, "out of memory");
        People pp = {s, &app->arena, PEOPLE_MAX};
        if (store_contact_role_holders(app->db, &app->arena, app->org.id, r->id, on_person, &pp) != 0)
            return app_dbfail(app);
        s->numbers = numbers_of(v, r->id);
    }
    return APP_OK;
}

/* The view of an entry already read into v->entry. */
static AppRc fill_view(App *app, const ContactPolicy *cp, ContactView *v)
{
    v->review_months = contact_review_months(app->profile);
    v->may_keep = may_keep(app, &v->entry, v->why, sizeof v->why);
    int found = store_contact_latest(app->db, &app->arena, v->entry.id, &v->row);
    if (found < 0)
        return app_dbfail(app);
    v->has_chart = found;
    v->status = CONTACT_MISSING;
    if (found) {
        Str err = STR_INIT;
        int bad = contact_chart_parse("contact_charts", v->row.doc, strlen(v->row.doc), &app->arena, &v->chart, &err);
        if (bad) {
            AppRc rc = app_fail(app, APP_DBFAIL, NULL, "台帳 第%lld号 の連絡体制図（版%d）を読めません: %s", v->entry.number,
                                v->row.version, str_cstr(&err));
            str_free(&err);
            return rc;
        }
        str_free(&err);
        v->n_findings = contact_chart_check(app->profile, &v->chart, v->findings);
        int due = date_add_months(date_jst_day(v->row.saved_at), v->review_months);
        date_format(due, v->review_due);
        v->status = due < app->today                                           ? CONTACT_OVERDUE
                    : due <= date_add_days(app->today, CONTACT_DUE_SOON_DAYS) ? CONTACT_DUE_SOON
                                                                               : CONTACT_CURRENT;
    }
    return read_path(app, cp, v);
}

AppRc app_contact_view(App *app, long long number, ContactView *out)
{
    app_scratch(app);
    memset(out, 0, sizeof *out);
    const ContactPolicy *cp = section(app);
    if (!cp)
        return APP_INVALID;
    AppRc rc = app_entry_by_number(app, number, &out->entry);
    return rc ? rc : fill_view(app, cp, out);
}

AppRc app_contact_view_entry(App *app, const EntryRow *e, ContactView *out)
{
    memset(out, 0, sizeof *out);
    const ContactPolicy *cp = section(app);
    if (!cp)
        return APP_INVALID;
    out->entry = *e;
    return fill_view(app, cp, out);
}

AppRc app_contact_versions(App *app, long long entry_id, int (*fn)(void *ctx, const ContactChartRow *row), void *ctx)
{
    return store_contact_versions(app->db, &app->arena, entry_id, fn, ctx) == 0 ? APP_OK : app_dbfail(app);
}

/* Start a change of entry `number`'s chart: the section, the entry (not
 * ended), the actor keeps it; the latest version into *latest (version 0
 * when none). */
static AppRc for_change(App *app, long long number, const char *note, EntryRow *e, ContactChartRow *latest)
{
    const ContactPolicy *cp = section(app);
    if (!cp)
        return APP_INVALID;
    AppRc rc = app_entry_by_number(app, number, e);
    if (rc)
        return rc;
    Refusal r = {{0}, NULL};
    if (!ledger_may_keep(app->profile, e->track, &app->actor, e->administrator_id, &r)) {
        rc = app_fail(app, APP_INVALID, r.clause, "連絡体制図: %s%s%s%s", r.message, r.clause ? " [" : "",
                      r.clause ? r.clause : "", r.clause ? "]" : "");
        app->denied = 1;
        return rc;
    }
    if (e->state == ENTRY_ENDED)
        return app_fail(app, APP_INVALID, NULL, "利用終了した台帳 第%lld号 の連絡体制図は更新できません", number);
    if (note && strlen(note) > CONTACT_NOTE_MAX)
        return app_fail(app, APP_INVALID, NULL, "note: %d バイトまでです (too long)", CONTACT_NOTE_MAX);
    memset(latest, 0, sizeof *latest);
    if (store_contact_latest(app->db, &app->arena, e->id, latest) < 0)
        return app_dbfail(app);
    return APP_OK;
}

/* Write version latest+1 with its audit event, in one transaction. */
static AppRc write_version(App *app, const EntryRow *e, const ContactChartRow *latest, const char *doc,
                           const char *approach, const char *note, const char *action, int *version)
{
    int v = latest->version + 1;
    Str data = STR_INIT;
    str_appendf(&data, "{\"version\":%d", v);
    str_append_json_member(&data, "approach", approach);
    str_append_json_member(&data, "note", note ? note : "");
    str_appendc(&data, '}');
    AppRc rc = APP_OK;
    if (str_failed(&data) || audit_begin(app->db) != 0 ||
        store_contact_insert(app->db, e->id, v, doc, approach, note, app->user.id, app->now) != 0 ||
        app_audit(app, action, app_object(app, "ledger", e->number), str_cstr(&data)) != 0 || db_commit(app->db) != 0)
        rc = app_dbfail(app);
    str_free(&data);
    if (rc == APP_OK && version)
        *version = v;
    return rc;
}

AppRc app_contact_save(App *app, long long number, const char *file, const char *json, size_t len, const char *note,
                       int *version)
{
    app_scratch(app);
    EntryRow e;
    ContactChartRow latest;
    AppRc rc = for_change(app, number, note, &e, &latest);
    if (rc)
        return rc;
    ContactChart c;
    Str err = STR_INIT;
    if (contact_chart_parse(file, json, len, &app->arena, &c, &err) != 0) {
        rc = app_fail(app, APP_INVALID, NULL, "%s", str_cstr(&err));
        str_free(&err);
        return rc;
    }
    str_free(&err);
    ContactFinding f[CONTACT_MAX_FINDINGS];
    int n = contact_chart_check(app->profile, &c, f);
    for (int i = 0; i < n; i++)
        if (f[i].block)
            return app_fail(app, APP_INVALID, f[i].clause, "%s%s%s%s", f[i].message, f[i].clause ? " [" : "",
                            f[i].clause ? f[i].clause : "", f[i].clause ? "]" : "");
    Str doc = STR_INIT;
    contact_chart_write(&c, &doc);
    rc = str_failed(&doc) ? app_fail(app, APP_DBFAIL, NULL, "out of memory")
                          : write_version(app, &e, &latest, str_cstr(&doc), approach_names[c.approach], note,
                                          "contacts.save", version);
    str_free(&doc);
    return rc;
}

AppRc app_contact_review(App *app, long long number, const char *note, int *version)
{
    app_scratch(app);
    EntryRow e;
    ContactChartRow latest;
    AppRc rc = for_change(app, number, note, &e, &latest);
    if (rc)
        return rc;
    if (!latest.version)
        return app_fail(app, APP_INVALID, app->profile->contacts->clause,
                        "台帳 第%lld号 にはまだ連絡体制図がありません。先に作成してください (daicho contacts set)", number);
    return write_version(app, &e, &latest, latest.doc, latest.approach, note && *note ? note : "内容を確認した",
                         "contacts.review", version);
}

/* ---- due items ---- */

typedef struct DueRows {
    ContactDueRow *v;
    int n, cap;
    Arena *a;
} DueRows;

static int collect_due(void *ctx, const ContactDueRow *r)
{
    DueRows *d = ctx;
    if (d->n == d->cap) {
        int cap = d->cap ? d->cap * 2 : 64;
        ContactDueRow *v = arena_alloc(d->a, sizeof *v * (size_t)cap);
        if (!v)
            return 1;
        if (d->n)
            memcpy(v, d->v, sizeof *v * (size_t)d->n);
        d->v = v;
        d->cap = cap;
    }
    d->v[d->n++] = *r;
    return 0;
}

AppRc app_contact_due(App *app, int until, void (*fn)(void *ctx, const DueItem *item), void *ctx)
{
    const ContactPolicy *cp = app->profile->contacts;
    if (!cp)
        return APP_OK;
    DueRows rows = {NULL, 0, 0, &app->arena};
    if (store_contact_due(app->db, &app->arena, app->org.id, collect_due, &rows) != 0)
        return app_dbfail(app);
    int months = contact_review_months(app->profile);
    for (int i = 0; i < rows.n; i++) {
        const ContactDueRow *r = &rows.v[i];
        char *date = arena_alloc(&app->arena, 11);
        if (!date)
            return app_fail(app, APP_DBFAIL, NULL, "out of memory");
        if (!r->saved_at) {
            /* In use without a chart: owed since registration. */
            date_format(date_jst_day(r->created_at), date);
            DueItem it = {DUE_CONTACT_MISSING, 1, date, r->number, r->service_name, r->administrator_login,
                          "連絡体制図（休日・夜間の連絡先、委託事業者、庁内の報告経路）の作成", cp->clause, 0, 0};
            fn(ctx, &it);
            continue;
        }
        int due = date_add_months(date_jst_day(r->saved_at), months);
        if (due > until)
            continue;
        date_format(due, date);
        DueItem it = {DUE_CONTACT_REVIEW, due < app->today, date, r->number, r->service_name, r->administrator_login,
                      "連絡体制図の定期確認（連絡先が変わっていないか）", cp->clause, 0, 0};
        fn(ctx, &it);
    }
    return APP_OK;
}
