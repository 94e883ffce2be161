/* Web sessions and login throttling (src/app/app_session.c) against the
 * backend named by DAICHO_TEST_DB (a postgresql:// URL, wiped before every
 * test) or a fresh SQLite file per test when it is unset.
 *
 * The rules are those of issue #4 "Auth and access": local accounts with
 * Argon2id passwords, sessions kept in the store (only the SHA-256 of the
 * token), and login throttling (5 failures of a login within 15 minutes).
 * Every test names the rule it checks and checks both sides of its
 * boundary. Time is fixed with DAICHO_NOW (src/util/clock.h); passwords
 * are few, as Argon2id is deliberately slow. */
#include <stdio.h>
#include <string.h>
#include <sodium.h>

#include "apptest.h"

/* ------------------------------------------------------------------ fixture */

#define T0 APPTEST_NOW /* the time setup fixes */
#define PW "Kitakyushu-2026!"
#define MINUTES 60

/* ------------------------------------------------------------------ helpers */

/* `call` refused with APP_INVALID and exactly the message `msg`. */
static void invalid_(App *app, AppRc rc, const char *msg, const char *what, int line)
{
    if (rc != APP_INVALID)
        fail_msg("line %d: %s: expected APP_INVALID, got %d: %s", line, what, rc, errtext(app));
    if (msg && strcmp(errtext(app), msg) != 0)
        fail_msg("line %d: %s: expected \"%s\", got \"%s\"", line, what, msg, errtext(app));
    if (app->acting)
        fail_msg("line %d: %s: refused, yet the App acts as %s", line, what, app->user.login);
}
#define INVALID(app, call, msg) invalid_((app), (call), (msg), #call, __LINE__)

static const char BAD_LOGIN[] = "ログイン名またはパスワードが違います";

/* One text column of the first row of `sql` bound with :v = `v`, copied to out. */
static int query_text(App *app, const char *sql, const char *v, char *out, size_t cap)
{
    DbStmt *st = db_prepare(app->db, sql);
    assert_non_null(st);
    if (v)
        assert_int_equal(db_bind_text(st, "v", v), 0);
    int r = db_step(st);
    if (r == DB_ROW)
        snprintf(out, cap, "%s", db_col_text(st, 0) ? db_col_text(st, 0) : "");
    db_reset(st);
    assert_int_not_equal(r, DB_ERROR);
    return r == DB_ROW;
}

static long long failures(App *app, const char *login)
{
    DbStmt *st = db_prepare(app->db, "SELECT count(*) FROM login_failures WHERE login = :v");
    assert_non_null(st);
    assert_int_equal(db_bind_text(st, "v", login), 0);
    assert_int_equal(db_step(st), DB_ROW);
    long long n = db_col_int(st, 0);
    db_reset(st);
    return n;
}

/* Organization "org1" (kitakyushu-external) with the administrator "admin"
 * (password PW) and the staff member "taro" (no password). */
static void org_setup_pw(App *app)
{
    org_setup_as(app, "org1", "kitakyushu-external", "admin", PW);
    add_user_by(app, "admin", "taro", "市役 太郎", "国際政策課", "主事", ROLES("staff"));
}

static void verify_chain(App *app)
{
    AuditCheck chk;
    assert_int_equal(audit_verify(app->db, &chk), 0);
    if (chk.bad_seq)
        fail_msg("audit chain broken at %lld: %s", chk.bad_seq, chk.why);
}

/* ------------------------------------------------------------------ tests */

/* Sessions in the store: a login with the right password opens a session,
 * acts as the user and records "session.login" (object user:ID, the client
 * address, neither password nor token); resuming it acts as the same user
 * with the same CSRF token. */
static void test_login_then_resume(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup_pw(app);
    char token[65], csrf[65];
    OK(app, app_login(app, "admin", PW, "192.0.2.7", MINUTES, token, csrf));
    assert_int_equal(strlen(token), 64);
    assert_int_equal(strlen(csrf), 64);
    assert_string_not_equal(token, csrf);
    assert_true(app->acting);
    assert_string_equal(app->user.login, "admin");
    assert_true(app->actor.is_admin);

    char object[64], data[256], actor[64];
    snprintf(object, sizeof object, "user:%lld", app->user.id);
    assert_true(query_text(app, "SELECT object FROM audit_events WHERE action = :v", "session.login", data,
                           sizeof data));
    assert_string_equal(data, object);
    assert_true(query_text(app, "SELECT actor FROM audit_events WHERE action = :v", "session.login", actor,
                           sizeof actor));
    assert_string_equal(actor, "admin");
    assert_true(query_text(app, "SELECT data FROM audit_events WHERE action = :v", "session.login", data, sizeof data));
    assert_string_equal(data, "{\"remote\":\"192.0.2.7\"}");

    /* A fresh App (as a later request would use) resumes the session. */
    App other;
    assert_int_equal(app_open(&other, fx->url, 0, &profiles), APP_OK);
    const char *c = NULL;
    OK(&other, app_session_resume(&other, token, MINUTES, &c));
    assert_non_null(c);
    assert_string_equal(c, csrf);
    assert_true(other.acting);
    assert_string_equal(other.user.login, "admin");
    assert_string_equal(other.org.code, "org1");
    assert_non_null(other.profile);
    app_close(&other);

    /* Another login is another session with other tokens. */
    char token2[65], csrf2[65];
    OK(app, app_login(app, "admin", PW, NULL, MINUTES, token2, csrf2));
    assert_string_not_equal(token, token2);
    assert_string_not_equal(csrf, csrf2);
    assert_int_equal(query_int(app, "SELECT count(*) FROM sessions"), 2);
    verify_chain(app);
}

/* Login throttling, below the limit: 4 failures in a row still let the
 * right password in (and a success forgets them); the refusal names
 * neither which of login or password was wrong. */
static void test_four_failures_allowed(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup_pw(app);
    char token[65], csrf[65];
    long long events = query_int(app, "SELECT count(*) FROM audit_events");
    for (int i = 0; i < 4; i++)
        INVALID(app, app_login(app, "admin", "wrong-password", "192.0.2.7", MINUTES, token, csrf), BAD_LOGIN);
    assert_string_equal(token, "");
    assert_int_equal(failures(app, "admin"), 4);
    assert_int_equal(query_int(app, "SELECT count(*) FROM sessions"), 0);
    /* A refused login writes no audit event (nor anything but the failure). */
    assert_int_equal(query_int(app, "SELECT count(*) FROM audit_events"), events);
    OK(app, app_login(app, "admin", PW, "192.0.2.7", MINUTES, token, csrf));
    assert_int_equal(failures(app, "admin"), 0);
    /* The same again: the count started over. */
    for (int i = 0; i < 4; i++)
        INVALID(app, app_login(app, "admin", "wrong-password", NULL, MINUTES, token, csrf), BAD_LOGIN);
    OK(app, app_login(app, "admin", PW, NULL, MINUTES, token, csrf));
}

/* Login throttling, at the limit: after 5 failures within 15 minutes even
 * the right password is refused, unverified and unrecorded, with a message
 * to wait; 15 minutes after the failures (at T+14:59 still refused, at
 * T+15:00 allowed) the right password works. The window slides: once the
 * oldest of 5 failures is 15 minutes old, one more attempt is allowed. */
static void test_five_failures_throttle(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup_pw(app);
    char token[65], csrf[65];
    for (int i = 0; i < 5; i++)
        INVALID(app, app_login(app, "admin", "wrong-password", NULL, MINUTES, token, csrf), BAD_LOGIN);
    assert_int_equal(failures(app, "admin"), 5);
    set_now("2026-04-10T00:35:00Z");
    INVALID(app, app_login(app, "admin", PW, NULL, MINUTES, token, csrf), NULL);
    assert_non_null(strstr(errtext(app), "待って"));
    assert_null(strstr(errtext(app), "admin"));
    assert_string_equal(token, "");
    assert_int_equal(failures(app, "admin"), 5);   /* refused unverified, not recorded */
    assert_int_equal(query_int(app, "SELECT count(*) FROM sessions"), 0);
    set_now("2026-04-10T00:44:59Z");
    INVALID(app, app_login(app, "admin", PW, NULL, MINUTES, token, csrf), NULL);
    assert_non_null(strstr(errtext(app), "待って"));
    /* Other logins are not affected. */
    assert_int_equal(failures(app, "taro"), 0);
    set_now("2026-04-10T00:45:00Z");
    OK(app, app_login(app, "admin", PW, NULL, MINUTES, token, csrf));
    assert_int_equal(failures(app, "admin"), 0);

    /* Failures a minute apart, 01:00 … 01:04: at 01:14:59 all 5 count; at
     * 01:15:00 the first has aged out, so one attempt is allowed, and a
     * wrong one makes 5 again. */
    static const char *const at[5] = {"2026-04-10T01:00:00Z", "2026-04-10T01:01:00Z", "2026-04-10T01:02:00Z",
                                      "2026-04-10T01:03:00Z", "2026-04-10T01:04:00Z"};
    for (int i = 0; i < 5; i++) {
        set_now(at[i]);
        INVALID(app, app_login(app, "admin", "wrong-password", NULL, MINUTES, token, csrf), BAD_LOGIN);
    }
    set_now("2026-04-10T01:14:59Z");
    INVALID(app, app_login(app, "admin", PW, NULL, MINUTES, token, csrf), NULL);
    assert_non_null(strstr(errtext(app), "待って"));
    set_now("2026-04-10T01:15:00Z");
    INVALID(app, app_login(app, "admin", "wrong-again", NULL, MINUTES, token, csrf), BAD_LOGIN);
    INVALID(app, app_login(app, "admin", PW, NULL, MINUTES, token, csrf), NULL);
    assert_non_null(strstr(errtext(app), "待って"));
    set_now("2026-04-10T01:16:00Z");
    OK(app, app_login(app, "admin", PW, NULL, MINUTES, token, csrf));
    verify_chain(app);
}

/* Login throttling and probing: an unknown login, an inactive user and a
 * user without a password are refused with the very message of a wrong
 * password, and recorded as failures, so that probing names is throttled
 * alike and the throttling message is the same for names that do not exist. */
static void test_unknown_login_same_message(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup_pw(app);
    char token[65], csrf[65];
    INVALID(app, app_login(app, "admin", "wrong-password", NULL, MINUTES, token, csrf), BAD_LOGIN);
    char wrong_password[256];
    snprintf(wrong_password, sizeof wrong_password, "%s", errtext(app));
    INVALID(app, app_login(app, "nobody", PW, NULL, MINUTES, token, csrf), BAD_LOGIN);
    assert_string_equal(errtext(app), wrong_password);
    assert_int_equal(failures(app, "nobody"), 1);
    /* taro exists but has no password: the same. */
    INVALID(app, app_login(app, "taro", "", NULL, MINUTES, token, csrf), BAD_LOGIN);
    assert_int_equal(failures(app, "taro"), 1);
    /* An inactive user: the same, even with the right password. */
    assert_int_equal(db_exec(app->db, "UPDATE users SET active = 0 WHERE login = 'admin'"), 0);
    INVALID(app, app_login(app, "admin", PW, NULL, MINUTES, token, csrf), BAD_LOGIN);
    assert_int_equal(db_exec(app->db, "UPDATE users SET active = 1 WHERE login = 'admin'"), 0);
    /* Throttled alike: 5 failures of the unknown name, then the same wait
     * message as for a real login. */
    for (int i = 1; i < 5; i++)
        INVALID(app, app_login(app, "nobody", PW, NULL, MINUTES, token, csrf), BAD_LOGIN);
    INVALID(app, app_login(app, "nobody", PW, NULL, MINUTES, token, csrf), NULL);
    char throttled[512];
    snprintf(throttled, sizeof throttled, "%s", errtext(app));
    for (int i = 2; i < 5; i++)
        INVALID(app, app_login(app, "admin", "wrong-password", NULL, MINUTES, token, csrf), BAD_LOGIN);
    INVALID(app, app_login(app, "admin", PW, NULL, MINUTES, token, csrf), throttled);
    /* Names no login can have are refused alike but not recorded. */
    char longname[80];
    memset(longname, 'a', 65);
    longname[65] = 0;
    INVALID(app, app_login(app, longname, PW, NULL, MINUTES, token, csrf), BAD_LOGIN);
    INVALID(app, app_login(app, "", PW, NULL, MINUTES, token, csrf), BAD_LOGIN);
    INVALID(app, app_login(app, NULL, PW, NULL, MINUTES, token, csrf), BAD_LOGIN);
    /* admin 5, nobody 5 (the 6th was refused unrecorded), taro 1. */
    assert_int_equal(query_int(app, "SELECT count(*) FROM login_failures"), 5 + 5 + 1);
}

/* Sessions in the store, expiry: a session is valid while now is before
 * its expiry (created + session_minutes): one second before, resumed; at
 * the expiry itself, refused. */
static void test_expiry_boundary(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup_pw(app);
    char a[65], b[65], csrf[65];
    const char *c;
    OK(app, app_login(app, "admin", PW, NULL, MINUTES, a, csrf));
    OK(app, app_login(app, "admin", PW, NULL, MINUTES, b, csrf));
    char exp[32];
    assert_true(query_text(app, "SELECT max(expires_at) FROM sessions", NULL, exp, sizeof exp));
    assert_string_equal(exp, "2026-04-10T01:30:00Z");
    set_now("2026-04-10T01:29:59Z");
    OK(app, app_session_resume(app, a, MINUTES, &c));
    assert_string_equal(app->user.login, "admin");
    set_now("2026-04-10T01:30:00Z");
    INVALID(app, app_session_resume(app, b, MINUTES, &c), NULL);
    assert_null(c);
    assert_non_null(strstr(errtext(app), "ログイン"));
    /* Resuming slid a's expiry; b's lapsed (left for the sweep). */
    OK(app, app_session_resume(app, a, MINUTES, &c));
}

/* Sessions in the store, sliding expiry: resuming extends the session to
 * session_minutes from now, writing at most once a minute (not on every
 * request): 59 seconds after the last write nothing is written, at 60 it is. */
static void test_sliding_expiry(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup_pw(app);
    char token[65], csrf[65], seen[32], exp[32];
    const char *c;
    OK(app, app_login(app, "admin", PW, NULL, MINUTES, token, csrf));
    set_now("2026-04-10T00:30:59Z");
    OK(app, app_session_resume(app, token, MINUTES, &c));
    assert_true(query_text(app, "SELECT last_seen FROM sessions", NULL, seen, sizeof seen));
    assert_string_equal(seen, T0);
    assert_true(query_text(app, "SELECT expires_at FROM sessions", NULL, exp, sizeof exp));
    assert_string_equal(exp, "2026-04-10T01:30:00Z");
    set_now("2026-04-10T00:31:00Z");
    OK(app, app_session_resume(app, token, MINUTES, &c));
    assert_true(query_text(app, "SELECT last_seen FROM sessions", NULL, seen, sizeof seen));
    assert_string_equal(seen, "2026-04-10T00:31:00Z");
    assert_true(query_text(app, "SELECT expires_at FROM sessions", NULL, exp, sizeof exp));
    assert_string_equal(exp, "2026-04-10T01:31:00Z");
    /* So a session used now and then outlives its first expiry. */
    set_now("2026-04-10T01:30:30Z");
    OK(app, app_session_resume(app, token, MINUTES, &c));
    assert_string_equal(c, csrf);
    set_now("2026-04-10T02:30:29Z");
    OK(app, app_session_resume(app, token, MINUTES, &c));
    /* Sliding writes no audit event. */
    assert_int_equal(query_int(app, "SELECT count(*) FROM audit_events WHERE action LIKE 'session.%'"), 1);
}

/* Sessions in the store, logout: the session is deleted (resuming it is
 * refused), "session.logout" is recorded as the session's user, and
 * logging out again is harmless. */
static void test_logout(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup_pw(app);
    char token[65], csrf[65], other[65];
    const char *c;
    OK(app, app_login(app, "admin", PW, NULL, MINUTES, token, csrf));
    OK(app, app_login(app, "admin", PW, NULL, MINUTES, other, csrf));
    OK(app, app_session_resume(app, token, MINUTES, &c));
    OK(app, app_logout(app, token));
    assert_false(app->acting);
    INVALID(app, app_session_resume(app, token, MINUTES, &c), NULL);
    /* Only that session ended. */
    OK(app, app_session_resume(app, other, MINUTES, &c));
    char actor[64];
    assert_true(query_text(app, "SELECT actor FROM audit_events WHERE action = :v", "session.logout", actor,
                           sizeof actor));
    assert_string_equal(actor, "admin");
    long long events = query_int(app, "SELECT count(*) FROM audit_events");
    OK(app, app_logout(app, token));
    OK(app, app_logout(app, "not-a-token"));
    OK(app, app_logout(app, NULL));
    assert_int_equal(query_int(app, "SELECT count(*) FROM audit_events"), events);
    assert_int_equal(query_int(app, "SELECT count(*) FROM sessions"), 1);
    verify_chain(app);
}

/* Sessions in the store, tokens never in clear: the sessions table holds
 * the SHA-256 of the token (and no column holds the token), the audit trail
 * holds neither token nor password, and a token that is not 64 hex digits
 * (or is the stored hash itself) opens nothing. */
static void test_token_not_stored(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup_pw(app);
    char token[65], csrf[65];
    const char *c;
    OK(app, app_login(app, "admin", PW, "192.0.2.7", MINUTES, token, csrf));
    assert_int_equal(sodium_init() < 0, 0);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    char stored[80];
    assert_true(query_text(app, "SELECT token_hash FROM sessions", NULL, stored, sizeof stored));
    assert_string_equal(stored, hex);
    assert_string_not_equal(stored, token);
    DbStmt *st = db_prepare(app->db, "SELECT count(*) FROM sessions WHERE token_hash = :v OR csrf = :v"
                                     " OR created_at = :v OR last_seen = :v OR expires_at = :v OR remote = :v");
    assert_non_null(st);
    assert_int_equal(db_bind_text(st, "v", token), 0);
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_col_int(st, 0), 0);
    db_reset(st);
    st = db_prepare(app->db, "SELECT count(*) FROM audit_events WHERE data LIKE :v OR object LIKE :v");
    assert_non_null(st);
    char like[80];
    snprintf(like, sizeof like, "%%%s%%", token);
    assert_int_equal(db_bind_text(st, "v", like), 0);
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_col_int(st, 0), 0);
    db_reset(st);
    assert_int_equal(query_int(app, "SELECT count(*) FROM audit_events WHERE data LIKE '%Kitakyushu-2026%'"), 0);

    /* The hash read from the database is no token. */
    INVALID(app, app_session_resume(app, hex, MINUTES, &c), NULL);
    INVALID(app, app_session_resume(app, NULL, MINUTES, &c), NULL);
    INVALID(app, app_session_resume(app, "", MINUTES, &c), NULL);
    char upper[65];
    for (int i = 0; i < 65; i++)
        upper[i] = (char)(token[i] >= 'a' && token[i] <= 'f' ? token[i] - 32 : token[i]);
    if (strcmp(upper, token) != 0)
        INVALID(app, app_session_resume(app, upper, MINUTES, &c), NULL);
    char shorter[65];
    snprintf(shorter, sizeof shorter, "%.63s", token);
    INVALID(app, app_session_resume(app, shorter, MINUTES, &c), NULL);
    OK(app, app_session_resume(app, token, MINUTES, &c));
}

/* Sessions in the store and inactive users: once a user is deactivated
 * their session no longer resumes (and is deleted), while the session of
 * an active user still does. */
static void test_inactive_user_cannot_resume(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup_pw(app);
    OK(app, app_act_as(app, "admin"));
    OK(app, app_user_set_password(app, "taro", "Taro-pass-2026"));
    char admin[65], taro[65], csrf[65];
    const char *c;
    OK(app, app_login(app, "taro", "Taro-pass-2026", NULL, MINUTES, taro, csrf));
    OK(app, app_login(app, "admin", PW, NULL, MINUTES, admin, csrf));
    OK(app, app_session_resume(app, taro, MINUTES, &c));
    assert_string_equal(app->user.login, "taro");
    assert_int_equal(db_exec(app->db, "UPDATE users SET active = 0 WHERE login = 'taro'"), 0);
    INVALID(app, app_session_resume(app, taro, MINUTES, &c), NULL);
    assert_int_equal(query_int(app, "SELECT count(*) FROM sessions"), 1);
    OK(app, app_session_resume(app, admin, MINUTES, &c));
    assert_string_equal(app->user.login, "admin");
}

/* Sessions in the store, the sweep: expired sessions (expiry now or
 * earlier) and failures older than a day are deleted; live sessions and
 * recent failures are kept. */
static void test_sweep(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup_pw(app);
    char old[65], live[65], csrf[65];
    const char *c;
    OK(app, app_login(app, "admin", PW, NULL, MINUTES, old, csrf));        /* until 01:30 */
    INVALID(app, app_login(app, "nobody", "x", NULL, MINUTES, live, csrf), BAD_LOGIN);  /* failure at 00:30 */
    set_now("2026-04-10T01:00:00Z");
    OK(app, app_login(app, "admin", PW, NULL, MINUTES, live, csrf));       /* until 02:00 */
    set_now("2026-04-11T00:29:59Z");
    char none[65];
    INVALID(app, app_login(app, "nobody", "x", NULL, MINUTES, none, csrf), BAD_LOGIN);
    set_now("2026-04-10T01:30:00Z");
    app_sessions_sweep(app);
    assert_string_equal(errtext(app), "");
    assert_int_equal(query_int(app, "SELECT count(*) FROM sessions"), 1);
    OK(app, app_session_resume(app, live, MINUTES, &c));
    assert_int_equal(failures(app, "nobody"), 2);
    /* A day after the first failure it goes; the later one stays. */
    set_now("2026-04-11T00:30:00Z");
    app_sessions_sweep(app);
    assert_int_equal(failures(app, "nobody"), 2);
    set_now("2026-04-11T00:30:01Z");
    app_sessions_sweep(app);
    assert_int_equal(failures(app, "nobody"), 1);
    assert_int_equal(query_int(app, "SELECT count(*) FROM sessions"), 0);
}

/* Migration 3: users have is_auditor (監査担当), 0 unless set, read into
 * the user row and the actor. */
static void test_auditor_flag(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup_pw(app);
    OK(app, app_act_as(app, "taro"));
    assert_false(app->user.is_auditor);
    assert_false(app->actor.is_auditor);
    assert_int_equal(db_exec(app->db, "UPDATE users SET is_auditor = 1 WHERE login = 'taro'"), 0);
    OK(app, app_act_as(app, "taro"));
    assert_true(app->user.is_auditor);
    assert_true(app->actor.is_auditor);
    assert_false(app->actor.is_admin);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_login_then_resume, setup, teardown),
        cmocka_unit_test_setup_teardown(test_four_failures_allowed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_five_failures_throttle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_login_same_message, setup, teardown),
        cmocka_unit_test_setup_teardown(test_expiry_boundary, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sliding_expiry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_logout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_token_not_stored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inactive_user_cannot_resume, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sweep, setup, teardown),
        cmocka_unit_test_setup_teardown(test_auditor_flag, setup, teardown),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
