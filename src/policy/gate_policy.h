/* The profile's 'operation_gate' section (issue #6). PLACEHOLDER: to be designed. */
#ifndef DAICHO_GATE_POLICY_H
#define DAICHO_GATE_POLICY_H
#include "policy/profile.h"

typedef struct OperationGate {
    const char *clause;
} OperationGate;

#endif
