/* One ledger entry (台帳 第N号): every ledger field of the profile with its
 * label and clause, who keeps it, the lifecycle checklists of build,
 * operation and retirement with their latest records, the periodic reviews,
 * the end of use and the history of versions — and, for those who keep the
 * entry, the forms of its lifecycle (posted to ledger_lifecycle.c). As
 * `daicho ledger show` and `daicho checklist N` show it. */
#include <stdio.h>
#include <string.h>

#include "app/app_ledger_web.h"
#include "domain/dates.h"
#include "store/lifecycle.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/pages/ledger_pages.h"

typedef struct View {
    Web *w;
    App *app;
    int json;
    EntryRow e;
    Str fields, versions, reviews;     /* HTML rows, or JSON array members */
    int n_fields, n_versions, n_reviews;
    ChecklistRow *recs;                /* latest record per item */
    int n_recs, cap_recs;
    unsigned char *applies;            /* per profile item: applies to this use */
    LedgerEndReport end;
    int has_end;
    int keeps;                         /* the user may keep the entry */
    char why[640];                     /* why not */
} View;

static const char *const status_names[] = {"done", "not_applicable", "not_done", NULL};
static const char *const status_labels[] = {"実施済", "該当なし", "未実施"};

static void sep(Str *o, int *n)
{
    if ((*n)++)
        str_appendc(o, ',');
}

static void on_field(void *ctx, const LedgerField *lf, const char *value)
{
    View *v = ctx;
    Str *o = &v->fields;
    if (v->json) {
        sep(o, &v->n_fields);
        str_append(o, "{\"id\":");
        str_append_json(o, lf->id);
        str_append_json_member(o, "label", lf->label);
        str_append_json_member(o, "clause", lf->clause);
        str_append_json_member(o, "value", value);
        str_appendc(o, '}');
        return;
    }
    v->n_fields++;
    html(o, "<tr><th scope=\"row\">%s", lf->label);
    if (lf->clause)
        html(o, " <span class=\"clause\">[%s]</span>", lf->clause);
    if (*value)
        html(o, "</th><td class=\"value\">%s</td></tr>", value);
    else
        html(o, "</th><td class=\"value\"><span class=\"empty\">（未記入）</span></td></tr>");
}

static const char *state_label_of(const char *name)
{
    int s = state_index(entry_state_names, name);
    return s >= 0 ? entry_state_labels[s] : name;
}

static int on_version(void *ctx, const VersionRow *r)
{
    View *v = ctx;
    Str *o = &v->versions;
    if (v->json) {
        sep(o, &v->n_versions);
        str_appendf(o, "{\"version\":%d", r->version);
        str_append_json_member(o, "state", r->state);
        str_append_json_member(o, "changed_by", r->changed_by);
        str_append_json_member(o, "changed_at", r->changed_at);
        str_append_json_member(o, "reason", r->reason);
        str_appendc(o, '}');
        return 0;
    }
    v->n_versions++;
    html(o, "<tr><td>版%d</td><td>%s</td><td>%s</td><td>", r->version, state_label_of(r->state), r->changed_by);
    ledger_when(v->w, o, r->changed_at);
    html(o, "</td><td>%s</td></tr>", r->reason);
    return 0;
}

static int on_review(void *ctx, const LedgerReview *r)
{
    View *v = ctx;
    Str *o = &v->reviews;
    if (v->json) {
        sep(o, &v->n_reviews);
        str_append(o, "{\"at\":");
        str_append_json(o, r->at);
        str_append_json_member(o, "by", r->actor);
        str_append_json_member(o, "result", r->result);
        str_append_json_member(o, "note", r->note);
        str_append_json_member(o, "next_due", r->next_due);
        str_appendc(o, '}');
        return 0;
    }
    v->n_reviews++;
    int ok = strcmp(r->result, "ok") == 0;
    html(o, "<tr><td>");
    ledger_when(v->w, o, r->at);
    html(o, "</td><td><span class=\"%s\">%s</span></td><td class=\"value\">%s</td><td>%s</td><td>", ok ? "result-ok" : "result-issues",
         ok ? "問題なし" : "要対応", r->note, r->actor);
    page_date(v->w, o, r->next_due);
    html(o, "</td></tr>");
    return 0;
}

static int on_record(void *ctx, const ChecklistRow *r)
{
    View *v = ctx;
    if (v->n_recs == v->cap_recs)
        return 1;
    v->recs[v->n_recs++] = *r;
    return 0;
}

static const ChecklistRow *record_of(const View *v, const char *item_id)
{
    for (int k = 0; k < v->n_recs; k++)
        if (strcmp(v->recs[k].item_id, item_id) == 0)
            return &v->recs[k];
    return NULL;
}

/* A lifecycle item of the entry's track (build, operation, retirement). */
static int lifecycle_item(const View *v, const Item *it)
{
    return (it->phase == PHASE_BUILD || it->phase == PHASE_OPERATION || it->phase == PHASE_RETIREMENT) &&
           (it->track_mask & (1u << v->e.track));
}

/* Everything the page shows, read in one go: the entry, then its records.
 * 404 when the organization has no such entry. 0 or -1 (answered). */
static int load(Web *w, long long number, View *v)
{
    App *app = w->app;
    memset(v, 0, sizeof *v);
    v->w = w;
    v->app = app;
    v->json = w->rq->is_api;
    if (ledger_find_entry(w, number, &v->e) != 0)
        return -1;
    const Profile *p = app->profile;
    v->cap_recs = p->n_items + p->n_risks + 1;
    v->recs = arena_alloc(&app->arena, sizeof *v->recs * (size_t)v->cap_recs);
    v->applies = arena_alloc(&app->arena, (size_t)p->n_items + 1);
    if (!v->recs || !v->applies)
        return web_app_failed(w, app_fail(app, APP_DBFAIL, NULL, "out of memory")), -1;
    AppRc rc = app_entry_fields(app, &v->e, on_field, v);
    if (rc == APP_OK)
        rc = app_entry_items_applying(app, &v->e, v->applies);
    if (rc == APP_OK && (store_entry_versions(app->db, &app->arena, v->e.id, on_version, v) != 0 ||
                         store_checklist_latest(app->db, &app->arena, v->e.id, on_record, v) != 0))
        rc = app_dbfail(app);
    if (rc == APP_OK)
        rc = app_entry_reviews(app, &v->e, on_review, v);
    if (rc == APP_OK)
        rc = app_entry_end_report(app, &v->e, &v->end, &v->has_end);
    if (web_app_failed(w, rc))
        return -1;
    v->keeps = ledger_user_keeps(app, &v->e, v->why, sizeof v->why);
    return 0;
}

static void view_free(View *v)
{
    str_free(&v->fields);
    str_free(&v->versions);
    str_free(&v->reviews);
}

/* ---- JSON ---- */

static void write_json(View *v, Str *o)
{
    const Profile *p = v->app->profile;
    const EntryRow *e = &v->e;
    str_appendc(o, '{');
    app_entry_json_members(e, o);
    str_append_json_member(o, "state_label", entry_state_labels[e->state]);
    str_append_json_member(o, "track_label", p->tracks[e->track].label);
    str_append_json_member(o, "class_label", ledger_class_label(p, e->confidentiality));
    str_appendf(o, ",\"may_keep\":%s,\"fields\":[", v->keeps ? "true" : "false");
    str_append(o, str_cstr(&v->fields));
    str_append(o, "],\"checklist\":[");
    int n = 0;
    for (int i = 0; i < p->n_items; i++) {
        const Item *it = &p->items[i];
        if (!lifecycle_item(v, it))
            continue;
        const ChecklistRow *r = record_of(v, it->id);
        sep(o, &n);
        str_append(o, "{\"item\":");
        str_append_json(o, it->id);
        str_append_json_member(o, "phase", phase_names[it->phase]);
        str_append_json_member(o, "clause", it->clause);
        str_append_json_member(o, "text", it->text);
        str_appendf(o, ",\"should\":%s,\"applies\":%s", it->should ? "true" : "false", v->applies[i] ? "true" : "false");
        str_append_json_member(o, "status", r ? r->status : NULL);
        str_append_json_member(o, "evidence", r ? r->evidence : NULL);
        str_append_json_member(o, "by", r ? r->actor : NULL);
        str_append_json_member(o, "at", r ? r->at : NULL);
        str_appendc(o, '}');
    }
    str_append(o, "],\"reviews\":[");
    str_append(o, str_cstr(&v->reviews));
    str_append(o, "],\"end_report\":");
    if (v->has_end) {
        str_append(o, "{\"reported_by\":");
        str_append_json(o, v->end.reported_by);
        str_append_json_member(o, "reported_at", v->end.reported_at);
        str_append_json_member(o, "end_date", v->end.end_date);
        str_append_json_member(o, "reason", v->end.reason);
        str_append_json_member(o, "completed_by", v->end.completed_by);
        str_append_json_member(o, "completed_at", v->end.completed_at);
        str_appendc(o, '}');
    } else {
        str_append(o, "null");
    }
    str_append(o, ",\"versions\":[");
    str_append(o, str_cstr(&v->versions));
    str_append(o, "]}");
}

void ledger_entry_api_answer(Web *w, long long number, const char *message)
{
    View v;
    if (load(w, number, &v) == 0) {
        web_json_begin(w);
        Str *b = &w->rs->body;
        if (message) {
            str_append(b, "{\"ok\":true,\"message\":");
            str_append_json(b, message);
            str_append(b, ",\"entry\":");
        }
        write_json(&v, b);
        if (message)
            str_appendc(b, '}');
    }
    view_free(&v);
}

/* ---- HTML ---- */

static void section_table(Str *b, const char *id, const char *title, const char *empty, int n, const char *head, Str *rows)
{
    html(b, "<section id=\"%s\"><h2>%s</h2>", id, title);
    if (!n)
        html(b, "<p class=\"empty\">%s</p></section>", empty);
    else
        html(b, "<table class=\"list\"><thead>%H</thead><tbody>%H</tbody></table></section>", head, str_cstr(rows));
}

static void overview(View *v, Str *b)
{
    Web *w = v->w;
    const EntryRow *e = &v->e;
    const Profile *p = v->app->profile;
    html(b, "<section id=\"overview\"><h2>管理の状況</h2><table class=\"fields\"><tbody>"
            "<tr><th scope=\"row\">状態</th><td><span class=\"state state-%s\">%s</span></td></tr>"
            "<tr><th scope=\"row\">区分</th><td>%s <span class=\"clause\">[%s]</span></td></tr>"
            "<tr><th scope=\"row\">外部サービス管理者</th><td>%s %s",
         entry_state_names[e->state], entry_state_labels[e->state], p->tracks[e->track].label,
         p->tracks[e->track].clause ? p->tracks[e->track].clause : "", e->admin_department ? e->admin_department : "",
         e->admin_title ? e->admin_title : "");
    if (e->administrator_login)
        html(b, "（%s）", e->administrator_login);
    html(b, "</td></tr><tr><th scope=\"row\">次回点検期限</th><td>");
    page_date(w, b, e->review_due);
    html(b, "</td></tr><tr><th scope=\"row\">前回の点検</th><td>");
    if (e->last_review)
        ledger_when(w, b, e->last_review);
    else
        html(b, "<span class=\"empty\">まだありません</span>");
    html(b, "</td></tr><tr><th scope=\"row\">台帳への登録</th><td>");
    ledger_when(w, b, e->created_at);
    html(b, "</td></tr><tr><th scope=\"row\">最終更新</th><td>");
    ledger_when(w, b, e->updated_at);
    html(b, "（版%d）</td></tr>", e->version);
    if (e->ended_at) {
        html(b, "<tr><th scope=\"row\">利用終了</th><td>");
        ledger_when(w, b, e->ended_at);
        html(b, "</td></tr>");
    }
    html(b, "</tbody></table></section>");
}

static void checklists(View *v, Str *b)
{
    const Profile *p = v->app->profile;
    const EntryRow *e = &v->e;
    int offer = v->keeps && e->state != ENTRY_ENDED;
    html(b, "<section id=\"checklist\"><h2>ライフサイクルのチェックリスト</h2>"
            "<p class=\"note\">導入・運用・更改／廃棄の各時点で確認したことを記録します。「努力」は望ましい事項です。</p>");
    for (int ph = PHASE_BUILD; ph <= PHASE_RETIREMENT; ph++) {
        Str rows = STR_INIT;
        int n = 0, must = 0, recorded = 0;
        for (int i = 0; i < p->n_items; i++) {
            const Item *it = &p->items[i];
            if ((int)it->phase != ph || !lifecycle_item(v, it))
                continue;
            n++;
            const ChecklistRow *r = record_of(v, it->id);
            int st = r ? state_index(status_names, r->status) : -1;
            if (v->applies[i] && !it->should) {
                must++;
                recorded += st == 0 || st == 1;
            }
            html(&rows, "<tr%H><td class=\"clause\">[%s]</td><td>%s", v->applies[i] ? "" : " class=\"not-applying\"", it->clause,
                 it->text);
            if (it->should)
                html(&rows, " <small class=\"tag\">努力</small>");
            if (!v->applies[i])
                html(&rows, " <small class=\"tag\">この利用には該当しません</small>");
            html(&rows, "</td><td><span class=\"check check-%s\">%s</span></td><td class=\"value\">",
                 st >= 0 ? status_names[st] : "none", st >= 0 ? status_labels[st] : "未記録");
            if (r) {
                html(&rows, "%s<br><small>%s ", r->evidence, r->actor);
                ledger_when(v->w, &rows, r->at);
                html(&rows, "</small>");
            }
            html(&rows, "</td>");
            if (offer)
                html(&rows, "<td class=\"no-print\"><a href=\"/ledger/%lld?item=%U#record\">記録する</a></td>", e->number, it->id);
            html(&rows, "</tr>");
        }
        html(b, "<h3>%s <small>必須 %d 項目中 %d 項目を記録済み</small></h3>", phase_labels[ph], must, recorded);
        if (!n)
            html(b, "<p class=\"empty\">この区分の項目はありません。</p>");
        else
            html(b, "<table class=\"list checklist\"><thead><tr><th scope=\"col\">条項</th><th scope=\"col\">確認すること</th>"
                    "<th scope=\"col\">状態</th><th scope=\"col\">根拠・記録者</th>%H</tr></thead><tbody>%H</tbody></table>",
                 offer ? "<th scope=\"col\" class=\"no-print\">記録</th>" : "", str_cstr(&rows));
        str_free(&rows);
    }
    html(b, "</section>");
}

static void end_section(View *v, Str *b)
{
    Web *w = v->w;
    html(b, "<section id=\"end\"><h2>利用終了</h2>");
    if (!v->has_end) {
        html(b, "<p class=\"empty\">利用終了の報告はありません。</p></section>");
        return;
    }
    html(b, "<table class=\"fields\"><tbody><tr><th scope=\"row\">終了日</th><td>");
    page_date(w, b, v->end.end_date);
    html(b, "</td></tr><tr><th scope=\"row\">理由</th><td class=\"value\">%s</td></tr><tr><th scope=\"row\">報告</th><td>%s ",
         v->end.reason, v->end.reported_by);
    ledger_when(w, b, v->end.reported_at);
    html(b, "</td></tr><tr><th scope=\"row\">完了</th><td>");
    if (v->end.completed_at) {
        html(b, "%s ", v->end.completed_by ? v->end.completed_by : "");
        ledger_when(w, b, v->end.completed_at);
    } else {
        html(b, "<span class=\"empty\">廃棄時の確認を記録してから完了します</span>");
    }
    html(b, "</td></tr></tbody></table></section>");
}

/* The first bytes of `s` that fit in out[size], cut at a character
 * boundary; 1 when something was cut. */
static int short_text(const char *s, char *out, size_t size)
{
    size_t n = strlen(s);
    if (n < size) {
        memcpy(out, s, n + 1);
        return 0;
    }
    n = size - 1;
    while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    memcpy(out, s, n);
    out[n] = 0;
    return 1;
}

/* The forms of the lifecycle, each posted to its use case. */
static void forms(View *v, Str *b)
{
    Web *w = v->w;
    const EntryRow *e = &v->e;
    const Profile *p = v->app->profile;
    html(b, "<section id=\"record\" class=\"no-print\"><h2>記録する</h2>");
    if (!v->keeps) {
        html(b, "<p class=\"note\">%s</p></section>", v->why);
        return;
    }
    if (e->state == ENTRY_ENDED) {
        html(b, "<p class=\"note\">利用終了した台帳には記録できません。</p></section>");
        return;
    }
    const char *want = web_param(w, "item");
    html(b, "<div class=\"forms\"><form method=\"post\" action=\"/ledger/%lld/checklist\"><h3>チェックリストの項目を記録する</h3>",
         e->number);
    page_csrf_field(w);
    html(b, "<p><label for=\"item\">項目</label><select id=\"item\" name=\"item\" required>");
    for (int ph = PHASE_BUILD; ph <= PHASE_RETIREMENT; ph++) {
        html(b, "<optgroup label=\"%s\">", phase_labels[ph]);
        for (int i = 0; i < p->n_items; i++) {
            const Item *it = &p->items[i];
            if ((int)it->phase != ph || !lifecycle_item(v, it))
                continue;
            /* The option shows the clause and the start of the text. */
            char text[160];
            int cut = short_text(it->text, text, sizeof text);
            html(b, "<option value=\"%s\"%H>[%s] %s%H</option>", it->id, want && !strcmp(want, it->id) ? " selected" : "",
                 it->clause, text, cut ? "…" : "");
        }
        html(b, "</optgroup>");
    }
    html(b, "</select></p><fieldset><legend>状態</legend>"
            "<label class=\"inline\"><input type=\"radio\" name=\"status\" value=\"done\" required> 実施済</label>"
            "<label class=\"inline\"><input type=\"radio\" name=\"status\" value=\"not_applicable\"> 該当なし</label>"
            "<label class=\"inline\"><input type=\"radio\" name=\"status\" value=\"not_done\"> 未実施</label></fieldset>"
            "<p><label for=\"evidence\">確認の根拠（実施済のときは必須）</label>"
            "<textarea id=\"evidence\" name=\"evidence\" maxlength=\"4000\"></textarea></p>"
            "<p><button type=\"submit\">記録する</button></p></form>");
    if (e->state == ENTRY_ACTIVE) {
        html(b, "<form method=\"post\" action=\"/ledger/%lld/review\"><h3>定期点検を記録する</h3>", e->number);
        page_csrf_field(w);
        html(b, "<p class=\"note\">点検の前に、運用時の項目を前回の点検以後に記録してください。</p><fieldset><legend>結果</legend>"
                "<label class=\"inline\"><input type=\"radio\" name=\"result\" value=\"ok\" required> 問題なし</label>"
                "<label class=\"inline\"><input type=\"radio\" name=\"result\" value=\"issues\"> 要対応</label></fieldset>"
                "<p><label for=\"note\">内容（要対応のときは必須）</label><textarea id=\"note\" name=\"note\" maxlength=\"4000\"></textarea></p>"
                "<p><button type=\"submit\">点検を記録する</button></p></form>");
    }
    html(b, "<form method=\"post\" action=\"/ledger/%lld/change\"><h3>台帳の記載を変更する</h3>", e->number);
    page_csrf_field(w);
    html(b, "<p><label for=\"period_to\">利用期間の終了</label><input type=\"date\" id=\"period_to\" name=\"usage_period.to\" value=\"%s\"></p>"
            "<p><label for=\"purpose\">利用目的（業務内容）</label><textarea id=\"purpose\" name=\"purpose\" maxlength=\"4000\">%s</textarea></p>"
            "<p><label for=\"user_scope\">利用者の範囲</label><input id=\"user_scope\" name=\"user_scope\" value=\"%s\" maxlength=\"1000\"></p>"
            "<p><label for=\"change_reason\">変更の理由（必須）</label><input id=\"change_reason\" name=\"reason\" required maxlength=\"1000\"></p>"
            "<p><button type=\"submit\">変更する</button></p></form>",
         e->period_to ? e->period_to : "", e->purpose ? e->purpose : "", e->user_scope ? e->user_scope : "");
    if (e->state == ENTRY_ACTIVE) {
        char today[11];
        date_format(v->app->today, today);
        html(b, "<form method=\"post\" action=\"/ledger/%lld/end\"><h3>利用終了を報告する</h3>", e->number);
        page_csrf_field(w);
        html(b, "<p><label for=\"end_date\">終了日</label><input type=\"date\" id=\"end_date\" name=\"date\" value=\"%s\"></p>"
                "<p><label for=\"end_reason\">理由（必須）</label><textarea id=\"end_reason\" name=\"reason\" required maxlength=\"4000\"></textarea></p>"
                "<p><button type=\"submit\" class=\"danger\" data-confirm=\"台帳 第%lld号 の利用終了を報告します。よろしいですか。\">利用終了を報告する</button></p></form>",
             today, e->number);
    }
    if (e->state == ENTRY_ENDING) {
        html(b, "<form method=\"post\" action=\"/ledger/%lld/end/complete\"><h3>利用終了を完了する</h3>", e->number);
        page_csrf_field(w);
        html(b, "<p class=\"note\">更改・廃棄時の項目をすべて記録してから完了します。完了後は記録できません。</p>"
                "<p><button type=\"submit\" class=\"danger\" data-confirm=\"台帳 第%lld号 の利用終了を完了します。よろしいですか。\">利用終了を完了する</button></p></form>",
             e->number);
    }
    html(b, "</div></section>");
}

static void write_html(View *v)
{
    Web *w = v->w;
    Str *b = &w->rs->body;
    const EntryRow *e = &v->e;
    char title[600];
    snprintf(title, sizeof title, "台帳 第%lld号 %s", e->number, e->service_name);
    page_begin(w, title);
    html(b, "<div class=\"ledger-entry\"><p class=\"breadcrumb no-print\"><a href=\"/ledger\">外部サービス利用台帳</a> ›</p>"
            "<h1>台帳 第%lld号 <span class=\"service\">%s</span> <span class=\"state state-%s\">%s</span></h1>"
            "<p class=\"print-only\">%s — %s（",
         e->number, e->service_name, entry_state_names[e->state], entry_state_labels[e->state], v->app->org.name,
         v->app->profile->document ? v->app->profile->document : "");
    char today[11];
    date_format(v->app->today, today);
    page_date(w, b, today);
    html(b, " 現在）</p><section id=\"fields\"><h2>台帳の記載事項</h2><table class=\"fields\"><tbody>%H</tbody></table></section>",
         str_cstr(&v->fields));
    overview(v, b);
    gate_entry_panel(w, b, e);
    contacts_entry_panel(w, b, e);
    incident_entry_panel(w, b, e);
    checklists(v, b);
    section_table(b, "reviews", "定期点検", "定期点検の記録はまだありません。", v->n_reviews,
                  "<tr><th scope=\"col\">点検日</th><th scope=\"col\">結果</th><th scope=\"col\">内容</th><th scope=\"col\">点検者</th>"
                  "<th scope=\"col\">次回点検期限</th></tr>",
                  &v->reviews);
    end_section(v, b);
    section_table(b, "history", "変更履歴", "履歴はありません。", v->n_versions,
                  "<tr><th scope=\"col\">版</th><th scope=\"col\">状態</th><th scope=\"col\">変更者</th><th scope=\"col\">日時</th>"
                  "<th scope=\"col\">理由</th></tr>",
                  &v->versions);
    forms(v, b);
    html(b, "</div>");
    page_end(w);
}

void ledger_entry(Web *w)
{
    long long number = w->rq->path_arg[0];
    if (w->rq->is_api) {
        ledger_entry_api_answer(w, number, NULL);
        return;
    }
    View v;
    if (load(w, number, &v) == 0)
        write_html(&v);
    view_free(&v);
}
