/* libFuzzer harness: the CSV reader must never crash, must keep its limits,
 * and for every input it reads completely, writing the rows back with the
 * writer and reading that again must give the same rows (fields, counts and
 * starting lines: the writer keeps line ends inside fields and ends each row
 * with one line end, so physical lines match too). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "exchange/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Read all of buf; append a canonical dump of every row to `dump` (line,
 * count, then each field with its length) and, when `rewrite` is not NULL,
 * the rows as written by the writer. Returns the reader's final result. */
static int read_all(const char *buf, size_t len, Str *dump, Str *rewrite)
{
    CsvReader r;
    CsvRow row;
    int rc;
    long last_line = 0;
    csv_reader_init(&r, buf, len);
    while ((rc = csv_next_row(&r, &row, NULL)) == 1) {
        if (row.count < 1 || row.count > CSV_MAX_FIELDS || row.line <= last_line)
            __builtin_trap();
        last_line = row.line;
        str_appendf(dump, "%ld %d\n", row.line, row.count);
        for (int i = 0; i < row.count; i++) {
            size_t n = strlen(row.fields[i]);
            if (n > CSV_MAX_FIELD_BYTES)
                __builtin_trap();
            str_appendf(dump, "%zu:", n);
            str_appendn(dump, row.fields[i], n);
            if (rewrite)
                csv_write_field(rewrite, i == 0, row.fields[i]);
        }
        if (rewrite)
            csv_end_row(rewrite);
    }
    /* a stopped reader stays stopped */
    if (csv_next_row(&r, &row, NULL) != rc)
        __builtin_trap();
    if (rc < 0 && (r.err_line < 1 || r.err_col < 1))
        __builtin_trap();
    csv_reader_free(&r);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Str first = STR_INIT, second = STR_INIT, rewritten = STR_INIT;
    if (size > 0 && (data[size - 1] & 1)) /* with and without a BOM */
        csv_write_bom(&rewritten);
    if (read_all((const char *)data, size, &first, &rewritten) == 0) {
        if (read_all(rewritten.buf, rewritten.len, &second, NULL) != 0)
            __builtin_trap(); /* the reader refused what the writer wrote */
        if (str_failed(&first) || str_failed(&second))
            __builtin_trap();
        if (first.len != second.len || (first.len && memcmp(first.buf, second.buf, first.len) != 0))
            __builtin_trap(); /* the round trip changed a row */
    }
    str_free(&first);
    str_free(&second);
    str_free(&rewritten);
    return 0;
}
