#include "policy/evaluate.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "policy/cond_eval.h"

const char *const verdict_names[] = {"ready", "needs_review", "blocked", NULL};

int decision_init(Decision *d, const Profile *p)
{
    memset(d, 0, sizeof *d);
    d->profile = p;
    d->findings = calloc((size_t)(p->n_rules ? p->n_rules : 1), sizeof *d->findings);
    size_t ni = (size_t)(p->n_items ? p->n_items : 1), nr = (size_t)(p->n_risks ? p->n_risks : 1);
    d->item_applies = calloc(ni, 1);
    d->item_status = calloc(ni, 1);
    d->risk_applies = calloc(nr, 1);
    d->risk_status = calloc(nr, 1);
    if (!d->findings || !d->item_applies || !d->item_status || !d->risk_applies || !d->risk_status) {
        decision_free(d);
        return 0;
    }
    return 1;
}

void decision_free(Decision *d)
{
    free(d->findings);
    free(d->item_applies);
    free(d->item_status);
    free(d->risk_applies);
    free(d->risk_status);
    memset(d, 0, sizeof *d);
}

/* "*.example.jp" matches any host under example.jp (not example.jp itself). */
static int host_matches(const char *pattern, const char *host)
{
    if (pattern[0] == '*' && pattern[1] == '.') {
        size_t pl = strlen(pattern + 1), hl = strlen(host);
        return hl > pl && strcasecmp(host + hl - pl, pattern + 1) == 0;
    }
    return strcasecmp(pattern, host) == 0;
}

static const Exempt *find_exempt(const Profile *p, const Decision *d, const FieldValue *v)
{
    unsigned class_bit = 1u << v[F_INFO_CONFIDENTIALITY].code;
    for (int i = 0; i < p->n_exempts + d->n_extra_exempts; i++) {
        const Exempt *ex = i < p->n_exempts ? &p->exempts[i] : &d->extra_exempts[i - p->n_exempts];
        if (!(ex->class_mask & class_bit))
            continue;
        if (v[F_SERVICE_NAME].present && strcmp(ex->name, v[F_SERVICE_NAME].s) == 0)
            return ex;
        const FieldValue *dom = &v[F_SERVICE_DOMAINS];
        for (int j = 0; dom->present && j < dom->count; j++)
            for (int k = 0; k < ex->n_domains; k++)
                if (host_matches(ex->domains[k], dom->strs[j]))
                    return ex;
    }
    return NULL;
}

static void derive_fields(AppDoc *doc, Decision *d)
{
    const Profile *p = doc->profile;
    FieldValue *v = doc->v;
    assert(v[F_INFO_CONFIDENTIALITY].present); /* the parser requires it */
    const Level *conf = &p->schemes[SCHEME_CONFIDENTIALITY].levels[v[F_INFO_CONFIDENTIALITY].code];
    d->track = conf->important ? TRACK_IMPORTANT : TRACK_ORDINARY;
    v[F_TRACK] = (FieldValue){.present = 1, .code = d->track, .s = track_values[d->track]};

    if (v[F_INFO_AVAILABILITY].present) {
        const Level *av = &p->schemes[SCHEME_AVAILABILITY].levels[v[F_INFO_AVAILABILITY].code];
        d->high_availability = av->high ? 1 : 0;
        v[F_HIGH_AVAILABILITY] = (FieldValue){.present = 1, .i = d->high_availability};
    } else {
        d->high_availability = -1;
        v[F_HIGH_AVAILABILITY] = (FieldValue){.present = 0};
    }
    d->exempt = find_exempt(p, d, v);
    v[F_EXEMPT] = (FieldValue){.present = 1, .i = d->exempt != NULL};
}

/* A derived field is missing when the field it is derived from is. */
static FieldMask underlying(FieldMask m)
{
    if (m & FIELD_BIT(F_HIGH_AVAILABILITY))
        m = (m & ~FIELD_BIT(F_HIGH_AVAILABILITY)) | FIELD_BIT(F_INFO_AVAILABILITY);
    return m;
}

static void eval_rules(const Profile *p, const FieldValue *v, Decision *d)
{
    for (int i = 0; i < p->n_rules; i++) {
        const Rule *ru = &p->rules[i];
        FieldMask miss = 0;
        Tri t = cond_eval(ru->when, v, &miss);
        miss = underlying(miss);
        if (t == TRI_TRUE) {
            d->findings[d->n_findings++] = (Finding){ru, ru->severity, 0, 0};
        } else if (t == TRI_UNKNOWN) {
            d->missing |= miss;
            /* A block that cannot be checked must not pass silently. */
            if (ru->severity == SEV_BLOCK)
                d->findings[d->n_findings++] = (Finding){ru, SEV_WARN, 1, miss};
        }
    }
}

static void eval_items(const Profile *p, const AppDoc *doc, Decision *d)
{
    const FieldValue *v = doc->v;
    unsigned track_bit = 1u << d->track;
    unsigned cat_bit = 1u << v[F_SERVICE_CATEGORY].code;
    for (int i = 0; i < p->n_items; i++) {
        const Item *it = &p->items[i];
        int applies = (it->track_mask & track_bit) && (it->category_mask & cat_bit);
        if (applies && it->when) {
            FieldMask miss = 0;
            Tri t = cond_eval(it->when, v, &miss);
            applies = t != TRI_FALSE; /* a missing fact never hides a requirement */
            if (t == TRI_UNKNOWN)
                d->missing |= underlying(miss);
        }
        d->item_applies[i] = (unsigned char)applies;
        unsigned char st = doc->answers[i];
        d->item_status[i] = st;
        if (applies && !it->should && phase_gates_approval(it->phase) && st != ANSWER_DONE &&
            st != ANSWER_NOT_APPLICABLE)
            d->open_items++;
    }
    for (int i = 0; i < p->n_risks; i++) {
        int applies = (p->risks[i].track_mask & track_bit) != 0;
        unsigned char st = doc->answers[p->n_items + i];
        d->risk_applies[i] = (unsigned char)applies;
        d->risk_status[i] = st;
        if (applies && st != ANSWER_DONE && st != ANSWER_NOT_APPLICABLE)
            d->open_risks++;
    }
}

static void eval_ledger(const Profile *p, const FieldValue *v, Decision *d)
{
    if (v[F_PERIOD_FROM].present && !v[F_PERIOD_TO].present)
        d->period_to_default = date_fiscal_year_end((int)v[F_PERIOD_FROM].i);
    for (int i = 0; i < p->n_ledger; i++) {
        const LedgerField *lf = &p->ledger[i];
        if (lf->required && lf->n_fields > 0 && !v[lf->fields[0]].present)
            d->ledger_missing |= FIELD_BIT(lf->fields[0]);
    }
    d->missing |= d->ledger_missing;
}

void evaluate(AppDoc *doc, Decision *d)
{
    const Profile *p = doc->profile;
    assert(d->profile == p);
    d->n_findings = 0;
    d->open_items = d->open_risks = 0;
    d->missing = d->ledger_missing = 0;
    d->period_to_default = 0;

    derive_fields(doc, d);
    eval_rules(p, doc->v, d);
    eval_items(p, doc, d);
    eval_ledger(p, doc->v, d);

    int block = 0, warn = 0;
    for (int i = 0; i < d->n_findings; i++) {
        block |= d->findings[i].severity == SEV_BLOCK;
        warn |= d->findings[i].severity == SEV_WARN;
    }
    if (block)
        d->verdict = VERDICT_BLOCKED;
    else if (warn || (!d->exempt && (d->open_items || d->open_risks || d->ledger_missing)))
        d->verdict = VERDICT_NEEDS_REVIEW;
    else
        d->verdict = VERDICT_READY;
}
