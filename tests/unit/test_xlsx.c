/* XLSX table writer (src/exchange/xlsx_table.h): the produced file is read
 * back with `unzip -p` (an .xlsx is a zip of XML parts; in constant_memory
 * mode strings are inline <is><t> elements in the sheet XML). Checks the
 * text, that nothing is a formula, real dates, the layout (pane, autofilter,
 * widths, print setup), atomic replacement, errors naming row and column,
 * and that 100,000 rows stream in constant memory. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "exchange/xlsx_table.h"

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

/* A fresh empty directory under $TMPDIR (or /tmp); caller frees and removes
 * it with rm_dir(). */
static char *make_dir(void)
{
    const char *base = getenv("TMPDIR");
    char *dir = NULL;
    assert_true(asprintf(&dir, "%s/test_xlsx.XXXXXX", base && *base ? base : "/tmp") > 0);
    assert_non_null(mkdtemp(dir));
    return dir;
}

/* Names in dir other than . and .., sorted and joined by ' '. Caller frees. */
static Str dir_entries(const char *dir)
{
    struct dirent **list;
    Str out = STR_INIT;
    int n = scandir(dir, &list, NULL, alphasort);
    assert_true(n >= 0);
    for (int i = 0; i < n; i++) {
        if (strcmp(list[i]->d_name, ".") != 0 && strcmp(list[i]->d_name, "..") != 0) {
            if (out.len)
                str_appendc(&out, ' ');
            str_append(&out, list[i]->d_name);
        }
        free(list[i]);
    }
    free(list);
    return out;
}

/* Remove the regular files in dir, then dir. */
static void rm_dir(char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
            continue;
        char *p;
        assert_true(asprintf(&p, "%s/%s", dir, e->d_name) > 0);
        unlink(p);
        free(p);
    }
    if (d)
        closedir(d);
    rmdir(dir);
    free(dir);
}

/* Output of `cmd` (a shell command). Caller frees with str_free(). */
static Str run(const char *cmd)
{
    Str out = STR_INIT;
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        str_appendn(&out, buf, n);
    assert_int_equal(pclose(f), 0);
    assert_false(str_failed(&out));
    return out;
}

/* The XML part `part` of the xlsx file `file`. Caller frees with str_free(). */
static Str xlsx_part(const char *file, const char *part)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s'", file, part);
    Str s = run(cmd);
    assert_true(s.len > 0);
    return s;
}

static void expect_contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("expected to find\n  %s\nin\n  %.3000s", needle, hay);
}

/* The <c> element of cell `ref` ("D4") in the sheet XML, copied into out;
 * "" when the sheet has no such cell. */
static void cell_xml(const char *sheet, const char *ref, char *out, size_t cap)
{
    char key[32];
    snprintf(key, sizeof key, "<c r=\"%s\"", ref);
    const char *p = strstr(sheet, key);
    out[0] = '\0';
    if (!p)
        return;
    const char *end = strstr(p, "</c>");
    const char *gt = strchr(p, '>');
    size_t len = gt && gt[-1] == '/' ? (size_t)(gt + 1 - p) : end ? (size_t)(end + 4 - p) : 0;
    assert_true(len > 0 && len < cap);
    memcpy(out, p, len);
    out[len] = '\0';
}

/* The formatCode of the cell style with index `xf` (the s="…" attribute of a
 * cell) from styles.xml, or "" for a built-in number format. */
static void style_format(const char *styles, int xf, char *out, size_t cap)
{
    const char *p = strstr(styles, "<cellXfs");
    assert_non_null(p);
    for (int i = 0; i <= xf; i++) {
        p = strstr(p + 1, "<xf ");
        assert_non_null(p);
    }
    int id = -1;
    const char *num = strstr(p, "numFmtId=\"");
    assert_non_null(num);
    id = atoi(num + 10);
    char key[64];
    snprintf(key, sizeof key, "<numFmt numFmtId=\"%d\" formatCode=\"", id);
    const char *f = strstr(styles, key);
    out[0] = '\0';
    if (f) {
        f += strlen(key);
        const char *q = strchr(f, '"');
        assert_true(q && (size_t)(q - f) < cap);
        memcpy(out, f, (size_t)(q - f));
        out[q - f] = '\0';
    }
}

static int count_fds(void)
{
    int n = 0;
    DIR *d = opendir("/proc/self/fd");
    if (!d)
        return -1;
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

/* Japanese text, formula-like values, a date and an empty cell: strings are
 * inline text, no <f> element anywhere, the date is the number 46113 with a
 * yyyy/mm/dd style, and the layout (title, headers, pane, autofilter,
 * widths, print setup, print titles) is there. No descriptor is leaked. */
static void test_contents(void **state)
{
    (void)state;
    char *dir = make_dir();
    char path[512];
    snprintf(path, sizeof path, "%s/台帳.xlsx", dir);
    int fds = count_fds();

    static const char *const headers[] = {"サービス名", "備考", "空欄", "利用開始日", "ID"};
    static const char *const row1[] = {"Google Workspace for Education", "=HYPERLINK(\"http://x\")", "",
                                       "2026-04-01", "+1"};
    static const char *const row2[] = {"校務支援システム (北九州市)", "-1", NULL, "2024-02-29", "@x"};
    static const char *const row3[] = {"_x0041_ stays", "1行目\n2行目", "2026-4-1", "2023-02-29", "not written"};
    Str err = STR_INIT;
    XlsxTable *t = xlsx_table_open(path, "台帳", "外部サービス利用台帳 — 北九州市 (2026-11-22 現在)", headers, 5, &err);
    assert_non_null(t);
    assert_int_equal(xlsx_table_row(t, row1, 5, &err), 0);
    assert_int_equal(xlsx_table_row(t, row2, 5, &err), 0);
    assert_int_equal(xlsx_table_row(t, row3, 4, &err), 0); /* fewer cells: the rest empty */
    assert_int_equal(xlsx_table_close(t, &err), 0);
    assert_int_equal(err.len, 0);
    assert_int_equal(count_fds(), fds);

    Str sheet = xlsx_part(path, "xl/worksheets/sheet1.xml");
    Str styles = xlsx_part(path, "xl/styles.xml");
    Str book = xlsx_part(path, "xl/workbook.xml");
    const char *x = str_cstr(&sheet);
    char c[1024], fmt[64];

    /* text, Japanese included, as inline strings; nothing is a formula */
    expect_contains(x, "<t>外部サービス利用台帳 — 北九州市 (2026-11-22 現在)</t>");
    expect_contains(x, "<t>サービス名</t>");
    expect_contains(x, "<t>校務支援システム (北九州市)</t>");
    assert_null(strstr(x, "<f>"));
    assert_null(strstr(x, "<f "));
    cell_xml(x, "B4", c, sizeof c);
    expect_contains(c, "t=\"inlineStr\"><is><t>=HYPERLINK(\"http://x\")</t></is>");
    cell_xml(x, "E4", c, sizeof c);
    expect_contains(c, "t=\"inlineStr\"><is><t>+1</t></is>");
    cell_xml(x, "B5", c, sizeof c);
    expect_contains(c, "<t>-1</t>");
    cell_xml(x, "E5", c, sizeof c);
    expect_contains(c, "<t>@x</t>");
    /* a literal _xHHHH_ is escaped so that Excel does not decode it */
    cell_xml(x, "A6", c, sizeof c);
    expect_contains(c, "<t>_x005F_x0041_ stays</t>");
    /* a line break is kept, in a wrapped cell */
    cell_xml(x, "B6", c, sizeof c);
    expect_contains(c, "1行目\n2行目");
    assert_non_null(strstr(c, " s=\""));

    /* dates: numbers with a yyyy/mm/dd style; impossible dates stay text */
    cell_xml(x, "D4", c, sizeof c);
    expect_contains(c, "<v>46113</v>");
    assert_null(strstr(c, "t=\""));
    const char *s_attr = strstr(c, " s=\"");
    assert_non_null(s_attr);
    style_format(str_cstr(&styles), atoi(s_attr + 4), fmt, sizeof fmt);
    assert_string_equal(fmt, "yyyy/mm/dd");
    cell_xml(x, "D5", c, sizeof c);
    expect_contains(c, "<v>45351</v>");
    cell_xml(x, "D6", c, sizeof c);
    expect_contains(c, "<t>2023-02-29</t>");
    cell_xml(x, "C6", c, sizeof c);
    expect_contains(c, "<t>2026-4-1</t>");

    /* empty cells are absent */
    cell_xml(x, "C4", c, sizeof c);
    assert_string_equal(c, "");
    cell_xml(x, "C5", c, sizeof c);
    assert_string_equal(c, "");
    cell_xml(x, "E6", c, sizeof c); /* past the n cells given */
    assert_string_equal(c, "");
    assert_null(strstr(x, "not written"));

    /* header row 3 has a style (bold, fill, border); title row 1 too */
    cell_xml(x, "A3", c, sizeof c);
    assert_non_null(strstr(c, " s=\""));
    cell_xml(x, "C3", c, sizeof c); /* "空欄" */
    assert_non_null(strstr(c, " s=\""));
    expect_contains(str_cstr(&styles), "<b/>");
    expect_contains(str_cstr(&styles), "patternType=\"solid\"");
    expect_contains(str_cstr(&styles), "<left style=\"thin\">");
    expect_contains(str_cstr(&styles), "wrapText=\"1\"");

    /* layout: pane below row 3, autofilter over header and data */
    expect_contains(x, "<pane ySplit=\"3\" topLeftCell=\"A4\" activePane=\"bottomLeft\" state=\"frozen\"/>");
    expect_contains(x, "<autoFilter ref=\"A3:E6\"/>");
    expect_contains(str_cstr(&book), "<sheet name=\"台帳\"");
    expect_contains(str_cstr(&book), "_xlnm._FilterDatabase");
    /* widths (libxlsxwriter adds its 0.71 padding): "Google Workspace for
     * Education" 30 + 1; "2026-4-1" 8 + 1; "利用開始日" 10 + 2 (filter
     * button) + 1; "ID" 2 + 2 + 1 = 5, raised to the minimum 6 */
    expect_contains(x, "<col min=\"1\" max=\"1\" width=\"31.");
    expect_contains(x, "<col min=\"3\" max=\"3\" width=\"9.");
    expect_contains(x, "<col min=\"4\" max=\"4\" width=\"13.");
    expect_contains(x, "<col min=\"5\" max=\"5\" width=\"6.");

    /* printing: A4 landscape, one page wide, header row on every page,
     * title in the page header and page numbers in the footer */
    expect_contains(x, "<pageSetUpPr fitToPage=\"1\"/>");
    expect_contains(x, "<pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"landscape\"/>");
    expect_contains(x, "<oddHeader>&amp;C外部サービス利用台帳 — 北九州市 (2026-11-22 現在)</oddHeader>");
    expect_contains(x, "<oddFooter>&amp;C&amp;P / &amp;N</oddFooter>");
    expect_contains(str_cstr(&book), "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'台帳'!$3:$3</definedName>");

    /* only the file is left in the directory */
    Str names = dir_entries(dir);
    assert_string_equal(str_cstr(&names), "台帳.xlsx");
    str_free(&names);
    str_free(&sheet);
    str_free(&styles);
    str_free(&book);
    str_free(&err);
    rm_dir(dir);
}

/* Sheet names lose []:*?/\ and are cut to 31 characters; '&' in the title is
 * escaped in the page header, where "&G" would be an image placeholder, and
 * "_xHHHH_" in both places; a long column is capped at width 60; a table
 * without rows still filters. */
static void test_names_and_escapes(void **state)
{
    (void)state;
    char *dir = make_dir();
    char path[512];
    snprintf(path, sizeof path, "%s/x.xlsx", dir);
    static const char *const headers[] = {"A"};
    char long_text[200];
    memset(long_text, 'w', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    Str err = STR_INIT;

    XlsxTable *t = xlsx_table_open(path, "台帳[2026/04]:*?\\", "A&B &G &[Picture] _x0041_", headers, 1, &err);
    assert_non_null(t);
    assert_int_equal(xlsx_table_close(t, &err), 0);
    Str book = xlsx_part(path, "xl/workbook.xml");
    Str sheet = xlsx_part(path, "xl/worksheets/sheet1.xml");
    expect_contains(str_cstr(&book), "<sheet name=\"台帳_2026_04_____\"");
    expect_contains(str_cstr(&sheet), "<oddHeader>&amp;CA&amp;&amp;B ＆G ＆[Picture] _x005F_x0041_</oddHeader>");
    expect_contains(str_cstr(&sheet), "<t>A&amp;B &amp;G &amp;[Picture] _x005F_x0041_</t>");
    expect_contains(str_cstr(&sheet), "<autoFilter ref=\"A3\"/>"); /* one cell: no range */
    expect_contains(str_cstr(&sheet), "<col min=\"1\" max=\"1\" width=\"6.");
    str_free(&book);
    str_free(&sheet);

    /* 40 kanji: cut to 31; a long value: width 60 */
    t = xlsx_table_open(path, "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十", NULL,
                        headers, 1, &err);
    assert_non_null(t);
    const char *cells[] = {long_text};
    assert_int_equal(xlsx_table_row(t, cells, 1, &err), 0);
    assert_int_equal(xlsx_table_close(t, &err), 0);
    book = xlsx_part(path, "xl/workbook.xml");
    sheet = xlsx_part(path, "xl/worksheets/sheet1.xml");
    expect_contains(str_cstr(&book), "<sheet name=\"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一\"");
    expect_contains(str_cstr(&sheet), "<col min=\"1\" max=\"1\" width=\"60.");
    assert_null(strstr(str_cstr(&sheet), "<oddHeader>")); /* no title: no page header */
    str_free(&book);
    str_free(&sheet);
    assert_int_equal(err.len, 0);
    str_free(&err);
    rm_dir(dir);
}

/* Invalid UTF-8 after good rows: the row is refused with its row, column,
 * cell and byte; abort leaves neither the file nor any temporary. While the
 * table is open nothing exists at the path (the file appears by rename). */
static void test_invalid_utf8_then_abort(void **state)
{
    (void)state;
    char *dir = make_dir();
    char path[512];
    snprintf(path, sizeof path, "%s/out.xlsx", dir);
    static const char *const headers[] = {"名前", "備考", "メモ"};
    static const char *const good[] = {"北九州市", "ok", "ok"};
    static const char *const bad[] = {"乙訓", "ok", "ab\xE3\x81"}; /* truncated あ */
    Str err = STR_INIT;
    XlsxTable *t = xlsx_table_open(path, "台帳", "t", headers, 3, &err);
    assert_non_null(t);
    assert_int_equal(xlsx_table_row(t, good, 3, &err), 0);
    assert_int_equal(xlsx_table_row(t, good, 3, &err), 0);
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(xlsx_table_row(t, bad, 3, &err), -1);
    expect_contains(str_cstr(&err), "3 行目 3 列目 (セル C6)");
    expect_contains(str_cstr(&err), "(row 3, column 3, cell C6: invalid UTF-8 at byte 2)");
    xlsx_table_abort(t);
    Str names = dir_entries(dir);
    assert_string_equal(str_cstr(&names), "");
    str_free(&names);
    str_free(&err);
    rm_dir(dir);
}

/* A refused row writes nothing and the table goes on: the next row takes its
 * place. Other refusals: more cells than headers, U+FFFF (not allowed in
 * XML), a cell over 32,767 characters. An existing file is replaced. */
static void test_refused_rows_and_replace(void **state)
{
    (void)state;
    char *dir = make_dir();
    char path[512];
    snprintf(path, sizeof path, "%s/out.xlsx", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("old", f);
    fclose(f);

    static const char *const headers[] = {"a", "b"};
    static const char *const bad[] = {"partial", "\xC0\xAF"}; /* overlong '/' */
    static const char *const nonchar[] = {"\xEF\xBF\xBF"};
    static const char *const good[] = {"next", "row"};
    static const char *const three[] = {"1", "2", "3"};
    char *huge = malloc(32769);
    assert_non_null(huge);
    memset(huge, 'x', 32768);
    huge[32768] = '\0';
    const char *too_long[] = {"x", huge};
    Str err = STR_INIT;
    XlsxTable *t = xlsx_table_open(path, NULL, NULL, headers, 2, &err);
    assert_non_null(t);
    assert_int_equal(xlsx_table_row(t, bad, 2, &err), -1);
    expect_contains(str_cstr(&err), "cell B4");
    str_reset(&err);
    assert_int_equal(xlsx_table_row(t, nonchar, 1, &err), -1);
    expect_contains(str_cstr(&err), "cell A4: invalid UTF-8 at byte 0");
    str_reset(&err);
    assert_int_equal(xlsx_table_row(t, three, 3, &err), -1);
    expect_contains(str_cstr(&err), "(row 1: 3 cells but 2 headers)");
    str_reset(&err);
    assert_int_equal(xlsx_table_row(t, too_long, 2, &err), -1);
    expect_contains(str_cstr(&err), "cell B4: longer than Excel's 32767 characters");
    str_reset(&err);
    huge[32767] = '\0'; /* exactly the limit */
    assert_int_equal(xlsx_table_row(t, good, 2, &err), 0);
    assert_int_equal(xlsx_table_row(t, too_long, 2, &err), 0);
    assert_int_equal(xlsx_table_close(t, &err), 0);
    assert_int_equal(err.len, 0);
    free(huge);

    Str sheet = xlsx_part(path, "xl/worksheets/sheet1.xml");
    Str book = xlsx_part(path, "xl/workbook.xml");
    char c[256];
    cell_xml(str_cstr(&sheet), "A4", c, sizeof c);
    expect_contains(c, "<t>next</t>");
    assert_null(strstr(str_cstr(&sheet), "partial"));
    expect_contains(str_cstr(&sheet), "<autoFilter ref=\"A3:B5\"/>");
    expect_contains(str_cstr(&book), "<sheet name=\"Sheet1\"");
    str_free(&sheet);
    str_free(&book);
    Str names = dir_entries(dir);
    assert_string_equal(str_cstr(&names), "out.xlsx");
    str_free(&names);
    str_free(&err);
    rm_dir(dir);
}

/* open fails clearly, creating nothing: a missing directory, a directory
 * that is a file, a read-only directory (unless root), invalid UTF-8 in a
 * header, no headers, no file name. */
static void test_open_errors(void **state)
{
    (void)state;
    char *dir = make_dir();
    char path[512];
    static const char *const headers[] = {"a", "b\xFF"};
    Str err = STR_INIT;

    snprintf(path, sizeof path, "%s/missing/out.xlsx", dir);
    assert_null(xlsx_table_open(path, "s", "t", headers, 1, &err));
    expect_contains(str_cstr(&err), "出力先のディレクトリに書き込めません (cannot create a temporary directory in ");
    expect_contains(str_cstr(&err), "/missing: No such file or directory)");
    str_reset(&err);

    char file[512];
    snprintf(file, sizeof file, "%s/plain", dir);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fclose(f);
    snprintf(path, sizeof path, "%s/plain/out.xlsx", dir);
    assert_null(xlsx_table_open(path, "s", "t", headers, 1, &err));
    expect_contains(str_cstr(&err), "Not a directory");
    str_reset(&err);
    unlink(file);

    if (geteuid() != 0) {
        char ro[256];
        assert_true(strlen(dir) < 200);
        snprintf(ro, sizeof ro, "%s/ro", dir);
        assert_int_equal(mkdir(ro, 0555), 0);
        snprintf(path, sizeof path, "%s/out.xlsx", ro);
        assert_null(xlsx_table_open(path, "s", "t", headers, 1, &err));
        expect_contains(str_cstr(&err), "Permission denied");
        str_reset(&err);
        rmdir(ro);
    }

    snprintf(path, sizeof path, "%s/out.xlsx", dir);
    assert_null(xlsx_table_open(path, "s", "t", headers, 2, &err));
    expect_contains(str_cstr(&err), "(header 2: invalid UTF-8 at byte 1)");
    str_reset(&err);
    assert_null(xlsx_table_open(path, "s", "t", headers, 0, &err));
    expect_contains(str_cstr(&err), "1 to 16384 headers");
    str_reset(&err);
    snprintf(path, sizeof path, "%s/", dir);
    assert_null(xlsx_table_open(path, "s", "t", headers, 1, &err));
    expect_contains(str_cstr(&err), "no file name");
    str_reset(&err);

    Str names = dir_entries(dir);
    assert_string_equal(str_cstr(&names), "");
    str_free(&names);
    str_free(&err);
    rm_dir(dir);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* 100,000 rows of 12 ledger-like columns (XLSX_TEST_ROWS overrides the
 * count) are written in reasonable time and in constant memory: the peak
 * RSS grows by less than 24 MB while the cell text alone is ~28 MB (~1.2 KB
 * per row after XML, which libxlsxwriter would otherwise hold as one
 * allocation per cell). The last row is in the file. */
static void test_large_table_streams(void **state)
{
    (void)state;
    const char *env = getenv("XLSX_TEST_ROWS");
    long rows = env && atol(env) > 0 ? atol(env) : 100000;
    char *dir = make_dir();
    char path[512];
    snprintf(path, sizeof path, "%s/large.xlsx", dir);
    static const char *const headers[] = {"番号", "サービス名", "事業者", "区分", "利用開始日", "利用終了日",
                                          "状態", "担当課", "個人情報", "保存場所", "備考", "更新者"};
    long rss_before = peak_rss_kb();
    double t0 = now();
    Str err = STR_INIT;
    XlsxTable *t = xlsx_table_open(path, "台帳", "外部サービス利用台帳", headers, 12, &err);
    assert_non_null(t);
    char num[32], name[96], note[160];
    const char *cells[12];
    double text_bytes = 0;
    for (long i = 0; i < rows; i++) {
        snprintf(num, sizeof num, "%ld", i + 1);
        snprintf(name, sizeof name, "クラウドサービス 第%ld号 (校務支援)", i);
        snprintf(note, sizeof note, "会議の録画は保存しない。児童生徒の氏名を含む。確認 %ld 回目", i % 97);
        cells[0] = num;
        cells[1] = name;
        cells[2] = "株式会社サンプル";
        cells[3] = i % 3 ? "SaaS" : "=IaaS";
        cells[4] = "2026-04-01";
        cells[5] = i % 5 ? "2027-03-31" : "";
        cells[6] = "利用中";
        cells[7] = "教育委員会 学校支援課";
        cells[8] = "あり";
        cells[9] = "国内 (東京リージョン)";
        cells[10] = note;
        cells[11] = "山田 太郎";
        for (int c = 0; c < 12; c++)
            text_bytes += (double)strlen(cells[c]);
        if (xlsx_table_row(t, cells, 12, &err) != 0)
            fail_msg("row %ld: %s", i, str_cstr(&err));
    }
    double t_rows = now() - t0;
    assert_int_equal(xlsx_table_close(t, &err), 0);
    double dt = now() - t0;
    long rss_growth_kb = peak_rss_kb() - rss_before;
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    print_message("xlsx: %ld rows x 12 columns (%.0f MB of cell text) in %.2f s (rows %.2f s, close %.2f s): "
                  "%.0f rows/s, file %.1f MB; peak RSS %.1f -> %.1f MB\n",
                  rows, text_bytes / 1e6, dt, t_rows, dt - t_rows, rows / dt, (double)st.st_size / 1e6,
                  rss_before / 1024.0, (rss_before + rss_growth_kb) / 1024.0);

    char cmd[1024];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/worksheets/sheet1.xml | tail -c 4000", path);
    Str tail = run(cmd);
    char last[64];
    snprintf(last, sizeof last, "<row r=\"%ld\"", rows + 3);
    expect_contains(str_cstr(&tail), last);
    snprintf(last, sizeof last, "<autoFilter ref=\"A3:L%ld\"/>", rows + 3);
    expect_contains(str_cstr(&tail), last);
    str_free(&tail);

    if (!SLOW_BUILD) {
        /* (ASan keeps freed memory in quarantine, so RSS says nothing there) */
        assert_true(rss_growth_kb < 24 * 1024);
        assert_true(dt < 60.0);
    }
    str_free(&err);
    rm_dir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_contents),
        cmocka_unit_test(test_names_and_escapes),
        cmocka_unit_test(test_invalid_utf8_then_abort),
        cmocka_unit_test(test_refused_rows_and_replace),
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_large_table_streams),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
