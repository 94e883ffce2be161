/* Thin typed reader over a libyaml document that reports every problem as
 * "FILE:LINE:COL: message" into an Errors list. Strings returned are copied
 * into the caller's arena. */
#ifndef DAICHO_YAML_READER_H
#define DAICHO_YAML_READER_H
#include <stddef.h>
#include <yaml.h>

#include "util/arena.h"
#include "util/errors.h"

typedef struct Yr {
    yaml_document_t doc;
    const char *file;
    Errors *errs;
    Arena *arena;     /* receives copies of scalars */
    int field_scope;  /* FieldScope a condition may read besides the application's (0: none) */
} Yr;

/* Parse `text`; on a syntax error report it (with line and column) and return 0. */
int yr_open(Yr *r, const char *file, const char *text, size_t len, Errors *errs, Arena *arena);
void yr_close(Yr *r);

void yr_error(Yr *r, const yaml_node_t *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

int yr_expect_map(Yr *r, yaml_node_t *n, const char *what);
/* Report keys not in `allowed` (NULL-terminated), duplicates and non-scalar keys. */
void yr_check_keys(Yr *r, yaml_node_t *map, const char *const *allowed, const char *what);
/* Value of `key` in `map`, or NULL. */
yaml_node_t *yr_get(Yr *r, yaml_node_t *map, const char *key);
/* Scalar text (arena copy), or NULL with an error naming `what`. */
const char *yr_scalar(Yr *r, yaml_node_t *n, const char *what);
const char *yr_str(Yr *r, yaml_node_t *map, const char *key, int required);
int yr_bool(Yr *r, yaml_node_t *map, const char *key, int dflt);
int yr_int(Yr *r, yaml_node_t *map, const char *key, int dflt, int min, int max);
/* Length of a sequence; 0 with an error if `n` is not one. */
int yr_seq_len(Yr *r, yaml_node_t *n, const char *what);
yaml_node_t *yr_seq_at(Yr *r, yaml_node_t *seq, int i);
/* 1 if n is a plain scalar spelling YAML null (~, null, empty). */
int yr_is_null(const yaml_node_t *n);

/* ---- helpers shared by the profile section loaders ---------------------- */

/* 1 if `s` is a non-empty id of only a-z, 0-9 and the characters of `punct`
 * (e.g. "-_"). */
int yr_id_ok(const char *s, const char *punct);
/* A required non-empty text: yr_str(…, 1), and an error
 * "SECTION: WHAT 'KEY' must not be empty" (without "WHAT " when `what` is
 * NULL) when it is given as an empty quoted string. */
const char *yr_text(Yr *r, yaml_node_t *m, const char *key, const char *section, const char *what);
/* The start of a section loader: `node` must be a mapping with only the
 * keys `keys` (errors name `section`); returns zeroed `size` bytes from
 * `arena`, or NULL (not a mapping, or out of memory, reported). */
void *yr_section(Yr *r, yaml_node_t *node, const char *section, const char *const *keys, Arena *arena, size_t size);

#endif
