/* The profile's 'incidents' section (issue #6). PLACEHOLDER: to be designed. */
#ifndef DAICHO_INCIDENT_POLICY_H
#define DAICHO_INCIDENT_POLICY_H
#include "policy/profile.h"

typedef struct IncidentPolicy {
    const char *clause;
} IncidentPolicy;

#endif
