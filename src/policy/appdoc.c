#include "policy/appdoc.h"

#include <string.h>

const char *const answer_status_names[] = {"unanswered", "done", "not_applicable", "not_done", NULL};

int appdoc_init(AppDoc *d, const Profile *p)
{
    memset(d->v, 0, sizeof d->v);
    d->profile = p;
    d->syntax_error = 0;
    arena_init(&d->arena, d->inline_buf, sizeof d->inline_buf);
    size_t n = (size_t)(p->n_items + p->n_risks);
    d->answers = arena_alloc(&d->arena, n ? n : 1);
    d->evidence = arena_alloc(&d->arena, sizeof(char *) * (n ? n : 1));
    return d->answers && d->evidence;
}

void appdoc_free(AppDoc *d)
{
    arena_free(&d->arena);
}
