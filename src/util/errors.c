#include "util/errors.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void errors_add(Errors *e, const char *fmt, ...)
{
    if (e->count >= ERRORS_MAX) {
        e->dropped++;
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    char *m = NULL;
    if (vasprintf(&m, fmt, ap) < 0)
        m = NULL;
    va_end(ap);
    if (!m) {
        e->dropped++;
        return;
    }
    e->msg[e->count++] = m;
}

void errors_free(Errors *e)
{
    for (int i = 0; i < e->count; i++)
        free(e->msg[i]);
    e->count = 0;
    e->dropped = 0;
}
