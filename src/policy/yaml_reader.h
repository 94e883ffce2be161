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

#endif
