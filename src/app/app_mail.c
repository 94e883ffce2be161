/* Mail-delivery policies and consent (app/app_mail.h; tokyo-edu 11). The
 * rules come from the profile's mail_delivery section: who manages, which
 * sections must be filled, opt-in only and the alternative owed to those
 * who decline; each refusal names the clause it rests on. */
#include "app/app_mail.h"

#include <stdio.h>
#include <string.h>

#include "app/app_internal.h"
#include "domain/dates.h"
#include "exchange/csv.h"
#include "exchange/json_reader.h"
#include "exchange/ledger_columns.h"
#include "exchange/xlsx_table.h"
#include "store/audit.h"

const char *const mail_decision_names[] = {"opt_in", "declined", "withdrawn", NULL};
const char *const mail_decision_labels[] = {"利用（同意）", "利用しない", "利用取りやめ", NULL};

MailDecision mail_decision_index(const char *name)
{
    for (int i = 0; name && mail_decision_names[i]; i++)
        if (!strcmp(mail_decision_names[i], name))
            return (MailDecision)i;
    return MAIL_OPT_IN;
}

enum { MAIL_TEXT_MAX = 20000, MAIL_FIELD_MAX = 400 };

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

static AppRc may_manage(App *app, const MailPolicy *m)
{
    if (m->manager_role >= 0 && (app->actor.roles & ROLE_BIT(m->manager_role)))
        return APP_OK;
    AppRc rc = app_fail(app, APP_INVALID, m->manager_clause, "運用方針の作成・発行と同意の記録は%sが行います [%s]",
                        app->profile->roles[m->manager_role].label, m->manager_clause);
    app->denied = 1;
    return rc;
}

int app_mail_may_read_consents(const App *app)
{
    const MailPolicy *m = app->profile ? app->profile->mail : NULL;
    if (!app->acting || !m)
        return 0;
    return app->actor.is_admin || app->actor.is_auditor ||
           (m->manager_role >= 0 && (app->actor.roles & ROLE_BIT(m->manager_role)));
}

/* Text with only blanks (ASCII or U+3000) counts as empty. */
static int blank(const char *s)
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
static AppRc check_line(App *app, const char *what, const char *s, const char *clause)
{
    if (strlen(s) > MAIL_FIELD_MAX)
        return app_fail(app, APP_INVALID, clause, "%s が長すぎます（%dバイトまで）", what, MAIL_FIELD_MAX);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return app_fail(app, APP_INVALID, clause, "%s に改行や制御文字は使えません", what);
    return APP_OK;
}

/* ---- reading a policy document (JSON) ---- */

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

/* ---- checks ---- */

static AppRc check_date(App *app, const char *what, const char *date, int *out)
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
    if (blank(in->school))
        return app_fail(app, APP_INVALID, m->clause, "学校名（school）を記入してください [%s]", m->clause);
    if (blank(in->issuer))
        return app_fail(app, APP_INVALID, m->clause, "発信者（issuer、例: %s）を記入してください [%s]", m->issuer_sample, m->clause);
    if ((rc = check_line(app, "学校名（school）", in->school, m->clause)) ||
        (rc = check_line(app, "発信者（issuer）", in->issuer, m->clause)) ||
        (in->doc_number && (rc = check_line(app, "文書番号（document_number）", in->doc_number, m->clause))))
        return rc;
    if (in->date && *in->date && (rc = check_date(app, "日付（date）", in->date, NULL)))
        return rc;
    if (in->n_texts != m->n_sections)
        return app_fail(app, APP_INVALID, NULL, "項目の数がプロファイルと一致しません");
    for (int i = 0; i < m->n_sections; i++) {
        const MailSection *s = &m->sections[i];
        const char *t = in->texts[i];
        if (s->required && blank(t))
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
        if (blank(in->texts[i]))
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
    if ((rc = may_manage(app, m)))
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

static AppRc load_policy(App *app, long long number, int version, MailPolicyRow *r)
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

AppRc app_mail_policy_update(App *app, long long number, const MailPolicyInput *in, int *version)
{
    app_scratch(app);
    const MailPolicy *m = app_mail_section(app);
    AppRc rc;
    if (!m)
        return APP_INVALID;
    MailPolicyRow r;
    long long entry_id = 0;
    if ((rc = may_manage(app, m)) || (rc = load_policy(app, number, 0, &r)) || (rc = check_input(app, m, in, &entry_id)))
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
    if (done < 0)
        return app_dbfail(app);
    if (!done)
        return app_fail(app, APP_INVALID, NULL, "運用方針 第%lld号 は他の操作で更新されました。もう一度やり直してください", number);
    if (app_audit(app, "mail.policy.update", app_object(app, "mail_policy", number), data) != 0 ||
        db_commit(app->db) != 0)
        return app_dbfail(app);
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
    app_scratch(app);
    const MailPolicy *m = app_mail_section(app);
    AppRc rc;
    if (!m)
        return APP_INVALID;
    MailPolicyRow r;
    if ((rc = may_manage(app, m)) || (rc = load_policy(app, number, 0, &r)))
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
    if ((rc = check_date(app, "発行日（date）", on, NULL)))
        return rc;
    char data[96];
    snprintf(data, sizeof data, "{\"version\":%d,\"date\":\"%s\"}", r.version, on);
    if (audit_begin(app->db) != 0)
        return app_dbfail(app);
    int done = store_mail_policy_issue(app->db, r.id, r.version, on, app->user.id, app->now);
    if (done < 0)
        return app_dbfail(app);
    if (!done)
        return app_fail(app, APP_INVALID, NULL, "運用方針 第%lld号 は他の操作で更新されました。もう一度やり直してください", number);
    if (app_audit(app, "mail.policy.issue", app_object(app, "mail_policy", number), data) != 0 ||
        db_commit(app->db) != 0)
        return app_dbfail(app);
    return APP_OK;
}

AppRc app_mail_policy_get(App *app, long long number, int version, MailPolicyView *out)
{
    app_scratch(app);
    const MailPolicy *m = app_mail_section(app);
    AppRc rc;
    if (!m)
        return APP_INVALID;
    memset(out, 0, sizeof *out);
    if ((rc = load_policy(app, number, version, &out->row)) || (rc = parse_texts(app, m, &out->row, &out->texts)))
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

/* ---- consent (11 ウ) ---- */

AppRc app_mail_consent(App *app, long long number, const MailConsentInput *in, long long *id)
{
    app_scratch(app);
    const MailPolicy *m = app_mail_section(app);
    AppRc rc;
    if (!m)
        return APP_INVALID;
    MailPolicyRow r;
    if ((rc = may_manage(app, m)) || (rc = load_policy(app, number, 0, &r)))
        return rc;
    if (blank(in->recipient))
        return app_fail(app, APP_INVALID, m->consent.clause, "対象者（recipient: 生徒・保護者の氏名または番号）を記入してください");
    if ((rc = check_line(app, "対象者（recipient）", in->recipient, NULL)) ||
        (in->group && (rc = check_line(app, "学級等（group）", in->group, NULL))) ||
        (in->alternative && (rc = check_line(app, "代替手段（alternative）", in->alternative, m->alternative.clause))) ||
        (in->evidence && (rc = check_line(app, "同意書等（evidence）", in->evidence, m->consent.clause))))
        return rc;
    if (in->decision < MAIL_OPT_IN || in->decision > MAIL_WITHDRAW)
        return app_fail(app, APP_INVALID, NULL, "decision は opt_in, declined, withdrawn のいずれかです");
    /* 11 ウ(ア): consent once the purpose and the method are made clear. */
    if (m->consent_needs_issued && !r.issued_version)
        return app_fail(app, APP_INVALID, m->consent.clause,
                        "運用方針 第%lld号 はまだ発行されていません。利用目的・利用方法を明らかにした（発行した）上で同意を記録してください [%s]",
                        number, m->consent.clause);
    int not_using = in->decision != MAIL_OPT_IN;
    if (not_using && m->alternative_required && blank(in->alternative)) {
        Str ex = STR_INIT;
        for (int i = 0; i < m->n_alternative_examples; i++)
            str_appendf(&ex, "%s%s", i ? "・" : "", m->alternative_examples[i]);
        rc = app_fail(app, APP_INVALID, m->alternative.clause,
                      "利用しない方・取りやめる方には代替手段を確保します。提供する代替手段（alternative%s%s%s）を記入してください [%s]",
                      ex.len ? "、例: " : "", str_cstr(&ex), "", m->alternative.clause);
        str_free(&ex);
        return rc;
    }
    char today[11];
    const char *on = in->date && *in->date ? in->date : NULL;
    int d = 0;
    if (on && (rc = check_date(app, "日付（date）", on, &d)))
        return rc;
    if (on && d > app->today)
        return app_fail(app, APP_INVALID, NULL, "日付 %s は今日より後です", on);
    if (!on) {
        date_format(app->today, today);
        on = today;
    }
    MailConsentRow last;
    int has = store_mail_consent_latest(app->db, &app->arena, r.id, in->recipient, &last);
    if (has < 0)
        return app_dbfail(app);
    int last_opt_in = has && strcmp(last.decision, "opt_in") == 0;
    if (in->decision == MAIL_OPT_IN && last_opt_in)
        return app_fail(app, APP_INVALID, m->consent.clause, "%s さんは既に利用（同意）として記録されています（%s）", in->recipient,
                        last.decided_on);
    if (in->decision == MAIL_DECLINE && last_opt_in)
        return app_fail(app, APP_INVALID, m->consent.clause,
                        "%s さんは利用中です。やめる場合は取りやめ（withdraw）として記録してください", in->recipient);
    if (in->decision == MAIL_WITHDRAW && !last_opt_in)
        return app_fail(app, APP_INVALID, m->consent.clause, "%s さんは利用（同意）の記録がないため、取りやめは記録できません",
                        in->recipient);
    MailConsentRow row = {0, r.id, in->recipient, in->group ? in->group : "", mail_decision_names[in->decision],
                          not_using && in->alternative ? in->alternative : "", in->evidence ? in->evidence : "", on,
                          NULL, NULL};
    Str data = STR_INIT;
    str_appendf(&data, "{\"decision\":\"%s\",\"recipient\":", row.decision);
    str_append_json(&data, row.recipient);
    str_append(&data, ",\"group\":");
    str_append_json(&data, row.group);
    str_append(&data, ",\"alternative\":");
    str_append_json(&data, row.alternative);
    str_appendf(&data, ",\"date\":\"%s\"}", on);
    long long new_id = 0;
    if (str_failed(&data) || audit_begin(app->db) != 0 ||
        store_mail_consent_insert(app->db, &row, app->user.id, app->now, &new_id) != 0 ||
        app_audit(app, "mail.consent", app_object(app, "mail_policy", number), str_cstr(&data)) != 0 ||
        db_commit(app->db) != 0)
        rc = app_dbfail(app);
    str_free(&data);
    if (rc == APP_OK && id)
        *id = new_id;
    return rc;
}

typedef struct CountCtx {
    int (*fn)(void *ctx, const MailConsentRow *r);
    void *ctx;
    MailCounts *counts;
    int history;
} CountCtx;

static int count_row(void *ctx, const MailConsentRow *r)
{
    CountCtx *c = ctx;
    if (!c->history && c->counts) {
        if (!strcmp(r->decision, "opt_in"))
            c->counts->opted_in++;
        else if (!strcmp(r->decision, "declined"))
            c->counts->declined++;
        else
            c->counts->withdrawn++;
    }
    if (c->counts && c->history)
        c->counts->records++;
    return c->fn ? c->fn(c->ctx, r) : 0;
}

AppRc app_mail_consents(App *app, long long number, int history, int (*fn)(void *ctx, const MailConsentRow *r),
                        void *ctx, MailCounts *counts)
{
    app_scratch(app);
    const MailPolicy *m = app_mail_section(app);
    AppRc rc;
    if (!m)
        return APP_INVALID;
    if (!app_mail_may_read_consents(app)) {
        rc = app_fail(app, APP_INVALID, m->manager_clause,
                      "同意の記録（児童・生徒・保護者の氏名）を見られるのは%s・システム管理者・監査担当です",
                      app->profile->roles[m->manager_role].label);
        app->denied = 1;
        return rc;
    }
    MailPolicyRow r;
    if ((rc = load_policy(app, number, 0, &r)))
        return rc;
    if (counts)
        memset(counts, 0, sizeof *counts);
    /* Counts of the latest answers come from the latest pass; the number
     * of records from the history pass. */
    CountCtx c = {NULL, NULL, counts, 0};
    if (counts && history && store_mail_consents(app->db, &app->arena, r.id, 0, count_row, &c) != 0)
        return app_dbfail(app);
    c = (CountCtx){fn, ctx, counts, history};
    if (store_mail_consents(app->db, &app->arena, r.id, history, count_row, &c) != 0)
        return app_dbfail(app);
    if (counts && !history) {
        CountCtx h = {NULL, NULL, counts, 1};
        if (store_mail_consents(app->db, &app->arena, r.id, 1, count_row, &h) != 0)
            return app_dbfail(app);
    }
    return APP_OK;
}

/* ---- writers ---- */

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
