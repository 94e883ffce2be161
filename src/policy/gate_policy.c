/* The profile's 'operation_gate' section (kitakyushu-cloud 3.3③④) and the
 * pure check of what keeps an entry from going live (policy/gate_policy.h).
 *
 *   operation_gate:
 *     clause: "3.3③"
 *     tracks: [important]          # default: both tracks
 *     role: section_head           # records procedures, declares go-live
 *     role_clause: "3.3③"
 *     procedures:
 *       - {id: security-level, clause: "3.3③(ア)", text: …, item: build-gate-security-level-procedure}
 *     build_checks:
 *       clause: "3.3④"
 *       covers: "3.3①"             # clause prefix of the build items required (default: every build item)
 *       item: build-deliverables-check
 */
#include "policy/gate_policy.h"

#include <string.h>

#include "policy/profile_sections.h"

static const char *const top_keys[] = {"clause", "tracks", "role", "role_clause", "procedures", "build_checks", NULL};
static const char *const proc_keys[] = {"id", "clause", "text", "item", NULL};
static const char *const build_keys[] = {"clause", "covers", "item", NULL};

/* The index of build-phase item `key` of the profile named in m, or -1
 * (with an error when it is named but unknown or not a build item). */
static int build_item_of(Yr *r, const Profile *p, yaml_node_t *m, const char *key, const char *what)
{
    const char *id = yr_str(r, m, key, 0);
    if (!id)
        return -1;
    for (int i = 0; i < p->n_items; i++)
        if (strcmp(p->items[i].id, id) == 0) {
            if (p->items[i].phase != PHASE_BUILD) {
                yr_error(r, yr_get(r, m, key), "operation_gate: %s item '%s' is not a requirement of phase build", what, id);
                return -1;
            }
            return i;
        }
    yr_error(r, yr_get(r, m, key), "operation_gate: %s item '%s' is not a requirement of the profile", what, id);
    return -1;
}

static unsigned tracks_of(Yr *r, yaml_node_t *m)
{
    yaml_node_t *seq = yr_get(r, m, "tracks");
    if (!seq)
        return (1u << TRACK_COUNT) - 1;
    unsigned mask = 0;
    int n = yr_seq_len(r, seq, "operation_gate.tracks");
    for (int i = 0; i < n; i++) {
        yaml_node_t *e = yr_seq_at(r, seq, i);
        const char *s = yr_scalar(r, e, "operation_gate.tracks");
        int t = s ? enum_index(track_values, s) : -1;
        if (s && t < 0)
            yr_error(r, e, "operation_gate.tracks: '%s' is not one of: important, ordinary", s);
        else if (t >= 0)
            mask |= 1u << t;
    }
    if (n == 0)
        yr_error(r, seq, "operation_gate.tracks: an empty list would gate nothing; omit the key for both tracks");
    return mask;
}

static void load_procedures(Yr *r, Profile *p, OperationGate *g, yaml_node_t *seq)
{
    int n = yr_seq_len(r, seq, "operation_gate.procedures");
    if (n == 0)
        yr_error(r, seq, "operation_gate.procedures needs at least one procedure");
    g->procedures = arena_alloc(&p->arena, sizeof *g->procedures * (size_t)(n ? n : 1));
    for (int i = 0; i < n && g->procedures; i++) {
        yaml_node_t *m = yr_seq_at(r, seq, i);
        if (!yr_expect_map(r, m, "operation_gate procedure"))
            continue;
        yr_check_keys(r, m, proc_keys, "operation_gate procedure");
        GateProcedure *pr = &g->procedures[g->n_procedures];
        pr->id = yr_str(r, m, "id", 1);
        if (pr->id && !yr_id_ok(pr->id, "-_")) {
            yr_error(r, yr_get(r, m, "id"), "operation_gate: procedure id '%s' may contain only a-z, 0-9, '-' and '_'", pr->id);
            pr->id = NULL;
        }
        for (int k = 0; pr->id && k < g->n_procedures; k++)
            if (strcmp(g->procedures[k].id, pr->id) == 0) {
                yr_error(r, yr_get(r, m, "id"), "operation_gate: duplicate procedure id '%s'", pr->id);
                pr->id = NULL;
            }
        pr->clause = yr_text(r, m, "clause", "operation_gate", "procedure");
        pr->text = yr_text(r, m, "text", "operation_gate", "procedure");
        pr->item = build_item_of(r, p, m, "item", "procedure");
        for (int k = 0; pr->item >= 0 && k < g->n_procedures; k++)
            if (g->procedures[k].item == pr->item)
                yr_error(r, yr_get(r, m, "item"), "operation_gate: item '%s' is already answered by procedure '%s'",
                         p->items[pr->item].id, g->procedures[k].id);
        if (pr->id && pr->clause && pr->text)
            g->n_procedures++;
    }
}

void operation_gate_load(Yr *r, Profile *p, yaml_node_t *node)
{
    OperationGate *g = yr_section(r, node, "operation_gate", top_keys, &p->arena, sizeof *g);
    if (!g)
        return;
    g->build_item = -1;
    g->clause = yr_text(r, node, "clause", "operation_gate", "section");
    g->track_mask = tracks_of(r, node);
    const char *role = yr_str(r, node, "role", 1);
    g->role = role ? profile_role_index(p, role) : -1;
    if (role && g->role < 0)
        yr_error(r, yr_get(r, node, "role"), "operation_gate.role '%s' is not a role of the profile", role);
    g->role_clause = yr_text(r, node, "role_clause", "operation_gate", "section");
    yaml_node_t *n;
    if ((n = yr_get(r, node, "procedures")))
        load_procedures(r, p, g, n);
    else
        yr_error(r, node, "operation_gate: 'procedures' is required (3.3③ (ア)(イ)(ウ))");
    if ((n = yr_get(r, node, "build_checks"))) {
        if (yr_expect_map(r, n, "operation_gate.build_checks")) {
            yr_check_keys(r, n, build_keys, "operation_gate.build_checks");
            g->build_clause = yr_text(r, n, "clause", "operation_gate", "build_checks");
            g->build_covers = yr_str(r, n, "covers", 0);
            if (g->build_covers && !*g->build_covers)
                yr_error(r, yr_get(r, n, "covers"), "operation_gate.build_checks: 'covers' must not be empty (omit it for every build item)");
            g->build_item = build_item_of(r, p, n, "item", "build_checks");
            for (int k = 0; g->build_item >= 0 && k < g->n_procedures; k++)
                if (g->procedures[k].item == g->build_item)
                    yr_error(r, yr_get(r, n, "item"), "operation_gate.build_checks: item '%s' is already answered by procedure '%s'",
                             p->items[g->build_item].id, g->procedures[k].id);
        }
    } else {
        yr_error(r, node, "operation_gate: 'build_checks' is required (3.3④)");
    }
    p->gate = g;
}

int gate_procedure_index(const OperationGate *g, const char *id)
{
    for (int i = 0; g && id && i < g->n_procedures; i++)
        if (strcmp(g->procedures[i].id, id) == 0)
            return i;
    return -1;
}

int gate_requires_item(const Profile *p, const OperationGate *g, int i)
{
    const Item *it = &p->items[i];
    if (it->phase != PHASE_BUILD || it->should || i == g->build_item)
        return 0;
    for (int k = 0; k < g->n_procedures; k++)
        if (g->procedures[k].item == i)
            return 0;
    return !g->build_covers || strncmp(it->clause, g->build_covers, strlen(g->build_covers)) == 0;
}

int gate_missing(const Profile *p, const OperationGate *g, const GateProcState *procs, const GateItemState *items,
                 GateMissing *out, int cap)
{
    int n = 0;
    for (int k = 0; k < g->n_procedures; k++) {
        const char *s = procs[k].status;
        if (s && (strcmp(s, "prepared") == 0 || strcmp(s, "confirmed") == 0) && procs[k].document && *procs[k].document)
            continue;
        if (n < cap)
            out[n] = (GateMissing){GATE_MISSING_PROCEDURE, k, g->procedures[k].id, g->procedures[k].clause,
                                   g->procedures[k].text, s && strcmp(s, "withdrawn") == 0 ? "取り下げ済み" : "未記録"};
        n++;
    }
    for (int i = 0; i < p->n_items; i++) {
        if (!items[i].applies || !gate_requires_item(p, g, i))
            continue;
        const char *s = items[i].status;
        const char *why = NULL;
        if (!s)
            why = "未記録";
        else if (strcmp(s, "done") != 0 && strcmp(s, "not_applicable") != 0)
            why = "未実施";
        else if (!items[i].evidence || !*items[i].evidence)
            why = "根拠（納品物等）が未記入";
        if (!why)
            continue;
        if (n < cap)
            out[n] = (GateMissing){GATE_MISSING_BUILD_ITEM, i, p->items[i].id, p->items[i].clause, p->items[i].text, why};
        n++;
    }
    return n;
}
