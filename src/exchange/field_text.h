/* A field's value as display text (ledger values, readable output). */
#ifndef DAICHO_FIELD_TEXT_H
#define DAICHO_FIELD_TEXT_H
#include "policy/appdoc.h"
#include "util/str.h"

/* Append the value of field `f` of `doc` to `out`; nothing if absent. */
void field_text(const AppDoc *doc, int f, Str *out);
/* Append yyyymmdd as YYYY-MM-DD. */
void date_text(int yyyymmdd, Str *out);
/* Role labels of a track's applicants, joined with "・". */
void applicant_roles_text(const Profile *p, int track, Str *out);

#endif
