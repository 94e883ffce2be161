/* libFuzzer harness: the multipart/form-data parser of uploads
 * (src/web/multipart.h) must never crash or read outside the body, every
 * part it returns must lie inside the body, and the field reader the
 * dispatcher uses must agree with it on the plain fields. The input is
 * "boundary\n" followed by the body (the boundary's first 70 bytes). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "web/multipart.h"
#include "web/web.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *nl = memchr(data, '\n', size < 100 ? size : 100);
    if (!nl)
        return 0;
    size_t blen = (size_t)(nl - (const char *)data);
    char ct[160];
    memcpy(ct, "multipart/form-data; boundary=", 30);
    memcpy(ct + 30, data, blen);
    ct[30 + blen] = 0;
    /* The body in its own allocation, so that ASan sees any read past it. */
    size_t len = size - blen - 1;
    char *body = malloc(len ? len : 1);
    memcpy(body, nl + 1, len);
    Str err = STR_INIT;
    Multipart m;
    MultipartPart p;
    int plain = 0;
    if (multipart_init(&m, ct, body, len, &err) == 0) {
        int r;
        while ((r = multipart_next(&m, &p, &err)) == 1) {
            if (p.data < body || p.data + p.len > body + len || strlen(p.name) > MULTIPART_NAME_MAX)
                __builtin_trap();
            plain += !p.has_filename;
        }
        if (r < 0)
            plain = -1;
    } else {
        plain = -1;
    }
    Arena a;
    arena_init(&a, NULL, 0);
    Params params = {0};
    Str err2 = STR_INIT;
    int rc = multipart_fields(&params, &a, ct, body, len, &err2);
    if ((rc == 0) != (plain >= 0) || (rc == 0 && params.n != plain))
        __builtin_trap();
    arena_free(&a);
    str_free(&err);
    str_free(&err2);
    free(body);
    return 0;
}
