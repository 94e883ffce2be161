/* Social-media accounts (app/app_social.h; tokyo-edu 10): register an
 * account, change its status, record the checks of 10 イ–ケ and the
 * monitoring of 10カ, and list the accounts whose monitoring is due. Who may
 * change the register (the profile's manager role) is decided here and
 * shared through app_social_internal.h with the playbooks
 * (app_social_playbook.c); the JSON documents are read in
 * app_social_docs.c, the pre-posting and password checks are in
 * app_social_checks.c. */
#include <string.h>

#include "app/app_internal.h"
#include "app/app_social_internal.h"
#include "domain/dates.h"

const char *const social_verified_names[] = {"obtained", "not_obtained", "not_offered", NULL};
const char *const social_verified_labels[] = {"取得済み", "未取得", "発行されていない"};
const char *const social_two_factor_names[] = {"enabled", "disabled", "not_offered", NULL};
const char *const social_two_factor_labels[] = {"利用している", "利用していない", "提供されていない"};
const char *const social_status_names[] = {"active", "suspended", "closed", NULL};
const char *const social_status_labels[] = {"運用中", "停止中", "廃止"};
const char *const social_check_status_names[] = {"done", "not_applicable", "not_done", NULL};
const char *const social_check_status_labels[] = {"実施済", "該当なし", "未実施"};

const SocialPolicy *app_social_policy(App *app)
{
    if (!app->acting) {
        app_fail(app, APP_INVALID, NULL, "操作する利用者を --as LOGIN で指定してください");
        return NULL;
    }
    if (!app->profile->social) {
        app_fail(app, APP_INVALID, NULL, "この団体の基準（%s）にはソーシャルメディアの定めがありません", app->profile->id);
        return NULL;
    }
    return app->profile->social;
}

int app_social_may_manage(const App *app)
{
    const SocialPolicy *s = app->profile ? app->profile->social : NULL;
    return s && s->manager_role >= 0 && (app->actor.roles & ROLE_BIT(s->manager_role));
}

/* Refuse unless the acting user holds the manager role. */
AppRc app_social_require_manager(App *app, const SocialPolicy *s, const char *what)
{
    if (app_social_may_manage(app))
        return APP_OK;
    AppRc rc = app_fail(app, APP_INVALID, s->manager_clause, "%sは%sが行います [%s]", what,
                        app->profile->roles[s->manager_role].label, s->manager_clause);
    app->denied = 1;
    return rc;
}

AppRc app_social_account_get(App *app, long long id, SocialAccountRow *out)
{
    int found = store_social_account_get(app->db, &app->arena, app->org.id, id, out);
    if (found < 0)
        return app_dbfail(app);
    if (!found)
        return app_fail(app, APP_INVALID, NULL, "SNSアカウント %lld は登録されていません (no such account)", id);
    return APP_OK;
}

AppRc app_social_account_add(App *app, const NewSocialAccount *a, long long *id)
{
    app_scratch(app);
    const SocialPolicy *s = app_social_policy(app);
    AppRc rc;
    if (!s || (rc = app_social_require_manager(app, s, "公式アカウントの登録")))
        return s ? rc : APP_INVALID;
    if (!a->service || !*a->service)
        return app_fail(app, APP_INVALID, NULL, "service（サービス名: X、Instagram など）を記入してください");
    if (!a->account_name || !*a->account_name)
        return app_fail(app, APP_INVALID, NULL, "account_name（アカウント名）を記入してください");
    if (state_index(social_verified_names, a->verified) < 0)
        return app_fail(app, APP_INVALID, "10エ(ア)", "verified は obtained（取得済み）, not_obtained（未取得）, not_offered（発行されていない）のいずれかです");
    if (state_index(social_two_factor_names, a->two_factor) < 0)
        return app_fail(app, APP_INVALID, "10オ(イ)", "two_factor は enabled, disabled, not_offered のいずれかです");
    const char *texts[] = {a->service, a->account_name, a->account_url, a->announce_url, a->policy, a->password_holders};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (app_social_too_long(texts[i]))
            return app_fail(app, APP_INVALID, NULL, "記入が長すぎます（%d 文字まで）", SOCIAL_TEXT_MAX);
    if (a->n_devices > 64)
        return app_fail(app, APP_INVALID, NULL, "ログイン端末は 64 台までです");
    for (int i = 0; i < a->n_devices; i++)
        if (!a->devices[i].description || !*a->devices[i].description || app_social_too_long(a->devices[i].description))
            return app_fail(app, APP_INVALID, "10オ(ウ)", "ログイン端末 %d の説明（description）を記入してください", i + 1);
    SocialAccountRow row = {0};
    if (a->ledger_number) {
        EntryRow e;
        int found = store_entry_by_number(app->db, &app->arena, app->org.id, a->ledger_number, &e);
        if (found < 0)
            return app_dbfail(app);
        if (!found)
            return app_fail(app, APP_INVALID, NULL, "台帳 第%lld号 はありません (ledger)", a->ledger_number);
        row.ledger_id = e.id;
    }
    char due[11];
    date_format(app->today, due); /* a new account is monitored from the start */
    row.org_id = app->org.id;
    row.service = a->service;
    row.account_name = a->account_name;
    row.account_url = app_social_nz(a->account_url);
    row.verified = a->verified;
    row.announce_url = app_social_nz(a->announce_url);
    row.policy = app_social_nz(a->policy);
    row.info_only = a->info_only != 0;
    row.two_factor = a->two_factor;
    row.password_holders = app_social_nz(a->password_holders);
    row.status = "active";
    row.monitor_due = due;
    row.created_at = app->now;
    row.devices = (SocialDevice *)a->devices;
    row.n_devices = a->n_devices;
    long long new_id = 0;
    Str data = STR_INIT;
    str_append(&data, "{\"service\":");
    str_append_json(&data, a->service);
    str_append(&data, ",\"account_name\":");
    str_append_json(&data, a->account_name);
    str_appendf(&data, ",\"verified\":\"%s\",\"two_factor\":\"%s\",\"devices\":%d,\"ledger\":%lld}", a->verified,
                a->two_factor, a->n_devices, a->ledger_number);
    if (str_failed(&data) || audit_begin(app->db) != 0 || store_social_account_insert(app->db, &row, app->user.id, &new_id) != 0 ||
        app_audit(app, "social.account.add", app_object(app, "social", new_id), str_cstr(&data)) != 0 ||
        db_commit(app->db) != 0)
        rc = app_dbfail(app);
    else
        rc = APP_OK;
    str_free(&data);
    if (rc == APP_OK && id)
        *id = new_id;
    return rc;
}

AppRc app_social_account_status(App *app, long long id, const char *status, const char *reason)
{
    app_scratch(app);
    const SocialPolicy *s = app_social_policy(app);
    SocialAccountRow a;
    AppRc rc;
    if (!s)
        return APP_INVALID;
    if ((rc = app_social_account_get(app, id, &a)) || (rc = app_social_require_manager(app, s, "アカウントの状態の変更")))
        return rc;
    if (state_index(social_status_names, status) < 0)
        return app_fail(app, APP_INVALID, NULL, "状態は active（運用中）, suspended（停止中）, closed（廃止）のいずれかです");
    if (strcmp(a.status, "closed") == 0)
        return app_fail(app, APP_INVALID, NULL, "廃止したアカウントの状態は変えられません");
    if (strcmp(a.status, status) == 0)
        return app_fail(app, APP_INVALID, NULL, "アカウントはすでに%sです", social_status_labels[state_index(social_status_names, status)]);
    if (!reason || !*reason || app_social_too_long(reason))
        return app_fail(app, APP_INVALID, NULL, "状態を変える理由（reason）を記入してください");
    Str data = STR_INIT;
    str_appendf(&data, "{\"from\":\"%s\",\"to\":\"%s\",\"reason\":", a.status, status);
    str_append_json(&data, reason);
    str_appendc(&data, '}');
    rc = APP_OK;
    if (str_failed(&data) || audit_begin(app->db) != 0 || store_social_account_status(app->db, id, status, app->now) != 0 ||
        app_audit(app, "social.account.status", app_object(app, "social", id), str_cstr(&data)) != 0 ||
        db_commit(app->db) != 0)
        rc = app_dbfail(app);
    str_free(&data);
    return rc;
}

/* Load the account for a change by the manager; refuse a closed one. */
AppRc app_social_account_for_change(App *app, long long id, const char *what, const SocialPolicy **s, SocialAccountRow *a)
{
    app_scratch(app);
    AppRc rc;
    if (!(*s = app_social_policy(app)))
        return APP_INVALID;
    if ((rc = app_social_account_get(app, id, a)) || (rc = app_social_require_manager(app, *s, what)))
        return rc;
    if (strcmp(a->status, "closed") == 0)
        return app_fail(app, APP_INVALID, NULL, "廃止したアカウント %lld には記録できません", id);
    return APP_OK;
}

AppRc app_social_check(App *app, long long id, const char *item, const char *status, const char *evidence)
{
    const SocialPolicy *s;
    SocialAccountRow a;
    AppRc rc = app_social_account_for_change(app, id, "アカウントの確認の記録", &s, &a);
    if (rc)
        return rc;
    int k = social_check_index(s, item);
    if (k < 0)
        return app_fail(app, APP_INVALID, NULL, "確認項目 '%s' はこの基準にありません（daicho social show %lld で一覧）", item ? item : "", id);
    const SocialCheck *c = &s->checks[k];
    if (state_index(social_check_status_names, status) < 0)
        return app_fail(app, APP_INVALID, NULL, "status '%s' は done, not_applicable, not_done のいずれかです", status ? status : "");
    if (strcmp(status, "not_done") != 0 && (!evidence || !*evidence))
        return app_fail(app, APP_INVALID, c->clause, "実施済・該当なしには確認の根拠（evidence）を記入してください [%s]", c->clause);
    if (app_social_too_long(evidence))
        return app_fail(app, APP_INVALID, NULL, "根拠が長すぎます（%d 文字まで）", SOCIAL_TEXT_MAX);
    Str data = STR_INIT;
    str_append(&data, "{\"item\":");
    str_append_json(&data, c->id);
    str_append(&data, ",\"clause\":");
    str_append_json(&data, c->clause);
    str_appendf(&data, ",\"status\":\"%s\",\"evidence\":", status);
    str_append_json(&data, app_social_nz(evidence));
    str_appendc(&data, '}');
    if (str_failed(&data) || audit_begin(app->db) != 0 ||
        store_social_check_insert(app->db, id, c->id, status, evidence, app->user.id, app->now) != 0 ||
        app_audit(app, "social.check", app_object(app, "social", id), str_cstr(&data)) != 0 || db_commit(app->db) != 0)
        rc = app_dbfail(app);
    str_free(&data);
    return rc;
}

AppRc app_social_monitor(App *app, long long id, const char *result, const char *note)
{
    const SocialPolicy *s;
    SocialAccountRow a;
    AppRc rc = app_social_account_for_change(app, id, "監視の記録", &s, &a);
    if (rc)
        return rc;
    if (!result || (strcmp(result, "ok") != 0 && strcmp(result, "issues") != 0))
        return app_fail(app, APP_INVALID, s->monitoring_clause, "監視の結果（result）は ok（問題なし）か issues（要対応）です");
    if (strcmp(result, "issues") == 0 && (!note || !*note))
        return app_fail(app, APP_INVALID, s->monitoring_clause, "要対応 (issues) の内容（note）を記入してください");
    if (app_social_too_long(note))
        return app_fail(app, APP_INVALID, NULL, "内容が長すぎます（%d 文字まで）", SOCIAL_TEXT_MAX);
    char due[11];
    date_format(date_add_days(app->today, s->monitoring_days), due);
    Str data = STR_INIT;
    str_appendf(&data, "{\"result\":\"%s\",\"next_due\":\"%s\",\"note\":", result, due);
    str_append_json(&data, app_social_nz(note));
    str_appendc(&data, '}');
    if (str_failed(&data) || audit_begin(app->db) != 0 ||
        store_social_monitor_insert(app->db, id, app->user.id, app->now, result, note, due) != 0 ||
        app_audit(app, "social.monitor", app_object(app, "social", id), str_cstr(&data)) != 0 || db_commit(app->db) != 0)
        rc = app_dbfail(app);
    str_free(&data);
    return rc;
}

/* ---- due monitoring ---- */

typedef struct DueList {
    SocialAccountRow *rows;
    int n, cap;
    const char *limit;              /* YYYY-MM-DD */
} DueList;

static int collect_due(void *ctx, const SocialAccountRow *row)
{
    DueList *l = ctx;
    if (strcmp(row->status, "closed") == 0 || strcmp(row->monitor_due, l->limit) > 0)
        return 0;
    if (l->n == l->cap)
        return 1;
    l->rows[l->n++] = *row;
    return 0;
}

AppRc app_social_due(App *app, int within_days, void (*fn)(void *ctx, const SocialDue *d), void *ctx)
{
    app_scratch(app);
    if (!app_social_policy(app))
        return APP_INVALID;
    char limit[11];
    date_format(date_add_days(app->today, within_days < 0 ? 0 : within_days), limit);
    DueList l = {arena_alloc(&app->arena, sizeof(SocialAccountRow) * 1024), 0, 1024, limit};
    if (!l.rows)
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    if (store_social_accounts(app->db, &app->arena, app->org.id, collect_due, &l) != 0)
        return app_dbfail(app);
    /* By due date (insertion sort: the list is short). */
    for (int i = 1; i < l.n; i++)
        for (int j = i; j > 0 && strcmp(l.rows[j - 1].monitor_due, l.rows[j].monitor_due) > 0; j--) {
            SocialAccountRow t = l.rows[j];
            l.rows[j] = l.rows[j - 1];
            l.rows[j - 1] = t;
        }
    for (int i = 0; i < l.n; i++) {
        int ymd = 0;
        date_parse(l.rows[i].monitor_due, &ymd);
        int days = 0;
        for (int d = app->today; d < ymd && days < 400; d = date_add_days(d, 1))
            days++;
        for (int d = ymd; d && d < app->today && days > -4000; d = date_add_days(d, 1))
            days--;
        SocialDue due = {&l.rows[i], ymd < app->today, days};
        fn(ctx, &due);
    }
    return APP_OK;
}

static const char *status_label(const char *status)
{
    int k = status ? state_index(social_status_names, status) : -1;
    return k >= 0 ? social_status_labels[k] : "";
}

void app_social_account_json_members(const SocialAccountRow *a, Str *o)
{
    str_appendf(o, "\"id\":%lld", a->id);
    str_append_json_member(o, "service", a->service);
    str_append_json_member(o, "account_name", a->account_name);
    str_append_json_member(o, "account_url", a->account_url);
    str_append_json_member(o, "verified", a->verified);
    str_append_json_member(o, "announce_url", a->announce_url);
    str_append_json_member(o, "policy", a->policy);
    str_appendf(o, ",\"info_only\":%s", a->info_only ? "true" : "false");
    str_append_json_member(o, "two_factor", a->two_factor);
    str_append_json_member(o, "password_holders", a->password_holders);
    if (a->ledger_number)
        str_appendf(o, ",\"ledger\":%lld", a->ledger_number);
    else
        str_append(o, ",\"ledger\":null");
    str_append_json_member(o, "status", a->status);
    str_append_json_member(o, "status_label", status_label(a->status));
    str_append_json_member(o, "monitor_due", a->monitor_due);
    str_append_json_member(o, "last_monitor", a->last_monitor);
    str_append_json_member(o, "created_at", a->created_at);
    str_append_json_member(o, "created_by", a->created_by);
}
