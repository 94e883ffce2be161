/* Mail for the notification outbox (issue #4 item 5): a message as RFC 5322
 * text in UTF-8 (the Japanese subject and names encoded per RFC 2047, the
 * body base64), sent over SMTP with libcurl. Only the server's housekeeping
 * (main thread) sends, one message at a time. */
#ifndef DAICHO_WEB_MAILER_H
#define DAICHO_WEB_MAILER_H
#include "store/outbox.h"
#include "util/str.h"
#include "web/web.h"

typedef struct Mail {
    const char *from;            /* address only: noreply@city.example.lg.jp */
    const char *from_name;       /* display name (UTF-8) or NULL */
    const char *to;              /* address only */
    const char *to_name;         /* display name (UTF-8) or NULL */
    const char *subject;         /* UTF-8 */
    const char *body;            /* UTF-8 text, lines separated by \n */
    const char *date;            /* RFC 5322 date, e.g. "Wed, 01 Apr 2026 09:00:00 +0000" */
    const char *message_id;      /* without the angle brackets */
} Mail;

/* Once, before any mail (curl's global state; the main thread only). */
void mailer_init(void);
/* `text` as a header value: itself when it is printable ASCII, otherwise
 * RFC 2047 "=?UTF-8?B?…?=" words of at most 75 characters, cut only between
 * characters and folded onto continuation lines. */
void mail_header_text(const char *text, Str *out);
/* The whole message (headers CRLF, blank line, base64 body). -1 when an
 * address could smuggle a header (line breaks, angle brackets). */
int mail_format(const Mail *m, Str *out);
/* Send `m` to `smtp_url` (smtp://host:port or smtps://…). 0, or -1 with
 * the reason in err. */
int mail_send(const char *smtp_url, const Mail *m, Str *err);

/* For app_outbox_send: mail an outbox row (ctx is the WebConfig: smtp_url,
 * smtp_from, public_url for the link). 0 sent, -1 with err. */
int mailer_send_row(void *ctx, const OutboxRow *row, Str *err);

#endif
