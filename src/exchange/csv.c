/* CSV reader and writer (see csv.h for the accepted format). */
#include "exchange/csv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "util/utf8.h"

enum { CSV_READING, CSV_DONE, CSV_FAILED };

#define MSG_UNTERMINATED "引用符が閉じられていません (unterminated quoted field)"
#define MSG_STRAY_QUOTE                                                                          \
    "引用符で囲まれていないフィールドに引用符があります。フィールド全体を引用符で囲み、中の引用符は" \
    "二重にしてください (quote inside an unquoted field; quote the whole field and double the quote)"
#define MSG_AFTER_QUOTE                                                                           \
    "閉じ引用符の後にコンマまたは改行以外の文字があります (unexpected character after closing quote; " \
    "expected ',' or end of line)"
#define MSG_NOT_UTF8                                                                               \
    "UTF-8 ではありません。Shift_JIS などで保存されたファイルは、Excel の「名前を付けて保存」で"      \
    "「CSV UTF-8 (コンマ区切り)」を選んで保存し直してください (not UTF-8: save the file in Excel as " \
    "\"CSV UTF-8 (Comma delimited)\")"
#define MSG_NUL "NUL 文字が含まれています (NUL byte in input)"
#define MSG_TOO_MANY "フィールドが多すぎます。1 行に 1024 個までです (too many fields: at most 1024 per row)"
#define MSG_TOO_LONG "フィールドが長すぎます。1 MiB までです (field longer than 1 MiB)"
#define MSG_NOMEM "メモリが足りません (out of memory)"

/* Bytes at which the copy loops stop: inside quotes at '"', line ends, NUL and
 * non-ASCII (to validate UTF-8); outside quotes also at ','. A table keeps the
 * common case (ASCII text) to one load and test per byte. */
enum { STOP_QUOTED = 1, STOP_PLAIN = 2 };
static const unsigned char stop_at[256] = {
    [0] = STOP_QUOTED | STOP_PLAIN,
    ['\n'] = STOP_QUOTED | STOP_PLAIN,
    ['\r'] = STOP_QUOTED | STOP_PLAIN,
    ['"'] = STOP_QUOTED | STOP_PLAIN,
    [','] = STOP_PLAIN,
    [0x80 ... 0xFF] = STOP_QUOTED | STOP_PLAIN,
};

/* Stop the reader with the error `msg` at byte `at` of physical line `line`
 * (which starts at `line_start`). Columns count characters, computed here
 * rather than tracked, since only errors need them. Returns 0. */
static int fail_at(CsvReader *r, Str *err, long line, const char *line_start, const char *at, const char *msg)
{
    long col = 1;
    for (const char *q = line_start; q < at; q++)
        if (((unsigned char)*q & 0xC0) != 0x80)
            col++;
    r->state = CSV_FAILED;
    r->err_line = line;
    r->err_col = col;
    if (err)
        str_appendf(err, "%ld:%ld: %s", line, col, msg);
    return 0;
}

/* An error at byte `at` of the current line. */
static int fail_here(CsvReader *r, Str *err, const void *at, const char *msg)
{
    return fail_at(r, err, r->line, r->line_start, at, msg);
}

/* An error named at the start of the current field. */
static int fail_field(CsvReader *r, Str *err, const char *msg)
{
    return fail_at(r, err, r->field_line, r->field_line_start, r->field_at, msg);
}

/* Make room for n more bytes of row text. */
static int text_reserve(CsvReader *r, size_t n, Str *err)
{
    if (r->text_cap - r->text_len >= n)
        return 1;
    size_t cap = r->text_cap ? r->text_cap : 1024;
    while (cap - r->text_len < n) {
        if (cap > SIZE_MAX / 2)
            return fail_here(r, err, r->p, MSG_NOMEM);
        cap *= 2;
    }
    char *t = realloc(r->text, cap);
    if (!t)
        return fail_here(r, err, r->p, MSG_NOMEM);
    r->text = t;
    r->text_cap = cap;
    return 1;
}

/* Append n bytes to the field being read (field `i` of the row), enforcing
 * the field length limit. */
static int field_append(CsvReader *r, int i, const void *s, size_t n, Str *err)
{
    if (r->text_len - r->offs[i] + n > CSV_MAX_FIELD_BYTES)
        return fail_field(r, err, MSG_TOO_LONG);
    if (n == 0)
        return 1; /* the buffer may not exist yet, and memcpy wants a pointer */
    if (!text_reserve(r, n, err))
        return 0;
    memcpy(r->text + r->text_len, s, n);
    r->text_len += n;
    return 1;
}

/* Read unquoted field `i` at r->p up to (not including) ',', a line end or
 * the end of the input. Such a field never spans lines and is copied as is. */
static int read_plain(CsvReader *r, int i, Str *err)
{
    const unsigned char *s = (const unsigned char *)r->p, *q = s, *end = (const unsigned char *)r->end;
    for (;;) {
        while (q < end && !(stop_at[*q] & STOP_PLAIN))
            q++;
        if (q == end)
            break;
        if (*q >= 0x80) {
            int n = utf8_seq(q, end);
            if (!n)
                return fail_here(r, err, q, MSG_NOT_UTF8);
            q += n;
            continue;
        }
        if (*q == '"')
            return fail_here(r, err, q, MSG_STRAY_QUOTE);
        if (*q == '\0')
            return fail_here(r, err, q, MSG_NUL);
        break; /* ',', CR or LF */
    }
    if (!field_append(r, i, s, (size_t)(q - s), err))
        return 0;
    r->p = (const char *)q;
    return 1;
}

/* Read quoted field `i` whose opening quote is at r->p; leaves r->p after the
 * closing quote, which must be followed by ',', a line end or the end. Line
 * ends inside are kept as they are and counted, so later positions are right.
 * Text between quotes is copied in runs, breaking only at quotes. */
static int read_quoted(CsvReader *r, int i, Str *err)
{
    const unsigned char *q = (const unsigned char *)r->p + 1, *end = (const unsigned char *)r->end;
    const unsigned char *s = q; /* start of the run not yet copied */
    for (;;) {
        while (q < end && !(stop_at[*q] & STOP_QUOTED))
            q++;
        if (q == end)
            return fail_field(r, err, MSG_UNTERMINATED);
        unsigned c = *q;
        if (c == '"') {
            if (q + 1 < end && q[1] == '"') { /* "" is one quote: copy the first, skip the second */
                if (!field_append(r, i, s, (size_t)(q + 1 - s), err))
                    return 0;
                q += 2;
                s = q;
                continue;
            }
            if (!field_append(r, i, s, (size_t)(q - s), err))
                return 0;
            q++;
            break;
        }
        if (c == '\n' || c == '\r') {
            q += (c == '\r' && q + 1 < end && q[1] == '\n') ? 2 : 1;
            r->line++;
            r->line_start = (const char *)q;
        } else if (c == '\0') {
            return fail_here(r, err, q, MSG_NUL);
        } else {
            int n = utf8_seq(q, end);
            if (!n)
                return fail_here(r, err, q, MSG_NOT_UTF8);
            q += n;
        }
    }
    r->p = (const char *)q;
    if (q < end && *q != ',' && *q != '\r' && *q != '\n')
        return fail_here(r, err, q, MSG_AFTER_QUOTE);
    return 1;
}

/* Make room for field number `count` (0-based) of the row. */
static int fields_reserve(CsvReader *r, int count, Str *err)
{
    if (count < r->fields_cap)
        return 1;
    int cap = r->fields_cap ? r->fields_cap * 2 : 16;
    if (cap > CSV_MAX_FIELDS)
        cap = CSV_MAX_FIELDS;
    size_t *offs = realloc(r->offs, (size_t)cap * sizeof *offs);
    if (!offs)
        return fail_here(r, err, r->p, MSG_NOMEM);
    r->offs = offs;
    char **fields = realloc(r->fields, (size_t)cap * sizeof *fields);
    if (!fields)
        return fail_here(r, err, r->p, MSG_NOMEM);
    r->fields = fields;
    r->fields_cap = cap;
    return 1;
}

void csv_reader_init(CsvReader *r, const char *buf, size_t len)
{
    memset(r, 0, sizeof *r);
    if (!buf) /* an empty Str has no buffer; NULL + 0 is undefined in C */
        buf = "";
    r->p = buf;
    r->end = buf + len;
    /* Excel's "CSV UTF-8" and Notepad write a BOM; it is not part of the first field. */
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        r->p += 3;
    r->line = 1;
    r->line_start = r->p;
    r->state = CSV_READING;
}

int csv_next_row(CsvReader *r, CsvRow *row, Str *err)
{
    if (r->state != CSV_READING)
        return r->state == CSV_FAILED ? -1 : 0;
    if (r->p == r->end) {
        r->state = CSV_DONE;
        return 0;
    }
    long line = r->line;
    int count = 0;
    r->text_len = 0;
    for (;;) {
        if (count == CSV_MAX_FIELDS) { /* named at the first extra field */
            fail_here(r, err, r->p, MSG_TOO_MANY);
            return -1;
        }
        if (!fields_reserve(r, count, err))
            return -1;
        r->offs[count] = r->text_len;
        r->field_at = r->p;
        r->field_line = r->line;
        r->field_line_start = r->line_start;
        int ok = (r->p < r->end && *r->p == '"') ? read_quoted(r, count, err) : read_plain(r, count, err);
        if (!ok || !text_reserve(r, 1, err))
            return -1;
        r->text[r->text_len++] = '\0';
        count++;
        /* read_* stop only at ',', a line end or the end of the input */
        if (r->p == r->end)
            break;
        char c = *r->p++;
        if (c == ',')
            continue;
        if (c == '\r' && r->p < r->end && *r->p == '\n')
            r->p++;
        r->line++;
        r->line_start = r->p;
        break;
    }
    /* Pointers only now: the text buffer may have moved while the row grew. */
    for (int i = 0; i < count; i++)
        r->fields[i] = r->text + r->offs[i];
    row->fields = r->fields;
    row->count = count;
    row->line = line;
    return 1;
}

void csv_reader_free(CsvReader *r)
{
    free(r->text);
    free(r->offs);
    free(r->fields);
    r->text = NULL;
    r->offs = NULL;
    r->fields = NULL;
    r->text_len = r->text_cap = 0;
    r->fields_cap = 0;
}

void csv_write_bom(Str *out) { str_append(out, "\xEF\xBB\xBF"); }

void csv_write_field(Str *out, int first, const char *text)
{
    if (!first)
        str_appendc(out, ',');
    size_t n = strlen(text);
    /* Leading and trailing blanks are quoted because spreadsheet programs and
     * hand editors tend to trim them from unquoted fields; a leading U+FEFF,
     * so that as the file's first bytes it is not taken for a BOM. */
    int quote = (n > 0 && (text[0] == ' ' || text[0] == '\t' || text[n - 1] == ' ' || text[n - 1] == '\t')) ||
                strncmp(text, "\xEF\xBB\xBF", 3) == 0 || strpbrk(text, ",\"\r\n") != NULL;
    if (!quote) {
        str_appendn(out, text, n);
        return;
    }
    str_appendc(out, '"');
    for (const char *s = text;;) {
        const char *q = strchr(s, '"');
        if (!q) {
            str_append(out, s);
            break;
        }
        str_appendn(out, s, (size_t)(q + 1 - s));
        str_appendc(out, '"');
        s = q + 1;
    }
    str_appendc(out, '"');
}

void csv_end_row(Str *out) { str_append(out, "\r\n"); }
