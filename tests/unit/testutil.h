/* Helpers shared by the unit tests: built-in profiles and one-call
 * evaluation of a JSON application. */
#ifndef DAICHO_TESTUTIL_H
#define DAICHO_TESTUTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "policy/evaluate.h"
#include "policy/registry.h"

/* The source tree (DAICHO_SOURCE_DIR, set by ctest); aborts the test run
 * loudly when it is not set, so a missing fixture can never pass quietly. */
const char *source_dir(void);
/* The built-in profile `id` (loaded once per test binary; fails the test if absent). */
const Profile *test_profile(const char *id);

typedef struct Eval {
    AppDoc doc;
    Decision d;
    Errors errs;
    int parsed;     /* 1 if the document parsed */
} Eval;

/* Parse `json` against profile `id` and evaluate; free with eval_free(). */
void eval_json(Eval *e, const char *id, const char *json);
void eval_free(Eval *e);
/* Finding of rule `rule_id`, or NULL. */
const Finding *eval_finding(const Eval *e, const char *rule_id);
/* 1 if any collected error message contains `needle`. */
int errors_contain(const Errors *errs, const char *needle);
/* A small valid profile ("testcity", YAML) for loader tests. */
extern const char *const test_minimal_profile;
/* `text` with the first `from` replaced by `to` (fails the test when `text`
 * has no `from`); caller frees. */
char *text_replace(const char *text, const char *from, const char *to);
/* Loading `text` ("t.yaml") must fail with an error containing `needle`. */
void expect_load_error(const char *text, const char *needle);
/* Merge the JSON object `patch` into `base` (recursively); caller frees. */
char *json_merge(const char *base, const char *patch);

#endif
