/* Organizations and users. Passwords are hashed with Argon2id (libsodium's
 * crypto_pwhash_str) and never stored, printed or logged in clear. */
#include <sodium.h>
#include <string.h>

#include "app/app.h"
#include "store/outbox.h"
#include "store/sessions.h"

/* A login: 1–64 characters of [a-z0-9._-], starting with a letter or digit. */
static int login_valid(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (i > 0 && (c == '.' || c == '_' || c == '-'));
        if (!ok)
            return 0;
    }
    return 1;
}

static AppRc check_text(App *app, const char *field, const char *v, size_t max, int required)
{
    if (required && (!v || !*v))
        return app_fail(app, APP_INVALID, NULL, "%s を入力してください (%s is required)", field, field);
    if (v && strlen(v) > max)
        return app_fail(app, APP_INVALID, NULL, "%s が長すぎます（%zu バイトまで）(%s too long)", field, max, field);
    return APP_OK;
}

static int hash_password(const char *password, char out[crypto_pwhash_STRBYTES])
{
    if (sodium_init() < 0)
        return -1;
    return crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

/* Validate and insert one user (inside the caller's transaction). */
static AppRc insert_user(App *app, const Profile *p, long long org_id, const NewUser *u, long long *user_id)
{
    AppRc rc;
    if (!u->login || !login_valid(u->login))
        return app_fail(app, APP_INVALID, NULL,
                        "login '%s' は使えません: 英小文字・数字で始まり、英小文字・数字・. _ - からなる64文字以内にしてください",
                        u->login ? u->login : "");
    if ((rc = check_text(app, "name", u->name, 200, 1)) || (rc = check_text(app, "department", u->department, 200, 0)) ||
        (rc = check_text(app, "title", u->title, 200, 0)))
        return rc;
    for (int i = 0; i < u->n_roles; i++)
        if (profile_role_index(p, u->roles[i]) < 0) {
            Str known = STR_INIT;
            for (int r = 0; r < p->n_roles; r++)
                str_appendf(&known, "%s%s（%s）", r ? ", " : "", p->roles[r].id, p->roles[r].label);
            app_fail(app, APP_INVALID, NULL, "role '%s' はプロファイル %s にありません (allowed: %s)", u->roles[i], p->id,
                     str_cstr(&known));
            str_free(&known);
            return APP_INVALID;
        }
    char hash[crypto_pwhash_STRBYTES];
    if (u->password) {
        if (strlen(u->password) < 8)
            return app_fail(app, APP_INVALID, NULL, "パスワードは8文字以上にしてください (password too short)");
        if (hash_password(u->password, hash) != 0)
            return app_fail(app, APP_DBFAIL, NULL, "パスワードのハッシュ化に失敗しました (out of memory)");
    }
    long long dept = 0;
    if (u->department && *u->department && store_department_ensure(app->db, org_id, u->department, &dept) != 0)
        return app_dbfail(app);
    if (store_user_insert(app->db, org_id, u->login, u->name, dept, u->title, u->password ? hash : NULL, u->is_admin,
                          u->is_auditor, app->now, user_id) != 0) {
        if (db_errcode(app->db) == DBE_CONSTRAINT)
            return app_fail(app, APP_INVALID, NULL, "login '%s' は既に使われています (login taken)", u->login);
        return app_dbfail(app);
    }
    sodium_memzero(hash, sizeof hash);
    for (int i = 0; i < u->n_roles; i++) {
        const char *rid = p->roles[profile_role_index(p, u->roles[i])].id;
        if (store_user_add_role(app->db, *user_id, rid) != 0 && db_errcode(app->db) != DBE_CONSTRAINT)
            return app_dbfail(app);
    }
    return APP_OK;
}

static void user_audit_data(const NewUser *u, const Profile *p, Str *out)
{
    str_append(out, "{\"login\":");
    str_append_json(out, u->login);
    str_append(out, ",\"name\":");
    str_append_json(out, u->name);
    str_append(out, ",\"department\":");
    str_append_json(out, u->department ? u->department : "");
    str_append(out, ",\"title\":");
    str_append_json(out, u->title ? u->title : "");
    str_appendf(out, ",\"admin\":%s,\"auditor\":%s,\"roles\":[", u->is_admin ? "true" : "false",
                u->is_auditor ? "true" : "false");
    for (int i = 0; i < u->n_roles; i++) {
        if (i)
            str_appendc(out, ',');
        str_append_json(out, p->roles[profile_role_index(p, u->roles[i])].id);
    }
    str_append(out, "]}");
}

AppRc app_org_create(App *app, const char *code, const char *name, const char *profile_id, const NewUser *admin,
                     long long *org_id)
{
    app_scratch(app);
    const Profile *p = profileset_find(app->profiles, profile_id ? profile_id : "");
    if (!p)
        return app_fail(app, APP_INVALID, NULL, "プロファイル '%s' がありません (see: daicho profiles)", profile_id ? profile_id : "");
    if (!code || !login_valid(code))
        return app_fail(app, APP_INVALID, NULL, "組織コード '%s' は英小文字・数字・. _ - で64文字以内にしてください", code ? code : "");
    AppRc rc = check_text(app, "name", name, 200, 1);
    if (rc)
        return rc;
    if (audit_begin(app->db) != 0)
        return app_dbfail(app);
    if (store_org_insert(app->db, code, name, p->id, p->version, app->now, org_id) != 0) {
        if (db_errcode(app->db) == DBE_CONSTRAINT)
            return app_fail(app, APP_INVALID, NULL, "組織コード '%s' は既にあります (organization exists)", code);
        return app_dbfail(app);
    }
    NewUser first = *admin;
    first.is_admin = 1;
    long long uid;
    if ((rc = insert_user(app, p, *org_id, &first, &uid)))
        return rc;
    Str data = STR_INIT;
    str_append(&data, "{\"code\":");
    str_append_json(&data, code);
    str_append(&data, ",\"name\":");
    str_append_json(&data, name);
    str_append(&data, ",\"profile\":");
    str_append_json(&data, p->id);
    str_append(&data, ",\"profile_version\":");
    str_append_json(&data, p->version);
    str_append(&data, ",\"administrator\":");
    user_audit_data(&first, p, &data);
    str_appendc(&data, '}');
    char object[64];
    snprintf(object, sizeof object, "org:%lld", *org_id);
    int ok = !str_failed(&data) &&
             audit_append(app->db, app->now, "system", *org_id, "org.create", object, str_cstr(&data)) == 0;
    str_free(&data);
    if (!ok || db_commit(app->db) != 0)
        return app_dbfail(app);
    return APP_OK;
}

static AppRc require_admin(App *app)
{
    if (!app->acting)
        return app_fail(app, APP_INVALID, NULL, "操作する利用者を --as LOGIN で指定してください");
    if (!app->actor.is_admin) {
        AppRc rc = app_fail(app, APP_INVALID, NULL, "利用者と役割の管理はシステム管理者だけができます (%s is not an administrator)",
                            app->user.login);
        app->denied = 1;
        return rc;
    }
    return APP_OK;
}

AppRc app_user_add(App *app, const NewUser *u, long long *user_id)
{
    app_scratch(app);
    AppRc rc = require_admin(app);
    if (rc)
        return rc;
    if (audit_begin(app->db) != 0)
        return app_dbfail(app);
    if ((rc = insert_user(app, app->profile, app->org.id, u, user_id)))
        return rc;
    Str data = STR_INIT;
    user_audit_data(u, app->profile, &data);
    char object[64];
    snprintf(object, sizeof object, "user:%s", u->login);
    int ok = !str_failed(&data) && app_audit(app, "user.create", object, str_cstr(&data)) == 0;
    str_free(&data);
    if (!ok || db_commit(app->db) != 0)
        return app_dbfail(app);
    return APP_OK;
}

/* The target user, in the acting administrator's organization only. */
static AppRc find_member(App *app, const char *login, UserRow *out)
{
    int found = login ? store_user_by_login(app->db, &app->arena, login, out) : 0;
    if (found < 0)
        return app_dbfail(app);
    if (!found || out->org_id != app->org.id)
        return app_fail(app, APP_INVALID, NULL, "利用者 '%s' はこの組織にいません (unknown user)", login ? login : "");
    return APP_OK;
}

AppRc app_user_set_roles(App *app, const char *login, const char **roles, int n_roles)
{
    app_scratch(app);
    AppRc rc = require_admin(app);
    UserRow u;
    if (rc || (rc = find_member(app, login, &u)))
        return rc;
    for (int i = 0; i < n_roles; i++)
        if (profile_role_index(app->profile, roles[i]) < 0)
            return app_fail(app, APP_INVALID, NULL, "role '%s' はプロファイル %s にありません", roles[i], app->profile->id);
    if (audit_begin(app->db) != 0 || store_user_remove_roles(app->db, u.id) != 0)
        return app_dbfail(app);
    Str data = STR_INIT;
    str_append(&data, "{\"roles\":[");
    for (int i = 0; i < n_roles; i++) {
        const char *rid = app->profile->roles[profile_role_index(app->profile, roles[i])].id;
        if (store_user_add_role(app->db, u.id, rid) != 0 && db_errcode(app->db) != DBE_CONSTRAINT) {
            str_free(&data);
            return app_dbfail(app);
        }
        str_append(&data, i ? "," : "");
        str_append_json(&data, rid);
    }
    str_append(&data, "]}");
    char object[96];
    snprintf(object, sizeof object, "user:%s", login);
    int ok = !str_failed(&data) && app_audit(app, "user.roles", object, str_cstr(&data)) == 0;
    str_free(&data);
    if (!ok || db_commit(app->db) != 0)
        return app_dbfail(app);
    return APP_OK;
}

AppRc app_user_set_password(App *app, const char *login, const char *password)
{
    app_scratch(app);
    /* Administrators set anyone's; everybody may set their own. */
    if (!app->acting || (!app->actor.is_admin && strcmp(app->user.login, login) != 0))
        return app_fail(app, APP_INVALID, NULL, "他の利用者のパスワードはシステム管理者だけが設定できます");
    UserRow u;
    AppRc rc = find_member(app, login, &u);
    if (rc)
        return rc;
    if (!password || strlen(password) < 8)
        return app_fail(app, APP_INVALID, NULL, "パスワードは8文字以上にしてください (password too short)");
    char hash[crypto_pwhash_STRBYTES];
    if (hash_password(password, hash) != 0)
        return app_fail(app, APP_DBFAIL, NULL, "パスワードのハッシュ化に失敗しました (out of memory)");
    char object[96];
    snprintf(object, sizeof object, "user:%s", login);
    /* A new password ends the user's sessions: whoever knew the old one is
     * signed out everywhere. */
    int ok = audit_begin(app->db) == 0 && store_user_set_password(app->db, u.id, hash) == 0 &&
             store_session_delete_user(app->db, u.id, NULL) == 0 && app_audit(app, "user.password", object, "{}") == 0 &&
             db_commit(app->db) == 0;
    sodium_memzero(hash, sizeof hash);
    return ok ? APP_OK : app_dbfail(app);
}

int app_password_ok(App *app, const char *login, const char *password)
{
    app_scratch(app);
    const char *hash = NULL;
    if (store_user_password(app->db, &app->arena, login, &hash) != 1 || !hash || sodium_init() < 0)
        return 0;
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

/* ---- accounts: e-mail, active, auditor ---- */

int app_email_valid(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 3 || n > 254)
        return 0;
    const char *at = strchr(s, '@');
    if (!at || at == s || !at[1] || strchr(at + 1, '@') || at[1] == '.' || s[n - 1] == '.')
        return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= ' ' || *p >= 0x7f || strchr("<>()[]\\,;:\"", *p))
            return 0;
    return 1;
}
static const char *user_object(App *app, const char *login)
{
    Str s = STR_INIT;
    str_append(&s, "user:");
    str_append(&s, login);
    const char *r = str_failed(&s) ? "user" : arena_strdup(&app->arena, str_cstr(&s));
    str_free(&s);
    return r ? r : "user";
}

AppRc app_user_set_email(App *app, const char *login, const char *email)
{
    app_scratch(app);
    if (!app->acting)
        return app_fail(app, APP_INVALID, NULL, "操作する利用者を --as LOGIN で指定してください");
    if (!app->actor.is_admin && (!login || strcmp(app->user.login, login) != 0)) {
        app->denied = 1;
        return app_fail(app, APP_INVALID, NULL, "他の利用者のメールアドレスはシステム管理者だけが設定できます");
    }
    UserRow u;
    AppRc rc = find_member(app, login, &u);
    if (rc)
        return rc;
    email = email ? email : "";
    if (*email && !app_email_valid(email))
        return app_fail(app, APP_INVALID, NULL, "メールアドレス '%s' の形が正しくありません（例: taro@city.example.lg.jp）", email);
    Str data = STR_INIT;
    str_append(&data, "{\"email\":");
    str_append_json(&data, email);
    str_append(&data, "}");
    int ok = !str_failed(&data) && audit_begin(app->db) == 0 && store_user_set_email(app->db, u.id, email) == 0 &&
             app_audit(app, "user.email", user_object(app, u.login), str_cstr(&data)) == 0 && db_commit(app->db) == 0;
    str_free(&data);
    return ok ? APP_OK : app_dbfail(app);
}

AppRc app_user_set_active(App *app, const char *login, int active)
{
    app_scratch(app);
    AppRc rc = require_admin(app);
    UserRow u;
    if (rc || (rc = find_member(app, login, &u)))
        return rc;
    if (!active && u.id == app->user.id)
        return app_fail(app, APP_INVALID, NULL, "自分自身を無効にすることはできません（別のシステム管理者が行ってください）");
    if (u.active == (active ? 1 : 0))
        return app_fail(app, APP_INVALID, NULL, "利用者 '%s' は既に%sです", u.login, active ? "有効" : "無効");
    /* The user's sessions end with the deactivation, in the same
     * transaction: no request can act as them afterwards. */
    int ok = audit_begin(app->db) == 0 && store_user_set_active(app->db, u.id, active) == 0 &&
             (active || store_session_delete_user(app->db, u.id, NULL) == 0) &&
             app_audit(app, active ? "user.activate" : "user.deactivate", user_object(app, u.login), "{}") == 0 &&
             db_commit(app->db) == 0;
    return ok ? APP_OK : app_dbfail(app);
}

AppRc app_user_set_auditor(App *app, const char *login, int auditor)
{
    app_scratch(app);
    AppRc rc = require_admin(app);
    UserRow u;
    if (rc || (rc = find_member(app, login, &u)))
        return rc;
    char data[32];
    snprintf(data, sizeof data, "{\"auditor\":%s}", auditor ? "true" : "false");
    int ok = audit_begin(app->db) == 0 && store_user_set_auditor(app->db, u.id, auditor) == 0 &&
             app_audit(app, "user.auditor", user_object(app, u.login), data) == 0 && db_commit(app->db) == 0;
    return ok ? APP_OK : app_dbfail(app);
}

AppRc app_user_email(App *app, long long user_id, const char **email)
{
    *email = "";
    int found = store_user_email(app->db, &app->arena, user_id, email);
    if (found < 0)
        return app_dbfail(app);
    if (!found || !*email)
        *email = "";
    return APP_OK;
}
