/* Profile loader: strict, all-or-nothing, errors with file:line:col
 * (docs/profiles.md "Loading rules"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* A small valid profile; tests replace one piece of it at a time. */
static const char *const minimal =
    "profile:\n"
    "  id: testcity\n"
    "  version: \"第1版\"\n"
    "  organization: テスト市\n"
    "  document: 外部サービス利用基準\n"
    "  effective: 2026-04-01\n"
    "  source: test\n"
    "roles:\n"
    "  - {id: staff, label: 職員}\n"
    "  - {id: section_head, label: 所属長}\n"
    "  - {id: ciso, label: CISO}\n"
    "classifications:\n"
    "  confidentiality:\n"
    "    label: 機密性\n"
    "    levels:\n"
    "      - {code: \"A\", label: 機密性A, important: true}\n"
    "      - {code: \"B\", label: 機密性B, important: true}\n"
    "      - {code: \"C\", label: 機密性C}\n"
    "  integrity:\n"
    "    label: 完全性\n"
    "    levels: [{code: \"B\", label: 完全性B}, {code: \"C\", label: 完全性C}]\n"
    "  availability:\n"
    "    label: 可用性\n"
    "    levels: [{code: \"B\", label: 可用性B, high: true}, {code: \"C\", label: 可用性C}]\n"
    "tracks:\n"
    "  - {id: important, label: 重要, clause: \"2(1)\", applicant_roles: [section_head], applicant_clause: \"5(1)\",\n"
    "     approver_role: ciso, approver_clause: \"5(1)\", administrator: nominee, administrator_role: section_head,\n"
    "     administrator_clause: \"5(1)\"}\n"
    "  - {id: ordinary, label: 通常, clause: \"2(2)\", applicant_roles: [staff], applicant_clause: \"5(2)\",\n"
    "     approver_role: section_head, approver_clause: \"5(2)\", administrator: approver,\n"
    "     administrator_role: section_head, administrator_clause: \"5(2)\"}\n"
    "ledger_fields:\n"
    "  - {id: service_name, label: \"(ア) 名称\", clause: \"5(3)\", fields: [service.name, service.function]}\n"
    "requirements:\n"
    "  - {id: sel-iso, phase: selection, clause: \"3(1)\", text: 認証を確認した。, tracks: [important]}\n"
    "  - {id: op-review, phase: operation, clause: \"3(4)\", text: 定期的に確認する。}\n"
    "risks:\n"
    "  - {id: risk-a, clause: \"4(ア)\", text: 事業者が情報を利用し得る。}\n"
    "rules:\n"
    "  - id: domestic\n"
    "    clause: \"3(2)\"\n"
    "    severity: block\n"
    "    message: 国内のみ。\n"
    "    when:\n"
    "      all:\n"
    "        - {field: track, op: equals, value: important}\n"
    "        - not: {field: service.data_locations, op: subset_of, value: [JP]}\n";

static char *replace(const char *from, const char *to)
{
    const char *at = strstr(minimal, from);
    if (!at)
        fail_msg("fixture has no '%s'", from);
    size_t n = strlen(minimal) - strlen(from) + strlen(to) + 1;
    char *out = malloc(n);
    snprintf(out, n, "%.*s%s%s", (int)(at - minimal), minimal, to, at + strlen(from));
    return out;
}

/* Load `text`; expect failure with an error containing `needle`. */
static void expect_error(const char *text, const char *needle)
{
    Errors errs = {0};
    Profile *p = profile_load("t.yaml", text, strlen(text), &errs);
    if (p || !errors_contain(&errs, needle)) {
        for (int i = 0; i < errs.count; i++)
            print_error("  got: %s\n", errs.msg[i]);
        fail_msg("expected an error containing \"%s\"", needle);
    }
    errors_free(&errs);
}

static void expect_replaced_error(const char *from, const char *to, const char *needle)
{
    char *text = replace(from, to);
    expect_error(text, needle);
    free(text);
}

static void test_minimal_loads(void **state)
{
    (void)state;
    Errors errs = {0};
    Profile *p = profile_load("t.yaml", minimal, strlen(minimal), &errs);
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
    char *text = replace("  - {id: staff, label: 職員}\n", "  - {id: staff, label: [職員}\n");
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
    char *a = replace("op: subset_of", "op: within");
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
