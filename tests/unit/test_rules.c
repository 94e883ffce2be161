/* The rules of each standard fire on one side of their boundary and not on
 * the other (issue #2 "Rules as data"). Each case names the clause it checks.
 * Cases patch a clean, realistic important-track application of the profile
 * (the `bases` below) that by itself triggers no warning or block. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

enum Expect { NOT_FIRED, FIRED, UNDETERMINED };

typedef struct RuleCase {
    const char *clause;   /* the clause of the standard this case checks */
    const char *profile;
    const char *patch;    /* merged into the profile's base application */
    const char *rule;     /* rule id */
    enum Expect expect;
} RuleCase;

#define SERVICE_OK                                                                                                  \
    "\"service\": {\"name\": \"文書共有サービス\", \"function\": \"ファイル共有\", \"provider\": \"例示株式会社\", "      \
    "\"category\": \"cloud\", \"pricing\": \"paid\", \"contract\": \"negotiated\", \"data_locations\": [\"JP\"], "   \
    "\"governing_law\": \"JP\", \"court\": \"JP\", \"certifications\": [\"ISO27001\", \"ISO27017\", \"ISMAP\"], "     \
    "\"subcontracting\": false, \"log_retention_days\": 400, \"e2e_encryption\": true, \"sla_uptime_percent\": 99.9, " \
    "\"backup\": true, \"data_export\": true, \"two_factor_auth\": true, \"official_account\": true}, "               \
    "\"purpose\": \"庁内文書の共有\", \"user_scope\": \"所属内の職員\", "                                             \
    "\"usage_period\": {\"from\": \"2026-04-01\", \"to\": \"2027-03-31\"}, "                                       \
    "\"administrator\": {\"department\": \"総務課\", \"title\": \"課長\"}, "

static const struct {
    const char *profile;
    const char *json;
} bases[] = {
    {"kitakyushu-external",
     "{" SERVICE_OK "\"information\": {\"confidentiality\": \"2\", \"integrity\": \"2\", \"availability\": \"2\", "
     "\"personal_data\": false, \"mynumber_system\": false, \"public_body_lgwan\": false}, "
     "\"applicant\": {\"department\": \"総務課\", \"name\": \"山田太郎\", \"role\": \"section_head\"}}"},
    {"kitakyushu-cloud",
     "{" SERVICE_OK "\"information\": {\"confidentiality\": \"2\", \"integrity\": \"2\", \"availability\": \"2\", "
     "\"personal_data\": false, \"mynumber_system\": false, \"public_body_lgwan\": false}, "
     "\"applicant\": {\"department\": \"総務課\", \"name\": \"山田太郎\", \"role\": \"section_head\"}}"},
    {"otokuni",
     "{" SERVICE_OK "\"information\": {\"confidentiality\": \"2\", \"integrity\": \"2\", \"availability\": \"2\", "
     "\"personal_data\": false, \"mynumber_system\": false, \"public_body_lgwan\": false}, "
     "\"applicant\": {\"department\": \"総務課\", \"name\": \"山田太郎\", \"role\": \"security_officer\"}}"},
    {"tokyo-edu",
     "{" SERVICE_OK "\"information\": {\"confidentiality\": \"B\", \"integrity\": \"B\", \"availability\": \"B\", "
     "\"personal_data\": false, \"mynumber_system\": false, \"public_body_lgwan\": false}, "
     "\"applicant\": {\"department\": \"指導部\", \"name\": \"山田太郎\", \"role\": \"asset_owner\"}}"},
};

static const RuleCase cases[] = {
    /* otokuni 3.1(4): no provider whose data may fall under non-Japanese law (important track) */
    {"3.1(4)", "otokuni", "{}", "domestic-only", NOT_FIRED},
    {"3.1(4)", "otokuni", "{\"service\": {\"data_locations\": [\"JP\", \"US\"]}}", "domestic-only", FIRED},
    {"3.1(4)", "otokuni", "{\"service\": {\"data_locations\": [\"SG\"]}}", "domestic-only", FIRED},
    {"3.1(4)", "otokuni", "{\"service\": {\"governing_law\": \"US\"}}", "domestic-only", FIRED},
    {"3.1(4)", "otokuni", "{\"service\": {\"court\": \"IE\"}}", "domestic-only", FIRED},
    {"3.1(4)", "otokuni", "{\"service\": {\"data_locations\": null}}", "domestic-only", UNDETERMINED},
    /* boundary of 自治体機密性2以上: 2 is important (above), 1 is not (below) */
    {"2(1)", "otokuni", "{\"information\": {\"confidentiality\": \"3A\"}, \"service\": {\"data_locations\": [\"US\"]}}",
     "domestic-only", FIRED},
    {"2(2)", "otokuni", "{\"information\": {\"confidentiality\": \"1\"}, \"service\": {\"data_locations\": [\"US\"]}}",
     "domestic-only", NOT_FIRED},
    {"4.1(1)(ク)", "otokuni", "{\"information\": {\"confidentiality\": \"1\"}, \"service\": {\"data_locations\": [\"US\"]}}",
     "ordinary-overseas-data", FIRED},
    {"4.1(1)(ク)", "otokuni", "{\"information\": {\"confidentiality\": \"1\"}}", "ordinary-overseas-data", NOT_FIRED},
    /* otokuni 3.1(1): ISO/IEC 27001 and 27017 or equivalent */
    {"3.1(1)", "otokuni", "{\"service\": {\"certifications\": [\"SOC1\"]}}", "iso-certification-expected", FIRED},
    {"3.1(1)", "otokuni", "{\"service\": {\"certifications\": [\"ISO27001\"]}}", "iso-certification-expected", NOT_FIRED},
    {"3.1(5)", "otokuni", "{\"service\": {\"subcontracting\": true}}", "subcontracting-approval", FIRED},
    {"3.1(5)", "otokuni", "{\"service\": {\"subcontracting\": false}}", "subcontracting-approval", NOT_FIRED},
    /* otokuni 3.1(6): availability requirements only when 自治体可用性2 */
    {"3.1(6)", "otokuni", "{\"service\": {\"backup\": false}}", "ha-no-backup", FIRED},
    {"3.1(6)", "otokuni", "{\"service\": {\"backup\": false}, \"information\": {\"availability\": \"1\"}}", "ha-no-backup",
     NOT_FIRED},
    {"3.1(6)②", "otokuni", "{\"service\": {\"data_export\": false}}", "ha-no-data-export", FIRED},
    {"3.1(6)②", "otokuni", "{\"service\": {\"data_export\": false}, \"information\": {\"availability\": \"1\"}}",
     "ha-no-data-export", NOT_FIRED},
    /* otokuni 5.1: 統括情報セキュリティ責任者 is the approval authority */
    {"5.1", "otokuni", "{\"approver\": {\"name\": \"鈴木\", \"role\": \"security_officer\"}}",
     "track-approver-role-important", FIRED},
    {"5.1", "otokuni", "{\"approver\": {\"name\": \"鈴木\", \"role\": \"chief_security_officer\"}}",
     "track-approver-role-important", NOT_FIRED},

    /* tokyo-edu 3.1.5: the applicant may not also be the approver (職務の分離) */
    {"3.1.5", "tokyo-edu", "{\"approver\": {\"name\": \"山田太郎\", \"role\": \"cyber_chief\"}}", "separation-of-duties", FIRED},
    {"3.1.5", "tokyo-edu", "{\"approver\": {\"name\": \"佐藤花子\", \"role\": \"cyber_chief\"}}", "separation-of-duties",
     NOT_FIRED},
    {"3.1.5", "tokyo-edu", "{}", "separation-of-duties", NOT_FIRED}, /* no approver named yet */
    {"3.1.5", "tokyo-edu", "{\"applicant\": {\"name\": null}, \"approver\": {\"name\": \"山田太郎\"}}",
     "separation-of-duties", UNDETERMINED},
    /* tokyo-edu 3.1.1: no external services from the マイナンバー利用事務系, except public bodies' systems over LGWAN */
    {"3.1.1", "tokyo-edu", "{\"information\": {\"mynumber_system\": true}}", "mynumber-prohibited", FIRED},
    {"3.1.1", "tokyo-edu", "{\"information\": {\"mynumber_system\": true, \"public_body_lgwan\": true}}",
     "mynumber-prohibited", NOT_FIRED},
    {"3.1.1", "tokyo-edu", "{\"information\": {\"mynumber_system\": false}}", "mynumber-prohibited", NOT_FIRED},
    {"3.1.1", "tokyo-edu", "{\"information\": {\"mynumber_system\": true, \"public_body_lgwan\": null}}",
     "mynumber-prohibited", UNDETERMINED},
    /* tokyo-edu 10 ウ(ア): nothing of 機密性B or above on social media */
    {"10 ウ(ア)", "tokyo-edu", "{\"service\": {\"category\": \"social_media\"}}", "sns-class-b-or-above", FIRED},
    {"10 ウ(ア)", "tokyo-edu", "{\"service\": {\"category\": \"social_media\"}, \"information\": {\"confidentiality\": \"A\"}}",
     "sns-class-b-or-above", FIRED},
    {"10 ウ(ア)", "tokyo-edu", "{\"service\": {\"category\": \"social_media\"}, \"information\": {\"confidentiality\": \"C\"}}",
     "sns-class-b-or-above", NOT_FIRED},
    {"10 ウ(ア)", "tokyo-edu", "{\"service\": {\"category\": \"cloud\"}}", "sns-class-b-or-above", NOT_FIRED},
    /* tokyo-edu 3.1.4: ISO/IEC 27017, ISMAP, JASA, SOC reports */
    {"3.1.4", "tokyo-edu", "{\"service\": {\"certifications\": [\"ISO27001\"]}}", "certification-expected", FIRED},
    {"3.1.4", "tokyo-edu", "{\"service\": {\"certifications\": [\"ISMAP\"]}}", "certification-expected", NOT_FIRED},
    /* tokyo-edu 3.1.7②: data centre, governing law and court in Japan */
    {"3.1.7②", "tokyo-edu", "{\"service\": {\"data_locations\": [\"JP\", \"US\"]}}", "data-location-outside-japan", FIRED},
    {"3.1.7②", "tokyo-edu", "{\"service\": {\"court\": \"US\"}}", "court-outside-japan", FIRED},
    {"3.1.7②", "tokyo-edu", "{\"service\": {\"governing_law\": \"US\"}}", "governing-law-outside-japan", FIRED},
    {"3.1.7②", "tokyo-edu", "{}", "court-outside-japan", NOT_FIRED},
    /* tokyo-edu 3.1.7⑩: logs kept one year or more */
    {"3.1.7⑩", "tokyo-edu", "{\"service\": {\"log_retention_days\": 364}}", "log-retention-under-one-year", FIRED},
    {"3.1.7⑩", "tokyo-edu", "{\"service\": {\"log_retention_days\": 365}}", "log-retention-under-one-year", NOT_FIRED},
    /* tokyo-edu 3.1.7④: backup requirements when 可用性B, not otherwise */
    {"3.1.7④", "tokyo-edu", "{\"service\": {\"backup\": false}}", "availability-b-without-backup", FIRED},
    {"3.1.7④", "tokyo-edu", "{\"service\": {\"backup\": false}, \"information\": {\"availability\": \"C\"}}",
     "availability-b-without-backup", NOT_FIRED},
    /* tokyo-edu 10 オ(イ), エ(ア): two-step authentication and official accounts on social media */
    {"10 オ(イ)", "tokyo-edu",
     "{\"service\": {\"category\": \"social_media\", \"two_factor_auth\": false}, \"information\": {\"confidentiality\": \"C\"}}",
     "sns-without-two-step-auth", FIRED},
    {"10 オ(イ)", "tokyo-edu", "{\"service\": {\"category\": \"social_media\"}, \"information\": {\"confidentiality\": \"C\"}}",
     "sns-without-two-step-auth", NOT_FIRED},
    /* tokyo-edu 6: C is decided by サイバーセキュリティ局責任者, A/B by 統括責任者 */
    {"6", "tokyo-edu", "{\"approver\": {\"name\": \"佐藤\", \"role\": \"cyber_officer\"}}", "track-approver-role-important", FIRED},
    {"6", "tokyo-edu", "{\"approver\": {\"name\": \"佐藤\", \"role\": \"cyber_officer\"}, \"information\": {\"confidentiality\": \"C\"}}",
     "track-approver-role-ordinary", NOT_FIRED},

    /* kitakyushu-external 3.1(2)/(3): certification expectations on the important track */
    {"3.1(2)", "kitakyushu-external", "{\"service\": {\"certifications\": [\"SOC1\"]}}", "cert-none-important", FIRED},
    {"3.1(2)", "kitakyushu-external", "{\"service\": {\"certifications\": [\"ISO27001\"]}}", "cert-none-important", NOT_FIRED},
    {"2(2)", "kitakyushu-external", "{\"service\": {\"certifications\": [\"SOC1\"]}, \"information\": {\"confidentiality\": \"3\"}}",
     "cert-none-important", NOT_FIRED},
    /* kitakyushu-external 3.1(5): where the data is handled */
    {"3.1(5)", "kitakyushu-external", "{\"service\": {\"data_locations\": [\"US\"]}}", "data-location-abroad", FIRED},
    {"3.1(5)", "kitakyushu-external", "{\"service\": {\"court\": \"US\"}}", "court-foreign", FIRED},
    {"3.1(5)", "kitakyushu-external", "{}", "data-location-abroad", NOT_FIRED},
    {"3.1(9)②", "kitakyushu-external", "{\"service\": {\"log_retention_days\": 364}}", "log-retention-short", FIRED},
    {"3.1(9)②", "kitakyushu-external", "{\"service\": {\"log_retention_days\": 365}}", "log-retention-short", NOT_FIRED},
    /* kitakyushu-external 6.2(1)③: E2E for important web meetings */
    {"6.2(1)③", "kitakyushu-external", "{\"service\": {\"category\": \"web_meeting\", \"e2e_encryption\": false}}",
     "wm-no-e2e-important", FIRED},
    {"6.2(1)③", "kitakyushu-external",
     "{\"service\": {\"category\": \"web_meeting\", \"e2e_encryption\": false}, \"information\": {\"confidentiality\": \"3\"}}",
     "wm-no-e2e-important", NOT_FIRED},
    {"6.3(3)", "kitakyushu-external",
     "{\"service\": {\"category\": \"web_meeting\", \"pricing\": \"free\", \"data_locations\": [\"US\"]}}",
     "wm-free-abroad-important", FIRED},
    {"6.3(3)", "kitakyushu-external", "{\"service\": {\"category\": \"web_meeting\", \"pricing\": \"free\"}}",
     "wm-free-abroad-important", NOT_FIRED},
    /* kitakyushu 5.1(1): CISO decides important uses */
    {"5.1(1)", "kitakyushu-external", "{\"approver\": {\"name\": \"鈴木\", \"role\": \"section_head\"}}",
     "track-approver-role-important", FIRED},
    {"5.1(2)", "kitakyushu-external",
     "{\"approver\": {\"name\": \"鈴木\", \"role\": \"section_head\"}, \"information\": {\"confidentiality\": \"3\"}}",
     "track-approver-role-ordinary", NOT_FIRED},

    /* kitakyushu-cloud: the same selection conditions */
    {"3.1(5)", "kitakyushu-cloud", "{\"service\": {\"data_locations\": [\"JP\", \"SG\"]}}", "imp-data-outside-jp", FIRED},
    {"3.1(5)", "kitakyushu-cloud", "{}", "imp-data-outside-jp", NOT_FIRED},
    {"3.1(4)", "kitakyushu-cloud", "{\"service\": {\"backup\": false}}", "imp-ha-no-backup", FIRED},
    {"3.1(4)", "kitakyushu-cloud", "{\"service\": {\"backup\": false}, \"information\": {\"availability\": \"3\"}}",
     "imp-ha-no-backup", NOT_FIRED},
    {"3.1(9)②", "kitakyushu-cloud", "{\"service\": {\"log_retention_days\": 30}}", "imp-log-retention-short", FIRED},
    {"3.1(9)②", "kitakyushu-cloud", "{\"service\": {\"log_retention_days\": 365}}", "imp-log-retention-short", NOT_FIRED},
    {"4.1(2)(ウ)", "kitakyushu-cloud", "{\"service\": {\"data_locations\": [\"US\"]}, \"information\": {\"confidentiality\": \"3\"}}",
     "ord-overseas-data", FIRED},
    {"3.1(2)", "kitakyushu-cloud", "{\"service\": {\"certifications\": [\"CSA-STAR\"]}}", "imp-no-certification", FIRED},
    {"3.1(2)", "kitakyushu-cloud", "{\"service\": {\"certifications\": [\"ISMAP-LIU\"]}}", "imp-no-certification", NOT_FIRED},
};

static const char *base_for(const char *profile)
{
    for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++)
        if (strcmp(bases[i].profile, profile) == 0)
            return bases[i].json;
    fail_msg("no base application for %s", profile);
    return NULL;
}

static void test_bases_are_clean(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
        Eval e;
        eval_json(&e, bases[i].profile, bases[i].json);
        for (int k = 0; k < e.errs.count; k++)
            print_error("%s\n", e.errs.msg[k]);
        assert_true(e.parsed);
        assert_int_equal(e.d.track, TRACK_IMPORTANT);
        for (int k = 0; k < e.d.n_findings; k++)
            if (e.d.findings[k].severity != SEV_INFO)
                fail_msg("%s base application triggers %s", bases[i].profile, e.d.findings[k].rule->id);
        eval_free(&e);
    }
}

static void test_rule_boundaries(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const RuleCase *c = &cases[i];
        char *json = json_merge(base_for(c->profile), c->patch);
        Eval e;
        eval_json(&e, c->profile, json);
        free(json);
        if (!e.parsed) {
            print_error("%s %s: application did not parse: %s\n", c->profile, c->clause,
                        e.errs.count ? e.errs.msg[0] : "?");
            failures++;
            eval_free(&e);
            continue;
        }
        int found_rule = 0;
        for (int k = 0; k < e.doc.profile->n_rules; k++)
            found_rule |= strcmp(e.doc.profile->rules[k].id, c->rule) == 0;
        const Finding *f = eval_finding(&e, c->rule);
        enum Expect got = !f ? NOT_FIRED : f->undetermined ? UNDETERMINED : FIRED;
        if (!found_rule || got != c->expect) {
            static const char *const names[] = {"not fired", "fired", "undetermined"};
            print_error("%s [%s] rule %s with %s: expected %s, got %s%s\n", c->profile, c->clause, c->rule, c->patch,
                        names[c->expect], names[got], found_rule ? "" : " (no such rule)");
            failures++;
        }
        /* a fired block is a blocked verdict */
        if (f && !f->undetermined && f->severity == SEV_BLOCK && e.d.verdict != VERDICT_BLOCKED) {
            print_error("%s [%s] rule %s blocked but verdict is %s\n", c->profile, c->clause, c->rule,
                        verdict_names[e.d.verdict]);
            failures++;
        }
        eval_free(&e);
    }
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bases_are_clean),
        cmocka_unit_test(test_rule_boundaries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
