/* The JSON of an incident report and of its steps, for the CLI's --json
 * and the API alike (app/app_incident.h). */
#include <string.h>

#include "app/app_incident.h"
#include "domain/workflow.h"
#include "policy/approach.h"

static const char *label_of(const char *const *names, const char *const *labels, const char *name)
{
    int k = name ? state_index(names, name) : -1;
    return k >= 0 ? labels[k] : name;
}

void app_incident_json_members(const App *app, const IncidentRow *r, Str *o)
{
    const IncidentPolicy *ip = app->profile ? app->profile->incidents : NULL;
    int k = incident_kind_index(ip, r->kind);
    int role = app->profile ? profile_role_index(app->profile, r->assigned_role) : -1;
    str_appendf(o, "\"number\":%lld", r->number);
    str_append_json_member(o, "kind", r->kind);
    str_append_json_member(o, "kind_label", k >= 0 ? ip->kinds[k].label : NULL);
    str_append_json_member(o, "kind_clause", k >= 0 ? ip->kinds[k].clause : NULL);
    str_append_json_member(o, "title", r->title);
    str_append_json_member(o, "description", r->description);
    if (r->entry_number)
        str_appendf(o, ",\"entry\":%lld", r->entry_number);
    else
        str_append(o, ",\"entry\":null");
    str_append_json_member(o, "service", r->service_name);
    if (r->finding_id)
        str_appendf(o, ",\"finding\":%lld", r->finding_id);
    else
        str_append(o, ",\"finding\":null");
    if (r->social_account_id)
        str_appendf(o, ",\"social_account\":%lld", r->social_account_id);
    else
        str_append(o, ",\"social_account\":null");
    str_append_json_member(o, "noticed_at", r->noticed_at);
    str_append_json_member(o, "reported_by", r->reporter_login);
    str_append_json_member(o, "reporter_name", r->reporter_name);
    str_append_json_member(o, "reported_at", r->reported_at);
    str_append_json_member(o, "assigned_role", r->assigned_role);
    str_append_json_member(o, "assigned_role_label", role >= 0 ? app->profile->roles[role].label : NULL);
    str_append_json_member(o, "state", r->state);
    str_append_json_member(o, "state_label", label_of(incident_state_names, incident_state_labels, r->state));
    str_append_json_member(o, "approach", r->approach);
    int ap = approach_parse(r->approach);
    str_append_json_member(o, "approach_label", ap >= 0 ? approach_labels[ap] : NULL);
    if (r->playbook_run_id)
        str_appendf(o, ",\"playbook_run\":%lld", r->playbook_run_id);
    else
        str_append(o, ",\"playbook_run\":null");
    str_append_json_member(o, "updated_at", r->updated_at);
}

void app_incident_step_json(const IncidentStepRow *s, Str *o)
{
    str_append(o, "{\"action\":");
    str_append_json(o, s->action);
    str_append_json_member(o, "action_label", label_of(incident_action_names, incident_action_labels, s->action));
    str_append_json_member(o, "from", s->from_state);
    str_append_json_member(o, "to", s->to_state);
    str_append_json_member(o, "decision", s->decision);
    str_append_json_member(o, "note", s->note);
    str_append_json_member(o, "by", s->actor_login);
    str_append_json_member(o, "by_name", s->actor_name);
    str_append_json_member(o, "at", s->at);
    str_appendc(o, '}');
}
