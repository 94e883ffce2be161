/* Evaluation of an application document without saving (app_apply_web.h). */
#include <string.h>

#include "app/app_apply_web.h"
#include "app/app_internal.h"
#include "exchange/appdoc_json.h"

AppRc app_apply_preview(App *app, const char *file, const char *json, size_t len, ApplyPreview *pv)
{
    /* All zero: app_apply_preview_free() is safe from here on (a zeroed
     * arena frees nothing). */
    memset(pv, 0, sizeof *pv);
    pv->role = -1;
    if (!app->acting)
        return app_fail(app, APP_INVALID, NULL, "操作する利用者を指定してください");
    if (!appdoc_parse_json(&pv->doc, app->profile, file, json, len, &pv->errs))
        return APP_OK;
    if (app_merge_certifications(app, &pv->doc) != 0)
        return app_dbfail(app);
    AppRc rc = app_evaluate(app, &pv->doc, &pv->d);
    if (rc)
        return rc;
    /* As prepare_draft() in app_apply.c: the track decides which roles may
     * apply; the applicant's name, department and role come from the user. */
    int wanted = pv->doc.v[F_APPLICANT_ROLE].present ? pv->doc.v[F_APPLICANT_ROLE].code : -1;
    pv->role = workflow_applicant_role(app->profile, pv->d.track, &app->actor, wanted, &pv->why);
    app_doc_set_text(&pv->doc, F_APPLICANT_NAME, app->user.name);
    app_doc_set_text(&pv->doc, F_APPLICANT_DEPARTMENT, app->user.department);
    app_doc_set_role(&pv->doc, F_APPLICANT_ROLE, pv->role);
    evaluate(&pv->doc, &pv->d);
    pv->parsed = 1;
    return APP_OK;
}

void app_apply_preview_free(ApplyPreview *pv)
{
    if (pv->d.profile)
        decision_free(&pv->d);
    appdoc_free(&pv->doc);
    errors_free(&pv->errs);
}

AppRc app_apply_read_stored(App *app, const char *json, AppDoc *doc, Decision *d)
{
    if (d)
        memset(d, 0, sizeof *d);
    AppRc rc = app_parse_doc(app, "stored", json, strlen(json), doc);
    return rc == APP_OK && d ? app_evaluate(app, doc, d) : rc;
}
