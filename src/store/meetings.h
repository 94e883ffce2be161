/* Saved web-meeting plans (kitakyushu 6; docs/meetings.md): the meeting
 * document a host described and the planner's result at the time of saving.
 * Same conventions as store/store.h: 0 on success, -1 on a database error
 * (db_errmsg); rows' strings live in the caller's arena. */
#ifndef DAICHO_STORE_MEETINGS_H
#define DAICHO_STORE_MEETINGS_H
#include "store/db.h"
#include "util/arena.h"

typedef struct MeetingRow {
    long long id, org_id, host_id;
    const char *host_login, *host_name;  /* from users (read only) */
    const char *title;
    const char *date;        /* YYYY-MM-DD of the meeting */
    const char *track;       /* important | ordinary */
    const char *confidentiality; /* the profile's level code */
    const char *verdict;     /* ready | needs_review | blocked */
    const char *doc;         /* canonical meeting document JSON */
    const char *result;      /* planner result JSON */
    const char *created_at;
} MeetingRow;

int store_meeting_insert(Db *db, const MeetingRow *m, long long *id);
/* 1 and *out when plan `id` of the organization exists, 0 when not, -1 on error. */
int store_meeting_get(Db *db, Arena *a, long long org_id, long long id, MeetingRow *out);
/* The organization's plans (only host `host_id`'s when non-zero), newest
 * meeting date first; fn per row (non-zero stops). doc/result are not read. */
int store_meetings_each(Db *db, Arena *a, long long org_id, long long host_id,
                        int (*fn)(void *ctx, const MeetingRow *row), void *ctx);

#endif
