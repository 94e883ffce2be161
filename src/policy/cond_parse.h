/* Conditions of rules and items, from YAML (docs/profiles.md "rules"). */
#ifndef DAICHO_COND_PARSE_H
#define DAICHO_COND_PARSE_H
#include "policy/profile.h"
#include "policy/yaml_reader.h"

enum { COND_MAX_DEPTH = 16 };

/* Parse and type-check a condition; NULL after reporting errors. The result
 * lives in p's arena. Requires p's roles and classifications to be loaded. */
Cond *cond_parse(Yr *r, Profile *p, yaml_node_t *n, int depth);
/* all[track == t, field not_in roles[0..n)] — the approval-authority check
 * derived from a track definition. */
Cond *cond_track_role(Profile *p, int track, int field, const int *roles, int n);

#endif
