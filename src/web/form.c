/* Request parameters (see form.h). */
#include <stdio.h>
#include <string.h>

#include "exchange/json_reader.h"
#include "util/errors.h"
#include "util/utf8.h"
#include "web/form.h"

const char *params_get(const Params *p, const char *name)
{
    for (int i = 0; i < p->n; i++)
        if (strcmp(p->v[i].name, name) == 0)
            return p->v[i].value;
    return NULL;
}

int params_add(Params *p, Arena *a, const char *name, size_t name_len, const char *value, size_t value_len)
{
    if (p->n == p->cap) {
        int cap = p->cap ? p->cap * 2 : 16;
        Param *v = arena_alloc(a, sizeof *v * (size_t)cap);
        if (!v)
            return -1;
        if (p->n)
            memcpy(v, p->v, sizeof *v * (size_t)p->n);
        p->v = v;
        p->cap = cap;
    }
    char *n = arena_strndup(a, name, name_len), *v = arena_strndup(a, value, value_len);
    if (!n || !v)
        return -1;
    p->v[p->n].name = n;
    p->v[p->n].value = v;
    p->n++;
    return 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int form_text_ok(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        if (*p < 0x80) {
            if (*p < 0x20 && *p != '\t' && *p != '\r' && *p != '\n')
                return 0;
            p++;
            continue;
        }
        int n = utf8_seq(p, end);
        if (n == 0)
            return 0;
        p += n;
    }
    return 1;
}

/* Decode one component into `out` ('+' is a space); 0 or -1 (bad escape). */
static int decode(const char *s, size_t len, Str *out)
{
    str_reset(out);
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '+') {
            str_appendc(out, ' ');
        } else if (s[i] == '%') {
            if (len - i < 3)
                return -1;
            int h = hexval(s[i + 1]), l = hexval(s[i + 2]);
            if (h < 0 || l < 0)
                return -1;
            str_appendc(out, (char)(h * 16 + l));
            i += 2;
        } else {
            str_appendc(out, s[i]);
        }
    }
    str_cstr(out);
    return str_failed(out) ? -1 : 0;
}

int form_parse_urlencoded(Params *out, Arena *a, const char *text, size_t len, Str *err)
{
    Str name = STR_INIT, value = STR_INIT;
    int rc = 0, field = 0;
    size_t i = 0;
    while (i < len && rc == 0) {
        size_t amp = i;
        while (amp < len && text[amp] != '&')
            amp++;
        size_t eq = i;
        while (eq < amp && text[eq] != '=')
            eq++;
        if (amp > i) {
            field++;
            if (out->n >= FORM_MAX_PARAMS) {
                str_appendf(err, "項目が多すぎます（%d 個まで）", FORM_MAX_PARAMS);
                rc = -1;
            } else if (decode(text + i, eq - i, &name) != 0 || decode(eq < amp ? text + eq + 1 : "", eq < amp ? amp - eq - 1 : 0, &value) != 0) {
                str_appendf(err, "%d 番目の項目の %%エンコードが正しくありません", field);
                rc = -1;
            } else if (!form_text_ok(name.buf ? name.buf : "", name.len) || !form_text_ok(value.buf ? value.buf : "", value.len)) {
                str_appendf(err, "項目 '%.40s' が正しいUTF-8の文字列ではありません", form_text_ok(name.buf ? name.buf : "", name.len) ? name.buf : "?");
                rc = -1;
            } else if (params_add(out, a, name.buf ? name.buf : "", name.len, value.buf ? value.buf : "", value.len) != 0) {
                str_append(err, "out of memory");
                rc = -1;
            }
        }
        i = amp + 1;
    }
    str_free(&name);
    str_free(&value);
    return rc;
}

int form_parse_json(Params *out, Arena *a, const char *text, size_t len, Str *err)
{
    Errors errs = {0};
    Jr r;
    jr_init(&r, "body", text, len, &errs, a);
    int rc = 0;
    if (jr_peek(&r) != JT_OBJECT || !jr_object_begin(&r)) {
        str_append(err, errs.count ? errs.msg[0] : "JSON の本文はオブジェクト {…} にしてください");
        errors_free(&errs);
        return -1;
    }
    const char *key;
    while (rc == 0 && jr_object_key(&r, &key)) {
        char num[64];
        const char *v = NULL;
        size_t vlen = 0;
        long long iv;
        double dv;
        int is_int, b;
        switch (jr_peek(&r)) {
        case JT_STRING:
            if (!jr_string(&r, &v, &vlen))
                rc = -1;
            break;
        case JT_NUMBER:
            if (!jr_number(&r, &iv, &dv, &is_int))
                rc = -1;
            else if (is_int)
                snprintf(num, sizeof num, "%lld", iv);
            else
                snprintf(num, sizeof num, "%.17g", dv);
            v = num;
            vlen = strlen(num);
            break;
        case JT_TRUE:
        case JT_FALSE:
            if (!jr_bool(&r, &b))
                rc = -1;
            v = b ? "true" : "false";
            vlen = strlen(v);
            break;
        case JT_NULL:
            if (!jr_null(&r))
                rc = -1;
            continue;
        default:
            if (!r.failed)
                str_appendf(err, "項目 '%s' は文字列・数値・真偽値にしてください（配列やオブジェクトは受け付けません）", key);
            rc = -1;
            break;
        }
        if (rc == 0 && out->n >= FORM_MAX_PARAMS) {
            str_appendf(err, "項目が多すぎます（%d 個まで）", FORM_MAX_PARAMS);
            rc = -1;
        } else if (rc == 0 && !form_text_ok(key, strlen(key))) {
            str_append(err, "項目名に使えない制御文字があります");
            rc = -1;
        } else if (rc == 0 && !form_text_ok(v, vlen)) {
            str_appendf(err, "項目 '%s' に使えない制御文字があります", key);
            rc = -1;
        } else if (rc == 0 && params_add(out, a, key, strlen(key), v, vlen) != 0) {
            str_append(err, "out of memory");
            rc = -1;
        }
    }
    if (rc == 0 && (r.failed || !jr_finish(&r)))
        rc = -1;
    if (rc != 0 && !err->len)
        str_append(err, errs.count ? errs.msg[0] : "JSON の構文が正しくありません");
    errors_free(&errs);
    return rc;
}
