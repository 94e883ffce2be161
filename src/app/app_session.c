/* Web sessions and login throttling (issue #4 "Auth and access").
 *
 * A session is a random 32-byte token (64 hex characters) held by the
 * browser; the store keeps only its SHA-256, so reading the database (or a
 * backup) opens no session. Each session has its own random CSRF token.
 *
 * Throttling is per login name: 5 failures within 15 minutes refuse further
 * attempts, without verifying the password, until the oldest of them is 15
 * minutes old. Failures are recorded for names that do not exist too, and
 * every refusal says the same thing, so neither the messages nor the
 * throttling tell whether a login exists. All times come from app->now
 * (DAICHO_NOW in tests). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/app_internal.h"
#include "store/audit.h"
#include "store/sessions.h"

enum {
    THROTTLE_FAILURES = 5,          /* failures within the window that lock a login */
    THROTTLE_WINDOW = 15 * 60,      /* seconds */
    FAILURES_KEPT = 24 * 3600,      /* the sweep forgets failures older than this (seconds) */
    TOUCH_EVERY = 60,               /* seconds between two writes of a session's last_seen */
    TOKEN_BYTES = 32,
    TOKEN_HEX = 2 * TOKEN_BYTES,
    LOGIN_MAX = 64,                 /* no login is longer (app_users.c) */
    SESSION_MINUTES_MAX = 366 * 24 * 60,
};

static const char MSG_BAD_LOGIN[] = "ログイン名またはパスワードが違います";
static const char MSG_THROTTLED[] =
    "ログインの失敗が続いたため、しばらくログインできません。15分ほど待ってからやり直してください";
static const char MSG_NO_SESSION[] = "ログインの有効期限が切れました。もう一度ログインしてください";

/* An Argon2id hash (crypto_pwhash_str, interactive limits) of a password
 * nobody uses. A login that has no password to check is checked against it,
 * so that the answer takes as long as for a real login and its time does
 * not tell whether the login exists. (Sized as the prototype declares.) */
static const char DUMMY_HASH[crypto_pwhash_STRBYTES] =
    "$argon2id$v=19$m=65536,t=2,p=1$ZCy+s6P+S3giIoxjMRsapg$dkvsm5Qd6OD+j30M7qh2Jpf9pRiKMHOfSPGnbSPSXe0";

/* `iso` ("YYYY-MM-DDTHH:MM:SSZ", as app->now) moved by `seconds`, into out.
 * -1 when `iso` is not such a time. */
static int iso_shift(const char *iso, long long seconds, char out[CLOCK_ISO_LEN])
{
    int y, mo, d, h, mi, s;
    if (!iso || strlen(iso) != CLOCK_ISO_LEN - 1 || iso[CLOCK_ISO_LEN - 2] != 'Z' ||
        sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6)
        return -1;
    struct tm tm = {0};
    tm.tm_year = y - 1900, tm.tm_mon = mo - 1, tm.tm_mday = d;
    tm.tm_hour = h, tm.tm_min = mi, tm.tm_sec = s;
    time_t t = timegm(&tm) + (time_t)seconds;
    struct tm r;
    if (!gmtime_r(&t, &r))
        return -1;
    return strftime(out, CLOCK_ISO_LEN, "%Y-%m-%dT%H:%M:%SZ", &r) == CLOCK_ISO_LEN - 1 ? 0 : -1;
}

/* 64 lowercase hex digits, as app_login hands out: anything else is no
 * session and is not even looked up. */
static int token_valid(const char *t)
{
    if (!t || strlen(t) != TOKEN_HEX)
        return 0;
    for (const char *p = t; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return 0;
    return 1;
}

/* The key of a token's session: SHA-256 of its text, as hex. */
static void token_hash(const char *token, char out[TOKEN_HEX + 1])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
    sodium_bin2hex(out, TOKEN_HEX + 1, h, sizeof h);
}

static void random_hex(char out[TOKEN_HEX + 1])
{
    unsigned char raw[TOKEN_BYTES];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(out, TOKEN_HEX + 1, raw, sizeof raw);
    sodium_memzero(raw, sizeof raw);
}

/* Failures of `login` within the throttling window before app->now, in
 * *count. 0 or -1 (database error). */
static int recent_failures(App *app, const char *login, long long *count)
{
    char since[CLOCK_ISO_LEN];
    if (iso_shift(app->now, -THROTTLE_WINDOW, since) != 0) {
        db_set_error(app->db, DBE_OTHER, "時刻 %s を読めません (bad clock)", app->now);
        return -1;
    }
    return store_login_failures_since(app->db, login, since, count);
}

/* 1 when `password` is that of the active user `login` (app_password_ok),
 * 0 otherwise, taking about as long either way; -1 on a database error.
 * Note that app_password_ok starts a new use case (app_scratch). */
static int password_matches(App *app, const char *login, const char *password)
{
    const char *hash = NULL;
    int found = store_user_password(app->db, &app->arena, login, &hash);
    if (found < 0)
        return -1;
    if (found && hash)
        return app_password_ok(app, login, password);
    /* Only the time it takes matters, not the answer. */
    int spent = crypto_pwhash_str_verify(DUMMY_HASH, password, strlen(password));
    (void)spent;
    return 0;
}

AppRc app_login(App *app, const char *login, const char *password, const char *remote, int session_minutes,
                char token_out[65], char csrf_out[65])
{
    app_scratch(app);
    token_out[0] = csrf_out[0] = '\0';
    /* A refused login leaves nobody acting, whoever this App acted for before. */
    app->acting = 0;
    if (session_minutes <= 0 || session_minutes > SESSION_MINUTES_MAX)
        return app_fail(app, APP_INVALID, NULL, "セッションの長さ %d 分は使えません（1〜%d 分）", session_minutes,
                        SESSION_MINUTES_MAX);
    if (sodium_init() < 0)
        return app_fail(app, APP_DBFAIL, NULL, "暗号ライブラリを初期化できません (sodium_init failed)");
    /* A name no login can have is refused alike but not recorded: there is
     * nothing to probe, and failures stay bounded in size. */
    if (!login || !*login || strlen(login) > LOGIN_MAX || !password)
        return app_fail(app, APP_INVALID, NULL, "%s", MSG_BAD_LOGIN);

    /* Throttled: refuse before spending an Argon2id verification on it. */
    long long failures = 0;
    if (recent_failures(app, login, &failures) != 0)
        return app_dbfail(app);
    if (failures >= THROTTLE_FAILURES)
        return app_fail(app, APP_INVALID, NULL, "%s", MSG_THROTTLED);

    /* Verified outside the write transaction: Argon2id takes tens of
     * milliseconds and must not hold the writers' lock meanwhile. */
    int ok = password_matches(app, login, password);
    if (ok < 0)
        return app_dbfail(app);

    if (audit_begin(app->db) != 0)
        return app_dbfail(app);
    /* Counted again under the lock: of attempts verified at the same time,
     * those recorded after the limit was reached are refused even with the
     * right password, so no more than THROTTLE_FAILURES guesses a window
     * ever count. */
    if (recent_failures(app, login, &failures) != 0)
        return app_dbfail(app);
    if (failures >= THROTTLE_FAILURES)
        return app_fail(app, APP_INVALID, NULL, "%s", MSG_THROTTLED);
    if (!ok) {
        if (store_login_failure_insert(app->db, login, app->now, remote) != 0 || db_commit(app->db) != 0)
            return app_dbfail(app);
        return app_fail(app, APP_INVALID, NULL, "%s", MSG_BAD_LOGIN);
    }

    /* Act as the user first, so that the audit event is theirs and a user
     * whose organization's profile is missing gets no session. */
    AppRc rc = app_act_as(app, login);
    if (rc)
        return rc;
    char hash[TOKEN_HEX + 1], expires[CLOCK_ISO_LEN];
    random_hex(token_out);
    random_hex(csrf_out);
    token_hash(token_out, hash);
    Str data = STR_INIT;
    str_append(&data, "{\"remote\":");
    if (remote)
        str_append_json(&data, remote);
    else
        str_append(&data, "null");
    str_appendc(&data, '}');
    int written = iso_shift(app->now, session_minutes * 60LL, expires) == 0 && !str_failed(&data) &&
                  store_login_failures_clear(app->db, login) == 0 &&
                  store_session_insert(app->db, hash, app->user.id, app->org.id, csrf_out, app->now, expires,
                                       remote) == 0 &&
                  app_audit(app, "session.login", app_object(app, "user", app->user.id), str_cstr(&data)) == 0 &&
                  db_commit(app->db) == 0;
    str_free(&data);
    if (!written) {
        app->acting = 0;
        sodium_memzero(token_out, TOKEN_HEX + 1);
        sodium_memzero(csrf_out, TOKEN_HEX + 1);
        return app_dbfail(app);
    }
    return APP_OK;
}

AppRc app_session_resume(App *app, const char *token, int session_minutes, const char **csrf_out)
{
    app_scratch(app);
    *csrf_out = NULL;
    app->acting = 0;
    if (!token_valid(token))
        return app_fail(app, APP_INVALID, NULL, "%s", MSG_NO_SESSION);
    if (sodium_init() < 0)
        return app_fail(app, APP_DBFAIL, NULL, "暗号ライブラリを初期化できません (sodium_init failed)");
    char hash[TOKEN_HEX + 1];
    token_hash(token, hash);
    SessionRow s;
    int found = store_session_get(app->db, &app->arena, hash, &s);
    if (found < 0)
        return app_dbfail(app);
    /* Valid while now < expires_at. An expired row is left to the sweep:
     * resuming never writes for a stale cookie. */
    if (!found || strcmp(app->now, s.expires_at) >= 0)
        return app_fail(app, APP_INVALID, NULL, "%s", MSG_NO_SESSION);
    UserRow u;
    found = store_user_get(app->db, &app->arena, s.user_id, &u);
    if (found < 0)
        return app_dbfail(app);
    if (!found || !u.active || u.org_id != s.org_id) {
        /* The user was deactivated: the session ends for good. */
        if (store_session_delete(app->db, hash, NULL) != 0)
            return app_dbfail(app);
        return app_fail(app, APP_INVALID, NULL, "%s", MSG_NO_SESSION);
    }
    AppRc rc = app_act_as(app, u.login);
    if (rc)
        return rc;
    const char *csrf = arena_strdup(&app->session, s.csrf);
    if (!csrf) {
        app->acting = 0;
        return app_fail(app, APP_DBFAIL, NULL, "メモリが足りません (out of memory)");
    }
    /* Slide the expiry, writing at most once a minute rather than on every
     * request. Best effort: if the write fails (the database is busy) the
     * session stays valid until its current expiry. */
    char due[CLOCK_ISO_LEN], expires[CLOCK_ISO_LEN];
    if ((iso_shift(s.last_seen, TOUCH_EVERY, due) != 0 || strcmp(due, app->now) <= 0) && session_minutes > 0 &&
        session_minutes <= SESSION_MINUTES_MAX && iso_shift(app->now, session_minutes * 60LL, expires) == 0 &&
        store_session_touch(app->db, hash, app->now, expires) != 0)
        db_clear_error(app->db);
    *csrf_out = csrf;
    return APP_OK;
}

AppRc app_logout(App *app, const char *token)
{
    app_scratch(app);
    if (!token_valid(token))
        return APP_OK;
    if (sodium_init() < 0)
        return app_fail(app, APP_DBFAIL, NULL, "暗号ライブラリを初期化できません (sodium_init failed)");
    char hash[TOKEN_HEX + 1];
    token_hash(token, hash);
    if (audit_begin(app->db) != 0)
        return app_dbfail(app);
    SessionRow s;
    int found = store_session_get(app->db, &app->arena, hash, &s);
    if (found < 0)
        return app_dbfail(app);
    if (!found) {
        /* Already gone (logged out twice, swept): nothing to record. */
        db_rollback(app->db);
        return APP_OK;
    }
    UserRow u;
    int user = store_user_get(app->db, &app->arena, s.user_id, &u);
    if (user < 0)
        return app_dbfail(app);
    /* The event is the session's user's, whoever this App acts for. */
    int ok = store_session_delete(app->db, hash, NULL) == 0 &&
             audit_append(app->db, app->now, user ? u.login : "system", s.org_id, "session.logout",
                          app_object(app, "user", s.user_id), "{}") == 0 &&
             db_commit(app->db) == 0;
    if (!ok)
        return app_dbfail(app);
    if (app->acting && app->user.id == s.user_id)
        app->acting = 0;
    return APP_OK;
}

void app_sessions_sweep(App *app)
{
    app_scratch(app);
    char before[CLOCK_ISO_LEN];
    if (iso_shift(app->now, -FAILURES_KEPT, before) != 0) {
        app_fail(app, APP_DBFAIL, NULL, "時刻 %s を読めません (bad clock)", app->now);
        return;
    }
    if (db_begin(app->db) != 0 || store_session_delete_expired(app->db, app->now, NULL) != 0 ||
        store_login_failures_purge(app->db, before, NULL) != 0 || db_commit(app->db) != 0)
        app_dbfail(app);
}
