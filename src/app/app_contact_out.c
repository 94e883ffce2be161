/* What the contact chart looks like outside (app/app_contacts.h): the JSON
 * of a view (CLI and API), the CSV export (BOM, CRLF, like the ledger's) and
 * the template document. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_contacts.h"
#include "app/app_internal.h"
#include "exchange/contact_json.h"
#include "exchange/csv.h"
#include "policy/approach.h"

static void json_or_null(Str *o, const char *name, const char *v)
{
    str_append_json_member(o, name, v);
}

void app_contact_view_json(App *app, const ContactView *v, const char *versions, Str *o)
{
    const ContactPolicy *cp = app->profile->contacts;
    const EntryRow *e = &v->entry;
    str_appendf(o, "{\"number\":%lld", e->number);
    str_append_json_member(o, "service", e->service_name);
    str_append_json_member(o, "entry_state", entry_state_names[e->state]);
    str_append_json_member(o, "status", contact_status_names[v->status]);
    str_append_json_member(o, "status_label", contact_status_labels[v->status]);
    json_or_null(o, "clause", cp->clause);
    str_appendf(o, ",\"review_months\":%d", v->review_months);
    json_or_null(o, "review_due", v->has_chart ? v->review_due : NULL);
    str_appendf(o, ",\"after_hours_required\":%s,\"may_keep\":%s", cp->after_hours_required ? "true" : "false",
                v->may_keep ? "true" : "false");
    if (v->has_chart) {
        str_appendf(o, ",\"version\":%d", v->row.version);
        str_append_json_member(o, "saved_by", v->row.saved_by);
        str_append_json_member(o, "saved_at", v->row.saved_at);
        str_append_json_member(o, "note", v->row.note);
    } else {
        str_append(o, ",\"version\":null,\"saved_by\":null,\"saved_at\":null,\"note\":null");
    }
    int ap = v->has_chart ? v->chart.approach : APPROACH_NONE;
    str_append_json_member(o, "approach", approach_names[ap]);
    str_append_json_member(o, "approach_label", approach_labels[ap]);
    str_append_json_member(o, "approach_action", approach_actions[ap]);
    json_or_null(o, "approach_clause", cp->approach_clause);
    json_or_null(o, "escalation_clause", cp->escalation_clause);
    str_append(o, ",\"chart\":");
    if (v->has_chart)
        contact_chart_write(&v->chart, o);
    else
        str_append(o, "null");
    str_append(o, ",\"findings\":[");
    for (int i = 0; i < v->n_findings; i++) {
        str_appendf(o, "%s{\"severity\":\"%s\"", i ? "," : "", v->findings[i].block ? "block" : "warn");
        json_or_null(o, "clause", v->findings[i].clause);
        str_append_json_member(o, "message", v->findings[i].message);
        str_appendc(o, '}');
    }
    str_append(o, "],\"escalation_path\":[");
    for (int i = 0; i < v->n_path; i++) {
        const ContactPathStep *s = &v->path[i];
        str_appendf(o, "%s{\"step\":%d", i ? "," : "", i + 1);
        str_append_json_member(o, "role", s->role);
        str_append_json_member(o, "label", s->label);
        json_or_null(o, "clause", s->clause);
        json_or_null(o, "phone", s->numbers ? s->numbers->phone : NULL);
        json_or_null(o, "after_hours", s->numbers ? s->numbers->after_hours : NULL);
        json_or_null(o, "step_note", s->numbers ? s->numbers->note : NULL);
        str_append(o, ",\"people\":[");
        for (int k = 0; k < s->n_people; k++) {
            const ContactPerson *p = &s->people[k];
            str_append(o, k ? ",{\"login\":" : "{\"login\":");
            str_append_json(o, p->login);
            str_append_json_member(o, "name", p->name);
            str_append_json_member(o, "department", p->department);
            str_append_json_member(o, "title", p->title);
            str_append_json_member(o, "email", p->email);
            str_appendc(o, '}');
        }
        str_append(o, "]}");
    }
    str_append(o, "]");
    if (versions) {
        str_append(o, ",\"versions\":");
        str_append(o, versions);
    }
    str_appendc(o, '}');
}

/* ---- CSV ---- */

static const char *const csv_headers[] = {"台帳番号", "サービス名", "区分",   "組織",     "部署・役職", "氏名",
                                          "電話",     "メール",     "時間帯", "受付時間", "備考",       "版",
                                          "最終確認", NULL};

static void row(Str *o, const ContactView *v, const char *kind, const char *org, const char *dept, const char *name,
                const char *phone, const char *email, const char *cover, const char *hours, const char *note)
{
    char num[24], ver[16];
    snprintf(num, sizeof num, "%lld", v->entry.number);
    snprintf(ver, sizeof ver, "%d", v->row.version);
    const char *f[] = {num, v->entry.service_name, kind, org, dept, name, phone, email, cover, hours, note, ver,
                       v->row.saved_at};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        csv_write_field(o, i == 0, f[i] ? f[i] : "");
    csv_end_row(o);
}

static long long chart_rows(const ContactView *v, Str *o)
{
    long long n = 0;
    char cover[128];
    for (int i = 0; i < v->chart.n_provider; i++, n++) {
        const Contact *c = &v->chart.provider[i];
        row(o, v, "提供者", c->organization, c->department, c->name, c->phone, c->email,
            contact_cover_text(c->cover, cover, sizeof cover), c->hours, c->note);
    }
    for (int s = 0; s < v->chart.n_subs; s++) {
        const Subcontractor *sub = &v->chart.subs[s];
        for (int i = 0; i < sub->n_contacts; i++, n++) {
            const Contact *c = &sub->contacts[i];
            char note[CONTACT_TEXT_MAX * 4 + 64];
            snprintf(note, sizeof note, "委託の範囲: %s%s%s", sub->scope ? sub->scope : "", c->note ? " / " : "",
                     c->note ? c->note : "");
            row(o, v, "委託事業者", c->organization ? c->organization : sub->organization, c->department, c->name, c->phone,
                c->email, contact_cover_text(c->cover, cover, sizeof cover), c->hours, note);
        }
    }
    for (int i = 0; i < v->n_path; i++, n++) {
        const ContactPathStep *s = &v->path[i];
        Str names = STR_INIT, mails = STR_INIT;
        for (int k = 0; k < s->n_people; k++) {
            str_appendf(&names, "%s%s", k ? "、" : "", s->people[k].name);
            if (s->people[k].email && *s->people[k].email)
                str_appendf(&mails, "%s%s", mails.len ? " " : "", s->people[k].email);
        }
        char kind[64];
        snprintf(kind, sizeof kind, "庁内%d", i + 1);
        row(o, v, kind, "", s->label, str_cstr(&names), s->numbers ? s->numbers->phone : NULL, str_cstr(&mails),
            s->numbers && s->numbers->after_hours ? "休日・夜間あり" : "", s->numbers ? s->numbers->after_hours : NULL,
            s->numbers ? s->numbers->note : NULL);
        str_free(&names);
        str_free(&mails);
    }
    row(o, v, "対処方針", "", "", "", "", "", "", "", approach_labels[v->chart.approach]);
    row(o, v, "エスカレーション", "", "", "", "", "", "", "", v->chart.escalation_timing);
    return n + 2;
}

typedef struct Numbers {
    long long *v;
    int n, cap;
} Numbers;

static int collect_number(void *ctx, const ContactDueRow *r)
{
    Numbers *nb = ctx;
    if (!r->saved_at)
        return 0;
    if (nb->n == nb->cap) {
        int cap = nb->cap ? nb->cap * 2 : 256;
        long long *v = realloc(nb->v, sizeof *v * (size_t)cap);
        if (!v)
            return 1;
        nb->v = v;
        nb->cap = cap;
    }
    nb->v[nb->n++] = r->number;
    return 0;
}

AppRc app_contact_csv(App *app, long long number, Str *out, long long *rows)
{
    app_scratch(app);
    if (!app->acting)
        return app_fail(app, APP_INVALID, NULL, "操作する利用者を --as LOGIN で指定してください");
    if (!app->profile->contacts)
        return app_fail(app, APP_INVALID, NULL, "この団体の基準（%s）には連絡体制図の定めがありません", app->profile->id);
    /* The entries first (heap: every view resets the arena). */
    Numbers nb = {NULL, 0, 0};
    if (number) {
        nb.v = malloc(sizeof *nb.v);
        if (nb.v)
            nb.v[nb.n++] = number;
    } else if (store_contact_due(app->db, &app->arena, app->org.id, collect_number, &nb) != 0) {
        free(nb.v);
        return app_dbfail(app);
    }
    if (number && !nb.v)
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    long long total = 0;
    csv_write_bom(out);
    for (int i = 0; csv_headers[i]; i++)
        csv_write_field(out, i == 0, csv_headers[i]);
    csv_end_row(out);
    AppRc rc = APP_OK;
    ContactView v;
    for (int i = 0; i < nb.n && rc == APP_OK; i++) {
        rc = app_contact_view(app, nb.v[i], &v);
        if (rc == APP_OK && v.has_chart)
            total += chart_rows(&v, out);
    }
    free(nb.v);
    if (rc == APP_OK && str_failed(out))
        rc = app_fail(app, APP_DBFAIL, NULL, "out of memory");
    if (rows)
        *rows = total;
    return rc;
}

/* ---- the template ---- */

void app_contact_sample(const Profile *p, Str *o)
{
    const ContactPolicy *cp = p->contacts;
    str_append(o, "{\n  \"provider\": [\n"
                  "    {\"organization\": \"株式会社サンプルクラウド\", \"department\": \"カスタマーサポート\", \"phone\": \"03-0000-0000\",\n"
                  "     \"email\": \"support@example.jp\", \"hours\": \"平日 9:00～18:00\", \"coverage\": [\"weekday\"]},\n"
                  "    {\"organization\": \"株式会社サンプルクラウド\", \"department\": \"障害受付センター\", \"phone\": \"0120-000-000\",\n"
                  "     \"hours\": \"24時間365日\", \"coverage\": [\"24h\"], \"note\": \"休日・夜間はこちら\"}\n  ],\n"
                  "  \"has_subcontractors\": true,\n"
                  "  \"subcontractors\": [\n"
                  "    {\"organization\": \"サンプルデータセンター株式会社\", \"scope\": \"データセンターの運用\",\n"
                  "     \"contacts\": [{\"department\": \"運用センター\", \"phone\": \"06-0000-0000\", \"coverage\": [\"24h\"]}]}\n  ],\n"
                  "  \"escalation\": [\n"
                  "    {\"role\": \"administrator\", \"phone\": \"内線 1234\", \"after_hours\": \"業務用携帯 090-0000-0000\"}");
    for (int i = 0; cp && i < cp->n_steps; i++) {
        str_append(o, ",\n    {\"role\": ");
        str_append_json(o, p->roles[cp->steps[i].role].id);
        str_append(o, ", \"phone\": \"内線 0000\", \"note\": ");
        str_append_json(o, p->roles[cp->steps[i].role].label);
        str_append(o, "}");
    }
    str_append(o, "\n  ],\n  \"approach\": \"recovery_first\",\n"
                  "  \"escalation_timing\": \"提供者は障害を検知してから1時間以内に電話で第一報、以後4時間ごとに状況を報告する\",\n"
                  "  \"note\": \"\"\n}\n");
}
