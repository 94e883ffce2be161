/* One table written to an .xlsx file (libxlsxwriter), for the ledger (台帳)
 * export that municipal staff open in Excel.
 *
 * Layout of the single worksheet:
 *   row 1  `title` in bold (omitted when NULL or "");
 *   row 2  empty;
 *   row 3  the headers: bold, grey fill, thin borders, wrapped text;
 *   row 4… the data rows, in the order given.
 * Panes are frozen below row 3; an autofilter covers the header row and every
 * data row. Printing: A4 landscape, fit to one page wide (as many pages tall
 * as needed), row 3 repeated on every page, `title` centred in the page header
 * and "page / pages" (&P / &N) centred in the footer.
 *
 * Cells are always text, never formulas: a value such as "=HYPERLINK(...)",
 * "+1", "-1" or "@x" is stored as an inline string, so formula injection is
 * impossible. A value that is exactly a valid date "YYYY-MM-DD" (years
 * 1900..9999) becomes a real Excel date shown as yyyy/mm/dd, so that Excel
 * sorts and filters it as a date. Numbers stay text. A literal "_xHHHH_" in a
 * value is escaped ("_x005F_xHHHH_") so Excel shows it as written rather than
 * decoding it as a character. A cell containing a line break is wrapped.
 *
 * Memory: the workbook is written in libxlsxwriter's constant_memory mode:
 * each row goes to a temporary file when the next one starts, so memory use
 * does not grow with the number of rows (1,000,000 rows stream). Column
 * widths are still computed from all rows: libxlsxwriter (1.1.4, in
 * constant_memory mode too) writes the <cols> element when it assembles the
 * sheet in workbook_close, so widths set just before closing apply; no width
 * hints are needed. The width of a column is the widest line of its header
 * (plus 2 for the filter button) or of any of its cells, counted in display
 * columns (East Asian wide characters and common Japanese symbols count 2,
 * combining marks 0), plus 1, clamped to 6..60.
 *
 * Files: everything is written inside a private temporary directory (mode
 * 0700, ".xlsx-XXXXXX") created next to `path`: libxlsxwriter's own
 * temporaries (so a large export does not fill a memory-backed /tmp) and the
 * workbook itself, which xlsx_table_close renames over `path` (atomic, same
 * file system) after an fsync. Other users cannot meddle with the temporary
 * even in a shared directory. On every failure, and on xlsx_table_abort, the
 * temporary directory and its contents are removed and `path` is untouched.
 * Only a crash can leave a ".xlsx-XXXXXX" directory behind.
 *
 * Limits (Excel's): at most 1,048,573 data rows (1,048,576 minus the three
 * rows above them), 16,384 columns, 32,767 characters (UTF-16 units) per
 * cell. All text must be UTF-8 without U+FFFE/U+FFFF (not allowed in XML).
 *
 * Errors are appended to `err` (when not NULL) as "日本語 (English)". An
 * XlsxTable is used by one thread at a time; different tables are
 * independent. libxlsxwriter itself may print warnings on standard error. */
#ifndef DAICHO_XLSX_TABLE_H
#define DAICHO_XLSX_TABLE_H

#include "util/str.h"

typedef struct XlsxTable XlsxTable;

/* CONSTRUCTOR: start a workbook that will be renamed to `path` by
 * xlsx_table_close. `sheet` is the worksheet name: Japanese is fine; the
 * characters [ ] : * ? / \ and control characters become '_', a leading or
 * trailing apostrophe too; it is cut to 31 UTF-16 units; NULL or "" gives
 * "Sheet1", and Excel's reserved "History" becomes "History_". `title` may be
 * NULL. headers[0..n_headers) (1..16384 of them; NULL = empty) fix the number
 * of columns. The temporary directory is created here, so an unwritable or
 * missing directory is reported at once. Returns NULL, with a message in
 * `err`, on invalid arguments (invalid UTF-8 in sheet, title or a header;
 * a header over 32,767 characters; no file name in `path`) or when the
 * directory or the workbook cannot be created. Free with xlsx_table_close or
 * xlsx_table_abort. */
XlsxTable *xlsx_table_open(const char *path, const char *sheet, const char *title,
                           const char *const *headers, int n_headers, Str *err);

/* Append one data row: cells[0..n), 0 <= n <= number of headers; columns
 * past n are empty, as are NULL and "" cells. Returns 0, or -1 with a message
 * in `err`:
 *  - rejected rows write nothing and leave the table usable (the caller may
 *    go on or abort): more cells than headers, invalid UTF-8 (named by the
 *    data row number — 1 for the first row appended — the column number, the
 *    cell reference such as "C7", and the byte offset), a cell over 32,767
 *    characters, more rows than a worksheet holds;
 *  - a failed write (out of memory, temporary file) leaves the table failed:
 *    every later xlsx_table_row and xlsx_table_close returns -1; abort it. */
int xlsx_table_row(XlsxTable *t, const char *const *cells, int n, Str *err);

/* DESTRUCTOR: set the column widths and the autofilter, write the workbook,
 * fsync it and rename it over `path`. Frees t in every case (NULL is
 * accepted and returns -1). Returns 0, or -1 with a message in `err`; after
 * -1 no file was placed at `path` and the temporaries are gone. */
int xlsx_table_close(XlsxTable *t, Str *err);

/* DESTRUCTOR: abandon the table: free it and remove the temporaries; `path`
 * is untouched. NULL is a no-op. */
void xlsx_table_abort(XlsxTable *t);

#endif
