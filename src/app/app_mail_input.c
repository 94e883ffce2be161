/* Reading a mail-delivery policy document (app/app_mail.h): the JSON a
 * manager writes (school, issuer, document_number, date, ledger_entry,
 * sections) or the profile's 記載例 as a starting point. Apart from the use
 * cases because it only fills a MailPolicyInput; the checks of what it
 * holds are app_mail_policy.c's. Errors name FILE:LINE:COL. */
#include <stdio.h>
#include <string.h>

#include "app/app_mail_internal.h"
#include "exchange/json_reader.h"

static void json_pos(const Jr *r, long *line, long *col)
{
    *line = 1;
    *col = 1;
    for (const char *p = r->start; p < r->p && p < r->end; p++) {
        if (*p == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)*p & 0xC0) != 0x80) {
            (*col)++;
        }
    }
}

static AppRc json_fail(App *app, Jr *r, const char *file, const char *fmt, const char *arg)
{
    long line, col;
    json_pos(r, &line, &col);
    char msg[300];
    snprintf(msg, sizeof msg, fmt, arg);
    return app_fail(app, APP_INVALID, NULL, "%s:%ld:%ld: %s", file, line, col, msg);
}

static AppRc json_text(App *app, Jr *r, const char *file, const char *key, const char **out)
{
    if (jr_peek(r) == JT_NULL) {
        jr_null(r);
        *out = NULL;
        return APP_OK;
    }
    if (jr_peek(r) != JT_STRING)
        return json_fail(app, r, file, "'%s' は文字列で書いてください", key);
    size_t len;
    return jr_string(r, out, &len) ? APP_OK : APP_INVALID;
}

static AppRc syntax_or(App *app, Errors *errs, AppRc rc)
{
    if (errs->count)
        return app_fail(app, APP_INVALID, NULL, "%s", errs->msg[0]);
    return rc;
}

AppRc app_mail_input_json(App *app, Arena *a, const char *file, const char *json, size_t len, MailPolicyInput *in)
{
    const MailPolicy *m = app_mail_section(app);
    if (!m)
        return APP_INVALID;
    memset(in, 0, sizeof *in);
    in->n_texts = m->n_sections;
    in->texts = arena_alloc(a, sizeof(char *) * (size_t)m->n_sections);
    if (!in->texts)
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    Errors errs = {0};
    Jr r;
    jr_init(&r, file, json, len, &errs, a);
    AppRc rc = APP_OK;
    const char *key;
    if (jr_peek(&r) != JT_OBJECT) {
        rc = r.failed ? APP_INVALID : json_fail(app, &r, file, "%s", "運用方針は JSON のオブジェクト {…} で書いてください");
        goto out;
    }
    jr_object_begin(&r);
    while (rc == APP_OK && jr_object_key(&r, &key)) {
        if (!strcmp(key, "school"))
            rc = json_text(app, &r, file, key, &in->school);
        else if (!strcmp(key, "issuer"))
            rc = json_text(app, &r, file, key, &in->issuer);
        else if (!strcmp(key, "document_number"))
            rc = json_text(app, &r, file, key, &in->doc_number);
        else if (!strcmp(key, "date"))
            rc = json_text(app, &r, file, key, &in->date);
        else if (!strcmp(key, "ledger_entry")) {
            long long i = 0;
            double d;
            int is_int = 0;
            if (jr_peek(&r) == JT_NULL)
                jr_null(&r);
            else if (jr_peek(&r) != JT_NUMBER || !jr_number(&r, &i, &d, &is_int) || !is_int || i <= 0)
                rc = r.failed ? APP_INVALID : json_fail(app, &r, file, "'%s' は台帳の番号（正の整数）です", key);
            else
                in->entry_number = i;
        } else if (!strcmp(key, "sections")) {
            if (jr_peek(&r) != JT_OBJECT) {
                rc = json_fail(app, &r, file, "%s", "'sections' は {\"項目ID\": \"本文\", …} のオブジェクトです");
                break;
            }
            jr_object_begin(&r);
            const char *id;
            while (rc == APP_OK && jr_object_key(&r, &id)) {
                int k = mail_section_index(m, id);
                if (k < 0) {
                    Str ids = STR_INIT;
                    for (int j = 0; j < m->n_sections; j++)
                        str_appendf(&ids, "%s%s", j ? ", " : "", m->sections[j].id);
                    char what[200];
                    snprintf(what, sizeof what, "'sections' に不明な項目 '%%s' があります（%s）", str_cstr(&ids));
                    rc = json_fail(app, &r, file, what, id);
                    str_free(&ids);
                } else {
                    rc = json_text(app, &r, file, id, &in->texts[k]);
                }
            }
        } else {
            rc = json_fail(app, &r, file, "不明な項目 '%s' です（school, issuer, document_number, date, ledger_entry, sections）",
                           key);
        }
    }
    if (rc == APP_OK && !r.failed)
        jr_finish(&r);
out:
    rc = syntax_or(app, &errs, rc);
    errors_free(&errs);
    return rc;
}

AppRc app_mail_input_sample(App *app, Arena *a, MailPolicyInput *in)
{
    const MailPolicy *m = app_mail_section(app);
    if (!m)
        return APP_INVALID;
    memset(in, 0, sizeof *in);
    in->school = m->school_sample;
    in->issuer = m->issuer_sample;
    in->n_texts = m->n_sections;
    in->texts = arena_alloc(a, sizeof(char *) * (size_t)m->n_sections);
    if (!in->texts)
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    for (int i = 0; i < m->n_sections; i++)
        in->texts[i] = m->sections[i].sample;
    return APP_OK;
}
