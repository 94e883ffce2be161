/* libFuzzer harness for the request parameter parsers (src/web/form.c):
 * urlencoded forms and flat JSON objects. The first byte picks the parser.
 * Checks: no crash or leak; every accepted name and value is valid text
 * (form_text_ok); an accepted urlencoded form, re-encoded with url_encode,
 * parses back to the same pairs. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/form.h"
#include "web/html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int json = data[0] & 1;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    Arena a;
    arena_init(&a, NULL, 0);
    Params p = {0};
    Str err = STR_INIT;
    int rc = json ? form_parse_json(&p, &a, text, len, &err) : form_parse_urlencoded(&p, &a, text, len, &err);
    if (rc != 0 && err.len == 0)
        abort(); /* a refusal always says why */
    if (rc == 0) {
        for (int i = 0; i < p.n; i++)
            if (!form_text_ok(p.v[i].name, strlen(p.v[i].name)) || !form_text_ok(p.v[i].value, strlen(p.v[i].value)))
                abort();
        if (!json) {
            Str again = STR_INIT;
            for (int i = 0; i < p.n; i++) {
                if (i)
                    str_appendc(&again, '&');
                url_encode(&again, p.v[i].name);
                str_appendc(&again, '=');
                url_encode(&again, p.v[i].value);
            }
            Params q = {0};
            Str err2 = STR_INIT;
            if (form_parse_urlencoded(&q, &a, again.buf ? again.buf : "", again.len, &err2) != 0)
                abort();
            /* Empty names with empty values ("=") re-encode to "=": same count. */
            if (q.n != p.n)
                abort();
            for (int i = 0; i < p.n; i++)
                if (strcmp(p.v[i].name, q.v[i].name) != 0 || strcmp(p.v[i].value, q.v[i].value) != 0)
                    abort();
            str_free(&again);
            str_free(&err2);
        }
    }
    str_free(&err);
    arena_free(&a);
    return 0;
}
