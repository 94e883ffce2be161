/* Application document parser (docs/evaluate.md "Bad input"): malformed JSON
 * names line and column; unknown fields, wrong types and class codes the
 * profile does not define name the field and the allowed values. */
#include <string.h>

#include "testutil.h"

static void expect_bad(const char *json, const char *needle)
{
    Eval e;
    eval_json(&e, "tokyo-edu", json);
    if (e.parsed || !errors_contain(&e.errs, needle)) {
        for (int i = 0; i < e.errs.count; i++)
            print_error("  got: %s\n", e.errs.msg[i]);
        fail_msg("expected an error containing \"%s\" for %s", needle, json);
    }
    eval_free(&e);
}

#define OK_SERVICE "\"service\": {\"name\": \"X\", \"category\": \"cloud\"}"
#define OK_INFO "\"information\": {\"confidentiality\": \"C\"}"

static void test_minimal_document_parses(void **state)
{
    (void)state;
    Eval e;
    eval_json(&e, "tokyo-edu", "{" OK_SERVICE ", " OK_INFO "}");
    assert_true(e.parsed);
    assert_int_equal(e.d.track, TRACK_ORDINARY);
    eval_free(&e);
}

static void test_malformed_json_names_line_and_column(void **state)
{
    (void)state;
    expect_bad("{\n  \"service\": {\"name\": \"X\",,}\n}", "test.json:2:");
    expect_bad("", "JSON syntax error");
    expect_bad("[1, 2]", "must be a JSON object");
    expect_bad("{\"purpose\": \"a\", \"purpose\": \"b\"}", "duplicate");
}

static void test_unknown_fields_are_errors(void **state)
{
    (void)state;
    expect_bad("{" OK_SERVICE ", " OK_INFO ", \"colour\": \"red\"}", "colour: unknown field (allowed: purpose");
    expect_bad("{\"service\": {\"name\": \"X\", \"category\": \"cloud\", \"region\": \"JP\"}, " OK_INFO "}",
               "service.region: unknown field (allowed: name, function, provider");
    expect_bad("{" OK_SERVICE ", \"information\": {\"confidentiality\": \"C\", \"secret\": true}}",
               "information.secret: unknown field");
}

static void test_wrong_types_name_the_field(void **state)
{
    (void)state;
    expect_bad("{\"service\": {\"name\": \"X\", \"category\": \"cloud\", \"subcontracting\": \"no\"}, " OK_INFO "}",
               "service.subcontracting: must be true or false");
    expect_bad("{\"service\": {\"name\": \"X\", \"category\": \"cloud\", \"log_retention_days\": \"1y\"}, " OK_INFO "}",
               "service.log_retention_days: must be a whole number");
    expect_bad("{\"service\": {\"name\": \"X\", \"category\": \"cloud\", \"log_retention_days\": -1}, " OK_INFO "}",
               "service.log_retention_days: must not be negative");
    expect_bad("{\"service\": {\"name\": \"X\", \"category\": \"cloud\", \"data_locations\": \"JP\"}, " OK_INFO "}",
               "service.data_locations: must be a list of strings");
    expect_bad("{\"service\": {\"name\": \"X\", \"category\": \"cloud\", \"data_locations\": [\"JP\", \"Japan\"]}, " OK_INFO
               "}", "service.data_locations[1]: 'Japan' is not an ISO 3166-1 alpha-2 country code");
    expect_bad("{\"service\": {\"name\": \"X\", \"category\": \"cloud\", \"domains\": [\"bad host\"]}, " OK_INFO "}",
               "service.domains[0]: 'bad host' is not a host name");
    expect_bad("{" OK_SERVICE ", " OK_INFO ", \"usage_period\": {\"from\": \"2026-02-30\"}}",
               "usage_period.from: '2026-02-30' is not a date");
    expect_bad("{" OK_SERVICE ", " OK_INFO ", \"answers\": {\"nope\": {\"status\": \"done\"}}}",
               "answers.nope: 'nope' is not a requirement or risk id of profile tokyo-edu");
    expect_bad("{" OK_SERVICE ", " OK_INFO ", \"answers\": {\"risk-provider-free-use\": {\"status\": \"yes\"}}}",
               "status must be one of");
}

static void test_enum_and_class_codes_list_allowed_values(void **state)
{
    (void)state;
    expect_bad("{\"service\": {\"name\": \"X\", \"category\": \"saas\"}, " OK_INFO "}",
               "service.category: 'saas' is not allowed (allowed: cloud, web_meeting, social_media");
    /* tokyo-edu has A, B, C: a kitakyushu code is refused with the allowed list */
    expect_bad("{" OK_SERVICE ", \"information\": {\"confidentiality\": \"2\"}}",
               "information.confidentiality: '2' is not allowed (allowed: \"A\" (");
    expect_bad("{" OK_SERVICE ", " OK_INFO ", \"applicant\": {\"role\": \"mayor\"}}",
               "applicant.role: 'mayor' is not allowed (allowed: staff (");
}

static void test_required_fields_and_period(void **state)
{
    (void)state;
    expect_bad("{" OK_SERVICE "}", "information.confidentiality: is required (allowed: \"A\"");
    expect_bad("{\"service\": {\"name\": \"X\"}, " OK_INFO "}", "service.category: is required");
    expect_bad("{\"service\": {\"category\": \"cloud\"}, " OK_INFO "}", "service.name: is required");
    expect_bad("{" OK_SERVICE ", " OK_INFO ", \"usage_period\": {\"from\": \"2026-04-02\", \"to\": \"2026-04-01\"}}",
               "usage_period.to: 2026-04-01 is before usage_period.from 2026-04-02");
    /* the same day is a valid one-day period */
    Eval e;
    eval_json(&e, "tokyo-edu", "{" OK_SERVICE ", " OK_INFO ", \"usage_period\": {\"from\": \"2026-04-01\", \"to\": \"2026-04-01\"}}");
    assert_true(e.parsed);
    eval_free(&e);
}

static void test_class_code_as_number_and_roles_by_label(void **state)
{
    (void)state;
    Eval e;
    eval_json(&e, "kitakyushu-cloud",
              "{" OK_SERVICE ", \"information\": {\"confidentiality\": 2}, \"applicant\": {\"role\": \"所属長\"}}");
    assert_true(e.parsed);
    assert_int_equal(e.d.track, TRACK_IMPORTANT); /* 第2種 is 重要情報資産 (kitakyushu-cloud 2(1)) */
    assert_string_equal(e.doc.profile->roles[e.doc.v[F_APPLICANT_ROLE].code].id, "section_head");
    eval_free(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minimal_document_parses),
        cmocka_unit_test(test_malformed_json_names_line_and_column),
        cmocka_unit_test(test_unknown_fields_are_errors),
        cmocka_unit_test(test_wrong_types_name_the_field),
        cmocka_unit_test(test_enum_and_class_codes_list_allowed_values),
        cmocka_unit_test(test_required_fields_and_period),
        cmocka_unit_test(test_class_code_as_number_and_roles_by_label),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
