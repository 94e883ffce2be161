/* CSV for ledger export and import: RFC 4180 plus what Excel on municipal PCs
 * produces ("CSV UTF-8 (コンマ区切り)": a UTF-8 BOM and CRLF line ends).
 *
 * Reading: fields are separated by ','; a row ends at CRLF, LF or CR (mixed
 * freely); a field in double quotes may hold ',', '""' (one quote) and line
 * ends. The input must be UTF-8 without NUL bytes: Shift_JIS files (Excel's
 * plain "CSV (コンマ区切り)") are refused with a message that says how to save
 * them as UTF-8. Every error names "LINE:COL" (1-based; COL counts characters,
 * not bytes) and stops the reader. One pass, no per-field allocation: field
 * texts of a row share one buffer that is reused for the next row.
 *
 * Writing: csv_write_* append to a Str; what the writer produces the reader
 * reads back to the same rows (fuzz/fuzz_csv.c checks this). */
#ifndef DAICHO_CSV_H
#define DAICHO_CSV_H
#include <stddef.h>

#include "util/str.h"

enum {
    CSV_MAX_FIELDS = 1024,             /* fields per row */
    CSV_MAX_FIELD_BYTES = 1024 * 1024  /* bytes per field after unquoting */
};

/* State of one pass over a caller-owned buffer. Members are private to csv.c
 * except err_line/err_col, which callers may read after an error. */
typedef struct CsvReader {
    const char *p, *end;     /* next unread byte; end of the input */
    long line;               /* physical line of p (1-based) */
    const char *line_start;  /* first byte of that line, for columns */
    const char *field_at;    /* where the current field starts (its quote, if quoted) */
    long field_line;         /* line of field_at */
    const char *field_line_start; /* first byte of that line */
    int state;               /* CSV_READING, CSV_DONE or CSV_FAILED (csv.c) */
    long err_line, err_col;  /* position of the error after -1; 0 before */
    char *text;              /* field texts of the current row, each NUL-terminated */
    size_t text_len, text_cap;
    size_t *offs;            /* offs[i]: start of field i in text */
    char **fields;           /* handed out in CsvRow; filled once the row is complete */
    int fields_cap;          /* capacity of offs and fields */
} CsvReader;

/* One row; everything is owned by the reader. */
typedef struct CsvRow {
    char **fields;  /* NUL-terminated, unquoted field texts; valid until the next csv_next_row/csv_reader_free */
    int count;      /* 1..CSV_MAX_FIELDS */
    long line;      /* 1-based physical line on which the row starts */
} CsvRow;

/* CONSTRUCTOR: start reading buf[0..len) (the caller keeps it alive and
 * unchanged until csv_reader_free); buf may be NULL when len is 0. A leading
 * UTF-8 BOM is skipped. Allocates
 * nothing; free with csv_reader_free(). */
void csv_reader_init(CsvReader *r, const char *buf, size_t len);

/* Read the next row into *row. Returns 1 with a row; 0 at the end of the
 * input; -1 on malformed input, after appending "LINE:COL: 日本語 (English)" to
 * `err` (when not NULL) and setting r->err_line/err_col. After 0 or -1 every
 * further call returns the same value and appends nothing.
 *
 * A line end right before the end of the input ends the last row and does not
 * start another; a last row without a line end is accepted. An empty line
 * (also an empty last line before the end, as in "a\n\n") is a row of one
 * empty field: the caller decides whether to skip it. Errors: a quote in an
 * unquoted field; anything but ',' or a line end after a closing quote; a
 * quoted field still open at the end (named at its opening quote); bytes
 * that are not UTF-8; NUL; more than CSV_MAX_FIELDS fields (named at the
 * first extra field) or more than CSV_MAX_FIELD_BYTES in one field (named at
 * the field's start); out of memory. */
int csv_next_row(CsvReader *r, CsvRow *row, Str *err);

/* DESTRUCTOR: free the reader's buffers (not the input). Safe to call twice. */
void csv_reader_free(CsvReader *r);

/* Append the UTF-8 BOM (EF BB BF), so that Excel opens the file as UTF-8. */
void csv_write_bom(Str *out);

/* Append one field: a ',' first unless `first`, then `text`, in double quotes
 * (quotes inside doubled) when it contains ',', '"', CR or LF, starts or ends
 * with a space or tab, or starts with U+FEFF (a BOM), and as is otherwise. `text` must be UTF-8 for the
 * reader to accept it back. No formula neutralising (a leading '=', '+', '-',
 * '@'): that is the export's decision, as it changes the data. A row whose only
 * field is empty is written as an empty line, which reads back as that row. */
void csv_write_field(Str *out, int first, const char *text);

/* End the row with CRLF (RFC 4180, and what Excel writes). */
void csv_end_row(Str *out);

#endif
