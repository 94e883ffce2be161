/* Application documents inside use cases: parse, fill, evaluate, serialize. */
#include <string.h>

#include "app/app_exempt.h"
#include "app/app_internal.h"
#include "domain/search_text.h"
#include "exchange/appdoc_json.h"
#include "exchange/appdoc_write.h"
#include "exchange/decision_json.h"
#include "exchange/field_text.h"

AppRc app_parse_doc(App *app, const char *file, const char *json, size_t len, AppDoc *doc)
{
    Errors errs = {0};
    if (appdoc_parse_json(doc, app->profile, file, json, len, &errs)) {
        errors_free(&errs);
        return APP_OK;
    }
    str_reset(&app->err);
    for (int i = 0; i < errs.count; i++)
        str_appendf(&app->err, "%s%s", i ? "\n" : "", errs.msg[i]);
    if (errs.dropped)
        str_appendf(&app->err, "\n(ほか %d 件)", errs.dropped);
    errors_free(&errs);
    app->clause = NULL;
    return APP_INVALID;
}

void app_doc_set_text(AppDoc *doc, int field, const char *value)
{
    FieldValue *v = &doc->v[field];
    memset(v, 0, sizeof *v);
    if (value && *value) {
        v->s = arena_strdup(&doc->arena, value);
        v->present = v->s != NULL;
    }
}

void app_doc_set_role(AppDoc *doc, int field, int role)
{
    FieldValue *v = &doc->v[field];
    memset(v, 0, sizeof *v);
    if (role >= 0) {
        v->code = role;
        v->s = doc->profile->roles[role].id;
        v->present = 1;
    }
}

AppRc app_evaluate(App *app, AppDoc *doc, Decision *d)
{
    if (!decision_init(d, doc->profile))
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    AppRc rc = app_exempts_extra(app, &d->extra_exempts, &d->n_extra_exempts);
    if (rc) {
        decision_free(d);
        return rc;
    }
    evaluate(doc, d);
    return APP_OK;
}

static const char *keep(App *app, Str *s)
{
    const char *r = str_failed(s) ? NULL : arena_strdup(&app->arena, str_cstr(s));
    str_free(s);
    return r;
}

const char *app_doc_json(App *app, const AppDoc *doc)
{
    Str s = STR_INIT;
    appdoc_write_json(doc, 0, &s);
    return keep(app, &s);
}

const char *app_decision_json(App *app, const AppDoc *doc, const Decision *d)
{
    Str s = STR_INIT;
    decision_json(doc, d, 0, &s);
    return keep(app, &s);
}

static const char *text_of(App *app, const AppDoc *doc, int f)
{
    if (!doc->v[f].present)
        return NULL;
    Str s = STR_INIT;
    field_text(doc, f, &s);
    return keep(app, &s);
}

static const char *date_of(App *app, int ymd)
{
    Str s = STR_INIT;
    date_text(ymd, &s);
    return keep(app, &s);
}

void app_entry_fill(App *app, const AppDoc *doc, const Decision *d, EntryRow *e)
{
    const Profile *p = doc->profile;
    e->track = d->track;
    e->confidentiality = p->schemes[SCHEME_CONFIDENTIALITY].levels[doc->v[F_INFO_CONFIDENTIALITY].code].code;
    e->service_name = text_of(app, doc, F_SERVICE_NAME);
    e->function = text_of(app, doc, F_SERVICE_FUNCTION);
    e->provider = text_of(app, doc, F_SERVICE_PROVIDER);
    e->purpose = text_of(app, doc, F_PURPOSE);
    e->period_from = doc->v[F_PERIOD_FROM].present ? date_of(app, (int)doc->v[F_PERIOD_FROM].i) : NULL;
    e->period_to = doc->v[F_PERIOD_TO].present ? date_of(app, (int)doc->v[F_PERIOD_TO].i)
                   : d->period_to_default ? date_of(app, d->period_to_default)
                                          : NULL;
    e->applicant_department = text_of(app, doc, F_APPLICANT_DEPARTMENT);
    e->applicant_name = text_of(app, doc, F_APPLICANT_NAME);
    e->user_scope = text_of(app, doc, F_USER_SCOPE);
    e->admin_department = text_of(app, doc, F_ADMIN_DEPARTMENT);
    e->admin_title = text_of(app, doc, F_ADMIN_TITLE);
    e->doc = app_doc_json(app, doc);
    /* Found by every ledger field's text and by its number. */
    Str all = STR_INIT, norm = STR_INIT;
    for (int i = 0; i < p->n_ledger; i++) {
        Str v = STR_INIT;
        ledger_value_text(doc, d, &p->ledger[i], &v);
        if (v.len)
            str_appendf(&all, "%s%s", all.len ? " " : "", str_cstr(&v));
        str_free(&v);
    }
    search_normalize(str_cstr(&all), &norm);
    str_free(&all);
    e->search_text = keep(app, &norm);
    if (!e->search_text)
        e->search_text = "";
}

void app_missing_ledger_text(const Profile *p, FieldMask missing, Str *out)
{
    int n = 0;
    for (int i = 0; i < p->n_ledger; i++) {
        const LedgerField *lf = &p->ledger[i];
        if (!lf->required || lf->n_fields == 0 || !(missing & FIELD_BIT(lf->fields[0])))
            continue;
        str_appendf(out, "%s%s [%s] (%s)", n++ ? "、" : "", lf->label, lf->clause ? lf->clause : "",
                    field_defs[lf->fields[0]].path);
    }
}
