/* Users and roles (system administrator only): GET /users (list), GET/POST
 * /users/new (create), GET/POST /users/{n} (roles, e-mail address,
 * password, auditor flag, deactivation), and their JSON mirrors under
 * /api/v1/users. Roles are the organization's profile's, shown by label.
 * A password is read from the request, handed to the use case and never
 * written back into a page, a log or an audit event. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_outbox.h"
#include "domain/search_text.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages/admin_pages.h"

/* The web asks more of a password than the use case's floor of 8 (which
 * the CLI keeps): 12 characters, as the form says. */
enum { PASSWORD_MIN_CHARS = 12, ROLES_MAX = 32 };

static int truthy(const char *v)
{
    return v && (!strcmp(v, "1") || !strcmp(v, "on") || !strcmp(v, "true") || !strcmp(v, "yes"));
}

/* Every "role" parameter (form checkboxes) and the comma-separated "roles"
 * (API), in `w`'s request arena. */
static int roles_param(Web *w, const char **out)
{
    int n = 0;
    const Params *sets[] = {&w->rq->form, &w->rq->query};
    for (int s = 0; s < 2 && !n; s++)
        for (int i = 0; i < sets[s]->n && n < ROLES_MAX; i++)
            if (strcmp(sets[s]->v[i].name, "role") == 0 && *sets[s]->v[i].value)
                out[n++] = sets[s]->v[i].value;
    const char *list = web_param(w, "roles");
    if (list) {
        char *copy = arena_strdup(w->rq->arena, list), *save = NULL;
        for (char *t = copy ? strtok_r(copy, ", ", &save) : NULL; t && n < ROLES_MAX; t = strtok_r(NULL, ", ", &save))
            out[n++] = t;
    }
    return n;
}

/* NULL when the new password is acceptable, else what is wrong. */
static const char *password_problem(const char *pw, const char *again, int need_again)
{
    if (!pw || !*pw)
        return "パスワードを入力してください";
    if (search_char_count(pw) < PASSWORD_MIN_CHARS)
        return "パスワードは12文字以上にしてください";
    if ((need_again || again) && (!again || strcmp(pw, again) != 0))
        return "確認用のパスワードが一致しません。同じパスワードを2回入力してください";
    return NULL;
}

static void role_labels_html(const Profile *p, const UserRow *u, Str *out)
{
    for (int i = 0; i < u->n_roles; i++) {
        int r = profile_role_index(p, u->roles[i]);
        if (r >= 0)
            html(out, "%H<span class=\"role\">%s</span>", i ? "、" : "", p->roles[r].label);
        else
            html(out, "%H<span class=\"role unknown\">%s（基準にない役割）</span>", i ? "、" : "", u->roles[i]);
    }
}

static void user_json(const Profile *p, const UserRow *u, const char *email, Str *o)
{
    str_appendf(o, "{\"id\":%lld,\"login\":", u->id);
    str_append_json(o, u->login);
    str_append(o, ",\"name\":");
    str_append_json(o, u->name);
    str_append(o, ",\"department\":");
    str_append_json(o, u->department ? u->department : "");
    str_append(o, ",\"title\":");
    str_append_json(o, u->title ? u->title : "");
    str_append(o, ",\"email\":");
    str_append_json(o, email ? email : "");
    str_appendf(o, ",\"is_admin\":%s,\"is_auditor\":%s,\"active\":%s,\"roles\":[", u->is_admin ? "true" : "false",
                u->is_auditor ? "true" : "false", u->active ? "true" : "false");
    for (int i = 0; i < u->n_roles; i++) {
        int r = profile_role_index(p, u->roles[i]);
        str_append(o, i ? ",{\"id\":" : "{\"id\":");
        str_append_json(o, u->roles[i]);
        str_append(o, ",\"label\":");
        if (r >= 0)
            str_append_json(o, p->roles[r].label);
        else
            str_append(o, "null");
        str_append(o, "}");
    }
    str_append(o, "]}");
}

/* ---- the list ---- */

typedef struct UserList {
    UserRow *v;
    int n, cap;
    Arena *a;
} UserList;

static int collect_user(void *ctx, const UserRow *u)
{
    UserList *l = ctx;
    if (l->n == l->cap) {
        int ncap = l->cap ? l->cap * 2 : 64;
        UserRow *more = arena_alloc(l->a, sizeof *more * (size_t)ncap);
        if (!more)
            return 1;
        if (l->n)
            memcpy(more, l->v, sizeof *more * (size_t)l->n);
        l->v = more, l->cap = ncap;
    }
    l->v[l->n++] = *u;
    return 0;
}

void page_users(Web *w)
{
    App *app = w->app;
    app_scratch(app);
    UserList l = {.a = &app->arena};
    if (store_user_each(app->db, &app->arena, app->org.id, collect_user, &l) != 0 || app->arena.failed) {
        web_app_failed(w, app_dbfail(app));
        return;
    }
    /* After the list is read: one statement at a time. */
    const char **emails = arena_alloc(&app->arena, sizeof *emails * (size_t)(l.n ? l.n : 1));
    for (int i = 0; emails && i < l.n; i++)
        if (store_user_email(app->db, &app->arena, l.v[i].id, &emails[i]) < 0) {
            web_app_failed(w, app_dbfail(app));
            return;
        }
    if (!emails) {
        web_error(w, 503, "メモリが足りません (out of memory)", NULL);
        return;
    }
    Str *b = &w->rs->body;
    if (w->rq->is_api) {
        web_json_begin(w);
        str_append(b, "{\"users\":[");
        for (int i = 0; i < l.n; i++) {
            if (i)
                str_appendc(b, ',');
            user_json(app->profile, &l.v[i], emails[i], b);
        }
        str_append(b, "]}");
        return;
    }
    page_begin(w, "利用者");
    html(b, "<h1>利用者と役割 <small>%s・%d人</small></h1>", app->org.name, l.n);
    html(b, "<p class=\"actions\"><a class=\"button\" href=\"/users/new\">利用者を登録する</a></p>");
    html(b, "<table class=\"list\"><thead><tr><th>ログイン名</th><th>氏名</th><th>所属</th><th>職名</th><th>役割</th>"
            "<th>権限</th><th>状態</th></tr></thead><tbody>");
    for (int i = 0; i < l.n; i++) {
        const UserRow *u = &l.v[i];
        html(b, "<tr%H><td><a href=\"/users/%lld\">%s</a></td><td>%s</td><td>%s</td><td>%s</td><td>", u->active ? "" : " class=\"inactive\"",
             u->id, u->login, u->name, u->department, u->title);
        role_labels_html(app->profile, u, b);
        html(b, "</td><td>%s%s%s</td><td>%s</td></tr>", u->is_admin ? "システム管理者" : "", u->is_admin && u->is_auditor ? "、" : "",
             u->is_auditor ? "監査担当" : "", u->active ? "有効" : "無効");
    }
    html(b, "</tbody></table>");
    page_end(w);
}

/* ---- creating ---- */

static void role_checkboxes(Web *w, Str *b, const char **held, int n_held)
{
    const Profile *p = w->app->profile;
    html(b, "<fieldset><legend>役割（基準 %s の役割から選ぶ）</legend>", p->id);
    for (int r = 0; r < p->n_roles; r++) {
        int on = 0;
        for (int i = 0; i < n_held; i++)
            if (profile_role_index(p, held[i]) == r)
                on = 1;
        html(b, "<p><label><input type=\"checkbox\" name=\"role\" value=\"%s\"%H> %s</label>", p->roles[r].id,
             on ? " checked" : "", p->roles[r].label);
        admin_clause(b, p->roles[r].clause);
        html(b, "</p>");
    }
    html(b, "</fieldset>");
}

static const char PASSWORD_RULE[] = "12文字以上。確認のため同じものを2回入力してください。";

static void new_form(Web *w, const char *error)
{
    Str *b = &w->rs->body;
    const char *roles[ROLES_MAX];
    int n_roles = roles_param(w, roles);
#define V(name) (web_param(w, name) ? web_param(w, name) : "")
    page_begin(w, "利用者の登録");
    html(b, "<h1>利用者の登録</h1>");
    if (error)
        html(b, "<p class=\"error\" role=\"alert\">%s</p>", error);
    html(b, "<form method=\"post\" action=\"/users/new\">");
    page_csrf_field(w);
    html(b,
         "<p><label for=\"login\">ログイン名</label><input id=\"login\" name=\"login\" value=\"%s\" required maxlength=\"64\""
         " pattern=\"[a-z0-9][a-z0-9._\\-]*\" autocomplete=\"off\"> <small>英小文字・数字で始まり、英小文字・数字・. _ - の64文字以内</small></p>"
         "<p><label for=\"name\">氏名</label><input id=\"name\" name=\"name\" value=\"%s\" required maxlength=\"200\"></p>"
         "<p><label for=\"department\">所属</label><input id=\"department\" name=\"department\" value=\"%s\" maxlength=\"200\"></p>"
         "<p><label for=\"title\">職名</label><input id=\"title\" name=\"title\" value=\"%s\" maxlength=\"200\"></p>"
         "<p><label for=\"email\">メールアドレス（通知の送り先）</label><input id=\"email\" name=\"email\" type=\"email\" value=\"%s\" maxlength=\"254\"></p>",
         V("login"), V("name"), V("department"), V("title"), V("email"));
    role_checkboxes(w, b, roles, n_roles);
    html(b,
         "<p><label><input type=\"checkbox\" name=\"is_admin\" value=\"1\"%H> システム管理者（利用者と役割を管理する）</label></p>"
         "<p><label><input type=\"checkbox\" name=\"is_auditor\" value=\"1\"%H> 監査担当（監査記録を閲覧する）</label></p>"
         "<p><label for=\"password\">初期パスワード</label><input id=\"password\" name=\"password\" type=\"password\" required"
         " minlength=\"12\" autocomplete=\"new-password\"> <small>%s</small></p>"
         "<p><label for=\"password2\">初期パスワード（確認）</label><input id=\"password2\" name=\"password2\" type=\"password\" required"
         " minlength=\"12\" autocomplete=\"new-password\"></p>"
         "<p><button type=\"submit\">登録する</button> <a href=\"/users\">一覧へ戻る</a></p></form>",
         truthy(web_param(w, "is_admin")) ? " checked" : "", truthy(web_param(w, "is_auditor")) ? " checked" : "", PASSWORD_RULE);
#undef V
    page_end(w);
}

void page_user_new(Web *w) { new_form(w, NULL); }

/* A refusal of the form: the form again with the message (HTML), or the
 * JSON error. */
static void new_refused(Web *w, int status, const char *message, const char *clause)
{
    if (w->rq->is_api) {
        web_error(w, status, message, clause);
        return;
    }
    w->rs->status = status;
    new_form(w, message);
}

void post_user_new(Web *w)
{
    App *app = w->app;
    const char *roles[ROLES_MAX];
    int n_roles = roles_param(w, roles);
    const char *pw = web_param(w, "password");
    const char *again = web_param(w, w->rq->is_api ? "password_confirm" : "password2");
    const char *problem = password_problem(pw, again, !w->rq->is_api);
    if (problem) {
        new_refused(w, 422, problem, NULL);
        return;
    }
    const char *email = web_param(w, "email");
    if (email && *email && !app_email_valid(email)) {
        new_refused(w, 422, "メールアドレスの形が正しくありません（例: taro@city.example.lg.jp）", NULL);
        return;
    }
    NewUser u = {.login = web_param(w, "login"), .name = web_param(w, "name"), .department = web_param(w, "department"),
                 .title = web_param(w, "title"), .roles = roles, .n_roles = n_roles,
                 .is_admin = truthy(web_param(w, "is_admin")), .password = pw,
                 .is_auditor = truthy(web_param(w, "is_auditor"))};
    long long id = 0;
    AppRc rc = app_user_add(app, &u, &id);
    if (rc == APP_INVALID && !app->denied) {
        new_refused(w, 422, str_cstr(&app->err), app->clause);
        return;
    }
    if (web_app_failed(w, rc))
        return;
    /* The account exists now; its address is its own event (user.email).
     * Should that fail, the user's page says so. */
    const char *later = NULL;
    if (email && *email && app_user_set_email(app, u.login, email) != APP_OK)
        later = arena_strdup(w->rq->arena, str_cstr(&app->err));
    if (w->rq->is_api) {
        w->rs->status = 201;
        web_json_begin(w);
        str_appendf(&w->rs->body, "{\"id\":%lld,\"login\":", id);
        str_append_json(&w->rs->body, u.login);
        str_append(&w->rs->body, ",\"warning\":");
        if (later)
            str_append_json(&w->rs->body, later);
        else
            str_append(&w->rs->body, "null");
        str_append(&w->rs->body, "}");
        return;
    }
    char path[48];
    snprintf(path, sizeof path, "/users/%lld", id);
    Str m = STR_INIT;
    str_appendf(&m, "利用者 %s を登録しました。", u.login);
    if (later)
        str_appendf(&m, "ただし: %s", later);
    web_redirect(w, path, str_cstr(&m));
    str_free(&m);
}

/* ---- one user ---- */

/* The user {n} of the signed-in administrator's organization, or a 404. */
static int load_user(Web *w, UserRow *u, const char **email)
{
    App *app = w->app;
    app_scratch(app);
    int found = store_user_get(app->db, &app->arena, w->rq->path_arg[0], u);
    if (found < 0) {
        web_app_failed(w, app_dbfail(app));
        return 0;
    }
    if (!found || u->org_id != app->org.id) {
        web_error(w, 404, "利用者が見つかりません", NULL);
        return 0;
    }
    if (app_user_email(app, u->id, email) != APP_OK) {
        web_app_failed(w, APP_DBFAIL);
        return 0;
    }
    return 1;
}

static void user_page(Web *w, const UserRow *u, const char *email, const char *error)
{
    App *app = w->app;
    Str *b = &w->rs->body;
    char action[48];
    snprintf(action, sizeof action, "/users/%lld", u->id);
    page_begin(w, "利用者");
    html(b, "<h1>%s <small>%s</small></h1>", u->name, u->login);
    if (error)
        html(b, "<p class=\"error\" role=\"alert\">%s</p>", error);
    html(b, "<table class=\"fields\"><tbody><tr><th>ログイン名</th><td>%s</td></tr><tr><th>氏名</th><td>%s</td></tr>"
            "<tr><th>所属</th><td>%s</td></tr><tr><th>職名</th><td>%s</td></tr><tr><th>メールアドレス</th><td>%s</td></tr><tr><th>役割</th><td>",
         u->login, u->name, u->department, u->title, *email ? email : "（未登録: 通知はメールで届きません）");
    role_labels_html(app->profile, u, b);
    html(b, "</td></tr><tr><th>権限</th><td>%s%s%s</td></tr><tr><th>状態</th><td>%s</td></tr></tbody></table>",
         u->is_admin ? "システム管理者" : "", u->is_admin && u->is_auditor ? "、" : "", u->is_auditor ? "監査担当" : "",
         u->active ? "有効" : "無効（ログインできません）");
    html(b, "<p><a href=\"/audit?object=user:%U\">この利用者に関する監査記録</a> ・ <a href=\"/audit?actor=%U\">この利用者の操作</a></p>",
         u->login, u->login);

    html(b, "<section><h2>役割の変更</h2><form method=\"post\" action=\"%s\">", action);
    page_csrf_field(w);
    html(b, "<input type=\"hidden\" name=\"action\" value=\"roles\">");
    role_checkboxes(w, b, u->roles, u->n_roles);
    html(b, "<p><button type=\"submit\">役割を保存する</button></p></form></section>");

    html(b, "<section><h2>メールアドレス</h2><form method=\"post\" action=\"%s\">", action);
    page_csrf_field(w);
    html(b, "<input type=\"hidden\" name=\"action\" value=\"email\"><p><label for=\"email\">メールアドレス（空にすると削除）</label>"
            "<input id=\"email\" name=\"email\" type=\"email\" value=\"%s\" maxlength=\"254\"></p>"
            "<p><button type=\"submit\">保存する</button></p></form></section>",
         email);

    html(b, "<section><h2>パスワードの再設定</h2><form method=\"post\" action=\"%s\">", action);
    page_csrf_field(w);
    html(b, "<input type=\"hidden\" name=\"action\" value=\"password\">"
            "<p><label for=\"password\">新しいパスワード</label><input id=\"password\" name=\"password\" type=\"password\" required"
            " minlength=\"12\" autocomplete=\"new-password\"> <small>%s</small></p>"
            "<p><label for=\"password2\">新しいパスワード（確認）</label><input id=\"password2\" name=\"password2\" type=\"password\""
            " required minlength=\"12\" autocomplete=\"new-password\"></p>"
            "<p><button type=\"submit\">パスワードを設定する</button></p></form></section>",
         PASSWORD_RULE);

    html(b, "<section><h2>監査担当</h2><form method=\"post\" action=\"%s\">", action);
    page_csrf_field(w);
    html(b, "<input type=\"hidden\" name=\"action\" value=\"auditor\"><input type=\"hidden\" name=\"auditor\" value=\"%s\">"
            "<p>%s <button type=\"submit\" class=\"secondary\">%s</button></p></form></section>",
         u->is_auditor ? "0" : "1", u->is_auditor ? "監査担当です（監査記録を閲覧できます）。" : "監査担当ではありません。",
         u->is_auditor ? "監査担当を外す" : "監査担当にする");

    if (u->id != app->user.id) {
        html(b, "<section><h2>利用の停止</h2><form method=\"post\" action=\"%s\">", action);
        page_csrf_field(w);
        if (u->active)
            html(b, "<input type=\"hidden\" name=\"action\" value=\"deactivate\"><p>無効にするとログインできなくなり、"
                    "使用中のセッションも直ちに終了します。記録は残ります。</p><p><button type=\"submit\" class=\"danger\""
                    " data-confirm=\"%s さんを無効にしますか？\">無効にする</button></p></form></section>",
                 u->name);
        else
            html(b, "<input type=\"hidden\" name=\"action\" value=\"activate\"><p><button type=\"submit\">有効に戻す</button></p></form></section>");
    }
    html(b, "<p><a href=\"/users\">利用者の一覧へ戻る</a></p>");
    page_end(w);
}

static void user_answer_json(Web *w, const UserRow *u, const char *email)
{
    web_json_begin(w);
    user_json(w->app->profile, u, email, &w->rs->body);
}

void page_user(Web *w)
{
    UserRow u;
    const char *email;
    if (!load_user(w, &u, &email))
        return;
    if (w->rq->is_api)
        user_answer_json(w, &u, email);
    else
        user_page(w, &u, email, NULL);
}

void post_user(Web *w)
{
    App *app = w->app;
    UserRow u;
    const char *email;
    if (!load_user(w, &u, &email))
        return;
    /* The row lives in app->arena, which the use case resets: keep the login. */
    const char *login = arena_strdup(w->rq->arena, u.login);
    const char *what = web_param(w, "action");
    what = what ? what : "";
    AppRc rc;
    const char *done;
    if (strcmp(what, "roles") == 0) {
        const char *roles[ROLES_MAX];
        int n = roles_param(w, roles);
        rc = app_user_set_roles(app, login, roles, n);
        done = "役割を変更しました";
    } else if (strcmp(what, "password") == 0) {
        const char *pw = web_param(w, "password");
        const char *problem = password_problem(pw, web_param(w, w->rq->is_api ? "password_confirm" : "password2"), !w->rq->is_api);
        if (problem) {
            if (w->rq->is_api) {
                web_error(w, 422, problem, NULL);
            } else {
                w->rs->status = 422;
                user_page(w, &u, email, problem);
            }
            return;
        }
        rc = app_user_set_password(app, login, pw);
        done = "パスワードを設定しました";
    } else if (strcmp(what, "email") == 0) {
        rc = app_user_set_email(app, login, web_param(w, "email"));
        done = "メールアドレスを保存しました";
    } else if (strcmp(what, "auditor") == 0) {
        int on = truthy(web_param(w, "auditor"));
        rc = app_user_set_auditor(app, login, on);
        done = on ? "監査担当にしました" : "監査担当を外しました";
    } else if (strcmp(what, "deactivate") == 0 || strcmp(what, "activate") == 0) {
        int on = strcmp(what, "activate") == 0;
        rc = app_user_set_active(app, login, on);
        done = on ? "利用者を有効に戻しました" : "利用者を無効にしました";
    } else {
        web_error(w, 400, "action は roles, password, email, auditor, deactivate, activate のいずれかにしてください", NULL);
        return;
    }
    if (rc == APP_INVALID && !app->denied && !w->rq->is_api) {
        /* Show the refusal on the user's page, read again (the use case
         * reset the scratch the row lived in). */
        const char *msg = arena_strdup(w->rq->arena, str_cstr(&app->err));
        if (!load_user(w, &u, &email))
            return;
        w->rs->status = 422;
        user_page(w, &u, email, msg);
        return;
    }
    if (web_app_failed(w, rc))
        return;
    if (w->rq->is_api) {
        if (load_user(w, &u, &email))
            user_answer_json(w, &u, email);
        return;
    }
    char path[48];
    snprintf(path, sizeof path, "/users/%lld", u.id);
    web_redirect(w, path, done);
}
