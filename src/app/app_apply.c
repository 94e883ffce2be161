/* Applications: create and edit drafts, and the procedure of DESIGN.md
 * "Workflow and ledger" (submit, withdraw, approve, reject, return), with
 * the profile deciding who may take each step. Approval creates the ledger
 * entry in the same transaction. */
#include <stdio.h>
#include <string.h>

#include "app/app_internal.h"
#include "domain/dates.h"
#include "store/discovery.h"
#include "store/lifecycle.h"

static AppRc need_actor(App *app)
{
    return app->acting ? APP_OK : app_fail(app, APP_INVALID, NULL, "操作する利用者を --as LOGIN で指定してください");
}

/* A refusal of who acts (role, separation of duties): marked `denied`, so
 * that the web answers 403 rather than "bad input". */
static AppRc deny(App *app, const Refusal *why);

static AppRc refuse(App *app, const Refusal *why)
{
    if (why->clause)
        return app_fail(app, APP_INVALID, why->clause, "%s [%s]", why->message, why->clause);
    return app_fail(app, APP_INVALID, NULL, "%s", why->message);
}

static AppRc deny(App *app, const Refusal *why)
{
    AppRc rc = refuse(app, why);
    app->denied = 1;
    return rc;
}

/* The applicant's fields come from the user record, not from the document:
 * nobody files in someone else's name. `role` is the role filed under. */
static void fill_applicant(AppDoc *doc, const UserRow *u, int role)
{
    app_doc_set_text(doc, F_APPLICANT_NAME, u->name);
    app_doc_set_text(doc, F_APPLICANT_DEPARTMENT, u->department);
    app_doc_set_role(doc, F_APPLICANT_ROLE, role);
}

static void fill_approver(AppDoc *doc, const UserRow *u, int role)
{
    app_doc_set_text(doc, F_APPROVER_NAME, u->name);
    app_doc_set_text(doc, F_APPROVER_DEPARTMENT, u->department);
    app_doc_set_role(doc, F_APPROVER_ROLE, role);
}

/* Blocking findings as "[clause] message; …". */
static void blocking_text(const Decision *d, Str *out)
{
    int n = 0;
    for (int i = 0; i < d->n_findings; i++) {
        const Finding *f = &d->findings[i];
        if (f->severity != SEV_BLOCK)
            continue;
        str_appendf(out, "%s[%s] %s", n++ ? "\n" : "", f->rule->clause ? f->rule->clause : "-", f->rule->message);
    }
}

static AppRc refuse_blocked(App *app, const Decision *d, const char *what)
{
    Str b = STR_INIT;
    blocking_text(d, &b);
    const char *clause = NULL;
    for (int i = 0; i < d->n_findings && !clause; i++)
        if (d->findings[i].severity == SEV_BLOCK)
            clause = d->findings[i].rule->clause;
    app_fail(app, APP_BLOCKED, clause, "禁止事項に該当するため%sできません:\n%s", what, str_cstr(&b));
    str_free(&b);
    return APP_BLOCKED;
}

/* Parse a new document for the acting user and settle its applicant role. */
static AppRc prepare_draft(App *app, const char *file, const char *json, size_t len, AppDoc *doc, Decision *d)
{
    AppRc rc = app_parse_doc(app, file, json, len, doc);
    if (rc)
        return rc;
    if (!doc->v[F_SERVICE_NAME].present)
        return app_fail(app, APP_INVALID, NULL, "%s: service.name（外部サービスの名称）を入力してください", file);
    if (app_merge_certifications(app, doc) != 0)
        return app_dbfail(app);
    if ((rc = app_evaluate(app, doc, d))) /* first pass: the track */
        return rc;
    Refusal why;
    int wanted = doc->v[F_APPLICANT_ROLE].present ? doc->v[F_APPLICANT_ROLE].code : -1;
    int role = workflow_applicant_role(app->profile, d->track, &app->actor, wanted, &why);
    if (role < 0)
        return deny(app, &why);
    fill_applicant(doc, &app->user, role);
    evaluate(doc, d);
    return APP_OK;
}

static void draft_audit_data(const AppRow *r, const Decision *d, Str *out)
{
    str_append(out, "{\"service\":");
    str_append_json(out, r->service_name);
    str_append(out, ",\"function\":");
    str_append_json(out, r->function ? r->function : "");
    str_appendf(out, ",\"track\":\"%s\",\"confidentiality\":", track_values[d->track]);
    str_append_json(out, r->confidentiality);
    str_appendf(out, ",\"verdict\":\"%s\",\"doc_sha\":", verdict_names[d->verdict]);
    /* The document itself is in the application row; the chain keeps its hash. */
    char hash[AUDIT_HASH_HEX];
    audit_hash(0, "", "", 0, "", "", r->doc, "", hash);
    str_append_json(out, hash);
    str_appendc(out, '}');
}

/* The row's fields that come from the document and its evaluation. */
static AppRc fill_from_draft(App *app, AppRow *r, const AppDoc *doc, const Decision *d)
{
    r->track = d->track;
    r->confidentiality = app->profile->schemes[SCHEME_CONFIDENTIALITY].levels[doc->v[F_INFO_CONFIDENTIALITY].code].code;
    r->service_name = doc->v[F_SERVICE_NAME].s;
    r->function = doc->v[F_SERVICE_FUNCTION].present ? doc->v[F_SERVICE_FUNCTION].s : "";
    r->doc = app_doc_json(app, doc);
    r->evaluation = app_decision_json(app, doc, d);
    r->verdict = verdict_names[d->verdict];
    return r->doc && r->evaluation ? APP_OK : app_fail(app, APP_DBFAIL, NULL, "out of memory");
}

/* The service the draft names, in the register (created when new). */
static int ensure_service(App *app, const AppDoc *doc, long long *service_id)
{
    const FieldValue *v = doc->v;
    return store_service_ensure(app->db, app->org.id, v[F_SERVICE_NAME].s,
                                v[F_SERVICE_PROVIDER].present ? v[F_SERVICE_PROVIDER].s : "",
                                v[F_SERVICE_CATEGORY].present ? category_values[v[F_SERVICE_CATEGORY].code] : "other",
                                service_id);
}

AppRc app_apply_create(App *app, const char *file, const char *json, size_t len, long long *app_id)
{
    app_scratch(app);
    AppRc rc = need_actor(app);
    if (rc)
        return rc;
    AppDoc doc;
    Decision d = {0};
    rc = prepare_draft(app, file, json, len, &doc, &d);
    if (rc == APP_OK) {
        AppRow r = {0};
        r.org_id = app->org.id;
        r.state = APP_DRAFT;
        r.applicant_id = app->user.id;
        r.department_id = app->user.department_id;
        r.created_at = app->now;
        Str data = STR_INIT;
        rc = fill_from_draft(app, &r, &doc, &d);
        if (rc == APP_OK && (audit_begin(app->db) != 0 || ensure_service(app, &doc, &r.service_id) != 0 ||
                             store_app_insert(app->db, &r, app_id) != 0 ||
                             store_app_step(app->db, *app_id, "create", "", "draft", app->user.id, app->now, "") != 0)) {
            rc = app_dbfail(app);
        } else if (rc == APP_OK) {
            draft_audit_data(&r, &d, &data);
            if (str_failed(&data) || app_audit(app, "application.create", app_object(app, "application", *app_id),
                                               str_cstr(&data)) != 0 || db_commit(app->db) != 0)
                rc = app_dbfail(app);
        }
        str_free(&data);
    }
    decision_free(&d);
    appdoc_free(&doc);
    return rc;
}

/* Load an application of the acting user's organization. */
static AppRc load_app(App *app, long long app_id, AppRow *r)
{
    int found = store_app_get(app->db, &app->arena, app->org.id, app_id, r);
    if (found < 0)
        return app_dbfail(app);
    if (!found)
        return app_fail(app, APP_INVALID, NULL, "申請 %lld はありません (no such application)", app_id);
    return APP_OK;
}

AppRc app_apply_get(App *app, long long app_id, AppRow *out)
{
    app_scratch(app);
    AppRc rc = need_actor(app);
    return rc ? rc : load_app(app, app_id, out);
}

AppRc app_apply_update(App *app, long long app_id, const char *file, const char *json, size_t len)
{
    app_scratch(app);
    AppRc rc = need_actor(app);
    AppRow r;
    if (rc || (rc = load_app(app, app_id, &r)))
        return rc;
    if (r.state != APP_DRAFT && r.state != APP_RETURNED)
        return app_fail(app, APP_INVALID, NULL, "「%s」の申請は修正できません（下書きか差戻しのときだけ）", app_state_labels[r.state]);
    if (r.applicant_id != app->user.id) {
        Refusal only_applicant = {.clause = NULL};
        snprintf(only_applicant.message, sizeof only_applicant.message, "申請を修正できるのは申請者本人だけです");
        return deny(app, &only_applicant);
    }
    AppDoc doc;
    Decision d = {0};
    rc = prepare_draft(app, file, json, len, &doc, &d);
    if (rc == APP_OK) {
        int version = r.version;
        r.submitted_at = r.decided_at = NULL;
        Str data = STR_INIT;
        int changed = 0;
        rc = fill_from_draft(app, &r, &doc, &d);
        if (rc == APP_OK && (audit_begin(app->db) != 0 || ensure_service(app, &doc, &r.service_id) != 0 ||
                             (changed = store_app_update(app->db, &r, version)) < 0))
            rc = app_dbfail(app);
        else if (rc == APP_OK && !changed)
            rc = app_fail(app, APP_INVALID, NULL, "申請 %lld は他の操作で更新されました。もう一度やり直してください", app_id);
        else if (rc == APP_OK) {
            draft_audit_data(&r, &d, &data);
            if (str_failed(&data) ||
                app_audit(app, "application.update", app_object(app, "application", app_id), str_cstr(&data)) != 0 ||
                db_commit(app->db) != 0)
                rc = app_dbfail(app);
        }
        str_free(&data);
    }
    decision_free(&d);
    appdoc_free(&doc);
    return rc;
}

/* ---- approval ---- */

/* Who becomes the service administrator (profile: track.administrator). */
static AppRc choose_administrator(App *app, const AppRow *r, const DecideOptions *opt, UserRow *admin)
{
    const Track *t = &app->profile->tracks[r->track];
    const Profile *p = app->profile;
    int found;
    /* A nominee only where the track has one nominated, or where the
     * applicant who would administer lacks the role; elsewhere the profile
     * has already named the administrator. */
    int applicant_has_role = 1;
    if (t->administrator == ADMIN_APPLICANT && t->administrator_role >= 0) {
        UserRow ap;
        found = store_user_get(app->db, &app->arena, r->applicant_id, &ap);
        if (found < 0)
            return app_dbfail(app);
        applicant_has_role = 0;
        for (int i = 0; found && i < ap.n_roles; i++)
            applicant_has_role |= profile_role_index(p, ap.roles[i]) == t->administrator_role;
    }
    int nominee_allowed = t->administrator == ADMIN_NOMINEE || (t->administrator == ADMIN_APPLICANT && !applicant_has_role);
    if (opt->administrator && *opt->administrator && !nominee_allowed)
        return app_fail(app, APP_INVALID, t->administrator_clause,
                        "%sでは外部サービス管理者は%sです。外部サービス管理者（administrator）は指名できません [%s]", t->label,
                        t->administrator == ADMIN_APPROVER ? "承認した許可権限者" : "申請者", t->administrator_clause);
    if (opt->administrator && *opt->administrator) {
        found = store_user_by_login(app->db, &app->arena, opt->administrator, admin);
        if (found < 0)
            return app_dbfail(app);
        if (!found || admin->org_id != app->org.id)
            return app_fail(app, APP_INVALID, NULL, "外部サービス管理者（administrator）'%s' はこの組織の利用者ではありません", opt->administrator);
        if (t->administrator_role >= 0) {
            int has = 0;
            for (int i = 0; i < admin->n_roles; i++)
                has |= profile_role_index(p, admin->roles[i]) == t->administrator_role;
            if (!has)
                return app_fail(app, APP_INVALID, t->administrator_clause,
                                "外部サービス管理者には%sを指名してください（%s さんはその役割を持っていません）[%s]",
                                p->roles[t->administrator_role].label, admin->name, t->administrator_clause);
        }
        return APP_OK;
    }
    switch (t->administrator) {
    case ADMIN_APPROVER:
        *admin = app->user;
        return APP_OK;
    case ADMIN_APPLICANT:
        found = store_user_get(app->db, &app->arena, r->applicant_id, admin);
        if (found <= 0)
            return found < 0 ? app_dbfail(app) : app_fail(app, APP_INVALID, NULL, "申請者が見つかりません");
        if (t->administrator_role >= 0) {
            for (int i = 0; i < admin->n_roles; i++)
                if (profile_role_index(p, admin->roles[i]) == t->administrator_role)
                    return APP_OK;
            return app_fail(app, APP_INVALID, t->administrator_clause,
                            "申請者 %s さんは%sではないため、外部サービス管理者（administrator）を指名してください [%s]",
                            admin->name, p->roles[t->administrator_role].label, t->administrator_clause);
        }
        return APP_OK;
    case ADMIN_NOMINEE:
        break;
    }
    return app_fail(app, APP_INVALID, t->administrator_clause,
                    "承認する%sは外部サービス管理者を指名します: 外部サービス管理者（administrator、%s）を指定してください [%s]",
                    p->roles[t->approver_role].label,
                    t->administrator_role >= 0 ? p->roles[t->administrator_role].label : "利用者", t->administrator_clause);
}

static const char SQL_ACTIVE_SAME[] =
    "SELECT number FROM ledger_entries WHERE org_id = :org AND service_id = :service AND function = :function"
    " AND state <> 'ended'";

/* One entry per service function (kitakyushu 5.2(1)①: a function with its
 * own security measures is its own application): refuse a second. */
static AppRc check_not_in_ledger(App *app, const AppRow *r)
{
    DbStmt *st = db_prepare(app->db, SQL_ACTIVE_SAME);
    if (!st || (db_bind_int(st, "org", app->org.id) | db_bind_int(st, "service", r->service_id) |
                db_bind_text(st, "function", r->function ? r->function : "")) != 0) {
        db_reset(st);
        return app_dbfail(app);
    }
    int s = db_step(st);
    long long number = s == DB_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    if (s == DB_ERROR)
        return app_dbfail(app);
    /* The clause of the ledger's service-name field: where "per function" is written. */
    const char *clause = app->profile->n_ledger ? app->profile->ledger[0].clause : NULL;
    if (number)
        return app_fail(app, APP_INVALID, clause,
                        "%s%s%s は台帳 第%lld号 に登録済みです。変更は台帳の変更で行ってください（機能が異なる場合は service.function で区別して申請します）",
                        r->service_name, r->function && *r->function ? "／" : "", r->function ? r->function : "", number);
    return APP_OK;
}

/* Risks the ordinary track asks the approver to accept (4.1(2)): the
 * approver records having considered each, whatever the applicant wrote. */
static AppRc check_risks(App *app, const Decision *d, const DecideOptions *opt, Str *accepted)
{
    const Profile *p = app->profile;
    Str open = STR_INIT;
    const char *clause = NULL;
    for (int i = 0; i < p->n_risks; i++) {
        if (!d->risk_applies[i])
            continue;
        str_appendf(accepted, "%s\"%s\"", accepted->len ? "," : "", p->risks[i].id);
        str_appendf(&open, "\n[%s] %s (%s)", p->risks[i].clause, p->risks[i].text, p->risks[i].id);
        clause = clause ? clause : p->risks[i].clause;
    }
    AppRc rc = APP_OK;
    if (open.len && !opt->accept_risks)
        rc = app_fail(app, APP_INVALID, clause,
                      "次のリスクを検討したことを記録してください（accept_risks）:%s", str_cstr(&open));
    str_free(&open);
    return rc;
}

/* Create the ledger entry for an approved application, with its first
 * version, the approval-phase items, the accepted risks and the report owed. */
static AppRc create_entry(App *app, const AppRow *r, const AppDoc *doc, const Decision *d, const UserRow *admin,
                          long long *entry_id)
{
    const Profile *p = app->profile;
    const Track *t = &p->tracks[r->track];
    EntryRow e = {0};
    e.org_id = app->org.id;
    e.application_id = r->id;
    e.service_id = r->service_id;
    e.state = ENTRY_ACTIVE;
    e.version = 1;
    e.department_id = r->department_id;
    e.administrator_id = admin->id;
    app_entry_fill(app, doc, d, &e);
    char due[11];
    date_format(review_due_after(p, app->today), due);
    e.review_due = due;
    e.created_at = e.updated_at = app->now;
    if (!e.doc)
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    if (store_ledger_next_number(app->db, app->org.id, &e.number) != 0 || store_entry_insert(app->db, &e, entry_id) != 0 ||
        store_entry_version_insert(app->db, *entry_id, 1, "active", e.doc, app->user.id, app->now, "承認による登録") != 0)
        return app_dbfail(app);
    /* The service's domains, for discovery of unapproved use (app_discover.h). */
    const FieldValue *dom = &doc->v[F_SERVICE_DOMAINS];
    for (int i = 0; dom->present && i < dom->count; i++)
        if (store_service_domain_add(app->db, r->service_id, dom->strs[i]) != 0)
            return app_dbfail(app);
    /* The approver's own steps are done by the approval itself. */
    char evidence[160];
    snprintf(evidence, sizeof evidence, "申請 %lld の承認により記録（台帳 第%lld号）", r->id, e.number);
    for (int i = 0; i < p->n_items; i++)
        if (p->items[i].phase == PHASE_APPROVAL && d->item_applies[i] &&
            store_checklist_insert(app->db, *entry_id, p->items[i].id, "approval", "done", evidence, app->user.id,
                                   app->now) != 0)
            return app_dbfail(app);
    for (int i = 0; i < p->n_risks; i++)
        if (d->risk_applies[i] &&
            store_checklist_insert(app->db, *entry_id, p->risks[i].id, "risk", "done", "許可権限者がリスクを検討し承認",
                                   app->user.id, app->now) != 0)
            return app_dbfail(app);
    if (t->report_role >= 0) {
        char msg[512];
        snprintf(msg, sizeof msg, "台帳 第%lld号「%s」を登録しました。%sへ報告してください。", e.number, e.service_name,
                 p->roles[t->report_role].label);
        if (app_notify(app, "ledger.report", p->roles[t->report_role].id, 0, app_object(app, "ledger", e.number), msg,
                       t->report_clause) != 0)
            return app_dbfail(app);
    }
    Str data = STR_INIT;
    str_appendf(&data, "{\"number\":%lld,\"application\":%lld,\"administrator\":", e.number, r->id);
    str_append_json(&data, admin->login);
    str_append(&data, ",\"review_due\":");
    str_append_json(&data, due);
    str_appendc(&data, '}');
    int ok = !str_failed(&data) && app_audit(app, "ledger.create", app_object(app, "ledger", e.number), str_cstr(&data)) == 0;
    str_free(&data);
    return ok ? APP_OK : app_dbfail(app);
}

/* Notification of a step to the person who acts next. */
static int notify_step(App *app, const AppRow *r, AppAction action, int to)
{
    const Profile *p = app->profile;
    const Track *t = &p->tracks[r->track];
    char msg[512];
    if (action == ACT_SUBMIT) {
        snprintf(msg, sizeof msg, "申請 %lld「%s」が提出されました。%sの審査を待っています。", r->id, r->service_name,
                 p->roles[t->approver_role].label);
        return app_notify(app, "application.submitted", p->roles[t->approver_role].id, 0,
                          app_object(app, "application", r->id), msg, t->approver_clause);
    }
    if (action == ACT_WITHDRAW)
        return 0;
    snprintf(msg, sizeof msg, "申請 %lld「%s」は%sされました。", r->id, r->service_name, app_state_labels[to]);
    return app_notify(app, "application.decided", NULL, r->applicant_id, app_object(app, "application", r->id), msg,
                      t->approver_clause);
}

AppRc app_apply_act(App *app, long long app_id, AppAction action, const DecideOptions *opt, long long *entry_id)
{
    app_scratch(app);
    static const DecideOptions none = {0};
    opt = opt ? opt : &none;
    AppRc rc = need_actor(app);
    AppRow r;
    if (rc || (rc = load_app(app, app_id, &r)))
        return rc;
    Refusal why;
    int to = workflow_next((AppState)r.state, action, &why);
    if (to < 0)
        return refuse(app, &why);
    if (!workflow_permits(app->profile, r.track, action, &app->actor, r.applicant_id, &why))
        return deny(app, &why);
    if ((action == ACT_RETURN || action == ACT_REJECT) && (!opt->reason || !*opt->reason))
        return app_fail(app, APP_INVALID, NULL, "%sの理由（reason）を記入してください", app_action_labels[action]);

    AppDoc doc;
    Decision d = {0};
    rc = app_parse_doc(app, "stored", r.doc, strlen(r.doc), &doc);
    if (rc == APP_OK && action != ACT_WITHDRAW && app_merge_certifications(app, &doc) != 0)
        rc = app_dbfail(app);
    if (rc == APP_OK)
        rc = app_evaluate(app, &doc, &d);
    UserRow admin;
    Str accepted = STR_INIT;
    long long new_entry = 0;
    int from = r.state, version = r.version;
    if (rc)
        goto out;
    if (action == ACT_SUBMIT) {
        /* Re-read the applicant: the user record may have changed since the draft. */
        int role = workflow_applicant_role(app->profile, r.track, &app->actor,
                                           doc.v[F_APPLICANT_ROLE].present ? doc.v[F_APPLICANT_ROLE].code : -1, &why);
        if (role < 0) {
            rc = deny(app, &why);
            goto out;
        }
        fill_applicant(&doc, &app->user, role);
    } else if (action != ACT_WITHDRAW) {
        fill_approver(&doc, &app->user, app->profile->tracks[r.track].approver_role);
    }
    evaluate(&doc, &d);
    if (action == ACT_SUBMIT || action == ACT_APPROVE) {
        if (d.ledger_missing) {
            Str m = STR_INIT;
            app_missing_ledger_text(app->profile, d.ledger_missing, &m);
            rc = app_fail(app, APP_INVALID, NULL, "台帳に必要な項目が入力されていません: %s", str_cstr(&m));
            str_free(&m);
            goto out;
        }
        if (d.verdict == VERDICT_BLOCKED) {
            rc = refuse_blocked(app, &d, action == ACT_SUBMIT ? "提出" : "承認");
            goto out;
        }
    }
    if (action == ACT_APPROVE) {
        if (d.verdict == VERDICT_NEEDS_REVIEW && (!opt->reason || !*opt->reason)) {
            rc = app_fail(app, APP_INVALID, NULL,
                          "判定が「要確認」（未確認の項目または警告あり）のため、承認するには理由（reason）を記入してください");
            goto out;
        }
        if ((rc = check_risks(app, &d, opt, &accepted)) || (rc = check_not_in_ledger(app, &r)) ||
            (rc = choose_administrator(app, &r, opt, &admin)))
            goto out;
        app_doc_set_text(&doc, F_ADMIN_DEPARTMENT, admin.department);
        app_doc_set_text(&doc, F_ADMIN_TITLE, admin.title && *admin.title ? admin.title : admin.name);
        evaluate(&doc, &d);
    }
    r.state = to;
    r.doc = app_doc_json(app, &doc);
    r.evaluation = app_decision_json(app, &doc, &d);
    r.verdict = verdict_names[d.verdict];
    r.reason = opt->reason ? opt->reason : "";
    r.submitted_at = action == ACT_SUBMIT ? app->now : NULL;
    r.decided_at = NULL;
    if (action == ACT_APPROVE || action == ACT_REJECT || action == ACT_RETURN) {
        r.decided_by = app->user.id;
        r.decided_at = app->now;
    }
    if (!r.doc || !r.evaluation) {
        rc = app_fail(app, APP_DBFAIL, NULL, "out of memory");
        goto out;
    }
    if (audit_begin(app->db) != 0) {
        rc = app_dbfail(app);
        goto out;
    }
    if (action == ACT_APPROVE && (rc = create_entry(app, &r, &doc, &d, &admin, &new_entry)))
        goto out;
    r.entry_id = new_entry ? new_entry : r.entry_id;
    int changed = store_app_update(app->db, &r, version);
    if (changed < 0 || store_app_step(app->db, r.id, app_action_names[action], app_state_names[from],
                                      app_state_names[to], app->user.id, app->now, r.reason) != 0 ||
        notify_step(app, &r, action, to) != 0) {
        rc = app_dbfail(app);
        goto out;
    }
    if (!changed) {
        rc = app_fail(app, APP_INVALID, NULL, "申請 %lld は他の操作で更新されました。もう一度やり直してください", app_id);
        goto out;
    }
    Str data = STR_INIT;
    str_appendf(&data, "{\"from\":\"%s\",\"to\":\"%s\",\"verdict\":\"%s\",\"reason\":", app_state_names[from],
                app_state_names[to], verdict_names[d.verdict]);
    str_append_json(&data, r.reason);
    if (action == ACT_APPROVE)
        str_appendf(&data, ",\"entry\":%lld,\"risks_accepted\":[%s]", new_entry, str_cstr(&accepted));
    str_appendc(&data, '}');
    char action_name[40];
    snprintf(action_name, sizeof action_name, "application.%s", app_action_names[action]);
    int ok = !str_failed(&data) &&
             app_audit(app, action_name, app_object(app, "application", r.id), str_cstr(&data)) == 0 &&
             db_commit(app->db) == 0;
    str_free(&data);
    if (!ok)
        rc = app_dbfail(app);
    else if (entry_id)
        *entry_id = new_entry;
out:
    str_free(&accepted);
    decision_free(&d);
    appdoc_free(&doc);
    return rc;
}
