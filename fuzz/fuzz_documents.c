/* libFuzzer harness: the category documents read from files and request
 * bodies (issue #5) never crash and either parse or say what is wrong —
 * the mail-delivery policy (app_mail_input_json), the social-media account
 * (app_social_account_parse) and the pre-posting check
 * (app_social_post_parse), against the tokyo-edu profile — and the contact
 * chart of a ledger entry (issue #6, contact_chart_parse), which must also
 * write back to a document that reads to the same chart (the canonical
 * form is what is stored). They only use the App for its profile and its
 * message, so no database is opened. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "app/app_mail.h"
#include "app/app_social.h"
#include "exchange/contact_json.h"
#include "policy/registry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ProfileSet set;
static const Profile *edu;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!edu) {
        Errors errs = {0};
        if (!profileset_load_builtin(&set, &errs))
            __builtin_trap();
        errors_free(&errs);
        for (int i = 0; i < set.n; i++)
            if (strcmp(set.items[i]->id, "tokyo-edu") == 0)
                edu = set.items[i];
        if (!edu || !edu->mail || !edu->social || !edu->contacts)
            __builtin_trap();
    }
    App app;
    memset(&app, 0, sizeof app);
    app.acting = 1;
    app.profile = edu;
    Arena a;
    arena_init(&a, NULL, 0);
    const char *text = (const char *)data;

    MailPolicyInput mail;
    memset(&mail, 0, sizeof mail);
    AppRc rc = app_mail_input_json(&app, &a, "fuzz.json", text, size, &mail);
    if (rc != APP_OK && str_cstr(&app.err)[0] == 0)
        __builtin_trap(); /* a refusal must say why */

    NewSocialAccount account;
    memset(&account, 0, sizeof account);
    rc = app_social_account_parse(&app, &a, "fuzz.json", text, size, &account);
    if (rc != APP_OK && str_cstr(&app.err)[0] == 0)
        __builtin_trap();

    PostInput post;
    long long account_id = 0;
    memset(&post, 0, sizeof post);
    rc = app_social_post_parse(&app, &a, "fuzz.json", text, size, &post, &account_id);
    if (rc != APP_OK && str_cstr(&app.err)[0] == 0)
        __builtin_trap();

    ContactChart chart;
    Str err = STR_INIT, once = STR_INIT, twice = STR_INIT;
    if (contact_chart_parse("fuzz.json", text, size, &a, &chart, &err) == 0) {
        ContactFinding findings[CONTACT_MAX_FINDINGS];
        int n = contact_chart_check(edu, &chart, findings);
        if (n < 0 || n > CONTACT_MAX_FINDINGS)
            __builtin_trap();
        contact_chart_write(&chart, &once);
        ContactChart again;
        str_reset(&err);
        if (contact_chart_parse("canonical.json", str_cstr(&once), once.len, &a, &again, &err) != 0)
            __builtin_trap(); /* what is stored must read back */
        contact_chart_write(&again, &twice);
        if (once.len != twice.len || memcmp(str_cstr(&once), str_cstr(&twice), once.len) != 0)
            __builtin_trap();
    } else if (str_cstr(&err)[0] == 0) {
        __builtin_trap();
    }
    str_free(&err);
    str_free(&once);
    str_free(&twice);

    arena_free(&a);
    str_free(&app.err);
    return 0;
}
