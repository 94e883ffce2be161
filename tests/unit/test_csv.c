/* CSV reader and writer (src/exchange/csv.h): RFC 4180 plus what Excel on
 * municipal PCs writes; every error names LINE:COL; limits on both sides;
 * linear time on large inputs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testutil.h"
#include "exchange/csv.h"

/* A string literal as (pointer, length), so that inputs may hold NUL bytes. */
#define IN(lit) (lit), sizeof(lit) - 1

/* Every row of buf[0..len) as "LINE:[f1][f2]…", rows separated by " ", then
 * " ERR message" if the reader failed. Caller frees with str_free(). */
static Str dump(const char *buf, size_t len)
{
    Str out = STR_INIT, err = STR_INIT;
    CsvReader r;
    CsvRow row;
    int rc;
    csv_reader_init(&r, buf, len);
    while ((rc = csv_next_row(&r, &row, &err)) == 1) {
        if (out.len)
            str_appendc(&out, ' ');
        str_appendf(&out, "%ld:", row.line);
        for (int i = 0; i < row.count; i++)
            str_appendf(&out, "[%s]", row.fields[i]);
    }
    if (rc < 0)
        str_appendf(&out, "%sERR %s", out.len ? " " : "", str_cstr(&err));
    /* a stopped reader stays stopped and adds nothing to err */
    size_t err_len = err.len;
    assert_int_equal(csv_next_row(&r, &row, &err), rc);
    assert_int_equal(err.len, err_len);
    csv_reader_free(&r);
    str_free(&err);
    return out;
}

static void expect_dump(const char *buf, size_t len, const char *expected)
{
    Str got = dump(buf, len);
    if (strcmp(str_cstr(&got), expected) != 0)
        fail_msg("expected\n  %s\ngot\n  %s", expected, str_cstr(&got));
    str_free(&got);
}

/* The reader fails on buf; the message starts with `where` ("LINE:COL: ")
 * and contains `needle`. */
static void expect_error(const char *buf, size_t len, const char *where, const char *needle)
{
    Str got = dump(buf, len);
    const char *e = strstr(str_cstr(&got), "ERR ");
    if (!e || strncmp(e + 4, where, strlen(where)) != 0 || !strstr(e, needle))
        fail_msg("expected an error at %s containing \"%s\", got\n  %s", where, needle, str_cstr(&got));
    str_free(&got);
}

/* Writer then reader gives back the same fields, whatever the text holds. */
static void test_round_trip_awkward_texts(void **state)
{
    (void)state;
    static const char *texts[] = {
        "", "plain", "外部サービス利用台帳", "a,b", "say \"hi\"", "\"", "\"\"", ",", "line1\nline2",
        "cr\ronly", "crlf\r\nend", "\r\n", "\n", "\r", " leading", "trailing ", "\tTab", " ", "a\"b,c\r\nd",
        "北九州市,乙訓", "😀 絵文字", "=SUM(A1)", "'0123", "\xEF\xBB\xBF" "starts with U+FEFF",
    };
    enum { N = sizeof texts / sizeof texts[0] };
    Str out = STR_INIT;
    csv_write_bom(&out);
    /* each text alone, in the middle of a row, and all in one row */
    for (int i = 0; i < N; i++) {
        csv_write_field(&out, 1, texts[i]);
        csv_end_row(&out);
        csv_write_field(&out, 1, "x");
        csv_write_field(&out, 0, texts[i]);
        csv_write_field(&out, 0, "y");
        csv_end_row(&out);
    }
    for (int i = 0; i < N; i++)
        csv_write_field(&out, i == 0, texts[i]);
    csv_end_row(&out);
    assert_false(str_failed(&out));

    CsvReader r;
    CsvRow row;
    Str err = STR_INIT;
    csv_reader_init(&r, out.buf, out.len);
    for (int i = 0; i < N; i++) {
        assert_int_equal(csv_next_row(&r, &row, &err), 1);
        assert_int_equal(row.count, 1);
        assert_string_equal(row.fields[0], texts[i]);
        assert_int_equal(csv_next_row(&r, &row, &err), 1);
        assert_int_equal(row.count, 3);
        assert_string_equal(row.fields[0], "x");
        assert_string_equal(row.fields[1], texts[i]);
        assert_string_equal(row.fields[2], "y");
    }
    assert_int_equal(csv_next_row(&r, &row, &err), 1);
    assert_int_equal(row.count, N);
    for (int i = 0; i < N; i++)
        assert_string_equal(row.fields[i], texts[i]);
    assert_int_equal(csv_next_row(&r, &row, &err), 0);
    assert_int_equal(err.len, 0);
    csv_reader_free(&r);
    str_free(&err);
    str_free(&out);
}

/* The writer quotes exactly when needed (, " CR LF, leading/trailing blanks),
 * doubles quotes and ends rows with CRLF; the BOM is EF BB BF. */
static void test_writer_output(void **state)
{
    (void)state;
    Str out = STR_INIT;
    csv_write_bom(&out);
    csv_write_field(&out, 1, "a");
    csv_write_field(&out, 0, "");
    csv_write_field(&out, 0, "b,c");
    csv_write_field(&out, 0, "say \"hi\"");
    csv_write_field(&out, 0, " x");
    csv_write_field(&out, 0, "x ");
    csv_write_field(&out, 0, "a b");
    csv_write_field(&out, 0, "1\n2");
    csv_write_field(&out, 0, "台帳");
    csv_end_row(&out);
    assert_string_equal(str_cstr(&out),
                        "\xEF\xBB\xBF" "a,,\"b,c\",\"say \"\"hi\"\"\",\" x\",\"x \",a b,\"1\n2\",台帳\r\n");
    /* a first field starting with U+FEFF is quoted, so that without a BOM
     * before it the reader does not skip it as one */
    str_reset(&out);
    csv_write_field(&out, 1, "\xEF\xBB\xBF" "x");
    csv_end_row(&out);
    assert_string_equal(str_cstr(&out), "\"\xEF\xBB\xBF" "x\"\r\n");
    expect_dump(out.buf, out.len, "1:[\xEF\xBB\xBF" "x]");
    str_free(&out);
}

/* A leading UTF-8 BOM (Excel "CSV UTF-8") is skipped and not counted in
 * columns; elsewhere U+FEFF is ordinary text. */
static void test_bom_skipped(void **state)
{
    (void)state;
    expect_dump(IN("\xEF\xBB\xBF" "サービス名,区分\r\nTeams,重要\r\n"), "1:[サービス名][区分] 2:[Teams][重要]");
    expect_dump(IN("\xEF\xBB\xBF"), "");
    expect_dump(IN("\xEF\xBB\xBF\r\n"), "1:[]");
    expect_dump(IN("a,\xEF\xBB\xBF"), "1:[a][\xEF\xBB\xBF]");
    expect_error(IN("\xEF\xBB\xBF" "ab\"c"), "1:3: ", "引用符で囲まれていない");
}

/* Rows end at CRLF, LF or CR, mixed in one file; a last row needs no line end. */
static void test_line_ends(void **state)
{
    (void)state;
    expect_dump(IN("a,b\r\nc,d\r\n"), "1:[a][b] 2:[c][d]");
    expect_dump(IN("a,b\nc,d\n"), "1:[a][b] 2:[c][d]");
    expect_dump(IN("a,b\rc,d\r"), "1:[a][b] 2:[c][d]");
    expect_dump(IN("a\r\nb\nc\rd"), "1:[a] 2:[b] 3:[c] 4:[d]");
    expect_dump(IN("a,b"), "1:[a][b]");
    expect_dump(IN("\"a\",\"b\""), "1:[a][b]");
    expect_dump(IN("\"a\"\r\n\"b\"\r"), "1:[a] 2:[b]");
    /* LF CR is two line ends (an empty line between), CR LF one */
    expect_dump(IN("a\n\rb"), "1:[a] 2:[] 3:[b]");
}

/* Empty fields and empty lines: an empty line is a row of one empty field;
 * a line end just before the end of input adds no row. */
static void test_empty_fields_and_lines(void **state)
{
    (void)state;
    expect_dump(IN(""), "");
    expect_dump(NULL, 0, ""); /* e.g. the buffer of an empty Str */
    expect_dump(IN("\r\n"), "1:[]");
    expect_dump(IN("a\r\n"), "1:[a]");
    expect_dump(IN("a\r\n\r\nb\r\n"), "1:[a] 2:[] 3:[b]");
    expect_dump(IN("a\n\n"), "1:[a] 2:[]");
    expect_dump(IN(","), "1:[][]");
    expect_dump(IN("a,\r\n,b\r\n,,\r\n"), "1:[a][] 2:[][b] 3:[][][]");
    expect_dump(IN("\"\",\"\"\r\n"), "1:[][]");
    /* spaces are data, not trimmed */
    expect_dump(IN(" a , b "), "1:[ a ][ b ]");
}

/* Quoted fields hold commas, doubled quotes and line ends; the line ends
 * inside are counted, so the next row's line is its physical line. */
static void test_line_numbers_after_multiline_fields(void **state)
{
    (void)state;
    expect_dump(IN("\"a\nb\",c\r\nd\r\n\"x\r\ny\rz\"\ne\r\n\"\"\"q\"\"\",\"1,2\"\n"),
                "1:[a\nb][c] 3:[d] 4:[x\r\ny\rz] 7:[e] 8:[\"q\"][1,2]");
    /* an error after a multi-line field names its physical line and column */
    expect_error(IN("\"a\nbc\"x,d"), "2:4: ", "閉じ引用符");
    expect_error(IN("\"a\r\n\r\n\xE3\x81\x82\x93\""), "3:2: ", "UTF-8 ではありません");
}

/* Each malformed input is named by LINE:COL (COL in characters). */
static void test_errors_name_line_and_column(void **state)
{
    (void)state;
    /* unterminated quote at the end: named at the opening quote */
    expect_error(IN("a,\"bc"), "1:3: ", "引用符が閉じられていません (unterminated quoted field)");
    expect_error(IN("x\r\ny,\"ab\ncd\r\n"), "2:3: ", "unterminated quoted field");
    expect_error(IN("\""), "1:1: ", "unterminated");
    expect_error(IN("\"abc\"\""), "1:1: ", "unterminated");
    /* a quote inside an unquoted field */
    expect_error(IN("ab\"c"), "1:3: ", "quote inside an unquoted field");
    expect_error(IN("ok\n日本,a\"b"), "2:5: ", "引用符で囲まれていないフィールドに引用符があります");
    expect_error(IN("a \"b\""), "1:3: ", "quote inside an unquoted field");
    /* text after the closing quote */
    expect_error(IN("\"ab\"x"), "1:5: ", "unexpected character after closing quote");
    expect_error(IN("1,\"ab\" ,c"), "1:7: ", "閉じ引用符の後に");
    expect_error(IN("\"a\"\"b\"\"\"c"), "1:9: ", "after closing quote");
    /* NUL */
    expect_error(IN("a\0b"), "1:2: ", "NUL 文字が含まれています (NUL byte in input)");
    expect_error(IN("x\n\"a\0\""), "2:3: ", "NUL");
}

/* Bytes that are not UTF-8 (Shift_JIS from Excel's plain "CSV") are refused
 * at their position, with a message that says to save as "CSV UTF-8". */
static void test_invalid_utf8(void **state)
{
    (void)state;
    /* 日 in Shift_JIS is 93 FA */
    expect_error(IN("id,name\r\n1,\x93\xFA\r\n"), "2:3: ", "UTF-8 ではありません");
    expect_error(IN("\x93\xFA"), "1:1: ", "CSV UTF-8");
    expect_error(IN("日本,\"x\x93\xFA\""), "1:6: ", "(not UTF-8");
    expect_error(IN("ab\xE3\x81"), "1:3: ", "UTF-8");                 /* truncated at the end */
    expect_error(IN("\xC0\x80"), "1:1: ", "UTF-8");                   /* overlong NUL */
    expect_error(IN("\xED\xA0\x80"), "1:1: ", "UTF-8");               /* surrogate */
    expect_error(IN("\xF4\x90\x80\x80"), "1:1: ", "UTF-8");           /* above U+10FFFF */
    expect_error(IN("\xFF\xFE" "a\0,\0"), "1:1: ", "UTF-8");          /* UTF-16 "Unicode text" */
    expect_dump(IN("\xF0\x9F\x98\x80,\xC2\xA9"), "1:[\xF0\x9F\x98\x80][\xC2\xA9]");
}

/* A row of `n` fields "a" on line 2. Caller frees. */
static Str row_of(int n)
{
    Str s = STR_INIT;
    str_append(&s, "x\r\n");
    for (int i = 0; i < n; i++)
        str_append(&s, i ? ",a" : "a");
    str_append(&s, "\r\n");
    return s;
}

/* 1024 fields in a row are accepted, 1025 are an error at the first extra field. */
static void test_field_count_limit(void **state)
{
    (void)state;
    Str s = row_of(CSV_MAX_FIELDS);
    CsvReader r;
    CsvRow row;
    Str err = STR_INIT;
    csv_reader_init(&r, s.buf, s.len);
    assert_int_equal(csv_next_row(&r, &row, &err), 1);
    assert_int_equal(csv_next_row(&r, &row, &err), 1);
    assert_int_equal(row.count, CSV_MAX_FIELDS);
    assert_string_equal(row.fields[CSV_MAX_FIELDS - 1], "a");
    assert_int_equal(csv_next_row(&r, &row, &err), 0);
    csv_reader_free(&r);
    str_free(&s);

    s = row_of(CSV_MAX_FIELDS + 1);
    expect_error(s.buf, s.len, "2:2049: ", "too many fields: at most 1024 per row");
    str_free(&s);
    /* also when the extra field is empty at the end of the line */
    s = row_of(CSV_MAX_FIELDS);
    s.len -= 2;
    str_append(&s, ",\r\n");
    expect_error(s.buf, s.len, "2:2049: ", "フィールドが多すぎます");
    str_free(&s);
    str_free(&err);
}

/* "x," then a field of `n` bytes (quoted when `quoted`, with one doubled
 * quote counted as one byte) on line 1. Caller frees. */
static Str long_field(size_t n, int quoted)
{
    Str s = STR_INIT;
    str_append(&s, "x,");
    if (quoted)
        str_append(&s, "\"\"\"");
    for (size_t i = quoted ? 1 : 0; i < n; i++)
        str_appendc(&s, 'a');
    if (quoted)
        str_appendc(&s, '"');
    str_append(&s, ",y\r\n");
    return s;
}

/* A field of 1 MiB is accepted, one byte more is an error at the field's start. */
static void test_field_length_limit(void **state)
{
    (void)state;
    for (int quoted = 0; quoted <= 1; quoted++) {
        Str s = long_field(CSV_MAX_FIELD_BYTES, quoted);
        CsvReader r;
        CsvRow row;
        csv_reader_init(&r, s.buf, s.len);
        assert_int_equal(csv_next_row(&r, &row, NULL), 1);
        assert_int_equal(row.count, 3);
        assert_int_equal(strlen(row.fields[1]), CSV_MAX_FIELD_BYTES);
        assert_string_equal(row.fields[2], "y");
        assert_int_equal(csv_next_row(&r, &row, NULL), 0);
        csv_reader_free(&r);
        str_free(&s);

        s = long_field(CSV_MAX_FIELD_BYTES + 1, quoted);
        expect_error(s.buf, s.len, "1:3: ", "field longer than 1 MiB");
        str_free(&s);
    }
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#if defined(__SANITIZE_ADDRESS__)
#define SLOW_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SLOW_BUILD 1
#endif
#endif
#ifndef SLOW_BUILD
#define SLOW_BUILD 0
#endif

/* 100,000 rows of 12 ledger-like fields parse in well under a second (the
 * import target needs the reader at >= 1M rows/s; no quadratic behaviour). */
static void test_large_input_is_fast(void **state)
{
    (void)state;
    enum { ROWS = 100000 };
    Str s = STR_INIT;
    csv_write_bom(&s);
    char num[32];
    for (int i = 0; i < ROWS; i++) {
        snprintf(num, sizeof num, "%d", i);
        csv_write_field(&s, 1, num);
        csv_write_field(&s, 0, "Microsoft Teams");
        csv_write_field(&s, 0, "web_meeting");
        csv_write_field(&s, 0, "総務局情報政策課");
        csv_write_field(&s, 0, "重要");
        csv_write_field(&s, 0, "2026-04-01");
        csv_write_field(&s, 0, "2027-03-31");
        csv_write_field(&s, 0, "承認済み");
        csv_write_field(&s, 0, "JP,US");
        csv_write_field(&s, 0, "会議の録画は \"保存しない\"");
        csv_write_field(&s, 0, "");
        csv_write_field(&s, 0, "備考\n2行目");
        csv_end_row(&s);
    }
    assert_false(str_failed(&s));

    double t0 = now();
    CsvReader r;
    CsvRow row;
    Str err = STR_INIT;
    long rows = 0;
    size_t bytes = 0;
    csv_reader_init(&r, s.buf, s.len);
    while (csv_next_row(&r, &row, &err) == 1) {
        assert_int_equal(row.count, 12); /* cheap checks only, to time the reader */
        bytes += strlen(row.fields[9]);
        rows++;
    }
    double dt = now() - t0;
    assert_int_equal(err.len, 0);
    assert_int_equal(rows, ROWS);
    assert_int_equal(bytes, (size_t)ROWS * strlen("会議の録画は \"保存しない\""));
    /* the last row starts two physical lines per row in */
    assert_int_equal(row.line, 2L * (ROWS - 1) + 1);
    csv_reader_free(&r);
    print_message("csv: %d rows, %.1f MB in %.3f s (%.0f rows/s)\n", ROWS, (double)s.len / 1e6, dt,
                  dt > 0 ? ROWS / dt : 0.0);
    assert_true(dt < (SLOW_BUILD ? 5.0 : 1.0));
    str_free(&err);
    str_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_awkward_texts),
        cmocka_unit_test(test_writer_output),
        cmocka_unit_test(test_bom_skipped),
        cmocka_unit_test(test_line_ends),
        cmocka_unit_test(test_empty_fields_and_lines),
        cmocka_unit_test(test_line_numbers_after_multiline_fields),
        cmocka_unit_test(test_errors_name_line_and_column),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_field_count_limit),
        cmocka_unit_test(test_field_length_limit),
        cmocka_unit_test(test_large_input_is_fast),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
