#include "util/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct ArenaChunk {
    ArenaChunk *next;
    size_t cap;
    size_t used;
    max_align_t data[]; /* payload */
};

enum { ARENA_ALIGN = _Alignof(max_align_t), ARENA_CHUNK = 16384 };

static size_t align_up(size_t n) { return (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1); }

void arena_init(Arena *a, void *buf, size_t cap)
{
    memset(a, 0, sizeof *a);
    /* Only use the caller buffer if it is suitably aligned. */
    if (buf && ((uintptr_t)buf % ARENA_ALIGN) == 0) {
        a->inline_buf = buf;
        a->inline_cap = cap;
    }
}

void *arena_alloc(Arena *a, size_t n)
{
    void *p = arena_alloc_raw(a, n);
    if (p)
        memset(p, 0, n);
    return p;
}

void *arena_alloc_raw(Arena *a, size_t n)
{
    n = align_up(n ? n : 1);
    if (a->inline_buf && a->inline_cap - a->inline_used >= n) {
        void *p = a->inline_buf + a->inline_used;
        a->inline_used += n;
        return p;
    }
    if (!a->head || a->head->cap - a->head->used < n) {
        size_t cap = n > ARENA_CHUNK ? n : ARENA_CHUNK;
        ArenaChunk *c = malloc(sizeof *c + cap);
        if (!c) {
            a->failed = 1;
            return NULL;
        }
        c->cap = cap;
        c->used = 0;
        c->next = a->head;
        a->head = c;
    }
    void *p = (char *)a->head->data + a->head->used;
    a->head->used += n;
    return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
    char *d = arena_alloc_raw(a, n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *arena_strdup(Arena *a, const char *s) { return arena_strndup(a, s, strlen(s)); }

void arena_free(Arena *a)
{
    ArenaChunk *c = a->head;
    while (c) {
        ArenaChunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
    a->inline_used = 0;
}
