/* GET/POST /meetings/new: the planning form, generated from the meeting
 * document's fields (the planner's service and information fields, then
 * every field of SCOPE_MEETING), with the evaluation shown beside the form;
 * action=save (with title and date) keeps the plan and goes to its page.
 * Works without JavaScript; meeting.js re-evaluates as the form is filled
 * by posting the same form and taking the result panel. Form names are the fields' paths; lists of
 * features are checkboxes, countries a comma-separated text.
 * POST /api/v1/meetings/evaluate: body = meeting document → the result
 * (nothing saved). POST /api/v1/meetings?title=T&date=D: body = meeting
 * document → saved, 201 {"id":…,"verdict":…,"result":{…}}. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "web/html.h"
#include "web/layout.h"
#include "web/pages/meeting_pages.h"

/* The application fields a meeting document uses, with their hints; the
 * meeting's own fields follow in field_defs order. */
typedef struct FormField {
    int field;
    const char *hint;   /* may be NULL; labels come from meeting_field_label */
} FormField;

static const FormField app_fields[] = {
    {F_INFO_CONFIDENTIALITY, "重要情報資産に当たるかどうかで対策が変わります（6.2(1)③④）"},
    {F_SERVICE_NAME, NULL},
    {F_SERVICE_PROVIDER, NULL},
    {F_SERVICE_PRICING, "無料サービスは契約を経ないため、データの保存国に特に注意が必要です（6.3(3)）"},
    {F_SERVICE_CONTRACT, NULL},
    {F_SERVICE_DATA_LOCATIONS, "ISO 3166-1 の2文字（例: JP）。複数はカンマで区切ります"},
    {F_SERVICE_E2E_ENCRYPTION, NULL},
};

/* Hints of the meeting's own fields (labels: meeting_field_label). */
static const FormField meeting_hints[] = {
    {F_MEETING_HOSTING, "主催者はクラウドかオンプレミスかをまず確かめます（6.3(3)）"},
    {F_MEETING_PRE_REGISTRATION, "URL を登録した参加者だけに届ける方法（6.4(2)③）"},
};

static const char *const value_labels[][2] = {
    {"free", "無料"}, {"paid", "有料"}, {"terms_only", "利用規約への同意のみ"}, {"negotiated", "個別に契約"},
    {"host", "主催者"}, {"participant", "招待された参加者"}, {"cloud", "クラウド"}, {"on_premises", "オンプレミス"},
    {"audio_video", "音声・映像"}, {"chat", "チャット"}, {"document_sharing", "資料共有"}, {"recording", "録画・録音"},
    {"transcription", "議事録作成（文字起こし）"}, {"translation", "自動翻訳"},
};

static const char *value_label(const char *v)
{
    for (size_t i = 0; i < sizeof value_labels / sizeof value_labels[0]; i++)
        if (!strcmp(value_labels[i][0], v))
            return value_labels[i][1];
    return v;
}

static const char *meeting_hint(int f)
{
    for (size_t i = 0; i < sizeof meeting_hints / sizeof meeting_hints[0]; i++)
        if (meeting_hints[i].field == f)
            return meeting_hints[i].hint;
    return NULL;
}

/* Whether the form (or query) has `name` = `value` among its values. */
static int has_value(const Params *v, const char *name, const char *value)
{
    for (int i = 0; v && i < v->n; i++)
        if (!strcmp(v->v[i].name, name) && !strcmp(v->v[i].value, value))
            return 1;
    return 0;
}

static const char *first(const Params *v, const char *name)
{
    const char *s = v ? params_get(v, name) : NULL;
    return s ? s : "";
}

static void render_field(Str *b, const Profile *p, int f, const char *label, const char *hint, const Params *v)
{
    const FieldDef *fd = &field_defs[f];
    const char *cur = first(v, fd->path);
    html(b, "<div class=\"field meeting-field\"><label for=\"%s\">%s</label>", fd->path, label);
    switch (fd->type) {
    case FT_CLASS: {
        const Scheme *s = &p->schemes[fd->scheme];
        html(b, "<select id=\"%s\" name=\"%s\"><option value=\"\">（選んでください）</option>", fd->path, fd->path);
        for (int i = 0; i < s->n_levels; i++)
            html(b, "<option value=\"%s\"%H>%s%s</option>", s->levels[i].code, !strcmp(cur, s->levels[i].code) ? " selected" : "",
                 s->levels[i].label, s->levels[i].important ? "（重要情報資産）" : "");
        html(b, "</select>");
        break;
    }
    case FT_ENUM:
        html(b, "<select id=\"%s\" name=\"%s\"><option value=\"\">（未回答）</option>", fd->path, fd->path);
        for (int i = 0; fd->enum_values[i]; i++)
            html(b, "<option value=\"%s\"%H>%s</option>", fd->enum_values[i], !strcmp(cur, fd->enum_values[i]) ? " selected" : "",
                 value_label(fd->enum_values[i]));
        html(b, "</select>");
        break;
    case FT_BOOL:
        html(b, "<select id=\"%s\" name=\"%s\"><option value=\"\">（未回答）</option><option value=\"true\"%H>はい</option>"
                "<option value=\"false\"%H>いいえ</option></select>",
             fd->path, fd->path, !strcmp(cur, "true") ? " selected" : "", !strcmp(cur, "false") ? " selected" : "");
        break;
    case FT_ENUM_LIST:
        html(b, "<fieldset id=\"%s\" class=\"meeting-features\">", fd->path);
        for (int i = 0; fd->enum_values[i]; i++)
            html(b, "<label><input type=\"checkbox\" name=\"%s\" value=\"%s\"%H> %s</label> ", fd->path, fd->enum_values[i],
                 has_value(v, fd->path, fd->enum_values[i]) ? " checked" : "", value_label(fd->enum_values[i]));
        html(b, "</fieldset>");
        break;
    case FT_INT:
        html(b, "<input id=\"%s\" name=\"%s\" type=\"number\" min=\"0\" value=\"%s\">", fd->path, fd->path, cur);
        break;
    default:
        html(b, "<input id=\"%s\" name=\"%s\" type=\"text\" value=\"%s\">", fd->path, fd->path, cur);
        break;
    }
    if (hint)
        html(b, "<small class=\"hint\">%s</small>", hint);
    html(b, "</div>");
}

/* ---- form → meeting document ------------------------------------------ */

static void json_value(Str *o, const FieldDef *fd, const Params *v)
{
    const char *s = first(v, fd->path);
    switch (fd->type) {
    case FT_BOOL:
        if (!strcmp(s, "true") || !strcmp(s, "false"))
            str_append(o, s);
        else
            str_append_json(o, s); /* the parser names the field and what it accepts */
        break;
    case FT_INT: {
        int digits = *s != 0;
        for (const char *c = s; *c; c++)
            digits &= isdigit((unsigned char)*c) != 0;
        if (digits && strlen(s) < 12)
            str_append(o, s);
        else
            str_append_json(o, s); /* the parser says what is wrong with it */
        break;
    }
    case FT_ENUM_LIST: {
        str_appendc(o, '[');
        int n = 0;
        for (int i = 0; i < v->n; i++)
            if (!strcmp(v->v[i].name, fd->path) && *v->v[i].value) {
                str_append(o, n++ ? "," : "");
                str_append_json(o, v->v[i].value);
            }
        str_appendc(o, ']');
        break;
    }
    case FT_COUNTRY_LIST: {
        str_appendc(o, '[');
        int n = 0;
        const char *c = s;
        while (*c) {
            while (*c == ',' || *c == ' ' || *c == '\t')
                c++;
            const char *e = c;
            while (*e && *e != ',' && *e != ' ' && *e != '\t')
                e++;
            if (e > c) {
                char code[16];
                size_t len = (size_t)(e - c) < sizeof code - 1 ? (size_t)(e - c) : sizeof code - 1;
                for (size_t k = 0; k < len; k++)
                    code[k] = (char)toupper((unsigned char)c[k]);
                code[len] = 0;
                str_append(o, n++ ? "," : "");
                str_append_json(o, code);
            }
            c = e;
        }
        str_appendc(o, ']');
        break;
    }
    default: str_append_json(o, s); break;
    }
}

/* Whether the form gives field `f` (an empty list or text is not given). */
static int given(const FieldDef *fd, const Params *v)
{
    if (fd->type == FT_ENUM_LIST) {
        for (int i = 0; i < v->n; i++)
            if (!strcmp(v->v[i].name, fd->path) && *v->v[i].value)
                return 1;
        return 0;
    }
    const char *s = first(v, fd->path);
    for (; *s; s++)
        if (!isspace((unsigned char)*s) && *s != ',')
            return 1;
    return 0;
}

static void add_member(Str *doc, const char **open_group, const FieldDef *fd, const Params *v)
{
    const char *dot = strchr(fd->path, '.');
    size_t glen = (size_t)(dot - fd->path);
    if (!*open_group || strncmp(*open_group, fd->path, glen) || (*open_group)[glen] != '.') {
        str_append(doc, *open_group ? "}," : "");
        str_appendf(doc, "\"%.*s\":{", (int)glen, fd->path);
        *open_group = fd->path;
    } else {
        str_appendc(doc, ',');
    }
    str_append_json(doc, dot + 1);
    str_appendc(doc, ':');
    Str val = STR_INIT;
    json_value(&val, fd, v);
    str_append(doc, str_cstr(&val));
    str_free(&val);
}

/* The meeting document of the form's values, grouped as the parser wants. */
static void form_doc(const Params *v, Str *doc)
{
    const char *open_group = NULL;
    str_appendc(doc, '{');
    /* information, then service (app_fields' order), then meeting: one object per group */
    for (size_t i = 0; i < sizeof app_fields / sizeof app_fields[0]; i++)
        if (given(&field_defs[app_fields[i].field], v))
            add_member(doc, &open_group, &field_defs[app_fields[i].field], v);
    for (int f = 0; f < F_COUNT; f++)
        if (field_defs[f].scope == SCOPE_MEETING && !field_defs[f].derived && given(&field_defs[f], v))
            add_member(doc, &open_group, &field_defs[f], v);
    str_append(doc, open_group ? "}}" : "}");
}

/* ---- the page ----------------------------------------------------------- */

static void render_page(Web *w, const Params *v, const char *error, const MeetingView *view)
{
    const Profile *p = w->app->profile;
    Str *b = &w->rs->body;
    page_begin(w, "ウェブ会議を計画する");
    html(b, "<h1>ウェブ会議を計画する</h1><p>会議で扱う情報、サービス、使う機能を入力して「評価する」を押すと、%s「%s」%s が求める対策と"
            "抵触する点を示します。分からない項目は未回答のままにできます（判断に必要なら不足として示します）。</p>",
         p->organization, p->document, p->meeting->clause);
    if (error)
        html(b, "<div class=\"flash error meeting-error\" role=\"alert\"><pre>%s</pre></div>", error);
    html(b, "<div class=\"meeting-layout\"><form id=\"meeting-form\" method=\"post\" action=\"/meetings/new\" class=\"meeting-form\">");
    page_csrf_field(w);
    html(b, "<fieldset><legend>情報とサービス</legend>");
    for (size_t i = 0; i < sizeof app_fields / sizeof app_fields[0]; i++)
        render_field(b, p, app_fields[i].field, meeting_field_label(app_fields[i].field), app_fields[i].hint, v);
    html(b, "</fieldset><fieldset><legend>会議</legend>");
    for (int f = 0; f < F_COUNT; f++) {
        if (field_defs[f].scope != SCOPE_MEETING || field_defs[f].derived)
            continue;
        render_field(b, p, f, meeting_field_label(f), meeting_hint(f), v);
    }
    html(b, "</fieldset><p><button type=\"submit\" name=\"action\" value=\"evaluate\">評価する</button></p>"
            "<fieldset><legend>保存</legend><div class=\"field\"><label for=\"title\">会議の名称</label>"
            "<input id=\"title\" name=\"title\" type=\"text\" maxlength=\"200\" value=\"%s\"></div>"
            "<div class=\"field\"><label for=\"date\">開催日</label><input id=\"date\" name=\"date\" type=\"date\" value=\"%s\"></div>"
            "<p><button type=\"submit\" name=\"action\" value=\"save\">評価して保存する</button></p></fieldset></form>",
         first(v, "title"), first(v, "date"));
    html(b, "<section class=\"meeting-panel\" aria-live=\"polite\">");
    if (view)
        meeting_view_html(b, view, 0);
    else
        html(b, "<p class=\"note\">まだ評価していません。</p>");
    html(b, "</section></div><script src=\"/static/meeting.js\" defer></script>");
    page_end(w);
}

void meeting_new_form(Web *w)
{
    if (!meeting_section_or_404(w))
        return;
    render_page(w, NULL, NULL, NULL);
}

void meeting_new_post(Web *w)
{
    if (!meeting_section_or_404(w))
        return;
    App *app = w->app;
    const Params *v = &w->rq->form;
    Str doc = STR_INIT;
    form_doc(v, &doc);
    if (str_failed(&doc)) {
        str_free(&doc);
        web_error(w, 503, "out of memory", NULL);
        return;
    }
    const char *action = first(v, "action");
    if (!strcmp(action, "save")) {
        long long id = 0;
        Verdict verdict;
        AppRc rc = app_meeting_save(app, first(v, "title"), first(v, "date"), "form", str_cstr(&doc), doc.len, &id, &verdict);
        if (rc == APP_OK) {
            char path[64];
            snprintf(path, sizeof path, "/meetings/%lld", id);
            str_free(&doc);
            web_redirect(w, path, "会議計画を保存しました");
            return;
        }
        if (rc != APP_INVALID || app->denied) {
            str_free(&doc);
            web_app_failed(w, rc);
            return;
        }
        /* Bad input: show it above the form as it was filled. */
        const char *msg = arena_strdup(w->rq->arena, str_cstr(&app->err));
        AppDoc d;
        MeetingResult res;
        MeetingView view;
        int have = 0;
        if (app_meeting_plan(app, "form", str_cstr(&doc), doc.len, &d, &res) == APP_OK) {
            Str rj = STR_INIT;
            meeting_result_json(&d, &res, 0, &rj);
            Errors errs = {0};
            have = !str_failed(&rj) && meeting_view_read(str_cstr(&rj), w->rq->arena, &view, &errs) == 0;
            errors_free(&errs);
            str_free(&rj);
        }
        meeting_result_free(&res);
        appdoc_free(&d);
        w->rs->status = 422;
        render_page(w, v, msg, have ? &view : NULL);
        str_free(&doc);
        return;
    }
    AppDoc d;
    MeetingResult res;
    AppRc rc = app_meeting_plan(app, "form", str_cstr(&doc), doc.len, &d, &res);
    str_free(&doc);
    if (rc == APP_OK) {
        Str rj = STR_INIT;
        meeting_result_json(&d, &res, 0, &rj);
        MeetingView view;
        Errors errs = {0};
        int ok = !str_failed(&rj) && meeting_view_read(str_cstr(&rj), w->rq->arena, &view, &errs) == 0;
        errors_free(&errs);
        str_free(&rj);
        if (ok)
            render_page(w, v, NULL, &view);
        else
            web_error(w, 503, "out of memory", NULL);
    } else if (rc == APP_INVALID && !app->denied) {
        w->rs->status = 400;
        render_page(w, v, str_cstr(&app->err), NULL);
    } else {
        web_app_failed(w, rc);
    }
    meeting_result_free(&res);
    appdoc_free(&d);
}

/* ---- API -------------------------------------------------------------- */

static int body_is_json(Web *w)
{
    const char *ct = w->rq->content_type ? w->rq->content_type : "";
    if (strncasecmp(ct, "application/json", 16) == 0)
        return 1;
    web_error(w, 415, "会議の内容を application/json で送ってください", NULL);
    return 0;
}

void meeting_api_evaluate(Web *w)
{
    if (!meeting_section_or_404(w) || !body_is_json(w))
        return;
    AppDoc d;
    MeetingResult res;
    AppRc rc = app_meeting_plan(w->app, "request", w->rq->body, w->rq->body_len, &d, &res);
    if (rc == APP_OK) {
        web_json_begin(w);
        meeting_result_json(&d, &res, 0, &w->rs->body);
    } else if (rc == APP_INVALID && !w->app->denied) {
        web_error(w, 400, str_cstr(&w->app->err), NULL);
    } else {
        web_app_failed(w, rc);
    }
    meeting_result_free(&res);
    appdoc_free(&d);
}

void meeting_api_create(Web *w)
{
    if (!meeting_section_or_404(w) || !body_is_json(w))
        return;
    const char *title = params_get(&w->rq->query, "title"), *date = params_get(&w->rq->query, "date");
    long long id = 0;
    Verdict verdict;
    AppRc rc = app_meeting_save(w->app, title, date, "request", w->rq->body, w->rq->body_len, &id, &verdict);
    if (rc == APP_INVALID && !w->app->denied) {
        web_error(w, 400, str_cstr(&w->app->err), NULL);
        return;
    }
    if (web_app_failed(w, rc))
        return;
    MeetingRow m;
    if (web_app_failed(w, app_meeting_get(w->app, id, &m)))
        return;
    w->rs->status = 201;
    web_json_begin(w);
    str_append(&w->rs->body, "{");
    meeting_row_json(&m, &w->rs->body);
    str_appendf(&w->rs->body, ",\"result\":%s}", m.result);
}
