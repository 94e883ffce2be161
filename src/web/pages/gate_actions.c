/* The gate before operation from the web (kitakyushu-cloud 3.3③④;
 * docs/gate.md), as `daicho gate` does:
 *
 *   GET  /ledger/{n}/gate, /api/v1/ledger/{n}/gate        the gate of entry n (page / JSON)
 *   POST …/{n}/gate/procedure   procedure, status (prepared|confirmed), document, note
 *   POST …/{n}/gate/withdraw    procedure, note
 *   POST …/{n}/gate/golive      date (YYYY-MM-DD, default today), note
 *
 * Every signed-in user reads; the POSTs run one use case of app/app_gate.h,
 * which refuses anyone but the gate's role (403) and a go-live with
 * anything missing (422, every missing piece named). After a POST the page
 * goes back to the entry (#gate) with a message; the API answers
 * {"ok":true,"message":…,"gate":{…}}. {n} is the ledger number. */
#include <stdio.h>
#include <string.h>

#include "store/ledger.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages/gate_pages.h"
#include "web/pages/ledger_pages.h"

static void answer_json(Web *w, const EntryRow *e, const GateStatus *st, const char *message)
{
    web_json_begin(w);
    Str *b = &w->rs->body;
    if (message) {
        str_append(b, "{\"ok\":true,\"message\":");
        str_append_json(b, message);
        str_append(b, ",\"gate\":");
    }
    app_gate_json(w->app, e, st, b);
    if (message)
        str_appendc(b, '}');
}

void gate_page(Web *w)
{
    long long number = w->rq->path_arg[0];
    EntryRow e;
    GateStatus st;
    if (ledger_find_entry(w, number, &e) != 0 || web_app_failed(w, app_gate_status(w->app, &e, &st)))
        return;
    if (w->rq->is_api) {
        answer_json(w, &e, &st, NULL);
        return;
    }
    char title[600];
    snprintf(title, sizeof title, "台帳 第%lld号 %s 運用開始前の確認", e.number, e.service_name);
    page_begin(w, title);
    Str *b = &w->rs->body;
    html(b, "<div class=\"ledger-entry\"><p class=\"breadcrumb no-print\"><a href=\"/ledger\">外部サービス利用台帳</a> › "
            "<a href=\"/ledger/%lld\">台帳 第%lld号</a> ›</p><h1>台帳 第%lld号 <span class=\"service\">%s</span> 運用開始前の確認</h1>",
         e.number, e.number, e.number, e.service_name);
    if (!st.gate)
        html(b, "<p class=\"note\">%s。</p>", st.reason);
    else
        gate_panel_write(w, b, &e, &st);
    html(b, "</div>");
    page_end(w);
}

/* After a use case succeeded: back to the entry, or the gate as it is now. */
static void done(Web *w, long long number, const char *message)
{
    if (w->rq->is_api) {
        EntryRow e;
        GateStatus st;
        if (!web_app_failed(w, app_gate_get(w->app, number, &e, &st)))
            answer_json(w, &e, &st, message);
        return;
    }
    char path[96];
    snprintf(path, sizeof path, "/ledger/%lld#gate", number);
    web_redirect(w, path, message);
}

void gate_procedure_post(Web *w)
{
    long long number = w->rq->path_arg[0];
    EntryRow e;
    if (ledger_find_entry(w, number, &e) != 0) /* 404 before the use case's 422 */
        return;
    const char *procedure = web_param(w, "procedure"), *status = web_param(w, "status");
    AppRc rc = app_gate_record(w->app, number, procedure, status, web_param(w, "document"), web_param(w, "note"));
    if (web_app_failed(w, rc))
        return;
    char msg[512];
    snprintf(msg, sizeof msg, "台帳 第%lld号: 実施手順 %.200s を「%s」として記録しました", number, procedure,
             !strcmp(status, "prepared") ? "整備済み" : "確認済み");
    done(w, number, msg);
}

void gate_withdraw_post(Web *w)
{
    long long number = w->rq->path_arg[0];
    EntryRow e;
    if (ledger_find_entry(w, number, &e) != 0)
        return;
    const char *procedure = web_param(w, "procedure");
    AppRc rc = app_gate_withdraw(w->app, number, procedure, web_param(w, "note"));
    if (web_app_failed(w, rc))
        return;
    char msg[512];
    snprintf(msg, sizeof msg, "台帳 第%lld号: 実施手順 %.200s の記録を取り下げました", number, procedure);
    done(w, number, msg);
}

void gate_golive_post(Web *w)
{
    long long number = w->rq->path_arg[0];
    EntryRow e;
    if (ledger_find_entry(w, number, &e) != 0)
        return;
    AppRc rc = app_gate_golive(w->app, number, web_param(w, "date"), web_param(w, "note"));
    if (web_app_failed(w, rc))
        return;
    char msg[256];
    snprintf(msg, sizeof msg, "台帳 第%lld号 の運用開始を記録しました。運用中になりました", number);
    done(w, number, msg);
}
