/* "Do I need to apply?" (申請が必要か調べる): what the ledger and the lists
 * of services needing no application say about a service name or URL,
 * each part with its clause. Shared by `daicho lookup` and /lookup:
 *   - REGISTERED: an entry in use whose service name contains the words —
 *     the approved use (another department, purpose or class still applies);
 *   - EXEMPT: the profile's exempt_services or the organization's own list
 *     (app_exempt.h) names it, matched by name or domain, for the classes
 *     it lists (e.g. tokyo-edu 5);
 *   - APPLY: neither; cites the clauses that say who applies. */
#ifndef DAICHO_APP_LOOKUP_H
#define DAICHO_APP_LOOKUP_H
#include "app/app.h"

enum { LOOKUP_ROWS = 20, LOOKUP_MAX_BYTES = 200 };

typedef enum LookupAnswer { LOOKUP_APPLY, LOOKUP_EXEMPT, LOOKUP_REGISTERED } LookupAnswer;
extern const char *const lookup_answer_names[]; /* apply, exempt, registered */

typedef enum ExemptMatch { EX_NONE, EX_PARTIAL, EX_EXACT } ExemptMatch;

typedef struct Lookup {
    LookupAnswer answer;
    const char *message;          /* Japanese, for people */
    const char *clause;           /* of the answer, or NULL */
    const char *apply_clauses;    /* "5.2(1)、5.3(1)": who applies; "" when none */
    EntryRow entries[LOOKUP_ROWS];/* the ledger's entries found by the words */
    int n_entries;
    long long total;              /* entries found in all (capped like the ledger search) */
    unsigned char same_service[LOOKUP_ROWS]; /* the entry's service name has the words */
    const Exempt *exempts;        /* the lists in force (profile's, then the organization's) */
    int n_exempts;
    unsigned char *match;         /* per exempt: ExemptMatch */
    const Exempt *exact;          /* the first EX_EXACT, or NULL */
} Lookup;

/* Look `service` up for the acting user's organization. Everything lives in
 * app->arena until the next use case. APP_INVALID (naming `service`) when
 * empty or longer than LOOKUP_MAX_BYTES. */
AppRc app_lookup(App *app, const char *service, Lookup *out);
/* The answer as JSON (/api/v1/lookup, `daicho lookup --json`; docs/api.md). */
void lookup_json(const Profile *p, const char *service, const Lookup *l, Str *out);
/* "機密性B・機密性C": the classes an exempt entry covers. */
void lookup_classes_text(const Profile *p, const Exempt *ex, Str *out);

#endif
