/* The notification outbox and the account settings of src/app/app_outbox.c
 * (issue #4 item 5, users and roles), against the backend named by
 * DAICHO_TEST_DB (a postgresql:// URL, wiped before every test) or a fresh
 * SQLite file per test; and the mail format of src/web/mailer.c.
 *
 * The rules checked (each test names its own):
 *   - one outbox row per event and addressee: submitted → the holders of the
 *     track's approver role (not the applicant), decided → the applicant,
 *     a ledger change → the role the profile names (kitakyushu-cloud
 *     3.4②); filling twice adds nothing;
 *   - a review due within 30 days or overdue → the entry's administrator
 *     (the approver role when the administrator has left), once per entry
 *     and due date;
 *   - sending: only rows of active users with an address; a failure keeps
 *     its error and is retried later, never dropped; a row taken by one
 *     sender is not taken by another;
 *   - accounts: who may set an address, deactivation ends sessions, every
 *     change is an audit event;
 *   - mail: RFC 2047 subjects cut only between characters, no header
 *     injection through an address.
 * Time is fixed with DAICHO_NOW. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "apptest.h"
#include "app/app_outbox.h"
#include "store/sessions.h"
#include "web/mailer.h"

/* ------------------------------------------------------------------ fixture */

#define NOW_APPROVE APPTEST_NOW /* the time setup fixes */

/* ------------------------------------------------------------------ helpers */

/* A user of the department 総務課 named after the login, added by the
 * administrator "admin" (add_user_by). */
static long long add_user(App *app, const char *login, const char **roles)
{
    return add_user_by(app, "admin", login, login, "総務課", NULL, roles);
}

static long long create_app(App *app, const char *login, const char *example)
{
    char *json = read_source(example);
    act_as(app, login);
    long long id = 0;
    AppRc rc = app_apply_create(app, "test.json", json, strlen(json), &id);
    free(json);
    if (rc != APP_OK)
        fail_msg("%s: create: %s", login, errtext(app));
    return id;
}

static void step(App *app, const char *login, long long id, AppAction action, const char *reason, const char *admin)
{
    act_as(app, login);
    DecideOptions o = {reason, admin, 1};
    AppRc rc = app_apply_act(app, id, action, &o, NULL);
    if (rc != APP_OK)
        fail_msg("%s: %s %lld: %s", login, app_action_names[action], id, errtext(app));
}

/* "kind>login" of every outbox row, sorted, comma-separated. */
static void outbox_text(App *app, char *out, size_t cap)
{
    DbStmt *st = db_prepare(app->db, "SELECT o.kind, u.login, o.object FROM outbox o JOIN users u ON u.id = o.user_id"
                                     " ORDER BY o.kind, u.login, o.object");
    assert_non_null(st);
    out[0] = 0;
    while (db_step(st) == DB_ROW) {
        size_t n = strlen(out);
        snprintf(out + n, cap - n, "%s%s>%s@%s", n ? "," : "", db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2));
    }
    db_reset(st);
}

static OutboxFill fill(App *app)
{
    OutboxFill f;
    OK(app, app_outbox_fill(app, OUTBOX_REVIEW_DAYS, &f));
    return f;
}

/* Organization "org1" (kitakyushu-cloud) with "shokuin" (staff) and "kacho"
 * (section_head). */
static void org_with_shokuin_kacho(App *app)
{
    org_setup(app, "kitakyushu-cloud");
    add_user(app, "shokuin", ROLES("staff"));
    add_user(app, "kacho", ROLES("section_head"));
}

/* An ordinary application (ordinary-ready.json) created and submitted by `login`. */
static long long submit_ordinary(App *app, const char *login)
{
    long long id = create_app(app, login, "examples/kitakyushu-cloud/ordinary-ready.json");
    step(app, login, id, ACT_SUBMIT, NULL, NULL);
    return id;
}

/* ------------------------------------------------------------------ addressees */

/* Rule: one row per event and addressee; submitted → the approver role's
 * holders except the applicant; decided → the applicant; a ledger change →
 * the report role (kitakyushu-cloud 3.4②), its inactive holders left out;
 * filling again adds nothing. */
static void test_fill_addressees_kitakyushu_cloud(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup(app, "kitakyushu-cloud");
    add_user(app, "kacho", ROLES("section_head"));
    add_user(app, "kacho2", ROLES("section_head"));
    add_user(app, "kacho3", ROLES("staff", "section_head"));
    add_user(app, "ciso", ROLES("ciso"));
    add_user(app, "joho", ROLES("system_dept"));
    add_user(app, "joho2", ROLES("system_dept"));
    act_as(app, "admin");
    OK(app, app_user_set_active(app, "joho2", 0));

    long long imp = create_app(app, "kacho", "examples/kitakyushu-cloud/important-needs-review.json");
    step(app, "kacho", imp, ACT_SUBMIT, NULL, NULL);
    long long ord = create_app(app, "kacho3", "examples/kitakyushu-cloud/ordinary-ready.json");
    step(app, "kacho3", ord, ACT_SUBMIT, NULL, NULL);
    OutboxFill f = fill(app);
    assert_int_equal(f.notes, 2);
    char rows[2048];
    outbox_text(app, rows, sizeof rows);
    /* kacho3 submitted application 2 and holds section_head: not asked to review it. */
    assert_string_equal(rows, "application.submitted>ciso@application:1,application.submitted>kacho@application:2,"
                              "application.submitted>kacho2@application:2");

    step(app, "ciso", imp, ACT_APPROVE, "国外バックアップは評価済み", "kacho");
    step(app, "kacho", ord, ACT_RETURN, "利用者の範囲を具体的に", NULL);
    f = fill(app);
    assert_int_equal(f.notes, 3);
    outbox_text(app, rows, sizeof rows);
    assert_string_equal(rows, "application.decided>kacho@application:1,application.decided>kacho3@application:2,"
                              "application.submitted>ciso@application:1,application.submitted>kacho@application:2,"
                              "application.submitted>kacho2@application:2,ledger.report>joho@ledger:1");
    /* The report cites the clause that names the role. */
    assert_int_equal(query_int(app, "SELECT count(*) FROM outbox WHERE kind = 'ledger.report' AND clause = '3.4②'"), 1);

    /* Nothing new: filling again adds no row. */
    long long before = query_int(app, "SELECT count(*) FROM outbox");
    f = fill(app);
    assert_int_equal(f.notes, 0);
    assert_int_equal(f.rows, 0);
    assert_int_equal(query_int(app, "SELECT count(*) FROM outbox"), before);
    /* Each row's subject names the object; its link opens it. */
    assert_int_equal(query_int(app, "SELECT count(*) FROM outbox WHERE link = '/applications/1' AND subject LIKE '%申請 1%'"), 2);
}

/* Rule: an event addressed to a role nobody (active) holds is counted as
 * unaddressed, so the server can say so; it is not an error. */
static void test_fill_unaddressed(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup(app, "kitakyushu-cloud");
    add_user(app, "kacho", ROLES("section_head"));
    add_user(app, "ciso", ROLES("ciso"));
    long long imp = create_app(app, "kacho", "examples/kitakyushu-cloud/important-needs-review.json");
    step(app, "kacho", imp, ACT_SUBMIT, NULL, NULL);
    step(app, "ciso", imp, ACT_APPROVE, "評価済み", "kacho");
    OutboxFill f = fill(app);
    assert_int_equal(f.notes, 3);     /* submitted, decided, ledger.report */
    assert_int_equal(f.unaddressed, 1); /* nobody holds system_dept */
    assert_int_equal(query_int(app, "SELECT count(*) FROM outbox"), 2);
}

/* ------------------------------------------------------------------ reviews */

/* Rule: a review due within 30 days (or overdue) is announced to the
 * entry's administrator, once per entry and due date, however often the
 * scan runs; the scan runs once a day; an administrator who has left is
 * replaced by the holders of the track's approver role. */
static void test_review_due(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_with_shokuin_kacho(app);
    add_user(app, "kacho2", ROLES("section_head"));
    long long a1 = submit_ordinary(app, "shokuin");
    step(app, "kacho", a1, ACT_APPROVE, NULL, NULL); /* 第1号, administrator kacho, review 2027-04-10 */
    fill(app);
    long long base = query_int(app, "SELECT count(*) FROM outbox");

    set_now("2027-03-01T00:00:00Z"); /* 40 days before: not yet */
    OutboxFill f = fill(app);
    assert_int_equal(f.reviews_scanned, 1);
    assert_int_equal(query_int(app, "SELECT count(*) FROM outbox WHERE kind = 'review.due'"), 0);

    set_now("2027-03-12T00:00:00Z"); /* 29 days before */
    f = fill(app);
    assert_int_equal(f.reviews_scanned, 1);
    char rows[2048];
    outbox_text(app, rows, sizeof rows);
    assert_non_null(strstr(rows, "review.due>kacho@ledger:1"));
    assert_int_equal(query_int(app, "SELECT count(*) FROM outbox WHERE kind = 'review.due' AND source LIKE 'review:%:2027-04-10'"), 1);
    assert_int_equal(query_int(app, "SELECT count(*) FROM outbox WHERE kind = 'review.due' AND clause <> ''"), 1);

    set_now("2027-03-12T05:00:00Z"); /* same day: no second scan */
    assert_int_equal(fill(app).reviews_scanned, 0);
    set_now("2027-04-20T00:00:00Z"); /* overdue, later days: still once */
    f = fill(app);
    assert_int_equal(f.reviews_scanned, 1);
    assert_int_equal(f.rows, 0);
    assert_int_equal(query_int(app, "SELECT count(*) FROM outbox WHERE kind = 'review.due'"), 1);

    /* The administrator leaves: a new due date goes to the approver role. */
    act_as(app, "admin");
    OK(app, app_user_set_active(app, "kacho", 0));
    assert_int_equal(db_exec(app->db, "UPDATE ledger_entries SET review_due = '2027-05-01' WHERE number = 1"), 0);
    set_now("2027-04-21T00:00:00Z");
    fill(app);
    assert_int_equal(query_int(app, "SELECT count(*) FROM outbox o JOIN users u ON u.id = o.user_id"
                                    " WHERE o.kind = 'review.due' AND o.source LIKE '%2027-05-01' AND u.login = 'kacho2'"),
                     1);
    assert_int_equal(query_int(app, "SELECT count(*) FROM outbox") - base, 2);
}

/* ------------------------------------------------------------------ sending */

typedef struct Sender {
    const char *refuse;   /* address that fails */
    int calls;
    char seen[8][64];
} Sender;

static int fake_send(void *ctx, const OutboxRow *row, Str *err)
{
    Sender *s = ctx;
    if (s->calls < 8)
        snprintf(s->seen[s->calls], sizeof s->seen[0], "%s", row->email);
    s->calls++;
    if (s->refuse && strcmp(row->email, s->refuse) == 0) {
        str_append(err, "550 mailbox unavailable");
        return -1;
    }
    return 0;
}

/* Rule: only rows of active users with an address are mailed; a failure
 * keeps its error, counts the attempt and waits (5 minutes after the first)
 * before it is tried again; once sent, a row is never sent again. */
static void test_send_and_retry(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_with_shokuin_kacho(app);
    add_user(app, "kacho2", ROLES("section_head"));
    act_as(app, "admin");
    OK(app, app_user_set_email(app, "kacho", "kacho@city.example.jp"));
    OK(app, app_user_set_email(app, "shokuin", "shokuin@city.example.jp"));
    long long a1 = submit_ordinary(app, "shokuin");
    fill(app); /* kacho and kacho2 (no address) */
    step(app, "kacho", a1, ACT_APPROVE, NULL, NULL);
    fill(app); /* shokuin */
    assert_int_equal(query_int(app, "SELECT count(*) FROM outbox"), 3);

    Sender s = {.refuse = "shokuin@city.example.jp"};
    int sent = -1, failed = -1;
    OK(app, app_outbox_send(app, 10, fake_send, &s, &sent, &failed));
    assert_int_equal(s.calls, 2); /* kacho2 has no address: not taken */
    assert_int_equal(sent, 1);
    assert_int_equal(failed, 1);
    assert_int_equal(query_int(app, "SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL"), 1);
    assert_int_equal(query_int(app, "SELECT count(*) FROM outbox WHERE attempts = 1 AND last_error = '550 mailbox unavailable'"
                                    " AND next_attempt_at = '2026-04-10T00:35:00Z'"),
                     1);

    /* Not due yet: nothing is taken. */
    s = (Sender){.refuse = NULL};
    OK(app, app_outbox_send(app, 10, fake_send, &s, &sent, &failed));
    assert_int_equal(s.calls, 0);
    /* Five minutes later it is, and goes. */
    set_now("2026-04-10T00:35:00Z");
    OK(app, app_outbox_send(app, 10, fake_send, &s, &sent, &failed));
    assert_int_equal(s.calls, 1);
    assert_string_equal(s.seen[0], "shokuin@city.example.jp");
    assert_int_equal(query_int(app, "SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL AND last_error = ''"), 2);
    /* Sent rows are never taken again. */
    set_now("2026-04-11T00:00:00Z");
    s = (Sender){0};
    OK(app, app_outbox_send(app, 10, fake_send, &s, &sent, &failed));
    assert_int_equal(s.calls, 0);
    /* The address comes later: the waiting row is mailed then. */
    act_as(app, "admin");
    OK(app, app_user_set_email(app, "kacho2", "kacho2@city.example.jp"));
    OK(app, app_outbox_send(app, 10, fake_send, &s, &sent, &failed));
    assert_int_equal(s.calls, 1);
}

/* Rule: retries back off (5, 10, 20 … minutes, at most six hours): the
 * error of the last attempt is kept. */
static void test_retry_backoff(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_with_shokuin_kacho(app);
    act_as(app, "admin");
    OK(app, app_user_set_email(app, "kacho", "kacho@city.example.jp"));
    submit_ordinary(app, "shokuin");
    fill(app);
    static const char *const times[] = {"2026-04-10T00:30:00Z", "2026-04-10T00:35:00Z", "2026-04-10T00:45:00Z",
                                        "2026-04-10T01:05:00Z"};
    static const char *const next[] = {"2026-04-10T00:35:00Z", "2026-04-10T00:45:00Z", "2026-04-10T01:05:00Z",
                                       "2026-04-10T01:45:00Z"};
    for (int i = 0; i < 4; i++) {
        set_now(times[i]);
        Sender s = {.refuse = "kacho@city.example.jp"};
        OK(app, app_outbox_send(app, 10, fake_send, &s, NULL, NULL));
        assert_int_equal(s.calls, 1);
        DbStmt *st = db_prepare(app->db, "SELECT attempts, next_attempt_at FROM outbox");
        assert_int_equal(db_step(st), DB_ROW);
        assert_int_equal(db_col_int(st, 0), i + 1);
        assert_string_equal(db_col_text(st, 1), next[i]);
        db_reset(st);
    }
}

/* Rule: a row taken by one sender (a second server on the same database)
 * is not taken by another until its lease ends. */
static void test_claim_once(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_with_shokuin_kacho(app);
    submit_ordinary(app, "shokuin");
    fill(app);
    long long id = query_int(app, "SELECT id FROM outbox");
    assert_int_equal(store_outbox_claim(app->db, id, "2026-04-10T00:30:00Z", "2026-04-10T00:45:00Z"), 1);
    assert_int_equal(store_outbox_claim(app->db, id, "2026-04-10T00:30:00Z", "2026-04-10T00:45:00Z"), 0);
    assert_int_equal(store_outbox_claim(app->db, id, "2026-04-10T00:45:00Z", "2026-04-10T01:00:00Z"), 1);
}

/* ------------------------------------------------------------------ reading */

static int count_row(void *ctx, const OutboxRow *r)
{
    (void)r;
    (*(int *)ctx)++;
    return 0;
}

/* Rule: a user reads the rows addressed to them; the organization's whole
 * outbox is the administrator's. */
static void test_list_scope(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_with_shokuin_kacho(app);
    long long a1 = submit_ordinary(app, "shokuin");
    step(app, "kacho", a1, ACT_APPROVE, NULL, NULL);
    fill(app);
    long long total = -1;
    int n = 0;
    act_as(app, "shokuin");
    OK(app, app_outbox_list(app, 0, 50, 0, count_row, &n, &total));
    assert_int_equal(total, 1);
    assert_int_equal(n, 1);
    assert_int_equal(app_outbox_list(app, 1, 50, 0, count_row, &n, &total), APP_INVALID);
    assert_true(app->denied);
    act_as(app, "admin");
    n = 0;
    OK(app, app_outbox_list(app, 1, 50, 0, count_row, &n, &total));
    assert_int_equal(total, 2);
    assert_int_equal(n, 2);
}

/* ------------------------------------------------------------------ accounts */

/* Rule: a user sets their own address, only the administrator anyone's; a
 * malformed address is refused; each change is the event user.email. */
static void test_email_rules(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_with_shokuin_kacho(app);
    act_as(app, "shokuin");
    OK(app, app_user_set_email(app, "shokuin", "shokuin@city.example.jp"));
    assert_int_equal(app_user_set_email(app, "kacho", "x@city.example.jp"), APP_INVALID);
    assert_true(app->denied);
    static const char *const bad[] = {"no-at", "a b@x.jp", "a@b@c", "<a@x.jp>", "a@x.jp\r\nBcc: e@x.jp", "@x.jp", "a@"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(app_user_set_email(app, "shokuin", bad[i]), APP_INVALID);
        assert_false(app->denied);
    }
    act_as(app, "admin");
    OK(app, app_user_set_email(app, "kacho", "kacho@city.example.jp"));
    OK(app, app_user_set_email(app, "kacho", ""));
    assert_int_equal(query_int(app, "SELECT count(*) FROM audit_events WHERE action = 'user.email'"), 3);
    assert_int_equal(query_int(app, "SELECT count(*) FROM users WHERE email <> ''"), 1);
}

/* Rule: deactivation is the administrator's, never of themselves; it ends
 * the user's sessions in the same transaction and the login is refused;
 * the auditor flag is granted and withdrawn; every change is audited. */
static void test_deactivate_and_auditor(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup(app, "kitakyushu-cloud");
    long long uid = add_user(app, "shokuin", ROLES("staff"));
    assert_int_equal(store_session_insert(app->db, "h1", uid, 1, "c1", NOW_APPROVE, "2026-04-10T09:00:00Z", NULL), 0);
    act_as(app, "shokuin");
    assert_int_equal(app_user_set_active(app, "shokuin", 0), APP_INVALID);
    assert_true(app->denied);
    act_as(app, "admin");
    assert_int_equal(app_user_set_active(app, "admin", 0), APP_INVALID);
    assert_false(app->denied);
    OK(app, app_user_set_active(app, "shokuin", 0));
    assert_int_equal(query_int(app, "SELECT count(*) FROM sessions"), 0);
    assert_int_equal(app_act_as(app, "shokuin"), APP_INVALID);
    act_as(app, "admin");
    assert_int_equal(app_user_set_active(app, "shokuin", 0), APP_INVALID); /* already inactive */
    OK(app, app_user_set_active(app, "shokuin", 1));
    act_as(app, "shokuin");
    act_as(app, "admin");
    OK(app, app_user_set_auditor(app, "shokuin", 1));
    act_as(app, "shokuin");
    assert_true(app->user.is_auditor);
    act_as(app, "admin");
    OK(app, app_user_set_auditor(app, "shokuin", 0));
    assert_int_equal(query_int(app, "SELECT count(*) FROM audit_events WHERE object = 'user:shokuin' AND action IN"
                                    " ('user.deactivate', 'user.activate', 'user.auditor')"),
                     4);
    AuditCheck c;
    OK(app, app_audit_verify(app, &c));
    assert_int_equal(c.bad_seq, 0);
    /* Another organization's user is not found. */
    assert_int_equal(app_user_set_active(app, "nobody", 0), APP_INVALID);
}

/* ------------------------------------------------------------------ mail */

static void decode_word(const char *word, size_t n, Str *out)
{
    assert_true(n > 12);
    assert_memory_equal(word, "=?UTF-8?B?", 10);
    assert_memory_equal(word + n - 2, "?=", 2);
    unsigned char bin[128];
    size_t len = 0;
    assert_int_equal(sodium_base642bin(bin, sizeof bin, word + 10, n - 12, NULL, &len, NULL, sodium_base64_VARIANT_ORIGINAL), 0);
    /* Each word is whole characters: it starts with no continuation byte
     * and ends with a complete character. */
    assert_true((bin[0] & 0xC0) != 0x80);
    size_t i = len;
    while (i > 0 && (bin[i - 1] & 0xC0) == 0x80)
        i--;
    assert_true(i > 0);
    unsigned char lead = bin[i - 1];
    size_t need = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    assert_int_equal(len - (i - 1), need);
    str_appendn(out, (const char *)bin, len);
}

/* Rule (RFC 2047 2, 5): a non-ASCII subject becomes encoded words of at
 * most 75 characters, each of whole characters, folded onto continuation
 * lines; decoded and joined they give the subject back. ASCII stays as it is. */
static void test_mail_subject_rfc2047(void **state)
{
    (void)state;
    const char *subject = "[daicho] 定期点検の期限（台帳 第12号）期限超過 — 健診予約管理クラウドBの運用・保守時の確認をしてください";
    Str h = STR_INIT, back = STR_INIT;
    mail_header_text(subject, &h);
    const char *s = str_cstr(&h);
    int words = 0;
    while (*s) {
        const char *end = strstr(s, "\r\n ");
        size_t n = end ? (size_t)(end - s) : strlen(s);
        assert_true(n <= 75);
        decode_word(s, n, &back);
        words++;
        s += n;
        if (end)
            s += 3;
    }
    assert_true(words >= 3);
    assert_string_equal(str_cstr(&back), subject);
    str_free(&h);
    str_free(&back);
    Str a = STR_INIT;
    mail_header_text("plain ascii", &a);
    assert_string_equal(str_cstr(&a), "plain ascii");
    str_free(&a);
}

/* Rule: an address cannot smuggle a header (line breaks, angle brackets);
 * the body goes base64 with CRLF lines. */
static void test_mail_format(void **state)
{
    (void)state;
    Mail m = {"daicho@city.example.jp", "daicho", "kacho@city.example.jp", "課長 花子", "件名", "一行目\n二行目",
              "Wed, 01 Apr 2026 09:00:00 +0000", "x.1@city.example.jp"};
    Str out = STR_INIT;
    assert_int_equal(mail_format(&m, &out), 0);
    const char *t = str_cstr(&out);
    assert_non_null(strstr(t, "\r\nTo: =?UTF-8?B?"));
    assert_non_null(strstr(t, "<kacho@city.example.jp>\r\n"));
    assert_non_null(strstr(t, "\r\nContent-Transfer-Encoding: base64\r\n"));
    const char *body = strstr(t, "\r\n\r\n") + 4;
    unsigned char bin[256];
    size_t len = 0;
    assert_int_equal(sodium_base642bin(bin, sizeof bin - 1, body, strlen(body), "\r\n", &len, NULL, sodium_base64_VARIANT_ORIGINAL), 0);
    bin[len] = 0;
    assert_string_equal((char *)bin, "一行目\r\n二行目");
    str_free(&out);
    static const char *const bad[] = {"a@x.jp\r\nBcc: e@x.jp", "a@x.jp>", "<a@x.jp", "a b@x.jp", "", "no-at"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        Str o = STR_INIT;
        Mail b = m;
        b.to = bad[i];
        assert_int_equal(mail_format(&b, &o), -1);
        b = m;
        b.from = bad[i];
        assert_int_equal(mail_format(&b, &o), -1);
        str_free(&o);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fill_addressees_kitakyushu_cloud, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fill_unaddressed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_review_due, setup, teardown),
        cmocka_unit_test_setup_teardown(test_send_and_retry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_retry_backoff, setup, teardown),
        cmocka_unit_test_setup_teardown(test_claim_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_scope, setup, teardown),
        cmocka_unit_test_setup_teardown(test_email_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deactivate_and_auditor, setup, teardown),
        cmocka_unit_test(test_mail_subject_rfc2047),
        cmocka_unit_test(test_mail_format),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
