/* HTML escaped by construction. Pages write markup with html(), whose format
 * is a literal the programmer wrote (trusted) and whose %s arguments are
 * always escaped: a value from the database or the request cannot become
 * markup. The only way to insert unescaped text is %H with a fragment that
 * was itself built by html() (e.g. a row built in a loop).
 *
 * Conversions: %s text (escaped; NULL prints nothing), %U a URL component
 * (percent-encoded, for href/action values), %d int, %lld long long,
 * %zu size_t, %H trusted fragment (const char *), %% a percent sign. */
#ifndef DAICHO_WEB_HTML_H
#define DAICHO_WEB_HTML_H
#include <stdarg.h>

#include "util/str.h"

void html(Str *out, const char *fmt, ...);
void html_v(Str *out, const char *fmt, va_list ap);
void html_escape(Str *out, const char *text);
/* Percent-encode a URL component (RFC 3986 unreserved kept). */
void url_encode(Str *out, const char *text);

#endif
