/* The columns of a ledger spreadsheet (CSV / XLSX export, CSV import): the
 * ledger number, then each of the profile's ledger fields in the standard's
 * order with its Japanese label as the header, then the service category,
 * the entry's state and its next review date. A ledger field filled from
 * several application fields (e.g. (カ) 申請者 = 所属 + 氏名) gets one column
 * per application field, headed "LABEL：所属", "LABEL：氏名", so that a sheet
 * read back gives exactly the values written (docs/cli.md "ledger export"). */
#ifndef DAICHO_LEDGER_COLUMNS_H
#define DAICHO_LEDGER_COLUMNS_H
#include "policy/appdoc.h"
#include "policy/profile.h"
#include "util/arena.h"
#include "util/str.h"

typedef enum ColKind { COL_NUMBER, COL_FIELD, COL_STATE, COL_REVIEW_DUE } ColKind;

enum { LEDGER_COLUMNS_MAX = 96 };

typedef struct LedgerColumn {
    ColKind kind;
    int field;            /* COL_FIELD: FieldId */
    const char *header;
} LedgerColumn;

typedef struct LedgerColumns {
    LedgerColumn cols[LEDGER_COLUMNS_MAX];
    const char *headers[LEDGER_COLUMNS_MAX]; /* the same, as a list */
    int n;
    Arena arena;          /* owns the header texts */
} LedgerColumns;

/* CONSTRUCTOR: the columns for profile `p`. Returns 0 on out-of-memory.
 * Free with ledger_columns_free. */
int ledger_columns_init(LedgerColumns *c, const Profile *p);
void ledger_columns_free(LedgerColumns *c);

/* Short Japanese name of an application field ("氏名", "開始日" …). */
const char *field_short_label(int field);

/* A cell's value for field f of doc, as written to a sheet: class codes as
 * the profile's code ("2", "3A", "B"), enums as their names, lists joined
 * with ",", dates YYYY-MM-DD, booleans true/false. Nothing when absent. */
void field_cell_text(const AppDoc *doc, int field, Str *out);
/* The JSON value for a cell's text, typed as field `fd` wants (the reverse
 * of field_cell_text; validated by the application parser afterwards). */
void field_cell_json(const FieldDef *fd, const char *text, Str *out);

/* CSV cells are opened by Excel, which runs a cell starting with = + - @
 * (or a tab / CR) as a formula: formula injection from any text field. Such
 * a cell is written with one leading apostrophe (Excel shows the text), and
 * read back without it; the rule also covers texts that already start with
 * apostrophes, so every value survives the round trip. */
int cell_needs_guard(const char *text);
/* The cell's value with a guard apostrophe removed (a pointer into text). */
const char *cell_unguard(const char *text);

#endif
