/* Profile loader: strict, all-or-nothing, errors with file:line:col
 * (docs/profiles.md "Loading rules"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static void expect_replaced_error(const char *from, const char *to, const char *needle)
{
    char *text = text_replace(test_minimal_profile, from, to);
    expect_load_error(text, needle);
    free(text);
}

static void test_minimal_loads(void **state)
{
    (void)state;
    Errors errs = {0};
    Profile *p = profile_load("t.yaml", test_minimal_profile, strlen(test_minimal_profile), &errs);
    for (int i = 0; i < errs.count; i++)
        print_error("%s\n", errs.msg[i]);
    assert_non_null(p);
    assert_string_equal(p->id, "testcity");
    assert_int_equal(p->effective, 20260401);
    assert_int_equal(p->n_items, 2);
    assert_int_equal(p->n_risks, 1);
    /* one written rule + applicant and approver checks per track */
    assert_int_equal(p->n_rules, 1 + 2 * TRACK_COUNT);
    assert_int_equal(p->review_interval_months, 12);
    assert_int_equal(p->log_retention_days, 365);
    assert_int_equal(profile_answer_index(p, "risk-a", 6), 2);
    assert_int_equal(profile_answer_index(p, "nope", 4), -1);
    profile_free(p);
}

static void test_yaml_syntax_error_has_line_and_column(void **state)
{
    (void)state;
    expect_replaced_error("  - {id: staff, label: 職員}\n", "  - {id: staff, label: 職員\n", "t.yaml:");
    char *text = text_replace(test_minimal_profile, "  - {id: staff, label: 職員}\n", "  - {id: staff, label: [職員}\n");
    Errors errs = {0};
    assert_null(profile_load("t.yaml", text, strlen(text), &errs));
    assert_true(errors_contain(&errs, "YAML syntax error"));
    assert_true(errors_contain(&errs, "t.yaml:9:")); /* the broken line */
    errors_free(&errs);
    free(text);
}

static void test_unknown_key_is_an_error(void **state)
{
    (void)state;
    expect_replaced_error("  source: test\n", "  source: test\n  sauce: x\n", "unknown key 'sauce'");
    expect_replaced_error("text: 認証を確認した。,", "txt: 認証を確認した。,", "unknown key 'txt'");
}

static void test_unknown_operator_is_refused(void **state)
{
    (void)state;
    expect_replaced_error("op: subset_of", "op: within", "unknown operator 'within'");
}

static void test_unknown_field_is_refused(void **state)
{
    (void)state;
    expect_replaced_error("field: service.data_locations", "field: service.data_centres",
                          "field 'service.data_centres' does not exist");
}

static void test_duplicate_item_id_is_refused(void **state)
{
    (void)state;
    expect_replaced_error("id: op-review", "id: sel-iso", "duplicate id 'sel-iso'");
    /* items, risks and rules share one id space */
    expect_replaced_error("id: risk-a", "id: op-review", "duplicate id 'op-review'");
    expect_replaced_error("  - id: domestic\n", "  - id: risk-a\n", "duplicate id 'risk-a'");
}

static void test_values_are_type_checked(void **state)
{
    (void)state;
    expect_replaced_error("value: [JP]", "value: [XX]", "value 'XX' does not fit field service.data_locations");
    expect_replaced_error("value: important", "value: urgent", "value 'urgent' does not fit field track");
    expect_replaced_error("op: subset_of, value: [JP]", "op: \">=\", value: 3",
                          "cannot be used on service.data_locations");
}

static void test_class_codes_must_exist(void **state)
{
    (void)state;
    expect_replaced_error("value: important}", "value: important}\n        - {field: information.confidentiality, "
                          "op: \">=\", value: \"S\"}", "value 'S' does not fit field information.confidentiality");
}

static void test_undefined_role_is_refused(void **state)
{
    (void)state;
    expect_replaced_error("approver_role: ciso,", "approver_role: mayor,", "role 'mayor' is not defined");
}

static void test_missing_sections_and_clauses(void **state)
{
    (void)state;
    expect_replaced_error("clause: \"3(1)\", ", "", "'clause' is required");
    expect_replaced_error("phase: selection", "phase: purchase", "phase 'purchase' is not one of");
    expect_replaced_error("severity: block", "severity: fatal", "severity 'fatal' is not one of");
    expect_replaced_error("tracks:\n  - {id: important", "trackz:\n  - {id: important", "'tracks' is required");
}

static void test_all_errors_are_reported_at_once(void **state)
{
    (void)state;
    char *a = text_replace(test_minimal_profile, "op: subset_of", "op: within");
    const char *from = "text: 定期的に確認する。";
    char *b = malloc(strlen(a) + sizeof "phase: nowhere, ");
    const char *at = strstr(a, from);
    sprintf(b, "%.*sphase: nowhere, %s", (int)(at - a), a, at);
    Errors errs = {0};
    assert_null(profile_load("t.yaml", b, strlen(b), &errs));
    assert_true(errors_contain(&errs, "unknown operator"));
    assert_true(errors_contain(&errs, "key 'phase' appears twice"));
    errors_free(&errs);
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minimal_loads),
        cmocka_unit_test(test_yaml_syntax_error_has_line_and_column),
        cmocka_unit_test(test_unknown_key_is_an_error),
        cmocka_unit_test(test_unknown_operator_is_refused),
        cmocka_unit_test(test_unknown_field_is_refused),
        cmocka_unit_test(test_duplicate_item_id_is_refused),
        cmocka_unit_test(test_values_are_type_checked),
        cmocka_unit_test(test_class_codes_must_exist),
        cmocka_unit_test(test_undefined_role_is_refused),
        cmocka_unit_test(test_missing_sections_and_clauses),
        cmocka_unit_test(test_all_errors_are_reported_at_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
