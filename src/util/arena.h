/* Region allocator: many small allocations, one owner, freed together.
 * Used for loaded profiles (immutable once built) and parsed applications. */
#ifndef DAICHO_ARENA_H
#define DAICHO_ARENA_H
#include <stddef.h>

typedef struct ArenaChunk ArenaChunk;

typedef struct Arena {
    ArenaChunk *head;   /* newest chunk first */
    char *inline_buf;   /* optional caller storage used before the first malloc */
    size_t inline_cap;
    size_t inline_used;
    int failed;         /* sticky: set when an allocation failed */
} Arena;

/* Initialise an empty arena. `buf` (may be NULL) is caller-owned storage used
 * first, so short-lived arenas need no malloc at all. */
void arena_init(Arena *a, void *buf, size_t cap);
/* Zeroed memory aligned for any type; NULL (and a->failed set) on OOM. */
void *arena_alloc(Arena *a, size_t n);
/* Like arena_alloc but not zeroed, for memory the caller fills at once. */
void *arena_alloc_raw(Arena *a, size_t n);
/* Copy of s (n bytes + NUL) in the arena. */
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_strdup(Arena *a, const char *s);
/* Free every chunk; the arena may be reused after arena_init. */
void arena_free(Arena *a);

#endif
