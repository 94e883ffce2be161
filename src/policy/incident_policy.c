/* The 'incidents' profile section and the state machine of a report
 * (policy/incident_policy.h). */
#include "policy/incident_policy.h"

#include <string.h>

#include "policy/profile_sections.h"

const char *const incident_state_names[INC_STATE_COUNT + 1] = {"received", "handling", "resolved", "closed", NULL};
const char *const incident_state_labels[INC_STATE_COUNT] = {"受付", "対応中", "解決", "終結"};
const char *const incident_action_names[INA_COUNT + 1] = {"report", "start", "note", "resolve", "close", "reopen", NULL};
const char *const incident_action_labels[INA_COUNT] = {"報告", "対応開始", "経過記録", "解決", "終結", "再開"};

static const char *const top_keys[] = {"clause",        "receiver_role", "receiver_clause", "handler_roles",
                                       "handler_clause", "closer_roles", "close_clause",    "approach_clause",
                                       "kinds",          "social_kind",  NULL};
static const char *const kind_keys[] = {"id", "label", "clause", NULL};

/* ---- the state machine ------------------------------------------------ */

int incident_next_state(int from, int action)
{
    switch (action) {
    case INA_START:
        return from == INC_RECEIVED ? INC_HANDLING : -1;
    case INA_NOTE:
        return from == INC_RECEIVED || from == INC_HANDLING || from == INC_RESOLVED ? from : -1;
    case INA_RESOLVE:
        return from == INC_HANDLING ? INC_RESOLVED : -1;
    case INA_CLOSE:
        return from == INC_RECEIVED || from == INC_RESOLVED ? INC_CLOSED : -1;
    case INA_REOPEN:
        return from == INC_RESOLVED ? INC_HANDLING : -1;
    default:
        return -1;
    }
}

int incident_action_closes(int action)
{
    return action == INA_CLOSE;
}

int incident_action_needs_note(int from, int action)
{
    return action == INA_RESOLVE || action == INA_REOPEN || action == INA_NOTE ||
           (action == INA_CLOSE && from == INC_RECEIVED);
}

int incident_kind_index(const IncidentPolicy *ip, const char *id)
{
    for (int i = 0; ip && id && i < ip->n_kinds; i++)
        if (strcmp(ip->kinds[i].id, id) == 0)
            return i;
    return -1;
}

int incident_role_in(const int *roles, int n, int role)
{
    for (int i = 0; i < n; i++)
        if (roles[i] == role)
            return 1;
    return 0;
}

/* ---- loading ---------------------------------------------------------- */

static int role_of(Yr *r, Profile *p, yaml_node_t *at, const char *id, const char *key)
{
    int k = id ? profile_role_index(p, id) : -1;
    if (id && k < 0)
        yr_error(r, at, "incidents.%s: '%s' is not a role of the profile", key, id);
    return k;
}

/* A non-empty list of distinct roles under `key` into *out / *n. */
static void load_roles(Yr *r, Profile *p, yaml_node_t *map, const char *key, int **out, int *n)
{
    yaml_node_t *seq = yr_get(r, map, key);
    if (!seq) {
        yr_error(r, map, "incidents: '%s' is required", key);
        return;
    }
    int len = yr_seq_len(r, seq, key);
    if (len == 0 && seq->type == YAML_SEQUENCE_NODE)
        yr_error(r, seq, "incidents.%s needs at least one role", key);
    *out = arena_alloc(&p->arena, sizeof **out * (size_t)(len ? len : 1));
    for (int i = 0; i < len && *out; i++) {
        yaml_node_t *e = yr_seq_at(r, seq, i);
        const char *id = yr_scalar(r, e, key);
        int k = role_of(r, p, e, id, key);
        if (k < 0)
            continue;
        if (incident_role_in(*out, *n, k))
            yr_error(r, e, "incidents.%s: '%s' is listed twice", key, id);
        else
            (*out)[(*n)++] = k;
    }
}

static void load_kinds(Yr *r, Profile *p, IncidentPolicy *ip, yaml_node_t *seq)
{
    int n = yr_seq_len(r, seq, "incidents.kinds");
    if (n == 0 && seq->type == YAML_SEQUENCE_NODE)
        yr_error(r, seq, "incidents.kinds needs at least one kind");
    ip->kinds = arena_alloc(&p->arena, sizeof *ip->kinds * (size_t)(n ? n : 1));
    for (int i = 0; i < n && ip->kinds; i++) {
        yaml_node_t *m = yr_seq_at(r, seq, i);
        if (!yr_expect_map(r, m, "incidents kind"))
            continue;
        yr_check_keys(r, m, kind_keys, "incidents kind");
        IncidentKind *k = &ip->kinds[ip->n_kinds];
        k->id = yr_str(r, m, "id", 1);
        if (k->id && !yr_id_ok(k->id, "-_")) {
            yr_error(r, yr_get(r, m, "id"), "incidents kind id '%s' may contain only a-z, 0-9, '-' and '_'", k->id);
            k->id = NULL;
        } else if (k->id && incident_kind_index(ip, k->id) >= 0) {
            yr_error(r, yr_get(r, m, "id"), "incidents: duplicate kind id '%s'", k->id);
            k->id = NULL;
        }
        k->label = yr_text(r, m, "label", "incidents", "kind");
        k->clause = yr_text(r, m, "clause", "incidents", "kind");
        if (k->id && k->label && k->clause)
            ip->n_kinds++;
    }
}

void incidents_load(Yr *r, Profile *p, yaml_node_t *node)
{
    IncidentPolicy *ip = yr_section(r, node, "incidents", top_keys, &p->arena, sizeof *ip);
    if (!ip)
        return;
    ip->social_kind = -1;
    ip->clause = yr_text(r, node, "clause", "incidents", "section");
    const char *recv = yr_str(r, node, "receiver_role", 1);
    ip->receiver_role = role_of(r, p, yr_get(r, node, "receiver_role"), recv, "receiver_role");
    ip->receiver_clause = yr_text(r, node, "receiver_clause", "incidents", "section");
    load_roles(r, p, node, "handler_roles", &ip->handler_roles, &ip->n_handler_roles);
    ip->handler_clause = yr_text(r, node, "handler_clause", "incidents", "section");
    load_roles(r, p, node, "closer_roles", &ip->closer_roles, &ip->n_closer_roles);
    ip->close_clause = yr_text(r, node, "close_clause", "incidents", "section");
    ip->approach_clause = yr_text(r, node, "approach_clause", "incidents", "section");
    /* The receiver handles what it receives: a report no one may take up
     * would wait for ever. */
    if (ip->receiver_role >= 0 && ip->n_handler_roles &&
        !incident_role_in(ip->handler_roles, ip->n_handler_roles, ip->receiver_role))
        yr_error(r, yr_get(r, node, "handler_roles"), "incidents.handler_roles must include the receiver_role '%s'", recv);
    yaml_node_t *n = yr_get(r, node, "kinds");
    if (!n)
        yr_error(r, node, "incidents: 'kinds' is required");
    else
        load_kinds(r, p, ip, n);
    const char *sk = yr_str(r, node, "social_kind", 0);
    if (sk) {
        ip->social_kind = incident_kind_index(ip, sk);
        if (ip->social_kind < 0)
            yr_error(r, yr_get(r, node, "social_kind"), "incidents.social_kind '%s' is not one of the kinds", sk);
        else if (!p->social)
            yr_error(r, yr_get(r, node, "social_kind"),
                     "incidents.social_kind needs a social_media section (its playbooks open the incidents)");
    }
    p->incidents = ip;
}
