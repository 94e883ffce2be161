/* The register of providers' certifications and audit reports (ISMAP,
 * ISO/IEC 27001/27017/27018, JASA, SOC …) per service, with the date each
 * stops counting. Same conventions as store/store.h. */
#ifndef DAICHO_STORE_CERTS_H
#define DAICHO_STORE_CERTS_H
#include "store/db.h"
#include "util/arena.h"

typedef struct CertRow {
    long long id, service_id;
    const char *service_name, *provider;
    const char *kind, *number, *audit_from, *audit_to, *valid_until, *note;
} CertRow;

int store_cert_insert(Db *db, long long org_id, const CertRow *c, long long created_by, const char *at, long long *id);
/* Certifications of one service valid on `date` (YYYY-MM-DD). */
int store_certs_valid(Db *db, Arena *a, long long service_id, const char *date,
                      int (*fn)(void *ctx, const CertRow *row), void *ctx);
/* Certifications of the organization whose valid_until is on or before
 * `until` (lapsed or lapsing), by date; fn per row. */
int store_certs_lapsing(Db *db, Arena *a, long long org_id, const char *until,
                        int (*fn)(void *ctx, const CertRow *row), void *ctx);
/* Every certification of the organization. */
int store_certs_all(Db *db, Arena *a, long long org_id, int (*fn)(void *ctx, const CertRow *row), void *ctx);

#endif
