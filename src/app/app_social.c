/* The social-media register's use cases (app/app_social.h). */
#include "app/app_social.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/app_internal.h"
#include "domain/dates.h"
#include "exchange/json_reader.h"

const char *const social_verified_names[] = {"obtained", "not_obtained", "not_offered", NULL};
const char *const social_verified_labels[] = {"取得済み", "未取得", "発行されていない"};
const char *const social_two_factor_names[] = {"enabled", "disabled", "not_offered", NULL};
const char *const social_two_factor_labels[] = {"利用している", "利用していない", "提供されていない"};
const char *const social_status_names[] = {"active", "suspended", "closed", NULL};
const char *const social_status_labels[] = {"運用中", "停止中", "廃止"};
const char *const social_check_status_names[] = {"done", "not_applicable", "not_done", NULL};
const char *const social_check_status_labels[] = {"実施済", "該当なし", "未実施"};

enum { TEXT_MAX = 4000 };

const SocialPolicy *app_social_policy(App *app)
{
    if (!app->acting) {
        app_fail(app, APP_INVALID, NULL, "操作する利用者を --as LOGIN で指定してください");
        return NULL;
    }
    if (!app->profile->social) {
        app_fail(app, APP_INVALID, NULL, "この団体の基準（%s）にはソーシャルメディアの定めがありません", app->profile->id);
        return NULL;
    }
    return app->profile->social;
}

int app_social_may_manage(const App *app)
{
    const SocialPolicy *s = app->profile ? app->profile->social : NULL;
    return s && s->manager_role >= 0 && (app->actor.roles & ROLE_BIT(s->manager_role));
}

/* Refuse unless the acting user holds the manager role. */
static AppRc require_manager(App *app, const SocialPolicy *s, const char *what)
{
    if (app_social_may_manage(app))
        return APP_OK;
    AppRc rc = app_fail(app, APP_INVALID, s->manager_clause, "%sは%sが行います [%s]", what,
                        app->profile->roles[s->manager_role].label, s->manager_clause);
    app->denied = 1;
    return rc;
}

static int too_long(const char *s)
{
    return s && strlen(s) > TEXT_MAX;
}

AppRc app_social_account_get(App *app, long long id, SocialAccountRow *out)
{
    int found = store_social_account_get(app->db, &app->arena, app->org.id, id, out);
    if (found < 0)
        return app_dbfail(app);
    if (!found)
        return app_fail(app, APP_INVALID, NULL, "SNSアカウント %lld は登録されていません (no such account)", id);
    return APP_OK;
}

static const char *nz(const char *s)
{
    return s ? s : "";
}

AppRc app_social_account_add(App *app, const NewSocialAccount *a, long long *id)
{
    app_scratch(app);
    const SocialPolicy *s = app_social_policy(app);
    AppRc rc;
    if (!s || (rc = require_manager(app, s, "公式アカウントの登録")))
        return s ? rc : APP_INVALID;
    if (!a->service || !*a->service)
        return app_fail(app, APP_INVALID, NULL, "service（サービス名: X、Instagram など）を記入してください");
    if (!a->account_name || !*a->account_name)
        return app_fail(app, APP_INVALID, NULL, "account_name（アカウント名）を記入してください");
    if (state_index(social_verified_names, a->verified) < 0)
        return app_fail(app, APP_INVALID, "10エ(ア)", "verified は obtained（取得済み）, not_obtained（未取得）, not_offered（発行されていない）のいずれかです");
    if (state_index(social_two_factor_names, a->two_factor) < 0)
        return app_fail(app, APP_INVALID, "10オ(イ)", "two_factor は enabled, disabled, not_offered のいずれかです");
    const char *texts[] = {a->service, a->account_name, a->account_url, a->announce_url, a->policy, a->password_holders};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (too_long(texts[i]))
            return app_fail(app, APP_INVALID, NULL, "記入が長すぎます（%d 文字まで）", TEXT_MAX);
    if (a->n_devices > 64)
        return app_fail(app, APP_INVALID, NULL, "ログイン端末は 64 台までです");
    for (int i = 0; i < a->n_devices; i++)
        if (!a->devices[i].description || !*a->devices[i].description || too_long(a->devices[i].description))
            return app_fail(app, APP_INVALID, "10オ(ウ)", "ログイン端末 %d の説明（description）を記入してください", i + 1);
    SocialAccountRow row = {0};
    if (a->ledger_number) {
        EntryRow e;
        int found = store_entry_by_number(app->db, &app->arena, app->org.id, a->ledger_number, &e);
        if (found < 0)
            return app_dbfail(app);
        if (!found)
            return app_fail(app, APP_INVALID, NULL, "台帳 第%lld号 はありません (ledger)", a->ledger_number);
        row.ledger_id = e.id;
    }
    char due[11];
    date_format(app->today, due); /* a new account is monitored from the start */
    row.org_id = app->org.id;
    row.service = a->service;
    row.account_name = a->account_name;
    row.account_url = nz(a->account_url);
    row.verified = a->verified;
    row.announce_url = nz(a->announce_url);
    row.policy = nz(a->policy);
    row.info_only = a->info_only != 0;
    row.two_factor = a->two_factor;
    row.password_holders = nz(a->password_holders);
    row.status = "active";
    row.monitor_due = due;
    row.created_at = app->now;
    row.devices = (SocialDevice *)a->devices;
    row.n_devices = a->n_devices;
    long long new_id = 0;
    Str data = STR_INIT;
    str_append(&data, "{\"service\":");
    str_append_json(&data, a->service);
    str_append(&data, ",\"account_name\":");
    str_append_json(&data, a->account_name);
    str_appendf(&data, ",\"verified\":\"%s\",\"two_factor\":\"%s\",\"devices\":%d,\"ledger\":%lld}", a->verified,
                a->two_factor, a->n_devices, a->ledger_number);
    if (str_failed(&data) || audit_begin(app->db) != 0 || store_social_account_insert(app->db, &row, app->user.id, &new_id) != 0 ||
        app_audit(app, "social.account.add", app_object(app, "social", new_id), str_cstr(&data)) != 0 ||
        db_commit(app->db) != 0)
        rc = app_dbfail(app);
    else
        rc = APP_OK;
    str_free(&data);
    if (rc == APP_OK && id)
        *id = new_id;
    return rc;
}

/* ---- the account document (JSON) ---- */

static int json_text(Jr *r, const char **out)
{
    size_t len;
    return jr_peek(r) == JT_STRING && jr_string(r, out, &len);
}

/* A list of strings joined by newlines (the register keeps names one per line). */
static int json_lines(Jr *r, Arena *a, const char **out)
{
    Str s = STR_INIT;
    int ok = jr_peek(r) == JT_ARRAY && jr_array_begin(r);
    while (ok && jr_array_next(r)) {
        const char *v;
        if (!json_text(r, &v) || strchr(v, '\n')) {
            ok = 0;
            break;
        }
        str_appendf(&s, "%s%s", s.len ? "\n" : "", v);
    }
    *out = ok && !str_failed(&s) ? arena_strdup(a, str_cstr(&s)) : NULL;
    str_free(&s);
    return ok && *out;
}

static int json_devices(Jr *r, Arena *a, SocialDevice **out, int *n)
{
    enum { MAX = 64 };
    *out = arena_alloc(a, sizeof **out * MAX);
    *n = 0;
    if (!*out || jr_peek(r) != JT_ARRAY || !jr_array_begin(r))
        return 0;
    while (jr_array_next(r)) {
        if (*n == MAX || jr_peek(r) != JT_OBJECT || !jr_object_begin(r))
            return 0;
        SocialDevice *d = &(*out)[(*n)++];
        d->managed = -1;
        const char *key;
        while (jr_object_key(r, &key)) {
            if (strcmp(key, "description") == 0 && json_text(r, &d->description))
                continue;
            if (strcmp(key, "managed") == 0 && jr_peek(r) != JT_STRING && jr_bool(r, &d->managed))
                continue;
            return 0;
        }
        if (!d->description || d->managed < 0)
            return 0;
    }
    return 1;
}

AppRc app_social_account_parse(App *app, Arena *arena, const char *file, const char *json, size_t len,
                               NewSocialAccount *out)
{
    memset(out, 0, sizeof *out);
    Errors errs = {0};
    Jr r;
    jr_init(&r, file, json, len, &errs, arena);
    const char *bad = NULL, *key = NULL;
    if (jr_peek(&r) != JT_OBJECT || !jr_object_begin(&r))
        bad = "(document)";
    while (!bad && jr_object_key(&r, &key)) {
        int ok;
        long long num;
        double d;
        int is_int;
        if (!strcmp(key, "service"))
            ok = json_text(&r, &out->service);
        else if (!strcmp(key, "account_name"))
            ok = json_text(&r, &out->account_name);
        else if (!strcmp(key, "account_url"))
            ok = json_text(&r, &out->account_url);
        else if (!strcmp(key, "verified"))
            ok = json_text(&r, &out->verified);
        else if (!strcmp(key, "announce_url"))
            ok = json_text(&r, &out->announce_url);
        else if (!strcmp(key, "policy"))
            ok = json_text(&r, &out->policy);
        else if (!strcmp(key, "info_only"))
            ok = jr_peek(&r) != JT_STRING && jr_bool(&r, &out->info_only);
        else if (!strcmp(key, "two_factor"))
            ok = json_text(&r, &out->two_factor);
        else if (!strcmp(key, "password_holders"))
            ok = json_lines(&r, arena, &out->password_holders);
        else if (!strcmp(key, "devices")) {
            SocialDevice *dv;
            ok = json_devices(&r, arena, &dv, &out->n_devices);
            out->devices = dv;
        } else if (!strcmp(key, "ledger"))
            ok = jr_peek(&r) == JT_NUMBER && jr_number(&r, &num, &d, &is_int) && is_int && num > 0 &&
                 (out->ledger_number = num, 1);
        else if (strstr(key, "password") || strstr(key, "passphrase")) {
            errors_free(&errs);
            return app_fail(app, APP_INVALID, "10オ(ア)",
                            "%s: '%s': パスワードは登録しません。password_holders にパスワードを知る担当者の氏名だけを書いてください [10オ(ア)]",
                            file, key);
        } else {
            errors_free(&errs);
            return app_fail(app, APP_INVALID, NULL,
                            "%s: '%s' は知らない項目です (allowed: service, account_name, account_url, verified, announce_url,"
                            " policy, info_only, two_factor, password_holders, devices, ledger)",
                            file, key);
        }
        if (!ok)
            bad = key;
    }
    if (!bad && !r.failed)
        jr_finish(&r);
    AppRc rc = APP_OK;
    if (r.failed)
        rc = app_fail(app, APP_INVALID, NULL, "%s", errs.count ? errs.msg[0] : "JSON syntax error");
    else if (bad)
        rc = app_fail(app, APP_INVALID, NULL,
                      "%s: '%s' の形が正しくありません（文字列、true/false、氏名の配列、"
                      "[{\"description\": \"…\", \"managed\": true}] の配列、台帳番号のいずれか: docs/social.md）",
                      file, bad);
    errors_free(&errs);
    return rc;
}

AppRc app_social_account_status(App *app, long long id, const char *status, const char *reason)
{
    app_scratch(app);
    const SocialPolicy *s = app_social_policy(app);
    SocialAccountRow a;
    AppRc rc;
    if (!s)
        return APP_INVALID;
    if ((rc = app_social_account_get(app, id, &a)) || (rc = require_manager(app, s, "アカウントの状態の変更")))
        return rc;
    if (state_index(social_status_names, status) < 0)
        return app_fail(app, APP_INVALID, NULL, "状態は active（運用中）, suspended（停止中）, closed（廃止）のいずれかです");
    if (strcmp(a.status, "closed") == 0)
        return app_fail(app, APP_INVALID, NULL, "廃止したアカウントの状態は変えられません");
    if (strcmp(a.status, status) == 0)
        return app_fail(app, APP_INVALID, NULL, "アカウントはすでに%sです", social_status_labels[state_index(social_status_names, status)]);
    if (!reason || !*reason || too_long(reason))
        return app_fail(app, APP_INVALID, NULL, "状態を変える理由（reason）を記入してください");
    Str data = STR_INIT;
    str_appendf(&data, "{\"from\":\"%s\",\"to\":\"%s\",\"reason\":", a.status, status);
    str_append_json(&data, reason);
    str_appendc(&data, '}');
    rc = APP_OK;
    if (str_failed(&data) || audit_begin(app->db) != 0 || store_social_account_status(app->db, id, status, app->now) != 0 ||
        app_audit(app, "social.account.status", app_object(app, "social", id), str_cstr(&data)) != 0 ||
        db_commit(app->db) != 0)
        rc = app_dbfail(app);
    str_free(&data);
    return rc;
}

/* Load the account for a change by the manager; refuse a closed one. */
static AppRc account_for_change(App *app, long long id, const char *what, const SocialPolicy **s, SocialAccountRow *a)
{
    app_scratch(app);
    AppRc rc;
    if (!(*s = app_social_policy(app)))
        return APP_INVALID;
    if ((rc = app_social_account_get(app, id, a)) || (rc = require_manager(app, *s, what)))
        return rc;
    if (strcmp(a->status, "closed") == 0)
        return app_fail(app, APP_INVALID, NULL, "廃止したアカウント %lld には記録できません", id);
    return APP_OK;
}

AppRc app_social_check(App *app, long long id, const char *item, const char *status, const char *evidence)
{
    const SocialPolicy *s;
    SocialAccountRow a;
    AppRc rc = account_for_change(app, id, "アカウントの確認の記録", &s, &a);
    if (rc)
        return rc;
    int k = social_check_index(s, item);
    if (k < 0)
        return app_fail(app, APP_INVALID, NULL, "確認項目 '%s' はこの基準にありません（daicho social show %lld で一覧）", item ? item : "", id);
    const SocialCheck *c = &s->checks[k];
    if (state_index(social_check_status_names, status) < 0)
        return app_fail(app, APP_INVALID, NULL, "status '%s' は done, not_applicable, not_done のいずれかです", status ? status : "");
    if (strcmp(status, "not_done") != 0 && (!evidence || !*evidence))
        return app_fail(app, APP_INVALID, c->clause, "実施済・該当なしには確認の根拠（evidence）を記入してください [%s]", c->clause);
    if (too_long(evidence))
        return app_fail(app, APP_INVALID, NULL, "根拠が長すぎます（%d 文字まで）", TEXT_MAX);
    Str data = STR_INIT;
    str_append(&data, "{\"item\":");
    str_append_json(&data, c->id);
    str_append(&data, ",\"clause\":");
    str_append_json(&data, c->clause);
    str_appendf(&data, ",\"status\":\"%s\",\"evidence\":", status);
    str_append_json(&data, nz(evidence));
    str_appendc(&data, '}');
    if (str_failed(&data) || audit_begin(app->db) != 0 ||
        store_social_check_insert(app->db, id, c->id, status, evidence, app->user.id, app->now) != 0 ||
        app_audit(app, "social.check", app_object(app, "social", id), str_cstr(&data)) != 0 || db_commit(app->db) != 0)
        rc = app_dbfail(app);
    str_free(&data);
    return rc;
}

AppRc app_social_monitor(App *app, long long id, const char *result, const char *note)
{
    const SocialPolicy *s;
    SocialAccountRow a;
    AppRc rc = account_for_change(app, id, "監視の記録", &s, &a);
    if (rc)
        return rc;
    if (!result || (strcmp(result, "ok") != 0 && strcmp(result, "issues") != 0))
        return app_fail(app, APP_INVALID, s->monitoring_clause, "監視の結果（result）は ok（問題なし）か issues（要対応）です");
    if (strcmp(result, "issues") == 0 && (!note || !*note))
        return app_fail(app, APP_INVALID, s->monitoring_clause, "要対応 (issues) の内容（note）を記入してください");
    if (too_long(note))
        return app_fail(app, APP_INVALID, NULL, "内容が長すぎます（%d 文字まで）", TEXT_MAX);
    char due[11];
    date_format(date_add_days(app->today, s->monitoring_days), due);
    Str data = STR_INIT;
    str_appendf(&data, "{\"result\":\"%s\",\"next_due\":\"%s\",\"note\":", result, due);
    str_append_json(&data, nz(note));
    str_appendc(&data, '}');
    if (str_failed(&data) || audit_begin(app->db) != 0 ||
        store_social_monitor_insert(app->db, id, app->user.id, app->now, result, note, due) != 0 ||
        app_audit(app, "social.monitor", app_object(app, "social", id), str_cstr(&data)) != 0 || db_commit(app->db) != 0)
        rc = app_dbfail(app);
    str_free(&data);
    return rc;
}

/* ---- due monitoring ---- */

typedef struct DueList {
    SocialAccountRow *rows;
    int n, cap;
    const char *limit;              /* YYYY-MM-DD */
} DueList;

static int collect_due(void *ctx, const SocialAccountRow *row)
{
    DueList *l = ctx;
    if (strcmp(row->status, "closed") == 0 || strcmp(row->monitor_due, l->limit) > 0)
        return 0;
    if (l->n == l->cap)
        return 1;
    l->rows[l->n++] = *row;
    return 0;
}

AppRc app_social_due(App *app, int within_days, void (*fn)(void *ctx, const SocialDue *d), void *ctx)
{
    app_scratch(app);
    if (!app_social_policy(app))
        return APP_INVALID;
    char limit[11];
    date_format(date_add_days(app->today, within_days < 0 ? 0 : within_days), limit);
    DueList l = {arena_alloc(&app->arena, sizeof(SocialAccountRow) * 1024), 0, 1024, limit};
    if (!l.rows)
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    if (store_social_accounts(app->db, &app->arena, app->org.id, collect_due, &l) != 0)
        return app_dbfail(app);
    /* By due date (insertion sort: the list is short). */
    for (int i = 1; i < l.n; i++)
        for (int j = i; j > 0 && strcmp(l.rows[j - 1].monitor_due, l.rows[j].monitor_due) > 0; j--) {
            SocialAccountRow t = l.rows[j];
            l.rows[j] = l.rows[j - 1];
            l.rows[j - 1] = t;
        }
    for (int i = 0; i < l.n; i++) {
        int ymd = 0;
        date_parse(l.rows[i].monitor_due, &ymd);
        int days = 0;
        for (int d = app->today; d < ymd && days < 400; d = date_add_days(d, 1))
            days++;
        for (int d = ymd; d && d < app->today && days > -4000; d = date_add_days(d, 1))
            days--;
        SocialDue due = {&l.rows[i], ymd < app->today, days};
        fn(ctx, &due);
    }
    return APP_OK;
}

/* ---- pre-posting and password checks ---- */

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
    const char *text = nz(in->text);
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

/* An array of strings into an arena array. */
static int json_strings(Jr *r, Arena *a, const char *const **out, int *n)
{
    enum { MAX = 128 };
    const char **v = arena_alloc(a, sizeof *v * MAX);
    *out = v;
    *n = 0;
    if (!v || jr_peek(r) != JT_ARRAY || !jr_array_begin(r))
        return 0;
    while (jr_array_next(r)) {
        if (*n == MAX || !json_text(r, &v[*n]))
            return 0;
        (*n)++;
    }
    return 1;
}

static int json_flag(Jr *r, int *out)
{
    return jr_peek(r) != JT_STRING && jr_bool(r, out);
}

AppRc app_social_post_parse(App *app, Arena *arena, const char *file, const char *json, size_t len, PostInput *in,
                            long long *account_id)
{
    memset(in, 0, sizeof *in);
    *account_id = 0;
    Errors errs = {0};
    Jr r;
    jr_init(&r, file, json, len, &errs, arena);
    const char *bad = NULL, *key = NULL;
    if (jr_peek(&r) != JT_OBJECT || !jr_object_begin(&r))
        bad = "(document)";
    while (!bad && jr_object_key(&r, &key)) {
        int ok, is_int;
        long long num;
        double d;
        if (!strcmp(key, "account"))
            ok = jr_peek(&r) == JT_NUMBER && jr_number(&r, &num, &d, &is_int) && is_int && num > 0 && (*account_id = num, 1);
        else if (!strcmp(key, "text"))
            ok = json_text(&r, &in->text);
        else if (!strcmp(key, "confidentiality"))
            ok = json_text(&r, &in->confidentiality);
        else if (!strcmp(key, "availability"))
            ok = json_text(&r, &in->availability);
        else if (!strcmp(key, "urls"))
            ok = json_strings(&r, arena, &in->urls, &in->n_urls);
        else if (!strcmp(key, "confirmed"))
            ok = json_strings(&r, arena, &in->confirmed, &in->n_confirmed);
        else if (!strcmp(key, "video"))
            ok = json_flag(&r, &in->video);
        else if (!strcmp(key, "comments_disabled"))
            ok = json_flag(&r, &in->comments_disabled);
        else if (!strcmp(key, "ratings_disabled"))
            ok = json_flag(&r, &in->ratings_disabled);
        else if (!strcmp(key, "student_work"))
            ok = json_flag(&r, &in->student_work);
        else if (!strcmp(key, "student_consent"))
            ok = json_flag(&r, &in->student_consent);
        else {
            errors_free(&errs);
            return app_fail(app, APP_INVALID, NULL,
                            "%s: '%s' は知らない項目です (allowed: account, text, confidentiality, availability, urls, video,"
                            " comments_disabled, ratings_disabled, student_work, student_consent, confirmed)",
                            file, key);
        }
        if (!ok)
            bad = key;
    }
    if (!bad && !r.failed)
        jr_finish(&r);
    AppRc rc = APP_OK;
    if (r.failed)
        rc = app_fail(app, APP_INVALID, NULL, "%s", errs.count ? errs.msg[0] : "JSON syntax error");
    else if (bad)
        rc = app_fail(app, APP_INVALID, NULL, "%s: '%s' の形が正しくありません（docs/social.md の投稿前確認の文書を参照）", file, bad);
    errors_free(&errs);
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

/* ---- playbooks ---- */

typedef struct OpenRun {
    const char *playbook;
    int open;
} OpenRun;

static int find_open(void *ctx, const PlaybookRunRow *row)
{
    OpenRun *o = ctx;
    if (!row->closed_at && strcmp(row->playbook, o->playbook) == 0)
        o->open = 1;
    return o->open;
}

AppRc app_playbook_start(App *app, long long account_id, const char *playbook, const char *note, long long *run_id)
{
    const SocialPolicy *s;
    SocialAccountRow a;
    AppRc rc = account_for_change(app, account_id, "トラブル対応の記録", &s, &a);
    if (rc)
        return rc;
    int k = social_playbook_index(s, playbook);
    if (k < 0) {
        Str ids = STR_INIT;
        for (int i = 0; i < s->n_playbooks; i++)
            str_appendf(&ids, "%s%s", i ? ", " : "", s->playbooks[i].id);
        rc = app_fail(app, APP_INVALID, NULL, "対応手順 '%s' はこの基準にありません (allowed: %s)", playbook ? playbook : "",
                      str_cstr(&ids));
        str_free(&ids);
        return rc;
    }
    const Playbook *b = &s->playbooks[k];
    if (too_long(note))
        return app_fail(app, APP_INVALID, NULL, "記入が長すぎます（%d 文字まで）", TEXT_MAX);
    OpenRun o = {b->id, 0};
    if (store_playbook_runs(app->db, &app->arena, app->org.id, SOCIAL_SUBJECT, account_id, find_open, &o) != 0)
        return app_dbfail(app);
    if (o.open)
        return app_fail(app, APP_INVALID, b->clause, "アカウント %lld では「%s」の対応がすでに進行中です", account_id, b->label);
    long long id = 0;
    Str data = STR_INIT;
    str_append(&data, "{\"playbook\":");
    str_append_json(&data, b->id);
    str_append(&data, ",\"clause\":");
    str_append_json(&data, b->clause);
    str_appendf(&data, ",\"subject\":\"%s:%lld\",\"note\":", SOCIAL_SUBJECT, account_id);
    str_append_json(&data, nz(note));
    str_appendc(&data, '}');
    if (str_failed(&data) || audit_begin(app->db) != 0 ||
        store_playbook_run_insert(app->db, app->org.id, SOCIAL_SUBJECT, account_id, b->id, b->n_steps, note,
                                  app->user.id, app->now, &id) != 0 ||
        app_audit(app, "playbook.start", app_object(app, "playbook-run", id), str_cstr(&data)) != 0 ||
        db_commit(app->db) != 0)
        rc = app_dbfail(app);
    str_free(&data);
    if (rc == APP_OK && run_id)
        *run_id = id;
    return rc;
}

AppRc app_playbook_run_get(App *app, long long run_id, PlaybookRunRow *out, const Playbook **book)
{
    const SocialPolicy *s = app_social_policy(app);
    if (!s)
        return APP_INVALID;
    int found = store_playbook_run_get(app->db, &app->arena, app->org.id, run_id, out);
    if (found < 0)
        return app_dbfail(app);
    if (!found)
        return app_fail(app, APP_INVALID, NULL, "対応記録 %lld はありません (no such playbook run)", run_id);
    int k = social_playbook_index(s, out->playbook);
    *book = k >= 0 ? &s->playbooks[k] : NULL;
    return APP_OK;
}

/* The run for a change by the manager (open, its playbook known). */
static AppRc run_for_change(App *app, long long run_id, PlaybookRunRow *run, const Playbook **book)
{
    app_scratch(app);
    AppRc rc = app_playbook_run_get(app, run_id, run, book);
    if (rc || (rc = require_manager(app, app->profile->social, "トラブル対応の記録")))
        return rc;
    if (run->closed_at)
        return app_fail(app, APP_INVALID, NULL, "対応記録 %lld は完了しています", run_id);
    if (!*book)
        return app_fail(app, APP_INVALID, NULL, "対応手順 '%s' は基準から削除されました", run->playbook);
    return APP_OK;
}

AppRc app_playbook_step(App *app, long long run_id, int step, const char *note)
{
    PlaybookRunRow run;
    const Playbook *b = NULL;
    AppRc rc = run_for_change(app, run_id, &run, &b);
    if (rc)
        return rc;
    int n = run.n_steps < b->n_steps ? run.n_steps : b->n_steps;
    if (step < 1 || step > n)
        return app_fail(app, APP_INVALID, b->clause, "手順 %d はありません（「%s」の手順は 1〜%d）", step, b->label, n);
    if (step <= run.steps_done)
        return app_fail(app, APP_INVALID, b->clause, "手順 %d は記録済みです", step);
    if (step != run.steps_done + 1)
        return app_fail(app, APP_INVALID, b->clause, "手順は順に記録します。先に手順 %d「%s」を記録してください [%s]",
                        run.steps_done + 1, b->steps[run.steps_done].text, b->clause);
    if (too_long(note))
        return app_fail(app, APP_INVALID, NULL, "記入が長すぎます（%d 文字まで）", TEXT_MAX);
    const PlaybookStep *st = &b->steps[step - 1];
    if (st->n_notify && (!note || !*note))
        return app_fail(app, APP_INVALID, b->clause, "手順 %d は報告の手順です。報告した相手・日時などを記入（note）してください [%s]", step,
                        b->clause);
    Str data = STR_INIT;
    str_appendf(&data, "{\"playbook\":\"%s\",\"step\":%d,\"text\":", run.playbook, step);
    str_append_json(&data, st->text);
    str_append(&data, ",\"note\":");
    str_append_json(&data, nz(note));
    str_appendc(&data, '}');
    if (str_failed(&data) || audit_begin(app->db) != 0 ||
        store_playbook_step_insert(app->db, run_id, step, note, app->user.id, app->now) != 0 ||
        app_audit(app, "playbook.step", app_object(app, "playbook-run", run_id), str_cstr(&data)) != 0 ||
        db_commit(app->db) != 0)
        rc = app_dbfail(app);
    str_free(&data);
    return rc;
}

AppRc app_playbook_close(App *app, long long run_id)
{
    PlaybookRunRow run;
    const Playbook *b = NULL;
    AppRc rc = run_for_change(app, run_id, &run, &b);
    if (rc)
        return rc;
    int n = run.n_steps < b->n_steps ? run.n_steps : b->n_steps;
    if (run.steps_done < n)
        return app_fail(app, APP_INVALID, b->clause, "まだ記録されていない手順があります（%d / %d）。次は手順 %d「%s」です [%s]",
                        run.steps_done, n, run.steps_done + 1, b->steps[run.steps_done].text, b->clause);
    Str data = STR_INIT;
    str_appendf(&data, "{\"playbook\":\"%s\",\"steps\":%d}", run.playbook, run.steps_done);
    int closed = -1;
    if (str_failed(&data) || audit_begin(app->db) != 0 ||
        (closed = store_playbook_run_close(app->db, run_id, app->user.id, app->now)) < 0 ||
        (closed == 1 && app_audit(app, "playbook.close", app_object(app, "playbook-run", run_id), str_cstr(&data)) != 0))
        rc = app_dbfail(app);
    else if (closed == 0) {
        db_rollback(app->db);
        rc = app_fail(app, APP_INVALID, NULL, "対応記録 %lld は完了しています", run_id);
    } else if (db_commit(app->db) != 0)
        rc = app_dbfail(app);
    str_free(&data);
    return rc;
}
