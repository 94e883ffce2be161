/* One table written to an .xlsx file (see xlsx_table.h). */
#include "exchange/xlsx_table.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

enum {
    TITLE_ROW = 0,                       /* worksheet rows, 0-based */
    HEADER_ROW = 2,
    FIRST_DATA_ROW = 3,
    MAX_DATA_ROWS = LXW_ROW_MAX - FIRST_DATA_ROW,
    MAX_CELL_UTF16 = 32767,              /* Excel's characters per cell */
    WIDTH_MIN = 6,
    WIDTH_MAX = 60,
    WIDTH_CAP = 1000,                    /* stop counting beyond this (no overflow) */
    SHEET_NAME_UTF16 = LXW_SHEETNAME_MAX /* 31 */
};

#define TMP_DIR_TEMPLATE ".xlsx-XXXXXX"
#define TMP_FILE_NAME "out.xlsx"

struct XlsxTable {
    lxw_workbook *wb;        /* owned until workbook_close or lxw_workbook_free */
    lxw_worksheet *ws;       /* owned by wb */
    lxw_format *fmt_date;    /* yyyy/mm/dd; owned by wb */
    lxw_format *fmt_wrap;    /* text with line breaks; owned by wb */
    char *path;              /* destination */
    char *dir;               /* directory of path ("." when path has no '/') */
    char *tmp_dir;           /* private temporary directory inside dir, or NULL */
    char *tmp_file;          /* tmp_dir/out.xlsx: the file libxlsxwriter writes */
    int n_cols;              /* number of headers */
    unsigned rows;           /* data rows written */
    int *width;              /* widest line per column, in display columns */
    struct TextInfo *info;   /* per column: the current row's scan results */
    char *scratch;           /* buffer for escaped cell text */
    size_t scratch_cap;
    int failed;              /* a write failed: only abort/close (which fails) remain */
};

/* Append "日本語 (English)" style message to err when it is not NULL. */
static void set_err(Str *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_err(Str *err, const char *fmt, ...)
{
    if (!err)
        return;
    va_list ap;
    va_start(ap, fmt);
    str_vappendf(err, fmt, ap);
    va_end(ap);
}

/* ---- text: UTF-8, display width, Excel escapes ---- */

/* Decode the UTF-8 sequence at s into *cp; returns its length (1..4), or 0
 * when s does not start a valid sequence (overlong forms, surrogates, above
 * U+10FFFF, truncated by the NUL) or the code point is U+FFFE/U+FFFF, which
 * XML does not allow. NUL itself is never passed. */
static int utf8_decode(const unsigned char *s, uint32_t *cp)
{
    unsigned c = s[0];
    int n;
    uint32_t min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) { n = 2; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; min = 0x10000; }
    else return 0;
    uint32_t v = c & (0x7Fu >> n);
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) /* also stops at the NUL */
            return 0;
        v = v << 6 | (s[i] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) || v == 0xFFFE || v == 0xFFFF)
        return 0;
    *cp = v;
    return n;
}

/* Display width ranges above U+00FF, sorted: 0 for combining marks and
 * zero-width characters, 2 for East Asian Wide/Fullwidth and for the
 * ambiguous-width symbols that Japanese fonts draw full width. */
static const struct { uint32_t lo, hi; unsigned char w; } width_ranges[] = {
    {0x0300, 0x036F, 0}, {0x1100, 0x115F, 2}, {0x200B, 0x200F, 0}, {0x2014, 0x2015, 2},
    {0x2020, 0x2021, 2}, {0x2025, 0x2026, 2}, {0x2030, 0x2030, 2}, {0x203B, 0x203B, 2},
    {0x2103, 0x2103, 2}, {0x2116, 0x2116, 2}, {0x2121, 0x2121, 2}, {0x2160, 0x217F, 2},
    {0x2190, 0x22FF, 2}, {0x2460, 0x24FF, 2}, {0x2500, 0x257F, 2}, {0x25A0, 0x27BF, 2},
    {0x2E80, 0x3098, 2}, {0x3099, 0x309A, 0}, {0x309B, 0x33FF, 2}, {0x3400, 0x4DBF, 2},
    {0x4E00, 0x9FFF, 2}, {0xA000, 0xA4CF, 2}, {0xA960, 0xA97F, 2}, {0xAC00, 0xD7A3, 2},
    {0xF900, 0xFAFF, 2}, {0xFE00, 0xFE0F, 0}, {0xFE10, 0xFE19, 2}, {0xFE30, 0xFE6F, 2},
    {0xFF00, 0xFF60, 2}, {0xFFE0, 0xFFE6, 2}, {0x1F300, 0x1F64F, 2}, {0x1F900, 0x1F9FF, 2},
    {0x20000, 0x3FFFD, 2}, {0xE0100, 0xE01EF, 0},
};

static int char_width(uint32_t cp)
{
    if (cp < 0x300)
        return 1;
    size_t lo = 0, hi = sizeof width_ranges / sizeof width_ranges[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < width_ranges[mid].lo)
            hi = mid;
        else if (cp > width_ranges[mid].hi)
            lo = mid + 1;
        else
            return width_ranges[mid].w;
    }
    return 1;
}

static int is_hex(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* 1 if s starts with "_xHHHH_", which Excel would decode as one character. */
static int is_x_escape(const char *s)
{
    return s[0] == '_' && s[1] == 'x' && is_hex((unsigned char)s[2]) && is_hex((unsigned char)s[3]) &&
           is_hex((unsigned char)s[4]) && is_hex((unsigned char)s[5]) && s[6] == '_';
}

/* What one pass over a text finds. */
typedef struct TextInfo {
    int width;        /* display columns of the widest line, at most WIDTH_CAP */
    size_t utf16;     /* length in UTF-16 code units (how Excel counts) */
    int newline;      /* 1 if it contains '\n' */
    int x_escapes;    /* number of "_xHHHH_" sequences to escape */
    long bad_at;      /* byte offset of the first invalid sequence, or -1 */
} TextInfo;

/* Scan the NUL-terminated s (stops at the first invalid sequence). */
static void text_scan(const char *s, TextInfo *ti)
{
    const unsigned char *p = (const unsigned char *)s;
    int line = 0;
    memset(ti, 0, sizeof *ti);
    ti->bad_at = -1;
    while (*p) {
        uint32_t cp;
        int n = utf8_decode(p, &cp);
        if (n == 0) {
            ti->bad_at = (long)(p - (const unsigned char *)s);
            break;
        }
        if (cp == '\n') {
            ti->newline = 1;
            line = 0;
        } else if (line < WIDTH_CAP) {
            line += char_width(cp);
        }
        if (line > ti->width)
            ti->width = line;
        if (cp == '_' && is_x_escape((const char *)p))
            ti->x_escapes++;
        ti->utf16 += cp > 0xFFFF ? 2 : 1;
        p += n;
    }
}

/* The text to give libxlsxwriter for s: s itself, or (when info->x_escapes)
 * a copy in t->scratch with each "_xHHHH_" written as "_x005F_xHHHH_".
 * Returns NULL when out of memory. */
static const char *escaped_text(XlsxTable *t, const char *s, const TextInfo *info)
{
    if (!info->x_escapes)
        return s;
    size_t len = strlen(s), need = len + (size_t)info->x_escapes * 6 + 1;
    if (need > t->scratch_cap) {
        char *b = realloc(t->scratch, need);
        if (!b)
            return NULL;
        t->scratch = b;
        t->scratch_cap = need;
    }
    char *o = t->scratch;
    for (const char *p = s; *p; p++) {
        if (*p == '_' && is_x_escape(p)) {
            memcpy(o, "_x005F", 6);
            o += 6;
        }
        *o++ = *p;
    }
    *o = '\0';
    return t->scratch;
}

/* 1 and *dt if s is exactly "YYYY-MM-DD", a real date in 1900..9999. */
static int parse_date(const char *s, lxw_datetime *dt)
{
    static const char shape[] = "dddd-dd-dd";
    for (int i = 0; i < 10; i++) {
        if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != '-')
            return 0;
    }
    if (s[10] != '\0')
        return 0;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || m < 1 || m > 12 || d < 1)
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > mdays[m - 1] + (m == 2 && leap))
        return 0;
    memset(dt, 0, sizeof *dt);
    dt->year = y;
    dt->month = (uint8_t)m;
    dt->day = (uint8_t)d;
    return 1;
}

/* The worksheet name for `sheet` (see xlsx_table.h) into out[0..cap). `sheet`
 * is valid UTF-8. */
static void sheet_name(const char *sheet, char *out, size_t cap)
{
    size_t o = 0, units = 0;
    const unsigned char *p = (const unsigned char *)(sheet ? sheet : "");
    while (*p) {
        uint32_t cp;
        int n = utf8_decode(p, &cp);
        size_t u = cp > 0xFFFF ? 2 : 1;
        if (n == 0 || units + u > SHEET_NAME_UTF16 || o + (size_t)n + 1 > cap)
            break;
        if (cp < 0x20 || cp == 0x7F || (cp < 0x80 && strchr("[]:*?/\\", (int)cp)))
            out[o++] = '_';
        else {
            memcpy(out + o, p, (size_t)n);
            o += (size_t)n;
        }
        units += u;
        p += n;
    }
    out[o] = '\0';
    if (o == 0) {
        snprintf(out, cap, "Sheet1");
        return;
    }
    if (out[0] == '\'')
        out[0] = '_';
    if (out[o - 1] == '\'')
        out[o - 1] = '_';
    if (strcasecmp(out, "History") == 0)
        snprintf(out, cap, "History_");
}

/* The page header for `title`: centred, '&' doubled (Excel's escape) except
 * before 'G' or '[', where libxlsxwriter would see an image placeholder
 * ("&G", "&[Picture]") and which get a fullwidth '＆' instead; "_xHHHH_"
 * escaped as in cells; cut to Excel's 255 characters. `title` is valid
 * UTF-8. */
static void page_header(const char *title, Str *out)
{
    size_t chars = 2;
    str_append(out, "&C");
    const unsigned char *p = (const unsigned char *)title;
    while (*p) {
        uint32_t cp;
        int n = utf8_decode(p, &cp);
        if (n == 0)
            break;
        const char *text = (const char *)p;
        size_t len = (size_t)n, c = 1;
        if (cp == '&' && (p[1] == 'G' || p[1] == '['))
            text = "＆", len = strlen(text);
        else if (cp == '&')
            text = "&&", len = 2, c = 2;
        else if (cp == '_' && is_x_escape(text))
            text = "_x005F_", len = 7, c = 7;
        if (chars + c > LXW_HEADER_FOOTER_MAX)
            break;
        str_appendn(out, text, len);
        chars += c;
        p += n;
    }
}

/* ---- files ---- */

/* Close the constant_memory temporary file of ws, which lxw_workbook_free
 * does not close in libxlsxwriter 1.1.4 (an fd leak per workbook). */
static void close_sheet_tmpfile(lxw_worksheet *ws)
{
    if (ws && ws->optimize_tmpfile) {
        fclose(ws->optimize_tmpfile);
        ws->optimize_tmpfile = NULL;
        ws->file = NULL;
    }
}

/* Remove the temporaries and free t (not the workbook). */
static void table_free(XlsxTable *t)
{
    if (t->tmp_file)
        unlink(t->tmp_file);
    if (t->tmp_dir)
        rmdir(t->tmp_dir);
    free(t->path);
    free(t->dir);
    free(t->tmp_dir);
    free(t->tmp_file);
    free(t->width);
    free(t->info);
    free(t->scratch);
    free(t);
}

void xlsx_table_abort(XlsxTable *t)
{
    if (!t)
        return;
    if (t->wb) {
        close_sheet_tmpfile(t->ws);
        lxw_workbook_free(t->wb);
    }
    table_free(t);
}

/* Make t->dir, t->tmp_dir (created) and t->tmp_file from t->path. */
static int make_tmp_dir(XlsxTable *t, Str *err)
{
    const char *slash = strrchr(t->path, '/');
    const char *base = slash ? slash + 1 : t->path;
    if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
        set_err(err, "出力ファイル名がありません (no file name in path \"%s\")", t->path);
        return -1;
    }
    if (!slash)
        t->dir = strdup(".");
    else if (slash == t->path)
        t->dir = strdup("/");
    else
        t->dir = strndup(t->path, (size_t)(slash - t->path));
    if (!t->dir || asprintf(&t->tmp_dir, "%s/" TMP_DIR_TEMPLATE, t->dir) < 0) {
        t->tmp_dir = NULL;
        set_err(err, "メモリが足りません (out of memory)");
        return -1;
    }
    if (!mkdtemp(t->tmp_dir)) {
        int e = errno;
        free(t->tmp_dir);
        t->tmp_dir = NULL;
        set_err(err, "出力先のディレクトリに書き込めません (cannot create a temporary directory in %s: %s)",
                t->dir, strerror(e));
        return -1;
    }
    if (asprintf(&t->tmp_file, "%s/" TMP_FILE_NAME, t->tmp_dir) < 0) {
        t->tmp_file = NULL;
        set_err(err, "メモリが足りません (out of memory)");
        return -1;
    }
    return 0;
}

/* fsync the file or directory at path; 0 or -1 with errno. */
static int sync_path(const char *path, int flags)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | flags);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

/* ---- the table ---- */

/* Check text (NULL = "") for use as a cell: valid UTF-8 and within Excel's
 * length. `what` names it in Japanese and English ("見出し 2 列目" / "header
 * 2"). Returns 0 or -1 with err. */
static int check_text(const char *text, TextInfo *ti, const char *what_ja, const char *what_en, Str *err)
{
    text_scan(text ? text : "", ti);
    if (ti->bad_at >= 0) {
        set_err(err, "%s: UTF-8 として正しくない文字があります (%s: invalid UTF-8 at byte %ld)", what_ja, what_en,
                ti->bad_at);
        return -1;
    }
    if (ti->utf16 > MAX_CELL_UTF16) {
        set_err(err, "%s: 文字数が Excel の上限 %d を超えています (%s: longer than Excel's %d characters)", what_ja,
                MAX_CELL_UTF16, what_en, MAX_CELL_UTF16);
        return -1;
    }
    return 0;
}

static int lib_error(XlsxTable *t, lxw_error e, Str *err)
{
    t->failed = 1;
    set_err(err, "XLSX ファイルの書き込みに失敗しました (libxlsxwriter: %s)", lxw_strerror(e));
    return -1;
}

/* Formats, title, headers and the page setup of a fresh workbook. */
static int setup_sheet(XlsxTable *t, const char *title, const char *const *headers, Str *err)
{
    lxw_format *bold = workbook_add_format(t->wb);
    lxw_format *head = workbook_add_format(t->wb);
    t->fmt_date = workbook_add_format(t->wb);
    t->fmt_wrap = workbook_add_format(t->wb);
    if (!bold || !head || !t->fmt_date || !t->fmt_wrap)
        return lib_error(t, LXW_ERROR_MEMORY_MALLOC_FAILED, err);
    format_set_bold(bold);
    format_set_bold(head);
    format_set_pattern(head, LXW_PATTERN_SOLID);
    format_set_bg_color(head, 0xD9D9D9);
    format_set_border(head, LXW_BORDER_THIN);
    format_set_text_wrap(head);
    format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
    format_set_num_format(t->fmt_date, "yyyy/mm/dd");
    format_set_text_wrap(t->fmt_wrap);
    format_set_align(t->fmt_wrap, LXW_ALIGN_VERTICAL_TOP);

    lxw_error e;
    if (title && *title) {
        TextInfo ti;
        text_scan(title, &ti);
        const char *text = escaped_text(t, title, &ti);
        if (!text)
            return lib_error(t, LXW_ERROR_MEMORY_MALLOC_FAILED, err);
        if ((e = worksheet_write_string(t->ws, TITLE_ROW, 0, text, bold)))
            return lib_error(t, e, err);
    }
    for (int c = 0; c < t->n_cols; c++) {
        TextInfo ti;
        const char *h = headers[c] ? headers[c] : "";
        text_scan(h, &ti);
        const char *text = escaped_text(t, h, &ti);
        if (!text)
            return lib_error(t, LXW_ERROR_MEMORY_MALLOC_FAILED, err);
        /* an empty header still gets the header format (grey, borders) */
        if ((e = *text ? worksheet_write_string(t->ws, HEADER_ROW, (lxw_col_t)c, text, head)
                       : worksheet_write_blank(t->ws, HEADER_ROW, (lxw_col_t)c, head)))
            return lib_error(t, e, err);
        t->width[c] = ti.width + 2; /* the autofilter button */
    }
    worksheet_freeze_panes(t->ws, FIRST_DATA_ROW, 0);
    worksheet_set_landscape(t->ws);
    worksheet_set_paper(t->ws, 9); /* A4 */
    worksheet_fit_to_pages(t->ws, 1, 0);
    if ((e = worksheet_repeat_rows(t->ws, HEADER_ROW, HEADER_ROW)))
        return lib_error(t, e, err);
    if (title && *title) {
        Str h = STR_INIT;
        page_header(title, &h);
        e = str_failed(&h) ? LXW_ERROR_MEMORY_MALLOC_FAILED : worksheet_set_header(t->ws, str_cstr(&h));
        str_free(&h);
        if (e)
            return lib_error(t, e, err);
    }
    if ((e = worksheet_set_footer(t->ws, "&C&P / &N")))
        return lib_error(t, e, err);
    return 0;
}

XlsxTable *xlsx_table_open(const char *path, const char *sheet, const char *title,
                           const char *const *headers, int n_headers, Str *err)
{
    if (!path || !*path) {
        set_err(err, "出力ファイルが指定されていません (no output path)");
        return NULL;
    }
    if (n_headers < 1 || n_headers > LXW_COL_MAX || !headers) {
        set_err(err, "見出しの数は 1 から %d までです (1 to %d headers, got %d)", LXW_COL_MAX, LXW_COL_MAX, n_headers);
        return NULL;
    }
    TextInfo ti;
    if (check_text(sheet, &ti, "シート名", "sheet name", err) || check_text(title, &ti, "表題", "title", err))
        return NULL;
    for (int c = 0; c < n_headers; c++) {
        char ja[64], en[64];
        snprintf(ja, sizeof ja, "見出し %d 列目", c + 1);
        snprintf(en, sizeof en, "header %d", c + 1);
        if (check_text(headers[c], &ti, ja, en, err))
            return NULL;
    }

    XlsxTable *t = calloc(1, sizeof *t);
    if (!t || !(t->path = strdup(path)) || !(t->width = calloc((size_t)n_headers, sizeof *t->width)) ||
        !(t->info = calloc((size_t)n_headers, sizeof *t->info))) {
        set_err(err, "メモリが足りません (out of memory)");
        if (t)
            table_free(t);
        return NULL;
    }
    t->n_cols = n_headers;
    if (make_tmp_dir(t, err)) {
        table_free(t);
        return NULL;
    }
    /* tmpdir: libxlsxwriter keeps the pointer, which lives as long as t */
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = t->tmp_dir, .use_zip64 = LXW_FALSE};
    char name[SHEET_NAME_UTF16 * 4 + 1];
    sheet_name(sheet, name, sizeof name);
    t->wb = workbook_new_opt(t->tmp_file, &opt);
    t->ws = t->wb ? workbook_add_worksheet(t->wb, name) : NULL;
    if (!t->ws) {
        set_err(err, "XLSX ファイルを作成できません (cannot create the workbook in %s)", t->tmp_dir);
        xlsx_table_abort(t);
        return NULL;
    }
    if (title && *title) {
        lxw_doc_properties props = {.title = (char *)title};
        workbook_set_properties(t->wb, &props); /* cosmetic: failure ignored */
    }
    if (setup_sheet(t, title, headers, err)) {
        xlsx_table_abort(t);
        return NULL;
    }
    return t;
}

int xlsx_table_row(XlsxTable *t, const char *const *cells, int n, Str *err)
{
    if (!t) {
        set_err(err, "表がありません (no table)");
        return -1;
    }
    if (t->failed) {
        set_err(err, "書き込みに失敗した表には追記できません (the table failed earlier; abort it)");
        return -1;
    }
    unsigned row_no = t->rows + 1; /* 1-based data row, for messages */
    if (n < 0 || n > t->n_cols || (n > 0 && !cells)) {
        set_err(err, "%u 行目: セルが %d 個ありますが、見出しは %d 個です (row %u: %d cells but %d headers)", row_no, n,
                t->n_cols, row_no, n, t->n_cols);
        return -1;
    }
    if (t->rows >= MAX_DATA_ROWS) {
        set_err(err, "行数が Excel の上限 %d 行を超えます (more than %d data rows do not fit in a worksheet)",
                MAX_DATA_ROWS, MAX_DATA_ROWS);
        return -1;
    }
    lxw_row_t r = (lxw_row_t)(FIRST_DATA_ROW + t->rows);
    /* check the whole row first, so that a rejected row writes nothing */
    for (int c = 0; c < n; c++) {
        TextInfo ti;
        if (!cells[c] || !*cells[c])
            continue;
        text_scan(cells[c], &ti);
        t->info[c] = ti;
        if (ti.bad_at < 0 && ti.utf16 <= MAX_CELL_UTF16)
            continue;
        char ref[LXW_MAX_CELL_NAME_LENGTH];
        lxw_rowcol_to_cell(ref, r, (lxw_col_t)c);
        if (ti.bad_at >= 0)
            set_err(err,
                    "%u 行目 %d 列目 (セル %s): UTF-8 として正しくない文字があります "
                    "(row %u, column %d, cell %s: invalid UTF-8 at byte %ld)",
                    row_no, c + 1, ref, row_no, c + 1, ref, ti.bad_at);
        else
            set_err(err,
                    "%u 行目 %d 列目 (セル %s): 文字数が Excel の上限 %d を超えています "
                    "(row %u, column %d, cell %s: longer than Excel's %d characters)",
                    row_no, c + 1, ref, MAX_CELL_UTF16, row_no, c + 1, ref, MAX_CELL_UTF16);
        return -1;
    }
    for (int c = 0; c < n; c++) {
        const char *s = cells[c];
        lxw_datetime dt;
        lxw_error e;
        if (!s || !*s)
            continue;
        if (parse_date(s, &dt)) {
            if ((e = worksheet_write_datetime(t->ws, r, (lxw_col_t)c, &dt, t->fmt_date)))
                return lib_error(t, e, err);
            if (t->width[c] < 10) /* "2026/04/01" */
                t->width[c] = 10;
            continue;
        }
        const TextInfo *ti = &t->info[c]; /* from the check above */
        const char *text = escaped_text(t, s, ti);
        if (!text)
            return lib_error(t, LXW_ERROR_MEMORY_MALLOC_FAILED, err);
        if ((e = worksheet_write_string(t->ws, r, (lxw_col_t)c, text, ti->newline ? t->fmt_wrap : NULL)))
            return lib_error(t, e, err);
        if (ti->width > t->width[c])
            t->width[c] = ti->width;
    }
    t->rows++;
    return 0;
}

int xlsx_table_close(XlsxTable *t, Str *err)
{
    if (!t) {
        set_err(err, "表がありません (no table)");
        return -1;
    }
    if (t->failed) {
        set_err(err, "書き込みに失敗した表は保存できません (the table failed earlier; nothing was written)");
        xlsx_table_abort(t);
        return -1;
    }
    lxw_error e = LXW_NO_ERROR;
    for (int c = 0; c < t->n_cols && !e; c++) {
        int w = t->width[c] + 1;
        w = w < WIDTH_MIN ? WIDTH_MIN : w > WIDTH_MAX ? WIDTH_MAX : w;
        e = worksheet_set_column(t->ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL);
    }
    if (!e)
        e = worksheet_autofilter(t->ws, HEADER_ROW, 0, (lxw_row_t)(HEADER_ROW + t->rows), (lxw_col_t)(t->n_cols - 1));
    if (e) {
        lib_error(t, e, err);
        xlsx_table_abort(t);
        return -1;
    }

    /* workbook_close (1.1.4) leaves the constant_memory temporary open, on
     * success and on failure, and frees the worksheet: remember the stream and
     * close it afterwards if its descriptor still refers to the same file (a
     * later libxlsxwriter that closes it leaves the descriptor closed or
     * reused for another file, and then it is not touched). */
    FILE *sheet_tmp = t->ws->optimize_tmpfile;
    int sheet_fd = sheet_tmp ? fileno(sheet_tmp) : -1;
    struct stat before, after;
    if (sheet_fd >= 0 && fstat(sheet_fd, &before) != 0)
        sheet_fd = -1;
    e = workbook_close(t->wb);
    t->wb = NULL;
    t->ws = NULL;
    if (sheet_fd >= 0 && fstat(sheet_fd, &after) == 0 && after.st_dev == before.st_dev &&
        after.st_ino == before.st_ino)
        fclose(sheet_tmp);

    int rc = 0;
    if (e) {
        set_err(err, "XLSX ファイルの書き込みに失敗しました (libxlsxwriter: %s)", lxw_strerror(e));
        rc = -1;
    } else if (sync_path(t->tmp_file, 0) != 0) {
        set_err(err, "XLSX ファイルをディスクに書き込めません (cannot sync %s: %s)", t->tmp_file, strerror(errno));
        rc = -1;
    } else if (rename(t->tmp_file, t->path) != 0) {
        set_err(err, "出力ファイルを置き換えられません (cannot rename the temporary file to %s: %s)", t->path,
                strerror(errno));
        rc = -1;
    } else {
        free(t->tmp_file);
        t->tmp_file = NULL;
        sync_path(t->dir, O_DIRECTORY); /* best effort: the rename is done */
    }
    table_free(t);
    return rc;
}
