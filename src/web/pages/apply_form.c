/* The application form: new (/applications/new) and edit
 * (/applications/{n}/edit), generated from the organization's profile, with
 * the evaluation beside it; and the API that evaluates or files a document.
 *
 * The form's values travel as form parameters named by the document's field
 * paths ("service.name", "information.confidentiality"), answers as
 * "a.ITEM" (status) and "e.ITEM" (evidence). They become a JSON document
 * through build_doc(), which writes every value with str_append_json() or as
 * a number it parsed itself, so that the profile's parser — the same one the
 * CLI and the API use — checks them and its messages can be shown beside the
 * field they name. Without JavaScript, 「評価を更新」 posts the form and the
 * page comes back with the values kept and the evaluation beside; with
 * JavaScript, apply.js posts the same form to /api/v1/evaluate. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_apply_web.h"
#include "exchange/decision_json.h"
#include "exchange/field_text.h"
#include "web/form.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages/apply_pages.h"

/* The name under which the parser reports problems: "form: FIELD: message". */
#define FORM_FILE "form"

typedef struct FormEval {
    ApplyPreview pv;
    const char *ferr[F_COUNT];    /* the parser's message per field, or NULL */
    const char **aerr;            /* per answer index (items, then risks) */
    Str general;                  /* messages naming no field, one per line */
    int n_errors;
    int quiet_required;           /* while filling in: a required field not yet given is no error */
} FormEval;

/* ---- values ---- */

static const char *val(const Params *v, const char *name)
{
    const char *s = params_get(v, name);
    return s ? s : "";
}

static int blank(const char *s)
{
    for (; s && *s; s++)
        if (!isspace((unsigned char)*s))
            return 0;
    return 1;
}

/* `s` without leading and trailing white space, in `a`. */
static const char *trimmed(Arena *a, const char *s)
{
    while (*s && isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    const char *r = arena_strndup(a, s, n);
    return r ? r : "";
}

static const char *answer_name(Arena *a, char kind, const char *id)
{
    size_t n = strlen(id);
    char *s = arena_alloc(a, n + 3);
    if (!s)
        return "";
    s[0] = kind;
    s[1] = '.';
    memcpy(s + 2, id, n + 1);
    return s;
}

static const char *answer_id(const Profile *p, int i)
{
    return i < p->n_items ? p->items[i].id : p->risks[i - p->n_items].id;
}

/* The form's values of a stored document (for editing it). */
static void vals_from_doc(Arena *a, const AppDoc *doc, Params *out)
{
    const Profile *p = doc->profile;
    char buf[64];
    for (int f = 0; f < F_COUNT; f++) {
        const FieldDef *fd = &field_defs[f];
        const FieldValue *v = &doc->v[f];
        if (!v->present || (apply_field_is_system(f) && f != F_APPLICANT_ROLE))
            continue;
        const char *name = fd->path;
        Str s = STR_INIT;
        switch (fd->type) {
        case FT_ENUM_LIST:
            for (int i = 0; i < v->count; i++)
                params_add(out, a, name, strlen(name), fd->enum_values[v->codes[i]], strlen(fd->enum_values[v->codes[i]]));
            continue;
        case FT_STRING: str_append(&s, v->s); break;
        case FT_BOOL: str_append(&s, v->i ? "true" : "false"); break;
        case FT_INT: str_appendf(&s, "%lld", v->i); break;
        case FT_NUMBER:
            snprintf(buf, sizeof buf, "%.15g", v->n);
            str_append(&s, buf);
            break;
        case FT_DATE: date_text((int)v->i, &s); break;
        case FT_ENUM: str_append(&s, fd->enum_values[v->code]); break;
        case FT_CLASS: str_append(&s, p->schemes[fd->scheme].levels[v->code].code); break;
        case FT_ROLE: str_append(&s, p->roles[v->code].id); break;
        case FT_COUNTRY:
        case FT_COUNTRY_LIST:
        case FT_HOST_LIST:
            /* field_text writes these as the codes and names themselves, joined with ", ". */
            field_text(doc, f, &s);
            break;
        }
        params_add(out, a, name, strlen(name), str_cstr(&s), s.len);
        str_free(&s);
    }
    for (int i = 0; i < p->n_items + p->n_risks; i++) {
        if (doc->answers[i] == ANSWER_NONE)
            continue;
        const char *an = answer_name(a, 'a', answer_id(p, i)), *en = answer_name(a, 'e', answer_id(p, i));
        const char *st = answer_status_names[doc->answers[i]];
        params_add(out, a, an, strlen(an), st, strlen(st));
        if (doc->evidence[i])
            params_add(out, a, en, strlen(en), doc->evidence[i], strlen(doc->evidence[i]));
    }
}

/* ---- which fields the form asks ---- */

/* The fields the profile reads (its ledger, rules and requirements), the
 * three every document needs, the service's domains (they match it against
 * the exempt lists and against proxy logs when unapproved use is looked
 * for: 3.4), and any the values already hold (so that editing never drops a
 * field of a stored document). Fields the system writes, and fields of the
 * meeting planner or the posting check, are not asked. */
static FieldMask form_fields(const Profile *p, const Params *v)
{
    FieldMask m = FIELD_BIT(F_SERVICE_NAME) | FIELD_BIT(F_SERVICE_CATEGORY) | FIELD_BIT(F_INFO_CONFIDENTIALITY);
    for (int i = 0; i < p->n_ledger; i++)
        for (int k = 0; k < p->ledger[i].n_fields; k++)
            m |= FIELD_BIT(p->ledger[i].fields[k]);
    for (int i = 0; i < p->n_rules; i++)
        m |= p->rules[i].when ? p->rules[i].when->reads : 0;
    for (int i = 0; i < p->n_items; i++)
        m |= p->items[i].when ? p->items[i].when->reads : 0;
    m |= FIELD_BIT(F_SERVICE_DOMAINS);
    if (m & FIELD_BIT(F_HIGH_AVAILABILITY))
        m |= FIELD_BIT(F_INFO_AVAILABILITY);
    for (int f = 0; f < F_COUNT; f++) {
        if (!blank(params_get(v, field_defs[f].path)))
            m |= FIELD_BIT(f);
        if (apply_field_is_system(f) || f == F_APPLICANT_ROLE || field_defs[f].scope != SCOPE_APPLICATION)
            m &= ~FIELD_BIT(f);
    }
    return m;
}

/* ---- form → JSON document ---- */

/* A whole number as JSON, or the text as a string for the parser to refuse
 * with its own message. */
static void write_int(Str *out, const char *t)
{
    char *end;
    const char *digits = t[0] == '-' ? t + 1 : t;
    long long n = strtoll(t, &end, 10);
    if (*digits && strspn(digits, "0123456789") == strlen(digits) && !*end && strlen(digits) <= 18)
        str_appendf(out, "%lld", n);
    else
        str_append_json(out, t);
}

static void write_number(Str *out, const char *t)
{
    char *end;
    double n = strtod(t, &end);
    if (*t && strspn(t, "0123456789.eE+-") == strlen(t) && !*end && isfinite(n))
        str_appendf(out, "%.17g", n);
    else
        str_append_json(out, t);
}

/* Country codes are upper case; staff type "jp" as often as "JP". */
static void upper_ascii(char *s)
{
    for (; *s; s++)
        if (*s >= 'a' && *s <= 'z')
            *s = (char)(*s - 'a' + 'A');
}

/* "JP, US" or one per line (also 、 and ，) as a JSON list of strings. */
static void write_list(Str *out, Arena *a, const char *t, int upper)
{
    str_appendc(out, '[');
    int n = 0;
    const char *p = t;
    while (*p) {
        size_t skip = 0;
        if (*p == ',' || isspace((unsigned char)*p))
            skip = 1;
        else if (!strncmp(p, "、", 3) || !strncmp(p, "，", 3))
            skip = 3;
        if (skip) {
            p += skip;
            continue;
        }
        const char *start = p;
        while (*p && *p != ',' && !isspace((unsigned char)*p) && strncmp(p, "、", 3) && strncmp(p, "，", 3))
            p++;
        char *e = arena_strndup(a, start, (size_t)(p - start));
        if (!e)
            break;
        if (upper)
            upper_ascii(e);
        str_append(out, n++ ? "," : "");
        str_append_json(out, e);
    }
    str_appendc(out, ']');
}

/* Text from a textarea: browsers send CRLF; the document keeps LF. */
static const char *lf_only(Arena *a, const char *s)
{
    char *c = arena_strdup(a, s), *o = c;
    if (!c)
        return "";
    for (const char *p = s; *p; p++)
        if (*p != '\r')
            *o++ = *p;
    *o = 0;
    return c;
}

static int has_values(const Params *v, const char *name)
{
    for (int i = 0; i < v->n; i++)
        if (!strcmp(v->v[i].name, name) && !blank(v->v[i].value))
            return 1;
    return 0;
}

/* The application document of the form's values, leaving out the fields in
 * `skip` and the answers marked in `skip_ans` (their input was refused: the
 * rest can still be evaluated). */
static void build_doc(const Profile *p, Arena *a, const Params *v, FieldMask skip, const unsigned char *skip_ans,
                      Str *out)
{
    str_appendc(out, '{');
    int top_n = 0, group_n = 0;   /* members written at the top level / in the open group */
    char group[32] = "";          /* the open group ("service"), "" at the top level */
    for (int f = 0; f < F_COUNT; f++) {
        const FieldDef *fd = &field_defs[f];
        if ((apply_field_is_system(f) && f != F_APPLICANT_ROLE) || (skip & FIELD_BIT(f)))
            continue;
        const char *raw = params_get(v, fd->path);
        if (fd->type == FT_ENUM_LIST ? !has_values(v, fd->path) : blank(raw))
            continue;
        /* A group's fields are adjacent in field_defs (fields.c), so each
         * group is opened once. */
        const char *dot = strchr(fd->path, '.');
        size_t glen = dot ? (size_t)(dot - fd->path) : 0;
        if (strlen(group) != glen || strncmp(group, fd->path, glen) != 0) {
            if (*group)
                str_appendc(out, '}');
            snprintf(group, sizeof group, "%.*s", (int)glen, fd->path);
            if (*group) {
                str_append(out, top_n++ ? "," : "");
                str_append_json(out, group);
                str_append(out, ":{");
                group_n = 0;
            }
        }
        str_append(out, (*group ? group_n++ : top_n++) ? "," : "");
        str_append_json(out, dot ? dot + 1 : fd->path);
        str_appendc(out, ':');
        const char *t = fd->type == FT_STRING ? lf_only(a, raw) : trimmed(a, raw ? raw : "");
        switch (fd->type) {
        case FT_STRING: str_append_json(out, t); break;
        case FT_BOOL:
            if (!strcmp(t, "true") || !strcmp(t, "false"))
                str_append(out, t);
            else
                str_append_json(out, t);
            break;
        case FT_INT: write_int(out, t); break;
        case FT_NUMBER: write_number(out, t); break;
        case FT_COUNTRY: {
            char *c = arena_strdup(a, t);
            if (c)
                upper_ascii(c);
            str_append_json(out, c ? c : t);
            break;
        }
        case FT_COUNTRY_LIST: write_list(out, a, t, 1); break;
        case FT_HOST_LIST: write_list(out, a, t, 0); break;
        case FT_ENUM_LIST: {
            str_appendc(out, '[');
            int n = 0;
            for (int i = 0; i < v->n; i++) {
                if (strcmp(v->v[i].name, fd->path) != 0 || blank(v->v[i].value))
                    continue;
                str_append(out, n++ ? "," : "");
                str_append_json(out, trimmed(a, v->v[i].value));
            }
            str_appendc(out, ']');
            break;
        }
        default: str_append_json(out, t); break;   /* dates and codes: the parser checks them */
        }
    }
    if (*group)
        str_appendc(out, '}');
    int opened = 0;
    for (int i = 0; i < p->n_items + p->n_risks; i++) {
        if (skip_ans && skip_ans[i])
            continue;
        const char *id = answer_id(p, i);
        const char *st = trimmed(a, val(v, answer_name(a, 'a', id)));
        const char *ev = lf_only(a, val(v, answer_name(a, 'e', id)));
        if (!*st)
            continue;   /* evidence without a status is reported by check_answers() */
        if (!opened++)
            str_append(out, top_n++ ? ",\"answers\":{" : "\"answers\":{");
        else
            str_appendc(out, ',');
        str_append_json(out, id);
        str_append(out, ":{\"status\":");
        str_append_json(out, st);
        if (!blank(ev)) {
            str_append(out, ",\"evidence\":");
            str_append_json(out, ev);
        }
        str_appendc(out, '}');
    }
    if (opened)
        str_appendc(out, '}');
    str_appendc(out, '}');
}

/* ---- evaluation of the form ---- */

/* Sort a parser message "form: PATH: text" to its field or answer. */
static void place_error(FormEval *fe, const Profile *p, Arena *a, const char *msg, FieldMask *skip, unsigned char *skip_ans)
{
    const char *rest = msg;
    size_t pre = strlen(FORM_FILE ": ");
    if (!strncmp(rest, FORM_FILE ": ", pre))
        rest += pre;
    const char *colon = strstr(rest, ": ");
    if (colon) {
        char path[200];
        snprintf(path, sizeof path, "%.*s", (int)(colon - rest), rest);
        char *bracket = strchr(path, '[');
        if (bracket)
            *bracket = 0;
        const char *text = colon + 2;
        /* The panel names the required fields already; beside the field the
         * "is required" waits until the draft is saved. */
        if (fe->quiet_required && !strncmp(text, "is required", 11)) {
            int f = field_lookup(path);
            if (f >= 0)
                *skip |= FIELD_BIT(f);
            return;
        }
        if (!strncmp(path, "answers.", 8)) {
            int idx = profile_answer_index(p, path + 8, strlen(path + 8));
            if (idx >= 0) {
                fe->n_errors++;
                fe->aerr[idx] = arena_strdup(a, text);
                skip_ans[idx] = 1;
                return;
            }
        }
        int f = field_lookup(path);
        if (f >= 0) {
            fe->n_errors++;
            /* Two messages for one field (two bad list elements) are both shown. */
            if (fe->ferr[f]) {
                size_t n = strlen(fe->ferr[f]) + strlen(text) + 2;
                char *both = arena_alloc(a, n);
                if (both)
                    snprintf(both, n, "%s\n%s", fe->ferr[f], text);
                fe->ferr[f] = both ? both : fe->ferr[f];
            } else {
                fe->ferr[f] = arena_strdup(a, text);
            }
            *skip |= FIELD_BIT(f);
            return;
        }
    }
    fe->n_errors++;
    str_appendf(&fe->general, "%s%s", fe->general.len ? "\n" : "", rest);
}

/* Evidence written without choosing a status would be lost silently: say so. */
static void check_answers(FormEval *fe, const Profile *p, Arena *a, const Params *v)
{
    for (int i = 0; i < p->n_items + p->n_risks; i++) {
        const char *id = answer_id(p, i);
        if (blank(val(v, answer_name(a, 'a', id))) && !blank(val(v, answer_name(a, 'e', id)))) {
            fe->aerr[i] = "回答（実施済・該当なし・未実施）を選んでください。根拠だけでは記録されません。";
            fe->n_errors++;
        }
    }
}

static AppRc evaluate_form(Web *w, const Params *v, int quiet_required, FormEval *fe)
{
    App *app = w->app;
    const Profile *p = app->profile;
    Arena *a = w->rq->arena;
    memset(fe, 0, sizeof *fe);
    fe->quiet_required = quiet_required;
    int n_ans = p->n_items + p->n_risks;
    fe->aerr = arena_alloc(a, sizeof(char *) * (size_t)(n_ans ? n_ans : 1));
    unsigned char *skip_ans = arena_alloc(a, (size_t)(n_ans ? n_ans : 1));
    if (!fe->aerr || !skip_ans)
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    check_answers(fe, p, a, v);
    Str json = STR_INIT;
    build_doc(p, a, v, 0, NULL, &json);
    AppRc rc = str_failed(&json) ? app_fail(app, APP_DBFAIL, NULL, "out of memory")
                                 : app_apply_preview(app, FORM_FILE, json.buf, json.len, &fe->pv);
    str_free(&json);
    if (rc != APP_OK || fe->pv.parsed)
        return rc;
    FieldMask skip = 0;
    for (int i = 0; i < fe->pv.errs.count; i++)
        place_error(fe, p, a, fe->pv.errs.msg[i], &skip, skip_ans);
    if (fe->pv.errs.dropped)
        str_appendf(&fe->general, "%s(ほか %d 件)", fe->general.len ? "\n" : "", fe->pv.errs.dropped);
    /* Evaluate what remains without the refused values: a bad date should
     * not hide the findings of everything else. The required fields cannot
     * be left out, so their absence still leaves no evaluation. */
    app_apply_preview_free(&fe->pv);
    build_doc(p, a, v, skip, skip_ans, &json);
    rc = str_failed(&json) ? app_fail(app, APP_DBFAIL, NULL, "out of memory")
                           : app_apply_preview(app, FORM_FILE, json.buf, json.len, &fe->pv);
    str_free(&json);
    return rc;
}

static void form_eval_free(FormEval *fe)
{
    app_apply_preview_free(&fe->pv);
    str_free(&fe->general);
}

/* ---- HTML ---- */

static void error_html(Str *b, const char *msg)
{
    if (msg)
        html(b, "<p class=\"field-error\" role=\"alert\">%s</p>", msg);
}

static const char *hint_of(int f)
{
    switch (f) {
    case F_SERVICE_DATA_LOCATIONS: return "国コード（ISO 3166-1）をカンマ区切りで。例: JP, US（バックアップ先も含めます）";
    case F_SERVICE_GOVERNING_LAW:
    case F_SERVICE_COURT: return "国コード。例: JP";
    case F_SERVICE_DOMAINS: return "カンマ区切り。例: example.jp, *.example.com";
    case F_SERVICE_FUNCTION: return "機能ごとに安全対策が異なるときは機能ごとに申請します";
    case F_PERIOD_FROM: return "YYYY-MM-DD";
    case F_PERIOD_TO: return "YYYY-MM-DD。省略すると年度末（3月31日）までになります";
    case F_SERVICE_SLA_UPTIME_PERCENT: return "例: 99.9";
    default: return NULL;
    }
}

static void bool_select(Str *b, const char *id, const char *name, const char *cur)
{
    html(b, "<select id=\"%s\" name=\"%s\"><option value=\"\"%H>未回答</option><option value=\"true\"%H>はい</option>"
            "<option value=\"false\"%H>いいえ</option>",
         id, name, !strcmp(cur, "true") || !strcmp(cur, "false") ? "" : " selected", !strcmp(cur, "true") ? " selected" : "",
         !strcmp(cur, "false") ? " selected" : "");
    /* A value that is neither (from the API or an old document) stays visible. */
    if (!blank(cur) && strcmp(cur, "true") && strcmp(cur, "false"))
        html(b, "<option value=\"%s\" selected>%s</option>", cur, cur);
    html(b, "</select>");
}

static void render_field(Str *b, const Profile *p, int f, const Params *v, const char *err)
{
    const FieldDef *fd = &field_defs[f];
    const char *path = fd->path, *cur = val(v, path);
    int required = f == F_SERVICE_NAME || f == F_SERVICE_CATEGORY || f == F_INFO_CONFIDENTIALITY;
    char id[80];
    snprintf(id, sizeof id, "f-%s", path);
    html(b, "<div class=\"field%H\" data-field=\"%s\">", err ? " has-error" : "", path);
    if (fd->type == FT_ENUM_LIST) {
        html(b, "<fieldset><legend>%s <small class=\"path\">%s</small></legend><div class=\"checks\">",
             apply_field_label(p, f), path);
        for (int i = 0; fd->enum_values[i]; i++) {
            int on = 0;
            for (int k = 0; k < v->n; k++)
                on |= !strcmp(v->v[k].name, path) && !strcmp(v->v[k].value, fd->enum_values[i]);
            html(b, "<label class=\"check\"><input type=\"checkbox\" name=\"%s\" value=\"%s\"%H> %s</label>", path,
                 fd->enum_values[i], on ? " checked" : "", fd->enum_values[i]);
        }
        html(b, "</div></fieldset>");
        error_html(b, err);
        html(b, "</div>");
        return;
    }
    html(b, "<label for=\"%s\">%s <small class=\"path\">%s</small>%H</label>", id, apply_field_label(p, f), path,
         required ? " <span class=\"required\">必須</span>" : "");
    switch (fd->type) {
    case FT_BOOL: bool_select(b, id, path, cur); break;
    case FT_ENUM:
    case FT_CLASS:
    case FT_ROLE: {
        html(b, "<select id=\"%s\" name=\"%s\"%H><option value=\"\">（選択してください）</option>", id, path,
             required ? " required" : "");
        int n = fd->type == FT_CLASS ? p->schemes[fd->scheme].n_levels : fd->type == FT_ROLE ? p->n_roles : 0;
        if (fd->type == FT_ENUM)
            while (fd->enum_values[n])
                n++;
        int matched = 0;
        for (int i = 0; i < n; i++) {
            const char *code = fd->type == FT_CLASS ? p->schemes[fd->scheme].levels[i].code
                               : fd->type == FT_ROLE ? p->roles[i].id
                                                     : fd->enum_values[i];
            const char *label = fd->type == FT_CLASS ? p->schemes[fd->scheme].levels[i].label
                                : fd->type == FT_ROLE ? p->roles[i].label
                                                      : apply_enum_label(f, i);
            int sel = !strcmp(cur, code);
            matched |= sel;
            html(b, "<option value=\"%s\"%H>%s</option>", code, sel ? " selected" : "", label);
        }
        if (!matched && !blank(cur))
            html(b, "<option value=\"%s\" selected>%s</option>", cur, cur);
        html(b, "</select>");
        break;
    }
    case FT_STRING:
        if (f == F_PURPOSE || f == F_USER_SCOPE || f == F_NOTES)
            html(b, "<textarea id=\"%s\" name=\"%s\" rows=\"3\">%s</textarea>", id, path, cur);
        else
            html(b, "<input id=\"%s\" name=\"%s\" value=\"%s\"%H>", id, path, cur, required ? " required" : "");
        break;
    case FT_DATE:
        /* type=text: a wrong date comes back as typed, with the parser's message. */
        html(b, "<input id=\"%s\" name=\"%s\" value=\"%s\" placeholder=\"YYYY-MM-DD\" inputmode=\"numeric\" class=\"date\">",
             id, path, cur);
        break;
    case FT_INT:
    case FT_NUMBER:
        html(b, "<input id=\"%s\" name=\"%s\" value=\"%s\" inputmode=\"decimal\" class=\"number\">", id, path, cur);
        break;
    default:
        html(b, "<input id=\"%s\" name=\"%s\" value=\"%s\">", id, path, cur);
        break;
    }
    const char *hint = hint_of(f);
    if (hint)
        html(b, "<p class=\"hint\">%s</p>", hint);
    error_html(b, err);
    html(b, "</div>");
}

static void section_fields(Str *b, Web *w, const FormEval *fe, const Params *v, FieldMask *todo, const char *title,
                           const char *prefix)
{
    const Profile *p = w->app->profile;
    size_t n = strlen(prefix);
    int any = 0;
    for (int f = 0; f < F_COUNT; f++) {
        if (!(*todo & FIELD_BIT(f)) || (n && strncmp(field_defs[f].path, prefix, n) != 0))
            continue;
        if (!any)
            html(b, "<fieldset class=\"group\"><legend>%s</legend>", title);
        any = 1;
        render_field(b, p, f, v, fe->ferr[f]);
        *todo &= ~FIELD_BIT(f);
    }
    if (any)
        html(b, "</fieldset>");
}

/* The fields, ledger fields first in the standard's order and with its
 * labels and clauses, then the rest grouped as the document groups them. */
static void render_fields(Str *b, Web *w, const FormEval *fe, const Params *v)
{
    App *app = w->app;
    const Profile *p = app->profile;
    FieldMask todo = form_fields(p, v);
    html(b, "<section class=\"form-part\"><h2>台帳に登録される項目</h2>");
    for (int i = 0; i < p->n_ledger; i++) {
        const LedgerField *lf = &p->ledger[i];
        if (!lf->n_fields)
            continue;
        html(b, "<fieldset class=\"ledger\"><legend>%s", lf->label);
        if (lf->clause)
            html(b, " <span class=\"clause\">［%s］</span>", lf->clause);
        html(b, "%H</legend>", lf->required ? " <span class=\"required\">必須</span>" : "");
        int said_applicant = 0, said_admin = 0, said_approver = 0;
        for (int k = 0; k < lf->n_fields; k++) {
            int f = lf->fields[k];
            if (f == F_APPLICANT_NAME || f == F_APPLICANT_DEPARTMENT) {
                if (!said_applicant++)
                    html(b, "<p class=\"system\">%s %s（利用者情報から記入されます）</p>", app->user.department,
                         app->user.name);
            } else if ((f == F_ADMIN_DEPARTMENT || f == F_ADMIN_TITLE) && (todo & FIELD_BIT(f))) {
                if (!said_admin++)
                    html(b, "<p class=\"system\">管理者となる人の所属・補職名を記入してください。承認のとき、許可権限者が決めた外部サービス管理者の所属・補職名で確定します。</p>");
                render_field(b, p, f, v, fe->ferr[f]);
                todo &= ~FIELD_BIT(f);
            } else if (f == F_APPROVER_NAME || f == F_APPROVER_DEPARTMENT || f == F_APPROVER_ROLE) {
                if (!said_approver++)
                    html(b, "<p class=\"system\">許可権限者の決定のときに記入されます。</p>");
            } else if (todo & FIELD_BIT(f)) {
                render_field(b, p, f, v, fe->ferr[f]);
                todo &= ~FIELD_BIT(f);
            }
        }
        html(b, "</fieldset>");
    }
    html(b, "</section><section class=\"form-part\"><h2>審査に使う項目</h2>");
    section_fields(b, w, fe, v, &todo, "サービスの情報", "service.");
    section_fields(b, w, fe, v, &todo, "取り扱う情報", "information.");
    section_fields(b, w, fe, v, &todo, "利用期間", "usage_period.");
    section_fields(b, w, fe, v, &todo, "その他", "");
    /* The role filed under, where the user holds more than one that may apply. */
    int n_roles = 0;
    for (int r = 0; r < p->n_roles; r++) {
        int applies = 0;
        for (int t = 0; t < TRACK_COUNT; t++)
            for (int k = 0; k < p->tracks[t].n_applicant_roles; k++)
                applies |= p->tracks[t].applicant_roles[k] == r;
        n_roles += applies && (app->actor.roles & ROLE_BIT(r));
    }
    if (n_roles > 1) {
        const char *cur = val(v, "applicant.role");
        html(b, "<fieldset class=\"group\"><legend>申請者の役割</legend><div class=\"field\" data-field=\"applicant.role\">"
                "<label for=\"f-applicant.role\">申請する役割 <small class=\"path\">applicant.role</small></label>"
                "<select id=\"f-applicant.role\" name=\"applicant.role\"><option value=\"\">（区分に応じて自動）</option>");
        for (int r = 0; r < p->n_roles; r++)
            if (app->actor.roles & ROLE_BIT(r))
                html(b, "<option value=\"%s\"%H>%s</option>", p->roles[r].id, !strcmp(cur, p->roles[r].id) ? " selected" : "",
                     p->roles[r].label);
        html(b, "</select>");
        error_html(b, fe->ferr[F_APPLICANT_ROLE]);
        html(b, "</div></fieldset>");
    }
    html(b, "</section>");
}

static void answer_radios(Str *b, const char *name, const char *cur)
{
    static const char *const values[] = {"done", "not_applicable", "not_done"};
    html(b, "<div class=\"answer\" role=\"radiogroup\">");
    for (int s = 0; s < 3; s++)
        html(b, "<label class=\"radio\"><input type=\"radio\" name=\"%s\" value=\"%s\"%H> %s</label>", name, values[s],
             !strcmp(cur, values[s]) ? " checked" : "", apply_status_labels[s + 1]);
    /* Nothing is checked while unanswered, so an unanswered item sends no
     * parameter; 未回答 is there to take an answer back. */
    html(b, "<label class=\"radio\"><input type=\"radio\" name=\"%s\" value=\"\"> 未回答に戻す</label></div>", name);
}

static void render_answer(Str *b, Arena *a, const char *id, const char *clause, const char *text, const char *level,
                          const Params *v, const char *err)
{
    const char *an = answer_name(a, 'a', id), *en = answer_name(a, 'e', id);
    html(b, "<div class=\"item%H\" data-item=\"%s\"><p class=\"item-text\"><span class=\"clause\">［%s］</span> %s",
         err ? " has-error" : "", id, clause ? clause : "", text);
    if (level)
        html(b, " <small class=\"level\">%s</small>", level);
    html(b, "</p>");
    answer_radios(b, an, val(v, an));
    html(b, "<label class=\"evidence\" for=\"e-%s\">根拠（確認した資料・方法）</label><textarea id=\"e-%s\" name=\"%s\" rows=\"2\">%s</textarea>",
         id, id, en, val(v, en));
    error_html(b, err);
    html(b, "</div>");
}

/* Keep the answers of requirements the current input does not ask (the
 * values come back if the input changes back). */
static void hidden_answer(Str *b, Arena *a, const char *id, const Params *v)
{
    const char *an = answer_name(a, 'a', id), *en = answer_name(a, 'e', id);
    if (!blank(val(v, an)))
        html(b, "<input type=\"hidden\" name=\"%s\" value=\"%s\">", an, val(v, an));
    if (!blank(val(v, en)))
        html(b, "<input type=\"hidden\" name=\"%s\" value=\"%s\">", en, val(v, en));
}

/* The requirements the applicant answers (the phases that gate approval)
 * and the risks, as far as they apply to the current input. The section's
 * data-ids lists them, so that apply.js knows when the list must change. */
static void render_checklist(Str *b, Web *w, const FormEval *fe, const Params *v)
{
    const Profile *p = w->app->profile;
    Arena *a = w->rq->arena;
    const Decision *d = fe->pv.parsed ? &fe->pv.d : NULL;
    Str ids = STR_INIT, body = STR_INIT;
    int n = 0;
    for (int ph = 0; d && ph < PHASE_COUNT; ph++) {
        if (!phase_gates_approval((Phase)ph))
            continue;
        int head = 0;
        for (int i = 0; i < p->n_items; i++) {
            const Item *it = &p->items[i];
            if ((int)it->phase != ph || !d->item_applies[i])
                continue;
            if (!head++)
                html(&body, "<h3>%s</h3>", phase_labels[ph]);
            str_appendf(&ids, "%s%s", ids.len ? " " : "", it->id);
            render_answer(&body, a, it->id, it->clause, it->text, it->should ? "推奨" : "必須", v, fe->aerr[i]);
            n++;
        }
    }
    int risk_head = 0;
    for (int i = 0; d && i < p->n_risks; i++) {
        if (!d->risk_applies[i])
            continue;
        if (!risk_head++)
            html(&body, "<h3>リスクの検討</h3><p class=\"hint\">許可権限者が受容を記録するリスクです。検討した結果を記入してください。</p>");
        str_appendf(&ids, "%s%s", ids.len ? " " : "", p->risks[i].id);
        render_answer(&body, a, p->risks[i].id, p->risks[i].clause, p->risks[i].text, NULL, v, fe->aerr[p->n_items + i]);
        n++;
    }
    for (int i = 0; i < p->n_items + p->n_risks; i++) {
        int shown = d && (i < p->n_items ? d->item_applies[i] && phase_gates_approval(p->items[i].phase)
                                         : d->risk_applies[i - p->n_items]);
        if (!shown)
            hidden_answer(&body, a, answer_id(p, i), v);
    }
    html(b, "<section class=\"form-part checklist\" id=\"checklist\" data-ids=\"%s\"><h2>要件の確認 <small>%d件</small></h2>",
         str_cstr(&ids), n);
    if (d)
        html(b, "<p class=\"hint\">それぞれ「実施済」「該当なし」「未実施」を選び、根拠（確認した資料・方法）を書いてください。"
                "入力を変えると、回答する要件も変わります。</p>");
    else
        html(b, "<p class=\"empty\">外部サービスの名称・サービスの種類・機密性を入力して「評価を更新」を押すと、回答する要件が表示されます。</p>");
    html(b, "%H</section>", str_cstr(&body));
    str_free(&ids);
    str_free(&body);
}

static void render_panel(Str *b, Web *w, const FormEval *fe)
{
    const Profile *p = w->app->profile;
    html(b, "<h2>評価</h2>");
    if (fe->n_errors)
        html(b, "<p class=\"error\" role=\"alert\">入力に誤りがあります（%d件）。項目の下の説明を確認してください。</p>", fe->n_errors);
    if (fe->general.len)
        html(b, "<p class=\"error pre\">%s</p>", str_cstr((Str *)&fe->general));
    if (!fe->pv.parsed) {
        html(b, "<p class=\"empty\">評価するには、外部サービスの名称・サービスの種類・%sを入力してください。</p>",
             apply_field_label(p, F_INFO_CONFIDENTIALITY));
        return;
    }
    if (fe->pv.role < 0) {
        html(b, "<p class=\"error\" role=\"alert\">あなたはこの区分の申請ができません: %s", fe->pv.why.message);
        if (fe->pv.why.clause)
            html(b, " <span class=\"clause\">［%s］</span>", fe->pv.why.clause);
        html(b, "</p>");
    }
    apply_eval_html(b, &fe->pv.doc, &fe->pv.d, 1);
}

static void render_form(Web *w, const Params *v, const FormEval *fe, const char *action, const char *title,
                        const char *top_error)
{
    Str *b = &w->rs->body;
    page_begin(w, title);
    html(b, "<h1>%s</h1><p class=\"lead\">%s「%s」%s に沿って入力してください。評価は入力に合わせて更新されます。</p>", title,
         w->app->profile->organization, w->app->profile->document, w->app->profile->version);
    if (top_error)
        html(b, "<p class=\"error pre\" role=\"alert\">%s</p>", top_error);
    html(b, "<form id=\"apply-form\" class=\"apply-form\" method=\"post\" action=\"%s\" novalidate>", action);
    page_csrf_field(w);
    html(b, "<div class=\"layout-2\"><div class=\"form-col\">");
    render_fields(b, w, fe, v);
    render_checklist(b, w, fe, v);
    html(b, "<p class=\"actions form-actions\"><button type=\"submit\" name=\"op\" value=\"evaluate\" class=\"secondary\">評価を更新</button> "
            "<button type=\"submit\" name=\"op\" value=\"save\">下書きとして保存</button></p></div>"
            "<aside class=\"eval-col\"><p class=\"actions\"><button type=\"submit\" name=\"op\" value=\"evaluate\" class=\"secondary\">評価を更新</button></p>"
            "<section class=\"evaluation\" id=\"evaluation\" aria-live=\"polite\">");
    render_panel(b, w, fe);
    html(b, "</section></aside></div></form><script src=\"/static/apply.js\" defer></script>");
    page_end(w);
}

/* ---- handlers ---- */

void apply_new_form(Web *w)
{
    Params none = {0};
    FormEval fe;
    AppRc rc = evaluate_form(w, &none, 1, &fe);
    if (!web_app_failed(w, rc))
        render_form(w, &none, &fe, "/applications/new", "外部サービスの利用申請", NULL);
    form_eval_free(&fe);
}

/* The message of a refused save, for the top of the re-rendered form. */
static const char *refusal_text(Web *w)
{
    App *app = w->app;
    Str m = STR_INIT;
    str_append(&m, "保存できませんでした: ");
    str_append(&m, str_cstr(&app->err));
    if (app->clause && !strstr(str_cstr(&app->err), app->clause))
        str_appendf(&m, " ［%s］", app->clause);
    const char *r = arena_strdup(w->rq->arena, str_cstr(&m));
    str_free(&m);
    return r;
}

/* 評価を更新 re-renders; 下書きとして保存 files the draft (new) or replaces
 * the document (edit) and goes to the application. */
static void form_post(Web *w, long long app_id, const char *action, const char *title)
{
    App *app = w->app;
    const Params *v = &w->rq->form;
    const char *op = web_param(w, "op");
    const char *top = NULL;
    int save = op && !strcmp(op, "save");
    FormEval fe;
    AppRc rc = evaluate_form(w, v, !save, &fe);
    if (web_app_failed(w, rc))
        goto out;
    if (save) {
        if (fe.n_errors) {
            w->rs->status = 422;
            top = "保存できませんでした。入力に誤りがあります（項目の下の説明を確認してください）。";
        } else {
            Str json = STR_INIT;
            build_doc(app->profile, w->rq->arena, v, 0, NULL, &json);
            long long id = app_id;
            rc = str_failed(&json) ? app_fail(app, APP_DBFAIL, NULL, "out of memory")
                 : app_id ? app_apply_update(app, app_id, FORM_FILE, json.buf, json.len)
                          : app_apply_create(app, FORM_FILE, json.buf, json.len, &id);
            str_free(&json);
            if (rc == APP_OK) {
                char path[64], msg[200];
                snprintf(path, sizeof path, "/applications/%lld", id);
                snprintf(msg, sizeof msg, app_id ? "申請 %lld の内容を保存しました。" : "申請 %lld を下書きとして保存しました。内容を確かめて「申請する」を押してください。", id);
                web_redirect(w, path, msg);
                goto out;
            }
            if (rc == APP_DBFAIL) {
                web_app_failed(w, rc);
                goto out;
            }
            w->rs->status = app->denied ? 403 : 422;
            top = refusal_text(w);
        }
    }
    render_form(w, v, &fe, action, title, top);
out:
    form_eval_free(&fe);
}

void apply_new_post(Web *w) { form_post(w, 0, "/applications/new", "外部サービスの利用申請"); }

/* The application of {n} if the signed-in user may edit it now: its
 * applicant, while it is a draft or returned. */
static int load_editable(Web *w, AppRow *r)
{
    if (!apply_load(w, r))
        return 0;
    if (r->applicant_id != w->app->user.id) {
        web_error(w, 403, "申請を修正できるのは申請者本人だけです", NULL);
        return 0;
    }
    if (r->state != APP_DRAFT && r->state != APP_RETURNED) {
        Str m = STR_INIT;
        str_appendf(&m, "「%s」の申請は修正できません（下書きか差戻しのときだけ）", app_state_labels[r->state]);
        web_error(w, 422, str_cstr(&m), NULL);
        str_free(&m);
        return 0;
    }
    return 1;
}

void apply_edit_form(Web *w)
{
    AppRow r;
    if (!load_editable(w, &r))
        return;
    AppDoc doc;
    Params v = {0};
    if (web_app_failed(w, app_apply_read_stored(w->app, r.doc, &doc, NULL))) {
        appdoc_free(&doc);
        return;
    }
    vals_from_doc(w->rq->arena, &doc, &v);
    appdoc_free(&doc);
    char action[64], title[64];
    snprintf(action, sizeof action, "/applications/%lld/edit", r.id);
    snprintf(title, sizeof title, "申請 %lld の修正", r.id);
    /* A returned application says why at the top, where the fix starts. */
    const char *notice = NULL;
    if (r.state == APP_RETURNED && r.reason && *r.reason) {
        Str m = STR_INIT;
        str_appendf(&m, "差し戻されました。理由: %s", r.reason);
        notice = arena_strdup(w->rq->arena, str_cstr(&m));
        str_free(&m);
    }
    FormEval fe;
    if (!web_app_failed(w, evaluate_form(w, &v, 1, &fe)))
        render_form(w, &v, &fe, action, title, notice);
    form_eval_free(&fe);
}

void apply_edit_post(Web *w)
{
    AppRow r;
    if (!load_editable(w, &r))
        return;
    long long id = r.id;
    char action[64], title[64];
    snprintf(action, sizeof action, "/applications/%lld/edit", id);
    snprintf(title, sizeof title, "申請 %lld の修正", id);
    form_post(w, id, action, title);
}

/* ---- API ---- */

static int is_json(const Web *w)
{
    const char *ct = w->rq->content_type ? w->rq->content_type : "";
    return strncasecmp(ct, "application/json", 16) == 0;
}

static void errors_json(Str *o, const Profile *p, const FormEval *fe)
{
    str_append(o, "[");
    int n = 0;
    for (int f = 0; f < F_COUNT; f++) {
        if (!fe->ferr[f])
            continue;
        str_append(o, n++ ? ",{\"field\":" : "{\"field\":");
        str_append_json(o, field_defs[f].path);
        str_append(o, ",\"message\":");
        str_append_json(o, fe->ferr[f]);
        str_append(o, "}");
    }
    for (int i = 0; i < p->n_items + p->n_risks; i++) {
        if (!fe->aerr[i])
            continue;
        str_append(o, n++ ? ",{\"field\":" : "{\"field\":");
        Str path = STR_INIT;
        str_appendf(&path, "answers.%s", answer_id(p, i));
        str_append_json(o, str_cstr(&path));
        str_free(&path);
        str_append(o, ",\"message\":");
        str_append_json(o, fe->aerr[i]);
        str_append(o, "}");
    }
    if (fe->general.len) {
        str_append(o, n++ ? ",{\"field\":null,\"message\":" : "{\"field\":null,\"message\":");
        str_append_json(o, str_cstr((Str *)&fe->general));
        str_append(o, "}");
    }
    str_append(o, "]");
}

static void role_json(Str *o, const App *app, const ApplyPreview *pv)
{
    str_append(o, "\"applicant_role\":");
    if (pv->role >= 0) {
        str_append_json(o, app->profile->roles[pv->role].id);
        str_append(o, ",\"applicant_refusal\":null");
        return;
    }
    str_append(o, "null,\"applicant_refusal\":{\"message\":");
    str_append_json(o, pv->why.message);
    str_append(o, ",\"clause\":");
    if (pv->why.clause)
        str_append_json(o, pv->why.clause);
    else
        str_append(o, "null");
    str_append(o, "}");
}

/* POST /api/v1/evaluate. A JSON body is an application document, answered
 * with its evaluation (400 naming every bad field). A form body is the
 * application form (apply.js): the answer carries the field errors and the
 * panel and checklist as the page renders them, so that the page with and
 * without JavaScript shows the same thing. */
void apply_api_evaluate(Web *w)
{
    App *app = w->app;
    Request *rq = w->rq;
    Str *b = &w->rs->body;
    const char *ct = rq->content_type ? rq->content_type : "";
    if (is_json(w)) {
        ApplyPreview pv;
        AppRc rc = app_apply_preview(app, "request", rq->body, rq->body_len, &pv);
        if (!web_app_failed(w, rc)) {
            if (!pv.parsed) {
                Str m = STR_INIT;
                for (int i = 0; i < pv.errs.count; i++)
                    str_appendf(&m, "%s%s", i ? "\n" : "", pv.errs.msg[i]);
                web_error(w, 400, str_cstr(&m), NULL);
                str_free(&m);
            } else {
                web_json_begin(w);
                str_append(b, "{\"evaluation\":");
                decision_json(&pv.doc, &pv.d, 0, b);
                str_append(b, ",");
                role_json(b, app, &pv);
                str_append(b, "}");
            }
        }
        app_apply_preview_free(&pv);
        return;
    }
    if (strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0) {
        web_error(w, 415, "application/json（申請書のJSON）か application/x-www-form-urlencoded（申請フォーム）で送ってください", NULL);
        return;
    }
    Str err = STR_INIT;
    if (form_parse_urlencoded(&rq->form, rq->arena, rq->body, rq->body_len, &err) != 0) {
        Str m = STR_INIT;
        str_appendf(&m, "送信内容を読めません: %s", str_cstr(&err));
        web_error(w, 400, str_cstr(&m), NULL);
        str_free(&m);
        str_free(&err);
        return;
    }
    str_free(&err);
    FormEval fe;
    AppRc rc = evaluate_form(w, &rq->form, 1, &fe);
    if (!web_app_failed(w, rc)) {
        Str panel = STR_INIT, checklist = STR_INIT;
        render_panel(&panel, w, &fe);
        render_checklist(&checklist, w, &fe, &rq->form);
        web_json_begin(w);
        str_append(b, "{\"evaluation\":");
        if (fe.pv.parsed)
            decision_json(&fe.pv.doc, &fe.pv.d, 0, b);
        else
            str_append(b, "null");
        str_append(b, ",");
        if (fe.pv.parsed)
            role_json(b, app, &fe.pv);
        else
            str_append(b, "\"applicant_role\":null,\"applicant_refusal\":null");
        str_append(b, ",\"errors\":");
        errors_json(b, app->profile, &fe);
        str_append(b, ",\"panel_html\":");
        str_append_json(b, str_cstr(&panel));
        str_append(b, ",\"checklist_html\":");
        str_append_json(b, str_cstr(&checklist));
        str_append(b, "}");
        str_free(&panel);
        str_free(&checklist);
    }
    form_eval_free(&fe);
}

/* {"id": N, "state": …, "evaluation": {…}} of a saved application. */
static void saved_json(Web *w, long long id, int status)
{
    AppRow r;
    if (web_app_failed(w, app_apply_get(w->app, id, &r)))
        return;
    web_json_begin(w);
    w->rs->status = status;
    Str *b = &w->rs->body;
    str_append(b, "{");
    apply_row_json_members(b, &r);
    /* The stored evaluation is decision_json()'s output, written by the
     * use case: JSON already, not text from the request. */
    str_append(b, ",\"evaluation\":");
    str_append(b, r.evaluation);
    str_append(b, "}");
}

void apply_api_create(Web *w)
{
    if (!is_json(w)) {
        web_error(w, 415, "申請書を application/json で送ってください", NULL);
        return;
    }
    long long id = 0;
    if (!web_app_failed(w, app_apply_create(w->app, "request", w->rq->body, w->rq->body_len, &id)))
        saved_json(w, id, 201);
}

void apply_api_update(Web *w)
{
    if (!is_json(w)) {
        web_error(w, 415, "申請書を application/json で送ってください", NULL);
        return;
    }
    AppRow r;
    if (!apply_load(w, &r))
        return;
    long long id = r.id;
    if (!web_app_failed(w, app_apply_update(w->app, id, "request", w->rq->body, w->rq->body_len)))
        saved_json(w, id, 200);
}
