/* Application document (JSON, docs/evaluate.md) → AppDoc. */
#ifndef DAICHO_APPDOC_JSON_H
#define DAICHO_APPDOC_JSON_H
#include <stddef.h>

#include "policy/appdoc.h"
#include "util/errors.h"

/* Parse `text` against profile `p` into `doc` (initialised here; free with
 * appdoc_free() whatever the result). Returns 1 on success; on failure returns
 * 0 with every problem in `errs`: syntax errors as "FILE:LINE:COL: …", field
 * errors as "FILE: FIELD: … (allowed: …)". */
int appdoc_parse_json(AppDoc *doc, const Profile *p, const char *file, const char *text, size_t len, Errors *errs);

#endif
