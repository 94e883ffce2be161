/* Application use cases the web pages need beyond app.h: evaluating a
 * document as it would be filed, without saving anything (the live
 * evaluation beside the application form and POST /api/v1/evaluate). */
#ifndef DAICHO_APP_APPLY_WEB_H
#define DAICHO_APP_APPLY_WEB_H
#include "app/app.h"
#include "util/errors.h"

typedef struct ApplyPreview {
    AppDoc doc;          /* the parsed document, applicant fields filled as a draft would be */
    Decision d;          /* its evaluation (valid when `parsed`) */
    Errors errs;         /* the parser's messages "FILE: FIELD: …" when not `parsed` */
    int parsed;          /* the document was read and evaluated */
    int role;            /* role index the acting user would file under, or -1 (see `why`) */
    Refusal why;         /* why the user may not file this track's application */
} ApplyPreview;

/* Parse `json` against the acting organization's profile, add the register's
 * valid certifications and evaluate it exactly as app_apply_create() would,
 * with the applicant's fields taken from the acting user — but save nothing
 * and refuse nothing: a track the user may not apply for is reported in
 * pv->role / pv->why, bad input in pv->errs. APP_OK (look at pv->parsed),
 * APP_INVALID without an acting user, APP_DBFAIL. Free with
 * app_apply_preview_free() whatever the result. Does not reset app->arena. */
AppRc app_apply_preview(App *app, const char *file, const char *json, size_t len, ApplyPreview *pv);
void app_apply_preview_free(ApplyPreview *pv);

/* Read a stored application document (AppRow.doc) against the acting
 * organization's profile and, when `d` is not NULL, evaluate it (d is
 * initialised here). APP_INVALID with the parser's messages when the current
 * profile no longer reads it. Free doc with appdoc_free() and d with
 * decision_free() whatever the result. */
AppRc app_apply_read_stored(App *app, const char *json, AppDoc *doc, Decision *d);

#endif
