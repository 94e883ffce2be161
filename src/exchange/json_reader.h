/* A strict, single-pass JSON reader (RFC 8259) for documents whose shape the
 * caller knows: the caller pulls values in order (object keys, array
 * elements, scalars) and converts them directly, with no intermediate tree.
 * Used for application documents, where parsing dominates evaluation time.
 *
 * Strings are validated UTF-8, unescaped and NUL-terminated in the caller's
 * arena. The first syntax error stops the reader (jr->failed) and is reported
 * once as "FILE:LINE:COL: JSON syntax error: …" (COL counts characters). */
#ifndef DAICHO_JSON_READER_H
#define DAICHO_JSON_READER_H
#include <stddef.h>

#include "util/arena.h"
#include "util/errors.h"

typedef enum JsonType { JT_NONE, JT_OBJECT, JT_ARRAY, JT_STRING, JT_NUMBER, JT_TRUE, JT_FALSE, JT_NULL } JsonType;

enum { JR_MAX_DEPTH = 64 };

typedef struct Jr {
    const char *start, *p, *end;
    const char *file;
    Errors *errs;
    Arena *arena;    /* receives decoded strings */
    int depth;
    unsigned char first[JR_MAX_DEPTH + 1]; /* per depth: no member read yet */
    int failed;      /* a syntax error was reported; every call now fails */
    int limit;       /* the error was a limit of this reader (nesting, number length), not invalid JSON */
} Jr;

void jr_init(Jr *r, const char *file, const char *text, size_t len, Errors *errs, Arena *arena);
/* Type of the next value (JT_NONE after an error or at a bad character). */
JsonType jr_peek(Jr *r);
/* Objects: jr_object_begin, then jr_object_key until it returns 0 ('}').
 * Returns 1 when a key (NUL-terminated, in the arena) and ':' were read;
 * the caller must then read or skip the value. */
int jr_object_begin(Jr *r);
int jr_object_key(Jr *r, const char **key);
/* Arrays: jr_array_begin, then jr_array_next until it returns 0 (']'). */
int jr_array_begin(Jr *r);
int jr_array_next(Jr *r);
/* Scalars; each returns 0 on a syntax error or a value of another type
 * (check jr_peek first). */
int jr_string(Jr *r, const char **out, size_t *len);
/* A number: *is_int tells whether it has no fraction or exponent and fits
 * in long long (then *i is set); *d is always set. */
int jr_number(Jr *r, long long *i, double *d, int *is_int);
int jr_bool(Jr *r, int *out);
int jr_null(Jr *r);
/* Skip (and validate) one value of any type. */
int jr_skip(Jr *r);
/* After the top-level value: only whitespace may remain. */
int jr_finish(Jr *r);

#endif
