/* GET /applications/{n}/form.xlsx: the application form (申請書) as an Excel
 * workbook, for offices that circulate the 決裁 as a spreadsheet: the same
 * content as the printed form (apply_print.c), one A4 portrait sheet with
 * boxes for signatures and seals.
 *
 * Written with libxlsxwriter like the ledger export (exchange/xlsx_table.c)
 * and with its precautions: every cell is written as a string (never a
 * formula, so "=…" from an applicant stays text), a literal "_xHHHH_" is
 * escaped so that Excel shows it as typed, and a value is cut to what a
 * cell holds. libxlsxwriter 1.1.4 writes only to a file, so the workbook
 * goes to a private temporary directory and is read back into the
 * response. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "domain/dates.h"
#include "exchange/decision_json.h"
#include "util/file.h"
#include "web/pages/apply_pages.h"

enum { CELL_MAX_BYTES = 32000 };   /* below Excel's 32,767 characters whatever the UTF-8 */

typedef struct Sheet {
    lxw_worksheet *ws;
    lxw_format *title, *head, *label, *text, *section, *seal;
    lxw_row_t row;
    Str scratch;
} Sheet;

static int is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

/* The text as Excel should show it: "_xHHHH_" escaped, cut at a character
 * boundary below the cell limit. */
static const char *cell_text(Sheet *s, const char *t)
{
    t = t ? t : "";
    size_t n = strlen(t);
    if (n > CELL_MAX_BYTES) {
        n = CELL_MAX_BYTES;
        while (n > 0 && ((unsigned char)t[n] & 0xC0) == 0x80)   /* not inside a character */
            n--;
    }
    str_reset(&s->scratch);
    for (size_t i = 0; i < n; i++) {
        const char *p = t + i;
        if (n - i >= 7 && p[0] == '_' && p[1] == 'x' && is_hex(p[2]) && is_hex(p[3]) && is_hex(p[4]) && is_hex(p[5]) &&
            p[6] == '_')
            str_append(&s->scratch, "_x005F");
        str_appendc(&s->scratch, *p);
    }
    return str_cstr(&s->scratch);
}

/* "令和8年4月1日 (2026-04-01)" of an ISO date or time, as on the pages; "" for none. */
static const char *date_cell(const char *iso, char *buf, size_t cap)
{
    int ymd;
    char day[11];
    buf[0] = 0;
    if (!iso || !*iso)
        return buf;
    snprintf(day, sizeof day, "%.10s", iso);
    if (!date_parse(day, &ymd)) {
        snprintf(buf, cap, "%s", iso);
        return buf;
    }
    char wareki[64];
    date_wareki(ymd, wareki, sizeof wareki);
    snprintf(buf, cap, "%s (%s)", wareki, day);
    return buf;
}

static void put(Sheet *s, lxw_col_t col, const char *t, lxw_format *f)
{
    worksheet_write_string(s->ws, s->row, col, cell_text(s, t), f);
}

/* A row "label | value (B:C merged) | clause". */
static void field_row(Sheet *s, const char *label, const char *value, const char *clause)
{
    put(s, 0, label, s->label);
    worksheet_merge_range(s->ws, s->row, 1, s->row, 2, cell_text(s, value), s->text);
    put(s, 3, clause ? clause : "", s->text);
    s->row++;
}

static void section(Sheet *s, const char *title)
{
    s->row++;
    worksheet_merge_range(s->ws, s->row, 0, s->row, 3, cell_text(s, title), s->section);
    s->row++;
}

static void write_form(Sheet *s, Web *w, const AppRow *r, const AppDoc *doc, const Decision *d)
{
    App *app = w->app;
    const Profile *p = app->profile;
    const Track *t = &p->tracks[r->track];
    Str v = STR_INIT;
    worksheet_merge_range(s->ws, 0, 0, 0, 3, "外部サービス利用申請書", s->title);
    str_appendf(&v, "申請番号 %lld ・ 状態: %s", r->id, app_state_labels[r->state]);
    s->row = 1;
    worksheet_merge_range(s->ws, 1, 0, 1, 3, cell_text(s, str_cstr(&v)), s->text);
    s->row = 3;
    str_reset(&v);
    str_appendf(&v, "%s　様", p->roles[t->approver_role].label);
    field_row(s, "宛先", str_cstr(&v), t->approver_clause);
    field_row(s, "組織", app->org.name, NULL);
    char day[96];
    field_row(s, "申請日", date_cell(r->submitted_at, day, sizeof day), NULL);
    field_row(s, "申請者の所属", r->department, NULL);
    field_row(s, "申請者の氏名", r->applicant_name, NULL);
    str_reset(&v);
    str_appendf(&v, "%s「%s」%s", p->organization, p->document, p->version);
    field_row(s, "基準", str_cstr(&v), NULL);

    section(s, "1 申請内容");
    FieldMask shown = 0;
    for (int i = 0; i < p->n_ledger; i++) {
        const LedgerField *lf = &p->ledger[i];
        str_reset(&v);
        ledger_value_text(doc, d, lf, &v);
        for (int k = 0; k < lf->n_fields; k++)
            shown |= FIELD_BIT(lf->fields[k]);
        field_row(s, lf->label, v.len ? str_cstr(&v) : lf->required ? "（未記入・必須）" : "", lf->clause);
    }
    for (int f = 0; f < F_COUNT; f++) {
        if ((shown & FIELD_BIT(f)) || field_defs[f].derived || !doc->v[f].present)
            continue;
        str_reset(&v);
        apply_field_text(doc, f, &v);
        field_row(s, apply_field_label(p, f), str_cstr(&v), NULL);
    }

    section(s, "2 評価");
    str_reset(&v);
    str_appendf(&v, "%s (%s)", apply_verdict_labels[d->verdict], verdict_names[d->verdict]);
    field_row(s, "判定", str_cstr(&v), NULL);
    field_row(s, "区分", t->label, t->clause);
    field_row(s, "許可権限者", p->roles[t->approver_role].label, t->approver_clause);
    for (int i = 0; i < d->n_findings; i++) {
        const Finding *f = &d->findings[i];
        str_reset(&v);
        str_appendf(&v, "【%s】", apply_severity_labels[f->severity]);
        field_row(s, str_cstr(&v), f->rule->message, f->rule->clause);
    }
    str_reset(&v);
    str_appendf(&v, "%d件", d->open_items);
    field_row(s, "未了の必須要件", str_cstr(&v), NULL);

    section(s, "3 要件への回答");
    put(s, 0, "要件", s->head);
    put(s, 1, "根拠", s->head);
    put(s, 2, "回答", s->head);
    put(s, 3, "条項", s->head);
    s->row++;
    for (int i = 0; i < p->n_items + p->n_risks; i++) {
        int item = i < p->n_items;
        if (item ? !d->item_applies[i] || !phase_gates_approval(p->items[i].phase) : !d->risk_applies[i - p->n_items])
            continue;
        str_reset(&v);
        if (!item)
            str_append(&v, "リスク: ");
        str_append(&v, item ? p->items[i].text : p->risks[i - p->n_items].text);
        put(s, 0, str_cstr(&v), s->text);
        put(s, 1, doc->evidence[i] ? doc->evidence[i] : "", s->text);
        put(s, 2, apply_status_labels[doc->answers[i]], s->text);
        put(s, 3, item ? p->items[i].clause : p->risks[i - p->n_items].clause, s->text);
        s->row++;
    }

    section(s, "4 決裁");
    int decided = r->state == APP_APPROVED || r->state == APP_REJECTED || r->state == APP_RETURNED;
    put(s, 0, "", s->head);
    put(s, 1, "申請者", s->head);
    /* One box for the section head when the section head is the approver. */
    int head_box = strcmp(p->roles[t->approver_role].id, "section_head") != 0;
    put(s, 2, head_box ? "所属長" : "", s->head);
    str_reset(&v);
    str_appendf(&v, "許可権限者（%s）", p->roles[t->approver_role].label);
    put(s, 3, str_cstr(&v), s->head);
    s->row++;
    put(s, 0, "氏名", s->label);
    put(s, 1, r->applicant_name, s->seal);
    put(s, 2, "", s->seal);
    put(s, 3, decided && r->decided_by_name ? r->decided_by_name : "", s->seal);
    s->row++;
    put(s, 0, "日付", s->label);
    put(s, 1, date_cell(r->submitted_at, day, sizeof day), s->seal);
    put(s, 2, "", s->seal);
    put(s, 3, date_cell(decided ? r->decided_at : NULL, day, sizeof day), s->seal);
    s->row++;
    worksheet_set_row(s->ws, s->row, 60, NULL);   /* room for a seal */
    put(s, 0, "印", s->label);
    put(s, 1, "", s->seal);
    put(s, 2, "", s->seal);
    put(s, 3, "", s->seal);
    str_free(&v);
}

static lxw_format *fmt(lxw_workbook *wb, int border, int wrap, int bold, lxw_color_t fill)
{
    lxw_format *f = workbook_add_format(wb);
    if (border)
        format_set_border(f, LXW_BORDER_THIN);
    if (wrap)
        format_set_text_wrap(f);
    if (bold)
        format_set_bold(f);
    if (fill)
        format_set_bg_color(f, fill);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    return f;
}

void apply_xlsx(Web *w)
{
    AppRow r;
    if (!apply_load(w, &r))
        return;
    AppDoc doc;
    Decision d;
    if (!apply_stored_eval(w, &r, &doc, &d))
        return;
    const char *tmp = getenv("TMPDIR");
    char dir[512], path[560];
    snprintf(dir, sizeof dir, "%s/daicho-form-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int ok = mkdtemp(dir) != NULL;
    snprintf(path, sizeof path, "%s/form.xlsx", dir);
    if (ok) {
        lxw_workbook_options opt = {.constant_memory = 0, .tmpdir = dir};
        lxw_workbook *wb = workbook_new_opt(path, &opt);
        ok = wb != NULL;
        if (ok) {
            Sheet s = {.ws = workbook_add_worksheet(wb, "申請書")};
            s.title = fmt(wb, 0, 0, 1, 0);
            format_set_font_size(s.title, 16);
            format_set_align(s.title, LXW_ALIGN_CENTER);
            s.head = fmt(wb, 1, 1, 1, 0xE7ECF1);
            s.label = fmt(wb, 1, 1, 0, 0xF3F5F7);
            s.text = fmt(wb, 1, 1, 0, 0);
            s.section = fmt(wb, 0, 0, 1, 0);
            s.seal = fmt(wb, 1, 1, 0, 0);
            worksheet_set_column(s.ws, 0, 0, 30, NULL);
            worksheet_set_column(s.ws, 1, 1, 40, NULL);
            worksheet_set_column(s.ws, 2, 2, 16, NULL);
            worksheet_set_column(s.ws, 3, 3, 22, NULL);
            worksheet_set_paper(s.ws, 9); /* A4 */
            worksheet_set_portrait(s.ws);
            worksheet_fit_to_pages(s.ws, 1, 0);
            worksheet_set_margins(s.ws, 0.5, 0.5, 0.6, 0.6);
            worksheet_set_footer(s.ws, "&C&P / &N");
            write_form(&s, w, &r, &doc, &d);
            str_free(&s.scratch);
            ok = workbook_close(wb) == LXW_NO_ERROR;
        }
    }
    size_t len = 0;
    const char *err = NULL;
    char *data = ok ? file_read(path, &len, &err) : NULL;
    unlink(path);
    rmdir(dir);
    decision_free(&d);
    appdoc_free(&doc);
    if (!data) {
        web_error(w, 503, "申請書のExcelファイルを作れませんでした（一時ファイルを書けません）", NULL);
        return;
    }
    Response *rs = w->rs;
    str_reset(&rs->body);
    str_appendn(&rs->body, data, len);
    free(data);
    rs->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    char disp[160];
    snprintf(disp, sizeof disp, "attachment; filename=\"application-%lld.xlsx\"", r.id);
    rs->disposition = arena_strdup(w->rq->arena, disp);
    if (str_failed(&rs->body))
        web_error(w, 503, "out of memory", NULL);
}
