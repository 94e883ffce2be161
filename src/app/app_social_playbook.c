/* Incident playbooks over a social-media account (app/app_social.h;
 * tokyo-edu 10キ): start a run, record its steps in order, close it once
 * every step is recorded. The steps come from the profile's playbooks; only
 * the manager role records (app_social_require_manager). Where the
 * profile's incidents section names a social_kind, a run is an incident
 * (app/app_incident.h): starting opens it in handling, each step is a note
 * on it, closing the run resolves it — in the same transaction. */
#include <string.h>

#include "app/app_incident.h"
#include "app/app_internal.h"
#include "app/app_social_internal.h"

/* Close the event's JSON object (after the incident hooks added to it): 0,
 * or -1 when the text could not be built. */
static int end_event(Str *data)
{
    str_appendc(data, '}');
    return str_failed(data) ? -1 : 0;
}

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
    AppRc rc = app_social_account_for_change(app, account_id, "トラブル対応の記録", &s, &a);
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
    if (app_social_too_long(note))
        return app_fail(app, APP_INVALID, NULL, "記入が長すぎます（%d 文字まで）", SOCIAL_TEXT_MAX);
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
    str_append_json(&data, app_social_nz(note));
    if (str_failed(&data) || audit_begin(app->db) != 0 ||
        store_playbook_run_insert(app->db, app->org.id, SOCIAL_SUBJECT, account_id, b->id, b->n_steps, note,
                                  app->user.id, app->now, &id) != 0 ||
        app_incident_playbook_open(app, id, &a, b, note, &data) != 0 || end_event(&data) != 0 ||
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

/* The run for a change by the manager (open, its playbook known); *n: the
 * steps it has (the fewer of the run's and the playbook's, should the
 * profile have changed since it started). */
static AppRc run_for_change(App *app, long long run_id, PlaybookRunRow *run, const Playbook **book, int *n)
{
    app_scratch(app);
    AppRc rc = app_playbook_run_get(app, run_id, run, book);
    if (rc || (rc = app_social_require_manager(app, app->profile->social, "トラブル対応の記録")))
        return rc;
    if (run->closed_at)
        return app_fail(app, APP_INVALID, NULL, "対応記録 %lld は完了しています", run_id);
    if (!*book)
        return app_fail(app, APP_INVALID, NULL, "対応手順 '%s' は基準から削除されました", run->playbook);
    *n = run->n_steps < (*book)->n_steps ? run->n_steps : (*book)->n_steps;
    return APP_OK;
}

AppRc app_playbook_step(App *app, long long run_id, int step, const char *note)
{
    PlaybookRunRow run;
    const Playbook *b = NULL;
    int n = 0;
    AppRc rc = run_for_change(app, run_id, &run, &b, &n);
    if (rc)
        return rc;
    if (step < 1 || step > n)
        return app_fail(app, APP_INVALID, b->clause, "手順 %d はありません（「%s」の手順は 1〜%d）", step, b->label, n);
    if (step <= run.steps_done)
        return app_fail(app, APP_INVALID, b->clause, "手順 %d は記録済みです", step);
    if (step != run.steps_done + 1)
        return app_fail(app, APP_INVALID, b->clause, "手順は順に記録します。先に手順 %d「%s」を記録してください [%s]",
                        run.steps_done + 1, b->steps[run.steps_done].text, b->clause);
    if (app_social_too_long(note))
        return app_fail(app, APP_INVALID, NULL, "記入が長すぎます（%d 文字まで）", SOCIAL_TEXT_MAX);
    const PlaybookStep *st = &b->steps[step - 1];
    if (st->n_notify && (!note || !*note))
        return app_fail(app, APP_INVALID, b->clause, "手順 %d は報告の手順です。報告した相手・日時などを記入（note）してください [%s]", step,
                        b->clause);
    Str data = STR_INIT;
    str_appendf(&data, "{\"playbook\":\"%s\",\"step\":%d,\"text\":", run.playbook, step);
    str_append_json(&data, st->text);
    str_append(&data, ",\"note\":");
    str_append_json(&data, app_social_nz(note));
    if (str_failed(&data) || audit_begin(app->db) != 0 ||
        store_playbook_step_insert(app->db, run_id, step, note, app->user.id, app->now) != 0 ||
        app_incident_playbook_step(app, run_id, step, st->text, note, &data) != 0 || end_event(&data) != 0 ||
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
    int n = 0;
    AppRc rc = run_for_change(app, run_id, &run, &b, &n);
    if (rc)
        return rc;
    if (run.steps_done < n)
        return app_fail(app, APP_INVALID, b->clause, "まだ記録されていない手順があります（%d / %d）。次は手順 %d「%s」です [%s]",
                        run.steps_done, n, run.steps_done + 1, b->steps[run.steps_done].text, b->clause);
    Str data = STR_INIT;
    str_appendf(&data, "{\"playbook\":\"%s\",\"steps\":%d", run.playbook, run.steps_done);
    int closed = -1;
    if (str_failed(&data) || audit_begin(app->db) != 0 ||
        (closed = store_playbook_run_close(app->db, run_id, app->user.id, app->now)) < 0 ||
        (closed == 1 && (app_incident_playbook_close(app, run_id, &data) != 0 || end_event(&data) != 0 ||
                         app_audit(app, "playbook.close", app_object(app, "playbook-run", run_id), str_cstr(&data)) != 0)))
        rc = app_dbfail(app);
    else if (closed == 0) {
        db_rollback(app->db);
        rc = app_fail(app, APP_INVALID, NULL, "対応記録 %lld は完了しています", run_id);
    } else if (db_commit(app->db) != 0)
        rc = app_dbfail(app);
    str_free(&data);
    return rc;
}
