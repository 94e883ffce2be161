/* What the planner's pages share (web/pages/meeting_pages.h). */
#include <stdio.h>
#include <string.h>

#include "web/html.h"
#include "web/layout.h"
#include "web/pages/meeting_pages.h"

static const struct {
    int field;
    const char *label;
} labels[] = {
    {F_INFO_CONFIDENTIALITY, "会議で扱う情報の機密性"},
    {F_SERVICE_NAME, "ウェブ会議サービスの名称"},
    {F_SERVICE_PROVIDER, "サービスの提供者"},
    {F_SERVICE_PRICING, "料金"},
    {F_SERVICE_CONTRACT, "契約"},
    {F_SERVICE_DATA_LOCATIONS, "データセンターの所在国"},
    {F_SERVICE_E2E_ENCRYPTION, "エンドツーエンド（E2E）暗号化に対応"},
    {F_MEETING_ROLE, "会議での立場"},
    {F_MEETING_HOSTING, "サービスの形態"},
    {F_MEETING_EXTERNAL_PARTICIPANTS, "組織外の参加者がいる"},
    {F_MEETING_PARTICIPANTS, "参加人数（見込み）"},
    {F_MEETING_FEATURES, "使う機能"},
    {F_MEETING_PASSWORD, "会議室にパスワードをかける"},
    {F_MEETING_WAITING_ROOM, "待機室を使う"},
    {F_MEETING_PRE_REGISTRATION, "参加者の事前登録を使う"},
    {F_MEETING_SECURE_DELETE, "録画データをクラウドから完全に削除できる（セキュアデリート）"},
    {F_MEETING_ORGANIZATION_DEVICE, "組織が支給した端末から参加する"},
};

const char *meeting_field_label(int f)
{
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (labels[i].field == f)
            return labels[i].label;
    return field_defs[f].path;
}

/* "a.b, c.d" (field paths) as "label（a.b）、label（c.d）". */
static void missing_html(Str *b, const char *paths)
{
    const char *s = paths;
    int n = 0;
    while (*s) {
        const char *e = strstr(s, ", ");
        size_t len = e ? (size_t)(e - s) : strlen(s);
        char path[96];
        snprintf(path, sizeof path, "%.*s", (int)(len < sizeof path ? len : sizeof path - 1), s);
        int f = field_lookup(path);
        html(b, "%s%s<small class=\"path\">（%s）</small>", n++ ? "、" : "", f >= 0 ? meeting_field_label(f) : path, path);
        s += len;
        if (e)
            s += 2;
    }
}

int meeting_section_or_404(Web *w)
{
    const Profile *p = w->app->profile;
    if (p && p->meeting)
        return 1;
    web_error(w, 404, "この組織の基準にはウェブ会議サービスの利用手順（ウェブ会議の開催計画）の定めがありません", NULL);
    return 0;
}

int meeting_load(Web *w, MeetingRow *out, MeetingView *v)
{
    if (!meeting_section_or_404(w))
        return 0;
    if (web_app_failed(w, app_meeting_get(w->app, w->rq->path_arg[0], out)))
        return 0;
    Errors errs = {0};
    int ok = meeting_view_read(out->result, &w->app->arena, v, &errs) == 0;
    errors_free(&errs);
    if (!ok)
        web_error(w, 500, "保存された会議計画の評価結果を読めません", NULL);
    return ok;
}

static const char *severity_class(const char *s)
{
    return !strcmp(s, "block") ? "meeting-block" : !strcmp(s, "warn") ? "meeting-warn" : "meeting-info";
}

void meeting_view_html(Str *b, const MeetingView *v, int checkboxes)
{
    const char *vc = !strcmp(v->verdict, "ready") ? "meeting-ready" : !strcmp(v->verdict, "blocked") ? "meeting-block" : "meeting-warn";
    html(b, "<div class=\"meeting-result\"><p class=\"meeting-verdict %s\" data-verdict=\"%s\">判定: <strong>%s</strong></p>", vc,
         v->verdict, meeting_verdict_label(v->verdict));
    html(b, "<p class=\"meeting-track\">取り扱う情報: %s → %s</p>", v->confidentiality_label ? v->confidentiality_label : "",
         v->track_label ? v->track_label : v->track);
    html(b, "<h2>抵触する点（%d 件）</h2>", v->n_conflicts);
    if (v->n_conflicts == 0)
        html(b, "<p class=\"meeting-no-conflict\">基準に抵触する点はありません。</p>");
    else
        html(b, "<ul class=\"meeting-conflicts\">");
    for (int i = 0; i < v->n_conflicts; i++) {
        const MeetingViewConflict *c = &v->conflicts[i];
        html(b, "<li class=\"%s\" data-conflict=\"%s\"><span class=\"meeting-sev\">%s</span> <span class=\"meeting-clause\">[%s]</span> %s",
             severity_class(c->severity), c->id, meeting_severity_label(c->severity), c->clause, c->message);
        if (c->undetermined) {
            html(b, "<br><small>判断に必要な情報がありません: ");
            missing_html(b, c->missing);
            html(b, "</small>");
        }
        html(b, "</li>");
    }
    if (v->n_conflicts)
        html(b, "</ul>");
    if (*v->missing) {
        html(b, "<p class=\"meeting-missing\">不足している情報: ");
        missing_html(b, v->missing);
        html(b, "</p>");
    }
    html(b, "<h2>主催者・参加者が講ずる対策（%d 件）</h2><table class=\"list meeting-measures\"><thead><tr>%H<th>条項</th><th>区分</th>"
            "<th>対策</th></tr></thead><tbody>",
         v->n_measures, checkboxes ? "<th class=\"meeting-box\">確認</th>" : "");
    for (int i = 0; i < v->n_measures; i++) {
        const MeetingViewMeasure *m = &v->measures[i];
        int should = !strcmp(m->level, "should");
        html(b, "<tr data-measure=\"%s\">%H<td class=\"meeting-clause\">%s</td><td>%s</td><td>%s</td></tr>", m->id,
             checkboxes ? "<td class=\"meeting-box\">□</td>" : "", m->clause, should ? "望ましい" : "必須", m->text);
    }
    html(b, "</tbody></table></div>");
}
