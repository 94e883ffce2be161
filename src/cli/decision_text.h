#ifndef DAICHO_DECISION_TEXT_H
#define DAICHO_DECISION_TEXT_H
#include "policy/evaluate.h"
#include "util/str.h"

/* Readable Japanese decision with clause references. */
void decision_text(const AppDoc *doc, const Decision *d, const char *source, Str *out);

#endif
