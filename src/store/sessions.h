/* Web sessions and failed logins (migration 3; DESIGN.md "Web", issue #4).
 * A session row is keyed by the SHA-256 (hex) of its token: the store never
 * sees the token itself. Like the rest of the store these functions check
 * nothing and open no transaction. Times are ISO UTC text, compared as text.
 * Lookups return 1 found, 0 not found, -1 database error; the rest 0 / -1. */
#ifndef DAICHO_SESSIONS_H
#define DAICHO_SESSIONS_H
#include "store/db.h"
#include "util/arena.h"

typedef struct SessionRow {
    long long user_id, org_id;
    const char *csrf;
    const char *last_seen, *expires_at;
} SessionRow;

int store_session_insert(Db *db, const char *token_hash, long long user_id, long long org_id, const char *csrf,
                         const char *at, const char *expires_at, const char *remote);
/* The session of `token_hash`, expired or not (the caller compares times);
 * strings in `a`. */
int store_session_get(Db *db, Arena *a, const char *token_hash, SessionRow *out);
/* Seen at `at`, now valid until `expires_at` (the sliding expiry). */
int store_session_touch(Db *db, const char *token_hash, const char *at, const char *expires_at);
/* *deleted (may be NULL): 1 when there was such a session, else 0. */
int store_session_delete(Db *db, const char *token_hash, long long *deleted);
/* Every session of a user (password changed, user deactivated). */
int store_session_delete_user(Db *db, long long user_id, long long *deleted);
/* Sessions whose expires_at is `now` or earlier. */
int store_session_delete_expired(Db *db, const char *now, long long *deleted);

/* Failed logins for `login` later than `since`, in *count. */
int store_login_failures_since(Db *db, const char *login, const char *since, long long *count);
int store_login_failure_insert(Db *db, const char *login, const char *at, const char *remote);
/* Forget a login's failures (after it logged in). */
int store_login_failures_clear(Db *db, const char *login);
/* Forget every failure earlier than `before`. */
int store_login_failures_purge(Db *db, const char *before, long long *deleted);

#endif
