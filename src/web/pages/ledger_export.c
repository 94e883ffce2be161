/* The ledger as a download: CSV (UTF-8 with BOM, CRLF: what Excel on
 * municipal PCs opens) or XLSX, every entry of the organization with the
 * profile's Japanese labels as headers — `daicho ledger export`, through a
 * private temporary directory (app_ledger_export_buffer). Any signed-in
 * user may take it, as any may read the ledger: none of the standards
 * restricts the ledger to some roles. Who took it is in the audit trail
 * (ledger.export). */
#include <stdio.h>
#include <string.h>

#include "app/app_ledger_web.h"
#include "web/pages/ledger_pages.h"

static void export(Web *w, ExportFormat format)
{
    App *app = w->app;
    Str data = STR_INIT;
    long long rows = 0;
    AppRc rc = app_ledger_export_buffer(app, format, &data, &rows);
    if (web_app_failed(w, rc)) {
        str_free(&data);
        return;
    }
    str_free(&w->rs->body);
    w->rs->body = data; /* the server sends and frees it */
    w->rs->content_type = format == EXPORT_XLSX ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                                                : "text/csv; charset=utf-8";
    char disposition[96];
    snprintf(disposition, sizeof disposition, "attachment; filename=\"daicho-ledger-%08d.%s\"", app->today,
             format == EXPORT_XLSX ? "xlsx" : "csv");
    w->rs->disposition = arena_strdup(w->rq->arena, disposition);
}

void ledger_export_csv(Web *w) { export(w, EXPORT_CSV); }

void ledger_export_xlsx(Web *w) { export(w, EXPORT_XLSX); }

void ledger_export_api(Web *w)
{
    const char *format = web_param(w, "format");
    if (!format || !strcmp(format, "csv"))
        export(w, EXPORT_CSV);
    else if (!strcmp(format, "xlsx"))
        export(w, EXPORT_XLSX);
    else
        web_error(w, 400, "format は csv か xlsx です", NULL);
}
