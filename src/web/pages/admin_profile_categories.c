/* The /profile page's sections for the service categories' own parts of the
 * profile, in the page's style (a table per kind of element, the clause in
 * its own column or beside the value): the web-meeting planner (kitakyushu
 * 6, docs/meetings.md), social media (tokyo-edu 10, docs/social.md) and mail
 * delivery (tokyo-edu 11, docs/mail.md); then the issue #6 sections
 * (admin_profile_incidents.c). Everything goes through html(). */
#include "web/pages/admin_profile_categories.h"

#include "policy/cond_format.h"
#include "policy/mail_policy.h"
#include "policy/meeting.h"
#include "policy/social.h"
#include "web/html.h"
#include "web/pages/admin_pages.h"

static const char *const sev_labels[] = {"参考", "注意", "禁止"};

static const char *role_label(const Profile *p, int r) { return r >= 0 ? p->roles[r].label : "（定めなし）"; }

void profile_categories_toc(const Profile *p, Str *b)
{
    if (p->meeting)
        html(b, "<li><a href=\"#meeting\">ウェブ会議の開催計画</a></li>");
    if (p->social)
        html(b, "<li><a href=\"#social\">ソーシャルメディア</a></li>");
    if (p->mail)
        html(b, "<li><a href=\"#mail\">連絡用メール配信</a></li>");
    profile_incidents_toc(p, b);
}

/* A condition cell: the condition as `profile show` writes it, or 常に. */
static void when_cell(const Profile *p, const Cond *when, Str *b)
{
    if (!when) {
        html(b, "<td>常に</td>");
        return;
    }
    Str c = STR_INIT;
    cond_format(p, when, &c);
    html(b, "<td><code>%s</code></td>", str_cstr(&c));
    str_free(&c);
}

/* One row of a table of rules (conflicts, posting rules): 根拠・重さ・指摘・条件. */
static void rule_row(const Profile *p, Str *b, const char *id, const char *clause, Severity sev, const char *msg,
                     const Cond *when)
{
    html(b, "<tr><td class=\"clause\">%s</td><td class=\"finding-%s\">%s</td><td>%s<br><small><code>%s</code></small></td>",
         clause, severity_names[sev], sev_labels[sev], msg, id);
    when_cell(p, when, b);
    html(b, "</tr>");
}

static void rule_table_open(Str *b)
{
    html(b, "<table class=\"list\"><thead><tr><th>根拠</th><th>重さ</th><th>指摘</th><th>条件</th></tr></thead><tbody>");
}

static void meeting_section(const Profile *p, Str *b)
{
    const MeetingPlanner *mp = p->meeting;
    html(b, "<section id=\"meeting\"><h2>ウェブ会議の開催計画");
    admin_clause(b, mp->clause);
    html(b, "</h2><h3>会議ごとに求める措置 <small>条件が成り立つ会議に示す</small></h3><table class=\"list\"><thead><tr>"
            "<th>根拠</th><th>措置</th><th>条件</th></tr></thead><tbody>");
    for (int i = 0; i < mp->n_measures; i++) {
        const MeetingMeasure *m = &mp->measures[i];
        html(b, "<tr><td class=\"clause\">%s</td><td>%s%s<br><small><code>%s</code>", m->clause, m->text,
             m->should ? "（努力・推奨）" : "", m->id);
        if (m->item_id)
            html(b, " 要件 <code>%s</code>", m->item_id);
        html(b, "</small></td>");
        when_cell(p, m->when, b);
        html(b, "</tr>");
    }
    html(b, "</tbody></table><h3>計画と基準の食い違い <small>条件が成り立つと指摘</small></h3>");
    rule_table_open(b);
    for (int i = 0; i < mp->n_conflicts; i++) {
        const MeetingConflict *c = &mp->conflicts[i];
        rule_row(p, b, c->id, c->clause, c->severity, c->message, c->when);
    }
    html(b, "</tbody></table></section>");
}

/* 設定の一覧: who keeps the register, the password policy, shortener hosts
 * (cited through the posting rules that read a post's URL hosts: the list
 * has no clause of its own) and the monitoring interval. */
static void social_settings(const Profile *p, const SocialPolicy *s, Str *b)
{
    html(b, "<table class=\"fields\"><tbody><tr><th>公式アカウントの台帳を管理する者</th><td>%s", role_label(p, s->manager_role));
    admin_clause(b, s->manager_clause);
    Str cls = STR_INIT;
    for (int k = 0; password_class_names[k]; k++)
        if (s->password.classes & (1u << k))
            str_appendf(&cls, "%s%s", cls.len ? "・" : "", password_class_labels[k]);
    html(b, "</td></tr><tr><th>パスワードポリシー</th><td>%d 文字以上、%sのうち %d 種類以上", s->password.min_length,
         str_cstr(&cls), s->password.min_classes);
    str_free(&cls);
    admin_clause(b, s->password.clause);
    html(b, "</td></tr>");
    if (s->n_shorteners) {
        html(b, "<tr><th>URL短縮サービスのホスト</th><td>");
        for (int i = 0; i < s->n_shorteners; i++)
            html(b, "%s<code>%s</code>", i ? " " : "", s->shorteners[i]);
        for (int i = 0; i < s->n_post_rules; i++)
            if (s->post_rules[i].when && (s->post_rules[i].when->reads & FIELD_BIT(F_POST_URL_HOSTS))) {
                html(b, "<br><small>ルール <code>%s</code> で参照</small>", s->post_rules[i].id);
                admin_clause(b, s->post_rules[i].clause);
            }
        html(b, "</td></tr>");
    }
    html(b, "<tr><th>監視の間隔</th><td>%d 日ごと", s->monitoring_days);
    admin_clause(b, s->monitoring_clause);
    html(b, "</td></tr></tbody></table>");
}

static void social_playbooks(const SocialPolicy *s, Str *b)
{
    html(b, "<h3>トラブル時の対応手順</h3>");
    for (int i = 0; i < s->n_playbooks; i++) {
        const Playbook *pb = &s->playbooks[i];
        html(b, "<h4>%s <small><code>%s</code></small>", pb->label, pb->id);
        admin_clause(b, pb->clause);
        html(b, "</h4><ol>");
        for (int j = 0; j < pb->n_steps; j++) {
            html(b, "<li>%s", pb->steps[j].text);
            for (int k = 0; k < pb->steps[j].n_notify; k++)
                html(b, "%s%s", k ? "、" : "<br><small>連絡先: ", pb->steps[j].notify[k]);
            html(b, "%s</li>", pb->steps[j].n_notify ? "</small>" : "");
        }
        html(b, "</ol>");
    }
}

static void social_section(const Profile *p, Str *b)
{
    const SocialPolicy *s = p->social;
    html(b, "<section id=\"social\"><h2>ソーシャルメディアの利用");
    admin_clause(b, s->clause);
    html(b, "</h2>");
    social_settings(p, s, b);
    html(b, "<h3>アカウントの確認項目</h3><table class=\"list\"><thead><tr><th>根拠</th><th>確認項目</th></tr></thead><tbody>");
    for (int i = 0; i < s->n_checks; i++)
        html(b, "<tr><td class=\"clause\">%s</td><td>%s%s<br><small><code>%s</code></small></td></tr>", s->checks[i].clause,
             s->checks[i].text, s->checks[i].should ? "（努力・推奨）" : "", s->checks[i].id);
    html(b, "</tbody></table><h3>投稿前の確認ルール <small>条件が成り立つと指摘</small></h3>");
    rule_table_open(b);
    for (int i = 0; i < s->n_post_rules; i++) {
        const PostRule *r = &s->post_rules[i];
        rule_row(p, b, r->id, r->clause, r->severity, r->message, r->when);
    }
    html(b, "</tbody></table><h3>投稿者が確認する事項</h3><table class=\"list\"><thead><tr><th>根拠</th><th>事項</th></tr></thead><tbody>");
    for (int i = 0; i < s->n_prohibited; i++)
        html(b, "<tr><td class=\"clause\">%s</td><td>%s<br><small><code>%s</code></small></td></tr>", s->prohibited[i].clause,
             s->prohibited[i].text, s->prohibited[i].id);
    html(b, "</tbody></table>");
    social_playbooks(s, b);
    html(b, "</section>");
}

static void mail_rule(Str *b, const char *what, const MailRule *r, const char *note)
{
    html(b, "<tr><th>%s</th><td>%s", what, r->text);
    if (note && *note)
        html(b, "<br><small>%s</small>", note);
    admin_clause(b, r->clause);
    html(b, "</td></tr>");
}

static void mail_rules(const Profile *p, const MailPolicy *m, Str *b)
{
    html(b, "<table class=\"fields\"><tbody><tr><th>運用方針を定め同意を記録する者</th><td>%s", role_label(p, m->manager_role));
    admin_clause(b, m->manager_clause);
    html(b, "</td></tr>");
    mail_rule(b, "運用方針", &m->policy, NULL);
    Str note = STR_INIT;
    if (m->opt_in_only)
        str_append(&note, "明示の申込みだけを同意として記録する。");
    if (m->consent_needs_issued)
        str_append(&note, "発行済みの運用方針の下でだけ同意を記録する。");
    mail_rule(b, "同意", &m->consent, str_cstr(&note));
    str_free(&note);
    if (m->alternative_required)
        str_append(&note, "辞退・撤回には、代わりに用意した連絡手段を記録する。");
    for (int i = 0; i < m->n_alternative_examples; i++)
        str_appendf(&note, "%s%s", i ? "、" : " 例: ", m->alternative_examples[i]);
    mail_rule(b, "代替手段", &m->alternative, str_cstr(&note));
    str_free(&note);
    html(b, "</tbody></table>");
}

static void mail_document(const MailPolicy *m, Str *b)
{
    html(b, "<h3>別紙「%s」%s", m->title, m->is_sample ? "（記載例）" : "");
    admin_clause(b, m->clause);
    html(b, "</h3>");
    if (m->sample_note)
        html(b, "<p class=\"note\">%s</p>", m->sample_note);
    const char *const heads[] = {"日付", "文書番号", "発信者", "学校名"};
    const char *const vals[] = {m->date_sample, m->number_sample, m->issuer_sample, m->school_sample};
    html(b, "<table class=\"fields\"><tbody>");
    for (int i = 0; i < 4; i++)
        if (vals[i])
            html(b, "<tr><th>%s</th><td>%s</td></tr>", heads[i], vals[i]);
    html(b, "</tbody></table><table class=\"list\"><thead><tr><th>根拠</th><th>項目</th><th>書くこと</th><th>記載例</th></tr></thead><tbody>");
    for (int i = 0; i < m->n_sections; i++) {
        const MailSection *sec = &m->sections[i];
        html(b, "<tr><td class=\"clause\">%s</td><td>%s %s%s<br><small><code>%s</code></small></td><td>%s</td><td class=\"pre\">%s</td></tr>",
             sec->clause, sec->number, sec->heading, sec->required ? "（必須）" : "（任意）", sec->id,
             sec->prompt ? sec->prompt : "", sec->sample ? sec->sample : "");
    }
    html(b, "</tbody></table>");
}

static void mail_section(const Profile *p, Str *b)
{
    const MailPolicy *m = p->mail;
    html(b, "<section id=\"mail\"><h2>連絡用メール配信</h2>");
    mail_rules(p, m, b);
    mail_document(m, b);
    html(b, "</section>");
}

void profile_categories_sections(const Profile *p, Str *b)
{
    if (p->meeting)
        meeting_section(p, b);
    if (p->social)
        social_section(p, b);
    if (p->mail)
        mail_section(p, b);
    profile_incidents_sections(p, b);
}
