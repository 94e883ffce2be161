/* The use cases of src/app/app.h (DESIGN.md "Workflow and ledger") against
 * the backend named by DAICHO_TEST_DB (a postgresql:// URL, wiped before
 * every test) or a fresh SQLite file per test when it is unset.
 *
 * Every test names the rule and the clause of the standard it checks, and
 * checks both sides of the boundary: the step the procedure allows and the
 * one it refuses. A refusal must leave the database as it was: that is
 * checked by comparing a snapshot of row counts, the audit head and the
 * application and ledger rows before and after (snap_take / expect_refused).
 *
 * Dates are fixed with DAICHO_NOW (src/util/clock.h): approvals happen on
 * 2026-04-10 (JST) unless a test says otherwise. Passwords are set only in
 * the test that checks them (Argon2id is deliberately slow). */
#include <ctype.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "apptest.h"
#include "store/lifecycle.h"

/* ------------------------------------------------------------------ fixture */

/* The approval day of most tests is APPTEST_NOW, the time setup fixes
 * (09:30 on 2026-04-10 in Japan); the review falls due a year later. */
#define DUE_AFTER_APPROVE "2027-04-10"

/* ------------------------------------------------------------------ helpers */

/* Add a user as the administrator "admin" (add_user_by). */
static long long add_user(App *app, const char *login, const char *name, const char *dept, const char *title,
                          const char **roles)
{
    return add_user_by(app, "admin", login, name, dept, title, roles);
}

/* End of the JSON value starting at p (a string, number, literal, array or object). */
static const char *json_value_end(const char *p)
{
    if (*p == '"') {
        for (p++; *p && *p != '"'; p++)
            if (*p == '\\' && p[1])
                p++;
        return *p ? p + 1 : p;
    }
    if (*p == '[' || *p == '{') {
        int depth = 0;
        for (; *p; p++) {
            if (*p == '"') {
                p = json_value_end(p) - 1;
                continue;
            }
            if (*p == '[' || *p == '{')
                depth++;
            else if ((*p == ']' || *p == '}') && --depth == 0)
                return p + 1;
        }
        return p;
    }
    while (*p && *p != ',' && *p != '}' && *p != ']' && !isspace((unsigned char)*p))
        p++;
    return p;
}

/* A copy of `json` with the first member `key` found after `anchor` (NULL:
 * from the start) given the JSON text `value`, or removed when `value` is
 * NULL. Enough for the examples' one-member-a-line layout; caller frees. */
static char *json_set(const char *json, const char *anchor, const char *key, const char *value)
{
    const char *from = json;
    if (anchor) {
        from = strstr(json, anchor);
        if (!from)
            fail_msg("json_set: anchor %s not found", anchor);
        from += strlen(anchor);
    }
    char qkey[128];
    snprintf(qkey, sizeof qkey, "\"%s\"", key);
    const char *k = strstr(from, qkey);
    if (!k)
        fail_msg("json_set: key %s not found", key);
    const char *p = k + strlen(qkey);
    while (isspace((unsigned char)*p))
        p++;
    assert_int_equal(*p, ':');
    p++;
    while (isspace((unsigned char)*p))
        p++;
    const char *vstart = p, *vend = json_value_end(p);
    const char *cut_from = vstart, *cut_to = vend;
    if (!value) {
        const char *q = vend;
        while (isspace((unsigned char)*q))
            q++;
        if (*q == ',') {
            cut_from = k;
            cut_to = q + 1;
        } else {
            const char *b = k - 1;
            while (b > json && isspace((unsigned char)*b))
                b--;
            assert_int_equal(*b, ',');
            cut_from = b;
            cut_to = vend;
        }
    }
    size_t head = (size_t)(cut_from - json), vlen = value ? strlen(value) : 0, tail = strlen(cut_to);
    char *out = malloc(head + vlen + tail + 1);
    assert_non_null(out);
    memcpy(out, json, head);
    if (value)
        memcpy(out + head, value, vlen);
    memcpy(out + head + vlen, cut_to, tail + 1);
    return out;
}

/* json_set that frees its input. */
static char *json_edit(char *json, const char *anchor, const char *key, const char *value)
{
    char *out = json_set(json, anchor, key, value);
    free(json);
    return out;
}

static long long create_app(App *app, const char *login, const char *json)
{
    act_as(app, login);
    long long id = 0;
    AppRc rc = app_apply_create(app, "test.json", json, strlen(json), &id);
    if (rc != APP_OK)
        fail_msg("%s: create: %s", login, errtext(app));
    assert_true(id > 0);
    return id;
}

/* One step of the procedure as `login`. */
static AppRc step(App *app, const char *login, long long id, AppAction action, const char *reason,
                  const char *administrator, int accept_risks, long long *entry)
{
    act_as(app, login);
    DecideOptions o = {reason, administrator, accept_risks};
    return app_apply_act(app, id, action, &o, entry);
}

static void app_row(App *app, long long id, AppRow *r)
{
    AppRc rc = app_apply_get(app, id, r);
    if (rc != APP_OK)
        fail_msg("application %lld: %s", id, errtext(app));
}

static long long audit_count(App *app) { return query_int(app, "SELECT count(*) FROM audit_events"); }

/* ---- "nothing written": counts, the audit head, and the rows themselves ---- */

static const char *const SNAP_SQL[] = {
    "SELECT count(*) FROM audit_events",   "SELECT seq FROM audit_head WHERE id = 1",
    "SELECT count(*) FROM application_steps", "SELECT count(*) FROM applications",
    "SELECT count(*) FROM notifications",  "SELECT count(*) FROM ledger_entries",
    "SELECT count(*) FROM ledger_versions", "SELECT count(*) FROM checklist_records",
    "SELECT count(*) FROM reviews",        "SELECT count(*) FROM end_reports",
    "SELECT count(*) FROM users",          "SELECT count(*) FROM user_roles",
    "SELECT count(*) FROM services",       "SELECT count(*) FROM departments",
};
enum { SNAP_N = sizeof SNAP_SQL / sizeof SNAP_SQL[0] };

typedef struct Snap {
    long long n[SNAP_N];
    Str rows;   /* every application and ledger row, as text */
} Snap;

static const char SQL_APP_ROWS[] =
    "SELECT id, state, version, verdict, reason, submitted_at, decided_at, decided_by, entry_id, doc, evaluation"
    " FROM applications ORDER BY id";
static const char SQL_ENTRY_ROWS[] =
    "SELECT id, number, state, version, review_due, last_review, period_to, administrator_id, ended_at, doc"
    " FROM ledger_entries ORDER BY id";

static void rows_text(App *app, const char *sql, Str *out)
{
    DbStmt *st = db_prepare(app->db, sql);
    if (!st)
        fail_msg("%s: %s", sql, db_errmsg(app->db));
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        for (int c = 0; c < db_col_count(st); c++) {
            const char *v = db_col_text(st, c);
            str_appendf(out, "%s|", v ? v : "<null>");
        }
        str_append(out, "\n");
    }
    db_reset(st);
    if (rc != DB_DONE)
        fail_msg("%s: %s", sql, db_errmsg(app->db));
}

static void snap_take(App *app, Snap *s)
{
    memset(s, 0, sizeof *s);
    for (int i = 0; i < SNAP_N; i++)
        s->n[i] = query_int(app, SNAP_SQL[i]);
    rows_text(app, SQL_APP_ROWS, &s->rows);
    rows_text(app, SQL_ENTRY_ROWS, &s->rows);
}

static void snap_free(Snap *s) { str_free(&s->rows); }

/* What differs between `before` and now ("" when nothing), into msg. */
static void snap_diff(App *app, Snap *before, char *msg, size_t cap)
{
    Snap now;
    snap_take(app, &now);
    msg[0] = 0;
    for (int i = 0; i < SNAP_N && !msg[0]; i++)
        if (now.n[i] != before->n[i])
            snprintf(msg, cap, "%s went from %lld to %lld", SNAP_SQL[i], before->n[i], now.n[i]);
    if (!msg[0] && strcmp(str_cstr(&now.rows), str_cstr(&before->rows)) != 0)
        snprintf(msg, cap, "an application or ledger row changed");
    snap_free(&now);
}

/* A refused step: the result code, the clause (NULL: not checked; else
 * app->clause and the message both name it), a substring of the message
 * (NULL: not checked), and nothing written. Frees `before` (also when it
 * fails, so that a failing test reports no leak of its own). */
static void expect_refused_(App *app, AppRc got, AppRc want, const char *clause, const char *needle, Snap *before,
                            const char *what, int line)
{
    char msg[1400];
    char diff[300] = "";
    const char *err = errtext(app);
    msg[0] = 0;
    if (got != want)
        snprintf(msg, sizeof msg, "expected result %d, got %d: %s", want, got, err);
    else if (clause && (!app->clause || strcmp(app->clause, clause) != 0))
        snprintf(msg, sizeof msg, "expected clause %s, got %s (%s)", clause, app->clause ? app->clause : "NULL", err);
    else if (clause && !strstr(err, clause))
        snprintf(msg, sizeof msg, "the message does not name clause %s: %s", clause, err);
    else if (needle && !strstr(err, needle))
        snprintf(msg, sizeof msg, "the message lacks \"%s\": %s", needle, err);
    else {
        snap_diff(app, before, diff, sizeof diff);
        if (diff[0])
            snprintf(msg, sizeof msg, "refused (%s) but wrote to the database: %s", err, diff);
    }
    snap_free(before);
    if (msg[0])
        fail_msg("line %d: %s: %s", line, what, msg);
}
#define REFUSED(app, call, want, clause, needle)                                                                  \
    do {                                                                                                       \
        Snap snap_;                                                                                            \
        snap_take((app), &snap_);                                                                              \
        AppRc rc_ = (call);                                                                                    \
        expect_refused_((app), rc_, (want), (clause), (needle), &snap_, #call, __LINE__);                      \
    } while (0)

/* ---- ledger entries ---- */

typedef struct EntryCopy {
    long long id, number, administrator_id;
    int state, track, version;
    char review_due[16], last_review[32], period_to[16], admin_login[80], ended_at[32];
} EntryCopy;

static void copy_text(char *dst, size_t cap, const char *src) { snprintf(dst, cap, "%s", src ? src : ""); }

static EntryCopy entry(App *app, long long number)
{
    EntryRow e;
    AppRc rc = app_entry_get(app, number, &e);
    if (rc != APP_OK)
        fail_msg("ledger %lld: %s", number, errtext(app));
    EntryCopy c = {e.id, e.number, e.administrator_id, e.state, e.track, e.version, "", "", "", "", ""};
    copy_text(c.review_due, sizeof c.review_due, e.review_due);
    copy_text(c.last_review, sizeof c.last_review, e.last_review);
    copy_text(c.period_to, sizeof c.period_to, e.period_to);
    copy_text(c.admin_login, sizeof c.admin_login, e.administrator_login);
    copy_text(c.ended_at, sizeof c.ended_at, e.ended_at);
    return c;
}

typedef struct FieldCheck {
    int seen, empty_required;
    Str report;
    const char *applicant_name, *admin_department;
    int applicant_seen, admin_seen;
} FieldCheck;

static void check_field(void *ctx, const LedgerField *f, const char *value)
{
    FieldCheck *fc = ctx;
    fc->seen++;
    if (f->required && (!value || !*value)) {
        fc->empty_required++;
        str_appendf(&fc->report, " %s [%s]", f->label, f->clause ? f->clause : "");
    }
    if (strcmp(f->id, "applicant") == 0 && value && strstr(value, fc->applicant_name))
        fc->applicant_seen = 1;
    if (strcmp(f->id, "administrator") == 0 && value && strstr(value, fc->admin_department))
        fc->admin_seen = 1;
}

/* Every required ledger field of the profile has a value; the applicant is
 * the filing user (from the user record, not the document) and the
 * administrator's department is the nominee's. */
static void check_ledger_fields(App *app, long long number, const char *applicant_name, const char *admin_department)
{
    EntryRow e;
    OK(app, app_entry_get(app, number, &e));
    FieldCheck fc = {0, 0, STR_INIT, applicant_name, admin_department, 0, 0};
    OK(app, app_entry_fields(app, &e, check_field, &fc));
    assert_int_equal(fc.seen, app->profile->n_ledger);
    if (fc.empty_required)
        fail_msg("required ledger fields left empty:%s", str_cstr(&fc.report));
    str_free(&fc.report);
    assert_true(fc.applicant_seen);
    assert_true(fc.admin_seen);
}

/* ---- lifecycle checklists ---- */

static int item_applies_to(const Item *it, int track) { return (it->track_mask & (1u << track)) != 0; }

/* A must-item of `phase` and `track` that applies whatever the facts (no
 * condition, every category); NULL if the track has none. */
static const Item *plain_item(const Profile *p, Phase phase, int track)
{
    for (int i = 0; i < p->n_items; i++) {
        const Item *it = &p->items[i];
        if (it->phase == phase && item_applies_to(it, track) && !it->should && !it->when &&
            it->category_mask == (1u << CATEGORY_COUNT) - 1)
            return it;
    }
    return NULL;
}

static int must_items(const Profile *p, Phase phase, int track)
{
    int n = 0;
    for (int i = 0; i < p->n_items; i++)
        n += p->items[i].phase == phase && item_applies_to(&p->items[i], track) && !p->items[i].should;
    return n;
}

/* Record every must-item of `phase` for the entry as done, except `skip`. */
static int record_phase(App *app, long long number, Phase phase, int track, const Item *skip)
{
    const Profile *p = app->profile;
    int n = 0;
    for (int i = 0; i < p->n_items; i++) {
        const Item *it = &p->items[i];
        if (it->phase != phase || !item_applies_to(it, track) || it->should || it == skip)
            continue;
        AppRc rc = app_checklist_record(app, number, it->id, "done", "確認記録（テスト）");
        if (rc != APP_OK)
            fail_msg("record %s: %s", it->id, errtext(app));
        n++;
    }
    return n;
}

/* ---- notifications ---- */

typedef struct NoteCount {
    const char *kind, *role, *clause;
    int n;
} NoteCount;

static int count_note(void *ctx, const NotificationRow *row)
{
    NoteCount *c = ctx;
    if (strcmp(row->kind, c->kind) == 0 && (!c->role || (row->role && strcmp(row->role, c->role) == 0)) &&
        (!c->clause || (row->clause && strcmp(row->clause, c->clause) == 0)))
        c->n++;
    return 0;
}

static int notifications(App *app, const char *kind, const char *role, const char *clause)
{
    NoteCount c = {kind, role, clause, 0};
    Arena a;
    arena_init(&a, NULL, 0);
    if (store_notifications(app->db, &a, app->org.id, 0, count_note, &c) != 0)
        fail_msg("notifications: %s", db_errmsg(app->db));
    arena_free(&a);
    return c.n;
}

typedef struct DueNotes {
    long long ids[16];
    int n;
} DueNotes;

static void collect_due_note(void *ctx, const DueItem *it)
{
    DueNotes *d = ctx;
    if (it->kind == DUE_NOTIFICATION && d->n < 16)
        d->ids[d->n++] = it->notification;
}

static void verify_whole(App *app)
{
    AuditCheck chk;
    OK(app, app_audit_verify(app, &chk));
    if (chk.bad_seq)
        fail_msg("audit chain broken at %lld: %s", chk.bad_seq, chk.why);
    assert_int_equal(chk.checked, audit_count(app));
    assert_int_equal(chk.last_seq, query_int(app, "SELECT seq FROM audit_head WHERE id = 1"));
}

/* ------------------------------------------------- 1. the whole procedure */

typedef struct Flow {
    const char *profile;
    const char *example;          /* examples/<profile>/… */
    const char *approver_name_in_doc; /* replace the document's approver.name (NULL: keep) */
    int track;                    /* TRACK_* the example falls on */
    const char *verdict;          /* its verdict once filed */
    const char **applicant_roles, **approver_roles, **wrong_roles, **outsider_roles;
    const char *approver_clause;  /* the track's 許可権限者 */
    const char *risk_clause;      /* first risk the approver must accept, or NULL */
    const char *nominee_clause;   /* administrator: nominee → its clause, else NULL */
    const char *keep_clause;      /* who keeps the ledger: refused to others, with this clause */
    const char *reason;           /* needs_review: the approver's reason */
} Flow;

static void run_procedure(App *app, const Flow *f)
{
    const Profile *p = profileset_find(&profiles, f->profile);
    assert_non_null(p);
    const Track *t = &p->tracks[f->track];
    org_setup(app, f->profile);
    add_user(app, "shinsei", "申請 一郎", "申請課", "課長", f->applicant_roles);
    add_user(app, "kyoka", "許可 花子", "許可室", "室長", f->approver_roles);
    add_user(app, "chigau", "別役 次郎", "別課", "課長", f->wrong_roles);
    add_user(app, "tanin", "他人 三郎", "他課", "主事", f->outsider_roles);

    char *json = read_source(f->example);
    if (f->approver_name_in_doc) {
        char value[128];
        snprintf(value, sizeof value, "\"%s\"", f->approver_name_in_doc);
        json = json_edit(json, "\"approver\"", "name", value);
    }
    long long id = create_app(app, "shinsei", json);
    free(json);
    AppRow r;
    app_row(app, id, &r);
    assert_int_equal(r.state, APP_DRAFT);
    assert_int_equal(r.track, f->track);
    OK(app, step(app, "shinsei", id, ACT_SUBMIT, NULL, NULL, 0, NULL));
    app_row(app, id, &r);
    assert_int_equal(r.state, APP_SUBMITTED);
    assert_string_equal(r.verdict, f->verdict);
    /* The track's approver is notified that it waits for them. */
    assert_int_equal(notifications(app, "application.submitted", p->roles[t->approver_role].id, f->approver_clause), 1);

    /* Only the track's approver role may decide. */
    assert_string_equal(t->approver_clause, f->approver_clause);
    long long entry_id = 0;
    REFUSED(app, step(app, "chigau", id, ACT_APPROVE, "理由", "shinsei", 1, &entry_id), APP_INVALID,
            f->approver_clause, p->roles[t->approver_role].label);
    app_row(app, id, &r);
    assert_int_equal(r.state, APP_SUBMITTED);
    /* The risks the profile lists for the track (kitakyushu 4.1(2)(ア)–(ク),
     * tokyo-edu 3.1.7⑬) are accepted by the approver, whatever the
     * applicant answered. */
    if (f->risk_clause)
        REFUSED(app, step(app, "kyoka", id, ACT_APPROVE, f->reason, "shinsei", 0, &entry_id), APP_INVALID,
                f->risk_clause, NULL);
    /* Where the approver nominates the administrator, a nominee is required. */
    if (f->nominee_clause) {
        assert_int_equal(t->administrator, ADMIN_NOMINEE);
        REFUSED(app, step(app, "kyoka", id, ACT_APPROVE, f->reason, NULL, 1, &entry_id), APP_INVALID,
                f->nominee_clause, NULL);
    }
    if (f->reason)
        REFUSED(app, step(app, "kyoka", id, ACT_APPROVE, NULL, f->nominee_clause ? "shinsei" : NULL, 1, &entry_id),
                APP_INVALID, NULL, "理由");
    long long before = audit_count(app);
    OK(app, step(app, "kyoka", id, ACT_APPROVE, f->reason, f->nominee_clause ? "shinsei" : NULL,
                 f->risk_clause != NULL, &entry_id));
    assert_true(entry_id > 0);
    assert_true(audit_count(app) > before);
    app_row(app, id, &r);
    assert_int_equal(r.state, APP_APPROVED);
    assert_int_equal(r.entry_id, entry_id);
    assert_non_null(r.decided_at);

    /* The ledger entry: number 1, active, first version, the profile's
     * ledger fields, next review one interval after the approval. */
    EntryCopy e = entry(app, 1);
    assert_int_equal(e.id, entry_id);
    assert_int_equal(e.number, 1);
    assert_int_equal(e.state, ENTRY_ACTIVE);
    assert_int_equal(e.version, 1);
    assert_int_equal(e.track, f->track);
    assert_true(p->review_interval_months == 12 || p->review_interval_months == 0);
    assert_string_equal(e.review_due, DUE_AFTER_APPROVE);
    /* administrator: approver → the approver; applicant or nominee → the applicant here. */
    const char *admin = t->administrator == ADMIN_APPROVER ? "kyoka" : "shinsei";
    assert_string_equal(e.admin_login, admin);
    check_ledger_fields(app, 1, "申請 一郎", strcmp(admin, "kyoka") == 0 ? "許可室" : "申請課");

    /* Ledger change (DESIGN "every change is versioned"): the keeper may,
     * with a reason; nobody else. */
    FieldChange ch = {"usage_period.to", "2028-03-31"};
    act_as(app, "tanin");
    REFUSED(app, app_entry_change(app, 1, &ch, 1, "延長"), APP_INVALID, f->keep_clause, NULL);
    act_as(app, admin);
    REFUSED(app, app_entry_change(app, 1, &ch, 1, ""), APP_INVALID, NULL, "理由");
    /* (An unknown field is refused too: test_change_unknown_field, in a child process.) */
    OK(app, app_entry_change(app, 1, &ch, 1, "契約を1年延長"));
    e = entry(app, 1);
    assert_int_equal(e.version, 2);
    assert_string_equal(e.period_to, "2028-03-31");
    assert_int_equal(query_int(app, "SELECT count(*) FROM ledger_versions"), 2);

    /* Build checklist (3.3): recorded by the keeper, "done" needs evidence. */
    set_now("2026-05-01T01:00:00Z");
    const Item *build = plain_item(p, PHASE_BUILD, f->track);
    if (build) {
        REFUSED(app, app_checklist_record(app, 1, build->id, "done", ""), APP_INVALID, build->clause, NULL);
        act_as(app, "tanin");
        REFUSED(app, app_checklist_record(app, 1, build->id, "done", "根拠"), APP_INVALID, f->keep_clause, NULL);
        act_as(app, admin);
        assert_int_equal(record_phase(app, 1, PHASE_BUILD, f->track, NULL), must_items(p, PHASE_BUILD, f->track));
    } else {
        /* The track has no build items: an item of the other track is refused. */
        const Item *other = plain_item(p, PHASE_BUILD, 1 - f->track);
        assert_non_null(other);
        REFUSED(app, app_checklist_record(app, 1, other->id, "done", "根拠"), APP_INVALID, other->clause,
                "適用されません");
    }
    /* Approval-phase items are not lifecycle checklist items. */
    for (int i = 0; i < p->n_items; i++)
        if (p->items[i].phase == PHASE_APPROVAL) {
            REFUSED(app, app_checklist_record(app, 1, p->items[i].id, "done", "根拠"), APP_INVALID, NULL,
                    p->items[i].id);
            assert_non_null(app->clause);
            assert_string_equal(app->clause, p->items[i].clause);
            break;
        }

    /* Periodic review (3.4): refused while an operation must-item has no
     * record (or only "not_done"), allowed once all are recorded; the next
     * review is due one interval later. */
    set_now("2027-03-20T01:00:00Z");
    const Item *held = plain_item(p, PHASE_OPERATION, f->track);
    assert_non_null(held);
    record_phase(app, 1, PHASE_OPERATION, f->track, held);
    REFUSED(app, app_review(app, 1, "ok", ""), APP_INVALID, held->clause, held->id);
    OK(app, app_checklist_record(app, 1, held->id, "not_done", "未実施"));
    REFUSED(app, app_review(app, 1, "ok", ""), APP_INVALID, held->clause, held->id);
    OK(app, app_checklist_record(app, 1, held->id, "done", "確認した"));
    REFUSED(app, app_review(app, 1, "issues", ""), APP_INVALID, NULL, "（note）");
    set_now("2027-04-01T01:00:00Z");
    OK(app, app_review(app, 1, "ok", "定期点検"));
    e = entry(app, 1);
    assert_string_equal(e.review_due, "2028-04-01");
    assert_string_equal(e.last_review, "2027-04-01T01:00:00Z");
    assert_int_equal(e.version, 3);
    /* The next review needs records made since this one: last year's do not count. */
    set_now("2028-03-25T01:00:00Z");
    REFUSED(app, app_review(app, 1, "ok", ""), APP_INVALID, NULL, "点検の前に");

    /* End of use: active → ending (reported) → ended once the retirement
     * must-items (3.5) are recorded. */
    REFUSED(app, app_end_complete(app, 1), APP_INVALID, NULL, "daicho end");
    REFUSED(app, app_end_report(app, 1, "2026-01-01", "誤り"), APP_INVALID, NULL, "利用期間の開始");
    REFUSED(app, app_end_report(app, 1, "2028-03-31", ""), APP_INVALID, NULL, "理由");
    OK(app, app_end_report(app, 1, "2028-03-31", "契約満了"));
    e = entry(app, 1);
    assert_int_equal(e.state, ENTRY_ENDING);
    assert_int_equal(e.version, 4);
    assert_int_equal(notifications(app, "ledger.end", p->roles[t->approver_role].id, NULL), 1);
    REFUSED(app, app_end_report(app, 1, "2028-03-31", "二重"), APP_INVALID, NULL, "利用中のときだけ");
    REFUSED(app, app_review(app, 1, "ok", ""), APP_INVALID, NULL, "利用中の台帳にだけ");
    const Item *ret = plain_item(p, PHASE_RETIREMENT, f->track);
    if (ret) {
        record_phase(app, 1, PHASE_RETIREMENT, f->track, ret);
        REFUSED(app, app_end_complete(app, 1), APP_INVALID, ret->clause, ret->id);
        OK(app, app_checklist_record(app, 1, ret->id, "not_applicable", "該当なし"));
    } else {
        /* The profile lists no retirement must-item for this track: the
         * end completes at once (nothing to confirm). */
        assert_int_equal(must_items(p, PHASE_RETIREMENT, f->track), 0);
    }
    OK(app, app_end_complete(app, 1));
    e = entry(app, 1);
    assert_int_equal(e.state, ENTRY_ENDED);
    assert_int_equal(e.version, 5);
    assert_true(e.ended_at[0]);
    /* An ended entry takes no more records or changes. */
    REFUSED(app, app_checklist_record(app, 1, held->id, "done", "後から"), APP_INVALID, NULL, "利用終了した");
    REFUSED(app, app_entry_change(app, 1, &ch, 1, "後から"), APP_INVALID, NULL, "利用終了した");
    REFUSED(app, app_end_complete(app, 1), APP_INVALID, NULL, "利用終了");
    assert_int_equal(query_int(app, "SELECT count(*) FROM ledger_versions"), 5);

    verify_whole(app);
}

/* kitakyushu-external, ordinary track (2(2)): 職員 applies (5.2(2)①), the
 * 所属長 decides (5.1(2)) — not even the CISO may — after considering the
 * risks 4.1(2)(ア)–(ク), and becomes the administrator (5.2(2)②), who keeps
 * the ledger. The ordinary track has no build or retirement items (3.3, 3.5
 * are written for 重要情報資産 only), so the end completes without them. */
static void test_procedure_kitakyushu_external(void **state)
{
    Fx *fx = *state;
    Flow f = {"kitakyushu-external", "examples/kitakyushu-external/ordinary-ready.json", NULL, TRACK_ORDINARY,
              "ready", ROLES("staff"), ROLES("section_head"), ROLES("ciso"), ROLES("staff"),
              "5.1(2)", "4.1(2)(ア)", NULL, "5.2(2)②", NULL};
    run_procedure(&fx->app, &f);
}

/* kitakyushu-cloud, important track (2(1)): 所属長 applies (5.2(1)①), the
 * CISO decides (5.1(1)) and nominates the administrator (5.2(1)③); the
 * example needs review (注意 3.1(5), 3.1(4)) so approval takes a reason. */
static void test_procedure_kitakyushu_cloud(void **state)
{
    Fx *fx = *state;
    Flow f = {"kitakyushu-cloud", "examples/kitakyushu-cloud/important-needs-review.json", NULL, TRACK_IMPORTANT,
              "needs_review", ROLES("section_head"), ROLES("ciso"), ROLES("section_head"), ROLES("staff"),
              "5.1(1)", NULL, "5.2(1)③", "5.2(1)③", "バックアップ先の国外リージョンは3.1(5)の評価のうえ受容する"};
    run_procedure(&fx->app, &f);
}

/* otokuni, important track (自治体機密性2, 2(1)): 情報セキュリティ責任者
 * applies (5.2(1)), 統括情報セキュリティ責任者 decides (5.1), the applicant
 * becomes administrator (5.2(3)); 承認済外部サービス台帳 fields 5.2(4)①–⑧;
 * end of use reported to 統括 (5.2(5)). */
static void test_procedure_otokuni(void **state)
{
    Fx *fx = *state;
    Flow f = {"otokuni", "examples/otokuni/important-ready.json", NULL, TRACK_IMPORTANT, "ready",
              ROLES("security_officer"), ROLES("chief_security_officer"), ROLES("security_officer"), ROLES("staff"),
              "5.1", NULL, NULL, "5.2(3)", NULL};
    run_procedure(&fx->app, &f);
}

/* tokyo-edu, important track (機密性B, 3.1): 情報資産を所管する者 applies
 * (3.1.1), サイバーセキュリティ局統括責任者 decides (3.1.5) — the 局責任者
 * (ordinary-track approver) may not — after the risks 3.1.7⑬; the example
 * is adjusted so that its approver is not the applicant (otherwise blocked
 * by 3.1.5, see test_separation_tokyo_edu). */
static void test_procedure_tokyo_edu(void **state)
{
    Fx *fx = *state;
    Flow f = {"tokyo-edu", "examples/tokyo-edu/important-blocked.json", "許可 花子", TRACK_IMPORTANT, "ready",
              ROLES("asset_owner"), ROLES("cyber_chief"), ROLES("cyber_officer"), ROLES("staff"),
              "3.1.5", "3.1.7⑬・1", NULL, "4", NULL};
    run_procedure(&fx->app, &f);
}

/* ------------------------------------------------ 2. invalid transitions */

/* DESIGN "Workflow and ledger": draft → submitted → (returned → submitted)*
 * → approved | rejected, or withdrawn; kitakyushu-external 5.2(2)① (職員
 * applies), 5.1(2) (所属長 decides). Every step outside that graph, by the
 * wrong person, or a return/reject without a reason is refused and writes
 * nothing; the steps inside it are allowed. */
static void test_invalid_transitions(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup(app, "kitakyushu-external");
    add_user(app, "shokuin", "職員 一郎", "国際政策課", "主事", ROLES("staff"));
    add_user(app, "shokuin2", "職員 二郎", "国際政策課", "主事", ROLES("staff"));
    add_user(app, "kacho", "課長 花子", "国際政策課", "課長", ROLES("section_head"));
    char *json = read_source("examples/kitakyushu-external/ordinary-ready.json");
    long long a = create_app(app, "shokuin", json);

    /* A draft cannot be decided; only its applicant may submit or edit it. */
    REFUSED(app, step(app, "kacho", a, ACT_APPROVE, "理由", NULL, 1, NULL), APP_INVALID, NULL, "下書き");
    REFUSED(app, step(app, "kacho", a, ACT_RETURN, "理由", NULL, 0, NULL), APP_INVALID, NULL, "下書き");
    REFUSED(app, step(app, "shokuin2", a, ACT_SUBMIT, NULL, NULL, 0, NULL), APP_INVALID, "5.2(2)①", "申請者本人");
    act_as(app, "shokuin2");
    REFUSED(app, app_apply_update(app, a, "x.json", json, strlen(json)), APP_INVALID, NULL, "申請者本人");

    OK(app, step(app, "shokuin", a, ACT_SUBMIT, NULL, NULL, 0, NULL));
    /* Submitted: not again, not edited, not withdrawn by someone else. */
    REFUSED(app, step(app, "shokuin", a, ACT_SUBMIT, NULL, NULL, 0, NULL), APP_INVALID, NULL, "申請中");
    act_as(app, "shokuin");
    REFUSED(app, app_apply_update(app, a, "x.json", json, strlen(json)), APP_INVALID, NULL, NULL);
    REFUSED(app, step(app, "shokuin2", a, ACT_WITHDRAW, NULL, NULL, 0, NULL), APP_INVALID, NULL, "申請者本人");
    REFUSED(app, step(app, "kacho", a, ACT_WITHDRAW, NULL, NULL, 0, NULL), APP_INVALID, NULL, "申請者本人");
    /* Return and reject need a reason. */
    REFUSED(app, step(app, "kacho", a, ACT_RETURN, NULL, NULL, 0, NULL), APP_INVALID, NULL, "理由");
    REFUSED(app, step(app, "kacho", a, ACT_RETURN, "", NULL, 0, NULL), APP_INVALID, NULL, "理由");
    REFUSED(app, step(app, "kacho", a, ACT_REJECT, NULL, NULL, 0, NULL), APP_INVALID, NULL, "理由");
    /* With a reason: returned, edited by the applicant, submitted again. */
    OK(app, step(app, "kacho", a, ACT_RETURN, "利用者の範囲を具体的に", NULL, 0, NULL));
    AppRow r;
    app_row(app, a, &r);
    assert_int_equal(r.state, APP_RETURNED);
    assert_string_equal(r.reason, "利用者の範囲を具体的に");
    REFUSED(app, step(app, "kacho", a, ACT_APPROVE, "理由", NULL, 1, NULL), APP_INVALID, NULL, "差戻し");
    act_as(app, "shokuin");
    OK(app, app_apply_update(app, a, "x.json", json, strlen(json)));
    OK(app, step(app, "shokuin", a, ACT_SUBMIT, NULL, NULL, 0, NULL));
    OK(app, step(app, "kacho", a, ACT_APPROVE, NULL, NULL, 1, NULL));
    /* After the decision: no second decision, no withdrawal. */
    REFUSED(app, step(app, "kacho", a, ACT_APPROVE, "再", NULL, 1, NULL), APP_INVALID, NULL, "承認");
    REFUSED(app, step(app, "kacho", a, ACT_REJECT, "やはり却下", NULL, 0, NULL), APP_INVALID, NULL, "承認");
    REFUSED(app, step(app, "kacho", a, ACT_RETURN, "やはり差戻し", NULL, 0, NULL), APP_INVALID, NULL, "承認");
    REFUSED(app, step(app, "shokuin", a, ACT_WITHDRAW, NULL, NULL, 0, NULL), APP_INVALID, NULL, "承認");

    /* Rejected and withdrawn are final too. */
    long long b = create_app(app, "shokuin", json);
    OK(app, step(app, "shokuin", b, ACT_SUBMIT, NULL, NULL, 0, NULL));
    OK(app, step(app, "kacho", b, ACT_REJECT, "重複した申請", NULL, 0, NULL));
    REFUSED(app, step(app, "shokuin", b, ACT_SUBMIT, NULL, NULL, 0, NULL), APP_INVALID, NULL, "却下");
    REFUSED(app, step(app, "kacho", b, ACT_APPROVE, "理由", NULL, 1, NULL), APP_INVALID, NULL, "却下");
    long long c = create_app(app, "shokuin", json);
    OK(app, step(app, "shokuin", c, ACT_WITHDRAW, NULL, NULL, 0, NULL));
    app_row(app, c, &r);
    assert_int_equal(r.state, APP_WITHDRAWN);
    REFUSED(app, step(app, "shokuin", c, ACT_SUBMIT, NULL, NULL, 0, NULL), APP_INVALID, NULL, "取下げ");
    /* Unknown application. */
    REFUSED(app, step(app, "kacho", 999, ACT_APPROVE, "理由", NULL, 1, NULL), APP_INVALID, NULL, "999");
    /* Another organization (DESIGN: roles per user per organization, deny by
     * default): its 所属長 neither sees nor decides this one's application. */
    org_setup_as(app, "org2", "kitakyushu-external", "admin2", NULL);
    add_user_by(app, "admin2", "kacho-b", "課長 別子", "国際政策課", "課長", ROLES("section_head"));
    long long d = create_app(app, "shokuin", json);
    OK(app, step(app, "shokuin", d, ACT_SUBMIT, NULL, NULL, 0, NULL));
    act_as(app, "kacho-b");
    REFUSED(app, app_apply_get(app, d, &r), APP_INVALID, NULL, "ありません");
    REFUSED(app, step(app, "kacho-b", d, ACT_APPROVE, NULL, NULL, 1, NULL), APP_INVALID, NULL, "ありません");
    EntryRow other;
    REFUSED(app, app_entry_get(app, 1, &other), APP_INVALID, NULL, "ありません");
    free(json);
    verify_whole(app);
}

/* ------------------------------------------------ 3. blocked evaluations */

/* otokuni 3.1(4): a provider whose data may be kept outside Japan must not
 * be chosen (data centres and region in Japan). The blocked example is kept
 * as a draft but cannot be submitted (APP_BLOCKED naming 3.1(4)); the same
 * application with its data in Japan only can. */
static void test_blocked_cannot_be_submitted_otokuni(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup(app, "otokuni");
    add_user(app, "sekinin", "責任 一郎", "総務課", "課長", ROLES("security_officer"));
    add_user(app, "tokatsu", "統括 花子", "事務局", "局長", ROLES("chief_security_officer"));
    char *json = read_source("examples/otokuni/important-blocked.json");
    long long id = create_app(app, "sekinin", json);
    AppRow r;
    app_row(app, id, &r);
    assert_string_equal(r.verdict, "blocked");
    REFUSED(app, step(app, "sekinin", id, ACT_SUBMIT, NULL, NULL, 0, NULL), APP_BLOCKED, "3.1(4)", "禁止事項");
    app_row(app, id, &r);
    assert_int_equal(r.state, APP_DRAFT);
    /* Not submitted, so it cannot be approved either. */
    REFUSED(app, step(app, "tokatsu", id, ACT_APPROVE, "理由", NULL, 1, NULL), APP_INVALID, NULL, NULL);
    /* Allowed side: data in Japan only. */
    json = json_edit(json, "\"service\"", "data_locations", "[\"JP\"]");
    act_as(app, "sekinin");
    OK(app, app_apply_update(app, id, "fixed.json", json, strlen(json)));
    OK(app, step(app, "sekinin", id, ACT_SUBMIT, NULL, NULL, 0, NULL));
    app_row(app, id, &r);
    assert_int_equal(r.state, APP_SUBMITTED);
    assert_string_not_equal(r.verdict, "blocked");
    free(json);
    verify_whole(app);
}

/* tokyo-edu 3.1.5 (rule separation-of-duties, block): the applicant may not
 * be the approver; names are compared, so an approver who has the
 * applicant's name is refused at approval (APP_BLOCKED naming 3.1.5) even
 * though the procedure lets a different user decide; an approver with
 * another name may approve. The example itself names its applicant as its
 * approver and cannot even be submitted. */
static void test_blocked_cannot_be_approved_tokyo_edu(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup(app, "tokyo-edu");
    add_user(app, "takamura", "高村 誠一", "教育庁総務部", "部長", ROLES("asset_owner"));
    add_user(app, "dosei", "高村 誠一", "サイバーセキュリティ局", "統括責任者", ROLES("cyber_chief"));
    add_user(app, "sato", "佐藤 花子", "サイバーセキュリティ局", "統括責任者", ROLES("cyber_chief"));
    char *json = read_source("examples/tokyo-edu/important-blocked.json");
    long long blocked = create_app(app, "takamura", json);
    REFUSED(app, step(app, "takamura", blocked, ACT_SUBMIT, NULL, NULL, 0, NULL), APP_BLOCKED, "3.1.5", "職務の分離");

    json = json_edit(json, "\"approver\"", "name", "\"佐藤 花子\"");
    long long id = create_app(app, "takamura", json);
    OK(app, step(app, "takamura", id, ACT_SUBMIT, NULL, NULL, 0, NULL));
    REFUSED(app, step(app, "dosei", id, ACT_APPROVE, "理由", NULL, 1, NULL), APP_BLOCKED, "3.1.5", "職務の分離");
    AppRow r;
    app_row(app, id, &r);
    assert_int_equal(r.state, APP_SUBMITTED);
    OK(app, step(app, "sato", id, ACT_APPROVE, NULL, NULL, 1, NULL));
    app_row(app, id, &r);
    assert_int_equal(r.state, APP_APPROVED);
    free(json);
    verify_whole(app);
}

/* ---------------------------------------- 4. required ledger fields at submit */

/* kitakyushu-external 5.2(1)④/5.2(2)③ (ウ) 利用目的: a required ledger field
 * must be filled before submission (APP_INVALID naming its label, nothing
 * written); filled again, it is submitted. tokyo-edu requires only the
 * service and the department (3.1.6/3.2.3), so there the same omission is
 * allowed. */
static void test_missing_ledger_field(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup(app, "kitakyushu-external");
    add_user(app, "shokuin", "職員 一郎", "国際政策課", "主事", ROLES("staff"));
    char *full = read_source("examples/kitakyushu-external/ordinary-ready.json");
    char *json = json_set(full, NULL, "purpose", NULL);
    assert_null(strstr(json, "\"purpose\""));
    long long id = create_app(app, "shokuin", json);
    REFUSED(app, step(app, "shokuin", id, ACT_SUBMIT, NULL, NULL, 0, NULL), APP_INVALID, NULL,
            "(ウ) 利用目的（業務内容）");
    assert_non_null(strstr(errtext(app), "purpose"));
    AppRow r;
    app_row(app, id, &r);
    assert_int_equal(r.state, APP_DRAFT);
    act_as(app, "shokuin");
    OK(app, app_apply_update(app, id, "full.json", full, strlen(full)));
    OK(app, step(app, "shokuin", id, ACT_SUBMIT, NULL, NULL, 0, NULL));
    free(json);
    free(full);
}

static void test_missing_optional_ledger_field_tokyo_edu(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup(app, "tokyo-edu");
    const Profile *p = profileset_find(&profiles, "tokyo-edu");
    for (int i = 0; i < p->n_ledger; i++)
        if (strcmp(p->ledger[i].id, "purpose") == 0)
            assert_false(p->ledger[i].required);
    add_user(app, "kacho", "課長 由紀", "義務教育指導課", "課長", ROLES("asset_owner"));
    char *full = read_source("examples/tokyo-edu/ordinary-ready.json");
    char *json = json_set(full, NULL, "purpose", NULL);
    long long id = create_app(app, "kacho", json);
    OK(app, step(app, "kacho", id, ACT_SUBMIT, NULL, NULL, 0, NULL));
    /* The required ones still are: service.name cannot even make a draft. */
    char *noname = json_set(full, "\"service\"", "name", NULL);
    act_as(app, "kacho");
    long long id2 = 0;
    REFUSED(app, app_apply_create(app, "noname.json", noname, strlen(noname), &id2), APP_INVALID, NULL, "service.name");
    free(noname);
    free(json);
    free(full);
}

/* ------------------------------------------- 5. separation of duties */

/* tokyo-edu 3.1.5 職務の分離 (track important, separation_of_duties): a user
 * holding both 情報資産を所管する者 and サイバーセキュリティ局統括責任者
 * files an A/B application and may not approve it (APP_INVALID naming
 * 3.1.5); another 統括責任者 may. On the ordinary track (C, 3.2.2) the
 * profile declares no separation of duties, so a user holding both
 * asset_owner and cyber_officer may approve their own application: the
 * workflow follows the profile (documented here, not endorsed). */
static void test_separation_tokyo_edu(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup(app, "tokyo-edu");
    const Profile *p = profileset_find(&profiles, "tokyo-edu");
    assert_true(p->tracks[TRACK_IMPORTANT].separation_of_duties);
    assert_false(p->tracks[TRACK_ORDINARY].separation_of_duties);
    add_user(app, "kenmu", "兼務 太郎", "教育庁総務部", "部長", ROLES("asset_owner", "cyber_chief"));
    add_user(app, "tokatsu", "統括 二郎", "サイバーセキュリティ局", "統括責任者", ROLES("cyber_chief"));
    add_user(app, "kyokucho", "局長 三子", "教育DX推進部", "部長", ROLES("asset_owner", "cyber_officer"));
    char *json = read_source("examples/tokyo-edu/important-blocked.json");
    json = json_edit(json, "\"approver\"", "name", "\"統括 二郎\"");
    long long id = create_app(app, "kenmu", json);
    OK(app, step(app, "kenmu", id, ACT_SUBMIT, NULL, NULL, 0, NULL));
    REFUSED(app, step(app, "kenmu", id, ACT_APPROVE, "自分で承認", NULL, 1, NULL), APP_INVALID, "3.1.5", "職務の分離");
    REFUSED(app, step(app, "kenmu", id, ACT_REJECT, "自分で却下", NULL, 0, NULL), APP_INVALID, "3.1.5", "職務の分離");
    long long entry_id = 0;
    OK(app, step(app, "tokatsu", id, ACT_APPROVE, NULL, NULL, 1, &entry_id));
    assert_true(entry_id > 0);
    EntryCopy e = entry(app, 1);
    assert_string_equal(e.admin_login, "kenmu");
    free(json);

    json = read_source("examples/tokyo-edu/ordinary-ready.json");
    long long ord = create_app(app, "kyokucho", json);
    OK(app, step(app, "kyokucho", ord, ACT_SUBMIT, NULL, NULL, 0, NULL));
    OK(app, step(app, "kyokucho", ord, ACT_APPROVE, NULL, NULL, 0, NULL));
    AppRow r;
    app_row(app, ord, &r);
    assert_int_equal(r.state, APP_APPROVED);
    assert_int_equal(r.decided_by, r.applicant_id);
    free(json);
    verify_whole(app);
}

/* ------------------------------------- 6. kitakyushu-cloud change reports */

/* kitakyushu-cloud important track: ledger registrations and changes are
 * reported to システム管理部門 (ledger_change_report_role system_dept,
 * clause 3.4②; 3.3② for the registration): a notification after approval
 * and after every change. The ordinary track (5.2(2)③) names no report, so
 * neither its approval nor its changes add one. */
static void test_change_report_kitakyushu_cloud(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup(app, "kitakyushu-cloud");
    const Profile *p = profileset_find(&profiles, "kitakyushu-cloud");
    const Track *t = &p->tracks[TRACK_IMPORTANT];
    assert_true(t->report_role >= 0);
    assert_string_equal(p->roles[t->report_role].id, "system_dept");
    assert_string_equal(t->report_clause, "3.4②");
    assert_int_equal(p->tracks[TRACK_ORDINARY].report_role, -1);
    add_user(app, "kacho", "課長 美和", "健康推進課", "課長", ROLES("section_head"));
    add_user(app, "ciso", "最高 隆之", "総務局", "局長", ROLES("ciso"));
    add_user(app, "shokuin", "職員 彩花", "広報課", "主事", ROLES("staff"));
    add_user(app, "kacho2", "課長 大輔", "広報課", "課長", ROLES("section_head"));

    char *json = read_source("examples/kitakyushu-cloud/important-needs-review.json");
    long long id = create_app(app, "kacho", json);
    free(json);
    OK(app, step(app, "kacho", id, ACT_SUBMIT, NULL, NULL, 0, NULL));
    act_as(app, "kacho");
    assert_int_equal(notifications(app, "ledger.report", "system_dept", "3.4②"), 0);
    OK(app, step(app, "ciso", id, ACT_APPROVE, "国外バックアップは評価済み", "kacho", 0, NULL));
    assert_int_equal(notifications(app, "ledger.report", "system_dept", "3.4②"), 1);
    act_as(app, "kacho");
    FieldChange ch = {"user_scope", "健康推進課の職員10名に限る。"};
    OK(app, app_entry_change(app, 1, &ch, 1, "利用者の範囲の縮小"));
    assert_int_equal(notifications(app, "ledger.report", "system_dept", "3.4②"), 2);

    json = read_source("examples/kitakyushu-cloud/ordinary-ready.json");
    long long ord = create_app(app, "shokuin", json);
    free(json);
    OK(app, step(app, "shokuin", ord, ACT_SUBMIT, NULL, NULL, 0, NULL));
    OK(app, step(app, "kacho2", ord, ACT_APPROVE, NULL, NULL, 1, NULL));
    EntryCopy e = entry(app, 2);
    assert_int_equal(e.track, TRACK_ORDINARY);
    OK(app, app_entry_change(app, 2, &ch, 1, "利用者の範囲の変更"));
    assert_int_equal(notifications(app, "ledger.report", NULL, NULL), 2);

    /* The reports owed stay on the due list until the addressee (a holder of
     * system_dept) records them received; nobody else may. */
    add_user(app, "joho", "情報 一郎", "情報政策課", "係長", ROLES("system_dept"));
    act_as(app, "kacho");
    DueNotes due = {0};
    OK(app, app_due(app, 0, collect_due_note, &due));
    assert_int_equal(due.n, 2);
    long long first = due.ids[0];
    assert_int_equal(app_notification_done(app, first), APP_INVALID);
    act_as(app, "joho");
    OK(app, app_notification_done(app, first));
    assert_int_equal(app_notification_done(app, first), APP_INVALID); /* not twice */
    due.n = 0;
    OK(app, app_due(app, 0, collect_due_note, &due));
    assert_int_equal(due.n, 1);
    verify_whole(app);
}

/* ------------------------------------------- 7. one entry per function */

/* kitakyushu 5.2(1)① (app-per-function): a service whose functions differ
 * in security is applied for per function, and a function already in the
 * ledger is changed through the ledger, not approved again: a second
 * application for the same service and function cannot be approved while
 * the first entry is active or ending; a different function can; once the
 * first entry has ended, the second can. */
static void test_one_entry_per_function(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup(app, "kitakyushu-external");
    add_user(app, "shokuin", "職員 翔", "国際政策課", "主事", ROLES("staff"));
    add_user(app, "kacho", "課長 真理", "国際政策課", "課長", ROLES("section_head"));
    char *json = read_source("examples/kitakyushu-external/ordinary-ready.json");
    long long first = create_app(app, "shokuin", json);
    OK(app, step(app, "shokuin", first, ACT_SUBMIT, NULL, NULL, 0, NULL));
    OK(app, step(app, "kacho", first, ACT_APPROVE, NULL, NULL, 1, NULL));

    long long second = create_app(app, "shokuin", json);
    OK(app, step(app, "shokuin", second, ACT_SUBMIT, NULL, NULL, 0, NULL));
    REFUSED(app, step(app, "kacho", second, ACT_APPROVE, NULL, NULL, 1, NULL), APP_INVALID, NULL, "第1号");

    char *other = json_set(json, "\"service\"", "function", "\"音声翻訳機能\"");
    long long third = create_app(app, "shokuin", other);
    free(other);
    OK(app, step(app, "shokuin", third, ACT_SUBMIT, NULL, NULL, 0, NULL));
    long long entry_id = 0;
    OK(app, step(app, "kacho", third, ACT_APPROVE, NULL, NULL, 1, &entry_id));
    assert_int_equal(entry(app, 2).id, entry_id);

    act_as(app, "kacho");
    OK(app, app_end_report(app, 1, NULL, "契約終了"));
    REFUSED(app, step(app, "kacho", second, ACT_APPROVE, NULL, NULL, 1, NULL), APP_INVALID, NULL, "第1号");
    act_as(app, "kacho");
    OK(app, app_end_complete(app, 1));
    OK(app, step(app, "kacho", second, ACT_APPROVE, NULL, NULL, 1, &entry_id));
    assert_int_equal(entry(app, 3).id, entry_id);
    free(json);
    verify_whole(app);
}

/* --------------------------------------------- 8. needs-review verdict */

/* A needs_review verdict (findings 3.1(5) data-location-abroad and 3.2②
 * terms-only-contract, open must-items) is approved only with the
 * approver's reason; the CISO nominates the administrator (kitakyushu-
 * external 5.2(1)③: a 所属長, by the profile's assumption), so a nominee
 * without that role is refused. A ready verdict needs no reason (see the
 * otokuni and tokyo-edu procedures). */
static void test_needs_review_needs_reason(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup(app, "kitakyushu-external");
    add_user(app, "kacho", "課長 一郎", "文書課", "課長", ROLES("section_head"));
    add_user(app, "ciso", "最高 花子", "総務局", "局長", ROLES("ciso"));
    add_user(app, "shokuin", "職員 次郎", "文書課", "主事", ROLES("staff"));
    char *json = read_source("examples/kitakyushu-external/important-needs-review.json");
    long long id = create_app(app, "kacho", json);
    free(json);
    OK(app, step(app, "kacho", id, ACT_SUBMIT, NULL, NULL, 0, NULL));
    AppRow r;
    app_row(app, id, &r);
    assert_string_equal(r.verdict, "needs_review");
    REFUSED(app, step(app, "ciso", id, ACT_APPROVE, NULL, "kacho", 0, NULL), APP_INVALID, NULL, "要確認");
    REFUSED(app, step(app, "ciso", id, ACT_APPROVE, "", "kacho", 0, NULL), APP_INVALID, NULL, "要確認");
    REFUSED(app, step(app, "ciso", id, ACT_APPROVE, "評価済み", NULL, 0, NULL), APP_INVALID, "5.2(1)③", NULL);
    REFUSED(app, step(app, "ciso", id, ACT_APPROVE, "評価済み", "shokuin", 0, NULL), APP_INVALID, "5.2(1)③", "所属長");
    REFUSED(app, step(app, "ciso", id, ACT_APPROVE, "評価済み", "nobody", 0, NULL), APP_INVALID, NULL, "nobody");
    OK(app, step(app, "ciso", id, ACT_APPROVE, "国外保管と約款契約のリスクを評価し受容", "kacho", 0, NULL));
    app_row(app, id, &r);
    assert_int_equal(r.state, APP_APPROVED);
    assert_string_equal(r.reason, "国外保管と約款契約のリスクを評価し受容");
    assert_string_equal(entry(app, 1).admin_login, "kacho");
    verify_whole(app);
}

/* Who becomes the service administrator is the track's:
 * - kitakyushu-external 5.2(2)②: the 所属長 who allows the use becomes the
 *   administrator (自らが外部サービス管理者になる). Naming someone else at
 *   approval must not move that duty: either it is refused naming 5.2(2)②
 *   or the approver stays the administrator.
 * - tokyo-edu 4 (administrator: applicant, role 情報資産を所管する者): an
 *   application filed by a 職員等 (3.1.1) who lacks that role cannot be
 *   approved without a nominee holding it (refused naming 4); a nominee
 *   without the role is refused too; one with it becomes administrator. */
static void test_administrator_by_track(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup(app, "tokyo-edu");
    add_user(app, "ippan", "職員 三郎", "教育庁総務部", "主事", ROLES("staff"));
    add_user(app, "bucho", "部長 四郎", "教育庁総務部", "部長", ROLES("asset_owner"));
    add_user(app, "tokatsu", "統括 五郎", "サイバーセキュリティ局", "統括責任者", ROLES("cyber_chief"));
    char *json = read_source("examples/tokyo-edu/important-blocked.json");
    json = json_edit(json, "\"approver\"", "name", "\"統括 五郎\"");
    json = json_edit(json, "\"applicant\"", "role", "\"staff\"");
    long long te = create_app(app, "ippan", json);
    free(json);
    OK(app, step(app, "ippan", te, ACT_SUBMIT, NULL, NULL, 0, NULL));
    REFUSED(app, step(app, "tokatsu", te, ACT_APPROVE, NULL, NULL, 1, NULL), APP_INVALID, "4", "情報資産を所管する者");
    REFUSED(app, step(app, "tokatsu", te, ACT_APPROVE, NULL, "ippan", 1, NULL), APP_INVALID, "4", "情報資産を所管する者");
    long long entry_id = 0;
    OK(app, step(app, "tokatsu", te, ACT_APPROVE, NULL, "bucho", 1, &entry_id));
    EntryCopy e = entry(app, 1);
    assert_int_equal(e.id, entry_id);
    assert_string_equal(e.admin_login, "bucho");

    org_setup_as(app, "org2", "kitakyushu-external", "admin2", NULL);
    add_user_by(app, "admin2", "shokuin", "職員 一郎", "国際政策課", "主事", ROLES("staff"));
    add_user_by(app, "admin2", "kacho", "課長 花子", "国際政策課", "課長", ROLES("section_head"));
    add_user_by(app, "admin2", "kacho2", "課長 次郎", "広報課", "課長", ROLES("section_head"));
    json = read_source("examples/kitakyushu-external/ordinary-ready.json");
    long long id = create_app(app, "shokuin", json);
    free(json);
    OK(app, step(app, "shokuin", id, ACT_SUBMIT, NULL, NULL, 0, NULL));
    Snap before;
    snap_take(app, &before);
    AppRc rc = step(app, "kacho", id, ACT_APPROVE, NULL, "kacho2", 1, NULL);
    if (rc == APP_OK) {
        snap_free(&before);
        e = entry(app, 1);
        if (strcmp(e.admin_login, "kacho") != 0)
            fail_msg("5.2(2)②: the approving 所属長 must become the administrator, but it is %s", e.admin_login);
    } else {
        expect_refused_(app, rc, APP_INVALID, "5.2(2)②", NULL, &before, "nominee on an approver-administrator track",
                        __LINE__);
    }
    verify_whole(app);
}

/* -------------------------------------------------------------- 9. audit */

/* A small history: organization, users, an application filed and submitted. */
static void some_history(App *app)
{
    org_setup(app, "kitakyushu-external");
    add_user(app, "shokuin", "職員 一郎", "国際政策課", "主事", ROLES("staff"));
    add_user(app, "kacho", "課長 花子", "国際政策課", "課長", ROLES("section_head"));
    char *json = read_source("examples/kitakyushu-external/ordinary-ready.json");
    long long id = create_app(app, "shokuin", json);
    free(json);
    OK(app, step(app, "shokuin", id, ACT_SUBMIT, NULL, NULL, 0, NULL));
}

/* DESIGN "Workflow and ledger": every event's SHA-256 covers its content
 * and the previous hash, so changing event 3 is found at seq 3 (and the
 * untouched chain verifies whole). */
static void test_audit_tamper(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    some_history(app);
    assert_true(audit_count(app) >= 5);
    verify_whole(app);
    assert_int_equal(db_exec(app->db, "UPDATE audit_events SET data = '{\"tampered\":true}' WHERE seq = 3"), 0);
    AuditCheck chk;
    OK(app, app_audit_verify(app, &chk));
    assert_int_equal(chk.bad_seq, 3);
    assert_int_equal(chk.checked, 2);
    assert_non_null(strstr(chk.why, "改ざん"));
}

/* Removing the last event is found: the head remembers it (the tail cut
 * off); removing one in the middle is found at its number. */
static void test_audit_tail_removed(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    some_history(app);
    long long last = query_int(app, "SELECT max(seq) FROM audit_events");
    assert_int_equal(db_exec(app->db, "DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)"), 0);
    AuditCheck chk;
    OK(app, app_audit_verify(app, &chk));
    assert_int_equal(chk.bad_seq, last);
    assert_int_equal(chk.checked, last - 1);
    assert_non_null(strstr(chk.why, "削除"));
    /* A gap in the middle is found first, at its number. */
    assert_int_equal(db_exec(app->db, "DELETE FROM audit_events WHERE seq = 2"), 0);
    OK(app, app_audit_verify(app, &chk));
    assert_int_equal(chk.bad_seq, 2);
    assert_int_equal(chk.checked, 1);
    assert_non_null(strstr(chk.why, "欠けて"));
}

/* DESIGN: retention never deletes events younger than the profile's log
 * retention (kitakyushu-external log_retention_days 365; tokyo-edu
 * 3.1.7⑩ / kitakyushu-cloud 3.1(9)②: ログは1年間以上). Two years on
 * (2028-04-01 JST) the oldest date that may be purged is 2027-04-02 (365
 * days earlier; 2028 is a leap year): --before 2027-04-03 is refused and
 * removes nothing, 2027-04-02 removes the 2026 events, and the chain still
 * verifies from the first kept event. Only a system administrator may purge. */
static void test_audit_purge_retention(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    const Profile *p = profileset_find(&profiles, "kitakyushu-external");
    assert_true(p->log_retention_days >= 365);
    assert_int_equal(p->log_retention_days, 365);
    set_now("2026-04-01T00:00:00Z");
    some_history(app);
    long long old = audit_count(app);
    set_now("2028-04-01T00:00:00Z");
    char *json = read_source("examples/kitakyushu-external/ordinary-ready.json");
    create_app(app, "shokuin", json);
    free(json);
    long long total = audit_count(app);
    assert_true(total > old);

    long long removed = -1;
    act_as(app, "kacho");
    REFUSED(app, app_audit_purge(app, "2027-04-02", &removed), APP_INVALID, NULL, "システム管理者");
    act_as(app, "admin");
    REFUSED(app, app_audit_purge(app, "2027-04-03", &removed), APP_INVALID, NULL, "365");
    assert_int_equal(removed, 0);
    REFUSED(app, app_audit_purge(app, "not-a-date", &removed), APP_INVALID, NULL, "not-a-date");
    OK(app, app_audit_purge(app, "2027-04-02", &removed));
    assert_int_equal(removed, old);
    /* What is left: the 2028 events and the purge's own event. */
    assert_int_equal(audit_count(app), total - old + 1);
    AuditCheck chk;
    OK(app, app_audit_verify(app, &chk));
    if (chk.bad_seq)
        fail_msg("after purge: broken at %lld: %s", chk.bad_seq, chk.why);
    assert_int_equal(chk.first_seq, old + 1);
    assert_int_equal(chk.checked, total - old + 1);
    /* The chain goes on after the purge. */
    act_as(app, "admin");
    add_user(app, "shinjin", "新人 四郎", "国際政策課", "主事", ROLES("staff"));
    verify_whole(app);
}

/* -------------------------------------------------------------- 10. users */

/* DESIGN "Web": local accounts, Argon2id via libsodium, roles per user per
 * organization, deny by default: user management is for the system
 * administrator only; a login is unique; roles are the profile's (the
 * refusal lists the allowed ones); a password is stored only as an
 * Argon2id hash, is at least 8 characters, and verifies only itself. */
static void test_users(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    const char *none[1] = {NULL};
    const char *pw = "Kitakyushu-2026!";
    NewUser admin = {"admin", "管理 太郎", "情報政策課", "係長", none, 0, 1, pw, 0};
    long long org = 0;
    OK(app, app_org_create(app, "org1", "テスト団体", "kitakyushu-external", &admin, &org));
    assert_int_equal(app_password_ok(app, "admin", pw), 1);
    assert_int_equal(app_password_ok(app, "admin", "Kitakyushu-2026?"), 0);
    assert_int_equal(app_password_ok(app, "admin", ""), 0);
    assert_int_equal(app_password_ok(app, "nobody", pw), 0);
    DbStmt *st = db_prepare(app->db, "SELECT password_hash FROM users WHERE login = :login");
    assert_non_null(st);
    assert_int_equal(db_bind_text(st, "login", "admin"), 0);
    assert_int_equal(db_step(st), DB_ROW);
    const char *hash = db_col_text(st, 0);
    assert_non_null(hash);
    assert_int_equal(strncmp(hash, "$argon2id$", 10), 0);
    assert_null(strstr(hash, pw));
    db_reset(st);
    /* Nor is it in the audit trail. */
    assert_int_equal(query_int(app, "SELECT count(*) FROM audit_events WHERE data LIKE '%Kitakyushu-2026%'"), 0);

    add_user(app, "taro", "市役 太郎", "国際政策課", "主事", ROLES("staff"));
    /* Duplicate login. */
    act_as(app, "admin");
    NewUser dup = {"taro", "別の 太郎", "別課", "", ROLES("staff"), 1, 0, NULL, 0};
    long long id = 0;
    REFUSED(app, app_user_add(app, &dup, &id), APP_INVALID, NULL, "既に使われています");
    /* Unknown role: the message lists the profile's roles. */
    NewUser bad = {"hanako", "市役 花子", "国際政策課", "", ROLES("mayor"), 1, 0, NULL, 0};
    REFUSED(app, app_user_add(app, &bad, &id), APP_INVALID, NULL, "mayor");
    assert_non_null(strstr(errtext(app), "allowed"));
    assert_non_null(strstr(errtext(app), "section_head（所属長）"));
    assert_non_null(strstr(errtext(app), "ciso"));
    /* A role by its label is accepted (stored as its id). */
    NewUser label = {"hanako", "市役 花子", "国際政策課", "課長", ROLES("所属長"), 1, 0, NULL, 0};
    OK(app, app_user_add(app, &label, &id));
    assert_int_equal(query_int(app, "SELECT count(*) FROM user_roles WHERE role = 'section_head'"), 1);
    /* Bad logins. */
    NewUser upper = {"Jiro", "市役 次郎", "国際政策課", "", ROLES("staff"), 1, 0, NULL, 0};
    REFUSED(app, app_user_add(app, &upper, &id), APP_INVALID, NULL, "Jiro");
    /* Password of 7 characters refused, 8 allowed (one more Argon2id hash). */
    NewUser shortpw = {"jiro", "市役 次郎", "国際政策課", "", ROLES("staff"), 1, 0, "1234567", 0};
    REFUSED(app, app_user_add(app, &shortpw, &id), APP_INVALID, NULL, "8文字");
    act_as(app, "admin");
    OK(app, app_user_set_password(app, "taro", "12345678"));
    assert_int_equal(app_password_ok(app, "taro", "12345678"), 1);
    assert_int_equal(app_password_ok(app, "taro", "1234567"), 0);
    /* A non-administrator cannot add users (nor set another's password). */
    act_as(app, "taro");
    NewUser more = {"saburo", "市役 三郎", "国際政策課", "", ROLES("staff"), 1, 0, NULL, 0};
    REFUSED(app, app_user_add(app, &more, &id), APP_INVALID, NULL, "システム管理者");
    REFUSED(app, app_user_set_roles(app, "taro", ROLES("ciso"), 1), APP_INVALID, NULL, "システム管理者");
    REFUSED(app, app_user_set_password(app, "admin", "hijacked-123"), APP_INVALID, NULL, NULL);
    verify_whole(app);
}

/* ------------------------------------------------------- 11. concurrency */

typedef struct Racer {
    App *app;
    long long id;
    AppRc rc;
    long long entry;
    char err[600];
} Racer;

static void *race(void *arg)
{
    Racer *r = arg;
    DecideOptions o = {NULL, NULL, 1};
    r->rc = app_apply_act(r->app, r->id, ACT_APPROVE, &o, &r->entry);
    snprintf(r->err, sizeof r->err, "%s", str_cstr(&r->app->err));
    return NULL;
}

/* Two handles (two sessions of 所属長, kitakyushu-external 5.1(2)) decide
 * the same submitted application. Both load it while a third holds the
 * write lock; once it is released one approval wins and the other must be
 * refused (APP_INVALID: "他の操作で更新" when it loaded before the winner
 * committed, or the transition refusal when after): never two ledger
 * entries for one application. Then, in sequence, a stale second handle is
 * refused the same way. */
static void test_concurrent_approval(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup(app, "kitakyushu-external");
    add_user(app, "shokuin", "職員 一郎", "国際政策課", "主事", ROLES("staff"));
    add_user(app, "kacho", "課長 花子", "国際政策課", "課長", ROLES("section_head"));
    add_user(app, "kacho2", "課長 次郎", "国際政策課", "課長", ROLES("section_head"));
    char *json = read_source("examples/kitakyushu-external/ordinary-ready.json");
    long long id = create_app(app, "shokuin", json);
    OK(app, step(app, "shokuin", id, ACT_SUBMIT, NULL, NULL, 0, NULL));

    App a, b;
    assert_int_equal(app_open(&a, fx->url, 0, &profiles), APP_OK);
    assert_int_equal(app_open(&b, fx->url, 0, &profiles), APP_OK);
    act_as(&a, "kacho");
    act_as(&b, "kacho2");
    AppRow ra, rb;
    app_row(&a, id, &ra);
    app_row(&b, id, &rb);
    assert_int_equal(ra.state, APP_SUBMITTED);
    assert_int_equal(rb.state, APP_SUBMITTED);

    /* Hold the writers' lock so that both racers load before either writes. */
    assert_int_equal(audit_begin(app->db), 0);
    Racer r1 = {&a, id, -1, 0, ""}, r2 = {&b, id, -1, 0, ""};
    pthread_t t1, t2;
    assert_int_equal(pthread_create(&t1, NULL, race, &r1), 0);
    assert_int_equal(pthread_create(&t2, NULL, race, &r2), 0);
    usleep(400 * 1000);
    db_rollback(app->db);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    Racer *won = r1.rc == APP_OK ? &r1 : &r2, *lost = r1.rc == APP_OK ? &r2 : &r1;
    if (won->rc != APP_OK)
        fail_msg("neither approval succeeded: %d %s / %d %s", r1.rc, r1.err, r2.rc, r2.err);
    if (lost->rc != APP_INVALID)
        fail_msg("the second approval gave %d (expected APP_INVALID): %s", lost->rc, lost->err);
    if (!strstr(lost->err, "他の操作で更新") && !strstr(lost->err, "承認"))
        fail_msg("the second approval was refused for another reason: %s", lost->err);
    print_message("concurrent approval: the second was refused with: %s\n", lost->err);
    assert_true(won->entry > 0);
    assert_int_equal(lost->entry, 0);
    assert_int_equal(query_int(app, "SELECT count(*) FROM ledger_entries"), 1);
    assert_int_equal(query_int(app, "SELECT count(*) FROM application_steps WHERE action = 'approve'"), 1);

    /* Sequential: a stale handle (its user's view loaded before) is refused. */
    char *other = json_set(json, "\"service\"", "function", "\"音声翻訳機能\"");
    long long id2 = create_app(app, "shokuin", other);
    free(other);
    OK(app, step(app, "shokuin", id2, ACT_SUBMIT, NULL, NULL, 0, NULL));
    app_row(&b, id2, &rb);
    assert_int_equal(rb.state, APP_SUBMITTED);
    OK(&a, app_apply_act(&a, id2, ACT_APPROVE, &(DecideOptions){NULL, NULL, 1}, NULL));
    act_as(app, "kacho");
    REFUSED(&b, app_apply_act(&b, id2, ACT_APPROVE, &(DecideOptions){NULL, NULL, 1}, NULL), APP_INVALID, NULL, "承認");
    assert_int_equal(query_int(app, "SELECT count(*) FROM ledger_entries"), 2);
    free(json);
    app_close(&a);
    app_close(&b);
    verify_whole(app);
}

/* ------------------------------- extra: refused changes, in a child process */

/* Run `fn` in a child process with its own connection, acting as `login`,
 * so that a crash in the code under test fails this test instead of ending
 * the whole run. `fn` returns 0 when it saw what it expected (no cmocka
 * asserts in the child: it prints what went wrong instead). */
typedef int (*ChildFn)(App *app, void *ctx);

/* "" when the child passed, else what went wrong (in msg). */
static void in_child(Fx *fx, const char *login, ChildFn fn, void *ctx, const char *what, char *msg, size_t cap)
{
    msg[0] = 0;
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* Die of a crash here: cmocka's handlers would otherwise jump back
         * into the copy of the test runner and go on with the next tests. */
        static const int sigs[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGSYS};
        for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
            signal(sigs[i], SIG_DFL);
        App child;
        int rc = 90;
        if (app_open(&child, fx->url, 0, &profiles) == APP_OK && app_act_as(&child, login) == APP_OK)
            rc = fn(&child, ctx);
        else
            fprintf(stderr, "child: cannot open or act: %s\n", str_cstr(&child.err));
        app_close(&child);
        fflush(stderr);
        _exit(rc);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (WIFSIGNALED(status))
        snprintf(msg, cap, "%s: the process crashed (signal %d)", what, WTERMSIG(status));
    else if (WEXITSTATUS(status) != 0)
        snprintf(msg, cap, "%s: failed in the child (exit %d; see its output above)", what, WEXITSTATUS(status));
}

/* Fill the stack below the caller with a pattern, so that a local the code
 * under test reads before writing holds garbage, deterministically, rather
 * than whatever an earlier call happened to leave there. */
static void __attribute__((noinline)) poison_stack(void)
{
    volatile unsigned char buf[128 * 1024];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = 0xA5;
}

static int change_unknown_fields(App *app, void *ctx)
{
    (void)ctx;
    static const FieldChange tries[] = {{"no.such.field", "x"}, {"applicant.role", "staff"}, {"track", "important"}};
    for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
        poison_stack();
        AppRc rc = app_entry_change(app, 1, &tries[i], 1, "誤った変更");
        if (rc != APP_INVALID || !strstr(str_cstr(&app->err), tries[i].path)) {
            fprintf(stderr, "change of %s: expected APP_INVALID naming it, got %d: %s\n", tries[i].path, rc,
                    str_cstr(&app->err));
            return 1;
        }
    }
    return 0;
}

/* DESIGN "Bad input gets a clear error naming what is wrong, and nothing is
 * lost or half-written": a ledger change of a field that is not an
 * application field (or one that is derived, or a role) is refused naming
 * it, writes nothing, and a valid change still works afterwards
 * (kitakyushu-external 5.2(2)③: the ledger is kept up to date by the 所属長). */
static void test_change_unknown_field(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup(app, "kitakyushu-external");
    add_user(app, "shokuin", "職員 一郎", "国際政策課", "主事", ROLES("staff"));
    add_user(app, "kacho", "課長 花子", "国際政策課", "課長", ROLES("section_head"));
    char *json = read_source("examples/kitakyushu-external/ordinary-ready.json");
    long long id = create_app(app, "shokuin", json);
    free(json);
    OK(app, step(app, "shokuin", id, ACT_SUBMIT, NULL, NULL, 0, NULL));
    OK(app, step(app, "kacho", id, ACT_APPROVE, NULL, NULL, 1, NULL));
    act_as(app, "kacho");
    Snap before;
    snap_take(app, &before);
    char msg[300], diff[300];
    in_child(fx, "kacho", change_unknown_fields, NULL, "app_entry_change of an unknown field", msg, sizeof msg);
    snap_diff(app, &before, diff, sizeof diff);
    snap_free(&before);
    if (msg[0])
        fail_msg("%s", msg);
    if (diff[0])
        fail_msg("refused changes wrote to the database: %s", diff);
    FieldChange ch = {"usage_period.to", "2028-03-31"};
    OK(app, app_entry_change(app, 1, &ch, 1, "延長"));
    assert_int_equal(entry(app, 1).version, 2);
    verify_whole(app);
}

/* ------------------------------------- extra: a change may not unblock */

/* otokuni 3.1(4) (rule domestic-only, block): a provider whose data may be
 * kept outside Japan must not be chosen. A ledger change is evaluated like
 * an application (app.h: APP_BLOCKED when a rule of the profile forbids
 * it): changing an approved entry's data locations to include the US must
 * be refused and leave the entry as it was, while a change within Japan is
 * allowed. Otherwise the prohibition is bypassed by approval-then-change. */
static void test_change_cannot_introduce_block_otokuni(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup(app, "otokuni");
    add_user(app, "sekinin", "責任 一郎", "施設管理課", "課長", ROLES("security_officer"));
    add_user(app, "tokatsu", "統括 花子", "事務局", "局長", ROLES("chief_security_officer"));
    char *json = read_source("examples/otokuni/important-ready.json");
    long long id = create_app(app, "sekinin", json);
    free(json);
    OK(app, step(app, "sekinin", id, ACT_SUBMIT, NULL, NULL, 0, NULL));
    OK(app, step(app, "tokatsu", id, ACT_APPROVE, NULL, NULL, 0, NULL));
    act_as(app, "sekinin");
    FieldChange fine = {"service.data_locations", "JP"};
    OK(app, app_entry_change(app, 1, &fine, 1, "国内2拠点の確認"));
    FieldChange abroad = {"service.data_locations", "JP,US"};
    REFUSED(app, app_entry_change(app, 1, &abroad, 1, "米国リージョンへの複製開始"), APP_BLOCKED, "3.1(4)", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_procedure_kitakyushu_external, setup, teardown),
        cmocka_unit_test_setup_teardown(test_procedure_kitakyushu_cloud, setup, teardown),
        cmocka_unit_test_setup_teardown(test_procedure_otokuni, setup, teardown),
        cmocka_unit_test_setup_teardown(test_procedure_tokyo_edu, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_transitions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_blocked_cannot_be_submitted_otokuni, setup, teardown),
        cmocka_unit_test_setup_teardown(test_blocked_cannot_be_approved_tokyo_edu, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_ledger_field, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_optional_ledger_field_tokyo_edu, setup, teardown),
        cmocka_unit_test_setup_teardown(test_separation_tokyo_edu, setup, teardown),
        cmocka_unit_test_setup_teardown(test_change_report_kitakyushu_cloud, setup, teardown),
        cmocka_unit_test_setup_teardown(test_one_entry_per_function, setup, teardown),
        cmocka_unit_test_setup_teardown(test_needs_review_needs_reason, setup, teardown),
        cmocka_unit_test_setup_teardown(test_administrator_by_track, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_tamper, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_tail_removed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_purge_retention, setup, teardown),
        cmocka_unit_test_setup_teardown(test_users, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_approval, setup, teardown),
        cmocka_unit_test_setup_teardown(test_change_unknown_field, setup, teardown),
        cmocka_unit_test_setup_teardown(test_change_cannot_introduce_block_otokuni, setup, teardown),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
