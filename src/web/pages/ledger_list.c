/* The ledger list (台帳一覧): search, filters, sorting and paging over the
 * store's ledger search, as `daicho ledger list` does. One search per
 * request (a page of rows and the capped count) plus the organization's
 * departments for the filter: no per-row queries, so the page stays fast at
 * 100,000 entries. Every signed-in user may read it: the standards ask that
 * the use of external services be known (kitakyushu 5.2(2)③ 常に最新の外部
 * サービスの利用状況を把握できるように). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_gate.h"
#include "app/app_ledger_web.h"
#include "domain/dates.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages/ledger_pages.h"

/* Deep pages cost an OFFSET scan; nobody pages past a million entries. */
enum { LEDGER_MAX_PAGE = 20000 };

typedef struct ListQuery {
    const char *q, *state, *cls, *department, *track, *due_before, *sort, *order;
    int page;
    LedgerQuery lq;
} ListQuery;

typedef struct ListCtx {
    Web *w;
    Str rows;
    int n;
    char today[11];
    long long *building;   /* entries 構築中 before go-live (app/app_gate.h), ascending */
    int n_building;
} ListCtx;

static const char *param(Web *w, const char *name)
{
    const char *v = web_param(w, name);
    return v && *v ? v : NULL;
}

/* Read and check the query; 0, or -1 after a 400 naming the parameter. */
static int read_query(Web *w, ListQuery *lq)
{
    App *app = w->app;
    const Profile *p = app->profile;
    memset(lq, 0, sizeof *lq);
    lq->q = param(w, "q");
    lq->state = param(w, "state");
    lq->cls = param(w, "class");
    lq->department = param(w, "department");
    lq->track = param(w, "track");
    lq->due_before = param(w, "due_before");
    lq->sort = param(w, "sort");
    lq->order = param(w, "order");
    const char *page = param(w, "page");
    LedgerQuery *q = &lq->lq;
    *q = (LedgerQuery){.org_id = app->org.id, .text = lq->q, .state = -1, .sort = SORT_NUMBER, .limit = LEDGER_PAGE_ROWS};
    char msg[256];
    if (lq->state && (q->state = state_index(entry_state_names, lq->state)) < 0) {
        web_error(w, 400, "state は active（利用中）, ending（利用終了手続中）, ended（利用終了）のいずれかです", NULL);
        return -1;
    }
    if (lq->cls) {
        if (profile_level_rank(p, SCHEME_CONFIDENTIALITY, lq->cls) < 0) {
            snprintf(msg, sizeof msg, "class '%.40s' は%sの格付けではありません", lq->cls, p->schemes[SCHEME_CONFIDENTIALITY].label);
            web_error(w, 400, msg, NULL);
            return -1;
        }
        q->confidentiality = lq->cls;
    }
    if (lq->track) {
        if (enum_index(track_values, lq->track) < 0) {
            web_error(w, 400, "track は important（重要情報資産を取り扱う）か ordinary（取り扱わない）です", NULL);
            return -1;
        }
        q->track = lq->track;
    }
    int ymd;
    if (lq->due_before) {
        if (strlen(lq->due_before) != 10 || !date_parse(lq->due_before, &ymd)) {
            web_error(w, 400, "due_before は YYYY-MM-DD の日付です", NULL);
            return -1;
        }
        q->due_before = lq->due_before;
    }
    if (lq->sort && (int)(q->sort = (LedgerSort)state_index(ledger_sort_names, lq->sort)) < 0) {
        web_error(w, 400, "sort は number, review_due, period_to, service のいずれかです", NULL);
        return -1;
    }
    if (lq->order && strcmp(lq->order, "asc") != 0 && strcmp(lq->order, "desc") != 0) {
        web_error(w, 400, "order は asc（昇順）か desc（降順）です", NULL);
        return -1;
    }
    q->descending = lq->order && strcmp(lq->order, "desc") == 0;
    lq->page = 1;
    if (page) {
        char *end;
        long v = strtol(page, &end, 10);
        if (*end || v < 1 || v > LEDGER_MAX_PAGE) {
            snprintf(msg, sizeof msg, "page は 1 から %d までの数です", LEDGER_MAX_PAGE);
            web_error(w, 400, msg, NULL);
            return -1;
        }
        lq->page = (int)v;
    }
    q->offset = (lq->page - 1) * LEDGER_PAGE_ROWS;
    if (lq->department) {
        /* A name no department has matches no entry (-1 is never an id);
         * looking it up never creates one, unlike the CLI's ensure. */
        AppRc rc = app_department_find(app, lq->department, &q->department_id);
        if (web_app_failed(w, rc))
            return -1;
        if (!q->department_id)
            q->department_id = -1;
    }
    return 0;
}

static int row_json(ListCtx *c, const EntryRow *e)
{
    Str *o = &c->rows;
    str_append(o, c->n++ ? ",{" : "{");
    app_entry_json_members(e, o);
    str_append_json_member(o, "state_label", entry_state_labels[e->state]);
    str_append_json_member(o, "class_label", ledger_class_label(c->w->app->profile, e->confidentiality));
    str_append_json_member(o, "gate_phase_label", app_gate_list_label(c->w->app, e, c->building, c->n_building));
    str_appendc(o, '}');
    return 0;
}

static int row_html(ListCtx *c, const EntryRow *e)
{
    Web *w = c->w;
    Str *o = &c->rows;
    int overdue = e->state == ENTRY_ACTIVE && e->review_due && strcmp(e->review_due, c->today) < 0;
    c->n++;
    html(o, "<tr%H><td class=\"num\"><a href=\"/ledger/%lld\">第%lld号</a></td><td><strong>%s</strong>",
         overdue ? " class=\"overdue\"" : "", e->number, e->number, e->service_name);
    if (e->function && *e->function)
        html(o, "<br><small>%s</small>", e->function);
    html(o, "</td><td>%s</td><td><abbr title=\"%s\">%s</abbr></td><td>%s</td><td>%s %s",
         e->provider ? e->provider : "", ledger_class_label(w->app->profile, e->confidentiality),
         e->confidentiality ? e->confidentiality : "", e->applicant_department ? e->applicant_department : "",
         e->admin_department ? e->admin_department : "", e->admin_title ? e->admin_title : "");
    if (e->administrator_login)
        html(o, "<br><small>%s</small>", e->administrator_login);
    const char *gate = app_gate_list_label(w->app, e, c->building, c->n_building);
    html(o, "</td><td><span class=\"state state-%s\">%s</span>%H%s%H</td><td>", entry_state_names[e->state],
         entry_state_labels[e->state], gate ? "<br><small class=\"gate-phase\">" : "", gate, gate ? "</small>" : "");
    page_date(w, o, e->period_to);
    html(o, "</td><td>");
    page_date(w, o, e->review_due);
    if (overdue)
        html(o, "<br><small class=\"error\">期限超過</small>");
    html(o, "</td></tr>");
    return 0;
}

static int each_row(void *ctx, const EntryRow *e)
{
    ListCtx *c = ctx;
    return c->w->rq->is_api ? row_json(c, e) : row_html(c, e);
}

/* 1234567 → "1,234,567" (counts are written the way staff read them). */
static void count_text(long long n, char *out, size_t size)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%lld", n), k = 0;
    size_t j = 0;
    for (int i = 0; i < len && j + 2 < size; i++) {
        out[j++] = digits[i];
        k = len - i - 1;
        if (k > 0 && k % 3 == 0)
            out[j++] = ',';
    }
    out[j] = 0;
}

static void answer_json(Web *w, const ListQuery *lq, ListCtx *c, long long total)
{
    web_json_begin(w);
    Str *b = &w->rs->body;
    str_append(b, "{\"entries\":[");
    str_append(b, str_cstr(&c->rows));
    str_appendf(b, "],\"total\":%lld,\"total_capped\":%s,\"limit\":%d,\"offset\":%d,\"page\":%d,\"query\":{\"q\":",
                total > LEDGER_TOTAL_CAP ? (long long)LEDGER_TOTAL_CAP : total, total > LEDGER_TOTAL_CAP ? "true" : "false",
                LEDGER_PAGE_ROWS, lq->lq.offset, lq->page);
    if (lq->q)
        str_append_json(b, lq->q);
    else
        str_append(b, "null");
    str_append_json_member(b, "state", lq->state);
    str_append_json_member(b, "class", lq->cls);
    str_append_json_member(b, "department", lq->department);
    str_append_json_member(b, "track", lq->track);
    str_append_json_member(b, "due_before", lq->due_before);
    str_append_json_member(b, "sort", ledger_sort_names[lq->lq.sort]);
    str_append_json_member(b, "order", lq->lq.descending ? "desc" : "asc");
    str_append(b, "}}");
}

/* ---- the HTML page ---- */

static void option(Str *b, const char *value, const char *label, const char *current)
{
    int sel = current ? strcmp(value, current) == 0 : !*value;
    html(b, "<option value=\"%s\"%H>%s</option>", value, sel ? " selected" : "", label);
}

typedef struct DeptOptions {
    Str *b;
    const char *current;
} DeptOptions;

static int dept_option(void *ctx, long long id, const char *name)
{
    (void)id;
    DeptOptions *d = ctx;
    option(d->b, name, name, d->current);
    return 0;
}

static int filter_form(Web *w, const ListQuery *lq)
{
    App *app = w->app;
    const Profile *p = app->profile;
    Str *b = &w->rs->body;
    html(b, "<form class=\"filters no-print\" method=\"get\" action=\"/ledger\" role=\"search\" aria-label=\"台帳の検索\">"
            "<p class=\"wide\"><label for=\"q\">キーワード</label><input type=\"search\" id=\"q\" name=\"q\" value=\"%s\" "
            "placeholder=\"サービス名・事業者・目的など（2文字から。例: 会議）\"></p>",
         lq->q ? lq->q : "");
    html(b, "<p><label for=\"state\">状態</label><select id=\"state\" name=\"state\">");
    option(b, "", "すべて", lq->state);
    for (int s = 0; s < ENTRY_STATE_COUNT; s++)
        option(b, entry_state_names[s], entry_state_labels[s], lq->state);
    html(b, "</select></p><p><label for=\"class\">格付け（%s）</label><select id=\"class\" name=\"class\">",
         p->schemes[SCHEME_CONFIDENTIALITY].label);
    option(b, "", "すべて", lq->cls);
    for (int i = 0; i < p->schemes[SCHEME_CONFIDENTIALITY].n_levels; i++) {
        const Level *l = &p->schemes[SCHEME_CONFIDENTIALITY].levels[i];
        option(b, l->code, l->label, lq->cls);
    }
    html(b, "</select></p><p><label for=\"department\">所属</label><select id=\"department\" name=\"department\">");
    option(b, "", "すべて", lq->department);
    DeptOptions d = {b, lq->department};
    AppRc rc = app_departments(app, dept_option, &d);
    if (rc != APP_OK)
        return web_app_failed(w, rc), -1;
    html(b, "</select></p><p><label for=\"track\">区分</label><select id=\"track\" name=\"track\">");
    option(b, "", "すべて", lq->track);
    for (int t = 0; t < TRACK_COUNT; t++)
        option(b, track_values[t], p->tracks[t].label, lq->track);
    html(b, "</select></p><p><label for=\"due_before\">この日までに点検・期間終了</label>"
            "<input type=\"date\" id=\"due_before\" name=\"due_before\" value=\"%s\"></p>",
         lq->due_before ? lq->due_before : "");
    static const char *const sort_labels[SORT_COUNT] = {"台帳番号", "次回点検期限", "利用期間の終了", "サービス名"};
    html(b, "<p><label for=\"sort\">並び順</label><select id=\"sort\" name=\"sort\">");
    for (int s = 0; s < SORT_COUNT; s++)
        option(b, ledger_sort_names[s], sort_labels[s], ledger_sort_names[lq->lq.sort]);
    html(b, "</select></p><p><label for=\"order\">順序</label><select id=\"order\" name=\"order\">");
    option(b, "asc", "昇順", lq->lq.descending ? "desc" : "asc");
    option(b, "desc", "降順", lq->lq.descending ? "desc" : "asc");
    html(b, "</select></p><p><button type=\"submit\">検索</button> <a href=\"/ledger\">条件をクリア</a></p></form>");
    return 0;
}

/* The current query as URL parameters (without page), for the pager links. */
static void query_string(const ListQuery *lq, Str *out)
{
    const char *names[] = {"q", "state", "class", "department", "track", "due_before", "sort", "order"};
    const char *values[] = {lq->q, lq->state, lq->cls, lq->department, lq->track, lq->due_before, lq->sort, lq->order};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (!values[i])
            continue;
        html(out, "%U=%U&amp;", names[i], values[i]);
    }
}

/* What was asked, in words: printed above the table, since the form is not. */
static void conditions_text(Web *w, const ListQuery *lq, Str *out)
{
    const Profile *p = w->app->profile;
    Str s = STR_INIT;
    if (lq->q)
        str_appendf(&s, "キーワード「%s」、", lq->q);
    if (lq->state)
        str_appendf(&s, "状態: %s、", entry_state_labels[lq->lq.state]);
    if (lq->cls)
        str_appendf(&s, "格付け: %s、", ledger_class_label(p, lq->cls));
    if (lq->department)
        str_appendf(&s, "所属: %s、", lq->department);
    if (lq->track)
        str_appendf(&s, "区分: %s、", p->tracks[enum_index(track_values, lq->track)].label);
    if (lq->due_before)
        str_appendf(&s, "%s までに点検・期間終了、", lq->due_before);
    if (s.len >= strlen("、") && !str_failed(&s)) {
        s.len -= strlen("、"); /* the last separator */
        s.buf[s.len] = 0;
    }
    html(out, "%s", s.len ? str_cstr(&s) : "全件");
    str_free(&s);
}

static void answer_html(Web *w, const ListQuery *lq, ListCtx *c, long long total)
{
    Str *b = &w->rs->body;
    App *app = w->app;
    page_begin(w, "外部サービス利用台帳");
    html(b, "<div class=\"ledger-list\"><h1>外部サービス利用台帳</h1>"
            "<p class=\"print-only\">%s（%s）</p>",
         app->org.name, app->profile->document ? app->profile->document : "");
    if (filter_form(w, lq) != 0)
        return;
    html(b, "<p class=\"actions no-print\"><a href=\"/ledger/export.csv\">台帳全体をCSVで出力</a> "
            "<a href=\"/ledger/export.xlsx\">Excel（XLSX）で出力</a></p>");
    char n_total[32], from[32], to[32];
    count_text(total > LEDGER_TOTAL_CAP ? LEDGER_TOTAL_CAP : total, n_total, sizeof n_total);
    count_text(lq->lq.offset + 1, from, sizeof from);
    count_text(lq->lq.offset + c->n, to, sizeof to);
    Str cond = STR_INIT;
    conditions_text(w, lq, &cond);
    html(b, "<p class=\"summary\" role=\"status\">検索条件: %H — ", str_cstr(&cond));
    str_free(&cond);
    if (total > LEDGER_TOTAL_CAP)
        html(b, "<strong>%s件以上</strong>", n_total);
    else
        html(b, "<strong>%s件</strong>", n_total);
    if (c->n)
        html(b, "（%s〜%s件目）", from, to);
    html(b, "</p>");
    if (!c->n) {
        int filtered = lq->q || lq->state || lq->cls || lq->department || lq->track || lq->due_before;
        html(b, "<p class=\"empty\">%s</p></div>",
             lq->lq.offset && total ? "このページには台帳がありません。前のページに戻ってください。"
             : filtered             ? "条件に合う台帳はありません。キーワードや条件を変えてください。"
                                    : "台帳にはまだ登録がありません。承認された申請が台帳に登録されます。");
        page_end(w);
        return;
    }
    html(b, "<table class=\"list ledger\"><thead><tr>"
            "<th scope=\"col\">台帳番号</th><th scope=\"col\">サービス名／機能</th><th scope=\"col\">事業者</th>"
            "<th scope=\"col\">格付け</th><th scope=\"col\">所属（申請者）</th><th scope=\"col\">外部サービス管理者</th>"
            "<th scope=\"col\">状態</th><th scope=\"col\">利用期間の終了</th><th scope=\"col\">次回点検期限</th>"
            "</tr></thead><tbody>%H</tbody></table>",
         str_cstr(&c->rows));
    /* Another page exists when this one is full and the count says more. */
    int more = c->n == LEDGER_PAGE_ROWS && (total > LEDGER_TOTAL_CAP || lq->lq.offset + c->n < total);
    if (lq->page > 1 || more) {
        Str qs = STR_INIT;
        query_string(lq, &qs);
        html(b, "<nav class=\"pager\" aria-label=\"ページ\">");
        if (lq->page > 1)
            html(b, "<a href=\"/ledger?%Hpage=%d\" rel=\"prev\">← 前の%d件</a>", str_cstr(&qs), lq->page - 1, LEDGER_PAGE_ROWS);
        html(b, "<span>%dページ目</span>", lq->page);
        if (more)
            html(b, "<a href=\"/ledger?%Hpage=%d\" rel=\"next\">次の%d件 →</a>", str_cstr(&qs), lq->page + 1, LEDGER_PAGE_ROWS);
        html(b, "</nav>");
        str_free(&qs);
    }
    html(b, "</div>");
    page_end(w);
}

void ledger_list(Web *w)
{
    App *app = w->app;
    ListQuery lq;
    if (read_query(w, &lq) != 0)
        return;
    ListCtx c = {.w = w};
    date_format(app->today, c.today);
    long long total = 0;
    /* One snapshot for the count, the rows and the departments: the total
     * agrees with the rows, and SQLite takes its read lock once. */
    if (db_begin_read(app->db) != 0 || app_gate_building_ids(app, &c.building, &c.n_building) != APP_OK ||
        store_ledger_search(app->db, &app->arena, &lq.lq, each_row, &c, &total) != 0) {
        web_app_failed(w, app_dbfail(app));
    } else if (w->rq->is_api) {
        answer_json(w, &lq, &c, total);
    } else {
        answer_html(w, &lq, &c, total);
    }
    db_rollback(app->db); /* nothing was written; ends the read */
    str_free(&c.rows);
}
