/* Request parameters: application/x-www-form-urlencoded (forms, query
 * strings) and a flat JSON object (API bodies: {"reason": "…", "n": 3}).
 * Both give name → text pairs in the request arena; a bad body is refused
 * with a message that names the field or the position. */
#ifndef DAICHO_WEB_FORM_H
#define DAICHO_WEB_FORM_H
#include <stddef.h>

#include "util/str.h"
#include "web/web.h"

enum { FORM_MAX_PARAMS = 256 };

/* 0, or -1 with a message in err (bad percent-encoding, invalid UTF-8,
 * too many fields). `plus_is_space`: form bodies and query strings both. */
int form_parse_urlencoded(Params *out, Arena *a, const char *text, size_t len, Str *err);
/* A JSON object whose members are strings, numbers, booleans or null (null
 * is skipped; arrays and objects are refused naming the member). */
int form_parse_json(Params *out, Arena *a, const char *text, size_t len, Str *err);

/* Valid UTF-8 with no control characters other than tab, CR and LF. */
int form_text_ok(const char *s, size_t len);

#endif
