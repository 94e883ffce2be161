/* The organization's list of services that need no application (申請不要;
 * tokyo-edu 5: the 別紙 and the notices that added to it "別途周知"), kept in
 * the database so that an administrator can add a notice's services without
 * editing the profile. The profile's own exempt_services still apply; the
 * app layer reads both. An entry is never deleted: removing it records who
 * and when, so that the list on any past day can be told. Same conventions
 * as store/store.h. */
#ifndef DAICHO_STORE_EXEMPTS_H
#define DAICHO_STORE_EXEMPTS_H
#include "store/db.h"
#include "util/arena.h"

typedef struct ExemptRow {
    long long id;
    const char *name;
    const char *classes;     /* confidentiality codes, comma-separated ("C" or "B,C") */
    const char *notice;      /* the notice that exempted it (通知の日付・番号) */
    const char *clause;      /* "5" */
    const char *note;
    const char *created_at, *created_by;    /* created_by: the user's name */
    const char *removed_at, *removed_by;    /* NULL while in force */
    const char *removed_reason;
    const char **domains;    /* host names or "*.suffix" patterns */
    int n_domains;
} ExemptRow;

int store_exempt_insert(Db *db, long long org_id, const ExemptRow *e, long long created_by, const char *at,
                        long long *id);
int store_exempt_add_domain(Db *db, long long exempt_id, const char *domain);
/* Mark removed; 0 when there is no such entry in force. */
int store_exempt_remove(Db *db, long long org_id, long long id, long long by, const char *at, const char *reason);
int store_exempt_get(Db *db, Arena *a, long long org_id, long long id, ExemptRow *out);
/* Entries by name; with `all`, removed ones too. fn per row (domains filled). */
int store_exempt_each(Db *db, Arena *a, long long org_id, int all, int (*fn)(void *ctx, const ExemptRow *row),
                      void *ctx);
/* Every domain pattern of the entries in force: one call per (entry, domain),
 * for matchers (discovery) that build their own index. */
int store_exempt_domains_each(Db *db, long long org_id,
                              int (*fn)(void *ctx, long long exempt_id, const char *name, const char *domain),
                              void *ctx);

#endif
