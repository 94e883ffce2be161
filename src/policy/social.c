/* The 'social_media' profile section (tokyo-edu 10) and the pure checks over
 * it: the password policy and the pre-posting check (policy/social.h). */
#include "policy/social.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "policy/cond_eval.h"
#include "policy/cond_parse.h"
#include "policy/evaluate.h"
#include "policy/profile_sections.h"
#include "util/utf8.h"

const char *const password_class_names[] = {"upper", "lower", "digit", "symbol", NULL};
const char *const password_class_labels[] = {"英大文字", "英小文字", "数字", "記号"};

static const char *const top_keys[] = {"clause", "manager_role", "manager_clause", "checks", "password_policy",
                                       "url_shorteners", "posting_rules", "prohibited", "monitoring", "playbooks",
                                       NULL};
static const char *const check_keys[] = {"id", "clause", "text", "level", NULL};
static const char *const pw_keys[] = {"min_length", "min_classes", "classes", "clause", NULL};
static const char *const rule_keys[] = {"id", "clause", "severity", "message", "when", NULL};
static const char *const item_keys[] = {"id", "clause", "text", NULL};
static const char *const mon_keys[] = {"interval_days", "clause", NULL};
static const char *const book_keys[] = {"id", "label", "clause", "steps", NULL};
static const char *const step_keys[] = {"text", "notify", NULL};

/* ---- loading ---------------------------------------------------------- */

/* An id unique among `ids[0..n)`. */
static const char *id_of(Yr *r, yaml_node_t *m, const char *what, const char *const *ids, int n)
{
    const char *id = yr_str(r, m, "id", 1);
    if (!id)
        return NULL;
    if (!yr_id_ok(id, "-_")) {
        yr_error(r, yr_get(r, m, "id"), "social_media: %s id '%s' may contain only a-z, 0-9, '-' and '_'", what, id);
        return NULL;
    }
    for (int i = 0; i < n; i++)
        if (ids[i] && strcmp(ids[i], id) == 0) {
            yr_error(r, yr_get(r, m, "id"), "social_media: duplicate %s id '%s'", what, id);
            return NULL;
        }
    return id;
}

static void load_checks(Yr *r, Profile *p, SocialPolicy *s, yaml_node_t *seq)
{
    int n = yr_seq_len(r, seq, "social_media.checks");
    s->checks = arena_alloc(&p->arena, sizeof *s->checks * (size_t)(n ? n : 1));
    if (n == 0)
        yr_error(r, seq, "social_media.checks needs at least one check (10 イ–ケ)");
    const char **ids = arena_alloc(&p->arena, sizeof *ids * (size_t)(n ? n : 1));
    for (int i = 0; i < n && s->checks && ids; i++) {
        yaml_node_t *m = yr_seq_at(r, seq, i);
        if (!yr_expect_map(r, m, "social_media check"))
            continue;
        yr_check_keys(r, m, check_keys, "social_media check");
        SocialCheck *c = &s->checks[s->n_checks];
        c->id = id_of(r, m, "check", ids, s->n_checks);
        c->clause = yr_text(r, m, "clause", "social_media", "check");
        c->text = yr_text(r, m, "text", "social_media", "check");
        const char *level = yr_str(r, m, "level", 0);
        if (level && strcmp(level, "must") != 0 && strcmp(level, "should") != 0)
            yr_error(r, yr_get(r, m, "level"), "social_media check: level '%s' is not one of: must, should", level);
        c->should = level && strcmp(level, "should") == 0;
        if (c->id && c->clause && c->text)
            ids[s->n_checks++] = c->id;
    }
}

static void load_password(Yr *r, SocialPolicy *s, yaml_node_t *m)
{
    PasswordPolicy *pp = &s->password;
    if (!yr_expect_map(r, m, "social_media.password_policy"))
        return;
    yr_check_keys(r, m, pw_keys, "social_media.password_policy");
    pp->min_length = yr_int(r, m, "min_length", 0, 1, 1024);
    pp->clause = yr_text(r, m, "clause", "social_media", "password_policy");
    yaml_node_t *cs = yr_get(r, m, "classes");
    if (!cs)
        yr_error(r, m, "social_media.password_policy: 'classes' is required (upper, lower, digit, symbol)");
    int n = cs ? yr_seq_len(r, cs, "password_policy.classes") : 0;
    int count = 0;
    for (int i = 0; i < n; i++) {
        yaml_node_t *e = yr_seq_at(r, cs, i);
        const char *v = yr_scalar(r, e, "password_policy.classes");
        int k = v ? enum_index(password_class_names, v) : -1;
        if (v && k < 0)
            yr_error(r, e, "password_policy.classes: '%s' is not one of: upper, lower, digit, symbol", v);
        else if (k >= 0 && (pp->classes & (1u << k)))
            yr_error(r, e, "password_policy.classes: '%s' is listed twice", v);
        else if (k >= 0) {
            pp->classes |= 1u << k;
            count++;
        }
    }
    if (!yr_get(r, m, "min_length"))
        yr_error(r, m, "social_media.password_policy: 'min_length' is required");
    yaml_node_t *mc = yr_get(r, m, "min_classes");
    pp->min_classes = yr_int(r, m, "min_classes", 0, 1, 4);
    if (!mc)
        yr_error(r, m, "social_media.password_policy: 'min_classes' is required");
    else if (pp->min_classes > count && count > 0)
        yr_error(r, mc, "password_policy.min_classes %d is more than the %d classes listed", pp->min_classes, count);
}

static void load_shorteners(Yr *r, Profile *p, SocialPolicy *s, yaml_node_t *seq)
{
    int n = yr_seq_len(r, seq, "social_media.url_shorteners");
    s->shorteners = arena_alloc(&p->arena, sizeof(char *) * (size_t)(n ? n : 1));
    for (int i = 0; i < n && s->shorteners; i++) {
        yaml_node_t *e = yr_seq_at(r, seq, i);
        const char *h = yr_scalar(r, e, "url_shorteners");
        if (h && (!host_valid(h) || h[0] == '*'))
            yr_error(r, e, "url_shorteners: '%s' is not a host name", h);
        else if (h)
            s->shorteners[s->n_shorteners++] = h;
    }
}

static void load_rules(Yr *r, Profile *p, SocialPolicy *s, yaml_node_t *seq)
{
    int n = yr_seq_len(r, seq, "social_media.posting_rules");
    s->post_rules = arena_alloc(&p->arena, sizeof *s->post_rules * (size_t)(n ? n : 1));
    const char **ids = arena_alloc(&p->arena, sizeof *ids * (size_t)(n ? n : 1));
    /* The post's own fields may be read only here (fields.h SCOPE_POST). */
    int scope = r->field_scope;
    r->field_scope = SCOPE_POST;
    for (int i = 0; i < n && s->post_rules && ids; i++) {
        yaml_node_t *m = yr_seq_at(r, seq, i);
        if (!yr_expect_map(r, m, "posting rule"))
            continue;
        yr_check_keys(r, m, rule_keys, "posting rule");
        PostRule *ru = &s->post_rules[s->n_post_rules];
        ru->id = id_of(r, m, "posting rule", ids, s->n_post_rules);
        ru->clause = yr_text(r, m, "clause", "social_media", "posting rule");
        ru->message = yr_text(r, m, "message", "social_media", "posting rule");
        const char *sev = yr_str(r, m, "severity", 1);
        int k = sev ? enum_index(severity_names, sev) : 0;
        if (k < 0) {
            yr_error(r, yr_get(r, m, "severity"), "posting rule: severity '%s' is not one of: info, warn, block", sev);
            k = 0;
        }
        ru->severity = (Severity)k;
        yaml_node_t *w = yr_get(r, m, "when");
        if (!w)
            yr_error(r, m, "posting rule %s: 'when' is required", ru->id ? ru->id : "?");
        else
            ru->when = cond_parse(r, p, w, 0);
        if (ru->id && ru->clause && ru->message && sev && ru->when)
            ids[s->n_post_rules++] = ru->id;
    }
    r->field_scope = scope;
}

static void load_prohibited(Yr *r, Profile *p, SocialPolicy *s, yaml_node_t *seq)
{
    int n = yr_seq_len(r, seq, "social_media.prohibited");
    s->prohibited = arena_alloc(&p->arena, sizeof *s->prohibited * (size_t)(n ? n : 1));
    const char **ids = arena_alloc(&p->arena, sizeof *ids * (size_t)(n ? n : 1));
    for (int i = 0; i < n && s->prohibited && ids; i++) {
        yaml_node_t *m = yr_seq_at(r, seq, i);
        if (!yr_expect_map(r, m, "prohibited item"))
            continue;
        yr_check_keys(r, m, item_keys, "prohibited item");
        Prohibited *it = &s->prohibited[s->n_prohibited];
        it->id = id_of(r, m, "prohibited item", ids, s->n_prohibited);
        it->clause = yr_text(r, m, "clause", "social_media", "prohibited item");
        it->text = yr_text(r, m, "text", "social_media", "prohibited item");
        if (it->id && it->clause && it->text)
            ids[s->n_prohibited++] = it->id;
    }
}

static void load_steps(Yr *r, Profile *p, Playbook *b, yaml_node_t *seq)
{
    int n = yr_seq_len(r, seq, "playbook steps");
    if (n == 0)
        yr_error(r, seq, "playbook %s: 'steps' needs at least one step", b->id ? b->id : "?");
    b->steps = arena_alloc(&p->arena, sizeof *b->steps * (size_t)(n ? n : 1));
    for (int i = 0; i < n && b->steps; i++) {
        yaml_node_t *m = yr_seq_at(r, seq, i);
        if (!yr_expect_map(r, m, "playbook step"))
            continue;
        yr_check_keys(r, m, step_keys, "playbook step");
        PlaybookStep *st = &b->steps[b->n_steps];
        st->text = yr_text(r, m, "text", "social_media", "playbook step");
        yaml_node_t *nt = yr_get(r, m, "notify");
        int k = nt ? yr_seq_len(r, nt, "playbook step notify") : 0;
        st->notify = arena_alloc(&p->arena, sizeof(char *) * (size_t)(k ? k : 1));
        for (int j = 0; j < k && st->notify; j++) {
            const char *who = yr_scalar(r, yr_seq_at(r, nt, j), "notify");
            if (who)
                st->notify[st->n_notify++] = who;
        }
        if (st->text)
            b->n_steps++;
    }
}

static void load_playbooks(Yr *r, Profile *p, SocialPolicy *s, yaml_node_t *seq)
{
    int n = yr_seq_len(r, seq, "social_media.playbooks");
    s->playbooks = arena_alloc(&p->arena, sizeof *s->playbooks * (size_t)(n ? n : 1));
    const char **ids = arena_alloc(&p->arena, sizeof *ids * (size_t)(n ? n : 1));
    for (int i = 0; i < n && s->playbooks && ids; i++) {
        yaml_node_t *m = yr_seq_at(r, seq, i);
        if (!yr_expect_map(r, m, "playbook"))
            continue;
        yr_check_keys(r, m, book_keys, "playbook");
        Playbook *b = &s->playbooks[s->n_playbooks];
        b->id = id_of(r, m, "playbook", ids, s->n_playbooks);
        b->label = yr_text(r, m, "label", "social_media", "playbook");
        b->clause = yr_text(r, m, "clause", "social_media", "playbook");
        yaml_node_t *st = yr_get(r, m, "steps");
        if (!st)
            yr_error(r, m, "playbook %s: 'steps' is required", b->id ? b->id : "?");
        else
            load_steps(r, p, b, st);
        if (b->id && b->label && b->clause && b->n_steps)
            ids[s->n_playbooks++] = b->id;
    }
}

void social_media_load(Yr *r, Profile *p, yaml_node_t *node)
{
    SocialPolicy *s = yr_section(r, node, "social_media", top_keys, &p->arena, sizeof *s);
    if (!s)
        return;
    s->clause = yr_text(r, node, "clause", "social_media", "section");
    const char *role = yr_str(r, node, "manager_role", 1);
    s->manager_role = role ? profile_role_index(p, role) : -1;
    if (role && s->manager_role < 0)
        yr_error(r, yr_get(r, node, "manager_role"), "social_media.manager_role '%s' is not a role of the profile", role);
    s->manager_clause = yr_text(r, node, "manager_clause", "social_media", "section");
    static const char *const required[] = {"checks", "password_policy", "posting_rules", "prohibited", "monitoring",
                                           "playbooks"};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (!yr_get(r, node, required[i]))
            yr_error(r, node, "social_media: '%s' is required", required[i]);
    yaml_node_t *n;
    if ((n = yr_get(r, node, "checks")))
        load_checks(r, p, s, n);
    if ((n = yr_get(r, node, "password_policy")))
        load_password(r, s, n);
    if ((n = yr_get(r, node, "url_shorteners")))
        load_shorteners(r, p, s, n);
    if ((n = yr_get(r, node, "posting_rules")))
        load_rules(r, p, s, n);
    if ((n = yr_get(r, node, "prohibited")))
        load_prohibited(r, p, s, n);
    if ((n = yr_get(r, node, "monitoring")) && yr_expect_map(r, n, "social_media.monitoring")) {
        yr_check_keys(r, n, mon_keys, "social_media.monitoring");
        if (!yr_get(r, n, "interval_days"))
            yr_error(r, n, "social_media.monitoring: 'interval_days' is required");
        s->monitoring_days = yr_int(r, n, "interval_days", 0, 1, 366);
        s->monitoring_clause = yr_text(r, n, "clause", "social_media", "monitoring");
    }
    if ((n = yr_get(r, node, "playbooks")))
        load_playbooks(r, p, s, n);
    p->social = s;
}

int social_check_index(const SocialPolicy *s, const char *id)
{
    for (int i = 0; s && id && i < s->n_checks; i++)
        if (strcmp(s->checks[i].id, id) == 0)
            return i;
    return -1;
}

int social_prohibited_index(const SocialPolicy *s, const char *id)
{
    for (int i = 0; s && id && i < s->n_prohibited; i++)
        if (strcmp(s->prohibited[i].id, id) == 0)
            return i;
    return -1;
}

int social_playbook_index(const SocialPolicy *s, const char *id)
{
    for (int i = 0; s && id && i < s->n_playbooks; i++)
        if (strcmp(s->playbooks[i].id, id) == 0)
            return i;
    return -1;
}

/* ---- password policy ---------------------------------------------------- */

void social_password_check(const PasswordPolicy *pp, const char *pw, size_t len, PasswordResult *out)
{
    memset(out, 0, sizeof *out);
    const unsigned char *s = (const unsigned char *)pw, *end = s + len;
    while (s < end) {
        if (*s < 0x80) {
            unsigned char c = *s++;
            if (c < 0x20 || c == 0x7F) {
                snprintf(out->message, sizeof out->message, "パスワードに制御文字（改行など）は使えません [%s]", pp->clause);
                return;
            }
            out->classes |= c >= 'A' && c <= 'Z'   ? PW_UPPER
                            : c >= 'a' && c <= 'z' ? PW_LOWER
                            : c >= '0' && c <= '9' ? PW_DIGIT
                            : c != ' '             ? PW_SYMBOL
                                                   : 0;
        } else {
            /* A non-ASCII character counts toward the length but is none of
             * the policy's classes (英字・数字・記号 are ASCII on login forms). */
            int k = utf8_seq(s, end);
            if (!k) {
                snprintf(out->message, sizeof out->message, "パスワードが UTF-8 の文字列ではありません [%s]", pp->clause);
                return;
            }
            s += k;
        }
        out->length++;
    }
    out->valid_utf8 = 1;
    for (int k = 0; k < 4; k++)
        out->n_classes += (pp->classes & out->classes & (1u << k)) != 0;
    int short_by = pp->min_length - out->length;
    int classes_short = pp->min_classes - out->n_classes;
    out->ok = short_by <= 0 && classes_short <= 0;
    Str m = STR_INIT;
    if (out->ok) {
        str_appendf(&m, "パスワードポリシーを満たしています（%d 文字、%d 種類の文字）[%s]", out->length, out->n_classes, pp->clause);
    } else {
        str_append(&m, "パスワードポリシーを満たしていません:");
        if (short_by > 0)
            str_appendf(&m, " %d 文字以上が必要です（あと %d 文字）。", pp->min_length, short_by);
        if (classes_short > 0) {
            str_appendf(&m, " 文字の種類が %d 種類です。%d 種類以上が必要です（使われていない種類: ", out->n_classes,
                        pp->min_classes);
            int first = 1;
            for (int k = 0; k < 4; k++)
                if ((pp->classes & (1u << k)) && !(out->classes & (1u << k))) {
                    str_appendf(&m, "%s%s", first ? "" : "・", password_class_labels[k]);
                    first = 0;
                }
            str_append(&m, "）。");
        }
        str_appendf(&m, " [%s]", pp->clause);
    }
    snprintf(out->message, sizeof out->message, "%s", str_failed(&m) ? "out of memory" : str_cstr(&m));
    str_free(&m);
}

/* ---- pre-posting check -------------------------------------------------- */

static int host_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* The host of a URL or bare host starting at s (scheme already skipped),
 * normalized; NULL if there is none. */
static const char *host_at(const char *s, Arena *a)
{
    size_t n = 0;
    while (host_char(s[n]))
        n++;
    while (n && s[n - 1] == '.')
        n--;
    if (!n)
        return NULL;
    char *h = arena_strndup(a, s, n);
    if (!h)
        return NULL;
    for (char *c = h; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
    if (strncmp(h, "www.", 4) == 0 && h[4])
        h += 4;
    return host_valid(h) ? h : NULL;
}

static int add_host(const char **hosts, int n, int cap, const char *h)
{
    if (!h || n >= cap)
        return n;
    for (int i = 0; i < n; i++)
        if (strcmp(hosts[i], h) == 0)
            return n;
    hosts[n] = h;
    return n + 1;
}

int social_extract_hosts(const char *text, Arena *a, const char **hosts, int n, int cap)
{
    for (const char *s = text; s && *s; s++) {
        size_t skip = strncasecmp(s, "https://", 8) == 0 ? 8 : strncasecmp(s, "http://", 7) == 0 ? 7 : 0;
        if (!skip)
            continue;
        const char *h = host_at(s + skip, a);
        n = add_host(hosts, n, cap, h);
        s += skip - 1;
    }
    return n;
}

static void add_finding(PostResult *out, const char *id, const char *clause, const char *message, Severity sev,
                        int unconfirmed)
{
    out->findings[out->n_findings++] = (PostFinding){id, clause, message, sev, unconfirmed};
}

static int set_class(const Profile *p, AppDoc *doc, int field, int scheme, const char *code, PostResult *out,
                     const char *what)
{
    if (!code || !*code)
        return 0;
    int rank = profile_level_rank(p, scheme, code);
    if (rank < 0) {
        snprintf(out->error, sizeof out->error, "%s '%.40s' はこの基準の区分ではありません", what, code);
        return -1;
    }
    doc->v[field].present = 1;
    doc->v[field].code = rank;
    return 0;
}

static void set_bool(AppDoc *doc, int field, int v)
{
    doc->v[field].present = 1;
    doc->v[field].i = v != 0;
}

int social_post_check(const Profile *p, const PostInput *in, Arena *a, PostResult *out)
{
    memset(out, 0, sizeof *out);
    const SocialPolicy *s = p->social;
    if (!s) {
        snprintf(out->error, sizeof out->error, "この基準にはソーシャルメディアの定めがありません");
        return -1;
    }
    if (!in->confidentiality || !*in->confidentiality) {
        snprintf(out->error, sizeof out->error, "投稿する情報の機密性（confidentiality）を指定してください [%s]",
                 s->post_rules && s->n_post_rules ? s->post_rules[0].clause : s->clause);
        return -1;
    }
    for (int i = 0; i < in->n_confirmed; i++)
        if (social_prohibited_index(s, in->confirmed[i]) < 0) {
            snprintf(out->error, sizeof out->error, "確認項目 '%.60s' はこの基準にありません", in->confirmed[i]);
            return -1;
        }
    AppDoc doc;
    if (!appdoc_init(&doc, p)) {
        snprintf(out->error, sizeof out->error, "out of memory");
        return -1;
    }
    int rc = set_class(p, &doc, F_INFO_CONFIDENTIALITY, SCHEME_CONFIDENTIALITY, in->confidentiality, out, "機密性") |
             set_class(p, &doc, F_INFO_AVAILABILITY, SCHEME_AVAILABILITY, in->availability, out, "可用性");
    out->hosts = arena_alloc(a, sizeof(char *) * POST_MAX_HOSTS);
    out->findings = arena_alloc(a, sizeof(PostFinding) * (size_t)(s->n_post_rules + s->n_prohibited + 1));
    if (rc == 0 && (!out->hosts || !out->findings)) {
        snprintf(out->error, sizeof out->error, "out of memory");
        rc = -1;
    }
    if (rc != 0) {
        appdoc_free(&doc);
        return -1;
    }
    out->n_hosts = social_extract_hosts(in->text, a, out->hosts, 0, POST_MAX_HOSTS);
    for (int i = 0; i < in->n_urls; i++) {
        const char *u = in->urls[i];
        const char *sep = u ? strstr(u, "://") : NULL;
        int before = out->n_hosts;
        if (sep)
            out->n_hosts = social_extract_hosts(u, a, out->hosts, out->n_hosts, POST_MAX_HOSTS);
        else if (u && *u)
            out->n_hosts = add_host(out->hosts, out->n_hosts, POST_MAX_HOSTS, host_at(u, a));
        if (u && *u && out->n_hosts == before && !sep && !host_at(u, a)) {
            snprintf(out->error, sizeof out->error, "URL '%.80s' からホスト名を読み取れません", u);
            appdoc_free(&doc);
            return -1;
        }
    }
    FieldValue *hv = &doc.v[F_POST_URL_HOSTS];
    hv->strs = out->hosts;
    hv->count = out->n_hosts;
    hv->present = 1; /* an empty list is a post without links, which is known */
    set_bool(&doc, F_POST_VIDEO, in->video);
    set_bool(&doc, F_POST_COMMENTS_DISABLED, in->comments_disabled);
    set_bool(&doc, F_POST_RATINGS_DISABLED, in->ratings_disabled);
    set_bool(&doc, F_POST_STUDENT_WORK, in->student_work);
    set_bool(&doc, F_POST_STUDENT_CONSENT, in->student_consent);

    int verdict = VERDICT_READY;
    for (int i = 0; i < s->n_post_rules; i++) {
        const PostRule *ru = &s->post_rules[i];
        FieldMask missing = 0;
        Tri t = cond_eval(ru->when, doc.v, &missing);
        Severity sev = ru->severity;
        if (t == TRI_FALSE || (t == TRI_UNKNOWN && sev != SEV_BLOCK))
            continue;
        if (t == TRI_UNKNOWN)
            sev = SEV_WARN; /* could not be decided (e.g. no availability given): a person looks */
        add_finding(out, ru->id, ru->clause, ru->message, sev, 0);
        if (sev == SEV_BLOCK)
            verdict = VERDICT_BLOCKED;
        else if (sev == SEV_WARN && verdict < VERDICT_NEEDS_REVIEW)
            verdict = VERDICT_NEEDS_REVIEW;
    }
    for (int i = 0; i < s->n_prohibited; i++) {
        int seen = 0;
        for (int k = 0; k < in->n_confirmed && !seen; k++)
            seen = strcmp(in->confirmed[k], s->prohibited[i].id) == 0;
        if (seen)
            continue;
        add_finding(out, s->prohibited[i].id, s->prohibited[i].clause, s->prohibited[i].text, SEV_WARN, 1);
        if (verdict < VERDICT_NEEDS_REVIEW)
            verdict = VERDICT_NEEDS_REVIEW;
    }
    out->verdict = verdict;
    appdoc_free(&doc);
    return 0;
}
