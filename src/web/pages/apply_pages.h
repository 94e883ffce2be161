/* The applications area (issue #4): handlers for routes_apply.c and what its
 * pages share. Private to src/web/pages/apply_*.c; other areas link to an
 * application by URL only (/applications/{n}), so nothing here goes to
 * web/pages.h. */
#ifndef DAICHO_WEB_PAGES_APPLY_H
#define DAICHO_WEB_PAGES_APPLY_H
#include "web/web.h"

enum { APPLY_PAGE_ROWS = 50 };

/* ---- handlers (HTML and JSON alike where a route has both: each looks at w->rq->is_api) ---- */
void apply_list(Web *w);             /* GET /applications, /api/v1/applications */
void apply_new_form(Web *w);         /* GET /applications/new */
void apply_new_post(Web *w);         /* POST /applications/new (評価を更新 / 下書きとして保存) */
void apply_edit_form(Web *w);        /* GET /applications/{n}/edit */
void apply_edit_post(Web *w);        /* POST /applications/{n}/edit */
void apply_api_evaluate(Web *w);     /* POST /api/v1/evaluate (raw body: JSON document or the form) */
void apply_api_create(Web *w);       /* POST /api/v1/applications (raw body: JSON document) */
void apply_api_update(Web *w);       /* POST /api/v1/applications/{n}/document (raw body) */
void apply_detail(Web *w);           /* GET /applications/{n}, /api/v1/applications/{n} */
void apply_submit(Web *w);           /* POST …/{n}/submit */
void apply_withdraw(Web *w);         /* POST …/{n}/withdraw */
void apply_approve(Web *w);          /* POST …/{n}/approve */
void apply_reject(Web *w);           /* POST …/{n}/reject */
void apply_return(Web *w);           /* POST …/{n}/return */
void apply_print(Web *w);            /* GET /applications/{n}/print */
void apply_xlsx(Web *w);             /* GET /applications/{n}/form.xlsx */

/* ---- shared (apply_common.c) ---- */
extern const char *const apply_verdict_labels[];   /* per Verdict: 承認手続きに進めます … */
extern const char *const apply_severity_labels[];  /* per Severity: 参考, 注意, 禁止 */
extern const char *const apply_status_labels[];    /* per AnswerStatus: 未回答, 実施済, 該当なし, 未実施 */

/* The verdict's label for its name ("ready" …), or the name itself. */
const char *apply_verdict_label(const char *name);
/* Japanese label of an application field: the profile's scheme label for
 * the classes, daicho's own wording for the rest. */
const char *apply_field_label(const Profile *p, int f);
/* Japanese label of an enum value of field f (category, pricing, contract),
 * or the value's name where daicho has no label. */
const char *apply_enum_label(int f, int code);
/* A field's value as display text (labels for coded values); nothing if absent. */
void apply_field_text(const AppDoc *doc, int f, Str *out);
/* Fields written by the system rather than the applicant: the applicant's
 * name and department (from the user) and the approver (at the decision).
 * The administrator is proposed by the applicant (the ledger needs it at
 * submission) and written again at approval from the administrator chosen. */
int apply_field_is_system(int f);

/* May the signed-in user see application `r`: its applicant, or an audit
 * reader (system administrator, auditor, an approver or registrar role). */
int apply_may_view(const Web *w, const AppRow *r);
/* Load the application of path argument {n} for the signed-in user. 1: in
 * *r; 0: a response was written (404 no such application in the user's
 * organization, 403 not theirs to see, 503). */
int apply_load(Web *w, AppRow *r);
/* Parse the stored document of `r` and evaluate it (the profile's current
 * version). 1 ok; 0 with a 503/422 response written. Free doc and d after
 * success with appdoc_free / decision_free. */
int apply_stored_eval(Web *w, const AppRow *r, AppDoc *doc, Decision *d);

/* The evaluation as HTML, as `daicho evaluate` shows it: verdict, track and
 * roles with clauses, findings, open requirements, risks and (with
 * `with_ledger`) the ledger fields. */
void apply_eval_html(Str *out, const AppDoc *doc, const Decision *d, int with_ledger);
/* The document's fields as <tr> rows: the ledger fields first (the
 * standard's labels and clauses), then every other given field. */
void apply_doc_rows_html(Str *out, const AppDoc *doc, const Decision *d);
/* The applicant's answers to the requirements and risks that apply, as <tr>
 * rows (requirement with clause, status, evidence). */
void apply_answer_rows_html(Str *out, const AppDoc *doc, const Decision *d);
/* The AppRow columns as JSON members (no braces), the names of `daicho apply show --json`. */
void apply_row_json_members(Str *o, const AppRow *r);

#endif
