/* libFuzzer harness: the application parser and the evaluator must never
 * crash on any JSON, against every built-in profile. */
#include <stddef.h>
#include <stdint.h>

#include "exchange/appdoc_json.h"
#include "exchange/decision_json.h"
#include "policy/evaluate.h"
#include "policy/registry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ProfileSet set;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (set.n == 0) {
        Errors errs = {0};
        if (!profileset_load_builtin(&set, &errs))
            __builtin_trap();
        errors_free(&errs);
    }
    for (int i = 0; i < set.n; i++) {
        const Profile *p = set.items[i];
        Errors errs = {0};
        AppDoc doc;
        if (appdoc_parse_json(&doc, p, "fuzz.json", (const char *)data, size, &errs)) {
            Decision d;
            if (decision_init(&d, p)) {
                evaluate(&doc, &d);
                Str out = STR_INIT;
                decision_json(&doc, &d, 0, &out);
                str_free(&out);
                decision_free(&d);
            }
        }
        appdoc_free(&doc);
        errors_free(&errs);
    }
    return 0;
}
