/* GET /profile, /api/v1/profile: the organization's standard (its profile)
 * item by item, each with its clause, as `daicho profile show` prints it:
 * roles, classification levels, tracks and who applies, approves,
 * administers and registers, ledger fields, requirements by phase, risks,
 * rules, services that need no application, and the retention of the log;
 * then the service categories' own sections where the profile has them
 * (admin_profile_categories.c). */
#include <stdio.h>
#include <string.h>

#include "exchange/field_text.h"
#include "exchange/profile_json.h"
#include "policy/cond_format.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages/admin_pages.h"
#include "web/pages/admin_profile_categories.h"

static const char *role_label(const Profile *p, int r) { return r >= 0 ? p->roles[r].label : "（定めなし）"; }

static void tracks_note(Str *b, unsigned mask)
{
    if (mask == (1u << TRACK_COUNT) - 1)
        return;
    html(b, "<span class=\"tag\">%s</span>", (mask & (1u << TRACK_IMPORTANT)) ? "重要区分のみ" : "重要区分以外のみ");
}

static void header_section(Web *w, const Profile *p, Str *b)
{
    App *app = w->app;
    html(b, "<h1>基準: %s</h1><p class=\"lead\">%s「%s」</p>", p->organization, p->organization, p->document);
    html(b, "<table class=\"fields\"><tbody><tr><th>プロファイル</th><td>%s（版: %s）</td></tr>", p->id, p->version);
    html(b, "<tr><th>施行・改正日</th><td>");
    if (p->effective) {
        Str d = STR_INIT;
        date_text(p->effective, &d);
        page_date(w, b, str_cstr(&d));
        str_free(&d);
    } else {
        html(b, "記載なし");
    }
    html(b, "</td></tr><tr><th>出典</th><td>%s</td></tr>", p->source);
    html(b, "<tr><th>定期点検の間隔</th><td>%d か月</td></tr>", p->review_interval_months);
    html(b, "<tr><th>監査ログの保存期間</th><td>%d 日以上</td></tr></tbody></table>", p->log_retention_days);
    if (app->org.profile_version && strcmp(app->org.profile_version, p->version) != 0)
        html(b, "<p class=\"error\">組織の登録時の版は %s です。現在読み込まれている版（%s）で表示しています。</p>",
             app->org.profile_version, p->version);
    html(b, "<nav aria-label=\"目次\"><ul class=\"toc\"><li><a href=\"#roles\">役割</a></li><li><a href=\"#levels\">格付</a></li>"
            "<li><a href=\"#tracks\">区分と承認権限</a></li><li><a href=\"#ledger\">台帳項目</a></li>"
            "<li><a href=\"#items\">要件</a></li><li><a href=\"#risks\">リスク</a></li><li><a href=\"#rules\">ルール</a></li>"
            "<li><a href=\"#exempt\">申請不要のサービス</a></li>");
    profile_categories_toc(p, b);
    html(b, "</ul></nav>");
}

static void roles_section(const Profile *p, Str *b)
{
    html(b, "<section id=\"roles\"><h2>役割</h2><table class=\"list\"><thead><tr><th>役割</th><th>ID</th><th>根拠</th></tr></thead><tbody>");
    for (int i = 0; i < p->n_roles; i++)
        html(b, "<tr><td>%s</td><td><code>%s</code></td><td class=\"clause\">%s</td></tr>", p->roles[i].label, p->roles[i].id,
             p->roles[i].clause ? p->roles[i].clause : "");
    html(b, "</tbody></table></section>");
}

static void levels_section(const Profile *p, Str *b)
{
    static const char *const names[] = {"機密性", "完全性", "可用性"};
    html(b, "<section id=\"levels\"><h2>格付 <small>保護の高い順</small></h2>");
    for (int s = 0; s < SCHEME_COUNT; s++) {
        const Scheme *sc = &p->schemes[s];
        html(b, "<h3>%s: %s", names[s], sc->label);
        admin_clause(b, sc->clause);
        html(b, "</h3><table class=\"list\"><thead><tr><th>区分</th><th>内容</th><th>扱い</th></tr></thead><tbody>");
        for (int i = 0; i < sc->n_levels; i++)
            html(b, "<tr><td><code>%s</code></td><td>%s</td><td>%s%s</td></tr>", sc->levels[i].code, sc->levels[i].label,
                 sc->levels[i].important ? "重要区分 " : "", sc->levels[i].high ? "高可用性" : "");
        html(b, "</tbody></table>");
    }
    html(b, "</section>");
}

static void track_row(Str *b, const char *what, const char *value, const char *clause)
{
    html(b, "<tr><th>%s</th><td>%s", what, value);
    admin_clause(b, clause);
    html(b, "</td></tr>");
}

static void tracks_section(const Profile *p, Str *b)
{
    static const char *const basis[] = {"申請者", "許可権限者", "許可権限者が指名"};
    html(b, "<section id=\"tracks\"><h2>区分と承認権限</h2>");
    for (int t = 0; t < TRACK_COUNT; t++) {
        const Track *tr = &p->tracks[t];
        html(b, "<h3>%s <small><code>%s</code></small>", tr->label, tr->id);
        admin_clause(b, tr->clause);
        html(b, "</h3><table class=\"fields\"><tbody>");
        Str roles = STR_INIT;
        applicant_roles_text(p, t, &roles);
        track_row(b, "申請者", str_cstr(&roles), tr->applicant_clause);
        str_free(&roles);
        track_row(b, "許可権限者", role_label(p, tr->approver_role), tr->approver_clause);
        char admin[256];
        snprintf(admin, sizeof admin, "%s（%s）", role_label(p, tr->administrator_role), basis[tr->administrator]);
        track_row(b, "外部サービス管理者", admin, tr->administrator_clause);
        if (tr->registrar_role >= 0)
            track_row(b, "台帳登録", role_label(p, tr->registrar_role), tr->registrar_clause);
        if (tr->report_role >= 0)
            track_row(b, "台帳変更の報告先", role_label(p, tr->report_role), tr->report_clause);
        track_row(b, "職務の分離", tr->separation_of_duties ? "申請者は自分の申請を決定できない" : "定めなし",
                  tr->separation_of_duties ? tr->separation_clause : NULL);
        html(b, "</tbody></table>");
    }
    html(b, "</section>");
}

static void ledger_section(const Profile *p, Str *b)
{
    html(b, "<section id=\"ledger\"><h2>台帳項目</h2><table class=\"list\"><thead><tr><th>項目</th><th>必須</th>"
            "<th>申請書の項目</th><th>根拠</th></tr></thead><tbody>");
    for (int i = 0; i < p->n_ledger; i++) {
        const LedgerField *lf = &p->ledger[i];
        Str src = STR_INIT;
        for (int j = 0; j < lf->n_fields; j++)
            str_appendf(&src, "%s%s", j ? ", " : "", field_defs[lf->fields[j]].path);
        html(b, "<tr><td>%s</td><td>%s</td><td><code>%s</code></td><td class=\"clause\">%s</td></tr>", lf->label,
             lf->required ? "必須" : "任意", str_cstr(&src), lf->clause ? lf->clause : "");
        str_free(&src);
    }
    html(b, "</tbody></table></section>");
}

static void items_section(const Profile *p, Str *b)
{
    html(b, "<section id=\"items\"><h2>要件（段階ごとの確認項目）</h2>");
    unsigned all_cats = (1u << CATEGORY_COUNT) - 1;
    for (int ph = 0; ph < PHASE_COUNT; ph++) {
        int any = 0;
        for (int i = 0; i < p->n_items; i++) {
            const Item *it = &p->items[i];
            if ((int)it->phase != ph)
                continue;
            if (!any)
                html(b, "<h3 id=\"phase-%s\">%s</h3><table class=\"list\"><thead><tr><th>根拠</th><th>要件</th><th>対象・条件</th></tr></thead><tbody>",
                     phase_names[ph], phase_labels[ph]);
            any = 1;
            html(b, "<tr><td class=\"clause\">%s</td><td>%s%s<br><small><code>%s</code></small></td><td>", it->clause, it->text,
                 it->should ? "（努力・推奨）" : "", it->id);
            tracks_note(b, it->track_mask);
            if (it->category_mask != all_cats) {
                Str cats = STR_INIT;
                for (int c = 0; c < CATEGORY_COUNT; c++)
                    if (it->category_mask & (1u << c))
                        str_appendf(&cats, "%s%s", cats.len ? ", " : "", category_values[c]);
                html(b, " 種別: %s", str_cstr(&cats));
                str_free(&cats);
            }
            if (it->when) {
                Str c = STR_INIT;
                cond_format(p, it->when, &c);
                html(b, " 条件: <code>%s</code>", str_cstr(&c));
                str_free(&c);
            }
            html(b, "</td></tr>");
        }
        if (any)
            html(b, "</tbody></table>");
    }
    html(b, "</section>");
}

static void risks_rules_section(const Profile *p, Str *b)
{
    html(b, "<section id=\"risks\"><h2>受容すべきリスク</h2>");
    if (!p->n_risks)
        html(b, "<p class=\"empty\">この基準にはリスクの定めがありません。</p>");
    else
        html(b, "<table class=\"list\"><thead><tr><th>根拠</th><th>リスク</th><th>対象</th></tr></thead><tbody>");
    for (int i = 0; i < p->n_risks; i++) {
        html(b, "<tr><td class=\"clause\">%s</td><td>%s<br><small><code>%s</code></small></td><td>", p->risks[i].clause,
             p->risks[i].text, p->risks[i].id);
        tracks_note(b, p->risks[i].track_mask);
        html(b, "</td></tr>");
    }
    if (p->n_risks)
        html(b, "</tbody></table>");
    html(b, "</section>");

    static const char *const sev[] = {"参考", "注意", "禁止"};
    html(b, "<section id=\"rules\"><h2>ルール <small>条件が成り立つと指摘</small></h2><table class=\"list\"><thead><tr>"
            "<th>根拠</th><th>重さ</th><th>指摘</th><th>条件</th></tr></thead><tbody>");
    for (int i = 0; i < p->n_rules; i++) {
        const Rule *r = &p->rules[i];
        Str c = STR_INIT;
        cond_format(p, r->when, &c);
        html(b, "<tr><td class=\"clause\">%s</td><td class=\"finding-%s\">%s</td><td>%s%s<br><small><code>%s</code></small></td>"
                "<td><code>%s</code></td></tr>",
             r->clause, severity_names[r->severity], sev[r->severity], r->message, r->derived ? "（区分の定義から）" : "", r->id,
             str_cstr(&c));
        str_free(&c);
    }
    html(b, "</tbody></table></section>");

    html(b, "<section id=\"exempt\"><h2>利用申請を要しない外部サービス</h2>");
    if (p->exempt_clause) {
        html(b, "<p>この基準は、組織が申請不要のサービスを一覧に加えることを認めています");
        admin_clause(b, p->exempt_clause);
        html(b, "。組織の一覧は<a href=\"/exempt\">申請不要のサービス</a>にあります。</p>");
    }
    if (!p->n_exempts)
        html(b, "<p class=\"empty\">この基準には申請不要のサービスの一覧がありません%s。</p>",
             p->exempt_clause ? "" : "（すべての利用に申請が必要です）");
    else
        html(b, "<table class=\"list\"><thead><tr><th>サービス</th><th>ドメイン</th><th>申請不要の格付</th><th>通知</th><th>根拠</th></tr></thead><tbody>");
    const Scheme *conf = &p->schemes[SCHEME_CONFIDENTIALITY];
    for (int i = 0; i < p->n_exempts; i++) {
        const Exempt *ex = &p->exempts[i];
        Str doms = STR_INIT, classes = STR_INIT;
        for (int j = 0; j < ex->n_domains; j++)
            str_appendf(&doms, "%s%s", j ? ", " : "", ex->domains[j]);
        for (int j = 0; j < conf->n_levels; j++)
            if (ex->class_mask & (1u << j))
                str_appendf(&classes, "%s機密性%s", classes.len ? ", " : "", conf->levels[j].code);
        html(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td class=\"clause\">%s</td></tr>", ex->name, str_cstr(&doms),
             str_cstr(&classes), ex->notice ? ex->notice : "", ex->clause ? ex->clause : "");
        str_free(&doms);
        str_free(&classes);
    }
    if (p->n_exempts)
        html(b, "</tbody></table>");
    html(b, "</section>");
}

void page_profile(Web *w)
{
    const Profile *p = w->app->profile;
    Str *b = &w->rs->body;
    if (w->rq->is_api) {
        web_json_begin(w);
        profile_json(p, b);
        return;
    }
    page_begin(w, "基準");
    header_section(w, p, b);
    roles_section(p, b);
    levels_section(p, b);
    tracks_section(p, b);
    ledger_section(p, b);
    items_section(p, b);
    risks_rules_section(p, b);
    profile_categories_sections(p, b);
    page_end(w);
}
