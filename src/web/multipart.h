/* multipart/form-data (RFC 7578) over a request body already in memory
 * (the server buffers bodies up to the configured body limit): the parts in
 * order, each with its name, file name (NULL for a plain field) and data
 * pointing into the body — nothing is copied, so memory stays the body's.
 * Pure: no libmicrohttpd. */
#ifndef DAICHO_WEB_MULTIPART_H
#define DAICHO_WEB_MULTIPART_H
#include <stddef.h>

#include "util/arena.h"
#include "util/str.h"

enum { MULTIPART_NAME_MAX = 200, MULTIPART_HEADER_MAX = 4096 };

typedef struct MultipartPart {
    char name[MULTIPART_NAME_MAX + 1];      /* form field name */
    char filename[MULTIPART_NAME_MAX + 1];  /* "" when the part has none */
    int has_filename;
    const char *data;                       /* into the body */
    size_t len;
} MultipartPart;

typedef struct Multipart {
    const char *body, *end;
    char boundary[80];                      /* "--" + boundary (RFC 2046: at most 70) */
    size_t blen;
    const char *pos;                        /* start of the next part's headers, NULL when done */
} Multipart;

/* Start over `body` with the boundary of `content_type`
 * ("multipart/form-data; boundary=…", quoted or not). -1 and a message in
 * err when the type is not multipart/form-data, has no usable boundary, or
 * the body does not start with it. */
int multipart_init(Multipart *m, const char *content_type, const char *body, size_t len, Str *err);
/* The next part: 1 and *part filled, 0 after the closing boundary, -1 and a
 * message when the body is malformed (a part without its closing boundary,
 * headers too long or without Content-Disposition: form-data; name=…). */
int multipart_next(Multipart *m, MultipartPart *part, Str *err);

/* Every plain field (a part without a file name) of a multipart body as a
 * parameter in `p` (values copied into `a`; a NUL inside a value ends it
 * there, as for form fields): for the dispatcher, so that the CSRF field of
 * an upload form is read like any form's. 0, or -1 with a message. */
struct Params;
int multipart_fields(struct Params *p, Arena *a, const char *content_type, const char *body, size_t len, Str *err);

#endif
