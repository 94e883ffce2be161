/* libFuzzer harness: the application parser and the evaluator must never
 * crash on any JSON, against every built-in profile; and the JSON reader
 * must agree with jansson on what is syntactically valid JSON (differential
 * check), apart from documented differences: a leading UTF-8 BOM is
 * accepted, nesting is limited to JR_MAX_DEPTH, and numbers too large for
 * jansson are read as doubles. Whatever parses is written back
 * (appdoc_write_json): the text must parse again and write to the same bytes.
 * The same input is also read as a web-meeting document and as a
 * social-media post (appdoc_parse_json_scoped, issue #5), and a meeting that
 * parses is run through the profile's planner.
 */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "exchange/appdoc_json.h"
#include "exchange/appdoc_write.h"
#include "exchange/decision_json.h"
#include "policy/evaluate.h"
#include "policy/meeting.h"
#include "policy/registry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ProfileSet set;

static void compare_with_jansson(const uint8_t *data, size_t size, const AppDoc *ours)
{
    size_t i = 0;
    while (i < size && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
        i++;
    if (i == size || data[i] != '{')
        return; /* jansson without JSON_DECODE_ANY refuses non-containers as syntax */
    if (ours->syntax_error == 2)
        return; /* a limit of ours, not a disagreement */
    int ours_syntax = ours->syntax_error == 1;
    json_error_t err;
    json_t *j = json_loadb((const char *)data, size, 0, &err);
    int theirs_ok = j != NULL;
    json_decref(j);
    if (!theirs_ok && (strstr(err.text, "too big") || strstr(err.text, "overflow")))
        return;
    if (theirs_ok == ours_syntax)
        __builtin_trap(); /* the two readers disagree about the syntax */
}

/* write(doc) parses against the same profile and write(parse(write(doc)))
 * == write(doc), in both layouts. */
static void check_write_round_trip_scoped(const Profile *p, const AppDoc *doc, FieldScope scope)
{
    for (int pretty = 0; pretty <= 1; pretty++) {
        Str once = STR_INIT, twice = STR_INIT;
        Errors errs = {0};
        AppDoc again;
        appdoc_write_json(doc, pretty, &once);
        if (str_failed(&once) ||
            !appdoc_parse_json_scoped(&again, p, "written.json", once.buf, once.len, scope, &errs))
            __builtin_trap(); /* the writer made a document the parser refuses */
        appdoc_write_json(&again, pretty, &twice);
        if (str_failed(&twice) || twice.len != once.len || memcmp(twice.buf, once.buf, once.len) != 0)
            __builtin_trap(); /* writing is not a fixed point */
        appdoc_free(&again);
        errors_free(&errs);
        str_free(&once);
        str_free(&twice);
    }
}

/* The meeting planner's and the posting check's documents. */
static void scoped(const Profile *p, const uint8_t *data, size_t size)
{
    static const FieldScope scopes[] = {SCOPE_MEETING, SCOPE_POST};
    for (size_t s = 0; s < sizeof scopes / sizeof scopes[0]; s++) {
        Errors errs = {0};
        AppDoc doc;
        if (appdoc_parse_json_scoped(&doc, p, "fuzz.json", (const char *)data, size, scopes[s], &errs)) {
            check_write_round_trip_scoped(p, &doc, scopes[s]);
            MeetingResult res;
            if (scopes[s] == SCOPE_MEETING && p->meeting && meeting_result_init(&res, p)) {
                meeting_evaluate(&doc, &res);
                meeting_result_free(&res);
            }
        }
        appdoc_free(&doc);
        errors_free(&errs);
    }
}

static void check_write_round_trip(const Profile *p, const AppDoc *doc)
{
    check_write_round_trip_scoped(p, doc, SCOPE_APPLICATION);
}

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
            check_write_round_trip(p, &doc);
            Decision d;
            if (decision_init(&d, p)) {
                evaluate(&doc, &d);
                Str out = STR_INIT;
                decision_json(&doc, &d, 0, &out);
                str_free(&out);
                decision_free(&d);
            }
        }
        if (i == 0)
            compare_with_jansson(data, size, &doc);
        appdoc_free(&doc);
        errors_free(&errs);
        scoped(p, data, size);
    }
    return 0;
}
