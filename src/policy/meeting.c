/* The web-meeting planner: the profile section `meeting_planner` and the
 * evaluation of a meeting document (policy/meeting.h, docs/meetings.md). */
#include "policy/meeting.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "policy/cond_eval.h"
#include "policy/cond_parse.h"
#include "policy/profile_sections.h"

static const char *const planner_keys[] = {"clause", "measures", "conflicts", NULL};
static const char *const measure_keys[] = {"id", "item", "clause", "text", "level", "when", NULL};
static const char *const conflict_keys[] = {"id", "clause", "severity", "message", "when", NULL};
static const char *const level_names[] = {"must", "should", NULL};

/* ---- loading ----------------------------------------------------------- */

/* The id of a measure or conflict: required, [a-z0-9-_.], unique in the section. */
static const char *planner_id(Yr *r, const MeetingPlanner *mp, yaml_node_t *m, const char *what)
{
    const char *id = yr_str(r, m, "id", 1);
    if (!id)
        return NULL;
    if (!yr_id_ok(id, "-_.")) {
        yr_error(r, yr_get(r, m, "id"), "meeting_planner %s id '%s' may contain only a-z, 0-9, '-', '_' and '.'", what, id);
        return NULL;
    }
    for (int i = 0; i < mp->n_measures; i++)
        if (strcmp(mp->measures[i].id, id) == 0)
            goto dup;
    for (int i = 0; i < mp->n_conflicts; i++)
        if (strcmp(mp->conflicts[i].id, id) == 0)
            goto dup;
    return id;
dup:
    yr_error(r, yr_get(r, m, "id"), "meeting_planner: duplicate id '%s'", id);
    return NULL;
}

/* A measure either shows a requirement item (its text, clause and level)
 * or has its own; never both, so that no text is kept twice. */
static int load_measure(Yr *r, Profile *p, MeetingPlanner *mp, yaml_node_t *m)
{
    yr_check_keys(r, m, measure_keys, "meeting_planner measure");
    MeetingMeasure *me = &mp->measures[mp->n_measures];
    memset(me, 0, sizeof *me);
    me->id = planner_id(r, mp, m, "measure");
    me->item_id = yr_str(r, m, "item", 0);
    int ok = me->id != NULL;
    if (me->item_id) {
        if (yr_get(r, m, "text") || yr_get(r, m, "clause") || yr_get(r, m, "level")) {
            yr_error(r, m, "measure %s: 'item' takes text, clause and level from the requirement item; "
                     "give either 'item' or 'text'/'clause'/'level'", me->id ? me->id : "?");
            ok = 0;
        }
        /* The answer index is built after the sections load: search the items. */
        int ix = -1;
        for (int i = 0; i < p->n_items && ix < 0; i++)
            if (p->items[i].id && strcmp(p->items[i].id, me->item_id) == 0)
                ix = i;
        int wm = enum_index(category_values, "web_meeting");
        if (ix < 0 || ix >= p->n_items) {
            yr_error(r, yr_get(r, m, "item"), "measure %s: no requirement item '%s' in this profile",
                     me->id ? me->id : "?", me->item_id);
            ok = 0;
        } else if (!(p->items[ix].category_mask & (1u << wm))) {
            yr_error(r, yr_get(r, m, "item"), "measure %s: requirement item '%s' is not one of the web_meeting category",
                     me->id ? me->id : "?", me->item_id);
            ok = 0;
        } else {
            me->clause = p->items[ix].clause;
            me->text = p->items[ix].text;
            me->should = p->items[ix].should;
        }
    } else {
        me->clause = yr_str(r, m, "clause", 1);
        me->text = yr_str(r, m, "text", 1);
        const char *lv = yr_str(r, m, "level", 1);
        int l = lv ? enum_index(level_names, lv) : -1;
        if (lv && l < 0)
            yr_error(r, yr_get(r, m, "level"), "level '%s' is not one of: must, should", lv);
        me->should = l == 1;
        ok = ok && me->clause && me->text && l >= 0;
    }
    yaml_node_t *w = yr_get(r, m, "when");
    if (w) {
        me->when = cond_parse(r, p, w, 0);
        ok = ok && me->when;
    }
    return ok;
}

static int load_conflict(Yr *r, Profile *p, MeetingPlanner *mp, yaml_node_t *m)
{
    yr_check_keys(r, m, conflict_keys, "meeting_planner conflict");
    MeetingConflict *c = &mp->conflicts[mp->n_conflicts];
    memset(c, 0, sizeof *c);
    c->id = planner_id(r, mp, m, "conflict");
    c->clause = yr_str(r, m, "clause", 1);
    c->message = yr_str(r, m, "message", 1);
    const char *sev = yr_str(r, m, "severity", 1);
    int s = sev ? enum_index(severity_names, sev) : -1;
    if (sev && s < 0)
        yr_error(r, yr_get(r, m, "severity"), "severity '%s' is not one of: info, warn, block", sev);
    c->severity = s < 0 ? SEV_INFO : (Severity)s;
    yaml_node_t *w = yr_get(r, m, "when");
    if (!w)
        yr_error(r, m, "conflict %s: 'when' is required", c->id ? c->id : "?");
    else
        c->when = cond_parse(r, p, w, 0);
    return c->id && c->clause && c->message && s >= 0 && c->when;
}

void meeting_planner_load(Yr *r, Profile *p, yaml_node_t *node)
{
    if (!yr_expect_map(r, node, "meeting_planner"))
        return;
    yr_check_keys(r, node, planner_keys, "meeting_planner");
    MeetingPlanner *mp = arena_alloc(&p->arena, sizeof *mp);
    if (!mp)
        return;
    mp->clause = yr_str(r, node, "clause", 1);
    yaml_node_t *ms = yr_get(r, node, "measures"), *cs = yr_get(r, node, "conflicts");
    int nm = ms ? yr_seq_len(r, ms, "measures") : 0, nc = cs ? yr_seq_len(r, cs, "conflicts") : 0;
    if (nm == 0)
        yr_error(r, ms ? ms : node, "meeting_planner: 'measures' needs at least one measure");
    mp->measures = arena_alloc(&p->arena, sizeof(MeetingMeasure) * (size_t)(nm ? nm : 1));
    mp->conflicts = arena_alloc(&p->arena, sizeof(MeetingConflict) * (size_t)(nc ? nc : 1));
    if (!mp->measures || !mp->conflicts)
        return;
    /* Conditions may read the meeting's own fields only inside this section. */
    int saved_scope = r->field_scope;
    r->field_scope = SCOPE_MEETING;
    for (int i = 0; i < nm; i++) {
        yaml_node_t *m = yr_seq_at(r, ms, i);
        if (yr_expect_map(r, m, "meeting_planner measure") && load_measure(r, p, mp, m))
            mp->n_measures++;
    }
    for (int i = 0; i < nc; i++) {
        yaml_node_t *m = yr_seq_at(r, cs, i);
        if (yr_expect_map(r, m, "meeting_planner conflict") && load_conflict(r, p, mp, m))
            mp->n_conflicts++;
    }
    r->field_scope = saved_scope;
    p->meeting = mp; /* installed with the profile only if nothing failed (profile_load is all-or-nothing) */
}

/* ---- evaluation -------------------------------------------------------- */

int meeting_result_init(MeetingResult *res, const Profile *p)
{
    memset(res, 0, sizeof *res);
    res->profile = p;
    assert(p->meeting);
    const MeetingPlanner *mp = p->meeting;
    res->measure_applies = calloc((size_t)(mp->n_measures ? mp->n_measures : 1), 1);
    res->findings = calloc((size_t)(mp->n_conflicts ? mp->n_conflicts : 1), sizeof *res->findings);
    if (!res->measure_applies || !res->findings) {
        meeting_result_free(res);
        return 0;
    }
    return 1;
}

void meeting_result_free(MeetingResult *res)
{
    free(res->measure_applies);
    free(res->findings);
    memset(res, 0, sizeof *res);
}

void meeting_evaluate(AppDoc *doc, MeetingResult *res)
{
    const Profile *p = doc->profile;
    const MeetingPlanner *mp = p->meeting;
    assert(res->profile == p && mp);
    FieldValue *v = doc->v;
    assert(v[F_INFO_CONFIDENTIALITY].present); /* the parser requires it */
    const Level *conf = &p->schemes[SCHEME_CONFIDENTIALITY].levels[v[F_INFO_CONFIDENTIALITY].code];
    res->track = conf->important ? TRACK_IMPORTANT : TRACK_ORDINARY;
    v[F_TRACK] = (FieldValue){.present = 1, .code = res->track, .s = track_values[res->track]};
    res->n_findings = res->n_measures_applying = 0;
    res->missing = 0;

    for (int i = 0; i < mp->n_measures; i++) {
        const MeetingMeasure *me = &mp->measures[i];
        Tri t = TRI_TRUE;
        if (me->when) {
            FieldMask miss = 0;
            t = cond_eval(me->when, v, &miss);
            if (t == TRI_UNKNOWN)
                res->missing |= miss; /* a missing fact never hides a measure */
        }
        res->measure_applies[i] = t != TRI_FALSE;
        res->n_measures_applying += t != TRI_FALSE;
    }
    int block = 0, warn = 0;
    for (int i = 0; i < mp->n_conflicts; i++) {
        const MeetingConflict *c = &mp->conflicts[i];
        FieldMask miss = 0;
        Tri t = cond_eval(c->when, v, &miss);
        if (t == TRI_TRUE) {
            res->findings[res->n_findings++] = (MeetingFinding){c, c->severity, 0, 0};
        } else if (t == TRI_UNKNOWN) {
            res->missing |= miss;
            /* A block that cannot be checked must not pass silently. */
            if (c->severity == SEV_BLOCK)
                res->findings[res->n_findings++] = (MeetingFinding){c, SEV_WARN, 1, miss};
        }
    }
    for (int i = 0; i < res->n_findings; i++) {
        block |= res->findings[i].severity == SEV_BLOCK;
        warn |= res->findings[i].severity == SEV_WARN;
    }
    res->verdict = block ? VERDICT_BLOCKED : (warn || res->missing) ? VERDICT_NEEDS_REVIEW : VERDICT_READY;
}
