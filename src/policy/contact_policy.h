/* The profile's 'contact_chart' section (issue #6). PLACEHOLDER: to be designed. */
#ifndef DAICHO_CONTACT_POLICY_H
#define DAICHO_CONTACT_POLICY_H
#include "policy/profile.h"

typedef struct ContactPolicy {
    const char *clause;
} ContactPolicy;

#endif
