/* The web-meeting planner (kitakyushu 6; docs/meetings.md): the loader of
 * the profiles' `meeting_planner` section, and every conflict rule on both
 * sides of its boundary, from the two worked examples of 6.4, for both
 * kitakyushu profiles (kitakyushu-external and kitakyushu-cloud carry the
 * same section 6 and the same planner, over their own item ids). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exchange/appdoc_json.h"
#include "policy/meeting.h"
#include "testutil.h"
#include "util/file.h"

static const char *const kitakyushu[] = {"kitakyushu-external", "kitakyushu-cloud"};

/* 6.4(1): an important meeting — E2E product, domestic data centres only by
 * contract, audio/video and chat only (documents by mail beforehand),
 * password and waiting room, participants from outside. */
static const char EX1[] =
    "{\"service\": {\"name\": \"ウェブ会議A\", \"provider\": \"例示事業者\", \"pricing\": \"paid\", \"contract\": \"negotiated\","
    " \"data_locations\": [\"JP\"], \"e2e_encryption\": true},"
    " \"information\": {\"confidentiality\": \"2\"},"
    " \"meeting\": {\"role\": \"host\", \"hosting\": \"cloud\", \"external_participants\": true, \"participants\": 8,"
    " \"features\": [\"audio_video\", \"chat\"], \"password\": true, \"waiting_room\": true, \"organization_device\": true}}";

/* 6.4(2): a lecture without important information — pre-registration, every
 * feature, the data's location not cared about (none given). */
static const char EX2[] =
    "{\"service\": {\"name\": \"講習会用ウェブ会議\"},"
    " \"information\": {\"confidentiality\": \"3\"},"
    " \"meeting\": {\"role\": \"host\", \"hosting\": \"cloud\", \"external_participants\": true, \"participants\": 200,"
    " \"features\": [\"audio_video\", \"chat\", \"document_sharing\", \"recording\", \"transcription\", \"translation\"],"
    " \"pre_registration\": true, \"secure_delete\": true, \"organization_device\": true}}";

typedef struct Plan {
    AppDoc doc;
    MeetingResult res;
    Errors errs;
} Plan;

static void plan_json(Plan *pl, const char *profile, const char *base, const char *patch)
{
    memset(pl, 0, sizeof *pl);
    const Profile *p = test_profile(profile);
    assert_non_null(p->meeting);
    char *json = json_merge(base, patch);
    int ok = appdoc_parse_json_scoped(&pl->doc, p, "meeting.json", json, strlen(json), SCOPE_MEETING, &pl->errs);
    if (!ok) {
        for (int i = 0; i < pl->errs.count; i++)
            print_error("  %s\n", pl->errs.msg[i]);
        fail_msg("meeting document did not parse: %s", json);
    }
    free(json);
    assert_true(meeting_result_init(&pl->res, p));
    meeting_evaluate(&pl->doc, &pl->res);
}

static void plan_free(Plan *pl)
{
    meeting_result_free(&pl->res);
    appdoc_free(&pl->doc);
    errors_free(&pl->errs);
}

static const MeetingFinding *finding(const Plan *pl, const char *id)
{
    for (int i = 0; i < pl->res.n_findings; i++)
        if (strcmp(pl->res.findings[i].conflict->id, id) == 0)
            return &pl->res.findings[i];
    return NULL;
}

static int measure_applies(const Plan *pl, const char *id)
{
    const MeetingPlanner *mp = pl->res.profile->meeting;
    for (int i = 0; i < mp->n_measures; i++)
        if (strcmp(mp->measures[i].id, id) == 0)
            return pl->res.measure_applies[i];
    fail_msg("no measure %s", id);
    return 0;
}

/* ---- 6.4 worked examples ---------------------------------------------- */

static void test_example_important_meeting_has_no_conflict(void **state)
{
    (void)state;
    for (int k = 0; k < 2; k++) {
        Plan pl;
        plan_json(&pl, kitakyushu[k], EX1, "{}");
        assert_int_equal(pl.res.track, TRACK_IMPORTANT);
        assert_int_equal(pl.res.n_findings, 0);
        assert_int_equal(pl.res.missing, 0);
        assert_int_equal(pl.res.verdict, VERDICT_READY);
        /* 6.2(1)③④ for the important track, 6.2(2) for the host, 6.4(1)③ with outsiders */
        assert_true(measure_applies(&pl, "m-e2e"));
        assert_true(measure_applies(&pl, "m-no-e2e-breaking"));
        assert_true(measure_applies(&pl, "m-password"));
        assert_true(measure_applies(&pl, "m-waiting-room"));
        assert_true(measure_applies(&pl, "m-ex-identity"));
        assert_true(measure_applies(&pl, "m-audio"));
        /* not: the invitee's 6.3(2), the ordinary examples, secure delete without recording */
        assert_false(measure_applies(&pl, "m-invited-no-store"));
        assert_false(measure_applies(&pl, "m-ex-all-features"));
        assert_false(measure_applies(&pl, "m-secure-delete"));
        plan_free(&pl);
    }
}

static void test_example_lecture_has_no_conflict(void **state)
{
    (void)state;
    for (int k = 0; k < 2; k++) {
        Plan pl;
        plan_json(&pl, kitakyushu[k], EX2, "{}");
        assert_int_equal(pl.res.track, TRACK_ORDINARY);
        assert_int_equal(pl.res.n_findings, 0);
        assert_int_equal(pl.res.missing, 0);
        assert_int_equal(pl.res.verdict, VERDICT_READY);
        assert_false(measure_applies(&pl, "m-e2e"));
        assert_true(measure_applies(&pl, "m-ex-registration"));
        assert_true(measure_applies(&pl, "m-secure-delete")); /* 6.3(3): recording in the cloud */
        assert_false(measure_applies(&pl, "m-ex-identity"));
        plan_free(&pl);
    }
}

/* ---- each conflict, both sides ------------------------------------------ */

enum Expect { NOT_FIRED, FIRED, UNDETERMINED };

typedef struct Case {
    const char *clause;
    const char *base;      /* EX1 or EX2 */
    const char *patch;
    const char *conflict;
    enum Expect expect;
    Severity severity;     /* when FIRED */
} Case;

static const Case cases[] = {
    /* 6.2(1)① organization's device (原則として → warn) */
    {"6.2(1)①", EX1, "{\"meeting\": {\"organization_device\": false}}", "wm-plan-device", FIRED, SEV_WARN},
    {"6.2(1)①", EX1, "{\"meeting\": {\"organization_device\": true}}", "wm-plan-device", NOT_FIRED, 0},
    {"6.2(1)①", EX2, "{\"meeting\": {\"organization_device\": false}}", "wm-plan-device", FIRED, SEV_WARN},
    /* 6.2(1)③ E2E for important information (可能な限り → warn) */
    {"6.2(1)③", EX1, "{\"service\": {\"e2e_encryption\": false}}", "wm-plan-no-e2e", FIRED, SEV_WARN},
    {"6.2(1)③", EX1, "{}", "wm-plan-no-e2e", NOT_FIRED, 0},
    {"6.2(1)③", EX2, "{\"service\": {\"e2e_encryption\": false}}", "wm-plan-no-e2e", NOT_FIRED, 0},
    {"6.2(1)③", EX1, "{\"information\": {\"confidentiality\": \"1\"}, \"service\": {\"e2e_encryption\": false}}",
     "wm-plan-no-e2e", FIRED, SEV_WARN},
    /* 6.2(1)④ recording / transcription / translation with important information */
    {"6.2(1)④", EX1, "{\"meeting\": {\"features\": [\"audio_video\", \"chat\", \"recording\"]}}", "wm-plan-e2e-breaking",
     FIRED, SEV_WARN},
    {"6.2(1)④", EX1, "{\"meeting\": {\"features\": [\"audio_video\", \"transcription\"]}}", "wm-plan-e2e-breaking", FIRED,
     SEV_WARN},
    {"6.2(1)④", EX1, "{\"meeting\": {\"features\": [\"translation\"]}}", "wm-plan-e2e-breaking", FIRED, SEV_WARN},
    {"6.2(1)④", EX1, "{\"meeting\": {\"features\": [\"audio_video\", \"chat\", \"document_sharing\"]}}",
     "wm-plan-e2e-breaking", NOT_FIRED, 0},
    {"6.2(1)④", EX2, "{}", "wm-plan-e2e-breaking", NOT_FIRED, 0},
    {"6.2(1)④", EX1, "{\"meeting\": {\"features\": null}}", "wm-plan-e2e-breaking", NOT_FIRED, 0}, /* warn: only missing */
    /* 6.2(2)① a password for the host's meeting room (必要がある → block); pre-registration is one of the "等" */
    {"6.2(2)①", EX1, "{\"meeting\": {\"password\": false, \"pre_registration\": false}}", "wm-plan-no-password", FIRED, SEV_BLOCK},
    {"6.2(2)①", EX1, "{\"meeting\": {\"password\": true, \"pre_registration\": false}}", "wm-plan-no-password", NOT_FIRED, 0},
    {"6.2(2)①", EX1, "{\"meeting\": {\"password\": false, \"pre_registration\": true}}", "wm-plan-no-password", NOT_FIRED, 0},
    {"6.2(2)①", EX1, "{\"meeting\": {\"password\": false, \"pre_registration\": false, \"role\": \"participant\"}}",
     "wm-plan-no-password", NOT_FIRED, 0},
    {"6.2(2)①", EX1, "{\"meeting\": {\"password\": false}}", "wm-plan-no-password", UNDETERMINED, SEV_WARN},
    {"6.2(2)①", EX2, "{\"meeting\": {\"password\": false}}", "wm-plan-no-password", NOT_FIRED, 0},
    {"6.2(2)①", EX2, "{\"meeting\": {\"password\": false, \"pre_registration\": false}}", "wm-plan-no-password", FIRED, SEV_BLOCK},
    /* 6.2(2)③ a waiting room (必要がある → block); pre-registration checks participants too (6.4(2)③) */
    {"6.2(2)③", EX1, "{\"meeting\": {\"waiting_room\": false, \"pre_registration\": false}}", "wm-plan-no-waiting-room",
     FIRED, SEV_BLOCK},
    {"6.2(2)③", EX1, "{\"meeting\": {\"waiting_room\": true, \"pre_registration\": false}}", "wm-plan-no-waiting-room",
     NOT_FIRED, 0},
    {"6.2(2)③", EX1, "{\"meeting\": {\"waiting_room\": false}}", "wm-plan-no-waiting-room", UNDETERMINED, SEV_WARN},
    {"6.2(2)③", EX2, "{\"meeting\": {\"waiting_room\": false}}", "wm-plan-no-waiting-room", NOT_FIRED, 0},
    {"6.2(2)③", EX2, "{\"meeting\": {\"waiting_room\": false, \"pre_registration\": false}}", "wm-plan-no-waiting-room",
     FIRED, SEV_BLOCK},
    /* 6.3(2) invited: no important information in chat or shared documents */
    {"6.3(2)", EX1, "{\"meeting\": {\"role\": \"participant\"}}", "wm-plan-invited-store", FIRED, SEV_WARN},
    {"6.3(2)", EX1, "{\"meeting\": {\"role\": \"participant\", \"features\": [\"audio_video\"]}}", "wm-plan-invited-store",
     NOT_FIRED, 0},
    {"6.3(2)", EX1, "{\"meeting\": {\"role\": \"participant\", \"features\": [\"document_sharing\"]}}",
     "wm-plan-invited-store", FIRED, SEV_WARN},
    {"6.3(2)", EX2, "{\"meeting\": {\"role\": \"participant\"}}", "wm-plan-invited-store", NOT_FIRED, 0},
    {"6.3(2)", EX1, "{}", "wm-plan-invited-store", NOT_FIRED, 0},
    /* 6.3(3) overseas data centres under a free plan (特に注意 → warn), important track only (6.4(2)①) */
    {"6.3(3)", EX1, "{\"service\": {\"pricing\": \"free\", \"contract\": null, \"data_locations\": [\"JP\", \"US\"]}}",
     "wm-plan-free-abroad", FIRED, SEV_WARN},
    {"6.3(3)", EX1, "{\"service\": {\"pricing\": \"free\", \"contract\": null}}", "wm-plan-free-abroad", NOT_FIRED, 0},
    {"6.3(3)", EX1, "{\"service\": {\"pricing\": \"free\", \"data_locations\": [\"US\"]}, \"meeting\": {\"hosting\": \"on_premises\"}}",
     "wm-plan-free-abroad", NOT_FIRED, 0},
    {"6.3(3)", EX1, "{\"service\": {\"pricing\": \"free\", \"data_locations\": null}}", "wm-plan-free-abroad", NOT_FIRED, 0},
    {"6.3(3)", EX2, "{\"service\": {\"pricing\": \"free\", \"data_locations\": [\"US\"]}}", "wm-plan-free-abroad", NOT_FIRED, 0},
    /* 6.4(1)② contracted but not domestic only (the example's choice → info) */
    {"6.4(1)②", EX1, "{\"service\": {\"data_locations\": [\"JP\", \"SG\"]}}", "wm-plan-abroad-contract", FIRED, SEV_INFO},
    {"6.4(1)②", EX1, "{}", "wm-plan-abroad-contract", NOT_FIRED, 0},
    {"6.4(1)②", EX1, "{\"service\": {\"pricing\": \"free\", \"data_locations\": [\"SG\"]}}", "wm-plan-abroad-contract", NOT_FIRED, 0},
    /* 6.3(3) recordings in the cloud need secure deletion (確認も重要 → warn) */
    {"6.3(3)", EX2, "{\"meeting\": {\"secure_delete\": false}}", "wm-plan-no-secure-delete", FIRED, SEV_WARN},
    {"6.3(3)", EX2, "{\"meeting\": {\"secure_delete\": true}}", "wm-plan-no-secure-delete", NOT_FIRED, 0},
    {"6.3(3)", EX2, "{\"meeting\": {\"secure_delete\": false, \"hosting\": \"on_premises\"}}", "wm-plan-no-secure-delete",
     NOT_FIRED, 0},
    {"6.3(3)", EX2, "{\"meeting\": {\"secure_delete\": false, \"features\": [\"audio_video\", \"chat\"]}}",
     "wm-plan-no-secure-delete", NOT_FIRED, 0},
    {"6.3(3)", EX1, "{\"meeting\": {\"features\": [\"audio_video\", \"recording\"], \"secure_delete\": false}}",
     "wm-plan-no-secure-delete", FIRED, SEV_WARN},
};

static void test_conflicts_both_sides(void **state)
{
    (void)state;
    int failures = 0;
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            const Case *c = &cases[i];
            Plan pl;
            plan_json(&pl, kitakyushu[k], c->base, c->patch);
            const MeetingFinding *f = finding(&pl, c->conflict);
            int ok;
            switch (c->expect) {
            case FIRED: ok = f && !f->undetermined && f->severity == c->severity; break;
            case UNDETERMINED: ok = f && f->undetermined && f->severity == SEV_WARN && f->missing; break;
            default: ok = f == NULL; break;
            }
            /* the verdict follows the worst finding; any undecided rule keeps it from ready */
            if (ok && c->expect == FIRED && c->severity == SEV_BLOCK)
                ok = pl.res.verdict == VERDICT_BLOCKED;
            if (ok && (c->expect == UNDETERMINED || (c->expect == FIRED && c->severity == SEV_WARN)))
                ok = pl.res.verdict == VERDICT_NEEDS_REVIEW;
            if (ok && c->expect == FIRED && c->severity == SEV_INFO && pl.res.n_findings == 1)
                ok = pl.res.verdict == VERDICT_READY;
            if (!ok) {
                print_error("FAIL %s [%s] %s patch %s: expected %s, got %s (verdict %s)\n", kitakyushu[k], c->clause,
                            c->conflict, c->patch, c->expect == FIRED ? "fired" : c->expect == UNDETERMINED ? "undetermined" : "not fired",
                            !f ? "none" : f->undetermined ? "undetermined" : severity_names[f->severity],
                            verdict_names[pl.res.verdict]);
                failures++;
            }
            plan_free(&pl);
        }
    assert_int_equal(failures, 0);
}

/* A missing fact a measure needs shows the measure and is reported (never guessed). */
static void test_missing_facts_are_reported(void **state)
{
    (void)state;
    Plan pl;
    plan_json(&pl, "kitakyushu-external", EX1, "{\"meeting\": {\"role\": null}}");
    assert_true(measure_applies(&pl, "m-password"));       /* shown, not hidden */
    assert_true(measure_applies(&pl, "m-invited-no-store"));
    assert_true(pl.res.missing & FIELD_BIT(F_MEETING_ROLE));
    assert_int_equal(pl.res.verdict, VERDICT_NEEDS_REVIEW);
    plan_free(&pl);
}

/* Meeting fields belong to meeting documents only (SCOPE_MEETING). */
static void test_meeting_fields_not_in_applications(void **state)
{
    (void)state;
    Errors errs = {0};
    AppDoc doc;
    const Profile *p = test_profile("kitakyushu-external");
    assert_false(appdoc_parse_json(&doc, p, "a.json", EX1, strlen(EX1), &errs));
    assert_true(errors_contain(&errs, "meeting"));
    appdoc_free(&doc);
    errors_free(&errs);
}

/* Only the kitakyushu standards have section 6. */
static void test_only_kitakyushu_has_a_planner(void **state)
{
    (void)state;
    assert_non_null(test_profile("kitakyushu-external")->meeting);
    assert_non_null(test_profile("kitakyushu-cloud")->meeting);
    assert_null(test_profile("otokuni")->meeting);
    assert_null(test_profile("tokyo-edu")->meeting);
    /* measures show the items' texts: same clause and text as the item */
    const Profile *p = test_profile("kitakyushu-cloud");
    const MeetingMeasure *m = &p->meeting->measures[0];
    assert_string_equal(m->item_id, "cat-wm-procedure");
    assert_string_equal(m->clause, "6.1(1)");
}

/* ---- loader errors (file:line:col) -------------------------------------- */

/* Load the profile file with `from` (which must occur after "meeting_planner:")
 * replaced by `to`; expect an error containing `needle` at the line of `from`. */
static void expect_planner_error(const char *profile_file, const char *from, const char *to, const char *needle)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/profiles/%s", source_dir(), profile_file);
    size_t len;
    const char *err;
    char *text = file_read(path, &len, &err);
    assert_non_null(text);
    const char *section = strstr(text, "\nmeeting_planner:");
    assert_non_null(section);
    const char *at = strstr(section, from);
    if (!at)
        fail_msg("%s has no '%s' in meeting_planner", profile_file, from);
    int line = 1;
    for (const char *s = text; s < at; s++)
        line += *s == '\n';
    size_t n = len - strlen(from) + strlen(to) + 1;
    char *out = malloc(n);
    snprintf(out, n, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    Errors errs = {0};
    Profile *p = profile_load(profile_file, out, strlen(out), &errs);
    char where[1200];
    snprintf(where, sizeof where, "%s:%d:", profile_file, line);
    if (p || !errors_contain(&errs, needle) || !errors_contain(&errs, where)) {
        for (int i = 0; i < errs.count; i++)
            print_error("  got: %s\n", errs.msg[i]);
        fail_msg("expected an error at %s containing \"%s\"", where, needle);
    }
    profile_free(p);
    errors_free(&errs);
    free(out);
    free(text);
}

static void test_loader_errors(void **state)
{
    (void)state;
    for (int k = 0; k < 2; k++) {
        char file[64];
        snprintf(file, sizeof file, "%s.yaml", kitakyushu[k]);
        expect_planner_error(file, "- {id: m-procedure, item: cat-wm-procedure}",
                             "- {id: m-procedure, item: cat-wm-procedure, colour: red}", "unknown key 'colour'");
        expect_planner_error(file, "when: {field: meeting.organization_device, op: equals, value: false}",
                             "when: {field: post.video, op: equals, value: false}", "belongs to the pre-posting check");
        expect_planner_error(file, "severity: block", "severity: fatal", "severity 'fatal' is not one of");
        expect_planner_error(file, "- {id: m-procedure, item: cat-wm-procedure}",
                             "- {id: m-procedure, item: cat-wm-nothing}", "no requirement item 'cat-wm-nothing'");
        expect_planner_error(file, "- {id: m-procedure, item: cat-wm-procedure}",
                             "- {id: m-procedure, item: cat-wm-procedure, text: 二重}", "give either 'item' or");
        expect_planner_error(file, "- {id: m-update,", "- {id: m-device,", "duplicate id 'm-device'");
        expect_planner_error(file, "op: equals, value: host}", "op: equals, value: chair}", "value 'chair' does not fit");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_example_important_meeting_has_no_conflict),
        cmocka_unit_test(test_example_lecture_has_no_conflict),
        cmocka_unit_test(test_conflicts_both_sides),
        cmocka_unit_test(test_missing_facts_are_reported),
        cmocka_unit_test(test_meeting_fields_not_in_applications),
        cmocka_unit_test(test_only_kitakyushu_has_a_planner),
        cmocka_unit_test(test_loader_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
