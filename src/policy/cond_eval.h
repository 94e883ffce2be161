/* Three-valued evaluation of rule and item conditions (docs/profiles.md):
 * a comparison over a field the application does not give is UNKNOWN. */
#ifndef DAICHO_COND_EVAL_H
#define DAICHO_COND_EVAL_H
#include "policy/appdoc.h"

typedef enum Tri { TRI_FALSE = 0, TRI_TRUE = 1, TRI_UNKNOWN = 2 } Tri;

/* Evaluate `c` over the values `v` (indexed by FieldId, derived fields
 * filled). Fields whose absence made a part UNKNOWN are added to *missing. */
Tri cond_eval(const Cond *c, const FieldValue *v, FieldMask *missing);

#endif
