/* Every built-in profile is complete and well-formed:
 * - every requirement, risk and rule has an id, a clause, a phase (items) and a text;
 * - ids are unique across items, risks and rules;
 * - every clause of the seed inventoried in tests/clauses/ID.txt is cited by
 *   the profile (issue #2 "every clause of each seed … can be found");
 * - the four standards of DESIGN.md are all there, with their track thresholds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "util/file.h"

static const char *const builtin_ids[] = {"kitakyushu-external", "kitakyushu-cloud", "otokuni", "tokyo-edu"};
enum { N_BUILTIN = 4 };

static int nonempty(const char *s) { return s && *s; }

static void test_items_risks_rules_are_complete(void **state)
{
    (void)state;
    for (int k = 0; k < N_BUILTIN; k++) {
        const Profile *p = test_profile(builtin_ids[k]);
        for (int i = 0; i < p->n_items; i++) {
            const Item *it = &p->items[i];
            if (!nonempty(it->id) || !nonempty(it->clause) || !nonempty(it->text) || it->phase >= PHASE_COUNT)
                fail_msg("%s: requirement %d (%s) lacks id, clause, phase or text", p->id, i, it->id);
        }
        for (int i = 0; i < p->n_risks; i++)
            if (!nonempty(p->risks[i].clause) || !nonempty(p->risks[i].text))
                fail_msg("%s: risk %s lacks clause or text", p->id, p->risks[i].id);
        for (int i = 0; i < p->n_rules; i++)
            if (!nonempty(p->rules[i].clause) || !nonempty(p->rules[i].message) || !p->rules[i].when)
                fail_msg("%s: rule %s lacks clause, message or condition", p->id, p->rules[i].id);
    }
}

static void test_ids_are_unique(void **state)
{
    (void)state;
    for (int k = 0; k < N_BUILTIN; k++) {
        const Profile *p = test_profile(builtin_ids[k]);
        int n = p->n_items + p->n_risks + p->n_rules;
        const char **ids = calloc((size_t)n, sizeof *ids);
        int m = 0;
        for (int i = 0; i < p->n_items; i++)
            ids[m++] = p->items[i].id;
        for (int i = 0; i < p->n_risks; i++)
            ids[m++] = p->risks[i].id;
        for (int i = 0; i < p->n_rules; i++)
            ids[m++] = p->rules[i].id;
        for (int i = 0; i < m; i++)
            for (int j = i + 1; j < m; j++)
                if (strcmp(ids[i], ids[j]) == 0)
                    fail_msg("%s: id %s appears twice", p->id, ids[i]);
        free(ids);
    }
}

/* 1 if `clause` is cited anywhere in the profile. */
static int cited(const Profile *p, const char *clause)
{
#define HIT(c) ((c) && strcmp((c), clause) == 0)
    for (int i = 0; i < p->n_items; i++)
        if (HIT(p->items[i].clause))
            return 1;
    for (int i = 0; i < p->n_risks; i++)
        if (HIT(p->risks[i].clause))
            return 1;
    for (int i = 0; i < p->n_rules; i++)
        if (HIT(p->rules[i].clause))
            return 1;
    for (int i = 0; i < p->n_ledger; i++)
        if (HIT(p->ledger[i].clause))
            return 1;
    for (int i = 0; i < p->n_roles; i++)
        if (HIT(p->roles[i].clause))
            return 1;
    for (int i = 0; i < SCHEME_COUNT; i++)
        if (HIT(p->schemes[i].clause))
            return 1;
    for (int t = 0; t < TRACK_COUNT; t++) {
        const Track *tr = &p->tracks[t];
        if (HIT(tr->clause) || HIT(tr->applicant_clause) || HIT(tr->approver_clause) || HIT(tr->administrator_clause) ||
            HIT(tr->registrar_clause) || HIT(tr->report_clause))
            return 1;
    }
    for (int i = 0; i < p->n_exempts; i++)
        if (HIT(p->exempts[i].clause))
            return 1;
    return 0;
#undef HIT
}

static void test_every_inventoried_clause_is_cited(void **state)
{
    (void)state;
    for (int k = 0; k < N_BUILTIN; k++) {
        const Profile *p = test_profile(builtin_ids[k]);
        char path[512];
        snprintf(path, sizeof path, "%s/tests/clauses/%s.txt", source_dir(), p->id);
        size_t len;
        const char *err;
        char *text = file_read(path, &len, &err);
        if (!text)
            fail_msg("%s: %s", path, err);
        int lines = 0, missing = 0;
        for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
            size_t n = strlen(line);
            while (n && (line[n - 1] == '\r' || line[n - 1] == ' '))
                line[--n] = '\0';
            if (!n || line[0] == '#')
                continue;
            lines++;
            if (!cited(p, line)) {
                print_error("%s: clause \"%s\" of the seed is not cited by the profile\n", p->id, line);
                missing++;
            }
        }
        free(text);
        assert_int_equal(missing, 0);
        assert_true(lines >= 50); /* an inventory, not a sample */
    }
}

static int rank(const Profile *p, int scheme, const char *code) { return profile_level_rank(p, scheme, code); }

static void test_thresholds_match_the_standards(void **state)
{
    (void)state;
    /* kitakyushu 2(1): 機密性 第1種・第2種 = 重要情報資産 */
    for (int k = 0; k < 2; k++) {
        const Profile *p = test_profile(builtin_ids[k]);
        const Scheme *c = &p->schemes[SCHEME_CONFIDENTIALITY];
        assert_true(c->levels[rank(p, SCHEME_CONFIDENTIALITY, "1")].important);
        assert_true(c->levels[rank(p, SCHEME_CONFIDENTIALITY, "2")].important);
        assert_false(c->levels[rank(p, SCHEME_CONFIDENTIALITY, "3")].important);
    }
    /* otokuni 2(1): 自治体機密性2以上 (3A, 3B, 3C, 2) = important, 1 = ordinary */
    const Profile *o = test_profile("otokuni");
    const char *const imp[] = {"3A", "3B", "3C", "2"};
    for (int i = 0; i < 4; i++)
        assert_true(o->schemes[SCHEME_CONFIDENTIALITY].levels[rank(o, SCHEME_CONFIDENTIALITY, imp[i])].important);
    assert_false(o->schemes[SCHEME_CONFIDENTIALITY].levels[rank(o, SCHEME_CONFIDENTIALITY, "1")].important);
    assert_true(o->schemes[SCHEME_AVAILABILITY].levels[rank(o, SCHEME_AVAILABILITY, "2")].high);
    /* tokyo-edu 3.1 / 3.2: A・B important, C ordinary; 可用性B high */
    const Profile *t = test_profile("tokyo-edu");
    assert_true(t->schemes[SCHEME_CONFIDENTIALITY].levels[rank(t, SCHEME_CONFIDENTIALITY, "A")].important);
    assert_true(t->schemes[SCHEME_CONFIDENTIALITY].levels[rank(t, SCHEME_CONFIDENTIALITY, "B")].important);
    assert_false(t->schemes[SCHEME_CONFIDENTIALITY].levels[rank(t, SCHEME_CONFIDENTIALITY, "C")].important);
    assert_true(t->schemes[SCHEME_AVAILABILITY].levels[rank(t, SCHEME_AVAILABILITY, "B")].high);
}

static const char *role_id(const Profile *p, int r) { return r >= 0 ? p->roles[r].id : "(none)"; }

static void test_approval_authorities(void **state)
{
    (void)state;
    /* kitakyushu 5.1: important → CISO approves (所属長 applies); ordinary → 所属長 approves and administers */
    for (int k = 0; k < 2; k++) {
        const Profile *p = test_profile(builtin_ids[k]);
        assert_string_equal(role_id(p, p->tracks[TRACK_IMPORTANT].approver_role), "ciso");
        assert_string_equal(role_id(p, p->tracks[TRACK_IMPORTANT].applicant_roles[0]), "section_head");
        assert_string_equal(role_id(p, p->tracks[TRACK_ORDINARY].approver_role), "section_head");
        assert_int_equal(p->tracks[TRACK_ORDINARY].administrator, ADMIN_APPROVER);
    }
    /* kitakyushu-cloud 5.2: ledger changes are reported to システム管理部門 */
    const Profile *kc = test_profile("kitakyushu-cloud");
    assert_string_equal(role_id(kc, kc->tracks[TRACK_IMPORTANT].report_role), "system_dept");
    /* otokuni 5.1, 5.2(3): 統括 approves every use; the applicant becomes the administrator */
    const Profile *o = test_profile("otokuni");
    for (int t = 0; t < TRACK_COUNT; t++) {
        assert_string_equal(role_id(o, o->tracks[t].approver_role), "chief_security_officer");
        assert_int_equal(o->tracks[t].administrator, ADMIN_APPLICANT);
    }
    /* tokyo-edu 6: A/B → サイバーセキュリティ局統括責任者, C → サイバーセキュリティ局責任者 */
    const Profile *te = test_profile("tokyo-edu");
    assert_string_equal(role_id(te, te->tracks[TRACK_IMPORTANT].approver_role), "cyber_chief");
    assert_string_equal(role_id(te, te->tracks[TRACK_ORDINARY].approver_role), "cyber_officer");
}

static void test_ordinary_track_risks(void **state)
{
    (void)state;
    /* 4.1 (ア)–(ク): eight risks to accept in each standard */
    for (int k = 0; k < N_BUILTIN; k++) {
        const Profile *p = test_profile(builtin_ids[k]);
        assert_int_equal(p->n_risks, 8);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_items_risks_rules_are_complete),
        cmocka_unit_test(test_ids_are_unique),
        cmocka_unit_test(test_every_inventoried_clause_is_cited),
        cmocka_unit_test(test_thresholds_match_the_standards),
        cmocka_unit_test(test_approval_authorities),
        cmocka_unit_test(test_ordinary_track_risks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
