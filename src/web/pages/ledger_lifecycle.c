/* The lifecycle of a ledger entry from the web: record a checklist item, a
 * periodic review, report the end of use, complete it, change fields. Each
 * POST runs one use case of app/app.h (which checks who may keep the entry
 * and refuses with the rule's clause), then the page redirects back to the
 * entry with a message, or the API answers {"ok":true,"message","entry"}.
 * As `daicho checklist|review|end|ledger change` do. */
#include <stdio.h>
#include <string.h>

#include "web/html.h"
#include "web/pages/ledger_pages.h"

enum { CHANGE_MAX = 32 };

static const char *text_param(Web *w, const char *name)
{
    const char *v = web_param(w, name);
    return v ? v : "";
}

/* After a use case succeeded: back to the entry (HTML, at `anchor`) or the
 * entry as it is now (API). */
static void done(Web *w, long long number, const char *anchor, const char *message)
{
    if (w->rq->is_api) {
        ledger_entry_api_answer(w, number, message);
        return;
    }
    char path[96];
    snprintf(path, sizeof path, "/ledger/%lld%s", number, anchor);
    web_redirect(w, path, message);
}

void ledger_checklist(Web *w)
{
    long long number = w->rq->path_arg[0];
    EntryRow e;
    if (ledger_find_entry(w, number, &e) != 0) /* 404 before the use case's 422 */
        return;
    const char *item = text_param(w, "item"), *status = text_param(w, "status");
    AppRc rc = app_checklist_record(w->app, number, item, status, web_param(w, "evidence"));
    if (web_app_failed(w, rc))
        return;
    char msg[512];
    const char *label = !strcmp(status, "done") ? "実施済" : !strcmp(status, "not_applicable") ? "該当なし" : "未実施";
    snprintf(msg, sizeof msg, "台帳 第%lld号: 項目 %.200s を「%s」として記録しました", number, item, label);
    done(w, number, "#checklist", msg);
}

void ledger_review(Web *w)
{
    long long number = w->rq->path_arg[0];
    EntryRow e;
    if (ledger_find_entry(w, number, &e) != 0) /* 404 before the use case's 422 */
        return;
    AppRc rc = app_review(w->app, number, web_param(w, "result"), web_param(w, "note"));
    if (web_app_failed(w, rc))
        return;
    /* The next due date is the use case's to compute; read it back. */
    char msg[256];
    if (app_entry_get(w->app, number, &e) == APP_OK && e.review_due)
        snprintf(msg, sizeof msg, "台帳 第%lld号 の定期点検を記録しました。次回点検期限: %s", number, e.review_due);
    else
        snprintf(msg, sizeof msg, "台帳 第%lld号 の定期点検を記録しました", number);
    done(w, number, "#reviews", msg);
}

void ledger_end(Web *w)
{
    long long number = w->rq->path_arg[0];
    EntryRow e;
    if (ledger_find_entry(w, number, &e) != 0) /* 404 before the use case's 422 */
        return;
    AppRc rc = app_end_report(w->app, number, web_param(w, "date"), web_param(w, "reason"));
    if (web_app_failed(w, rc))
        return;
    char msg[256];
    snprintf(msg, sizeof msg, "台帳 第%lld号 の利用終了を報告しました。更改・廃棄時の項目を記録してから「利用終了を完了する」を押してください",
             number);
    done(w, number, "#end", msg);
}

void ledger_end_complete(Web *w)
{
    long long number = w->rq->path_arg[0];
    EntryRow e;
    if (ledger_find_entry(w, number, &e) != 0) /* 404 before the use case's 422 */
        return;
    AppRc rc = app_end_complete(w->app, number);
    if (web_app_failed(w, rc))
        return;
    char msg[128];
    snprintf(msg, sizeof msg, "台帳 第%lld号 の利用を終了しました", number);
    done(w, number, "#end", msg);
}

/* The page's change form offers a few fields filled with the entry's
 * values; only those the user edited become changes (a field sent as it
 * was is no change, so the version history names what really changed). */
static const char *const form_paths[] = {"usage_period.to", "purpose", "user_scope"};

void ledger_change(Web *w)
{
    long long number = w->rq->path_arg[0];
    EntryRow e;
    if (ledger_find_entry(w, number, &e) != 0) /* 404 before the use case's 422 */
        return;
    App *app = w->app;
    FieldChange ch[CHANGE_MAX];
    int n = 0;
    if (w->rq->is_api) {
        /* Every member other than reason (and csrf) names a field, as
         * `ledger change --set FIELD=VALUE` does; "" removes the value. */
        const Params *f = &w->rq->form;
        for (int i = 0; i < f->n; i++) {
            if (!strcmp(f->v[i].name, "reason") || !strcmp(f->v[i].name, "csrf"))
                continue;
            if (n == CHANGE_MAX) {
                web_error(w, 400, "一度に変更できる項目は 32 までです", NULL);
                return;
            }
            ch[n++] = (FieldChange){f->v[i].name, f->v[i].value};
        }
        if (!n) {
            web_error(w, 400, "変更する項目を {\"usage_period.to\": \"2027-03-31\", \"reason\": \"…\"} のように送ってください", NULL);
            return;
        }
    } else {
        const char *now[] = {e.period_to, e.purpose, e.user_scope}; /* as form_paths */
        for (size_t i = 0; i < sizeof form_paths / sizeof form_paths[0]; i++) {
            const char *sent = web_param(w, form_paths[i]);
            if (sent && strcmp(sent, now[i] ? now[i] : "") != 0)
                ch[n++] = (FieldChange){form_paths[i], sent};
        }
        if (!n) {
            web_error(w, 422, "変更された項目がありません。値を書き換えてから「変更する」を押してください", NULL);
            return;
        }
    }
    AppRc rc = app_entry_change(app, number, ch, n, web_param(w, "reason"));
    if (web_app_failed(w, rc))
        return;
    char msg[128];
    snprintf(msg, sizeof msg, "台帳 第%lld号 を変更しました", number);
    done(w, number, "#history", msg);
}
