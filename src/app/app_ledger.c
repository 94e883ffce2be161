/* The ledger's lifecycle: changes (versioned, reported where the profile
 * says so), lifecycle checklists, periodic reviews, end of use. */
#include <stdio.h>
#include <string.h>

#include "app/app_internal.h"
#include "domain/dates.h"
#include "exchange/appdoc_json.h"
#include "exchange/appdoc_write.h"
#include "exchange/ledger_columns.h"
#include "exchange/decision_json.h"
#include "store/lifecycle.h"

AppRc app_entry_by_number(App *app, long long number, EntryRow *e)
{
    if (!app->acting)
        return app_fail(app, APP_INVALID, NULL, "操作する利用者を --as LOGIN で指定してください");
    int found = store_entry_by_number(app->db, &app->arena, app->org.id, number, e);
    if (found < 0)
        return app_dbfail(app);
    if (!found)
        return app_fail(app, APP_INVALID, NULL, "台帳 第%lld号 はありません (no such ledger entry)", number);
    return APP_OK;
}

static AppRc may_keep(App *app, const EntryRow *e)
{
    Refusal why;
    if (ledger_may_keep(app->profile, e->track, &app->actor, e->administrator_id, &why))
        return APP_OK;
    AppRc rc = app_fail(app, APP_INVALID, why.clause, "%s%s%s%s", why.message, why.clause ? " [" : "",
                        why.clause ? why.clause : "", why.clause ? "]" : "");
    app->denied = 1;
    return rc;
}

AppRc app_entry_get(App *app, long long number, EntryRow *out)
{
    app_scratch(app);
    return app_entry_by_number(app, number, out);
}

AppRc app_entry_fields(App *app, const EntryRow *e,
                       void (*fn)(void *ctx, const LedgerField *field, const char *value), void *ctx)
{
    AppDoc doc;
    Decision d = {0};
    AppRc rc = app_parse_doc(app, "ledger", e->doc, strlen(e->doc), &doc);
    if (rc == APP_OK)
        rc = app_evaluate(app, &doc, &d);
    for (int i = 0; rc == APP_OK && i < app->profile->n_ledger; i++) {
        Str v = STR_INIT;
        ledger_value_text(&doc, &d, &app->profile->ledger[i], &v);
        fn(ctx, &app->profile->ledger[i], str_cstr(&v));
        str_free(&v);
    }
    decision_free(&d);
    appdoc_free(&doc);
    return rc;
}

/* Write `e` as its next version (state and fields), with the audit event. */
static AppRc save_version(App *app, EntryRow *e, const char *old_search, const char *reason, const char *action,
                          const char *data)
{
    int expected = e->version;
    e->version++;
    e->updated_at = app->now;
    int changed = store_entry_update(app->db, e, old_search, expected);
    if (changed < 0)
        return app_dbfail(app);
    if (!changed)
        return app_fail(app, APP_INVALID, NULL, "台帳 第%lld号 は他の操作で更新されました。もう一度やり直してください", e->number);
    if (store_entry_version_insert(app->db, e->id, e->version, entry_state_names[e->state], e->doc, app->user.id,
                                   app->now, reason) != 0 ||
        app_audit(app, action, app_object(app, "ledger", e->number), data) != 0)
        return app_dbfail(app);
    return APP_OK;
}

/* Report a ledger change to the role the track names (kitakyushu-cloud
 * 5.2(1)④: 台帳の変更はシステム管理部門へ報告). */
static int report_change(App *app, const EntryRow *e, const char *what)
{
    const Track *t = &app->profile->tracks[e->track];
    if (t->report_role < 0)
        return 0;
    char msg[512];
    snprintf(msg, sizeof msg, "台帳 第%lld号「%s」を変更しました（%s）。%sへ報告してください。", e->number, e->service_name,
             what, app->profile->roles[t->report_role].label);
    return app_notify(app, "ledger.report", app->profile->roles[t->report_role].id, 0,
                      app_object(app, "ledger", e->number), msg, t->report_clause);
}

/* The entry's document with `changes` applied, parsed into `doc`: each
 * change rewrites the document with that one field replaced and parses it
 * again, so every new value is validated exactly as in an application. */
static AppRc apply_changes(App *app, const EntryRow *e, const FieldChange *changes, int n, AppDoc *doc)
{
    AppRc rc = app_parse_doc(app, "ledger", e->doc, strlen(e->doc), doc);
    for (int i = 0; i < n && rc == APP_OK; i++) {
        int f = field_lookup(changes[i].path);
        Str value = STR_INIT, text = STR_INIT;
        if (*changes[i].value)
            field_cell_json(&field_defs[f], changes[i].value, &value);
        appdoc_write_json_replacing(doc, f, *changes[i].value ? str_cstr(&value) : NULL, &text);
        appdoc_free(doc);
        rc = str_failed(&text) ? app_fail(app, APP_DBFAIL, NULL, "out of memory")
                               : app_parse_doc(app, changes[i].path, str_cstr(&text), text.len, doc);
        str_free(&value);
        str_free(&text);
    }
    return rc;
}

AppRc app_entry_change(App *app, long long number, const FieldChange *changes, int n, const char *reason)
{
    app_scratch(app);
    EntryRow e;
    AppRc rc = app_entry_by_number(app, number, &e);
    if (rc || (rc = may_keep(app, &e)))
        return rc;
    if (e.state == ENTRY_ENDED)
        return app_fail(app, APP_INVALID, NULL, "利用終了した台帳 第%lld号 は変更できません", number);
    if (n == 0)
        return app_fail(app, APP_INVALID, NULL, "変更する項目を指定してください");
    if (!reason || !*reason)
        return app_fail(app, APP_INVALID, NULL, "変更の理由（reason）を記入してください");
    for (int i = 0; i < n; i++) {
        int f = field_lookup(changes[i].path);
        if (f < 0 || field_defs[f].derived || f == F_APPLICANT_ROLE || f == F_APPROVER_ROLE)
            return app_fail(app, APP_INVALID, NULL, "%s は変更できる項目ではありません (unknown field)", changes[i].path);
    }
    AppDoc doc;
    Decision d = {0};
    rc = apply_changes(app, &e, changes, n, &doc);
    if (rc == APP_OK)
        rc = app_evaluate(app, &doc, &d);
    if (rc == APP_OK && d.ledger_missing) {
        Str m = STR_INIT;
        app_missing_ledger_text(app->profile, d.ledger_missing, &m);
        rc = app_fail(app, APP_INVALID, NULL, "台帳に必要な項目が空になります: %s", str_cstr(&m));
        str_free(&m);
    }
    if (rc == APP_OK && d.verdict == VERDICT_BLOCKED) {
        /* A change may not bring in what approval would have refused. */
        const Finding *f = NULL;
        for (int i = 0; i < d.n_findings && !f; i++)
            if (d.findings[i].severity == SEV_BLOCK)
                f = &d.findings[i];
        rc = app_fail(app, APP_BLOCKED, f ? f->rule->clause : NULL, "この変更は禁止事項に該当します: [%s] %s",
                      f && f->rule->clause ? f->rule->clause : "-", f ? f->rule->message : "");
    }
    if (rc == APP_OK && d.track != e.track)
        rc = app_fail(app, APP_INVALID, NULL, "格付けの変更で重要情報資産の扱い（%s → %s）が変わるため、新たな利用申請が必要です",
                      app->profile->tracks[e.track].label, app->profile->tracks[d.track].label);
    if (rc == APP_OK) {
        const char *old_search = e.search_text;
        app_entry_fill(app, &doc, &d, &e);
        Str data = STR_INIT, what = STR_INIT;
        str_append(&data, "{\"changes\":{");
        for (int i = 0; i < n; i++) {
            str_append(&data, i ? "," : "");
            str_append_json(&data, changes[i].path);
            str_appendc(&data, ':');
            str_append_json(&data, changes[i].value);
            str_appendf(&what, "%s%s", i ? "、" : "", changes[i].path);
        }
        str_append(&data, "},\"reason\":");
        str_append_json(&data, reason);
        str_appendc(&data, '}');
        if (!e.doc || str_failed(&data) || str_failed(&what))
            rc = app_fail(app, APP_DBFAIL, NULL, "out of memory");
        else if (audit_begin(app->db) != 0)
            rc = app_dbfail(app);
        else if (!(rc = save_version(app, &e, old_search, reason, "ledger.change", str_cstr(&data)))) {
            if (report_change(app, &e, str_cstr(&what)) != 0 || db_commit(app->db) != 0)
                rc = app_dbfail(app);
        }
        str_free(&data);
        str_free(&what);
    }
    decision_free(&d);
    appdoc_free(&doc);
    return rc;
}

static const char *const checklist_status_names[] = {"done", "not_applicable", "not_done", NULL};

/* The item, its phase a lifecycle one, applying to the entry. */
static AppRc lifecycle_item(App *app, const EntryRow *e, const char *item_id, const Item **out)
{
    const Profile *p = app->profile;
    int idx = profile_answer_index(p, item_id, strlen(item_id));
    if (idx < 0 || idx >= p->n_items)
        return app_fail(app, APP_INVALID, NULL, "項目 '%s' はプロファイル %s にありません (台帳 第%lld号 のチェックリストを参照)",
                        item_id, p->id, e->number);
    const Item *it = &p->items[idx];
    if (it->phase != PHASE_BUILD && it->phase != PHASE_OPERATION && it->phase != PHASE_RETIREMENT)
        return app_fail(app, APP_INVALID, it->clause,
                        "項目 '%s' は%sの項目で、申請時に確認するものです（チェックリストは導入・運用・廃棄の項目）", item_id,
                        phase_labels[it->phase]);
    if (!(it->track_mask & (1u << e->track)))
        return app_fail(app, APP_INVALID, it->clause, "項目 '%s' は%sには適用されません [%s]", item_id,
                        p->tracks[e->track].label, it->clause);
    *out = it;
    return APP_OK;
}

AppRc app_checklist_record(App *app, long long number, const char *item_id, const char *status, const char *evidence)
{
    app_scratch(app);
    EntryRow e;
    const Item *it = NULL;
    AppRc rc = app_entry_by_number(app, number, &e);
    if (rc || (rc = may_keep(app, &e)) || (rc = lifecycle_item(app, &e, item_id, &it)))
        return rc;
    if (state_index(checklist_status_names, status) < 0)
        return app_fail(app, APP_INVALID, NULL, "status '%s' は done, not_applicable, not_done のいずれかです", status ? status : "");
    if (strcmp(status, "done") == 0 && (!evidence || !*evidence))
        return app_fail(app, APP_INVALID, it->clause, "実施済み (done) には確認の根拠（evidence）を記入してください [%s]", it->clause);
    if (e.state == ENTRY_ENDED)
        return app_fail(app, APP_INVALID, NULL, "利用終了した台帳 第%lld号 には記録できません", number);
    Str data = STR_INIT;
    str_append(&data, "{\"item\":");
    str_append_json(&data, it->id);
    str_appendf(&data, ",\"phase\":\"%s\",\"status\":\"%s\",\"evidence\":", phase_names[it->phase], status);
    str_append_json(&data, evidence ? evidence : "");
    str_appendc(&data, '}');
    if (str_failed(&data) || audit_begin(app->db) != 0 ||
        store_checklist_insert(app->db, e.id, it->id, phase_names[it->phase], status, evidence, app->user.id, app->now) != 0 ||
        app_audit(app, "checklist.record", app_object(app, "ledger", number), str_cstr(&data)) != 0 ||
        db_commit(app->db) != 0)
        rc = app_dbfail(app);
    str_free(&data);
    return rc;
}

/* Latest record per item, collected for a check. */
typedef struct Latest {
    const char **ids, **status, **at;
    int n, cap;
} Latest;

static int collect_latest(void *ctx, const ChecklistRow *row)
{
    Latest *l = ctx;
    if (l->n == l->cap)
        return 1;
    l->ids[l->n] = row->item_id;
    l->status[l->n] = row->status;
    l->at[l->n] = row->at;
    l->n++;
    return 0;
}

static AppRc load_latest(App *app, const EntryRow *e, Latest *l)
{
    l->n = 0;
    l->cap = app->profile->n_items + app->profile->n_risks + 1;
    l->ids = arena_alloc(&app->arena, sizeof(char *) * (size_t)l->cap);
    l->status = arena_alloc(&app->arena, sizeof(char *) * (size_t)l->cap);
    l->at = arena_alloc(&app->arena, sizeof(char *) * (size_t)l->cap);
    if (!l->ids || !l->status || !l->at)
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    return store_checklist_latest(app->db, &app->arena, e->id, collect_latest, l) == 0 ? APP_OK : app_dbfail(app);
}

/* Items of `phase` applying to the entry that have no record (done or not
 * applicable) at or after `since` (ISO time; "" any). Listed into out. */
static int open_items(App *app, const EntryRow *e, Phase phase, const Latest *l, const char *since, Str *out,
                      const char **clause)
{
    const Profile *p = app->profile;
    AppDoc doc;
    Decision d = {0};
    int n = 0;
    if (app_parse_doc(app, "ledger", e->doc, strlen(e->doc), &doc) != APP_OK || app_evaluate(app, &doc, &d) != APP_OK) {
        appdoc_free(&doc);
        decision_free(&d);
        return -1;
    }
    for (int i = 0; i < p->n_items; i++) {
        const Item *it = &p->items[i];
        if (it->phase != phase || !d.item_applies[i] || it->should)
            continue;
        int ok = 0;
        for (int k = 0; k < l->n; k++)
            if (strcmp(l->ids[k], it->id) == 0)
                ok = strcmp(l->status[k], "not_done") != 0 && strcmp(l->at[k], since) >= 0;
        if (!ok) {
            str_appendf(out, "\n[%s] %s (%s)", it->clause, it->text, it->id);
            *clause = *clause ? *clause : it->clause;
            n++;
        }
    }
    appdoc_free(&doc);
    decision_free(&d);
    return n;
}

/* Refuse (APP_INVALID, citing the first item's clause) while an applicable
 * must-item of `phase` has no record at or after `since`; the message is
 * `before` followed by the items. */
static AppRc require_recorded(App *app, const EntryRow *e, Phase phase, const char *since, const char *before)
{
    Latest l;
    AppRc rc = load_latest(app, e, &l);
    if (rc)
        return rc;
    Str open = STR_INIT;
    const char *clause = NULL;
    int n = open_items(app, e, phase, &l, since, &open, &clause);
    if (n < 0)
        rc = APP_INVALID; /* the stored document did not parse: app->err says why */
    else if (n > 0)
        rc = app_fail(app, APP_INVALID, clause, "%s:%s", before, str_cstr(&open));
    str_free(&open);
    return rc;
}

AppRc app_review(App *app, long long number, const char *result, const char *note)
{
    app_scratch(app);
    EntryRow e;
    AppRc rc = app_entry_by_number(app, number, &e);
    if (rc || (rc = may_keep(app, &e)))
        return rc;
    if (e.state != ENTRY_ACTIVE)
        return app_fail(app, APP_INVALID, NULL, "点検は利用中の台帳にだけ記録できます（第%lld号は%s）", number,
                        entry_state_labels[e.state]);
    if (!result || (strcmp(result, "ok") != 0 && strcmp(result, "issues") != 0))
        return app_fail(app, APP_INVALID, NULL, "点検の結果（result）は ok（問題なし）か issues（要対応）です");
    if (strcmp(result, "issues") == 0 && (!note || !*note))
        return app_fail(app, APP_INVALID, NULL, "要対応 (issues) の内容（note）を記入してください");
    /* A review confirms every operation item since the previous one (3.4:
     * checked periodically): each must have been recorded since then. */
    char before[256];
    snprintf(before, sizeof before, "点検の前に、台帳 第%lld号 の次の運用時の項目を確認して記録してください", number);
    if ((rc = require_recorded(app, &e, PHASE_OPERATION, e.last_review ? e.last_review : "", before)))
        return rc;
    char due[11];
    date_format(review_due_after(app->profile, app->today), due);
    const char *old_search = e.search_text;
    e.review_due = due;
    e.last_review = app->now;
    Str data = STR_INIT;
    str_appendf(&data, "{\"result\":\"%s\",\"next_due\":\"%s\",\"note\":", result, due);
    str_append_json(&data, note ? note : "");
    str_appendc(&data, '}');
    if (str_failed(&data) || audit_begin(app->db) != 0 ||
        store_review_insert(app->db, e.id, app->user.id, app->now, result, note, due) != 0)
        rc = app_dbfail(app);
    else if (!(rc = save_version(app, &e, old_search, "定期点検", "ledger.review", str_cstr(&data))) &&
             db_commit(app->db) != 0)
        rc = app_dbfail(app);
    str_free(&data);
    return rc;
}

AppRc app_end_report(App *app, long long number, const char *end_date, const char *reason)
{
    app_scratch(app);
    EntryRow e;
    AppRc rc = app_entry_by_number(app, number, &e);
    if (rc || (rc = may_keep(app, &e)))
        return rc;
    if (e.state != ENTRY_ACTIVE)
        return app_fail(app, APP_INVALID, NULL, "台帳 第%lld号 は%sです（利用終了の報告は利用中のときだけ）", number,
                        entry_state_labels[e.state]);
    int ymd;
    char date[11];
    if (!end_date || !*end_date)
        ymd = app->today;
    else if (!date_parse(end_date, &ymd))
        return app_fail(app, APP_INVALID, NULL, "終了日（date）'%s' は YYYY-MM-DD の日付ではありません", end_date);
    date_format(ymd, date);
    if (e.period_from && strcmp(date, e.period_from) < 0)
        return app_fail(app, APP_INVALID, NULL, "終了日 %s が利用期間の開始 %s より前です", date, e.period_from);
    if (!reason || !*reason)
        return app_fail(app, APP_INVALID, NULL, "利用終了の理由（reason）を記入してください");
    const char *old_search = e.search_text;
    e.state = ENTRY_ENDING;
    const Track *t = &app->profile->tracks[e.track];
    char msg[512];
    snprintf(msg, sizeof msg, "台帳 第%lld号「%s」の利用終了（%s）が報告されました。", number, e.service_name, date);
    Str data = STR_INIT;
    str_appendf(&data, "{\"end_date\":\"%s\",\"reason\":", date);
    str_append_json(&data, reason);
    str_appendc(&data, '}');
    if (str_failed(&data) || audit_begin(app->db) != 0 ||
        store_end_report_insert(app->db, e.id, app->user.id, app->now, date, reason) != 0 ||
        app_notify(app, "ledger.end", app->profile->roles[t->approver_role].id, 0, app_object(app, "ledger", number), msg,
                   t->approver_clause) != 0)
        rc = app_dbfail(app);
    else if (!(rc = save_version(app, &e, old_search, reason, "ledger.end_report", str_cstr(&data))) &&
             (report_change(app, &e, "利用終了") != 0 || db_commit(app->db) != 0))
        rc = app_dbfail(app);
    str_free(&data);
    return rc;
}

AppRc app_end_complete(App *app, long long number)
{
    app_scratch(app);
    EntryRow e;
    AppRc rc = app_entry_by_number(app, number, &e);
    if (rc || (rc = may_keep(app, &e)))
        return rc;
    if (e.state != ENTRY_ENDING)
        return app_fail(app, APP_INVALID, NULL, "台帳 第%lld号 は%sです（先に daicho end %lld --reason … で利用終了を報告してください）",
                        number, entry_state_labels[e.state], number);
    /* 3.5: the retirement checks are confirmed and recorded before the end. */
    if ((rc = require_recorded(app, &e, PHASE_RETIREMENT, "", "利用終了の前に、次の更改・廃棄時の項目を確認して記録してください")))
        return rc;
    const char *old_search = e.search_text;
    e.state = ENTRY_ENDED;
    e.ended_at = app->now;
    if (audit_begin(app->db) != 0 || store_end_report_complete(app->db, e.id, app->user.id, app->now) != 0)
        return app_dbfail(app);
    if ((rc = save_version(app, &e, old_search, "利用終了", "ledger.end", "{}")))
        return rc;
    if (report_change(app, &e, "利用終了の完了") != 0 || db_commit(app->db) != 0)
        return app_dbfail(app);
    return APP_OK;
}
