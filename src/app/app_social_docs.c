/* The JSON documents of the social-media area (app/app_social.h;
 * docs/social.md): an account to register and a post to check before it is
 * posted. Apart from the use cases because they only fill the input
 * structs (strings in the caller's arena); what the values mean is checked
 * by app_social_account_add and social_post_check. */
#include <string.h>

#include "app/app_social_internal.h"
#include "exchange/json_reader.h"

static int json_text(Jr *r, const char **out)
{
    size_t len;
    return jr_peek(r) == JT_STRING && jr_string(r, out, &len);
}

/* An array of strings into an arena array. */
static int json_strings(Jr *r, Arena *a, const char *const **out, int *n)
{
    enum { MAX = 128 };
    const char **v = arena_alloc(a, sizeof *v * MAX);
    *out = v;
    *n = 0;
    if (!v || jr_peek(r) != JT_ARRAY || !jr_array_begin(r))
        return 0;
    while (jr_array_next(r)) {
        if (*n == MAX || !json_text(r, &v[*n]))
            return 0;
        (*n)++;
    }
    return 1;
}

static int json_flag(Jr *r, int *out)
{
    return jr_peek(r) != JT_STRING && jr_bool(r, out);
}

/* A positive whole number (an account or ledger number). */
static int json_id(Jr *r, long long *out)
{
    long long num;
    double d;
    int is_int;
    if (jr_peek(r) != JT_NUMBER || !jr_number(r, &num, &d, &is_int) || !is_int || num <= 0)
        return 0;
    *out = num;
    return 1;
}

/* The end of a document: the syntax error, or the member `bad` whose value
 * has the wrong shape (`shape` says what it should be), or APP_OK. Frees
 * errs. */
static AppRc doc_end(App *app, Jr *r, Errors *errs, const char *file, const char *bad, const char *shape)
{
    if (!bad && !r->failed)
        jr_finish(r);
    AppRc rc = APP_OK;
    if (r->failed)
        rc = app_fail(app, APP_INVALID, NULL, "%s", errs->count ? errs->msg[0] : "JSON syntax error");
    else if (bad)
        rc = app_fail(app, APP_INVALID, NULL, "%s: '%s' の形が正しくありません%s", file, bad, shape);
    errors_free(errs);
    return rc;
}

/* A list of strings joined by newlines (the register keeps names one per line). */
static int json_lines(Jr *r, Arena *a, const char **out)
{
    Str s = STR_INIT;
    int ok = jr_peek(r) == JT_ARRAY && jr_array_begin(r);
    while (ok && jr_array_next(r)) {
        const char *v;
        if (!json_text(r, &v) || strchr(v, '\n')) {
            ok = 0;
            break;
        }
        str_appendf(&s, "%s%s", s.len ? "\n" : "", v);
    }
    *out = ok && !str_failed(&s) ? arena_strdup(a, str_cstr(&s)) : NULL;
    str_free(&s);
    return ok && *out;
}

static int json_devices(Jr *r, Arena *a, SocialDevice **out, int *n)
{
    enum { MAX = 64 };
    *out = arena_alloc(a, sizeof **out * MAX);
    *n = 0;
    if (!*out || jr_peek(r) != JT_ARRAY || !jr_array_begin(r))
        return 0;
    while (jr_array_next(r)) {
        if (*n == MAX || jr_peek(r) != JT_OBJECT || !jr_object_begin(r))
            return 0;
        SocialDevice *d = &(*out)[(*n)++];
        d->managed = -1;
        const char *key;
        while (jr_object_key(r, &key)) {
            if (strcmp(key, "description") == 0 && json_text(r, &d->description))
                continue;
            if (strcmp(key, "managed") == 0 && json_flag(r, &d->managed))
                continue;
            return 0;
        }
        if (!d->description || d->managed < 0)
            return 0;
    }
    return 1;
}

AppRc app_social_account_parse(App *app, Arena *arena, const char *file, const char *json, size_t len,
                               NewSocialAccount *out)
{
    memset(out, 0, sizeof *out);
    Errors errs = {0};
    Jr r;
    jr_init(&r, file, json, len, &errs, arena);
    const char *bad = NULL, *key = NULL;
    if (jr_peek(&r) != JT_OBJECT || !jr_object_begin(&r))
        bad = "(document)";
    while (!bad && jr_object_key(&r, &key)) {
        int ok;
        if (!strcmp(key, "service"))
            ok = json_text(&r, &out->service);
        else if (!strcmp(key, "account_name"))
            ok = json_text(&r, &out->account_name);
        else if (!strcmp(key, "account_url"))
            ok = json_text(&r, &out->account_url);
        else if (!strcmp(key, "verified"))
            ok = json_text(&r, &out->verified);
        else if (!strcmp(key, "announce_url"))
            ok = json_text(&r, &out->announce_url);
        else if (!strcmp(key, "policy"))
            ok = json_text(&r, &out->policy);
        else if (!strcmp(key, "info_only"))
            ok = json_flag(&r, &out->info_only);
        else if (!strcmp(key, "two_factor"))
            ok = json_text(&r, &out->two_factor);
        else if (!strcmp(key, "password_holders"))
            ok = json_lines(&r, arena, &out->password_holders);
        else if (!strcmp(key, "devices")) {
            SocialDevice *dv;
            ok = json_devices(&r, arena, &dv, &out->n_devices);
            out->devices = dv;
        } else if (!strcmp(key, "ledger"))
            ok = json_id(&r, &out->ledger_number);
        else if (strstr(key, "password") || strstr(key, "passphrase")) {
            errors_free(&errs);
            return app_fail(app, APP_INVALID, "10オ(ア)",
                            "%s: '%s': パスワードは登録しません。password_holders にパスワードを知る担当者の氏名だけを書いてください [10オ(ア)]",
                            file, key);
        } else {
            errors_free(&errs);
            return app_fail(app, APP_INVALID, NULL,
                            "%s: '%s' は知らない項目です (allowed: service, account_name, account_url, verified, announce_url,"
                            " policy, info_only, two_factor, password_holders, devices, ledger)",
                            file, key);
        }
        if (!ok)
            bad = key;
    }
    return doc_end(app, &r, &errs, file, bad,
                   "（文字列、true/false、氏名の配列、"
                   "[{\"description\": \"…\", \"managed\": true}] の配列、台帳番号のいずれか: docs/social.md）");
}

AppRc app_social_post_parse(App *app, Arena *arena, const char *file, const char *json, size_t len, PostInput *in,
                            long long *account_id)
{
    memset(in, 0, sizeof *in);
    *account_id = 0;
    Errors errs = {0};
    Jr r;
    jr_init(&r, file, json, len, &errs, arena);
    const char *bad = NULL, *key = NULL;
    if (jr_peek(&r) != JT_OBJECT || !jr_object_begin(&r))
        bad = "(document)";
    while (!bad && jr_object_key(&r, &key)) {
        int ok;
        if (!strcmp(key, "account"))
            ok = json_id(&r, account_id);
        else if (!strcmp(key, "text"))
            ok = json_text(&r, &in->text);
        else if (!strcmp(key, "confidentiality"))
            ok = json_text(&r, &in->confidentiality);
        else if (!strcmp(key, "availability"))
            ok = json_text(&r, &in->availability);
        else if (!strcmp(key, "urls"))
            ok = json_strings(&r, arena, &in->urls, &in->n_urls);
        else if (!strcmp(key, "confirmed"))
            ok = json_strings(&r, arena, &in->confirmed, &in->n_confirmed);
        else if (!strcmp(key, "video"))
            ok = json_flag(&r, &in->video);
        else if (!strcmp(key, "comments_disabled"))
            ok = json_flag(&r, &in->comments_disabled);
        else if (!strcmp(key, "ratings_disabled"))
            ok = json_flag(&r, &in->ratings_disabled);
        else if (!strcmp(key, "student_work"))
            ok = json_flag(&r, &in->student_work);
        else if (!strcmp(key, "student_consent"))
            ok = json_flag(&r, &in->student_consent);
        else {
            errors_free(&errs);
            return app_fail(app, APP_INVALID, NULL,
                            "%s: '%s' は知らない項目です (allowed: account, text, confidentiality, availability, urls, video,"
                            " comments_disabled, ratings_disabled, student_work, student_consent, confirmed)",
                            file, key);
        }
        if (!ok)
            bad = key;
    }
    return doc_end(app, &r, &errs, file, bad, "（docs/social.md の投稿前確認の文書を参照）");
}

