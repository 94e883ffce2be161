/* The organization's list of services that need no application (tokyo-edu
 * 5: the 別紙 「外部サービス・機密性別利用許可申請の要否一覧」 and the services
 * later notices add, "別途周知"). The profile's exempt_services are the part
 * fixed by the standard; these use cases keep the rest in the database.
 * Only a profile that names the clause allowing such a list
 * (profile.exempt_clause) accepts additions. */
#ifndef DAICHO_APP_EXEMPT_H
#define DAICHO_APP_EXEMPT_H
#include "app/app.h"
#include "store/exempts.h"

typedef struct NewExempt {
    const char *name;
    const char **domains;     /* host names or "*.suffix"; at least one */
    int n_domains;
    const char **classes;     /* confidentiality codes of the profile; at least one */
    int n_classes;
    const char *notice;       /* the notice that exempted it (required) */
    const char *note;         /* may be NULL */
} NewExempt;

/* 1 when the acting user may change the list: the system administrator or a
 * holder of a track's approver role (those who grant what the list spares). */
int app_exempt_may_manage(const App *app);
/* Add an entry. Event "exempt.add". */
AppRc app_exempt_add(App *app, const NewExempt *e, long long *id);
/* Take an entry out of force (kept, with who, when and why). Event "exempt.remove". */
AppRc app_exempt_remove(App *app, long long id, const char *reason);
/* The database entries, by name; with `all` also removed ones. Rows live in
 * app->arena until the next use case. */
AppRc app_exempt_list(App *app, int all, int (*fn)(void *ctx, const ExemptRow *row), void *ctx);
/* The list in force as the evaluator sees it: the profile's entries, then
 * the database's, converted to Exempt (in app->arena). *out may be
 * p->exempts itself when the database adds nothing. */
AppRc app_exempts_in_force(App *app, const Exempt **out, int *n);
/* The database's entries in force only, as Exempt, for Decision.extra_exempts
 * (app->arena). Read once per use case (app_scratch forgets them); does not
 * reset the scratch arena. */
AppRc app_exempts_extra(App *app, const Exempt **out, int *n);

#endif
