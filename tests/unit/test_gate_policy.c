/* The operation_gate profile section (kitakyushu-cloud 3.3③④;
 * docs/gate.md): the loader's errors name file:line:col, a profile without
 * the section has no gate, kitakyushu-cloud's gate as the seed reads, and
 * the pure check of what keeps an entry from going live (gate_missing) on
 * both sides of each condition. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "exchange/gate_json.h"
#include "policy/gate_policy.h"
#include "testutil.h"

/* The minimal profile with build items and a gate. */
static const char *const build_items =
    "  - {id: op-review, phase: operation, clause: \"3(4)\", text: 定期的に確認する。}\n"
    "  - {id: b-ac, phase: build, clause: \"3.3①(ア)\", text: アクセス制御, tracks: [important]}\n"
    "  - {id: b-enc, phase: build, clause: \"3.3①(イ)\", text: 暗号化, tracks: [important]}\n"
    "  - {id: b-nice, phase: build, clause: \"3.3①(ウ)\", text: 望ましい, level: should, tracks: [important]}\n"
    "  - {id: b-ledger, phase: build, clause: \"3.3②\", text: 台帳, tracks: [important]}\n"
    "  - {id: b-proc-a, phase: build, clause: \"3.3③(ア)\", text: 手順ア, tracks: [important]}\n"
    "  - {id: b-deliv, phase: build, clause: \"3.3④\", text: 納品物, tracks: [important]}\n";

static const char *const gate_section =
    "operation_gate:\n"
    "  clause: \"3.3③\"\n"
    "  tracks: [important]\n"
    "  role: section_head\n"
    "  role_clause: \"3.3③\"\n"
    "  procedures:\n"
    "    - {id: level, clause: \"3.3③(ア)\", text: 水準維持の手順, item: b-proc-a}\n"
    "    - {id: recovery, clause: \"3.3③(ウ)\", text: 復旧手順}\n"
    "  build_checks: {clause: \"3.3④\", covers: \"3.3①\", item: b-deliv}\n";

/* Caller frees. */
static char *gated(const char *section)
{
    char *t = text_replace(test_minimal_profile,
                           "  - {id: op-review, phase: operation, clause: \"3(4)\", text: 定期的に確認する。}\n", build_items);
    size_t n = strlen(t), m = strlen(section);
    char *out = malloc(n + m + 2);
    assert_non_null(out);
    memcpy(out, t, n);
    out[n] = '\n';
    memcpy(out + n + 1, section, m + 1);
    free(t);
    return out;
}

static Profile *load(const char *text)
{
    Errors errs = {0};
    Profile *p = profile_load("t.yaml", text, strlen(text), &errs);
    for (int i = 0; i < errs.count; i++)
        print_error("  %s\n", errs.msg[i]);
    errors_free(&errs);
    assert_non_null(p);
    return p;
}

static int item(const Profile *p, const char *id)
{
    for (int i = 0; i < p->n_items; i++)
        if (!strcmp(p->items[i].id, id))
            return i;
    fail_msg("no item %s", id);
    return -1;
}

static void test_loads(void **state)
{
    (void)state;
    char *t = gated(gate_section);
    Profile *p = load(t);
    const OperationGate *g = p->gate;
    assert_non_null(g);
    assert_string_equal(g->clause, "3.3③");
    assert_int_equal(g->track_mask, 1u << TRACK_IMPORTANT);
    assert_string_equal(p->roles[g->role].id, "section_head");
    assert_int_equal(g->n_procedures, 2);
    assert_int_equal(g->procedures[0].item, item(p, "b-proc-a"));
    assert_int_equal(g->procedures[1].item, -1);
    assert_int_equal(g->build_item, item(p, "b-deliv"));
    assert_int_equal(gate_procedure_index(g, "recovery"), 1);
    assert_int_equal(gate_procedure_index(g, "nope"), -1);
    /* 3.3④ covers the items of 3.3① only: must-items, not the procedures'
     * item, not the 3.3④ item itself, not 3.3②, not a should-item. */
    assert_true(gate_requires_item(p, g, item(p, "b-ac")));
    assert_true(gate_requires_item(p, g, item(p, "b-enc")));
    assert_false(gate_requires_item(p, g, item(p, "b-nice")));
    assert_false(gate_requires_item(p, g, item(p, "b-ledger")));
    assert_false(gate_requires_item(p, g, item(p, "b-proc-a")));
    assert_false(gate_requires_item(p, g, item(p, "b-deliv")));
    assert_false(gate_requires_item(p, g, item(p, "op-review")));
    profile_free(p);
    free(t);
    /* Without 'covers' every build must-item but the gate's own counts. */
    char *sec = text_replace(gate_section, "covers: \"3.3①\", ", "");
    t = gated(sec);
    free(sec);
    p = load(t);
    assert_null(p->gate->build_covers);
    assert_true(gate_requires_item(p, p->gate, item(p, "b-ledger")));
    assert_false(gate_requires_item(p, p->gate, item(p, "b-proc-a")));
    profile_free(p);
    free(t);
}

static void test_no_section_no_gate(void **state)
{
    (void)state;
    Profile *p = load(test_minimal_profile);
    assert_null(p->gate);
    profile_free(p);
    /* Of the built-in profiles only kitakyushu-cloud has a gate (3.3③ is
     * in 001 alone). */
    assert_non_null(test_profile("kitakyushu-cloud")->gate);
    assert_null(test_profile("kitakyushu-external")->gate);
    assert_null(test_profile("otokuni")->gate);
    assert_null(test_profile("tokyo-edu")->gate);
}

/* kitakyushu-cloud: 3.3③ (ア)(イ)(ウ) with their build-gate-* items, 所属長,
 * the important track only (3.3 is in chapter 3; chapter 4 has no build
 * phase), 3.3④ over the items of 3.3①. */
static void test_kitakyushu_cloud(void **state)
{
    (void)state;
    const Profile *p = test_profile("kitakyushu-cloud");
    const OperationGate *g = p->gate;
    assert_string_equal(g->clause, "3.3③");
    assert_int_equal(g->track_mask, 1u << TRACK_IMPORTANT);
    assert_string_equal(p->roles[g->role].label, "所属長");
    assert_int_equal(g->n_procedures, 3);
    const char *clauses[] = {"3.3③(ア)", "3.3③(イ)", "3.3③(ウ)"};
    const char *items[] = {"build-gate-security-level-procedure", "build-gate-incident-procedure", "build-gate-recovery-procedure"};
    for (int k = 0; k < 3; k++) {
        assert_string_equal(g->procedures[k].clause, clauses[k]);
        assert_string_equal(p->items[g->procedures[k].item].id, items[k]);
        assert_string_equal(p->items[g->procedures[k].item].clause, clauses[k]);
    }
    assert_string_equal(g->build_clause, "3.3④");
    assert_string_equal(p->items[g->build_item].id, "build-deliverables-check");
    int n = 0;
    for (int i = 0; i < p->n_items; i++)
        if (gate_requires_item(p, g, i)) {
            assert_memory_equal(p->items[i].clause, "3.3①", strlen("3.3①"));
            n++;
        }
    assert_int_equal(n, 19); /* (ア)9 (イ)2 (ウ)2 (エ)6 */
}

static void test_loader_errors(void **state)
{
    (void)state;
    struct {
        const char *from, *to, *needle;
    } cases[] = {
        {"  role: section_head\n", "  role: mayor\n", "t.yaml:58:9: operation_gate.role 'mayor' is not a role"},
        {"  clause: \"3.3③\"\n", "  clause: \"3.3③\"\n  colour: red\n", "unknown key 'colour'"},
        {"item: b-proc-a}", "item: no-such}", "item 'no-such' is not a requirement of the profile"},
        {"item: b-proc-a}", "item: op-review}", "item 'op-review' is not a requirement of phase build"},
        {"{id: recovery,", "{id: level,", "duplicate procedure id 'level'"},
        {"{id: recovery,", "{id: Recovery!,", "may contain only a-z"},
        {"text: 復旧手順}", "text: \"\"}", "procedure 'text' must not be empty"},
        {"text: 復旧手順}", "text: 復旧手順, item: b-proc-a}", "item 'b-proc-a' is already answered by procedure 'level'"},
        {"  tracks: [important]\n", "  tracks: [special]\n", "'special' is not one of: important, ordinary"},
        {"  tracks: [important]\n", "  tracks: []\n", "an empty list would gate nothing"},
        {"  build_checks: {clause: \"3.3④\", covers: \"3.3①\", item: b-deliv}\n", "", "'build_checks' is required (3.3④)"},
        {"item: b-deliv}", "item: b-proc-a}", "build_checks: item 'b-proc-a' is already answered by procedure 'level'"},
        {"covers: \"3.3①\"", "covers: \"\"", "'covers' must not be empty"},
        {"  role_clause: \"3.3③\"\n", "", "'role_clause' is required"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *sec = text_replace(gate_section, cases[i].from, cases[i].to);
        char *t = gated(sec);
        expect_load_error(t, cases[i].needle);
        free(t);
        free(sec);
    }
    /* procedures are required, and at least one. */
    char *t = gated("operation_gate: {clause: x, role: ciso, role_clause: y, build_checks: {clause: z}}\n");
    expect_load_error(t, "'procedures' is required");
    free(t);
    t = gated("operation_gate: {clause: x, role: ciso, role_clause: y, procedures: [], build_checks: {clause: z}}\n");
    expect_load_error(t, "needs at least one procedure");
    free(t);
}

/* gate_missing: a procedure counts when its latest record is prepared or
 * confirmed with a document; a build item when done or not applicable
 * with evidence; items that do not apply are not required. */
static void test_missing(void **state)
{
    (void)state;
    char *t = gated(gate_section);
    Profile *p = load(t);
    const OperationGate *g = p->gate;
    GateProcState procs[2] = {{NULL, NULL}, {NULL, NULL}};
    GateItemState *items = calloc((size_t)p->n_items, sizeof *items);
    assert_non_null(items);
    for (int i = 0; i < p->n_items; i++)
        items[i].applies = 1;
    GateMissing m[16];
    /* Nothing recorded: 2 procedures + b-ac + b-enc, in that order. */
    assert_int_equal(gate_missing(p, g, procs, items, m, 16), 4);
    assert_string_equal(m[0].id, "level");
    assert_string_equal(m[0].clause, "3.3③(ア)");
    assert_string_equal(m[0].why, "未記録");
    assert_int_equal(m[2].kind, GATE_MISSING_BUILD_ITEM);
    assert_string_equal(m[2].id, "b-ac");
    assert_string_equal(m[3].id, "b-enc");
    /* The count is whole even when out[] is smaller. */
    assert_int_equal(gate_missing(p, g, procs, items, m, 1), 4);
    procs[0] = (GateProcState){"prepared", "手順書"};
    procs[1] = (GateProcState){"withdrawn", ""};
    int ac = item(p, "b-ac"), enc = item(p, "b-enc");
    items[ac] = (GateItemState){1, "done", "設計書"};
    items[enc] = (GateItemState){1, "not_applicable", ""};
    assert_int_equal(gate_missing(p, g, procs, items, m, 16), 2);
    assert_string_equal(m[0].why, "取り下げ済み");
    assert_string_equal(m[1].why, "根拠（納品物等）が未記入");
    /* prepared without a document does not count; confirmed with one does. */
    procs[0] = (GateProcState){"prepared", ""};
    procs[1] = (GateProcState){"confirmed", "事業者の手順書"};
    items[enc] = (GateItemState){1, "not_done", "まだ"};
    assert_int_equal(gate_missing(p, g, procs, items, m, 16), 2);
    assert_string_equal(m[0].id, "level");
    assert_string_equal(m[1].why, "未実施");
    /* An item that does not apply to the entry is not required. */
    procs[0] = (GateProcState){"confirmed", "手順書"};
    items[enc].applies = 0;
    assert_int_equal(gate_missing(p, g, procs, items, m, 16), 0);
    free(items);
    profile_free(p);
    free(t);
}

/* The section as JSON (for profile show --json): what the profile says, and
 * null where there is no section. */
static void test_json(void **state)
{
    (void)state;
    Str o = STR_INIT;
    str_append(&o, "{\"x\": 1");
    gate_profile_json(test_profile("kitakyushu-cloud"), &o);
    str_append(&o, "}");
    json_error_t err;
    json_t *d = json_loads(str_cstr(&o), 0, &err);
    if (!d)
        fail_msg("not JSON: %s: %s", err.text, str_cstr(&o));
    json_t *g = json_object_get(d, "operation_gate");
    assert_string_equal(json_string_value(json_object_get(g, "clause")), "3.3③");
    assert_string_equal(json_string_value(json_array_get(json_object_get(g, "tracks"), 0)), "important");
    assert_int_equal(json_array_size(json_object_get(g, "tracks")), 1);
    assert_string_equal(json_string_value(json_object_get(g, "role_label")), "所属長");
    json_t *pr = json_array_get(json_object_get(g, "procedures"), 2);
    assert_string_equal(json_string_value(json_object_get(pr, "clause")), "3.3③(ウ)");
    assert_string_equal(json_string_value(json_object_get(pr, "item")), "build-gate-recovery-procedure");
    assert_string_equal(json_string_value(json_object_get(json_object_get(g, "build_checks"), "covers")), "3.3①");
    json_decref(d);
    str_reset(&o);
    str_append(&o, "{\"x\": 1");
    gate_profile_json(test_profile("otokuni"), &o);
    str_append(&o, "}");
    d = json_loads(str_cstr(&o), 0, &err);
    assert_non_null(d);
    assert_true(json_is_null(json_object_get(d, "operation_gate")));
    json_decref(d);
    str_free(&o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loads),
        cmocka_unit_test(test_no_section_no_gate),
        cmocka_unit_test(test_kitakyushu_cloud),
        cmocka_unit_test(test_loader_errors),
        cmocka_unit_test(test_missing),
        cmocka_unit_test(test_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
