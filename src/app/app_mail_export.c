/* Writers of the mail-delivery area (app/app_mail.h): the policy as text
 * (in the 別紙's order) and as JSON, a consent record as JSON, and the
 * consent list as CSV and XLSX. Apart from the use cases because they only
 * format what those return; the CSV/XLSX exports read through
 * app_mail_consents, which checks who may. */
#include <stdio.h>

#include "app/app_mail_internal.h"
#include "domain/dates.h"
#include "exchange/csv.h"
#include "exchange/ledger_columns.h"
#include "exchange/xlsx_table.h"

/* The date line of the document: 和暦, or the sample's blank date. */
static void date_line(const MailPolicy *m, const char *iso, Str *out)
{
    int d = 0;
    if (iso && date_parse(iso, &d)) {
        char w[64];
        date_wareki(d, w, sizeof w);
        str_append(out, w);
    } else {
        str_append(out, m->date_sample);
    }
}

void app_mail_policy_text(const MailPolicy *m, const MailPolicyView *v, Str *out)
{
    const MailPolicyRow *r = &v->row;
    date_line(m, r->issued_on, out);
    str_appendf(out, "\n%s\n%s\n\n%s\n%s\n", r->doc_number && *r->doc_number ? r->doc_number : m->number_sample,
                r->issuer, r->school, m->title);
    for (int i = 0; i < m->n_sections && i < v->n_texts; i++) {
        const MailSection *s = &m->sections[i];
        str_appendf(out, "\n%s %s\n", s->number, s->heading);
        if (*v->texts[i]) {
            str_append(out, v->texts[i]);
            str_appendc(out, '\n');
        }
    }
}

static void json_text_or_null(Str *o, const char *s)
{
    if (s && *s)
        str_append_json(o, s);
    else
        str_append(o, "null");
}

void app_mail_policy_json(const MailPolicy *m, const MailPolicyView *v, Str *o)
{
    const MailPolicyRow *r = &v->row;
    str_appendf(o, "{\"number\":%lld,\"version\":%d,\"current_version\":%d,\"issued_version\":%d,\"state\":\"%s\",",
                r->number, r->version, r->current_version, r->issued_version, r->issued ? "issued" : "draft");
    str_append(o, "\"title\":");
    str_append_json(o, m->title);
    str_append(o, ",\"clause\":");
    str_append_json(o, m->clause);
    str_appendf(o, ",\"is_sample_based\":%s,\"school\":", m->is_sample ? "true" : "false");
    str_append_json(o, r->school);
    str_append(o, ",\"issuer\":");
    str_append_json(o, r->issuer);
    str_append(o, ",\"document_number\":");
    str_append_json(o, r->doc_number ? r->doc_number : "");
    str_append(o, ",\"date\":");
    json_text_or_null(o, r->issued_on);
    str_append(o, ",\"ledger_entry\":");
    if (r->entry_number)
        str_appendf(o, "%lld", r->entry_number);
    else
        str_append(o, "null");
    str_append(o, ",\"sections\":[");
    for (int i = 0; i < m->n_sections && i < v->n_texts; i++) {
        const MailSection *s = &m->sections[i];
        str_append(o, i ? ",{\"id\":" : "{\"id\":");
        str_append_json(o, s->id);
        str_append(o, ",\"number\":");
        str_append_json(o, s->number);
        str_append(o, ",\"heading\":");
        str_append_json(o, s->heading);
        str_append(o, ",\"clause\":");
        str_append_json(o, s->clause);
        str_appendf(o, ",\"required\":%s,\"text\":", s->required ? "true" : "false");
        str_append_json(o, v->texts[i]);
        str_appendc(o, '}');
    }
    str_append(o, "],\"created_at\":");
    json_text_or_null(o, r->created_at);
    str_append(o, ",\"created_by\":");
    json_text_or_null(o, r->created_by);
    str_append(o, ",\"changed_at\":");
    json_text_or_null(o, r->changed_at);
    str_append(o, ",\"changed_by\":");
    json_text_or_null(o, r->changed_by);
    str_append(o, ",\"issued_at\":");
    json_text_or_null(o, r->issued_at);
    str_append(o, ",\"issued_by\":");
    json_text_or_null(o, r->issued_by);
    str_appendc(o, '}');
}

void app_mail_consent_json(const MailConsentRow *r, Str *o)
{
    str_appendf(o, "{\"id\":%lld,\"recipient\":", r->id);
    str_append_json(o, r->recipient);
    str_append(o, ",\"group\":");
    str_append_json(o, r->group ? r->group : "");
    str_appendf(o, ",\"decision\":\"%s\",\"alternative\":", r->decision);
    str_append_json(o, r->alternative ? r->alternative : "");
    str_append(o, ",\"evidence\":");
    str_append_json(o, r->evidence ? r->evidence : "");
    str_append(o, ",\"date\":");
    str_append_json(o, r->decided_on ? r->decided_on : "");
    str_append(o, ",\"recorded_at\":");
    str_append_json(o, r->recorded_at ? r->recorded_at : "");
    str_append(o, ",\"recorded_by\":");
    str_append_json(o, r->recorded_by ? r->recorded_by : "");
    str_appendc(o, '}');
}

/* One CSV cell, guarded like the ledger export: text a spreadsheet would
 * take for a formula gets a leading apostrophe. */
static void csv_cell(Str *out, int first, const char *text)
{
    if (cell_needs_guard(text)) {
        Str g = STR_INIT;
        str_appendc(&g, '\'');
        str_append(&g, text);
        csv_write_field(out, first, str_cstr(&g));
        str_free(&g);
    } else {
        csv_write_field(out, first, text);
    }
}

static int csv_row(void *ctx, const MailConsentRow *r)
{
    Str *out = ctx;
    const char *cells[] = {r->group, r->recipient, mail_decision_labels[mail_decision_index(r->decision)], r->alternative,
                           r->evidence, r->decided_on, r->recorded_by};
    for (int i = 0; i < (int)(sizeof cells / sizeof cells[0]); i++)
        csv_cell(out, i == 0, cells[i] ? cells[i] : "");
    csv_end_row(out);
    return 0;
}

static const char *const consent_headers[] = {"学級等", "対象者", "回答", "代替手段", "同意書等", "日付", "記録者"};
enum { N_CONSENT_COLUMNS = (int)(sizeof consent_headers / sizeof consent_headers[0]) };

AppRc app_mail_consents_csv(App *app, long long number, Str *out)
{
    const char *const *headers = consent_headers;
    csv_write_bom(out);
    for (int i = 0; i < N_CONSENT_COLUMNS; i++)
        csv_write_field(out, i == 0, headers[i]);
    csv_end_row(out);
    AppRc rc = app_mail_consents(app, number, 0, csv_row, out, NULL);
    if (rc == APP_OK && str_failed(out))
        rc = app_fail(app, APP_DBFAIL, NULL, "out of memory");
    return rc;
}

typedef struct XlsxCtx {
    XlsxTable *t;
    Str *err;
    int failed;
} XlsxCtx;

static int xlsx_row(void *ctx, const MailConsentRow *r)
{
    XlsxCtx *x = ctx;
    const char *cells[N_CONSENT_COLUMNS] = {r->group, r->recipient, mail_decision_labels[mail_decision_index(r->decision)],
                                            r->alternative, r->evidence, r->decided_on, r->recorded_by};
    if (xlsx_table_row(x->t, cells, N_CONSENT_COLUMNS, x->err) != 0) {
        x->failed = 1;
        return 1;
    }
    return 0;
}

AppRc app_mail_consents_xlsx(App *app, long long number, const char *path)
{
    /* Read first (the use case checks who may), then write the file whole. */
    MailCounts k;
    AppRc rc = app_mail_consents(app, number, 0, NULL, NULL, &k);
    if (rc)
        return rc;
    char title[128];
    snprintf(title, sizeof title, "連絡用メール配信 同意の記録（運用方針 第%lld号）", number);
    Str err = STR_INIT;
    XlsxTable *t = xlsx_table_open(path, "同意の記録", title, consent_headers, N_CONSENT_COLUMNS, &err);
    if (!t) {
        rc = app_fail(app, APP_INVALID, NULL, "%s: %s", path, str_cstr(&err));
        str_free(&err);
        return rc;
    }
    XlsxCtx x = {t, &err, 0};
    rc = app_mail_consents(app, number, 0, xlsx_row, &x, NULL);
    if (rc || x.failed) {
        xlsx_table_abort(t);
        if (!rc)
            rc = app_fail(app, APP_INVALID, NULL, "%s: %s", path, str_cstr(&err));
    } else if (xlsx_table_close(t, &err) != 0) {
        rc = app_fail(app, APP_INVALID, NULL, "%s: %s", path, str_cstr(&err));
    }
    str_free(&err);
    return rc;
}
