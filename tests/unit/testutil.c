#include "testutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exchange/appdoc_json.h"

const char *source_dir(void)
{
    const char *dir = getenv("DAICHO_SOURCE_DIR");
    if (!dir || !*dir) {
        fprintf(stderr, "DAICHO_SOURCE_DIR is not set (run the tests with ctest)\n");
        exit(1);
    }
    return dir;
}

static ProfileSet builtin;
static int loaded;

static void unload(void) { profileset_free(&builtin); }

const Profile *test_profile(const char *id)
{
    if (!loaded) {
        Errors errs = {0};
        int ok = profileset_load_builtin(&builtin, &errs);
        for (int i = 0; i < errs.count; i++)
            print_error("%s\n", errs.msg[i]);
        errors_free(&errs);
        assert_true(ok);
        loaded = 1;
        atexit(unload);
    }
    const Profile *p = profileset_find(&builtin, id);
    if (!p)
        fail_msg("built-in profile %s not found", id);
    return p;
}

void eval_json(Eval *e, const char *id, const char *json)
{
    memset(e, 0, sizeof *e);
    const Profile *p = test_profile(id);
    e->parsed = appdoc_parse_json(&e->doc, p, "test.json", json, strlen(json), &e->errs);
    if (!e->parsed)
        return;
    assert_true(decision_init(&e->d, p));
    evaluate(&e->doc, &e->d);
}

void eval_free(Eval *e)
{
    if (e->parsed)
        decision_free(&e->d);
    appdoc_free(&e->doc);
    errors_free(&e->errs);
}

const Finding *eval_finding(const Eval *e, const char *rule_id)
{
    for (int i = 0; i < e->d.n_findings; i++)
        if (strcmp(e->d.findings[i].rule->id, rule_id) == 0)
            return &e->d.findings[i];
    return NULL;
}

int errors_contain(const Errors *errs, const char *needle)
{
    for (int i = 0; i < errs->count; i++)
        if (strstr(errs->msg[i], needle))
            return 1;
    return 0;
}

char *json_merge(const char *base, const char *patch)
{
    json_error_t err;
    json_t *b = json_loads(base, 0, &err);
    if (!b)
        fail_msg("base JSON: %s (line %d)", err.text, err.line);
    json_t *p = json_loads(patch, 0, &err);
    if (!p)
        fail_msg("patch JSON: %s (line %d): %s", err.text, err.line, patch);
    assert_int_equal(json_object_update_recursive(b, p), 0);
    char *out = json_dumps(b, JSON_COMPACT);
    json_decref(b);
    json_decref(p);
    return out;
}
