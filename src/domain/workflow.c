#include <stdio.h>
#include <string.h>

#include "domain/dates.h"
#include "domain/workflow.h"

const char *const app_state_names[APP_STATE_COUNT + 1] = {"draft",    "submitted", "returned", "approved",
                                                          "rejected", "withdrawn", NULL};
const char *const app_state_labels[APP_STATE_COUNT] = {"下書き", "申請中", "差戻し", "承認", "却下", "取下げ"};
const char *const app_action_names[ACT_COUNT + 1] = {"submit", "withdraw", "approve", "reject", "return", NULL};
const char *const app_action_labels[ACT_COUNT] = {"申請", "取下げ", "承認", "却下", "差戻し"};
const char *const entry_state_names[ENTRY_STATE_COUNT + 1] = {"active", "ending", "ended", NULL};
const char *const entry_state_labels[ENTRY_STATE_COUNT] = {"利用中", "利用終了手続中", "利用終了"};

int state_index(const char *const *names, const char *name)
{
    for (int i = 0; name && names[i]; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}

/* [from][action] → to, or -1. */
static const signed char transitions[APP_STATE_COUNT][ACT_COUNT] = {
    /*               submit         withdraw       approve       reject        return */
    [APP_DRAFT] = {APP_SUBMITTED, APP_WITHDRAWN, -1, -1, -1},
    [APP_SUBMITTED] = {-1, APP_WITHDRAWN, APP_APPROVED, APP_REJECTED, APP_RETURNED},
    [APP_RETURNED] = {APP_SUBMITTED, APP_WITHDRAWN, -1, -1, -1},
    [APP_APPROVED] = {-1, -1, -1, -1, -1},
    [APP_REJECTED] = {-1, -1, -1, -1, -1},
    [APP_WITHDRAWN] = {-1, -1, -1, -1, -1},
};

int workflow_next(AppState from, AppAction action, Refusal *why)
{
    int to = transitions[from][action];
    if (to < 0) {
        snprintf(why->message, sizeof why->message, "「%s」の申請は%sできません（%s → %s は手続きにありません）",
                 app_state_labels[from], app_action_labels[action], app_state_names[from], app_action_names[action]);
        why->clause = NULL;
    }
    return to;
}

/* "CISO" or "所属長・職員" for the roles in a list. */
static void roles_text(const Profile *p, const int *roles, int n, char *buf, size_t cap)
{
    buf[0] = 0;
    for (int i = 0; i < n; i++) {
        size_t used = strlen(buf);
        snprintf(buf + used, cap - used, "%s%s", i ? "・" : "", p->roles[roles[i]].label);
    }
}

int workflow_applicant_role(const Profile *p, int track, const Actor *actor, int wanted, Refusal *why)
{
    const Track *t = &p->tracks[track];
    for (int i = 0; i < t->n_applicant_roles; i++) {
        int r = t->applicant_roles[i];
        if ((wanted < 0 || wanted == r) && (actor->roles & ROLE_BIT(r)))
            return r;
    }
    char allowed[256];
    roles_text(p, t->applicant_roles, t->n_applicant_roles, allowed, sizeof allowed);
    if (wanted >= 0 && !(actor->roles & ROLE_BIT(wanted)))
        snprintf(why->message, sizeof why->message, "%s さんは「%s」の役割を持っていません", actor->name,
                 p->roles[wanted].label);
    else
        snprintf(why->message, sizeof why->message, "%sの利用を申請できるのは%sです（%s さんはその役割を持っていません）",
                 t->label, allowed, actor->name);
    why->clause = t->applicant_clause;
    return -1;
}

int workflow_permits(const Profile *p, int track, AppAction action, const Actor *actor, long long applicant_id,
                     Refusal *why)
{
    const Track *t = &p->tracks[track];
    switch (action) {
    case ACT_SUBMIT:
    case ACT_WITHDRAW:
        if (actor->id == applicant_id)
            return workflow_applicant_role(p, track, actor, -1, why) >= 0;
        snprintf(why->message, sizeof why->message, "%sできるのは申請者本人だけです", app_action_labels[action]);
        why->clause = t->applicant_clause;
        return 0;
    case ACT_APPROVE:
    case ACT_REJECT:
    case ACT_RETURN:
        if (!(actor->roles & ROLE_BIT(t->approver_role))) {
            snprintf(why->message, sizeof why->message, "%sの申請を%sできるのは許可権限者の%sだけです（%s さんはその役割を持っていません）",
                     t->label, app_action_labels[action], p->roles[t->approver_role].label, actor->name);
            why->clause = t->approver_clause;
            return 0;
        }
        if (t->separation_of_duties && actor->id == applicant_id) {
            snprintf(why->message, sizeof why->message, "職務の分離のため、申請者本人は自分の申請を%sできません",
                     app_action_labels[action]);
            why->clause = t->separation_clause;
            return 0;
        }
        return 1;
    case ACT_COUNT:
        break;
    }
    return 0;
}

int ledger_may_keep(const Profile *p, int track, const Actor *actor, long long administrator_id, Refusal *why)
{
    const Track *t = &p->tracks[track];
    if (actor->id == administrator_id || (actor->roles & ROLE_BIT(t->approver_role)) ||
        (t->registrar_role >= 0 && (actor->roles & ROLE_BIT(t->registrar_role))))
        return 1;
    snprintf(why->message, sizeof why->message, "この台帳の記録を更新できるのは外部サービス管理者、%s%s%sです",
             p->roles[t->approver_role].label, t->registrar_role >= 0 ? "、" : "",
             t->registrar_role >= 0 ? p->roles[t->registrar_role].label : "");
    why->clause = t->administrator_clause;
    return 0;
}

int review_due_after(const Profile *p, int from)
{
    return date_add_months(from, p->review_interval_months > 0 ? p->review_interval_months : 12);
}
