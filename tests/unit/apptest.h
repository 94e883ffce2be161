/* The harness of the app-level tests (test_workflow, test_session,
 * test_outbox; unit/apptest.c), which run the use cases of src/app against
 * the backend named by DAICHO_TEST_DB (a postgresql:// URL, wiped before
 * every test) or a fresh SQLite file per test when it is unset.
 *
 * What it gives a test:
 *   - group_setup / group_teardown: the built-in profiles in `profiles`;
 *   - setup / teardown: an Fx with an App open on a fresh database, the
 *     clock (DAICHO_NOW) fixed at APPTEST_NOW;
 *   - OK(app, call): the call must return APP_OK (else the App's message);
 *     errtext, set_now, act_as, query_int, read_source;
 *   - org_setup / org_setup_as: an organization with its system
 *     administrator; add_user_by: a user added by an administrator, its
 *     roles given with ROLES(...). */
#ifndef DAICHO_TESTS_APPTEST_H
#define DAICHO_TESTS_APPTEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "app/app.h"

/* The time setup fixes (DAICHO_NOW): 09:30 on 2026-04-10 in Japan. */
#define APPTEST_NOW "2026-04-10T00:30:00Z"

/* The built-in profiles, loaded by group_setup. */
extern ProfileSet profiles;

typedef struct Fx {
    App app;
    char path[64];   /* SQLite file, or "" on PostgreSQL */
    const char *url;
} Fx;

/* cmocka group fixtures: load and free `profiles`. */
int group_setup(void **state);
int group_teardown(void **state);
/* cmocka test fixtures: *state is an Fx whose App is open (created) on a
 * fresh database, DAICHO_NOW set to APPTEST_NOW; teardown closes it and
 * removes the SQLite file. */
int setup(void **state);
int teardown(void **state);

/* The App's last message. */
const char *errtext(App *app);

void ok_(App *app, AppRc rc, const char *what, int line);
#define OK(app, call) ok_((app), (call), #call, __LINE__)

/* Fix the clock (DAICHO_NOW) at `iso`. */
void set_now(const char *iso);

/* Act as `login`; fails the test when refused. */
void act_as(App *app, const char *login);

/* The integer `sql` selects; fails the test on a database error. */
long long query_int(App *app, const char *sql);

/* The file `rel` of the source tree (DAICHO_SOURCE_DIR, set by ctest);
 * caller frees. */
char *read_source(const char *rel);

/* A NULL-terminated list of roles. */
#define ROLES(...) ((const char *[]){__VA_ARGS__, NULL})

/* An organization `code` ("テスト団体") bound to `profile`, with the system
 * administrator `admin_login` (管理 太郎, 情報政策課, 係長; no role of the
 * profile) whose password is `password` (NULL: none; Argon2id is
 * deliberately slow, so only tests that log in set one). */
void org_setup_as(App *app, const char *code, const char *profile, const char *admin_login, const char *password);
/* org_setup_as "org1" with the administrator "admin" and no password. */
void org_setup(App *app, const char *profile);

/* Add a user (as the administrator `admin`); `roles` is NULL-terminated
 * (ROLES). Returns the user's id. */
long long add_user_by(App *app, const char *admin, const char *login, const char *name, const char *dept,
                      const char *title, const char **roles);

#endif
