/* The harness of the app-level tests: a fresh database for every test,
 * the built-in profiles, an organization and its users, and the
 * assertions they share (apptest.h says what each gives a test). */
#include "apptest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sqlite_files.h"
#include "util/file.h"

/* ------------------------------------------------------------------ fixture */

ProfileSet profiles;

static const char *pg_url(void)
{
    const char *url = getenv("DAICHO_TEST_DB");
    return url && *url ? url : NULL;
}

int group_setup(void **state)
{
    (void)state;
    Errors errs = {0};
    int ok = profileset_load_builtin(&profiles, &errs);
    for (int i = 0; i < errs.count; i++)
        print_error("%s\n", errs.msg[i]);
    errors_free(&errs);
    return ok ? 0 : -1;
}

int group_teardown(void **state)
{
    (void)state;
    profileset_free(&profiles);
    return 0;
}

/* A fresh database for every test: a new SQLite file, or the PostgreSQL
 * database wiped (the postgres variant reuses one database). */
int setup(void **state)
{
    Fx *fx = calloc(1, sizeof *fx);
    if (!fx)
        return -1;
    setenv("DAICHO_NOW", APPTEST_NOW, 1);
    if (pg_url()) {
        fx->url = pg_url();
        Str err = STR_INIT;
        Db *db = db_open(fx->url, 0, &err);
        if (!db) {
            print_error("cannot open %s: %s\n", fx->url, str_cstr(&err));
            str_free(&err);
            free(fx);
            return -1;
        }
        str_free(&err);
        if (db_exec(db, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;") != 0) {
            print_error("cannot wipe %s: %s\n", fx->url, db_errmsg(db));
            db_close(db);
            free(fx);
            return -1;
        }
        db_close(db);
    } else {
        snprintf(fx->path, sizeof fx->path, "/tmp/daicho-test-app-XXXXXX");
        int fd = mkstemp(fx->path);
        if (fd < 0) {
            free(fx);
            return -1;
        }
        close(fd); /* an empty file is a valid, empty SQLite database */
        fx->url = fx->path;
    }
    if (app_open(&fx->app, fx->url, 1, &profiles) != APP_OK) {
        print_error("app_open %s: %s\n", fx->url, str_cstr(&fx->app.err));
        app_close(&fx->app);
        free(fx);
        return -1;
    }
    *state = fx;
    return 0;
}

int teardown(void **state)
{
    Fx *fx = *state;
    app_close(&fx->app);
    if (fx->path[0])
        remove_sqlite_files(fx->path);
    free(fx);
    return 0;
}

/* ------------------------------------------------------------------ helpers */

const char *errtext(App *app) { return str_cstr(&app->err); }

void ok_(App *app, AppRc rc, const char *what, int line)
{
    if (rc != APP_OK)
        fail_msg("line %d: %s: expected APP_OK, got %d: %s", line, what, rc, errtext(app));
}

void set_now(const char *iso) { setenv("DAICHO_NOW", iso, 1); }

void act_as(App *app, const char *login)
{
    AppRc rc = app_act_as(app, login);
    if (rc != APP_OK)
        fail_msg("act as %s: %s", login, errtext(app));
}

long long query_int(App *app, const char *sql)
{
    long long n = -1;
    if (db_query_int(app->db, sql, &n) != 0)
        fail_msg("%s: %s", sql, db_errmsg(app->db));
    return n;
}

char *read_source(const char *rel)
{
    const char *dir = getenv("DAICHO_SOURCE_DIR");
    if (!dir || !*dir)
        fail_msg("DAICHO_SOURCE_DIR is not set (run the tests with ctest)");
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    size_t len;
    const char *err;
    char *text = file_read(path, &len, &err);
    if (!text)
        fail_msg("%s: %s", path, err);
    return text;
}

/* ------------------------------------------------------------ organization */

void org_setup_as(App *app, const char *code, const char *profile, const char *admin_login, const char *password)
{
    const char *none[1] = {NULL};
    NewUser admin = {admin_login, "管理 太郎", "情報政策課", "係長", none, 0, 1, password, 0};
    long long org = 0;
    OK(app, app_org_create(app, code, "テスト団体", profile, &admin, &org));
    assert_true(org > 0);
}

void org_setup(App *app, const char *profile) { org_setup_as(app, "org1", profile, "admin", NULL); }

long long add_user_by(App *app, const char *admin, const char *login, const char *name, const char *dept,
                      const char *title, const char **roles)
{
    int n = 0;
    while (roles[n])
        n++;
    act_as(app, admin);
    NewUser u = {login, name, dept, title, roles, n, 0, NULL, 0};
    long long id = 0;
    AppRc rc = app_user_add(app, &u, &id);
    if (rc != APP_OK)
        fail_msg("add user %s: %s", login, errtext(app));
    return id;
}
