/* Incident reports: report, read, list and the steps of handling
 * (app/app_incident.h). */
#include <stdio.h>
#include <string.h>

#include "app/app_contacts.h"
#include "app/app_incident.h"
#include "app/app_internal.h"
#include "domain/dates.h"
#include "policy/approach.h"
#include "policy/social.h"
#include "store/ledger.h"
#include "store/social.h"

const IncidentPolicy *app_incident_policy(App *app)
{
    const IncidentPolicy *ip = app->profile ? app->profile->incidents : NULL;
    if (!ip)
        app_fail(app, APP_INVALID, NULL, "この基準（%s）にはインシデント報告の定めがありません",
                 app->profile ? app->profile->id : "?");
    return ip;
}

/* 1 when the acting user holds role index `k` of the profile. */
static int has_role(const App *app, int k)
{
    if (k < 0 || !app->profile || k >= app->profile->n_roles)
        return 0;
    for (int i = 0; i < app->user.n_roles; i++)
        if (strcmp(app->user.roles[i], app->profile->roles[k].id) == 0)
            return 1;
    return 0;
}

static int has_any(const App *app, const int *roles, int n)
{
    for (int i = 0; i < n; i++)
        if (has_role(app, roles[i]))
            return 1;
    return 0;
}

int app_incident_reads_all(const App *app)
{
    const IncidentPolicy *ip = app->profile ? app->profile->incidents : NULL;
    if (!app->acting)
        return 0;
    if (app->user.is_admin || app->user.is_auditor)
        return 1;
    return ip && (has_role(app, ip->receiver_role) || has_any(app, ip->handler_roles, ip->n_handler_roles) ||
                  has_any(app, ip->closer_roles, ip->n_closer_roles));
}

int app_incident_may_read(const App *app, const IncidentRow *r)
{
    return app_incident_reads_all(app) ||
           (app->acting && (r->reported_by == app->user.id || (r->entry_admin_id && r->entry_admin_id == app->user.id)));
}

/* "a、b" labels of role indexes, in app->arena. */
static const char *role_labels(App *app, const int *roles, int n)
{
    Str s = STR_INIT;
    for (int i = 0; i < n; i++)
        str_appendf(&s, "%s%s", i ? "・" : "", app->profile->roles[roles[i]].label);
    const char *r = str_failed(&s) ? "" : arena_strdup(&app->arena, str_cstr(&s));
    str_free(&s);
    return r ? r : "";
}

static int blank(const char *s)
{
    if (!s)
        return 1;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return 0;
    return 1;
}

/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM[:SS]" (also with a space for T), a
 * time of day in Japan: the date into *ymd, and into `utc` what is stored:
 * the date as it is, a time as UTC "YYYY-MM-DDTHH:MM:SSZ" like every stored
 * time (the pages show it in Japan's time again). */
static int noticed_ok(const char *s, int *ymd, char utc[CLOCK_ISO_LEN])
{
    char d[11];
    size_t n = strlen(s);
    if (n < 10)
        return 0;
    memcpy(d, s, 10);
    d[10] = 0;
    if (!date_parse(d, ymd))
        return 0;
    if (n == 10) {
        memcpy(utc, d, 11);
        return 1;
    }
    if ((s[10] != 'T' && s[10] != ' ') || (n != 16 && n != 19))
        return 0;
    const char *t = s + 11;
    for (size_t i = 0; i < n - 11; i++)
        if (i == 2 || i == 5 ? t[i] != ':' : (t[i] < '0' || t[i] > '9'))
            return 0;
    int hh = (t[0] - '0') * 10 + (t[1] - '0'), mm = (t[3] - '0') * 10 + (t[4] - '0');
    int ss = n == 19 ? (t[6] - '0') * 10 + (t[7] - '0') : 0;
    if (hh >= 24 || mm >= 60 || ss >= 60)
        return 0;
    int day = *ymd;
    hh -= 9; /* JST is UTC+9 */
    if (hh < 0) {
        hh += 24;
        day = date_add_days(day, -1);
    }
    char ds[11];
    date_format(day, ds);
    char buf[64];
    snprintf(buf, sizeof buf, "%.10sT%02d:%02d:%02dZ", ds, hh, mm, ss);
    memcpy(utc, buf, CLOCK_ISO_LEN - 1);
    utc[CLOCK_ISO_LEN - 1] = 0;
    return 1;
}

/* ---- report ----------------------------------------------------------- */

static AppRc check_report(App *app, const IncidentPolicy *ip, const NewIncident *in, IncidentRow *row, int *kind)
{
    const char *c = ip->clause;
    *kind = incident_kind_index(ip, in->kind);
    if (*kind < 0) {
        Str ids = STR_INIT;
        for (int i = 0; i < ip->n_kinds; i++)
            str_appendf(&ids, "%s%s", i ? ", " : "", ip->kinds[i].id);
        AppRc rc = app_fail(app, APP_INVALID, c, "kind: 種別 '%s' はこの基準にありません (allowed: %s) [%s]",
                            in->kind ? in->kind : "", str_cstr(&ids), c);
        str_free(&ids);
        return rc;
    }
    const char *kc = ip->kinds[*kind].clause;
    if (blank(in->title))
        return app_fail(app, APP_INVALID, kc, "title: 件名を入力してください [%s]", kc);
    if (strlen(in->title) > INCIDENT_TITLE_MAX)
        return app_fail(app, APP_INVALID, kc, "title: 件名が長すぎます（%d バイトまで）[%s]", INCIDENT_TITLE_MAX, kc);
    if (in->description && strlen(in->description) > INCIDENT_TEXT_MAX)
        return app_fail(app, APP_INVALID, kc, "description: 内容が長すぎます（%d バイトまで）[%s]", INCIDENT_TEXT_MAX, kc);
    int has_service = !blank(in->service);
    if (in->entry_number < 0 || in->finding_id < 0)
        return app_fail(app, APP_INVALID, kc, "entry / finding は正の番号です [%s]", kc);
    if (in->entry_number && (has_service || in->finding_id))
        return app_fail(app, APP_INVALID, kc,
                        "entry: 台帳の番号とサービス名（service / finding）は一方だけを指定してください [%s]", kc);
    if (has_service && strlen(in->service) > INCIDENT_TITLE_MAX)
        return app_fail(app, APP_INVALID, kc, "service: サービス名が長すぎます（%d バイトまで）[%s]", INCIDENT_TITLE_MAX, kc);
    if (in->entry_number) {
        EntryRow e;
        int found = store_entry_by_number(app->db, &app->arena, app->org.id, in->entry_number, &e);
        if (found < 0)
            return app_dbfail(app);
        if (!found)
            return app_fail(app, APP_INVALID, kc, "entry: 台帳 第%lld号 はありません (no such ledger entry) [%s]",
                            in->entry_number, kc);
        row->entry_id = e.id;
        row->entry_number = e.number;
        row->entry_admin_id = e.administrator_id;
        row->service_name = e.service_name;
    } else if (has_service || in->finding_id) {
        row->service_name = has_service ? in->service : NULL;
        if (in->finding_id) {
            const char *label = NULL;
            int found = store_incident_finding_label(app->db, &app->arena, app->org.id, in->finding_id, &label);
            if (found < 0)
                return app_dbfail(app);
            if (!found)
                return app_fail(app, APP_INVALID, kc, "finding: 検出結果 %lld はありません (no such discovery finding) [%s]",
                                in->finding_id, kc);
            row->finding_id = in->finding_id;
            if (!row->service_name)
                row->service_name = label;
        }
    } else {
        return app_fail(app, APP_INVALID, kc,
                        "entry / service: どのサービスについての報告かを、台帳の番号（entry）又はサービス名（service）で指定してください [%s]",
                        kc);
    }
    row->noticed_at = app->now;
    if (in->noticed && *in->noticed) {
        int ymd = 0;
        char utc[CLOCK_ISO_LEN];
        if (!noticed_ok(in->noticed, &ymd, utc))
            return app_fail(app, APP_INVALID, kc, "noticed: 認知した日時 '%s' は YYYY-MM-DD 又は YYYY-MM-DDTHH:MM で指定してください [%s]",
                            in->noticed, kc);
        if (ymd > app->today)
            return app_fail(app, APP_INVALID, kc, "noticed: 認知した日時 '%s' が今日より後です [%s]", in->noticed, kc);
        row->noticed_at = arena_strdup(&app->arena, utc);
        if (!row->noticed_at)
            return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    }
    return APP_OK;
}

/* The entry's service administrator `user_id` when they are to be told of a
 * report besides the receiver role (not when they hold that role: the
 * role's notification reaches them); 0 not, -1 database error. */
static long long admin_to_tell(App *app, long long user_id, const char *receiver_role)
{
    UserRow u;
    int found = store_user_get(app->db, &app->arena, user_id, &u);
    if (found < 0)
        return -1;
    if (!found || !u.active)
        return 0;
    for (int i = 0; i < u.n_roles; i++)
        if (strcmp(u.roles[i], receiver_role) == 0)
            return 0;
    return user_id;
}

AppRc app_incident_report(App *app, const NewIncident *in, long long *number)
{
    app_scratch(app);
    if (!app->acting)
        return app_fail(app, APP_INVALID, NULL, "操作する利用者を --as LOGIN で指定してください");
    const IncidentPolicy *ip = app_incident_policy(app);
    if (!ip)
        return APP_INVALID;
    IncidentRow row = {0};
    int kind = -1;
    AppRc rc = check_report(app, ip, in, &row, &kind);
    if (rc)
        return rc;
    const IncidentKind *k = &ip->kinds[kind];
    const Role *recv = &app->profile->roles[ip->receiver_role];
    row.org_id = app->org.id;
    row.kind = k->id;
    row.title = in->title;
    row.description = in->description ? in->description : "";
    row.reported_by = app->user.id;
    row.reported_at = app->now;
    row.assigned_role = recv->id;
    row.state = incident_state_names[INC_RECEIVED];
    long long id = 0, num = 0;
    Str data = STR_INIT, msg = STR_INIT;
    if (audit_begin(app->db) != 0 || store_incident_insert(app->db, &row, &id, &num) != 0) {
        rc = app_dbfail(app);
        goto out;
    }
    str_append(&data, "{\"kind\":");
    str_append_json(&data, k->id);
    str_append(&data, ",\"clause\":");
    str_append_json(&data, k->clause);
    str_append_json_member(&data, "title", row.title);
    str_appendf(&data, ",\"entry\":%lld", row.entry_number);
    str_append_json_member(&data, "service", row.service_name ? row.service_name : "");
    str_append_json_member(&data, "noticed_at", row.noticed_at);
    str_append_json_member(&data, "assigned_role", recv->id);
    str_appendc(&data, '}');
    str_appendf(&msg, "インシデント報告 第%lld号（%s）: %s — %s", num, k->label, row.title,
                row.service_name && *row.service_name ? row.service_name : "");
    if (row.entry_number)
        str_appendf(&msg, "（台帳 第%lld号）", row.entry_number);
    str_appendf(&msg, "。報告者 %s。%sが受け付けます", app->user.name, recv->label);
    const char *obj = app_object(app, "incident", num);
    long long admin = 0;
    if (row.entry_admin_id && row.entry_admin_id != app->user.id &&
        (admin = admin_to_tell(app, row.entry_admin_id, recv->id)) < 0) {
        rc = app_dbfail(app);
        goto out;
    }
    if (str_failed(&data) || str_failed(&msg) ||
        store_incident_step_insert(app->db, id, incident_action_names[INA_REPORT], "", row.state, k->id,
                                   row.description, app->user.id, app->now) != 0 ||
        app_notify(app, "incident.report", recv->id, 0, obj, str_cstr(&msg), ip->receiver_clause) != 0 ||
        (admin > 0 && app_notify(app, "incident.report", NULL, admin, obj, str_cstr(&msg), ip->receiver_clause) != 0) ||
        app_audit(app, "incident.report", obj, str_cstr(&data)) != 0 || db_commit(app->db) != 0)
        rc = app_dbfail(app);
out:
    str_free(&data);
    str_free(&msg);
    if (rc == APP_OK && number)
        *number = num;
    return rc;
}

/* ---- read ------------------------------------------------------------- */

static AppRc load(App *app, long long number, IncidentRow *out)
{
    if (!app->acting)
        return app_fail(app, APP_INVALID, NULL, "操作する利用者を --as LOGIN で指定してください");
    if (!app_incident_policy(app))
        return APP_INVALID;
    int found = store_incident_by_number(app->db, &app->arena, app->org.id, number, out);
    if (found < 0)
        return app_dbfail(app);
    /* A report the user may not read is answered like one that does not exist. */
    if (!found || !app_incident_may_read(app, out))
        return app_fail(app, APP_INVALID, NULL, "インシデント 第%lld号 はありません (no such incident)", number);
    return APP_OK;
}

AppRc app_incident_get(App *app, long long number, IncidentRow *out)
{
    app_scratch(app);
    return load(app, number, out);
}

AppRc app_incident_list(App *app, const char *state, long long entry_number,
                        int (*fn)(void *ctx, const IncidentRow *row), void *ctx)
{
    app_scratch(app);
    if (!app->acting)
        return app_fail(app, APP_INVALID, NULL, "操作する利用者を --as LOGIN で指定してください");
    if (!app_incident_policy(app))
        return APP_INVALID;
    if (state && *state && strcmp(state, "open") != 0 && state_index(incident_state_names, state) < 0)
        return app_fail(app, APP_INVALID, NULL, "state: '%s' は received, handling, resolved, closed, open のいずれかです",
                        state);
    IncidentFilter f = {state && *state ? state : NULL, app_incident_reads_all(app) ? 0 : app->user.id, 0};
    if (entry_number > 0) {
        EntryRow e;
        int found = store_entry_by_number(app->db, &app->arena, app->org.id, entry_number, &e);
        if (found < 0)
            return app_dbfail(app);
        if (!found)
            return app_fail(app, APP_INVALID, NULL, "entry: 台帳 第%lld号 はありません (no such ledger entry)", entry_number);
        f.entry_id = e.id;
    }
    if (store_incidents(app->db, &app->arena, app->org.id, &f, fn, ctx) != 0)
        return app_dbfail(app);
    return APP_OK;
}

AppRc app_incident_of_entry(App *app, long long entry_id, int (*fn)(void *ctx, const IncidentRow *row), void *ctx)
{
    if (!app->acting || !app->profile || !app->profile->incidents)
        return APP_OK;
    IncidentFilter f = {NULL, app_incident_reads_all(app) ? 0 : app->user.id, entry_id};
    if (entry_id <= 0 || store_incidents(app->db, &app->arena, app->org.id, &f, fn, ctx) != 0)
        return entry_id <= 0 ? APP_OK : app_dbfail(app);
    return APP_OK;
}

AppRc app_incident_steps(App *app, const IncidentRow *r, int (*fn)(void *ctx, const IncidentStepRow *row), void *ctx)
{
    if (store_incident_steps(app->db, &app->arena, r->id, fn, ctx) != 0)
        return app_dbfail(app);
    return APP_OK;
}

AppRc app_incident_agreed(App *app, const IncidentRow *r, int *approach)
{
    *approach = APPROACH_NONE;
    if (!r->entry_id)
        return APP_OK;
    AppRc rc = app_contact_approach(app, r->entry_id, approach);
    if (rc == APP_OK && (*approach < 0 || *approach >= APPROACH_COUNT))
        *approach = APPROACH_NONE;
    return rc;
}

/* ---- steps ------------------------------------------------------------ */

void app_incident_actions(const App *app, const IncidentRow *r, int allowed[INA_COUNT])
{
    memset(allowed, 0, sizeof(int) * INA_COUNT);
    const IncidentPolicy *ip = app->profile ? app->profile->incidents : NULL;
    int from = state_index(incident_state_names, r->state);
    if (!ip || from < 0 || !app->acting)
        return;
    int handler = has_any(app, ip->handler_roles, ip->n_handler_roles);
    int closer = has_any(app, ip->closer_roles, ip->n_closer_roles);
    for (int a = INA_START; a < INA_COUNT; a++)
        if (incident_next_state(from, a) >= 0 && (incident_action_closes(a) ? closer : handler))
            allowed[a] = 1;
}

/* Refuse `action` from `from` (out of order), naming what may be done. */
static AppRc out_of_order(App *app, const IncidentPolicy *ip, const IncidentRow *r, int from, int action)
{
    Str may = STR_INIT;
    for (int a = INA_START; a < INA_COUNT; a++)
        if (incident_next_state(from, a) >= 0)
            str_appendf(&may, "%s%s（%s）", may.len ? "、" : "", incident_action_labels[a], incident_action_names[a]);
    AppRc rc;
    if (from == INC_CLOSED)
        rc = app_fail(app, APP_INVALID, ip->close_clause, "インシデント 第%lld号 は終結しています。以後の手順は記録できません [%s]",
                      r->number, ip->close_clause);
    else
        rc = app_fail(app, APP_INVALID, ip->handler_clause,
                      "手順の順序: 「%s」の状態から「%s」（%s）はできません。できる手順: %s [%s]", incident_state_labels[from],
                      incident_action_labels[action], incident_action_names[action], str_cstr(&may), ip->handler_clause);
    str_free(&may);
    return rc;
}

/* The approach of a start step into *chosen, checked against the agreed one. */
static AppRc choose_approach(App *app, const IncidentPolicy *ip, const IncidentRow *r, const char *approach,
                             const char *note, int *chosen)
{
    int agreed = APPROACH_NONE;
    AppRc rc = app_incident_agreed(app, r, &agreed);
    if (rc)
        return rc;
    const char *c = ip->approach_clause;
    if (!approach || !*approach) {
        if (agreed == APPROACH_NONE)
            return app_fail(app, APP_INVALID, c,
                            "approach: 提供者と合意した対処方法が記録されていません。recovery_first（復旧優先: 利用を停止）又は "
                            "continuity_first（業務継続優先: 利用を継続）を選んでください [%s]",
                            c);
        *chosen = agreed;
        return APP_OK;
    }
    int k = approach_parse(approach);
    if (k <= APPROACH_NONE)
        return app_fail(app, APP_INVALID, c, "approach: '%s' は recovery_first, continuity_first のいずれかです [%s]", approach, c);
    if (agreed != APPROACH_NONE && k != agreed && blank(note))
        return app_fail(app, APP_INVALID, c,
                        "approach: 提供者と合意した対処方法は「%s」です。「%s」を選ぶ理由を note に記入してください [%s]",
                        approach_labels[agreed], approach_labels[k], c);
    *chosen = k;
    return APP_OK;
}

AppRc app_incident_step(App *app, long long number, const char *action, const char *approach, const char *note)
{
    app_scratch(app);
    IncidentRow r;
    AppRc rc = load(app, number, &r);
    if (rc)
        return rc;
    const IncidentPolicy *ip = app->profile->incidents;
    int a = action ? state_index(incident_action_names, action) : -1;
    if (a <= INA_REPORT)
        return app_fail(app, APP_INVALID, NULL, "action: '%s' は start, note, resolve, close, reopen のいずれかです",
                        action ? action : "");
    int closes = incident_action_closes(a);
    const int *roles = closes ? ip->closer_roles : ip->handler_roles;
    int n_roles = closes ? ip->n_closer_roles : ip->n_handler_roles;
    const char *role_clause = closes ? ip->close_clause : ip->handler_clause;
    if (!has_any(app, roles, n_roles)) {
        rc = app_fail(app, APP_INVALID, role_clause, "「%s」は%sが行います [%s]", incident_action_labels[a],
                      role_labels(app, roles, n_roles), role_clause);
        app->denied = 1;
        return rc;
    }
    int from = state_index(incident_state_names, r.state);
    int to = from >= 0 ? incident_next_state(from, a) : -1;
    if (to < 0)
        return out_of_order(app, ip, &r, from < 0 ? INC_CLOSED : from, a);
    if (approach && *approach && a != INA_START)
        return app_fail(app, APP_INVALID, ip->approach_clause, "approach: 対処方法は対応開始（start）のときに選びます [%s]",
                        ip->approach_clause);
    if (note && strlen(note) > INCIDENT_TEXT_MAX)
        return app_fail(app, APP_INVALID, NULL, "note: 記入が長すぎます（%d バイトまで）", INCIDENT_TEXT_MAX);
    if (incident_action_needs_note(from, a) && blank(note))
        return app_fail(app, APP_INVALID, closes ? ip->close_clause : ip->handler_clause,
                        "note: 「%s」には%sを記入してください [%s]", from == INC_RECEIVED && closes ? "対応不要として終結" : incident_action_labels[a],
                        a == INA_RESOLVE ? "行った対処" : a == INA_REOPEN ? "再開する理由" : closes ? "対応不要と判断した理由" : "経過",
                        closes ? ip->close_clause : ip->handler_clause);
    if (a == INA_RESOLVE && r.playbook_run_id) {
        /* The playbook's own close resolves it (app_incident_playbook_close). */
        PlaybookRunRow run;
        int found = store_playbook_run_get(app->db, &app->arena, app->org.id, r.playbook_run_id, &run);
        if (found < 0)
            return app_dbfail(app);
        if (found && !run.closed_at) {
            const SocialPolicy *s = app->profile->social;
            int k = social_playbook_index(s, run.playbook);
            const char *pc = k >= 0 ? s->playbooks[k].clause : ip->handler_clause;
            return app_fail(app, APP_INVALID, pc,
                            "インシデント 第%lld号 は対応手順（対応記録 %lld）で対応中です。手順を記録して対応記録を完了すると解決になります [%s]",
                            r.number, r.playbook_run_id, pc);
        }
    }
    int chosen = -1;
    if (a == INA_START && (rc = choose_approach(app, ip, &r, approach, note, &chosen)))
        return rc;
    const char *decision = a == INA_START                           ? approach_names[chosen]
                           : a == INA_CLOSE && from == INC_RECEIVED ? "no_action"
                                                                    : incident_action_names[a];
    Str data = STR_INIT, msg = STR_INIT;
    str_appendf(&data, "{\"action\":\"%s\",\"from\":\"%s\",\"to\":\"%s\",\"decision\":\"%s\"", incident_action_names[a],
                incident_state_names[from], incident_state_names[to], decision);
    str_append_json_member(&data, "note", note ? note : "");
    str_appendc(&data, '}');
    str_appendf(&msg, "インシデント 第%lld号「%s」: %s → %s（%s、%s）", r.number, r.title, incident_state_labels[from],
                incident_state_labels[to], a == INA_CLOSE && from == INC_RECEIVED ? "対応不要" : incident_action_labels[a],
                app->user.name);
    if (a == INA_START)
        str_appendf(&msg, "。対処方法: %s", approach_labels[chosen]);
    const char *obj = app_object(app, "incident", r.number);
    int moved = 1;
    if (str_failed(&data) || str_failed(&msg) || audit_begin(app->db) != 0 ||
        (to != from && (moved = store_incident_set_state(app->db, r.id, incident_state_names[from], incident_state_names[to],
                                                         a == INA_START ? approach_names[chosen] : NULL, app->now)) < 0) ||
        (moved == 1 &&
         (store_incident_step_insert(app->db, r.id, incident_action_names[a], incident_state_names[from],
                                     incident_state_names[to], decision, note, app->user.id, app->now) != 0 ||
          (to != from && r.reported_by != app->user.id &&
           app_notify(app, "incident.step", NULL, r.reported_by, obj, str_cstr(&msg), ip->receiver_clause) != 0) ||
          app_audit(app, "incident.step", obj, str_cstr(&data)) != 0)))
        rc = app_dbfail(app);
    else if (moved == 0) {
        db_rollback(app->db);
        rc = app_fail(app, APP_INVALID, ip->handler_clause, "インシデント 第%lld号 は他の利用者が先に更新しました。もう一度開いてください [%s]",
                      r.number, ip->handler_clause);
    } else if (db_commit(app->db) != 0)
        rc = app_dbfail(app);
    str_free(&data);
    str_free(&msg);
    return rc;
}
