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

/* The same for the documents of the meeting planner (SCOPE_MEETING: the
 * "meeting" group beside service and information) and of the pre-posting
 * check (SCOPE_POST: "post"). Only information.confidentiality is required. */
int appdoc_parse_json_scoped(AppDoc *doc, const Profile *p, const char *file, const char *text, size_t len,
                             FieldScope scope, Errors *errs);

#endif
