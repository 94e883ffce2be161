/* The gate before operation (app/app_gate.h; kitakyushu-cloud 3.3③④). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "app/app_gate.h"
#include "app/app_internal.h"
#include "app/app_ledger_web.h"
#include "domain/dates.h"
#include "store/audit.h"
#include "store/lifecycle.h"

const char *const gate_status_names[] = {"prepared", "confirmed", "withdrawn", NULL};
const char *const gate_status_labels[] = {"整備済み", "確認済み", "取り下げ"};
const char *const gate_phase_names[] = {"none", "building", "operating", NULL};
const char *const gate_phase_labels[] = {"", "構築中", "運用中"};

enum { GATE_TEXT_MAX = 2000 };

static const char *fmt_arena(App *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *fmt_arena(App *app, const char *fmt, ...)
{
    Str s = STR_INIT;
    va_list ap;
    va_start(ap, fmt);
    str_vappendf(&s, fmt, ap);
    va_end(ap);
    const char *r = str_failed(&s) ? "" : arena_strdup(&app->arena, str_cstr(&s));
    str_free(&s);
    return r ? r : "";
}

/* ---- reading ---------------------------------------------------------- */

/* Room for one more element (of `size` bytes) after the `n` of arena array
 * `v` of capacity *cap (doubled, or `first` when there is none yet): the
 * array to use, or NULL when out of memory. */
static void *grow(App *app, void *v, int n, int *cap, size_t size, int first)
{
    if (n < *cap)
        return v;
    int c = *cap ? *cap * 2 : first;
    void *nv = arena_alloc(&app->arena, size * (size_t)c);
    if (!nv)
        return NULL;
    if (n)
        memcpy(nv, v, size * (size_t)n);
    *cap = c;
    return nv;
}

typedef struct History {
    App *app;
    GateRecordRow *rows;
    int n, cap;
    int failed;
} History;

static int on_record(void *ctx, const GateRecordRow *row)
{
    History *h = ctx;
    GateRecordRow *rows = grow(h->app, h->rows, h->n, &h->cap, sizeof *rows, 16);
    if (!rows) {
        h->failed = 1;
        return 1;
    }
    h->rows = rows;
    h->rows[h->n++] = *row;
    return 0;
}

typedef struct Latest {
    ChecklistRow *rows;
    int n, cap;
} Latest;

static int on_check(void *ctx, const ChecklistRow *row)
{
    Latest *l = ctx;
    if (l->n == l->cap)
        return 1;
    l->rows[l->n++] = *row;
    return 0;
}

static const ChecklistRow *check_of(const Latest *l, const char *id)
{
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->rows[i].item_id, id) == 0)
            return &l->rows[i];
    return NULL;
}

static int holds_role(const App *app, int role)
{
    return role >= 0 && (app->actor.roles & ROLE_BIT(role)) != 0;
}

/* Which phase the entry is in, without reading its records: 1 when the
 * gate applies to its track (then *imported tells an import apart). */
static int gated_track(const Profile *p, const EntryRow *e)
{
    return p->gate && (p->gate->track_mask & (1u << e->track));
}

AppRc app_gate_status(App *app, const EntryRow *e, GateStatus *out)
{
    memset(out, 0, sizeof *out);
    const Profile *p = app->profile;
    const OperationGate *g = p->gate;
    out->gate = g;
    if (!g) {
        out->reason = "このプロファイルには運用開始前の確認の定めがありません";
        return APP_OK;
    }
    if (!gated_track(p, e)) {
        out->reason = fmt_arena(app, "%sの利用には運用開始前の確認（%s）の定めがありません", p->tracks[e->track].label, g->clause);
        return APP_OK;
    }
    out->may_record = holds_role(app, g->role);
    int found = store_operation_start_get(app->db, &app->arena, e->id, &out->start);
    if (found < 0)
        return app_dbfail(app);
    out->has_start = found;
    out->imported = !found && !e->application_id;
    out->phase = found || out->imported ? GATE_PHASE_OPERATING : GATE_PHASE_BUILDING;

    /* Procedures: every record, the latest per procedure counts. */
    History h = {.app = app};
    if (store_gate_records(app->db, &app->arena, e->id, on_record, &h) != 0)
        return app_dbfail(app);
    if (h.failed)
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    out->history = h.rows;
    out->n_history = h.n;
    out->procs = arena_alloc(&app->arena, sizeof *out->procs * (size_t)(g->n_procedures ? g->n_procedures : 1));
    GateProcState *ps = arena_alloc(&app->arena, sizeof *ps * (size_t)(g->n_procedures ? g->n_procedures : 1));
    if (!out->procs || !ps)
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    out->n_procs = g->n_procedures;
    for (int k = 0; k < g->n_procedures; k++)
        out->procs[k] = (GateProcView){.proc = &g->procedures[k]};
    for (int i = 0; i < h.n; i++) {
        int k = gate_procedure_index(g, h.rows[i].procedure_id);
        if (k < 0)
            continue;
        const GateRecordRow *r = &h.rows[i];
        out->procs[k] = (GateProcView){&g->procedures[k], r->status, r->document, r->note, r->actor, r->at,
                                       strcmp(r->status, "withdrawn") != 0};
    }
    for (int k = 0; k < g->n_procedures; k++)
        ps[k] = (GateProcState){out->procs[k].status, out->procs[k].document};

    /* Build checks: those of the gate that apply to the entry's document. */
    int n_items = p->n_items;
    unsigned char *applies = arena_alloc(&app->arena, (size_t)n_items + 1);
    GateItemState *is = arena_alloc(&app->arena, sizeof *is * (size_t)(n_items + 1));
    Latest l = {arena_alloc(&app->arena, sizeof(ChecklistRow) * (size_t)(n_items + p->n_risks + 1)), 0,
                n_items + p->n_risks + 1};
    out->items = arena_alloc(&app->arena, sizeof *out->items * (size_t)(n_items + 1));
    if (!applies || !is || !l.rows || !out->items)
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    AppRc rc = app_entry_items_applying(app, e, applies);
    if (rc)
        return rc;
    if (store_checklist_latest(app->db, &app->arena, e->id, on_check, &l) != 0)
        return app_dbfail(app);
    for (int i = 0; i < n_items; i++) {
        const ChecklistRow *c = check_of(&l, p->items[i].id);
        is[i] = (GateItemState){applies[i], c ? c->status : NULL, c ? c->evidence : NULL};
        if (!applies[i] || !gate_requires_item(p, g, i))
            continue;
        int ok = c && (strcmp(c->status, "done") == 0 || strcmp(c->status, "not_applicable") == 0) && *c->evidence;
        out->items[out->n_items++] =
            (GateItemView){&p->items[i], i, c ? c->status : NULL, c ? c->evidence : NULL, c ? c->actor : NULL, c ? c->at : NULL, ok};
    }
    if (out->phase == GATE_PHASE_BUILDING && e->state == ENTRY_ACTIVE) {
        int cap = g->n_procedures + n_items + 1;
        out->missing = arena_alloc(&app->arena, sizeof *out->missing * (size_t)cap);
        if (!out->missing)
            return app_fail(app, APP_DBFAIL, NULL, "out of memory");
        out->n_missing = gate_missing(p, g, ps, is, out->missing, cap);
    }
    return APP_OK;
}

AppRc app_gate_get(App *app, long long number, EntryRow *e, GateStatus *out)
{
    app_scratch(app);
    memset(out, 0, sizeof *out);
    AppRc rc = app_entry_by_number(app, number, e);
    return rc ? rc : app_gate_status(app, e, out);
}

const char *app_gate_phase_label(App *app, const EntryRow *e)
{
    if (!gated_track(app->profile, e) || e->state != ENTRY_ACTIVE)
        return NULL;
    if (!e->application_id)
        return gate_phase_labels[GATE_PHASE_OPERATING];
    OperationStartRow s;
    int found = store_operation_start_get(app->db, &app->arena, e->id, &s);
    if (found < 0) {
        db_clear_error(app->db);
        return NULL;
    }
    return gate_phase_labels[found ? GATE_PHASE_OPERATING : GATE_PHASE_BUILDING];
}

typedef struct Ids {
    App *app;
    long long *v;
    int n, cap, failed;
} Ids;

static int on_unstarted(void *ctx, long long id, const char *track)
{
    Ids *s = ctx;
    int t = track ? enum_index(track_values, track) : -1;
    if (t < 0 || !(s->app->profile->gate->track_mask & (1u << t)))
        return 0;
    long long *v = grow(s->app, s->v, s->n, &s->cap, sizeof *v, 64);
    if (!v) {
        s->failed = 1;
        return 1;
    }
    s->v = v;
    s->v[s->n++] = id;
    return 0;
}

AppRc app_gate_building_ids(App *app, long long **ids, int *n)
{
    *ids = NULL;
    *n = 0;
    if (!app->profile || !app->profile->gate)
        return APP_OK;
    Ids building = {.app = app};
    if (store_gate_unstarted_entries(app->db, app->org.id, on_unstarted, &building) != 0)
        return app_dbfail(app);
    if (building.failed)
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    *ids = building.v;
    *n = building.n;
    return APP_OK;
}

const char *app_gate_list_label(const App *app, const EntryRow *e, const long long *building, int n)
{
    if (!gated_track(app->profile, e) || e->state != ENTRY_ACTIVE)
        return NULL;
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (building[mid] < e->id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return gate_phase_labels[lo < n && building[lo] == e->id ? GATE_PHASE_BUILDING : GATE_PHASE_OPERATING];
}

/* ---- changing --------------------------------------------------------- */

/* The entry and its gate for a change by the gate's role: refusals name
 * the rule and clause; who acts sets app->denied. */
static AppRc gate_for_change(App *app, long long number, EntryRow *e, GateStatus *st)
{
    app_scratch(app);
    AppRc rc = app_entry_by_number(app, number, e);
    if (rc)
        return rc;
    const OperationGate *g = app->profile->gate;
    if (!g || !gated_track(app->profile, e))
        return app_fail(app, APP_INVALID, NULL, "台帳 第%lld号 には運用開始前の確認がありません（%s）", number,
                        g ? fmt_arena(app, "%sの利用には定めなし", app->profile->tracks[e->track].label)
                          : "プロファイルに operation_gate の定めなし");
    if (!holds_role(app, g->role)) {
        rc = app_fail(app, APP_INVALID, g->role_clause, "運用開始前の実施手順の記録と運用開始の記録は%sが行います（%s さんはその役割を持っていません）[%s]",
                      app->profile->roles[g->role].label, app->actor.name ? app->actor.name : "", g->role_clause);
        app->denied = 1;
        return rc;
    }
    if (e->state != ENTRY_ACTIVE)
        return app_fail(app, APP_INVALID, g->clause, "台帳 第%lld号 は%sです（運用開始前の確認は利用中の台帳にだけ記録できます）", number,
                        entry_state_labels[e->state]);
    return app_gate_status(app, e, st);
}

static AppRc text_limit(App *app, const char *what, const char *v)
{
    if (v && strlen(v) > GATE_TEXT_MAX)
        return app_fail(app, APP_INVALID, NULL, "%s が長すぎます（%d バイトまで）", what, GATE_TEXT_MAX);
    return APP_OK;
}

/* Append the procedure ids of the gate, for messages. */
static const char *procedure_ids(App *app, const OperationGate *g)
{
    Str s = STR_INIT;
    for (int k = 0; k < g->n_procedures; k++)
        str_appendf(&s, "%s%s（%s）", k ? ", " : "", g->procedures[k].id, g->procedures[k].clause);
    const char *r = str_failed(&s) ? "" : arena_strdup(&app->arena, str_cstr(&s));
    str_free(&s);
    return r ? r : "";
}

/* gate_for_change, then the procedure named `procedure` (into *pr). */
static AppRc procedure_for_change(App *app, long long number, const char *procedure, EntryRow *e, GateStatus *st,
                                  const GateProcedure **pr)
{
    AppRc rc = gate_for_change(app, number, e, st);
    if (rc)
        return rc;
    const OperationGate *g = st->gate;
    int k = gate_procedure_index(g, procedure);
    if (k < 0)
        return app_fail(app, APP_INVALID, g->clause, "実施手順 '%s' はありません。次のいずれかです: %s [%s]", procedure ? procedure : "",
                        procedure_ids(app, g), g->clause);
    *pr = &g->procedures[k];
    return APP_OK;
}

/* In one transaction: the record of procedure `pr` (`status`; a withdrawal
 * passes document NULL and its audit data names neither status nor
 * document), its build item's checklist row (`item_status`, `evidence`)
 * and the audit event `event`. */
static AppRc save_procedure(App *app, long long number, const EntryRow *e, const GateProcedure *pr, const char *status,
                            const char *document, const char *note, const char *item_status, const char *evidence,
                            const char *event)
{
    AppRc rc = APP_OK;
    Str data = STR_INIT;
    str_append(&data, "{\"procedure\":");
    str_append_json(&data, pr->id);
    str_append_json_member(&data, "clause", pr->clause);
    if (document) {
        str_append_json_member(&data, "status", status);
        str_append_json_member(&data, "document", document);
    }
    str_append_json_member(&data, "note", note ? note : "");
    str_appendc(&data, '}');
    if (str_failed(&data) || audit_begin(app->db) != 0 ||
        store_gate_record_insert(app->db, e->id, pr->id, status, document ? document : "", note, app->user.id, app->now) != 0 ||
        (pr->item >= 0 && store_checklist_insert(app->db, e->id, app->profile->items[pr->item].id, phase_names[PHASE_BUILD], item_status,
                                                 evidence, app->user.id, app->now) != 0) ||
        app_audit(app, event, app_object(app, "ledger", number), str_cstr(&data)) != 0 || db_commit(app->db) != 0)
        rc = app_dbfail(app);
    str_free(&data);
    return rc;
}

AppRc app_gate_record(App *app, long long number, const char *procedure, const char *status, const char *document,
                      const char *note)
{
    EntryRow e;
    GateStatus st;
    const GateProcedure *pr = NULL;
    AppRc rc = procedure_for_change(app, number, procedure, &e, &st, &pr);
    if (rc)
        return rc;
    if (!status || (strcmp(status, "prepared") != 0 && strcmp(status, "confirmed") != 0))
        return app_fail(app, APP_INVALID, pr->clause, "status '%s' は prepared（整備）か confirmed（確認）です [%s]", status ? status : "",
                        pr->clause);
    if (!document || !*document)
        return app_fail(app, APP_INVALID, pr->clause, "手順を収めた文書（document）を記入してください: %s [%s]", pr->text, pr->clause);
    if ((rc = text_limit(app, "document", document)) || (rc = text_limit(app, "note", note)))
        return rc;
    int s = state_index(gate_status_names, status);
    const char *evidence = fmt_arena(app, "%s: %s", gate_status_labels[s], document);
    return save_procedure(app, number, &e, pr, status, document, note, "done", evidence, "gate.record");
}

AppRc app_gate_withdraw(App *app, long long number, const char *procedure, const char *note)
{
    EntryRow e;
    GateStatus st;
    const GateProcedure *pr = NULL;
    AppRc rc = procedure_for_change(app, number, procedure, &e, &st, &pr);
    if (rc)
        return rc;
    const OperationGate *g = st.gate;
    int k = (int)(pr - g->procedures);
    if (st.phase != GATE_PHASE_BUILDING)
        return app_fail(app, APP_INVALID, g->clause,
                        "台帳 第%lld号 は運用中です。運用開始後は手順の記録を取り下げられません（新しい文書で記録し直してください）[%s]", number,
                        g->clause);
    if (!st.procs[k].ok)
        return app_fail(app, APP_INVALID, pr->clause, "実施手順 %s（%s）には取り下げる記録がありません", pr->id, pr->clause);
    if (!note || !*note)
        return app_fail(app, APP_INVALID, pr->clause, "取り下げの理由（note）を記入してください [%s]", pr->clause);
    if ((rc = text_limit(app, "note", note)))
        return rc;
    const char *evidence = fmt_arena(app, "取り下げ: %s", note);
    return save_procedure(app, number, &e, pr, "withdrawn", NULL, note, "not_done", evidence, "gate.withdraw");
}

AppRc app_gate_golive(App *app, long long number, const char *date, const char *note)
{
    EntryRow e;
    GateStatus st;
    AppRc rc = gate_for_change(app, number, &e, &st);
    if (rc)
        return rc;
    const OperationGate *g = st.gate;
    if (st.phase == GATE_PHASE_OPERATING) {
        if (st.has_start)
            return app_fail(app, APP_INVALID, g->clause, "台帳 第%lld号 の運用開始は記録済みです（%s、%s）。運用開始は一度だけ記録します", number,
                            st.start.started_on, st.start.recorded_by ? st.start.recorded_by : "確認の導入前から利用中");
        return app_fail(app, APP_INVALID, g->clause, "台帳 第%lld号 は台帳の取込で登録された利用で、取込の前から運用中です", number);
    }
    int ymd;
    char day[11];
    if (!date || !*date)
        ymd = app->today;
    else if (!date_parse(date, &ymd))
        return app_fail(app, APP_INVALID, NULL, "運用開始日（date）'%s' は YYYY-MM-DD の日付ではありません", date);
    if (st.n_missing) {
        Str m = STR_INIT;
        for (int i = 0; i < st.n_missing; i++) {
            const GateMissing *x = &st.missing[i];
            if (x->kind == GATE_MISSING_PROCEDURE)
                str_appendf(&m, "\n[%s] 実施手順 %s: %s — %s", x->clause, x->id, x->why, x->text);
            else
                str_appendf(&m, "\n[%s %s] 構築時の確認 %s: %s — %s", g->build_clause ? g->build_clause : "", x->clause, x->id, x->why,
                            x->text);
        }
        rc = app_fail(app, APP_INVALID, st.missing[0].kind == GATE_MISSING_PROCEDURE ? st.missing[0].clause : g->build_clause,
                      "台帳 第%lld号 はまだ運用を開始できません。運用開始前に次の %d 件が必要です（%s・%s）:%s", number, st.n_missing, g->clause,
                      g->build_clause ? g->build_clause : "", str_cstr(&m));
        str_free(&m);
        return rc;
    }
    date_format(ymd, day);
    if (ymd > app->today)
        return app_fail(app, APP_INVALID, NULL, "運用開始日 %s は今日より後です（運用を始めた日を記録します）", day);
    int registered = date_jst_day(e.created_at);
    if (registered && ymd < registered)
        return app_fail(app, APP_INVALID, NULL, "運用開始日 %s は台帳への登録（承認）より前です", day);
    if (e.period_from && strcmp(day, e.period_from) < 0)
        return app_fail(app, APP_INVALID, NULL, "運用開始日 %s は利用期間の開始 %s より前です", day, e.period_from);
    if (e.period_to && strcmp(day, e.period_to) > 0)
        return app_fail(app, APP_INVALID, NULL, "運用開始日 %s は利用期間の終了 %s より後です", day, e.period_to);
    if ((rc = text_limit(app, "note", note)))
        return rc;
    const Profile *p = app->profile;
    const Track *t = &p->tracks[e.track];
    const char *evidence = fmt_arena(app, "運用開始（%s）の記録時に、%s の各項目の実施状況が納品物等で確認されていることを確認した", day,
                                     g->build_covers ? g->build_covers : "導入・構築時");
    char msg[512];
    snprintf(msg, sizeof msg, "台帳 第%lld号「%s」の運用を開始しました（%s）。", number, e.service_name, day);
    Str data = STR_INIT;
    str_appendf(&data, "{\"started_on\":\"%s\",\"note\":", day);
    str_append_json(&data, note ? note : "");
    str_appendf(&data, ",\"procedures\":%d,\"build_checks\":%d}", st.n_procs, st.n_items);
    if (str_failed(&data) || audit_begin(app->db) != 0 ||
        store_operation_start_insert(app->db, e.id, day, note, app->user.id, app->now) != 0 ||
        (g->build_item >= 0 && store_checklist_insert(app->db, e.id, p->items[g->build_item].id, phase_names[PHASE_BUILD], "done", evidence,
                                                      app->user.id, app->now) != 0) ||
        (t->report_role >= 0 && app_notify(app, "gate.golive", p->roles[t->report_role].id, 0, app_object(app, "ledger", number),
                                           msg, t->report_clause) != 0) ||
        app_audit(app, "gate.golive", app_object(app, "ledger", number), str_cstr(&data)) != 0 || db_commit(app->db) != 0)
        rc = app_dbfail(app);
    str_free(&data);
    return rc;
}

/* ---- JSON ------------------------------------------------------------- */

void app_gate_json(const App *app, const EntryRow *e, const GateStatus *st, Str *o)
{
    const Profile *p = app->profile;
    const OperationGate *g = st->gate;
    str_appendf(o, "{\"entry\":%lld", e->number);
    str_append_json_member(o, "state", entry_state_names[e->state]);
    str_appendf(o, ",\"gated\":%s", st->phase != GATE_PHASE_NONE ? "true" : "false");
    str_append_json_member(o, "phase", gate_phase_names[st->phase]);
    str_append_json_member(o, "phase_label", st->phase != GATE_PHASE_NONE ? gate_phase_labels[st->phase] : NULL);
    str_append_json_member(o, "reason", st->reason);
    if (st->phase == GATE_PHASE_NONE) {
        str_appendc(o, '}');
        return;
    }
    str_append_json_member(o, "clause", g->clause);
    str_append_json_member(o, "role", p->roles[g->role].id);
    str_append_json_member(o, "role_label", p->roles[g->role].label);
    str_append_json_member(o, "role_clause", g->role_clause);
    str_appendf(o, ",\"may_record\":%s,\"imported\":%s,\"ready\":%s,\"operation_start\":", st->may_record ? "true" : "false",
                st->imported ? "true" : "false", st->phase == GATE_PHASE_BUILDING && !st->n_missing ? "true" : "false");
    if (st->has_start) {
        str_append(o, "{\"started_on\":");
        str_append_json(o, st->start.started_on);
        str_append_json_member(o, "note", st->start.note);
        str_append_json_member(o, "recorded_by", st->start.recorded_by);
        str_append_json_member(o, "recorded_at", st->start.recorded_at);
        str_appendc(o, '}');
    } else {
        str_append(o, "null");
    }
    str_append(o, ",\"procedures\":[");
    for (int k = 0; k < st->n_procs; k++) {
        const GateProcView *v = &st->procs[k];
        str_append(o, k ? ",{\"id\":" : "{\"id\":");
        str_append_json(o, v->proc->id);
        str_append_json_member(o, "clause", v->proc->clause);
        str_append_json_member(o, "text", v->proc->text);
        str_append_json_member(o, "item", v->proc->item >= 0 ? p->items[v->proc->item].id : NULL);
        str_append_json_member(o, "status", v->status);
        str_append_json_member(o, "document", v->document);
        str_append_json_member(o, "note", v->note);
        str_append_json_member(o, "by", v->by);
        str_append_json_member(o, "at", v->at);
        str_appendf(o, ",\"ok\":%s}", v->ok ? "true" : "false");
    }
    str_append(o, "],\"build_checks\":{\"clause\":");
    str_append_json(o, g->build_clause);
    str_append_json_member(o, "covers", g->build_covers);
    str_append_json_member(o, "item", g->build_item >= 0 ? p->items[g->build_item].id : NULL);
    str_append(o, ",\"items\":[");
    for (int i = 0; i < st->n_items; i++) {
        const GateItemView *v = &st->items[i];
        str_append(o, i ? ",{\"id\":" : "{\"id\":");
        str_append_json(o, v->item->id);
        str_append_json_member(o, "clause", v->item->clause);
        str_append_json_member(o, "text", v->item->text);
        str_append_json_member(o, "status", v->status);
        str_append_json_member(o, "evidence", v->evidence);
        str_append_json_member(o, "by", v->by);
        str_append_json_member(o, "at", v->at);
        str_appendf(o, ",\"ok\":%s}", v->ok ? "true" : "false");
    }
    str_append(o, "]},\"missing\":[");
    for (int i = 0; i < st->n_missing; i++) {
        const GateMissing *m = &st->missing[i];
        str_append(o, i ? ",{\"kind\":" : "{\"kind\":");
        str_append_json(o, m->kind == GATE_MISSING_PROCEDURE ? "procedure" : "build_item");
        str_append_json_member(o, "id", m->id);
        str_append_json_member(o, "clause", m->clause);
        str_append_json_member(o, "text", m->text);
        str_append_json_member(o, "why", m->why);
        str_appendc(o, '}');
    }
    str_append(o, "],\"history\":[");
    for (int i = 0; i < st->n_history; i++) {
        const GateRecordRow *r = &st->history[i];
        str_append(o, i ? ",{\"procedure\":" : "{\"procedure\":");
        str_append_json(o, r->procedure_id);
        str_append_json_member(o, "status", r->status);
        str_append_json_member(o, "document", r->document);
        str_append_json_member(o, "note", r->note);
        str_append_json_member(o, "by", r->actor);
        str_append_json_member(o, "at", r->at);
        str_appendc(o, '}');
    }
    str_append(o, "]}");
}
