/* The web layer's pure parts: HTML escaped by construction (src/web/html.c),
 * request parameters (src/web/form.c), route matching and access rows
 * (src/web/dispatch.c), and 和暦 dates (src/domain/dates.c, DESIGN.md "Web":
 * 令和8年4月1日 (2026-04-01), 令和元年 for 2019). */
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "domain/dates.h"
#include "web/form.h"
#include "web/html.h"
#include "web/web.h"

/* Issue #4 "all output HTML-escaped by construction": %s escapes the five
 * characters that can leave text or an attribute; the literal format is kept. */
static void test_html_escapes_arguments(void **state)
{
    (void)state;
    Str s = STR_INIT;
    html(&s, "<p title=\"%s\">%s</p>", "\"><script>", "<script>alert('x')&</script>");
    assert_string_equal(str_cstr(&s),
                        "<p title=\"&quot;&gt;&lt;script&gt;\">&lt;script&gt;alert(&#39;x&#39;)&amp;&lt;/script&gt;</p>");
    str_reset(&s);
    html(&s, "%d|%lld|%zu|%%|%s|%H", -3, 1234567890123LL, (size_t)7, (const char *)NULL, "<b>trusted</b>");
    assert_string_equal(str_cstr(&s), "-3|1234567890123|7|%||<b>trusted</b>");
    str_reset(&s);
    /* An unknown conversion is a visible error, never a guessed argument. */
    html(&s, "a%qb", 1);
    assert_non_null(strstr(str_cstr(&s), "bad format"));
    str_reset(&s);
    html(&s, "<a href=\"/ledger?q=%U\">", "会議 & x");
    assert_string_equal(str_cstr(&s), "<a href=\"/ledger?q=%E4%BC%9A%E8%AD%B0%20%26%20x\">");
    str_free(&s);
}

static Str dump_form(const char *text, int json)
{
    Arena a;
    arena_init(&a, NULL, 0);
    Params p = {0};
    Str out = STR_INIT, err = STR_INIT;
    int rc = json ? form_parse_json(&p, &a, text, strlen(text), &err) : form_parse_urlencoded(&p, &a, text, strlen(text), &err);
    if (rc == 0)
        for (int i = 0; i < p.n; i++)
            str_appendf(&out, "[%s=%s]", p.v[i].name, p.v[i].value);
    else
        str_appendf(&out, "ERR %s", str_cstr(&err));
    str_free(&err);
    arena_free(&a);
    return out;
}

#define ASSERT_FORM(text, json, expected)            \
    do {                                             \
        Str got_ = dump_form(text, json);            \
        assert_string_equal(str_cstr(&got_), expected); \
        str_free(&got_);                             \
    } while (0)

/* Issue #4 "malformed form/JSON → 400 naming the field": the parsers accept
 * what browsers and API clients send and name what is wrong otherwise. */
static void test_form_urlencoded(void **state)
{
    (void)state;
    ASSERT_FORM("a=1&b=x+y&c=%E4%BC%9A%E8%AD%B0&d&=e&&", 0, "[a=1][b=x y][c=会議][d=][=e]");
    ASSERT_FORM("a=%2", 0, "ERR 1 番目の項目の %エンコードが正しくありません");
    ASSERT_FORM("a=1&b=%zz", 0, "ERR 2 番目の項目の %エンコードが正しくありません");
    /* invalid UTF-8 (a lone continuation byte) and NUL are refused */
    ASSERT_FORM("note=%80", 0, "ERR 項目 'note' が正しいUTF-8の文字列ではありません");
    ASSERT_FORM("note=a%00b", 0, "ERR 項目 'note' が正しいUTF-8の文字列ではありません");
    /* tab, CR and LF are text (a textarea sends CRLF) */
    ASSERT_FORM("note=a%0D%0Ab%09c", 0, "[note=a\r\nb\tc]");
}

/* FORM_MAX_PARAMS fields are accepted, one more is refused. */
static void test_form_field_limit(void **state)
{
    (void)state;
    Str body = STR_INIT;
    for (int i = 0; i < FORM_MAX_PARAMS; i++)
        str_appendf(&body, "%sf%d=v", i ? "&" : "", i);
    Str got = dump_form(str_cstr(&body), 0);
    assert_int_equal(strncmp(str_cstr(&got), "ERR", 3) != 0, 1);
    str_free(&got);
    str_append(&body, "&one=more");
    got = dump_form(str_cstr(&body), 0);
    assert_non_null(strstr(str_cstr(&got), "項目が多すぎます"));
    str_free(&got);
    str_free(&body);
}

static void test_form_json(void **state)
{
    (void)state;
    ASSERT_FORM("{\"reason\":\"\\u4f1a\\u8b70\",\"n\":3,\"x\":1.5,\"ok\":true,\"gone\":null}", 1,
                "[reason=会議][n=3][x=1.5][ok=true]");
    ASSERT_FORM("{\"roles\":[\"staff\"]}", 1, "ERR 項目 'roles' は文字列・数値・真偽値にしてください（配列やオブジェクトは受け付けません）");
    ASSERT_FORM("[1]", 1, "ERR JSON の本文はオブジェクト {…} にしてください");
    ASSERT_FORM("{\"a\":\"x\\u0001y\"}", 1, "ERR 項目 'a' に使えない制御文字があります");
    /* a member name is text too (found by fuzz_form) */
    ASSERT_FORM("{\"a\\u0001\":\"x\"}", 1, "ERR 項目名に使えない制御文字があります");
    ASSERT_FORM("{\"a\":\"x\\u0000y\"}", 1, "ERR body:1:8: JSON syntax error: \\u0000 is not allowed");
    Str got = dump_form("{\"a\":", 1);
    assert_int_equal(strncmp(str_cstr(&got), "ERR ", 4), 0);
    str_free(&got);
    got = dump_form("{\"a\":\"b\"} x", 1);
    assert_int_equal(strncmp(str_cstr(&got), "ERR ", 4), 0);
    str_free(&got);
}

/* Deny by default: a path without a row is not found; {n} takes positive
 * numbers only; a path with another method is 405, not 404. */
static void test_routes(void **state)
{
    (void)state;
    Request rq = {.method = "GET", .path = "/"};
    int mismatch;
    const char *allow;
    const Route *r = web_route(&rq, &mismatch, &allow);
    assert_non_null(r);
    assert_int_equal(r->access, ACCESS_USER);
    rq.path = "/login";
    r = web_route(&rq, &mismatch, &allow);
    assert_non_null(r);
    assert_int_equal(r->access, ACCESS_PUBLIC);
    rq.method = "DELETE";
    assert_null(web_route(&rq, &mismatch, &allow));
    assert_int_equal(mismatch, 1);
    rq.method = "GET";
    rq.path = "/no/such/page";
    assert_null(web_route(&rq, &mismatch, &allow));
    assert_int_equal(mismatch, 0);
    rq.path = "/static/style.css";
    assert_non_null(web_route(&rq, &mismatch, &allow));
    /* every row names an access level and every API route lives under /api/v1/ */
    const Route *tables[] = {routes_core, routes_apply, routes_ledger, routes_admin};
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
        for (const Route *x = tables[t]; x->pattern; x++) {
            assert_true(x->access >= ACCESS_PUBLIC && x->access <= ACCESS_ADMIN);
            if (x->api && strcmp(x->pattern, "/healthz") != 0)
                assert_int_equal(strncmp(x->pattern, "/api/v1/", 8), 0);
        }
}

/* DESIGN.md "Web": dates in 和暦 with the era's first year as 元年, on both
 * sides of each era change. */
static void test_wareki(void **state)
{
    (void)state;
    char b[64];
    date_wareki(20260401, b, sizeof b);
    assert_string_equal(b, "令和8年4月1日");
    date_wareki(20190501, b, sizeof b);
    assert_string_equal(b, "令和元年5月1日");
    date_wareki(20190430, b, sizeof b);
    assert_string_equal(b, "平成31年4月30日");
    date_wareki(19890108, b, sizeof b);
    assert_string_equal(b, "平成元年1月8日");
    date_wareki(19890107, b, sizeof b);
    assert_string_equal(b, "昭和64年1月7日");
    date_wareki(20200101, b, sizeof b);
    assert_string_equal(b, "令和2年1月1日");
}

/* Due dates are Japanese calendar days (DESIGN.md "Storage": times in UTC):
 * a stored time is the next day in Japan from 15:00 UTC, on both sides of
 * that hour and across a month and a year end. */
static void test_jst_day(void **state)
{
    (void)state;
    assert_int_equal(date_jst_day("2026-04-01T14:59:59Z"), 20260401);
    assert_int_equal(date_jst_day("2026-04-01T15:00:00Z"), 20260402);
    assert_int_equal(date_jst_day("2026-04-30T23:00:00Z"), 20260501);
    assert_int_equal(date_jst_day("2026-12-31T15:00:00Z"), 20270101);
    assert_int_equal(date_jst_day("2026-04-01"), 20260401);
    assert_int_equal(date_jst_day("2026-02-30T01:00:00Z"), 0);
    assert_int_equal(date_jst_day("2026-04"), 0);
    assert_int_equal(date_jst_day(NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_escapes_arguments), cmocka_unit_test(test_form_urlencoded),
        cmocka_unit_test(test_form_field_limit), cmocka_unit_test(test_form_json),
        cmocka_unit_test(test_routes), cmocka_unit_test(test_wareki), cmocka_unit_test(test_jst_day),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
