/* Consent to mail delivery (app/app_mail.h; tokyo-edu 11 ウ): opt-in only,
 * a decline or a withdrawal with the alternative offered (11 ウ(イ)), the
 * latest answer per recipient and the counts. The consent lists name pupils
 * and guardians, so who may read them is decided here too. Apart from the
 * policy use cases (app_mail_policy.c), whose checks it shares through
 * app_mail_internal.h. */
#include <string.h>

#include "app/app_internal.h"
#include "app/app_mail_internal.h"
#include "domain/dates.h"
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

int app_mail_may_read_consents(const App *app)
{
    const MailPolicy *m = app->profile ? app->profile->mail : NULL;
    if (!app->acting || !m)
        return 0;
    return app->actor.is_admin || app->actor.is_auditor ||
           (m->manager_role >= 0 && (app->actor.roles & ROLE_BIT(m->manager_role)));
}

/* ---- consent (11 ウ) ---- */

AppRc app_mail_consent(App *app, long long number, const MailConsentInput *in, long long *id)
{
    const MailPolicy *m;
    MailPolicyRow r;
    AppRc rc = app_mail_begin_change(app, number, &m, &r);
    if (rc)
        return rc;
    if (app_mail_blank(in->recipient))
        return app_fail(app, APP_INVALID, m->consent.clause, "対象者（recipient: 生徒・保護者の氏名または番号）を記入してください");
    if ((rc = app_mail_check_line(app, "対象者（recipient）", in->recipient, NULL)) ||
        (in->group && (rc = app_mail_check_line(app, "学級等（group）", in->group, NULL))) ||
        (in->alternative && (rc = app_mail_check_line(app, "代替手段（alternative）", in->alternative, m->alternative.clause))) ||
        (in->evidence && (rc = app_mail_check_line(app, "同意書等（evidence）", in->evidence, m->consent.clause))))
        return rc;
    if (in->decision < MAIL_OPT_IN || in->decision > MAIL_WITHDRAW)
        return app_fail(app, APP_INVALID, NULL, "decision は opt_in, declined, withdrawn のいずれかです");
    /* 11 ウ(ア): consent once the purpose and the method are made clear. */
    if (m->consent_needs_issued && !r.issued_version)
        return app_fail(app, APP_INVALID, m->consent.clause,
                        "運用方針 第%lld号 はまだ発行されていません。利用目的・利用方法を明らかにした（発行した）上で同意を記録してください [%s]",
                        number, m->consent.clause);
    int not_using = in->decision != MAIL_OPT_IN;
    if (not_using && m->alternative_required && app_mail_blank(in->alternative)) {
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
    if (on && (rc = app_mail_check_date(app, "日付（date）", on, &d)))
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
    if ((rc = app_mail_load_policy(app, number, 0, &r)))
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
