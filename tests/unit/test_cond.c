/* Rule conditions: every operator, three-valued all/any/not, and how a
 * verdict follows from findings, open items and risks (docs/profiles.md
 * "rules"; DESIGN.md "Evaluation contract"). Uses tests/fixtures/operators.yaml. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exchange/appdoc_json.h"
#include "testutil.h"
#include "util/file.h"

static Profile *ops;

static int setup(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/tests/fixtures/operators.yaml", source_dir());
    size_t len;
    const char *err;
    char *text = file_read(path, &len, &err);
    if (!text) {
        fprintf(stderr, "%s: %s\n", path, err);
        exit(1); /* cmocka reports a failed group setup as 0 tests run */
    }
    Errors errs = {0};
    ops = profile_load(path, text, len, &errs);
    for (int i = 0; i < errs.count; i++)
        print_error("%s\n", errs.msg[i]);
    errors_free(&errs);
    free(text);
    if (!ops)
        exit(1);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    profile_free(ops);
    return 0;
}

typedef struct Run {
    AppDoc doc;
    Decision d;
} Run;

static void run(Run *r, const char *json)
{
    Errors errs = {0};
    int ok = appdoc_parse_json(&r->doc, ops, "t.json", json, strlen(json), &errs);
    for (int i = 0; i < errs.count; i++)
        print_error("%s\n", errs.msg[i]);
    errors_free(&errs);
    assert_true(ok);
    assert_true(decision_init(&r->d, ops));
    evaluate(&r->doc, &r->d);
}

static void done(Run *r)
{
    decision_free(&r->d);
    appdoc_free(&r->doc);
}

static const Finding *finding(const Run *r, const char *id)
{
    for (int i = 0; i < r->d.n_findings; i++)
        if (strcmp(r->d.findings[i].rule->id, id) == 0)
            return &r->d.findings[i];
    return NULL;
}

static int fired(const char *json, const char *rule)
{
    Run r;
    run(&r, json);
    const Finding *f = finding(&r, rule);
    int out = f && !f->undetermined;
    done(&r);
    return out;
}

#define BASE "\"service\": {\"name\": \"X\", \"category\": \"cloud\"}, \"information\": {\"confidentiality\": \"C\"}"
#define DOC(extra) "{" BASE extra "}"
#define SVC(extra) "{\"service\": {\"name\": \"X\", \"category\": \"cloud\", " extra "}, " \
                   "\"information\": {\"confidentiality\": \"C\"}}"

static void test_equals_and_not_equals(void **state)
{
    (void)state;
    assert_true(fired(SVC("\"pricing\": \"free\""), "r-equals"));
    assert_false(fired(SVC("\"pricing\": \"paid\""), "r-equals"));
    assert_true(fired(SVC("\"court\": \"US\""), "r-not-equals"));
    assert_false(fired(SVC("\"court\": \"JP\""), "r-not-equals"));
}

static void test_in_and_not_in(void **state)
{
    (void)state;
    assert_true(fired("{\"service\": {\"name\": \"X\", \"category\": \"map\"}, \"information\": {\"confidentiality\": \"C\"}}",
                      "r-in"));
    assert_false(fired(DOC(""), "r-in"));
    assert_false(fired(DOC(""), "r-not-in"));
    assert_true(fired("{\"service\": {\"name\": \"X\", \"category\": \"search\"}, \"information\": {\"confidentiality\": \"C\"}}",
                      "r-not-in"));
}

static void test_list_operators(void **state)
{
    (void)state;
    assert_true(fired(SVC("\"data_locations\": [\"JP\"]"), "r-subset"));
    assert_false(fired(SVC("\"data_locations\": [\"JP\", \"SG\"]"), "r-subset"));
    assert_true(fired(SVC("\"certifications\": [\"ISO27001\", \"ISMAP\"]"), "r-intersects"));
    assert_false(fired(SVC("\"certifications\": [\"ISO27001\", \"SOC2\"]"), "r-intersects"));
    assert_true(fired(SVC("\"certifications\": [\"SOC2\", \"ISO27001\"]"), "r-contains"));
    assert_false(fired(SVC("\"certifications\": [\"ISO27017\"]"), "r-contains"));
    assert_true(fired(DOC(", \"purpose\": \"庁内会議の資料共有\""), "r-contains-text"));
    assert_false(fired(DOC(", \"purpose\": \"資料共有\""), "r-contains-text"));
}

static void test_ordered_comparisons(void **state)
{
    (void)state;
    /* classes: ">= B" means B or more protected (A) */
    assert_true(fired("{\"service\": {\"name\": \"X\", \"category\": \"cloud\"}, \"information\": {\"confidentiality\": \"A\"}}",
                      "r-ge-class"));
    assert_true(fired("{\"service\": {\"name\": \"X\", \"category\": \"cloud\"}, \"information\": {\"confidentiality\": \"B\"}}",
                      "r-ge-class"));
    assert_false(fired(DOC(""), "r-ge-class"));
    assert_true(fired(SVC("\"log_retention_days\": 364"), "r-lt-int"));
    assert_false(fired(SVC("\"log_retention_days\": 365"), "r-lt-int"));
    assert_true(fired(SVC("\"sla_uptime_percent\": 99.9"), "r-ge-number"));
    assert_false(fired(SVC("\"sla_uptime_percent\": 99.89"), "r-ge-number"));
    assert_true(fired(DOC(", \"usage_period\": {\"from\": \"2026-03-31\"}"), "r-le-date"));
    assert_false(fired(DOC(", \"usage_period\": {\"from\": \"2026-04-01\"}"), "r-le-date"));
}

static void test_present_absent_and_value_field(void **state)
{
    (void)state;
    assert_true(fired(SVC("\"provider\": \"P\""), "r-present"));
    assert_false(fired(DOC(""), "r-present"));
    assert_true(fired(DOC(""), "r-absent"));
    /* an empty string is not an answer */
    assert_true(fired(SVC("\"provider\": \"\""), "r-absent"));
    assert_true(fired(DOC(", \"applicant\": {\"name\": \"山田\"}, \"approver\": {\"name\": \"山田\"}"), "r-same-person"));
    assert_false(fired(DOC(", \"applicant\": {\"name\": \"山田\"}, \"approver\": {\"name\": \"田中\"}"), "r-same-person"));
}

static void test_unknown_is_neither_true_nor_false(void **state)
{
    (void)state;
    Run r;
    /* important track, data_locations not given: the block rule cannot be decided */
    run(&r, "{\"service\": {\"name\": \"X\", \"category\": \"cloud\"}, \"information\": {\"confidentiality\": \"A\"}}");
    const Finding *f = finding(&r, "r-all");
    assert_non_null(f);
    assert_true(f->undetermined);
    assert_int_equal(f->severity, SEV_WARN); /* a block that cannot be checked becomes a warning */
    assert_true(f->missing & FIELD_BIT(F_SERVICE_DATA_LOCATIONS));
    assert_true(r.d.missing & FIELD_BIT(F_SERVICE_DATA_LOCATIONS));
    assert_int_equal(r.d.verdict, VERDICT_NEEDS_REVIEW);
    done(&r);
    /* ordinary track: all[] is false whatever the unknown part */
    run(&r, DOC(""));
    assert_null(finding(&r, "r-all"));
    done(&r);
    /* any[]: one true part decides even if another is unknown */
    assert_true(fired(SVC("\"governing_law\": \"US\""), "r-any"));
    run(&r, SVC("\"governing_law\": \"JP\""));
    assert_null(finding(&r, "r-any")); /* warn rules that cannot be decided give no finding … */
    assert_true(r.d.missing & FIELD_BIT(F_SERVICE_COURT)); /* … but name the missing field */
    done(&r);
}

static void test_items_by_track_category_and_condition(void **state)
{
    (void)state;
    Run r;
    run(&r, DOC(""));
    assert_true(r.d.item_applies[0]);  /* sel-any */
    assert_false(r.d.item_applies[1]); /* sel-imp: important track only */
    assert_false(r.d.item_applies[3]); /* cat-wm: web meetings only */
    assert_true(r.d.item_applies[4]);  /* sel-ha: availability unknown → shown, never hidden */
    assert_true(r.d.missing & FIELD_BIT(F_INFO_AVAILABILITY));
    done(&r);
    run(&r, "{\"service\": {\"name\": \"X\", \"category\": \"web_meeting\"}, "
            "\"information\": {\"confidentiality\": \"A\", \"availability\": \"C\"}}");
    assert_true(r.d.item_applies[1]);
    assert_true(r.d.item_applies[3]);
    assert_false(r.d.item_applies[4]); /* availability C is not high */
    done(&r);
}

#define READY_DOC_FMT "{\"service\": {\"name\": \"X\", \"category\": \"cloud\", \"court\": \"JP\", \"governing_law\": \"JP\"}, " \
    "\"information\": {\"confidentiality\": \"C\", \"availability\": \"C\"}, \"usage_period\": {\"from\": \"2026-04-01\"}, " \
    "\"applicant\": {\"name\": \"山田\"}, \"approver\": {\"name\": \"田中\"}, " \
    "\"answers\": {\"sel-any\": {\"status\": \"done\", \"evidence\": \"契約書\"}, \"risk-a\": {\"status\": \"done\"}%s}}"

static void test_verdict_ready_needs_every_gating_item_and_risk(void **state)
{
    (void)state;
    char json[1024];
    Run r;
    snprintf(json, sizeof json, READY_DOC_FMT, "");
    run(&r, json);
    /* sel-should is only desirable, op-check a lifecycle item and app-approver-records
     * the approver's own step at the decision: none of them holds the applicant's verdict */
    assert_int_equal(r.d.open_items, 0);
    assert_int_equal(r.d.open_risks, 0);
    assert_int_equal(r.d.period_to_default, 20270331); /* 年度末 of FY2026 */
    assert_int_equal(r.d.verdict, VERDICT_READY);
    done(&r);
    snprintf(json, sizeof json,
             "{\"service\": {\"name\": \"X\", \"category\": \"cloud\", \"court\": \"JP\", \"governing_law\": \"JP\"}, "
             "\"information\": {\"confidentiality\": \"C\", \"availability\": \"C\"}, "
             "\"usage_period\": {\"from\": \"2026-04-01\"}, "
             "\"answers\": {\"sel-any\": {\"status\": \"not_done\"}, \"risk-a\": {\"status\": \"done\"}}}");
    run(&r, json);
    assert_int_equal(r.d.open_items, 1);
    assert_int_equal(r.d.verdict, VERDICT_NEEDS_REVIEW);
    done(&r);
    snprintf(json, sizeof json,
             "{\"service\": {\"name\": \"X\", \"category\": \"cloud\", \"court\": \"JP\", \"governing_law\": \"JP\"}, "
             "\"information\": {\"confidentiality\": \"C\", \"availability\": \"C\"}, "
             "\"usage_period\": {\"from\": \"2026-04-01\"}, \"applicant\": {\"name\": \"山田\"}, \"approver\": {\"name\": \"田中\"}, "
             "\"answers\": {\"sel-any\": {\"status\": \"not_applicable\"}}}");
    run(&r, json);
    assert_int_equal(r.d.open_items, 0);
    assert_int_equal(r.d.open_risks, 1); /* risk-a not recorded as considered */
    assert_int_equal(r.d.verdict, VERDICT_NEEDS_REVIEW);
    done(&r);
}

static void test_derived_approver_check(void **state)
{
    (void)state;
    Run r;
    /* ordinary track: approver must be head; staff approving is a block */
    run(&r, DOC(", \"approver\": {\"name\": \"a\", \"role\": \"staff\"}"));
    const Finding *f = finding(&r, "track-approver-role-ordinary");
    assert_non_null(f);
    assert_int_equal(f->severity, SEV_BLOCK);
    assert_int_equal(r.d.verdict, VERDICT_BLOCKED);
    done(&r);
    run(&r, DOC(", \"approver\": {\"name\": \"a\", \"role\": \"head\"}"));
    assert_null(finding(&r, "track-approver-role-ordinary"));
    done(&r);
    /* no approver named yet: nothing to check, and nothing undetermined */
    run(&r, DOC(""));
    assert_null(finding(&r, "track-approver-role-ordinary"));
    done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equals_and_not_equals),
        cmocka_unit_test(test_in_and_not_in),
        cmocka_unit_test(test_list_operators),
        cmocka_unit_test(test_ordered_comparisons),
        cmocka_unit_test(test_present_absent_and_value_field),
        cmocka_unit_test(test_unknown_is_neither_true_nor_false),
        cmocka_unit_test(test_items_by_track_category_and_condition),
        cmocka_unit_test(test_verdict_ready_needs_every_gating_item_and_risk),
        cmocka_unit_test(test_derived_approver_check),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
