/* Mail-delivery policies (app/app_mail.h; tokyo-edu 11, 別紙): create, update,
 * issue and read the 連絡用メール配信システム運用方針 and its versions. The
 * rules come from the profile's mail_delivery section: who manages and which
 * sections must be filled; each refusal names the clause it rests on. Kept
 * apart from consent (app_mail_consent.c), reading the JSON document
 * (app_mail_input.c) and the writers (app_mail_export.c); the checks they
 * share are here, declared in app_mail_internal.h. */
#include <stdio.h>
#include <string.h>

#include "app/app_internal.h"
#include "app/app_mail_internal.h"
#include "domain/dates.h"
#include "exchange/json_reader.h"
#include "store/audit.h"

const MailPolicy *app_mail_section(App *app)
{
    if (!app->acting) {
        app_fail(app, APP_INVALID, NULL, "操作する利用者を --as LOGIN で指定してください");
        return NULL;
    }
    if (!app->profile->mail) {
        app_fail(app, APP_INVALID, NULL, "この団体の基準（%s）には連絡用メール配信サービスの定め（mail_delivery）がありません",
                 app->profile->id);
        return NULL;
    }
    return app->profile->mail;
}

/* Refuse (app->denied) unless the acting user holds the manager role. */
static AppRc require_manager(App *app, const MailPolicy *m)
{
    if (m->manager_role >= 0 && (app->actor.roles & ROLE_BIT(m->manager_role)))
        return APP_OK;
    AppRc rc = app_fail(app, APP_INVALID, m->manager_clause, "運用方針の作成・発行と同意の記録は%sが行います [%s]",
                        app->profile->roles[m->manager_role].label, m->manager_clause);
    app->denied = 1;
    return rc;
}

/* Text with only blanks (ASCII or U+3000) counts as empty. */
int app_mail_blank(const char *s)
{
    if (!s)
        return 1;
    while (*s) {
        if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
            s++;
        else if ((unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80)
            s += 3;
        else
            return 0;
    }
    return 1;
}

/* A one-line field: no control characters, at most MAIL_FIELD_MAX bytes. */
AppRc app_mail_check_line(App *app, const char *what, const char *s, const char *clause)
{
    if (strlen(s) > MAIL_FIELD_MAX)
        return app_fail(app, APP_INVALID, clause, "%s が長すぎます（%dバイトまで）", what, MAIL_FIELD_MAX);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return app_fail(app, APP_INVALID, clause, "%s に改行や制御文字は使えません", what);
    return APP_OK;
}

AppRc app_mail_check_date(App *app, const char *what, const char *date, int *out)
{
    int d = 0;
    if (!date_parse(date, &d))
        return app_fail(app, APP_INVALID, NULL, "%s '%s' は日付 YYYY-MM-DD ではありません", what, date);
    if (out)
        *out = d;
    return APP_OK;
}

/* Every field of `in` valid; the ledger entry (when named) looked up into *entry_id. */
static AppRc check_input(App *app, const MailPolicy *m, const MailPolicyInput *in, long long *entry_id)
{
    AppRc rc;
    if (app_mail_blank(in->school))
        return app_fail(app, APP_INVALID, m->clause, "学校名（school）を記入してください [%s]", m->clause);
    if (app_mail_blank(in->issuer))
        return app_fail(app, APP_INVALID, m->clause, "発信者（issuer、例: %s）を記入してください [%s]", m->issuer_sample, m->clause);
    if ((rc = app_mail_check_line(app, "学校名（school）", in->school, m->clause)) ||
        (rc = app_mail_check_line(app, "発信者（issuer）", in->issuer, m->clause)) ||
        (in->doc_number && (rc = app_mail_check_line(app, "文書番号（document_number）", in->doc_number, m->clause))))
        return rc;
    if (in->date && *in->date && (rc = app_mail_check_date(app, "日付（date）", in->date, NULL)))
        return rc;
    if (in->n_texts != m->n_sections)
        return app_fail(app, APP_INVALID, NULL, "項目の数がプロファイルと一致しません");
    for (int i = 0; i < m->n_sections; i++) {
        const MailSection *s = &m->sections[i];
        const char *t = in->texts[i];
        if (s->required && app_mail_blank(t))
            return app_fail(app, APP_INVALID, s->clause, "「%s %s」（%s）が空です。%s [%s]", s->number, s->heading, s->id,
                            s->prompt, s->clause);
        if (t && strlen(t) > MAIL_TEXT_MAX)
            return app_fail(app, APP_INVALID, s->clause, "「%s %s」が長すぎます（%dバイトまで）", s->number, s->heading,
                            MAIL_TEXT_MAX);
    }
    *entry_id = 0;
    if (in->entry_number) {
        EntryRow e;
        int found = store_entry_by_number(app->db, &app->arena, app->org.id, in->entry_number, &e);
        if (found < 0)
            return app_dbfail(app);
        if (!found)
            return app_fail(app, APP_INVALID, NULL, "台帳 第%lld号 はありません（ledger_entry）", in->entry_number);
        *entry_id = e.id;
    }
    return APP_OK;
}

/* The section texts as one JSON object (only the filled ones), in app->arena. */
static const char *sections_json(App *app, const MailPolicy *m, const MailPolicyInput *in)
{
    Str s = STR_INIT;
    str_appendc(&s, '{');
    int k = 0;
    for (int i = 0; i < m->n_sections; i++) {
        if (app_mail_blank(in->texts[i]))
            continue;
        str_append(&s, k++ ? "," : "");
        str_append_json(&s, m->sections[i].id);
        str_appendc(&s, ':');
        str_append_json(&s, in->texts[i]);
    }
    str_appendc(&s, '}');
    const char *out = str_failed(&s) ? NULL : arena_strdup(&app->arena, str_cstr(&s));
    str_free(&s);
    return out;
}

static void fill_row(MailPolicyRow *r, const MailPolicyInput *in, long long entry_id, const char *sections)
{
    r->school = in->school;
    r->issuer = in->issuer;
    r->doc_number = in->doc_number ? in->doc_number : "";
    r->issued_on = in->date && *in->date ? in->date : NULL;
    r->entry_id = entry_id;
    r->sections = sections;
}

AppRc app_mail_policy_create(App *app, const MailPolicyInput *in, long long *number)
{
    app_scratch(app);
    const MailPolicy *m = app_mail_section(app);
    AppRc rc;
    if (!m)
        return APP_INVALID;
    if ((rc = require_manager(app, m)))
        return rc;
    long long entry_id = 0, id = 0;
    if ((rc = check_input(app, m, in, &entry_id)))
        return rc;
    const char *sections = sections_json(app, m, in);
    if (!sections)
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    MailPolicyRow r = {0};
    fill_row(&r, in, entry_id, sections);
    r.version = 1;
    char data[64];
    if (audit_begin(app->db) != 0 || store_mail_next_number(app->db, app->org.id, &r.number) != 0 ||
        store_mail_policy_insert(app->db, app->org.id, &r, app->user.id, app->now, &id) != 0)
        return app_dbfail(app);
    snprintf(data, sizeof data, "{\"version\":1}");
    if (app_audit(app, "mail.policy.create", app_object(app, "mail_policy", r.number), data) != 0 ||
        db_commit(app->db) != 0)
        return app_dbfail(app);
    *number = r.number;
    return APP_OK;
}

AppRc app_mail_load_policy(App *app, long long number, int version, MailPolicyRow *r)
{
    int found = store_mail_policy_get(app->db, &app->arena, app->org.id, number, version, r);
    if (found < 0)
        return app_dbfail(app);
    if (!found && version)
        return app_fail(app, APP_INVALID, NULL, "運用方針 第%lld号 の第%d版はありません", number, version);
    if (!found)
        return app_fail(app, APP_INVALID, NULL, "運用方針 第%lld号 はありません (no such policy)", number);
    return APP_OK;
}

/* End a change of policy `number` inside its transaction: `done` is the
 * store's answer (-1 failed, 0 the version changed meanwhile, 1 written);
 * then the audit event and the commit. */
static AppRc finish_change(App *app, int done, long long number, const char *event, const char *data)
{
    if (done < 0)
        return app_dbfail(app);
    if (!done)
        return app_fail(app, APP_INVALID, NULL, "運用方針 第%lld号 は他の操作で更新されました。もう一度やり直してください", number);
    if (app_audit(app, event, app_object(app, "mail_policy", number), data) != 0 || db_commit(app->db) != 0)
        return app_dbfail(app);
    return APP_OK;
}

AppRc app_mail_begin_change(App *app, long long number, const MailPolicy **m, MailPolicyRow *r)
{
    app_scratch(app);
    AppRc rc;
    if (!(*m = app_mail_section(app)))
        return APP_INVALID;
    if ((rc = require_manager(app, *m)) || (rc = app_mail_load_policy(app, number, 0, r)))
        return rc;
    return APP_OK;
}

AppRc app_mail_policy_update(App *app, long long number, const MailPolicyInput *in, int *version)
{
    const MailPolicy *m;
    MailPolicyRow r;
    long long entry_id = 0;
    AppRc rc;
    if ((rc = app_mail_begin_change(app, number, &m, &r)) || (rc = check_input(app, m, in, &entry_id)))
        return rc;
    const char *sections = sections_json(app, m, in);
    if (!sections)
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    int expected = r.current_version;
    /* An issued version is never changed: the change is the next version. */
    int new_version = r.issued;
    if (new_version)
        r.version = r.current_version + 1;
    fill_row(&r, in, entry_id, sections);
    char data[96];
    snprintf(data, sizeof data, "{\"version\":%d,\"new_version\":%s}", r.version, new_version ? "true" : "false");
    if (audit_begin(app->db) != 0)
        return app_dbfail(app);
    int done = store_mail_policy_save(app->db, &r, expected, app->user.id, app->now);
    if ((rc = finish_change(app, done, number, "mail.policy.update", data)))
        return rc;
    if (version)
        *version = r.version;
    return APP_OK;
}

/* Texts of a stored version, per profile section ("" when empty); ids the
 * profile no longer has are left out. */
static AppRc parse_texts(App *app, const MailPolicy *m, const MailPolicyRow *r, const char ***texts)
{
    const char **t = arena_alloc(&app->arena, sizeof(char *) * (size_t)m->n_sections);
    if (!t)
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    for (int i = 0; i < m->n_sections; i++)
        t[i] = "";
    Errors errs = {0};
    Jr jr;
    jr_init(&jr, "mail_policy", r->sections, strlen(r->sections), &errs, &app->arena);
    const char *key, *val;
    size_t len;
    if (jr_object_begin(&jr))
        while (jr_object_key(&jr, &key)) {
            int k = mail_section_index(m, key);
            if (jr_peek(&jr) == JT_STRING && jr_string(&jr, &val, &len)) {
                if (k >= 0)
                    t[k] = val;
            } else if (!jr_skip(&jr)) {
                break;
            }
        }
    int bad = jr.failed || errs.count;
    errors_free(&errs);
    if (bad)
        return app_fail(app, APP_DBFAIL, NULL, "運用方針 第%lld号 の記録を読めません", r->number);
    *texts = t;
    return APP_OK;
}

AppRc app_mail_policy_issue(App *app, long long number, const char *date)
{
    const MailPolicy *m;
    MailPolicyRow r;
    AppRc rc = app_mail_begin_change(app, number, &m, &r);
    if (rc)
        return rc;
    if (r.issued)
        return app_fail(app, APP_INVALID, m->policy.clause,
                        "運用方針 第%lld号 第%d版 は発行済みです。変更するには新しい版を作成してください", number, r.version);
    /* The profile may require more than when the draft was saved. */
    const char **texts;
    if ((rc = parse_texts(app, m, &r, &texts)))
        return rc;
    MailPolicyInput in = {r.school, r.issuer, r.doc_number, r.issued_on, 0, texts, m->n_sections};
    long long entry_id;
    if ((rc = check_input(app, m, &in, &entry_id)))
        return rc;
    char today[11];
    const char *on = date && *date ? date : r.issued_on;
    if (!on) {
        date_format(app->today, today);
        on = today;
    }
    if ((rc = app_mail_check_date(app, "発行日（date）", on, NULL)))
        return rc;
    char data[96];
    snprintf(data, sizeof data, "{\"version\":%d,\"date\":\"%s\"}", r.version, on);
    if (audit_begin(app->db) != 0)
        return app_dbfail(app);
    int done = store_mail_policy_issue(app->db, r.id, r.version, on, app->user.id, app->now);
    return finish_change(app, done, number, "mail.policy.issue", data);
}

AppRc app_mail_policy_get(App *app, long long number, int version, MailPolicyView *out)
{
    app_scratch(app);
    const MailPolicy *m = app_mail_section(app);
    AppRc rc;
    if (!m)
        return APP_INVALID;
    memset(out, 0, sizeof *out);
    if ((rc = app_mail_load_policy(app, number, version, &out->row)) || (rc = parse_texts(app, m, &out->row, &out->texts)))
        return rc;
    out->n_texts = m->n_sections;
    return APP_OK;
}

AppRc app_mail_policies(App *app, int (*fn)(void *ctx, const MailPolicyRow *r), void *ctx)
{
    app_scratch(app);
    if (!app_mail_section(app))
        return APP_INVALID;
    return store_mail_policies(app->db, &app->arena, app->org.id, fn, ctx) != 0 ? app_dbfail(app) : APP_OK;
}

AppRc app_mail_versions(App *app, long long policy_id, int (*fn)(void *ctx, const MailPolicyRow *r), void *ctx)
{
    /* No scratch reset: called after app_mail_policy_get, whose view stays valid. */
    if (!app_mail_section(app))
        return APP_INVALID;
    return store_mail_versions(app->db, &app->arena, policy_id, fn, ctx) != 0 ? app_dbfail(app) : APP_OK;
}

