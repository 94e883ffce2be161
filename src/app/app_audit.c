/* The audit trail: verification and retention-bound purging. */
#include <stdio.h>
#include <string.h>

#include "app/app_internal.h"
#include "domain/dates.h"

AppRc app_audit_verify(App *app, AuditCheck *out)
{
    app_scratch(app);
    return audit_verify(app->db, out) == 0 ? APP_OK : app_dbfail(app);
}

typedef struct Retention {
    App *app;
    int days;             /* longest retention of any organization's profile */
    const char *longest;  /* whose */
    const char *missing;  /* an organization whose profile is not loaded */
} Retention;

static int org_retention(void *ctx, const OrgRow *o)
{
    Retention *r = ctx;
    const Profile *p = profileset_find(r->app->profiles, o->profile_id);
    if (!p) {
        r->missing = o->code;
        return 1;
    }
    if (p->log_retention_days > r->days) {
        r->days = p->log_retention_days;
        r->longest = o->code;
    }
    return 0;
}

AppRc app_audit_purge(App *app, const char *before_date, long long *removed)
{
    app_scratch(app);
    *removed = 0;
    if (!app->acting || !app->actor.is_admin)
        return app_fail(app, APP_INVALID, NULL, "監査ログの整理はシステム管理者だけができます");
    int before;
    if (!before_date || !date_parse(before_date, &before))
        return app_fail(app, APP_INVALID, NULL, "--before '%s' は YYYY-MM-DD の日付ではありません", before_date ? before_date : "");
    /* The chain is shared by every organization: keep the longest retention
     * any of them asks for (profiles: log_retention_days, at least 365). */
    Retention r = {app, 365, NULL, NULL};
    if (store_org_each(app->db, &app->arena, org_retention, &r) != 0)
        return app_dbfail(app);
    if (r.missing)
        return app_fail(app, APP_INVALID, NULL, "組織 %s のプロファイルが読み込まれていないため保存期間を確かめられません", r.missing);
    int oldest_allowed = date_add_days(app->today, -r.days);
    if (before > oldest_allowed) {
        char limit[11];
        date_format(oldest_allowed, limit);
        return app_fail(app, APP_INVALID, NULL,
                        "ログの保存期間（%d日%s%s）内の記録は削除できません: --before は %s 以前にしてください", r.days,
                        r.longest ? "、組織 " : "", r.longest ? r.longest : "", limit);
    }
    /* Dates are Japanese days: the start of `before` in JST, as UTC. */
    char cutoff[CLOCK_ISO_LEN], day[11];
    date_format(date_add_days(before, -1), day);
    snprintf(cutoff, sizeof cutoff, "%sT15:00:00Z", day);
    if (audit_begin(app->db) != 0 || audit_purge(app->db, cutoff, removed) != 0)
        return app_dbfail(app);
    char data[128];
    snprintf(data, sizeof data, "{\"before\":\"%s\",\"removed\":%lld,\"retention_days\":%d}", before_date, *removed, r.days);
    if (app_audit(app, "audit.purge", "audit", data) != 0 || db_commit(app->db) != 0)
        return app_dbfail(app);
    return APP_OK;
}
