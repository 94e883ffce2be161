/* Decision → JSON (the stable `--json` output, docs/evaluate.md). */
#ifndef DAICHO_DECISION_JSON_H
#define DAICHO_DECISION_JSON_H
#include "policy/evaluate.h"
#include "util/str.h"

/* Append the decision for `doc` as one JSON object (pretty-printed when
 * `pretty`) to `out`. */
void decision_json(const AppDoc *doc, const Decision *d, int pretty, Str *out);
/* Text of a ledger field's value (its application fields joined; the
 * usage period as "from〜to", with 年度末 when the end was omitted). */
void ledger_value_text(const AppDoc *doc, const Decision *d, const LedgerField *lf, Str *out);

#endif
