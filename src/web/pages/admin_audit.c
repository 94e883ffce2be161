/* GET /audit, /api/v1/audit: the organization's audit events, newest
 * first, 50 a page, filtered by actor, action (prefix) and object; the
 * state of the hash chain at the top. Only the signed-in user's
 * organization's events are read (audit_events.org_id): the chain is
 * shared by every organization, its verification is not, so the page says
 * which event breaks it by number only. */
#include <stdlib.h>
#include <string.h>

#include "exchange/json_reader.h"
#include "store/audit_read.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages/admin_pages.h"

static const struct {
    const char *action, *label;
} action_labels[] = {
    {"org.create", "組織の作成"},
    {"user.create", "利用者の登録"},
    {"user.roles", "役割の変更"},
    {"user.password", "パスワードの設定"},
    {"user.email", "メールアドレスの設定"},
    {"user.auditor", "監査担当の設定"},
    {"user.activate", "利用者の有効化"},
    {"user.deactivate", "利用者の無効化"},
    {"session.login", "ログイン"},
    {"session.logout", "ログアウト"},
    {"application.create", "申請の作成"},
    {"application.update", "申請の修正"},
    {"application.submit", "申請の提出"},
    {"application.withdraw", "申請の取下げ"},
    {"application.approve", "承認"},
    {"application.reject", "却下"},
    {"application.return", "差戻し"},
    {"ledger.create", "台帳への登録"},
    {"ledger.change", "台帳の変更"},
    {"ledger.review", "定期点検"},
    {"ledger.end_report", "利用終了の報告"},
    {"ledger.end", "利用終了の完了"},
    {"ledger.export", "台帳の書き出し"},
    {"ledger.import", "台帳の取り込み"},
    {"checklist.record", "確認項目の記録"},
    {"certification.add", "認証の登録"},
    {"notification.done", "報告の受領"},
    {"audit.purge", "監査ログの整理"},
};

static const char *action_label(const char *action)
{
    for (size_t i = 0; i < sizeof action_labels / sizeof action_labels[0]; i++)
        if (strcmp(action_labels[i].action, action) == 0)
            return action_labels[i].label;
    return "";
}

typedef struct AuditPage {
    Web *w;
    Str rows;
    int n;
} AuditPage;

/* Stored data is JSON the use cases wrote; it is passed through as JSON
 * only when it still parses (a tampered row must not break the answer). */
static int json_ok(Arena *a, const char *text)
{
    Errors errs = {0};
    Jr r;
    jr_init(&r, "data", text, strlen(text), &errs, a);
    int ok = jr_skip(&r) && jr_finish(&r) && !r.failed;
    errors_free(&errs);
    return ok;
}

/* The stored JSON, escaped, with line-break opportunities after commas and
 * colons and within long runs (hashes, long texts): one long line would push
 * the table past the page's width. Runs are cut only between characters. */
static void data_html(Str *o, const char *data)
{
    enum { RUN = 32 };
    const char *p = data;
    while (*p) {
        size_t n = 0, chars = 0;
        while (p[n] && chars < RUN) {
            char c = p[n++];
            while ((p[n] & 0xC0) == 0x80)
                n++;
            chars++;
            if (c == ',' || c == ':')
                break;
        }
        char *piece = strndup(p, n);
        html(o, "%s<wbr>", piece ? piece : "");
        free(piece);
        p += n;
    }
}

static int audit_row(void *ctx, const AuditRow *e)
{
    AuditPage *pg = ctx;
    Web *w = pg->w;
    Str *o = &pg->rows;
    if (w->rq->is_api) {
        char jst[32];
        admin_time_jst(e->at, jst);
        str_appendf(o, "%s{\"seq\":%lld,\"at\":", pg->n++ ? "," : "", e->seq);
        str_append_json(o, e->at);
        str_append(o, ",\"at_jst\":");
        str_append_json(o, jst);
        str_append(o, ",\"actor\":");
        str_append_json(o, e->actor);
        str_append(o, ",\"action\":");
        str_append_json(o, e->action);
        str_append(o, ",\"object\":");
        str_append_json(o, e->object);
        str_append(o, ",\"data\":");
        if (e->data && json_ok(&w->app->arena, e->data))
            str_append(o, e->data);
        else
            str_append_json(o, e->data ? e->data : "");
        str_append(o, "}");
        return 0;
    }
    pg->n++;
    html(o, "<tr><td>%lld</td><td>", e->seq);
    admin_time(w, o, e->at);
    const char *label = action_label(e->action);
    html(o, "</td><td>%s</td><td>%s%H<code>%s</code></td><td>%s</td><td><code class=\"data\">", e->actor, label,
         *label ? "<br>" : "", e->action, e->object);
    data_html(o, e->data ? e->data : "");
    html(o, "</code></td></tr>");
    return 0;
}

static void chain_html(Str *b, const AuditCheck *c)
{
    if (c->bad_seq) {
        html(b, "<section class=\"chain error\" role=\"alert\"><h2>ハッシュチェーン: 異常</h2>"
                "<p class=\"message\">監査ログが壊れています: 番号 %lld — %s</p>"
                "<p>記録の改ざん・削除の疑いがあります。システム管理者に連絡し、<code>daicho audit verify</code> で確認してください。</p></section>",
             c->bad_seq, c->why);
        return;
    }
    html(b, "<section class=\"chain\"><h2>ハッシュチェーン: 正常</h2><p>監査ログは正常です: %lld 件（番号 %lld〜%lld）のハッシュチェーンを確認しました（全組織共通の記録）。</p></section>",
         c->checked, c->first_seq, c->last_seq);
}

void page_audit(Web *w)
{
    App *app = w->app;
    AuditCheck chk;
    AppRc rc = app_audit_verify(app, &chk);
    if (web_app_failed(w, rc))
        return;
    int page = admin_page_number(w);
    AuditFilter f = {app->org.id, web_param(w, "actor"), web_param(w, "action"), web_param(w, "object"), ADMIN_PAGE_ROWS,
                     (page - 1) * ADMIN_PAGE_ROWS};
    AuditPage pg = {w, STR_INIT, 0};
    long long total = 0;
    if (store_audit_page(app->db, &app->arena, &f, audit_row, &pg, &total) != 0) {
        web_app_failed(w, app_dbfail(app));
        str_free(&pg.rows);
        return;
    }
    Str *b = &w->rs->body;
    if (w->rq->is_api) {
        web_json_begin(w);
        str_appendf(b, "{\"chain\":{\"ok\":%s,\"checked\":%lld,\"first\":%lld,\"last\":%lld,\"bad\":", chk.bad_seq ? "false" : "true",
                    chk.checked, chk.first_seq, chk.last_seq);
        if (chk.bad_seq) {
            str_appendf(b, "%lld,\"why\":", chk.bad_seq);
            str_append_json(b, chk.why);
        } else {
            str_append(b, "null,\"why\":null");
        }
        str_appendf(b, "},\"total\":%lld,\"page\":%d,\"per_page\":%d,\"events\":[%s]}", total, page, ADMIN_PAGE_ROWS,
                    str_cstr(&pg.rows));
        str_free(&pg.rows);
        return;
    }
    page_begin(w, "監査記録");
    html(b, "<h1>監査記録 <small>%s</small></h1>", app->org.name);
    chain_html(b, &chk);
    html(b, "<form class=\"filters\" method=\"get\" action=\"/audit\">"
            "<p><label for=\"actor\">操作者（ログイン名）</label><input id=\"actor\" name=\"actor\" value=\"%s\"></p>"
            "<p><label for=\"action\">操作（先頭一致: user. など）</label><input id=\"action\" name=\"action\" value=\"%s\"></p>"
            "<p><label for=\"object\">対象（ledger:3 など）</label><input id=\"object\" name=\"object\" value=\"%s\"></p>"
            "<p><button type=\"submit\">絞り込む</button></p></form>",
         f.actor ? f.actor : "", f.action ? f.action : "", f.object ? f.object : "");
    static const char *const keep[] = {"actor", "action", "object", NULL};
    if (!pg.n) {
        html(b, "<p class=\"empty\">該当する記録はありません。</p>");
    } else {
        html(b, "<p>%lld 件（新しい順）</p><table class=\"list audit\"><thead><tr><th>番号</th><th>日時</th><th>操作者</th>"
                "<th>操作</th><th>対象</th><th>内容</th></tr></thead><tbody>%H</tbody></table>",
             total, str_cstr(&pg.rows));
        admin_pager(w, b, "/audit", page, total, keep);
    }
    page_end(w);
    str_free(&pg.rows);
}
