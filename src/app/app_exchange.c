/* The ledger as a spreadsheet (DESIGN.md "Exchange"): export to CSV (UTF-8
 * with BOM, CRLF — what Excel on municipal PCs opens) or XLSX, and import of
 * an existing spreadsheet ledger from CSV, all rows or none. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app_internal.h"
#include "domain/dates.h"
#include "domain/search_text.h"
#include "exchange/appdoc_json.h"
#include "exchange/csv.h"
#include "exchange/ledger_columns.h"
#include "exchange/xlsx_table.h"

/* ---- export ---- */

typedef struct Export {
    App *app;
    const LedgerColumns *cols;
    ExportFormat format;
    FILE *csv;
    XlsxTable *xlsx;
    Str line;                 /* CSV: the row being written */
    Str cells[LEDGER_COLUMNS_MAX];
    const char *cellv[LEDGER_COLUMNS_MAX];
    long long rows;
    int failed;               /* 1: write error (message in app->err) */
} Export;

static int export_row(void *ctx, const EntryRow *e)
{
    Export *x = ctx;
    AppDoc doc;
    Errors errs = {0};
    const Profile *p = x->app->profile;
    if (!appdoc_parse_json(&doc, p, "ledger", e->doc, strlen(e->doc), &errs)) {
        str_reset(&x->app->err);
        str_appendf(&x->app->err, "台帳 第%lld号 の記録を読めません: %s", e->number, errs.count ? errs.msg[0] : "");
        errors_free(&errs);
        appdoc_free(&doc);
        x->failed = 1;
        return 1;
    }
    for (int i = 0; i < x->cols->n; i++) {
        const LedgerColumn *c = &x->cols->cols[i];
        Str *s = &x->cells[i];
        str_reset(s);
        switch (c->kind) {
        case COL_NUMBER: str_appendf(s, "%lld", e->number); break;
        case COL_STATE: str_append(s, entry_state_labels[e->state]); break;
        case COL_REVIEW_DUE: str_append(s, e->review_due ? e->review_due : ""); break;
        case COL_FIELD:
            /* The stored end of the usage period includes the 年度末 default. */
            if (c->field == F_PERIOD_TO && !doc.v[F_PERIOD_TO].present)
                str_append(s, e->period_to ? e->period_to : "");
            else
                field_cell_text(&doc, c->field, s);
            break;
        }
        x->cellv[i] = str_cstr(s);
    }
    appdoc_free(&doc);
    if (x->format == EXPORT_XLSX) {
        if (xlsx_table_row(x->xlsx, x->cellv, x->cols->n, &x->app->err) != 0) {
            x->failed = 1;
            return 1;
        }
    } else {
        str_reset(&x->line);
        for (int i = 0; i < x->cols->n; i++) {
            if (cell_needs_guard(x->cellv[i])) {
                Str g = STR_INIT;
                str_appendc(&g, '\'');
                str_append(&g, x->cellv[i]);
                csv_write_field(&x->line, i == 0, str_cstr(&g));
                str_free(&g);
            } else {
                csv_write_field(&x->line, i == 0, x->cellv[i]);
            }
        }
        csv_end_row(&x->line);
        if (str_failed(&x->line) || fwrite(x->line.buf, 1, x->line.len, x->csv) != x->line.len) {
            str_append(&x->app->err, "書き込みに失敗しました (write failed)");
            x->failed = 1;
            return 1;
        }
    }
    x->rows++;
    return 0;
}

AppRc app_ledger_export(App *app, ExportFormat format, const char *path, long long *rows)
{
    app_scratch(app);
    *rows = 0;
    if (!app->acting)
        return app_fail(app, APP_INVALID, NULL, "操作する利用者を --as LOGIN で指定してください");
    if (format == EXPORT_XLSX && (!path || !strcmp(path, "-")))
        return app_fail(app, APP_INVALID, NULL, "XLSX は --output FILE.xlsx に書き出します");
    LedgerColumns cols;
    if (!ledger_columns_init(&cols, app->profile)) {
        ledger_columns_free(&cols);
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    }
    Export x = {.app = app, .cols = &cols, .format = format};
    char tmp[4096] = "";
    AppRc rc = APP_OK;
    if (format == EXPORT_XLSX) {
        char title[512], today[11];
        date_format(app->today, today);
        snprintf(title, sizeof title, "外部サービス利用台帳 — %s（%s 現在）", app->org.name, today);
        x.xlsx = xlsx_table_open(path, "台帳", title, cols.headers, cols.n, &app->err);
        if (!x.xlsx)
            rc = APP_INVALID;
    } else if (path && strcmp(path, "-") != 0) {
        /* Written beside the target and renamed: a reader never sees half a file. */
        snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path);
        int fd = mkstemp(tmp);
        mode_t mask = umask(0);
        umask(mask);
        if (fd >= 0)
            fchmod(fd, 0666 & ~mask); /* as any file the user writes, not mkstemp's 0600 */
        if (fd < 0 || !(x.csv = fdopen(fd, "wb"))) {
            if (fd >= 0)
                close(fd);
            rc = app_fail(app, APP_INVALID, NULL, "%s に書き込めません (cannot write)", path);
        }
    } else {
        x.csv = stdout;
    }
    if (rc == APP_OK && format == EXPORT_CSV) {
        str_reset(&x.line);
        csv_write_bom(&x.line);
        for (int i = 0; i < cols.n; i++)
            csv_write_field(&x.line, i == 0, cols.headers[i]);
        csv_end_row(&x.line);
        if (fwrite(x.line.buf, 1, x.line.len, x.csv) != x.line.len)
            x.failed = 1;
    }
    if (rc == APP_OK && !x.failed && store_ledger_each(app->db, app->org.id, export_row, &x) != 0 && !x.failed)
        rc = app_dbfail(app);
    if (rc == APP_OK && x.failed)
        rc = APP_INVALID;
    if (format == EXPORT_XLSX && x.xlsx) {
        if (rc == APP_OK && xlsx_table_close(x.xlsx, &app->err) != 0)
            rc = APP_INVALID;
        else if (rc != APP_OK)
            xlsx_table_abort(x.xlsx);
    }
    if (x.csv && x.csv != stdout) {
        if (fflush(x.csv) != 0 || fsync(fileno(x.csv)) != 0)
            rc = rc ? rc : app_fail(app, APP_INVALID, NULL, "%s に書き込めません (write failed)", path);
        fclose(x.csv);
        if (rc == APP_OK && rename(tmp, path) != 0)
            rc = app_fail(app, APP_INVALID, NULL, "%s に書き込めません (rename failed)", path);
        if (rc != APP_OK)
            unlink(tmp);
    } else if (x.csv && fflush(stdout) != 0) {
        rc = rc ? rc : app_fail(app, APP_INVALID, NULL, "書き込みに失敗しました (write failed)");
    }
    for (int i = 0; i < LEDGER_COLUMNS_MAX; i++)
        str_free(&x.cells[i]);
    str_free(&x.line);
    ledger_columns_free(&cols);
    *rows = x.rows;
    if (rc == APP_OK) {
        /* Reading is not a state change, but who took the ledger home is worth knowing. */
        char data[96];
        snprintf(data, sizeof data, "{\"format\":\"%s\",\"rows\":%lld}", format == EXPORT_XLSX ? "xlsx" : "csv", x.rows);
        if (audit_begin(app->db) != 0 || app_audit(app, "ledger.export", "ledger", data) != 0 || db_commit(app->db) != 0)
            rc = app_dbfail(app);
    }
    return rc;
}

/* ---- import ---- */

enum { IMPORT_MAX_ERRORS = 100 };

typedef struct Import {
    App *app;
    const char *file;
    int col_of[LEDGER_COLUMNS_MAX]; /* sheet column → index into LedgerColumns, -1 ignored */
    int n_sheet_cols;
    int errors;
    Str json;                       /* the row as an application document */
    int aborted;                    /* the transaction cannot go on (duplicate number) */
    long long first_id;             /* the first entry inserted: indexed for search at the end */
} Import;

static void import_error(Import *im, long line, const char *column, const char *fmt, const char *detail)
{
    im->errors++;
    if (im->errors > IMPORT_MAX_ERRORS)
        return;
    Str *e = &im->app->err;
    str_appendf(e, "%s%s:%ld: ", e->len ? "\n" : "", im->file, line);
    if (column)
        str_appendf(e, "列「%s」: ", column);
    str_appendf(e, fmt, detail);
}

/* Headers → columns; unknown headers are an error (a typo would otherwise
 * silently drop a whole column of the municipality's ledger). */
static int map_headers(Import *im, const LedgerColumns *cols, const CsvRow *row)
{
    im->n_sheet_cols = row->count;
    int seen[LEDGER_COLUMNS_MAX] = {0};
    for (int i = 0; i < row->count && i < LEDGER_COLUMNS_MAX; i++) {
        im->col_of[i] = -1;
        const char *h = row->fields[i];
        if (!*h)
            continue;
        for (int k = 0; k < cols->n; k++)
            if (strcmp(cols->headers[k], h) == 0)
                im->col_of[i] = k;
        if (im->col_of[i] < 0)
            import_error(im, row->line, h, "%s", "この列見出しは台帳の項目にありません（daicho ledger export の見出しを使ってください）");
        else if (seen[im->col_of[i]]++)
            import_error(im, row->line, h, "%s", "列見出しが重複しています");
    }
    if (row->count > LEDGER_COLUMNS_MAX)
        import_error(im, row->line, NULL, "%s", "列が多すぎます");
    for (int k = 0; k < cols->n; k++)
        if (cols->cols[k].kind == COL_FIELD && !seen[k] &&
            (cols->cols[k].field == F_SERVICE_NAME || cols->cols[k].field == F_INFO_CONFIDENTIALITY))
            import_error(im, row->line, cols->headers[k], "%s", "この列は必須です");
    return im->errors == 0;
}

/* One row → a document (through the application parser: every value is
 * checked exactly as in an application) and a ledger entry. Returns 1
 * imported, 0 refused (messages appended to app->err), -2 refused by the
 * parser (its messages in app->err), -1 database error. */
static int import_row(Import *im, const LedgerColumns *cols, const CsvRow *row, long long *next_number, long long *first)
{
    App *app = im->app;
    const Profile *p = app->profile;
    str_reset(&im->json);
    str_appendc(&im->json, '{');
    const char *number = NULL, *state = NULL, *due = NULL, *category_given = NULL;
    /* Group the fields by their object ("service", "information" …). */
    static const char *const groups[] = {"service", "information", "usage_period", "applicant", "administrator", ""};
    int wrote_group = 0;
    for (int g = 0; g < (int)(sizeof groups / sizeof groups[0]); g++) {
        int opened = 0;
        for (int i = 0; i < row->count && i < im->n_sheet_cols; i++) {
            int k = im->col_of[i];
            if (k < 0)
                continue;
            const LedgerColumn *c = &cols->cols[k];
            const char *v = cell_unguard(row->fields[i]);
            if (g == 0) {
                if (c->kind == COL_NUMBER)
                    number = v;
                else if (c->kind == COL_STATE)
                    state = v;
                else if (c->kind == COL_REVIEW_DUE)
                    due = v;
            }
            if (c->kind != COL_FIELD || !*v)
                continue;
            const char *path = field_defs[c->field].path, *dot = strchr(path, '.');
            size_t glen = dot ? (size_t)(dot - path) : 0;
            if (strlen(groups[g]) != glen || strncmp(path, groups[g], glen) != 0)
                continue;
            if (c->field == F_SERVICE_CATEGORY)
                category_given = v;
            if (glen && !opened) {
                str_appendf(&im->json, "%s\"%s\":{", wrote_group ? "," : "", groups[g]);
                opened = 1;
                wrote_group = 1;
            } else if (opened || wrote_group) {
                str_appendc(&im->json, ',');
            }
            wrote_group = 1;
            str_append_json(&im->json, dot ? dot + 1 : path);
            str_appendc(&im->json, ':');
            field_cell_json(&field_defs[c->field], v, &im->json);
        }
        if (g == 0 && !category_given) {
            /* A spreadsheet ledger seldom records the category. */
            str_append(&im->json, opened ? ",\"category\":\"other\"" : "\"service\":{\"category\":\"other\"");
            if (!opened) {
                opened = 1;
                wrote_group = 1;
            }
        }
        if (opened)
            str_appendc(&im->json, '}');
    }
    str_appendc(&im->json, '}');
    char where[64];
    snprintf(where, sizeof where, "%s:%ld", im->file, row->line);
    AppDoc doc;
    Decision d = {0};
    if (str_failed(&im->json))
        return -1;
    AppRc rc = app_parse_doc(app, where, im->json.buf, im->json.len, &doc);
    if (rc == APP_INVALID) {
        appdoc_free(&doc);
        return -2; /* the row's messages are in app->err */
    }
    if (rc != APP_OK) {
        appdoc_free(&doc);
        return -1;
    }
    int ok = 1;
    if (app_evaluate(app, &doc, &d) != APP_OK) {
        appdoc_free(&doc);
        return -1;
    }
    if (d.ledger_missing) {
        Str m = STR_INIT;
        app_missing_ledger_text(p, d.ledger_missing, &m);
        import_error(im, row->line, NULL, "台帳に必要な項目がありません: %s", str_cstr(&m));
        str_free(&m);
        ok = 0;
    }
    EntryRow e = {0};
    e.org_id = app->org.id;
    e.version = 1;
    e.state = ENTRY_ACTIVE;
    if (state && *state) {
        int s = state_index(entry_state_names, state);
        for (int i = 0; s < 0 && i < ENTRY_STATE_COUNT; i++)
            if (strcmp(entry_state_labels[i], state) == 0)
                s = i;
        if (s < 0) {
            import_error(im, row->line, "状態", "'%s' は 利用中・利用終了手続中・利用終了（active, ending, ended）のいずれかです", state);
            ok = 0;
        }
        e.state = s < 0 ? ENTRY_ACTIVE : s;
    }
    char due_text[11];
    int ymd;
    if (due && *due) {
        if (!date_parse(due, &ymd)) {
            import_error(im, row->line, "次回点検期限", "'%s' は YYYY-MM-DD の日付ではありません", due);
            ok = 0;
        }
        snprintf(due_text, sizeof due_text, "%s", due);
    } else {
        date_format(review_due_after(p, app->today), due_text);
    }
    e.review_due = due_text;
    if (number && *number) {
        char *end;
        e.number = strtoll(number, &end, 10);
        if (*end || e.number <= 0) {
            import_error(im, row->line, "台帳番号", "'%s' は正の整数ではありません", number);
            ok = 0;
        }
    } else {
        e.number = (*next_number)++;
    }
    if (ok) {
        app_entry_fill(app, &doc, &d, &e);
        e.created_at = e.updated_at = app->now;
        e.ended_at = e.state == ENTRY_ENDED ? app->now : NULL;
        long long id;
        if (store_service_ensure(app->db, app->org.id, e.service_name, e.provider ? e.provider : "",
                                 category_values[doc.v[F_SERVICE_CATEGORY].code], &e.service_id) != 0 ||
            store_entry_insert_unindexed(app->db, &e, &id) != 0 ||
            store_entry_version_insert(app->db, id, 1, entry_state_names[e.state], e.doc, app->user.id, app->now,
                                       "台帳の取込み") != 0) {
            if (db_errcode(app->db) == DBE_CONSTRAINT) {
                char n[32];
                snprintf(n, sizeof n, "%lld", e.number);
                import_error(im, row->line, "台帳番号", "第%s号 は既に台帳にあります", n);
                db_clear_error(app->db);
                ok = 0;
                /* A failed statement inside a PostgreSQL transaction aborts
                 * it: stop here, the whole import is refused anyway. */
                im->aborted = 1;
            } else {
                decision_free(&d);
                appdoc_free(&doc);
                return -1;
            }
        }
        if (ok && *first == 0)
            *first = e.number;
        if (ok && im->first_id == 0)
            im->first_id = id;
        if (ok && e.number >= *next_number)
            *next_number = e.number + 1;
    }
    decision_free(&d);
    appdoc_free(&doc);
    return ok;
}

AppRc app_ledger_import(App *app, const char *file, const char *buf, size_t len, long long *rows)
{
    app_scratch(app);
    *rows = 0;
    if (!app->acting)
        return app_fail(app, APP_INVALID, NULL, "操作する利用者を --as LOGIN で指定してください");
    /* Registering in the ledger is the registrar's (or approver's) duty. */
    const Profile *p = app->profile;
    int may = app->actor.is_admin;
    for (int t = 0; t < TRACK_COUNT; t++) {
        const Track *tr = &p->tracks[t];
        may |= (app->actor.roles & ROLE_BIT(tr->approver_role)) != 0;
        may |= tr->registrar_role >= 0 && (app->actor.roles & ROLE_BIT(tr->registrar_role));
    }
    if (!may)
        return app_fail(app, APP_INVALID, NULL, "台帳を取り込めるのはシステム管理者、許可権限者または台帳の登録者です");
    LedgerColumns cols;
    if (!ledger_columns_init(&cols, p)) {
        ledger_columns_free(&cols);
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    }
    Import im = {.app = app, .file = file};
    CsvReader r;
    CsvRow row;
    csv_reader_init(&r, buf, len);
    AppRc rc = APP_OK;
    long long next = 0, first = 0;
    Str rowerr = STR_INIT;
    int got = csv_next_row(&r, &row, &rowerr);
    if (got <= 0) {
        rc = app_fail(app, APP_INVALID, NULL, "%s: %s", file, got < 0 ? str_cstr(&rowerr) : "空のファイルです（見出し行がありません）");
        goto out;
    }
    if (!map_headers(&im, &cols, &row)) {
        rc = APP_INVALID;
        goto out;
    }
    if (audit_begin(app->db) != 0 || store_ledger_next_number(app->db, app->org.id, &next) != 0) {
        rc = app_dbfail(app);
        goto out;
    }
    Str msgs = STR_INIT; /* every bad row's messages, in order */
    while ((got = csv_next_row(&r, &row, &rowerr)) == 1) {
        if (row.count == 1 && !*row.fields[0])
            continue; /* a blank line */
        if (row.count > im.n_sheet_cols) {
            str_reset(&app->err);
            import_error(&im, row.line, NULL, "%s", "見出しより列が多い行です");
            str_appendf(&msgs, "%s%s", msgs.len ? "\n" : "", str_cstr(&app->err));
            continue;
        }
        str_reset(&app->err);
        int ok = import_row(&im, &cols, &row, &next, &first);
        if (ok == -2) {
            im.errors++;
            if (im.errors <= IMPORT_MAX_ERRORS)
                str_appendf(&msgs, "%s%s", msgs.len ? "\n" : "", str_cstr(&app->err));
            continue;
        }
        if (ok < 0) {
            str_free(&msgs);
            rc = app_dbfail(app);
            goto out;
        }
        if (!ok && app->err.len)
            str_appendf(&msgs, "%s%s", msgs.len ? "\n" : "", str_cstr(&app->err));
        if (ok)
            (*rows)++;
        if (im.errors > IMPORT_MAX_ERRORS || im.aborted)
            break;
    }
    if (got < 0) {
        im.errors++;
        str_appendf(&msgs, "%s%s: %s", msgs.len ? "\n" : "", file, str_cstr(&rowerr));
    }
    if (im.errors) {
        rc = app_fail(app, APP_INVALID, NULL, "%s\n%d 行に誤りがあるため、何も取り込みませんでした（全件か無しか）", str_cstr(&msgs),
                      im.errors > IMPORT_MAX_ERRORS ? IMPORT_MAX_ERRORS : im.errors);
        str_free(&msgs);
        *rows = 0;
        goto out;
    }
    str_free(&msgs);
    char hash[AUDIT_HASH_HEX], data[256];
    audit_hash(0, "", "", 0, "", "", buf, "", hash); /* identifies the file imported */
    snprintf(data, sizeof data, "{\"rows\":%lld,\"first_number\":%lld,\"last_number\":%lld,\"file_sha256\":\"%s\"}", *rows,
             first, next - 1, hash);
    if (store_ledger_index_from(app->db, im.first_id) != 0 || app_audit(app, "ledger.import", "ledger", data) != 0 ||
        db_commit(app->db) != 0)
        rc = app_dbfail(app);
out:
    if (rc != APP_OK)
        db_rollback(app->db);
    str_free(&rowerr);
    str_free(&im.json);
    csv_reader_free(&r);
    ledger_columns_free(&cols);
    return rc;
}

/* ---- an entry as JSON members ---- */

void app_entry_json_members(const EntryRow *e, Str *o)
{
    str_appendf(o, "\"number\":%lld,\"state\":\"%s\",\"track\":\"%s\",\"version\":%d", e->number,
                entry_state_names[e->state], track_values[e->track], e->version);
    const char *f[][2] = {{"service", e->service_name},   {"function", e->function},
                          {"provider", e->provider},      {"purpose", e->purpose},
                          {"confidentiality", e->confidentiality},
                          {"period_from", e->period_from}, {"period_to", e->period_to},
                          {"applicant_department", e->applicant_department}, {"applicant_name", e->applicant_name},
                          {"user_scope", e->user_scope},  {"administrator_department", e->admin_department},
                          {"administrator_title", e->admin_title}, {"administrator", e->administrator_login},
                          {"review_due", e->review_due},  {"last_review", e->last_review},
                          {"created_at", e->created_at},  {"updated_at", e->updated_at}, {"ended_at", e->ended_at}};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        str_appendc(o, ',');
        str_append_json(o, f[i][0]);
        str_appendc(o, ':');
        if (f[i][1])
            str_append_json(o, f[i][1]);
        else
            str_append(o, "null");
    }
}
