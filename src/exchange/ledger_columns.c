#include <stdio.h>
#include <string.h>

#include "exchange/field_text.h"
#include "exchange/ledger_columns.h"

static const char *const short_labels[F_COUNT] = {
    [F_SERVICE_NAME] = "名称",
    [F_SERVICE_FUNCTION] = "機能",
    [F_SERVICE_PROVIDER] = "提供者",
    [F_SERVICE_CATEGORY] = "サービス種別",
    [F_PURPOSE] = "利用目的",
    [F_USER_SCOPE] = "利用者の範囲",
    [F_NOTES] = "その他",
    [F_INFO_CONFIDENTIALITY] = "機密性",
    [F_INFO_INTEGRITY] = "完全性",
    [F_INFO_AVAILABILITY] = "可用性",
    [F_PERIOD_FROM] = "開始日",
    [F_PERIOD_TO] = "終了日",
    [F_APPLICANT_DEPARTMENT] = "所属",
    [F_APPLICANT_NAME] = "氏名",
    [F_ADMIN_DEPARTMENT] = "所属",
    [F_ADMIN_TITLE] = "補職名",
};

const char *field_short_label(int field)
{
    return field >= 0 && field < F_COUNT && short_labels[field] ? short_labels[field] : field_defs[field].path;
}

static int add(LedgerColumns *c, ColKind kind, int field, const char *header)
{
    if (c->n == LEDGER_COLUMNS_MAX || !header)
        return 0;
    c->cols[c->n] = (LedgerColumn){kind, field, header};
    c->headers[c->n] = header;
    c->n++;
    return 1;
}

int ledger_columns_init(LedgerColumns *c, const Profile *p)
{
    memset(c, 0, sizeof *c);
    arena_init(&c->arena, NULL, 0);
    int ok = add(c, COL_NUMBER, -1, "台帳番号");
    FieldMask used = 0;
    for (int i = 0; i < p->n_ledger; i++) {
        const LedgerField *lf = &p->ledger[i];
        for (int k = 0; k < lf->n_fields; k++) {
            int f = lf->fields[k];
            if (used & FIELD_BIT(f))
                continue;
            used |= FIELD_BIT(f);
            if (lf->n_fields == 1) {
                ok &= add(c, COL_FIELD, f, lf->label);
                continue;
            }
            Str h = STR_INIT;
            str_appendf(&h, "%s：%s", lf->label, field_short_label(f));
            ok &= add(c, COL_FIELD, f, str_failed(&h) ? NULL : arena_strdup(&c->arena, str_cstr(&h)));
            str_free(&h);
        }
    }
    /* The parser needs the category; a ledger usually does not list it. */
    if (!(used & FIELD_BIT(F_SERVICE_CATEGORY)))
        ok &= add(c, COL_FIELD, F_SERVICE_CATEGORY, "サービス種別");
    if (!(used & FIELD_BIT(F_INFO_CONFIDENTIALITY)))
        ok &= add(c, COL_FIELD, F_INFO_CONFIDENTIALITY, "機密性");
    ok &= add(c, COL_STATE, -1, "状態");
    ok &= add(c, COL_REVIEW_DUE, -1, "次回点検期限");
    return ok && !c->arena.failed;
}

void ledger_columns_free(LedgerColumns *c) { arena_free(&c->arena); }

void field_cell_text(const AppDoc *doc, int f, Str *out)
{
    const FieldDef *fd = &field_defs[f];
    const FieldValue *v = &doc->v[f];
    const Profile *p = doc->profile;
    if (!v->present)
        return;
    switch (fd->type) {
    case FT_BOOL: str_append(out, v->i ? "true" : "false"); break;
    case FT_CLASS: str_append(out, p->schemes[fd->scheme].levels[v->code].code); break;
    case FT_ROLE: str_append(out, p->roles[v->code].id); break;
    case FT_ENUM_LIST:
        for (int i = 0; i < v->count; i++)
            str_appendf(out, "%s%s", i ? "," : "", fd->enum_values[v->codes[i]]);
        break;
    case FT_COUNTRY_LIST:
        for (int i = 0; i < v->count; i++) {
            char cc[3];
            country_unpack(v->codes[i], cc);
            str_appendf(out, "%s%s", i ? "," : "", cc);
        }
        break;
    case FT_HOST_LIST:
        for (int i = 0; i < v->count; i++)
            str_appendf(out, "%s%s", i ? "," : "", v->strs[i]);
        break;
    default: field_text(doc, f, out);
    }
}

void field_cell_json(const FieldDef *fd, const char *v, Str *out)
{
    switch (fd->type) {
    case FT_BOOL:
        if (!strcmp(v, "はい") || !strcmp(v, "true") || !strcmp(v, "TRUE"))
            str_append(out, "true");
        else if (!strcmp(v, "いいえ") || !strcmp(v, "false") || !strcmp(v, "FALSE"))
            str_append(out, "false");
        else
            str_append_json(out, v); /* the parser names the field and what it wants */
        break;
    case FT_INT:
    case FT_NUMBER: {
        /* Only a plain number goes in as JSON; anything else as a string,
         * which the parser then refuses with the field's name. */
        int plain = *v != 0;
        for (const char *s = v; *s; s++)
            plain &= (*s >= '0' && *s <= '9') || *s == '.' || *s == '-' || *s == 'e' || *s == 'E' || *s == '+';
        if (plain)
            str_append(out, v);
        else
            str_append_json(out, v);
        break;
    }
    case FT_ENUM_LIST:
    case FT_COUNTRY_LIST:
    case FT_HOST_LIST:
        str_appendc(out, '[');
        for (const char *s = v; *s;) {
            const char *comma = strchr(s, ',');
            size_t len = comma ? (size_t)(comma - s) : strlen(s);
            Str item = STR_INIT;
            while (len && *s == ' ')
                s++, len--;
            while (len && s[len - 1] == ' ')
                len--;
            str_appendn(&item, s, len);
            str_append(out, out->buf && out->buf[out->len - 1] == '[' ? "" : ",");
            str_append_json(out, str_cstr(&item));
            str_free(&item);
            s = comma ? comma + 1 : s + strlen(s);
        }
        str_appendc(out, ']');
        break;
    default: str_append_json(out, v);
    }
}

/* ^'*[=+\-@\t\r] */
static int formula_like(const char *t)
{
    while (*t == '\'')
        t++;
    return *t == '=' || *t == '+' || *t == '-' || *t == '@' || *t == '\t' || *t == '\r';
}

int cell_needs_guard(const char *text) { return formula_like(text); }

const char *cell_unguard(const char *text) { return text[0] == '\'' && formula_like(text + 1) ? text + 1 : text; }
