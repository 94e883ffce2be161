/* The `incidents` profile section (issue #6 item 2; docs/incidents.md):
 * the loader's errors (file:line:col, strict keys, roles of the profile, the
 * receiver among the handlers, kinds), the sections of the four built-in
 * profiles with their clauses (otokuni 3.4①(ケ), kitakyushu 3.4④ / external
 * 3.4②, tokyo-edu 8ア(エ)・10キ), and the state machine of a report on both
 * sides of every transition. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/incident_policy.h"
#include "policy/social.h"
#include "testutil.h"

static const char *const section =
    "incidents:\n"
    "  clause: \"3.4\"\n"
    "  receiver_role: section_head\n"
    "  receiver_clause: \"3.4(ア)\"\n"
    "  handler_roles: [section_head, ciso]\n"
    "  handler_clause: \"3.4(イ)\"\n"
    "  closer_roles: [ciso]\n"
    "  close_clause: \"3.4(ウ)\"\n"
    "  approach_clause: \"3.1⑤\"\n"
    "  kinds:\n"
    "    - {id: security-incident, label: インシデント, clause: \"3.4\"}\n"
    "    - {id: misuse, label: 目的外利用, clause: \"3.4①(ケ)\"}\n";

/* The minimal profile with `sec` appended; caller frees. */
static char *with(const char *sec)
{
    size_t a = strlen(test_minimal_profile), b = strlen(sec);
    char *t = malloc(a + b + 1);
    assert_non_null(t);
    memcpy(t, test_minimal_profile, a);
    memcpy(t + a, sec, b + 1);
    return t;
}

static void test_loads(void **state)
{
    (void)state;
    char *t = with(section);
    Errors errs = {0};
    Profile *p = profile_load("t.yaml", t, strlen(t), &errs);
    for (int i = 0; i < errs.count; i++)
        print_error("  %s\n", errs.msg[i]);
    assert_non_null(p);
    const IncidentPolicy *ip = p->incidents;
    assert_non_null(ip);
    assert_string_equal(p->roles[ip->receiver_role].id, "section_head");
    assert_int_equal(ip->n_handler_roles, 2);
    assert_int_equal(ip->n_closer_roles, 1);
    assert_string_equal(p->roles[ip->closer_roles[0]].id, "ciso");
    assert_int_equal(ip->n_kinds, 2);
    assert_int_equal(incident_kind_index(ip, "misuse"), 1);
    assert_int_equal(incident_kind_index(ip, "nope"), -1);
    assert_string_equal(ip->kinds[1].clause, "3.4①(ケ)");
    assert_int_equal(ip->social_kind, -1);
    profile_free(p);
    errors_free(&errs);
    free(t);
}

/* Replace `from` in the section and expect `needle` among the errors. */
static void expect_section_error(const char *from, const char *to, const char *needle)
{
    char *sec = text_replace(section, from, to);
    char *t = with(sec);
    expect_load_error(t, needle);
    free(t);
    free(sec);
}

static void test_loader_errors(void **state)
{
    (void)state;
    /* Strict keys: an unknown key is an error with its position. */
    expect_section_error("  clause: \"3.4\"\n", "  clause: \"3.4\"\n  receiver: x\n", "t.yaml:");
    expect_section_error("  clause: \"3.4\"\n", "  clause: \"3.4\"\n  receiver: x\n", "receiver");
    /* Roles must be the profile's. */
    expect_section_error("receiver_role: section_head", "receiver_role: boss", "receiver_role: 'boss' is not a role");
    expect_section_error("handler_roles: [section_head, ciso]", "handler_roles: [section_head, cto]",
                         "handler_roles: 'cto' is not a role");
    expect_section_error("closer_roles: [ciso]", "closer_roles: []", "closer_roles needs at least one role");
    expect_section_error("closer_roles: [ciso]", "closer_roles: [ciso, ciso]", "'ciso' is listed twice");
    /* The receiver handles what it receives. */
    expect_section_error("handler_roles: [section_head, ciso]", "handler_roles: [ciso]",
                         "handler_roles must include the receiver_role 'section_head'");
    /* Required parts. */
    expect_section_error("  approach_clause: \"3.1⑤\"\n", "", "approach_clause");
    expect_section_error("  receiver_clause: \"3.4(ア)\"\n", "", "receiver_clause");
    expect_section_error("    - {id: misuse, label: 目的外利用, clause: \"3.4①(ケ)\"}\n",
                         "    - {id: misuse, label: 目的外利用}\n", "clause");
    expect_section_error("id: misuse", "id: security-incident", "duplicate kind id 'security-incident'");
    expect_section_error("id: misuse", "id: Misuse", "may contain only a-z");
    /* A social kind must be a kind, and needs the social_media section. */
    expect_section_error("  kinds:\n", "  social_kind: sns\n  kinds:\n", "social_kind 'sns' is not one of the kinds");
    expect_section_error("  kinds:\n", "  social_kind: misuse\n  kinds:\n", "needs a social_media section");
    /* No kinds at all. */
    char *t = with("incidents:\n  clause: \"1\"\n  receiver_role: ciso\n  receiver_clause: \"1\"\n  handler_roles: [ciso]\n"
                   "  handler_clause: \"1\"\n  closer_roles: [ciso]\n  close_clause: \"1\"\n  approach_clause: \"1\"\n  kinds: []\n");
    expect_load_error(t, "incidents.kinds needs at least one kind");
    free(t);
}

/* The built-in profiles: who receives, with the seed's clause. */
static void test_builtin_sections(void **state)
{
    (void)state;
    static const struct {
        const char *profile, *receiver, *clause, *approach;
    } want[] = {
        {"otokuni", "security_officer", "3.4①(ケ)・1", "3.1(7)⑤"},               /* 情報セキュリティ責任者へ報告する */
        {"kitakyushu-cloud", "section_head", "3.4④", "3.1(8)⑤"},            /* 所属長は…対応要綱に準じて対応 */
        {"kitakyushu-external", "section_head", "3.4②", "3.1(8)⑤"},
        {"tokyo-edu", "security_manager", "10キ(ア)", "3.1.7⑧"},            /* サイバーセキュリティ管理者へ報告 */
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const Profile *p = test_profile(want[i].profile);
        const IncidentPolicy *ip = p->incidents;
        assert_non_null(ip);
        assert_string_equal(p->roles[ip->receiver_role].id, want[i].receiver);
        assert_string_equal(ip->receiver_clause, want[i].clause);
        assert_string_equal(ip->approach_clause, want[i].approach);
        assert_true(incident_kind_index(ip, "misuse") >= 0);     /* 目的外利用 (otokuni 3.4①(ケ)) */
        assert_true(incident_kind_index(ip, "unapproved-use") >= 0);
    }
    /* tokyo-edu: the social playbooks (10キ) open incidents of kind social-media. */
    const IncidentPolicy *te = test_profile("tokyo-edu")->incidents;
    assert_true(te->social_kind >= 0);
    assert_string_equal(te->kinds[te->social_kind].id, "social-media");
    assert_string_equal(te->kinds[te->social_kind].clause, "10キ");
    assert_int_equal(test_profile("otokuni")->incidents->social_kind, -1);
}

/* received → handling → resolved → closed; close from received (対応不要);
 * reopen resolved → handling; nothing after closed. */
static void test_state_machine(void **state)
{
    (void)state;
    assert_int_equal(incident_next_state(INC_RECEIVED, INA_START), INC_HANDLING);
    assert_int_equal(incident_next_state(INC_HANDLING, INA_START), -1);
    assert_int_equal(incident_next_state(INC_RECEIVED, INA_RESOLVE), -1);   /* resolve before handling */
    assert_int_equal(incident_next_state(INC_HANDLING, INA_RESOLVE), INC_RESOLVED);
    assert_int_equal(incident_next_state(INC_RESOLVED, INA_RESOLVE), -1);
    assert_int_equal(incident_next_state(INC_HANDLING, INA_CLOSE), -1);     /* close before resolved */
    assert_int_equal(incident_next_state(INC_RESOLVED, INA_CLOSE), INC_CLOSED);
    assert_int_equal(incident_next_state(INC_RECEIVED, INA_CLOSE), INC_CLOSED);
    assert_int_equal(incident_next_state(INC_RESOLVED, INA_REOPEN), INC_HANDLING);
    assert_int_equal(incident_next_state(INC_HANDLING, INA_REOPEN), -1);
    assert_int_equal(incident_next_state(INC_HANDLING, INA_NOTE), INC_HANDLING);
    for (int a = 0; a < INA_COUNT; a++)
        assert_int_equal(incident_next_state(INC_CLOSED, a), -1);             /* anything after closed */
    for (int s = 0; s < INC_STATE_COUNT; s++)
        assert_int_equal(incident_next_state(s, INA_REPORT), -1);
    /* Notes that must be given. */
    assert_true(incident_action_needs_note(INC_RECEIVED, INA_CLOSE));
    assert_false(incident_action_needs_note(INC_RESOLVED, INA_CLOSE));
    assert_true(incident_action_needs_note(INC_HANDLING, INA_RESOLVE));
    assert_true(incident_action_needs_note(INC_RESOLVED, INA_REOPEN));
    assert_false(incident_action_needs_note(INC_RECEIVED, INA_START));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loads),
        cmocka_unit_test(test_loader_errors),
        cmocka_unit_test(test_builtin_sections),
        cmocka_unit_test(test_state_machine),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
