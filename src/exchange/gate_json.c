/* The operation_gate section as JSON (exchange/gate_json.h). */
#include "exchange/gate_json.h"

#include "policy/gate_policy.h"

static void kstr(Str *o, const char *k, const char *v, int first)
{
    if (!first)
        str_append(o, ", ");
    str_append_json(o, k);
    str_append(o, ": ");
    if (v)
        str_append_json(o, v);
    else
        str_append(o, "null");
}

void gate_profile_json(const Profile *p, Str *o)
{
    str_append(o, ", \"operation_gate\": ");
    const OperationGate *g = p->gate;
    if (!g) {
        str_append(o, "null");
        return;
    }
    str_appendc(o, '{');
    kstr(o, "clause", g->clause, 1);
    str_append(o, ", \"tracks\": [");
    for (int t = 0, n = 0; t < TRACK_COUNT; t++)
        if (g->track_mask & (1u << t)) {
            str_append(o, n++ ? ", " : "");
            str_append_json(o, track_values[t]);
        }
    str_appendc(o, ']');
    kstr(o, "role", p->roles[g->role].id, 0);
    kstr(o, "role_label", p->roles[g->role].label, 0);
    kstr(o, "role_clause", g->role_clause, 0);
    str_append(o, ", \"procedures\": [");
    for (int k = 0; k < g->n_procedures; k++) {
        const GateProcedure *pr = &g->procedures[k];
        str_append(o, k ? ", {" : "{");
        kstr(o, "id", pr->id, 1);
        kstr(o, "clause", pr->clause, 0);
        kstr(o, "text", pr->text, 0);
        kstr(o, "item", pr->item >= 0 ? p->items[pr->item].id : NULL, 0);
        str_appendc(o, '}');
    }
    str_append(o, "], \"build_checks\": {");
    kstr(o, "clause", g->build_clause, 1);
    kstr(o, "covers", g->build_covers, 0);
    kstr(o, "item", g->build_item >= 0 ? p->items[g->build_item].id : NULL, 0);
    str_append(o, "}}");
}
