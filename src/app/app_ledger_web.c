/* Readers and helpers for the ledger pages (see app_ledger_web.h). The
 * review and end-of-use readers were dropped from the store while nothing
 * called them (commit 6c365a3); they come back here with their first user,
 * as plain SELECTs bound by name like check_not_in_ledger() in app_apply.c.
 * They belong in store/lifecycle.c once that file is free to change. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app_internal.h"
#include "app/app_ledger_web.h"

static const char SQL_REVIEWS[] =
    "SELECT COALESCE(u.login, ''), r.at, r.result, r.note, r.next_due FROM reviews r"
    " LEFT JOIN users u ON u.id = r.actor_id WHERE r.entry_id = :entry ORDER BY r.id";

AppRc app_entry_reviews(App *app, const EntryRow *e, int (*fn)(void *ctx, const LedgerReview *row), void *ctx)
{
    DbStmt *st = db_prepare(app->db, SQL_REVIEWS);
    if (!st || db_bind_int(st, "entry", e->id) != 0) {
        db_reset(st);
        return app_dbfail(app);
    }
    int r;
    while ((r = db_step(st)) == DB_ROW) {
        LedgerReview row = {db_col_dup(st, 0, &app->arena), db_col_dup(st, 1, &app->arena), db_col_dup(st, 2, &app->arena),
                            db_col_dup(st, 3, &app->arena), db_col_dup(st, 4, &app->arena)};
        if (fn(ctx, &row))
            break;
    }
    db_reset(st);
    return r == DB_ERROR ? app_dbfail(app) : APP_OK;
}

static const char SQL_END_REPORT[] =
    "SELECT COALESCE(u.login, ''), r.reported_at, r.end_date, r.reason, cu.login, r.completed_at FROM end_reports r"
    " LEFT JOIN users u ON u.id = r.reported_by LEFT JOIN users cu ON cu.id = r.completed_by WHERE r.entry_id = :entry";

AppRc app_entry_end_report(App *app, const EntryRow *e, LedgerEndReport *out, int *found)
{
    memset(out, 0, sizeof *out);
    *found = 0;
    DbStmt *st = db_prepare(app->db, SQL_END_REPORT);
    if (!st || db_bind_int(st, "entry", e->id) != 0) {
        db_reset(st);
        return app_dbfail(app);
    }
    int r = db_step(st);
    if (r == DB_ROW) {
        Arena *a = &app->arena;
        *out = (LedgerEndReport){db_col_dup(st, 0, a), db_col_dup(st, 1, a), db_col_dup(st, 2, a),
                                 db_col_dup(st, 3, a), db_col_dup(st, 4, a), db_col_dup(st, 5, a)};
        *found = 1;
    }
    db_reset(st);
    return r == DB_ERROR ? app_dbfail(app) : APP_OK;
}

static const char SQL_DEPARTMENTS[] = "SELECT id, name FROM departments WHERE org_id = :org ORDER BY name";
static const char SQL_DEPARTMENT_FIND[] = "SELECT id FROM departments WHERE org_id = :org AND name = :name";

AppRc app_departments(App *app, int (*fn)(void *ctx, long long id, const char *name), void *ctx)
{
    DbStmt *st = db_prepare(app->db, SQL_DEPARTMENTS);
    if (!st || db_bind_int(st, "org", app->org.id) != 0) {
        db_reset(st);
        return app_dbfail(app);
    }
    int r;
    while ((r = db_step(st)) == DB_ROW)
        if (fn(ctx, db_col_int(st, 0), db_col_text(st, 1)))
            break;
    db_reset(st);
    return r == DB_ERROR ? app_dbfail(app) : APP_OK;
}

AppRc app_department_find(App *app, const char *name, long long *id)
{
    *id = 0;
    DbStmt *st = db_prepare(app->db, SQL_DEPARTMENT_FIND);
    if (!st || (db_bind_int(st, "org", app->org.id) | db_bind_text(st, "name", name)) != 0) {
        db_reset(st);
        return app_dbfail(app);
    }
    int r = db_step(st);
    if (r == DB_ROW)
        *id = db_col_int(st, 0);
    db_reset(st);
    return r == DB_ERROR ? app_dbfail(app) : APP_OK;
}

AppRc app_entry_items_applying(App *app, const EntryRow *e, unsigned char *applies)
{
    AppDoc doc;
    Decision d = {0};
    AppRc rc = app_parse_doc(app, "ledger", e->doc, strlen(e->doc), &doc);
    if (rc == APP_OK)
        rc = app_evaluate(app, &doc, &d);
    if (rc == APP_OK)
        memcpy(applies, d.item_applies, (size_t)app->profile->n_items);
    decision_free(&d);
    appdoc_free(&doc);
    return rc;
}

/* Remove what an export may leave in the private directory (its files and
 * the XLSX writer's own temporary directory), then the directory. */
static void remove_tree(const char *dir, int depth)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *de;
        while ((de = readdir(d))) {
            if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
                continue;
            char p[4096];
            snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
            if (unlink(p) != 0 && depth > 0)
                remove_tree(p, depth - 1); /* a directory (unlink refuses those) */
        }
        closedir(d);
    }
    rmdir(dir);
}

AppRc app_ledger_export_buffer(App *app, ExportFormat format, Str *out, long long *rows)
{
    *rows = 0;
    const char *tmpdir = getenv("TMPDIR");
    char dir[4096], path[4200];
    snprintf(dir, sizeof dir, "%s/daicho-export-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    /* A directory of our own (mode 0700): the export's temporaries and the
     * finished file are never visible to other users of the machine. */
    if (!mkdtemp(dir))
        return app_fail(app, APP_DBFAIL, NULL, "一時ディレクトリを作れません (%s)", strerror(errno));
    snprintf(path, sizeof path, "%s/ledger.%s", dir, format == EXPORT_XLSX ? "xlsx" : "csv");
    AppRc rc = app_ledger_export(app, format, path, rows);
    if (rc == APP_OK) {
        FILE *f = fopen(path, "rb");
        char buf[65536];
        size_t n;
        while (f && (n = fread(buf, 1, sizeof buf, f)) > 0)
            str_appendn(out, buf, n);
        if (!f || ferror(f) || str_failed(out))
            rc = app_fail(app, APP_DBFAIL, NULL, "書き出したファイルを読めません (read failed)");
        if (f)
            fclose(f);
    }
    unlink(path);
    remove_tree(dir, 2);
    return rc;
}
