/* AppDoc → application document JSON (docs/evaluate.md): the inverse of
 * appdoc_parse_json(), and the canonical form in which the store keeps each
 * application and ledger-entry version. */
#ifndef DAICHO_APPDOC_WRITE_H
#define DAICHO_APPDOC_WRITE_H
#include "policy/appdoc.h"
#include "util/str.h"

/* Append `doc` to `out` as a JSON application document that
 * appdoc_parse_json() reads back, against the same profile, to equal values.
 *
 * Canonical form, so equal documents give equal bytes:
 * - only fields that are present; empty strings and empty lists are "not
 *   given" and are left out; derived fields (FieldDef.derived) never appear;
 * - keys in field_defs order; "group.key" fields nested in an object "group"
 *   placed where the group's first given field is ("service", then "purpose", …);
 *   a group with nothing present is left out;
 * - enums as their names, classes as the profile's level code, countries as
 *   alpha-2, roles as the role id, dates as "YYYY-MM-DD", integers as
 *   decimal, numbers in the shortest of %.15g/%.16g/%.17g that reads back to
 *   the same double (so 99.95, not 99.950000000000003; ±infinity, which the
 *   reader makes of an overflowing literal, as ±1e999), booleans true/false;
 * - "answers" last, in profile order (items, then risks), answered ones
 *   only: {"ID": {"status": "...", "evidence": "..."}}, evidence when given.
 * `pretty` 0: no whitespace at all; otherwise 2-space indentation with lists
 * of scalars on one line, and a final newline. Strings are escaped with
 * str_append_json(). Out-of-memory is left in `out` (str_failed()). */
void appdoc_write_json(const AppDoc *doc, int pretty, Str *out);

/* The same, compact, with field `field` written as the JSON text
 * `raw_json` (not validated here: parse the result), or left out when
 * `raw_json` is NULL. For changing one field of a stored document so that the
 * new value is checked by the parser exactly as in an application. */
void appdoc_write_json_replacing(const AppDoc *doc, int field, const char *raw_json, Str *out);

#endif
