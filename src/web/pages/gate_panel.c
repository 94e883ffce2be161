/* The gate before operation on a ledger entry's page (kitakyushu-cloud
 * 3.3③④; docs/gate.md): 構築中 / 運用中, each procedure with its latest
 * record, the build checks the gate requires with theirs, what keeps the
 * entry from going live, and — for the gate's role (所属長) on an active
 * entry — the forms posted to gate_actions.c. Nothing at all when the
 * profile has no operation_gate section. */
#include <stdio.h>
#include <string.h>

#include "domain/dates.h"
#include "store/ledger.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/pages/gate_pages.h"

/* A stored UTC time as the JST day (和暦) and time. */
static void when(Web *w, Str *b, const char *iso)
{
    int y, mo, d, h, mi;
    if (!iso || sscanf(iso, "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) != 5) {
        page_date(w, b, iso);
        return;
    }
    int day = y * 10000 + mo * 100 + d;
    h += 9;
    if (h >= 24) {
        h -= 24;
        day = date_add_days(day, 1);
    }
    char ds[11];
    date_format(day, ds);
    page_date(w, b, ds);
    html(b, " %d:%d%d", h, mi / 10, mi % 10);
}

/* The CSRF field into b (which need not be the response body). */
static void csrf(Web *w, Str *b)
{
    html(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", w->csrf ? w->csrf : "");
}

static const char *check_label(const char *status)
{
    if (!status)
        return "未記録";
    return !strcmp(status, "done") ? "実施済" : !strcmp(status, "not_applicable") ? "該当なし" : "未実施";
}

static const char *proc_label(const char *status)
{
    int s = status ? state_index(gate_status_names, status) : -1;
    return s >= 0 ? gate_status_labels[s] : "未記録";
}

static void procedures(Web *w, Str *b, const GateStatus *st)
{
    html(b, "<h3>実施手順 <small>整備又は確認し、手順を収めた文書を記録します [%s]</small></h3>"
            "<table class=\"list gate-procedures\"><thead><tr><th scope=\"col\">条項</th><th scope=\"col\">実施手順</th>"
            "<th scope=\"col\">状態</th><th scope=\"col\">文書・記録者</th></tr></thead><tbody>",
         st->gate->clause);
    for (int k = 0; k < st->n_procs; k++) {
        const GateProcView *v = &st->procs[k];
        html(b, "<tr id=\"gate-%s\"><td class=\"clause\">[%s]</td><td>%s <small>(%s)</small></td>"
                "<td><span class=\"check check-%s\">%s</span></td><td class=\"value\">",
             v->proc->id, v->proc->clause, v->proc->text, v->proc->id, v->ok ? "done" : v->status ? "not_done" : "none",
             proc_label(v->status));
        if (v->status) {
            html(b, "%s", v->document);
            if (v->note && *v->note)
                html(b, "<br>%s", v->note);
            html(b, "<br><small>%s ", v->by);
            when(w, b, v->at);
            html(b, "</small>");
        }
        html(b, "</td></tr>");
    }
    html(b, "</tbody></table>");
}

static void build_checks(Web *w, Str *b, const EntryRow *e, const GateStatus *st)
{
    const OperationGate *g = st->gate;
    int ok = 0;
    for (int i = 0; i < st->n_items; i++)
        ok += st->items[i].ok;
    html(b, "<h3>構築時の確認 <small>%s の各項目を納品物等で確認 [%s]</small></h3>"
            "<p>必須 %d 項目中 <strong>%d</strong> 項目を確認済み（実施済又は該当なしで、根拠に納品物等を記入）。"
            "記録は下の「ライフサイクルのチェックリスト」で行います。</p>",
         g->build_covers ? g->build_covers : "導入・構築時", g->build_clause, st->n_items, ok);
    if (ok == st->n_items)
        return;
    html(b, "<details class=\"gate-items\"><summary>未確認の項目（%d）</summary><ul>", st->n_items - ok);
    for (int i = 0; i < st->n_items; i++) {
        const GateItemView *v = &st->items[i];
        if (v->ok)
            continue;
        html(b, "<li><span class=\"clause\">[%s]</span> %s — %s <a class=\"no-print\" href=\"/ledger/%lld?item=%U#record\">記録する</a></li>",
             v->item->clause, v->item->text, check_label(v->status), e->number, v->item->id);
    }
    html(b, "</ul></details>");
    (void)w;
}

static void missing(Str *b, const GateStatus *st)
{
    html(b, "<div class=\"gate-missing\"><p><strong>まだ運用を開始できません。</strong>次の %d 件が必要です。</p><ul>", st->n_missing);
    for (int i = 0; i < st->n_missing; i++) {
        const GateMissing *m = &st->missing[i];
        html(b, "<li><span class=\"clause\">[%s]</span> %s %s: %s</li>", m->clause,
             m->kind == GATE_MISSING_PROCEDURE ? "実施手順" : "構築時の確認", m->text, m->why);
    }
    html(b, "</ul></div>");
}

static void forms(Web *w, Str *b, const EntryRow *e, const GateStatus *st)
{
    const OperationGate *g = st->gate;
    const Profile *p = w->app->profile;
    if (!st->may_record) {
        html(b, "<p class=\"note no-print\">実施手順の記録と運用開始の記録は%sが行います [%s]。</p>", p->roles[g->role].label, g->role_clause);
        return;
    }
    if (e->state != ENTRY_ACTIVE)
        return;
    html(b, "<div class=\"forms no-print\"><form method=\"post\" action=\"/ledger/%lld/gate/procedure\"><h3>実施手順を記録する</h3>", e->number);
    csrf(w, b);
    html(b, "<p><label for=\"gate_procedure\">実施手順</label><select id=\"gate_procedure\" name=\"procedure\" required>");
    for (int k = 0; k < st->n_procs; k++)
        html(b, "<option value=\"%s\">[%s] %s</option>", st->procs[k].proc->id, st->procs[k].proc->clause, st->procs[k].proc->text);
    html(b, "</select></p><fieldset><legend>状態</legend>"
            "<label class=\"inline\"><input type=\"radio\" name=\"status\" value=\"prepared\" required> 整備した</label>"
            "<label class=\"inline\"><input type=\"radio\" name=\"status\" value=\"confirmed\"> 確認した（事業者の手順等）</label></fieldset>"
            "<p><label for=\"gate_document\">手順を収めた文書（必須）</label>"
            "<input id=\"gate_document\" name=\"document\" required maxlength=\"2000\"></p>"
            "<p><label for=\"gate_note\">備考</label><textarea id=\"gate_note\" name=\"note\" maxlength=\"2000\"></textarea></p>"
            "<p><button type=\"submit\">記録する</button></p></form>");
    if (st->phase == GATE_PHASE_BUILDING) {
        int any = 0;
        for (int k = 0; k < st->n_procs; k++)
            any += st->procs[k].ok;
        if (any) {
            html(b, "<form method=\"post\" action=\"/ledger/%lld/gate/withdraw\"><h3>手順の記録を取り下げる</h3>", e->number);
            csrf(w, b);
            html(b, "<p><label for=\"gate_withdraw\">実施手順</label><select id=\"gate_withdraw\" name=\"procedure\" required>");
            for (int k = 0; k < st->n_procs; k++)
                if (st->procs[k].ok)
                    html(b, "<option value=\"%s\">[%s] %s</option>", st->procs[k].proc->id, st->procs[k].proc->clause,
                         st->procs[k].proc->text);
            html(b, "</select></p><p><label for=\"gate_withdraw_note\">理由（必須）</label>"
                    "<input id=\"gate_withdraw_note\" name=\"note\" required maxlength=\"2000\"></p>"
                    "<p><button type=\"submit\">取り下げる</button></p></form>");
        }
        html(b, "<form method=\"post\" action=\"/ledger/%lld/gate/golive\"><h3>運用開始を記録する</h3>", e->number);
        csrf(w, b);
        char today[11];
        date_format(w->app->today, today);
        if (st->n_missing)
            html(b, "<p class=\"note\">上の %d 件が揃うまで運用開始は記録できません（記録しようとすると不足がすべて示されます）。</p>", st->n_missing);
        html(b, "<p><label for=\"gate_date\">運用開始日</label><input type=\"date\" id=\"gate_date\" name=\"date\" value=\"%s\"></p>"
                "<p><label for=\"gate_golive_note\">備考</label><input id=\"gate_golive_note\" name=\"note\" maxlength=\"2000\"></p>"
                "<p><button type=\"submit\" data-confirm=\"台帳 第%lld号 の運用開始を記録します。運用開始は一度だけ記録できます。よろしいですか。\">"
                "運用開始を記録する</button></p></form>",
             today, e->number);
    }
    html(b, "</div>");
}

static void history(Web *w, Str *b, const GateStatus *st)
{
    if (!st->n_history)
        return;
    html(b, "<details class=\"gate-history\"><summary>手順の記録の履歴（%d 件）</summary><table class=\"list\"><thead><tr>"
            "<th scope=\"col\">日時</th><th scope=\"col\">実施手順</th><th scope=\"col\">状態</th><th scope=\"col\">文書</th>"
            "<th scope=\"col\">備考</th><th scope=\"col\">記録者</th></tr></thead><tbody>",
         st->n_history);
    for (int i = st->n_history - 1; i >= 0; i--) {
        const GateRecordRow *r = &st->history[i];
        html(b, "<tr><td>");
        when(w, b, r->at);
        html(b, "</td><td>%s</td><td>%s</td><td class=\"value\">%s</td><td class=\"value\">%s</td><td>%s</td></tr>", r->procedure_id,
             proc_label(r->status), r->document, r->note, r->actor);
    }
    html(b, "</tbody></table></details>");
}

void gate_panel_write(Web *w, Str *b, const EntryRow *e, const GateStatus *st)
{
    const OperationGate *g = st->gate;
    if (!g)
        return;
    html(b, "<section id=\"gate\" class=\"gate\"><h2>運用開始前の確認 <span class=\"clause\">[%s・%s]</span></h2>", g->clause,
         g->build_clause ? g->build_clause : "");
    if (st->phase == GATE_PHASE_NONE) {
        html(b, "<p class=\"note\">%s。この利用に運用開始の手続きはありません。</p></section>", st->reason);
        return;
    }
    html(b, "<p>状態: <span class=\"state state-%s\">%s</span>", gate_phase_names[st->phase], gate_phase_labels[st->phase]);
    if (st->has_start) {
        html(b, " — 運用開始 ");
        page_date(w, b, st->start.started_on);
        html(b, "（%s%s%s）", st->start.recorded_by ? st->start.recorded_by : "確認の導入前から利用中", *st->start.note ? "、" : "",
             st->start.note);
    } else if (st->imported) {
        html(b, " — 台帳の取込で登録された利用（取込前から利用中）");
    }
    html(b, "</p>");
    procedures(w, b, st);
    build_checks(w, b, e, st);
    if (st->phase == GATE_PHASE_BUILDING && e->state == ENTRY_ACTIVE) {
        if (st->n_missing)
            missing(b, st);
        else
            html(b, "<p class=\"gate-ready\"><strong>すべて揃っています。</strong>%sが運用開始を記録できます。</p>",
                 w->app->profile->roles[g->role].label);
    }
    forms(w, b, e, st);
    history(w, b, st);
    html(b, "</section>");
}

void gate_entry_panel(Web *w, Str *b, const struct EntryRow *e)
{
    if (!w->app->profile || !w->app->profile->gate)
        return;
    GateStatus st;
    if (app_gate_status(w->app, e, &st) != APP_OK) {
        html(b, "<section id=\"gate\"><h2>運用開始前の確認</h2><p class=\"error\">読み込めませんでした: %s</p></section>",
             str_cstr(&w->app->err));
        return;
    }
    gate_panel_write(w, b, e, &st);
}
