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

/* A small valid profile (two tracks, one ledger field, two items, a risk and
 * a rule); loader tests replace one piece of it at a time. */
const char *const test_minimal_profile =
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

char *text_replace(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    if (!at)
        fail_msg("fixture has no '%s'", from);
    size_t n = strlen(text) - strlen(from) + strlen(to) + 1;
    char *out = malloc(n);
    assert_non_null(out);
    snprintf(out, n, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    return out;
}

void expect_load_error(const char *text, const char *needle)
{
    Errors errs = {0};
    Profile *p = profile_load("t.yaml", text, strlen(text), &errs);
    if (p || !errors_contain(&errs, needle)) {
        for (int i = 0; i < errs.count; i++)
            print_error("  got: %s\n", errs.msg[i]);
        profile_free(p);
        fail_msg("expected an error containing \"%s\"", needle);
    }
    errors_free(&errs);
}
