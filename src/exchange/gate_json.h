/* The profile's operation_gate section as JSON (docs/gate.md), for
 * `daicho profile show --json` and /api/v1/profile: the member
 * `, "operation_gate": {…}` (or `null` when the profile has none), in the
 * style of exchange/profile_json.c. Pure. */
#ifndef DAICHO_GATE_JSON_H
#define DAICHO_GATE_JSON_H
#include "policy/profile.h"
#include "util/str.h"

void gate_profile_json(const Profile *p, Str *o);

#endif
