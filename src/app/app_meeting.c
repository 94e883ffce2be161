/* The web-meeting planner's use cases (app/app_meeting.h). */
#include "app/app_meeting.h"

#include <string.h>

#include "app/app_internal.h"
#include "exchange/appdoc_json.h"
#include "exchange/appdoc_write.h"
#include "exchange/json_reader.h"
#include "store/audit.h"

/* ---- evaluation and its JSON ------------------------------------------ */

int meeting_plan_run(const Profile *p, const char *file, const char *json, size_t len, AppDoc *doc, MeetingResult *res,
                     Errors *errs)
{
    memset(res, 0, sizeof *res);
    if (!appdoc_parse_json_scoped(doc, p, file, json, len, SCOPE_MEETING, errs))
        return 0;
    if (!meeting_result_init(res, p)) {
        errors_add(errs, "%s: out of memory", file);
        return 0;
    }
    meeting_evaluate(doc, res);
    return 1;
}

static void json_missing(FieldMask m, Str *o)
{
    str_appendc(o, '[');
    int n = 0;
    for (int f = 0; f < F_COUNT; f++)
        if (m & FIELD_BIT(f)) {
            str_append(o, n++ ? "," : "");
            str_append_json(o, field_defs[f].path);
        }
    str_appendc(o, ']');
}

void meeting_result_json(const AppDoc *doc, const MeetingResult *res, int pretty, Str *o)
{
    const Profile *p = res->profile;
    const MeetingPlanner *mp = p->meeting;
    const char *nl = pretty ? "\n  " : "", *nl2 = pretty ? "\n    " : "", *sp = pretty ? " " : "";
    const Level *conf = &p->schemes[SCHEME_CONFIDENTIALITY].levels[doc->v[F_INFO_CONFIDENTIALITY].code];
    str_appendf(o, "{%s\"profile\":%s", nl, sp);
    str_append_json(o, p->id);
    str_appendf(o, ",%s\"profile_version\":%s", nl, sp);
    str_append_json(o, p->version);
    str_appendf(o, ",%s\"clause\":%s", nl, sp);
    str_append_json(o, mp->clause ? mp->clause : "");
    str_appendf(o, ",%s\"confidentiality\":%s", nl, sp);
    str_append_json(o, conf->code);
    str_appendf(o, ",%s\"confidentiality_label\":%s", nl, sp);
    str_append_json(o, conf->label);
    str_appendf(o, ",%s\"track\":%s\"%s\",%s\"track_label\":%s", nl, sp, track_values[res->track], nl, sp);
    str_append_json(o, p->tracks[res->track].label);
    str_appendf(o, ",%s\"verdict\":%s\"%s\",%s\"measures\":%s[", nl, sp, verdict_names[res->verdict], nl, sp);
    int n = 0;
    for (int i = 0; i < mp->n_measures; i++) {
        const MeetingMeasure *me = &mp->measures[i];
        if (!res->measure_applies[i])
            continue;
        str_appendf(o, "%s%s{\"id\":", n++ ? "," : "", nl2);
        str_append_json(o, me->id);
        str_append(o, ",\"item\":");
        if (me->item_id)
            str_append_json(o, me->item_id);
        else
            str_append(o, "null");
        str_append(o, ",\"clause\":");
        str_append_json(o, me->clause);
        str_appendf(o, ",\"level\":\"%s\",\"text\":", me->should ? "should" : "must");
        str_append_json(o, me->text);
        str_appendc(o, '}');
    }
    str_appendf(o, "%s],%s\"conflicts\":%s[", n ? nl : "", nl, sp);
    for (int i = 0; i < res->n_findings; i++) {
        const MeetingFinding *f = &res->findings[i];
        str_appendf(o, "%s%s{\"id\":", i ? "," : "", nl2);
        str_append_json(o, f->conflict->id);
        str_appendf(o, ",\"severity\":\"%s\",\"clause\":", severity_names[f->severity]);
        str_append_json(o, f->conflict->clause);
        str_append(o, ",\"message\":");
        str_append_json(o, f->conflict->message);
        str_appendf(o, ",\"undetermined\":%s,\"missing\":", f->undetermined ? "true" : "false");
        json_missing(f->missing, o);
        str_appendc(o, '}');
    }
    str_appendf(o, "%s],%s\"missing_fields\":%s", res->n_findings ? nl : "", nl, sp);
    json_missing(res->missing, o);
    str_appendf(o, "%s}%s", pretty ? "\n" : "", pretty ? "\n" : "");
}

/* ---- use cases --------------------------------------------------------- */

static AppRc need_actor(App *app)
{
    return app->acting ? APP_OK : app_fail(app, APP_INVALID, NULL, "操作する利用者を --as LOGIN で指定してください");
}

AppRc app_meeting_available(App *app)
{
    if (app->profile && app->profile->meeting)
        return APP_OK;
    return app_fail(app, APP_INVALID, NULL, "この組織の基準（%s）にはウェブ会議サービスの利用手順の定めがないため、ウェブ会議の開催計画は使えません",
                    app->profile ? app->profile->id : "-");
}

AppRc app_meeting_plan(App *app, const char *file, const char *json, size_t len, AppDoc *doc, MeetingResult *res)
{
    app_scratch(app);
    memset(res, 0, sizeof *res);
    arena_init(&doc->arena, doc->inline_buf, sizeof doc->inline_buf); /* the caller may always appdoc_free */
    AppRc rc = need_actor(app);
    if (rc || (rc = app_meeting_available(app)))
        return rc;
    Errors errs = {0};
    if (meeting_plan_run(app->profile, file, json, len, doc, res, &errs)) {
        errors_free(&errs);
        return APP_OK;
    }
    str_reset(&app->err);
    for (int i = 0; i < errs.count; i++)
        str_appendf(&app->err, "%s%s", i ? "\n" : "", errs.msg[i]);
    if (errs.dropped)
        str_appendf(&app->err, "\n(ほか %d 件)", errs.dropped);
    errors_free(&errs);
    app->clause = NULL;
    return APP_INVALID;
}

enum { TITLE_MAX_CHARS = 200 };

static AppRc check_title_date(App *app, const char *title, const char *date)
{
    if (!title || !*title)
        return app_fail(app, APP_INVALID, NULL, "title: 会議の名称を入力してください");
    size_t chars = 0;
    for (const unsigned char *s = (const unsigned char *)title; *s; s++) {
        if (*s < 0x20 || *s == 0x7f)
            return app_fail(app, APP_INVALID, NULL, "title: 会議の名称に改行や制御文字は使えません");
        chars += (*s & 0xc0) != 0x80;
    }
    if (chars > TITLE_MAX_CHARS)
        return app_fail(app, APP_INVALID, NULL, "title: 会議の名称は %d 文字以内にしてください（%zu 文字）", TITLE_MAX_CHARS, chars);
    int d;
    if (!date || !date_parse(date, &d))
        return app_fail(app, APP_INVALID, NULL, "date: 開催日 '%s' は YYYY-MM-DD の日付ではありません", date ? date : "");
    return APP_OK;
}

AppRc app_meeting_save(App *app, const char *title, const char *date, const char *file, const char *json, size_t len,
                       long long *id, Verdict *verdict)
{
    AppDoc doc;
    MeetingResult res;
    AppRc rc = app_meeting_plan(app, file, json, len, &doc, &res);
    if (rc == APP_OK)
        rc = check_title_date(app, title, date);
    Str docj = STR_INIT, resj = STR_INIT, data = STR_INIT;
    if (rc == APP_OK) {
        appdoc_write_json(&doc, 0, &docj);
        meeting_result_json(&doc, &res, 0, &resj);
        if (str_failed(&docj) || str_failed(&resj))
            rc = app_fail(app, APP_DBFAIL, NULL, "out of memory");
    }
    if (rc == APP_OK) {
        const Profile *p = app->profile;
        MeetingRow row = {
            .org_id = app->org.id,
            .host_id = app->user.id,
            .title = title,
            .date = date,
            .track = track_values[res.track],
            .confidentiality = p->schemes[SCHEME_CONFIDENTIALITY].levels[doc.v[F_INFO_CONFIDENTIALITY].code].code,
            .verdict = verdict_names[res.verdict],
            .doc = str_cstr(&docj),
            .result = str_cstr(&resj),
            .created_at = app->now,
        };
        /* The document is in the row; the chain keeps its hash. */
        char hash[AUDIT_HASH_HEX];
        audit_hash(0, "", "", 0, "", "", row.doc, "", hash);
        str_append(&data, "{\"title\":");
        str_append_json(&data, title);
        str_appendf(&data, ",\"date\":\"%s\",\"track\":\"%s\",\"verdict\":\"%s\",\"conflicts\":%d,\"doc_sha\":\"%s\"}",
                    date, row.track, row.verdict, res.n_findings, hash);
        if (str_failed(&data))
            rc = app_fail(app, APP_DBFAIL, NULL, "out of memory");
        else if (audit_begin(app->db) != 0 || store_meeting_insert(app->db, &row, id) != 0 ||
                 app_audit(app, "meeting.save", app_object(app, "meeting", *id), str_cstr(&data)) != 0 ||
                 db_commit(app->db) != 0)
            rc = app_dbfail(app);
        else if (verdict)
            *verdict = res.verdict;
    }
    str_free(&docj);
    str_free(&resj);
    str_free(&data);
    meeting_result_free(&res);
    appdoc_free(&doc);
    return rc;
}

static int may_read_all(const App *app)
{
    return app->actor.is_admin || app->user.is_auditor;
}

AppRc app_meeting_get(App *app, long long id, MeetingRow *out)
{
    app_scratch(app);
    AppRc rc = need_actor(app);
    if (rc || (rc = app_meeting_available(app)))
        return rc;
    int found = store_meeting_get(app->db, &app->arena, app->org.id, id, out);
    if (found < 0)
        return app_dbfail(app);
    /* A plan that is not there and one the user may not read are answered
     * alike, so that ids do not tell who plans which meetings. */
    if (!found || (out->host_id != app->user.id && !may_read_all(app))) {
        rc = app_fail(app, APP_INVALID, NULL,
                      "会議計画 %lld はないか、見る権限がありません（見られるのは主催者本人・システム管理者・監査担当です）", id);
        app->denied = 1;
        return rc;
    }
    return APP_OK;
}

AppRc app_meeting_list(App *app, int all, int (*fn)(void *ctx, const MeetingRow *row), void *ctx)
{
    app_scratch(app);
    AppRc rc = need_actor(app);
    if (rc || (rc = app_meeting_available(app)))
        return rc;
    if (all && !may_read_all(app)) {
        rc = app_fail(app, APP_INVALID, NULL, "組織のすべての会議計画を見られるのはシステム管理者・監査担当だけです");
        app->denied = 1;
        return rc;
    }
    if (store_meetings_each(app->db, &app->arena, app->org.id, all ? 0 : app->user.id, fn, ctx) != 0)
        return app_dbfail(app);
    return APP_OK;
}

/* ---- reading a result back ------------------------------------------- */

/* A string value (null → NULL); other types are a shape error. */
static int view_str(Jr *r, const char **out)
{
    if (jr_peek(r) == JT_NULL) {
        *out = NULL;
        return jr_null(r);
    }
    size_t len;
    return jr_peek(r) == JT_STRING && jr_string(r, out, &len);
}

/* An array of strings joined with ", ". */
static int view_str_list(Jr *r, Arena *a, const char **out)
{
    Str s = STR_INIT;
    int ok = jr_peek(r) == JT_ARRAY && jr_array_begin(r);
    while (ok && jr_array_next(r)) {
        const char *v;
        ok = view_str(r, &v) && v;
        if (ok)
            str_appendf(&s, "%s%s", s.len ? ", " : "", v);
    }
    ok = ok && !str_failed(&s) && (*out = arena_strdup(a, s.len ? str_cstr(&s) : "")) != NULL;
    str_free(&s);
    return ok;
}

/* Grow an array of `size`-byte elements kept in the arena. */
static void *view_grow(Arena *a, void *v, int n, int *cap, size_t size)
{
    if (n < *cap)
        return v;
    int ncap = *cap ? 2 * *cap : 16;
    void *nv = arena_alloc(a, size * (size_t)ncap);
    if (nv && n)
        memcpy(nv, v, size * (size_t)n);
    *cap = ncap;
    return nv;
}

static int view_measure(Jr *r, MeetingViewMeasure *m)
{
    const char *key;
    int ok = jr_peek(r) == JT_OBJECT && jr_object_begin(r);
    while (ok && jr_object_key(r, &key)) {
        const char **dst = !strcmp(key, "id") ? &m->id : !strcmp(key, "item") ? &m->item : !strcmp(key, "clause") ? &m->clause
                         : !strcmp(key, "level") ? &m->level : !strcmp(key, "text") ? &m->text : NULL;
        ok = dst ? view_str(r, dst) : jr_skip(r);
    }
    return ok && m->id && m->clause && m->level && m->text;
}

static int view_conflict(Jr *r, Arena *a, MeetingViewConflict *c)
{
    const char *key;
    int ok = jr_peek(r) == JT_OBJECT && jr_object_begin(r);
    c->missing = "";
    while (ok && jr_object_key(r, &key)) {
        if (!strcmp(key, "undetermined"))
            ok = jr_bool(r, &c->undetermined);
        else if (!strcmp(key, "missing"))
            ok = view_str_list(r, a, &c->missing);
        else {
            const char **dst = !strcmp(key, "id") ? &c->id : !strcmp(key, "severity") ? &c->severity
                             : !strcmp(key, "clause") ? &c->clause : !strcmp(key, "message") ? &c->message : NULL;
            ok = dst ? view_str(r, dst) : jr_skip(r);
        }
    }
    return ok && c->id && c->severity && c->clause && c->message;
}

int meeting_view_read(const char *json, Arena *a, MeetingView *out, Errors *errs)
{
    memset(out, 0, sizeof *out);
    out->missing = "";
    Jr r;
    jr_init(&r, "result", json, strlen(json), errs, a);
    const char *key;
    int ok = jr_peek(&r) == JT_OBJECT && jr_object_begin(&r), capm = 0, capc = 0;
    while (ok && jr_object_key(&r, &key)) {
        if (!strcmp(key, "measures")) {
            ok = jr_peek(&r) == JT_ARRAY && jr_array_begin(&r);
            while (ok && jr_array_next(&r)) {
                ok = (out->measures = view_grow(a, out->measures, out->n_measures, &capm, sizeof *out->measures)) != NULL &&
                     view_measure(&r, &out->measures[out->n_measures]);
                out->n_measures += ok;
            }
        } else if (!strcmp(key, "conflicts")) {
            ok = jr_peek(&r) == JT_ARRAY && jr_array_begin(&r);
            while (ok && jr_array_next(&r)) {
                ok = (out->conflicts = view_grow(a, out->conflicts, out->n_conflicts, &capc, sizeof *out->conflicts)) != NULL &&
                     view_conflict(&r, a, &out->conflicts[out->n_conflicts]);
                out->n_conflicts += ok;
            }
        } else if (!strcmp(key, "missing_fields")) {
            ok = view_str_list(&r, a, &out->missing);
        } else {
            const char **dst = !strcmp(key, "profile") ? &out->profile : !strcmp(key, "profile_version") ? &out->profile_version
                             : !strcmp(key, "clause") ? &out->clause : !strcmp(key, "confidentiality") ? &out->confidentiality
                             : !strcmp(key, "confidentiality_label") ? &out->confidentiality_label
                             : !strcmp(key, "track") ? &out->track : !strcmp(key, "track_label") ? &out->track_label
                             : !strcmp(key, "verdict") ? &out->verdict : NULL;
            ok = dst ? view_str(&r, dst) : jr_skip(&r);
        }
    }
    ok = ok && jr_finish(&r) && out->profile && out->track && out->verdict;
    if (!ok && !r.failed)
        errors_add(errs, "result: not a meeting planner result");
    return ok ? 0 : -1;
}

const char *meeting_verdict_label(const char *verdict)
{
    if (verdict && !strcmp(verdict, "ready"))
        return "抵触なし";
    if (verdict && !strcmp(verdict, "blocked"))
        return "このままでは開催できない";
    return "要確認";
}

const char *meeting_severity_label(const char *severity)
{
    if (severity && !strcmp(severity, "block"))
        return "不可";
    if (severity && !strcmp(severity, "warn"))
        return "警告";
    return "参考";
}

void meeting_row_json(const MeetingRow *m, Str *o)
{
    str_appendf(o, "\"id\":%lld,\"title\":", m->id);
    str_append_json(o, m->title);
    str_append(o, ",\"date\":");
    str_append_json(o, m->date);
    str_append(o, ",\"host\":");
    str_append_json(o, m->host_login);
    str_append(o, ",\"host_name\":");
    str_append_json(o, m->host_name);
    str_append(o, ",\"confidentiality\":");
    str_append_json(o, m->confidentiality);
    str_append(o, ",\"track\":");
    str_append_json(o, m->track);
    str_append(o, ",\"verdict\":");
    str_append_json(o, m->verdict);
    str_append(o, ",\"created_at\":");
    str_append_json(o, m->created_at);
}
