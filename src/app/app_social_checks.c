/* The pre-posting check of a post and the password check (app/app_social.h;
 * tokyo-edu 10ウ, 10オ): any signed-in user may run them. The post check
 * keeps a record without the text; the password check keeps nothing. */
#include <sodium.h>
#include <string.h>

#include "app/app_internal.h"
#include "app/app_social_internal.h"

static long long utf8_chars(const char *s)
{
    long long n = 0;
    for (; s && *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

AppRc app_social_post_check(App *app, long long account_id, const PostInput *in, PostResult *out, long long *check_id)
{
    app_scratch(app);
    memset(out, 0, sizeof *out);
    if (!app_social_policy(app))
        return APP_INVALID;
    if (account_id) {
        SocialAccountRow a;
        AppRc rc = app_social_account_get(app, account_id, &a);
        if (rc)
            return rc;
        if (strcmp(a.status, "active") != 0)
            return app_fail(app, APP_INVALID, NULL, "アカウント %lld は%sです。運用中のアカウントだけに投稿できます", account_id,
                            social_status_labels[state_index(social_status_names, a.status)]);
    }
    if (in->text && strlen(in->text) > 100000)
        return app_fail(app, APP_INVALID, NULL, "投稿の本文が長すぎます");
    if (social_post_check(app->profile, in, &app->arena, out) != 0)
        return app_fail(app, APP_INVALID, NULL, "%s", out->error);
    /* The record keeps what was decided and a digest of the text, not the
     * text: a draft that is blocked may hold exactly what must not be
     * copied anywhere (class B information, personal data). */
    unsigned char digest[crypto_hash_sha256_BYTES];
    const char *text = app_social_nz(in->text);
    crypto_hash_sha256(digest, (const unsigned char *)text, strlen(text));
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    Str findings = STR_INIT, hosts = STR_INIT, data = STR_INIT;
    str_appendc(&findings, '[');
    for (int i = 0; i < out->n_findings; i++) {
        const PostFinding *f = &out->findings[i];
        str_append(&findings, i ? ",{\"id\":" : "{\"id\":");
        str_append_json(&findings, f->id);
        str_append(&findings, ",\"clause\":");
        str_append_json(&findings, f->clause);
        str_appendf(&findings, ",\"severity\":\"%s\",\"unconfirmed\":%s}", severity_names[f->severity],
                    f->unconfirmed ? "true" : "false");
    }
    str_appendc(&findings, ']');
    for (int i = 0; i < out->n_hosts; i++)
        str_appendf(&hosts, "%s%s", i ? " " : "", out->hosts[i]);
    const char *verdict = verdict_names[out->verdict];
    str_appendf(&data, "{\"account\":%lld,\"verdict\":\"%s\",\"confidentiality\":", account_id, verdict);
    str_append_json(&data, in->confidentiality);
    str_append(&data, ",\"text_sha256\":");
    str_append_json(&data, hex);
    str_append(&data, ",\"findings\":");
    str_append(&data, str_cstr(&findings));
    str_appendc(&data, '}');
    long long id = 0;
    AppRc rc = APP_OK;
    if (str_failed(&findings) || str_failed(&hosts) || str_failed(&data) || audit_begin(app->db) != 0 ||
        store_social_post_check_insert(app->db, app->org.id, account_id, app->user.id, app->now, in->confidentiality,
                                       verdict, str_cstr(&findings), str_cstr(&hosts), hex, utf8_chars(text), &id) != 0 ||
        app_audit(app, "social.post_check", app_object(app, "social-post-check", id), str_cstr(&data)) != 0 ||
        db_commit(app->db) != 0)
        rc = app_dbfail(app);
    str_free(&findings);
    str_free(&hosts);
    str_free(&data);
    if (rc == APP_OK && check_id)
        *check_id = id;
    return rc;
}

AppRc app_social_password_check(App *app, const char *pw, size_t len, PasswordResult *out)
{
    app_scratch(app);
    const SocialPolicy *s = app_social_policy(app);
    if (!s)
        return APP_INVALID;
    social_password_check(&s->password, pw, len, out);
    return APP_OK;
}
