#include "policy/yaml_reader.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"

int yr_open(Yr *r, const char *file, const char *text, size_t len, Errors *errs, Arena *arena)
{
    memset(r, 0, sizeof *r);
    r->file = file;
    r->errs = errs;
    r->arena = arena;
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        errors_add(errs, "%s: out of memory", file);
        return 0;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    int ok = yaml_parser_load(&parser, &r->doc);
    if (!ok) {
        errors_add(errs, "%s:%lu:%lu: YAML syntax error: %s%s%s", file, (unsigned long)parser.problem_mark.line + 1,
                   (unsigned long)parser.problem_mark.column + 1, parser.problem ? parser.problem : "unknown",
                   parser.context ? " " : "", parser.context ? parser.context : "");
    }
    yaml_parser_delete(&parser);
    return ok;
}

void yr_close(Yr *r) { yaml_document_delete(&r->doc); }

void yr_error(Yr *r, const yaml_node_t *at, const char *fmt, ...)
{
    Str s = STR_INIT;
    if (at)
        str_appendf(&s, "%s:%lu:%lu: ", r->file, (unsigned long)at->start_mark.line + 1,
                    (unsigned long)at->start_mark.column + 1);
    else
        str_appendf(&s, "%s: ", r->file);
    va_list ap;
    va_start(ap, fmt);
    str_vappendf(&s, fmt, ap);
    va_end(ap);
    errors_add(r->errs, "%s", str_cstr(&s));
    str_free(&s);
}

static const char *node_kind(const yaml_node_t *n)
{
    switch (n->type) {
    case YAML_SCALAR_NODE: return "a scalar";
    case YAML_SEQUENCE_NODE: return "a list";
    case YAML_MAPPING_NODE: return "a mapping";
    default: return "nothing";
    }
}

int yr_expect_map(Yr *r, yaml_node_t *n, const char *what)
{
    if (n && n->type == YAML_MAPPING_NODE)
        return 1;
    yr_error(r, n, "%s must be a mapping (key: value), not %s", what, n ? node_kind(n) : "nothing");
    return 0;
}

static const char *key_text(Yr *r, yaml_node_pair_t *pair, yaml_node_t **key_node)
{
    yaml_node_t *k = yaml_document_get_node(&r->doc, pair->key);
    *key_node = k;
    if (!k || k->type != YAML_SCALAR_NODE)
        return NULL;
    return (const char *)k->data.scalar.value;
}

void yr_check_keys(Yr *r, yaml_node_t *map, const char *const *allowed, const char *what)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return;
    for (yaml_node_pair_t *pr = map->data.mapping.pairs.start; pr < map->data.mapping.pairs.top; pr++) {
        yaml_node_t *kn;
        const char *k = key_text(r, pr, &kn);
        if (!k) {
            yr_error(r, kn, "%s: keys must be plain text", what);
            continue;
        }
        int known = 0;
        for (int i = 0; allowed[i]; i++)
            if (strcmp(allowed[i], k) == 0)
                known = 1;
        if (!known) {
            Str list = STR_INIT;
            for (int i = 0; allowed[i]; i++)
                str_appendf(&list, "%s%s", i ? ", " : "", allowed[i]);
            yr_error(r, kn, "%s: unknown key '%s' (allowed: %s)", what, k, str_cstr(&list));
            str_free(&list);
        }
        for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < pr; q++) {
            yaml_node_t *qn;
            const char *qk = key_text(r, q, &qn);
            if (qk && strcmp(qk, k) == 0) {
                yr_error(r, kn, "%s: key '%s' appears twice", what, k);
                break;
            }
        }
    }
}

yaml_node_t *yr_get(Yr *r, yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *pr = map->data.mapping.pairs.start; pr < map->data.mapping.pairs.top; pr++) {
        yaml_node_t *kn;
        const char *k = key_text(r, pr, &kn);
        if (k && strcmp(k, key) == 0)
            return yaml_document_get_node(&r->doc, pr->value);
    }
    return NULL;
}

int yr_is_null(const yaml_node_t *n)
{
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return 0;
    const char *v = (const char *)n->data.scalar.value;
    return !*v || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 || strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
}

const char *yr_scalar(Yr *r, yaml_node_t *n, const char *what)
{
    if (!n || n->type != YAML_SCALAR_NODE) {
        yr_error(r, n, "%s must be a single value, not %s", what, n ? node_kind(n) : "nothing");
        return NULL;
    }
    size_t len = n->data.scalar.length;
    const char *v = (const char *)n->data.scalar.value;
    if (memchr(v, '\0', len)) {
        yr_error(r, n, "%s contains a NUL character", what);
        return NULL;
    }
    return arena_strndup(r->arena, v, len);
}

const char *yr_str(Yr *r, yaml_node_t *map, const char *key, int required)
{
    yaml_node_t *n = yr_get(r, map, key);
    if (!n) {
        if (required)
            yr_error(r, map, "'%s' is required", key);
        return NULL;
    }
    if (yr_is_null(n)) {
        yr_error(r, n, "'%s' must not be empty", key);
        return NULL;
    }
    return yr_scalar(r, n, key);
}

int yr_bool(Yr *r, yaml_node_t *map, const char *key, int dflt)
{
    yaml_node_t *n = yr_get(r, map, key);
    if (!n)
        return dflt;
    const char *v = n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
    if (v && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
        if (strcmp(v, "true") == 0)
            return 1;
        if (strcmp(v, "false") == 0)
            return 0;
    }
    yr_error(r, n, "'%s' must be true or false", key);
    return dflt;
}

int yr_int(Yr *r, yaml_node_t *map, const char *key, int dflt, int min, int max)
{
    yaml_node_t *n = yr_get(r, map, key);
    if (!n)
        return dflt;
    if (n->type == YAML_SCALAR_NODE) {
        const char *v = (const char *)n->data.scalar.value;
        char *end;
        errno = 0;
        long x = strtol(v, &end, 10);
        if (*v && !*end && errno == 0 && x >= min && x <= max)
            return (int)x;
    }
    yr_error(r, n, "'%s' must be a whole number from %d to %d", key, min, max);
    return dflt;
}

int yr_seq_len(Yr *r, yaml_node_t *n, const char *what)
{
    if (!n || n->type != YAML_SEQUENCE_NODE) {
        yr_error(r, n, "%s must be a list, not %s", what, n ? node_kind(n) : "nothing");
        return 0;
    }
    return (int)(n->data.sequence.items.top - n->data.sequence.items.start);
}

yaml_node_t *yr_seq_at(Yr *r, yaml_node_t *seq, int i)
{
    return yaml_document_get_node(&r->doc, seq->data.sequence.items.start[i]);
}

int yr_id_ok(const char *s, const char *punct)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || strchr(punct, *s)))
            return 0;
    return 1;
}

const char *yr_text(Yr *r, yaml_node_t *m, const char *key, const char *section, const char *what)
{
    const char *v = yr_str(r, m, key, 1);
    if (v && !*v)
        yr_error(r, yr_get(r, m, key), "%s: %s%s'%s' must not be empty", section, what ? what : "", what ? " " : "", key);
    return v;
}

void *yr_section(Yr *r, yaml_node_t *node, const char *section, const char *const *keys, Arena *arena, size_t size)
{
    if (!yr_expect_map(r, node, section))
        return NULL;
    yr_check_keys(r, node, keys, section);
    void *v = arena_alloc(arena, size);
    if (!v)
        yr_error(r, node, "out of memory");
    return v;
}
