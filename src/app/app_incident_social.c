/* Social-media playbooks run an incident (tokyo-edu 10キ; app/app_incident.h):
 * starting a playbook opens an incident in handling, each recorded step is a
 * note on it, closing the run resolves it; the CISO's office then closes it
 * in the incident list like any other. Called inside the playbook use
 * case's transaction, so the run and its incident are written together;
 * the playbook's audit event (playbook.start / .step / .close) records the
 * incident's number, one event per use case. */
#include <string.h>

#include "app/app_incident.h"
#include "app/app_internal.h"
#include "policy/social.h"
#include "store/ledger.h"
#include "store/social.h"

/* The section when playbooks open incidents, else NULL. */
static const IncidentPolicy *linked(const App *app)
{
    const IncidentPolicy *ip = app->profile ? app->profile->incidents : NULL;
    return ip && ip->social_kind >= 0 ? ip : NULL;
}

int app_incident_playbook_open(App *app, long long run_id, const SocialAccountRow *a, const Playbook *b,
                               const char *note, Str *event)
{
    const IncidentPolicy *ip = linked(app);
    if (!ip)
        return 0;
    const IncidentKind *k = &ip->kinds[ip->social_kind];
    const Role *recv = &app->profile->roles[ip->receiver_role];
    Str title = STR_INIT, service = STR_INIT, msg = STR_INIT;
    str_appendf(&title, "%s: %s %s", b->label, a->service, a->account_name);
    str_appendf(&service, "%s %s", a->service, a->account_name);
    IncidentRow row = {0};
    row.org_id = app->org.id;
    row.kind = k->id;
    row.title = str_cstr(&title);
    row.description = note ? note : "";
    row.entry_id = a->ledger_id;
    row.service_name = str_cstr(&service);
    row.social_account_id = a->id;
    row.noticed_at = app->now;
    row.reported_by = app->user.id;
    row.reported_at = app->now;
    row.assigned_role = recv->id;
    row.state = incident_state_names[INC_HANDLING];
    row.playbook_run_id = run_id;
    long long id = 0, num = 0;
    int rc = -1;
    if (str_failed(&title) || str_failed(&service) || store_incident_insert(app->db, &row, &id, &num) != 0)
        goto out;
    const char *obj = app_object(app, "incident", num);
    str_appendf(&msg, "インシデント 第%lld号（%s）: %s。対応手順「%s」[%s] で対応中（%s）", num, k->label, row.title, b->label,
                b->clause, app->user.name);
    str_appendf(event, ",\"incident\":%lld", num);
    if (str_failed(&msg) ||
        store_incident_step_insert(app->db, id, incident_action_names[INA_REPORT], "", incident_state_names[INC_RECEIVED],
                                   k->id, row.description, app->user.id, app->now) != 0 ||
        store_incident_step_insert(app->db, id, incident_action_names[INA_START], incident_state_names[INC_RECEIVED],
                                   incident_state_names[INC_HANDLING], b->id, "", app->user.id, app->now) != 0 ||
        app_notify(app, "incident.report", recv->id, 0, obj, str_cstr(&msg), ip->receiver_clause) != 0)
        goto out;
    rc = 0;
out:
    str_free(&title);
    str_free(&service);
    str_free(&msg);
    return rc;
}

long long app_incident_of_run(App *app, long long run_id)
{
    IncidentRow r;
    return store_incident_by_run(app->db, &app->arena, run_id, &r) == 1 ? r.number : 0;
}

int app_incident_playbook_step(App *app, long long run_id, int step, const char *text, const char *note, Str *event)
{
    if (!linked(app))
        return 0;
    IncidentRow r;
    int found = store_incident_by_run(app->db, &app->arena, run_id, &r);
    if (found <= 0)
        return found;
    Str n = STR_INIT;
    str_appendf(&n, "手順 %d「%s」を実施", step, text);
    if (note && *note)
        str_appendf(&n, ": %s", note);
    str_appendf(event, ",\"incident\":%lld", r.number);
    int rc = str_failed(&n) || store_incident_step_insert(app->db, r.id, incident_action_names[INA_NOTE], r.state, r.state,
                                                          "playbook_step", str_cstr(&n), app->user.id, app->now) != 0
                 ? -1
                 : 0;
    str_free(&n);
    return rc;
}

int app_incident_playbook_close(App *app, long long run_id, Str *event)
{
    if (!linked(app))
        return 0;
    IncidentRow r;
    int found = store_incident_by_run(app->db, &app->arena, run_id, &r);
    if (found <= 0)
        return found;
    /* Reopened and resolved elsewhere meanwhile: only a run still handling moves. */
    if (strcmp(r.state, incident_state_names[INC_HANDLING]) != 0)
        return 0;
    const char *from = incident_state_names[INC_HANDLING], *to = incident_state_names[INC_RESOLVED];
    Str msg = STR_INIT;
    str_appendf(&msg, "インシデント 第%lld号「%s」: 対応手順をすべて記録し、解決しました（%s）", r.number, r.title, app->user.name);
    str_appendf(event, ",\"incident\":%lld,\"incident_state\":\"%s\"", r.number, to);
    const IncidentPolicy *ip = app->profile->incidents;
    int rc = str_failed(&msg) || store_incident_set_state(app->db, r.id, from, to, NULL, app->now) != 1 ||
                     store_incident_step_insert(app->db, r.id, incident_action_names[INA_RESOLVE], from, to,
                                                "playbook_closed", "対応手順の記録を完了", app->user.id, app->now) != 0 ||
                     app_notify(app, "incident.step", app->profile->roles[ip->receiver_role].id, 0,
                                app_object(app, "incident", r.number), str_cstr(&msg), ip->close_clause) != 0
                 ? -1
                 : 0;
    str_free(&msg);
    return rc;
}
