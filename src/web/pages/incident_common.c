/* What the incident pages share (incident_pages.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/workflow.h"
#include "web/html.h"
#include "web/pages/incident_pages.h"

const IncidentPolicy *incident_section(Web *w)
{
    const Profile *p = w->app->profile;
    if (p && p->incidents)
        return p->incidents;
    char msg[256];
    snprintf(msg, sizeof msg, "この団体の基準（%s）にはインシデント報告の定めがありません", p && p->id ? p->id : "-");
    web_error(w, 404, msg, NULL);
    return NULL;
}

const char *incident_param(Web *w, const char *name)
{
    const char *v = web_param(w, name);
    return v ? v : "";
}

int incident_param_number(Web *w, const char *name, long long *out)
{
    const char *v = incident_param(w, name);
    *out = 0;
    if (!*v)
        return 0;
    char *end;
    long long n = strtoll(v, &end, 10);
    if (*end || n <= 0) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s は正の整数です", name);
        web_error(w, 400, msg, NULL);
        return -1;
    }
    *out = n;
    return 0;
}

const char *incident_state_label(const char *state)
{
    int k = state ? state_index(incident_state_names, state) : -1;
    return k >= 0 ? incident_state_labels[k] : state ? state : "";
}

const char *incident_kind_label(const IncidentPolicy *ip, const char *kind)
{
    int k = incident_kind_index(ip, kind);
    return k >= 0 ? ip->kinds[k].label : kind ? kind : "";
}

void incident_state_badge(Str *b, const char *state)
{
    /* The ledger's state colours: waiting (warn), in hand (accent), done (ok), over (muted). */
    int k = state ? state_index(incident_state_names, state) : -1;
    static const char *const cls[INC_STATE_COUNT] = {"state-returned", "state-submitted", "state-approved", "state-ended"};
    html(b, "<span class=\"state incident-state incident-%s %s\">%s</span>", k >= 0 ? incident_state_names[k] : "unknown",
         k >= 0 ? cls[k] : "", incident_state_label(state));
}
