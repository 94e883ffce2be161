/* SMTP mail for the outbox (see mailer.h). */
#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/app_outbox.h"
#include "web/mailer.h"

void mailer_init(void)
{
    static int done;
    if (!done) {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        done = 1;
    }
}

static int printable_ascii(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p >= 0x7f)
            return 0;
    return 1;
}

static void base64(const unsigned char *bin, size_t n, Str *out)
{
    char buf[4 * 64 / 3 + 8];
    while (n) {
        size_t take = n > 48 ? 48 : n;  /* 48 bytes → 64 characters */
        sodium_bin2base64(buf, sizeof buf, bin, take, sodium_base64_VARIANT_ORIGINAL);
        str_append(out, buf);
        bin += take, n -= take;
        if (n)
            str_append(out, "\r\n");
    }
}

void mail_header_text(const char *text, Str *out)
{
    if (printable_ascii(text)) {
        str_append(out, text);
        return;
    }
    /* "=?UTF-8?B?" + 60 base64 characters + "?=" = 72 ≤ 75 (RFC 2047 2):
     * at most 45 bytes per word, cut before a UTF-8 continuation byte so
     * that each word decodes by itself (RFC 2047 5). */
    const unsigned char *p = (const unsigned char *)text;
    size_t n = strlen(text);
    int first = 1;
    while (n) {
        size_t take = n > 45 ? 45 : n;
        while (take < n && take > 1 && (p[take] & 0xC0) == 0x80)
            take--;
        char buf[72];
        sodium_bin2base64(buf, sizeof buf, p, take, sodium_base64_VARIANT_ORIGINAL);
        str_appendf(out, "%s=?UTF-8?B?%s?=", first ? "" : "\r\n ", buf);
        first = 0;
        p += take, n -= take;
    }
}

/* An address fit for a header and the SMTP envelope. */
static int address_ok(const char *a)
{
    if (!a || !*a)
        return 0;
    for (const unsigned char *p = (const unsigned char *)a; *p; p++)
        if (*p <= ' ' || *p >= 0x7f || *p == '<' || *p == '>' || *p == ',' || *p == ';' || *p == '"')
            return 0;
    return strchr(a, '@') != NULL;
}

static void mailbox(const char *name, const char *addr, Str *out)
{
    if (name && *name) {
        if (printable_ascii(name) && !strpbrk(name, "\"\\()<>,;:@[]")) {
            str_append(out, name);
        } else {
            mail_header_text(name, out);
        }
        str_append(out, " ");
    }
    str_appendf(out, "<%s>", addr);
}

int mail_format(const Mail *m, Str *out)
{
    if (!address_ok(m->from) || !address_ok(m->to) || (m->message_id && strpbrk(m->message_id, "\r\n<>")) ||
        (m->date && strpbrk(m->date, "\r\n")))
        return -1;
    str_append(out, "Date: ");
    str_append(out, m->date ? m->date : "");
    str_append(out, "\r\nFrom: ");
    mailbox(m->from_name, m->from, out);
    str_append(out, "\r\nTo: ");
    mailbox(m->to_name, m->to, out);
    str_append(out, "\r\nSubject: ");
    mail_header_text(m->subject ? m->subject : "", out);
    if (m->message_id)
        str_appendf(out, "\r\nMessage-ID: <%s>", m->message_id);
    str_append(out, "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                    "Content-Transfer-Encoding: base64\r\nAuto-Submitted: auto-generated\r\n\r\n");
    /* The body's lines end in CRLF as RFC 5322 asks, then base64 (any
     * bytes, 7-bit safe, no line ever starts with a dot). */
    Str text = STR_INIT;
    for (const char *s = m->body ? m->body : ""; *s; s++) {
        if (*s == '\n' && (s == m->body || s[-1] != '\r'))
            str_appendc(&text, '\r');
        str_appendc(&text, *s);
    }
    base64((const unsigned char *)str_cstr(&text), text.len, out);
    str_append(out, "\r\n");
    int failed = str_failed(&text);
    str_free(&text);
    return failed || str_failed(out) ? -1 : 0;
}

typedef struct Upload {
    const char *data;
    size_t len, pos;
} Upload;

static size_t read_cb(char *buf, size_t size, size_t nitems, void *ctx)
{
    Upload *u = ctx;
    size_t room = size * nitems, left = u->len - u->pos;
    size_t n = left < room ? left : room;
    memcpy(buf, u->data + u->pos, n);
    u->pos += n;
    return n;
}

int mail_send(const char *smtp_url, const Mail *m, Str *err)
{
    Str msg = STR_INIT;
    if (mail_format(m, &msg) != 0) {
        str_free(&msg);
        str_append(err, "宛先または差出人のメールアドレスが正しくありません (bad address)");
        return -1;
    }
    CURL *c = curl_easy_init();
    if (!c) {
        str_free(&msg);
        str_append(err, "メール送信の準備ができません (curl_easy_init)");
        return -1;
    }
    char from[300], to[300], errbuf[CURL_ERROR_SIZE] = "";
    snprintf(from, sizeof from, "<%s>", m->from);
    snprintf(to, sizeof to, "<%s>", m->to);
    struct curl_slist *rcpt = curl_slist_append(NULL, to);
    Upload up = {str_cstr(&msg), msg.len, 0};
    curl_easy_setopt(c, CURLOPT_URL, smtp_url);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(c, CURLOPT_READDATA, &up);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    /* Bounded: the housekeeping thread also ends sessions; a mail server
     * that hangs must not stall it for long. */
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    CURLcode rc = rcpt ? curl_easy_perform(c) : CURLE_OUT_OF_MEMORY;
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    if (rc != CURLE_OK)
        str_appendf(err, "メールを送れませんでした: %s%s%s (SMTP %ld)", curl_easy_strerror(rc), errbuf[0] ? ": " : "", errbuf,
                    code);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(c);
    str_free(&msg);
    return rc == CURLE_OK ? 0 : -1;
}

/* RFC 5322 date of now, in UTC (day and month names are English by the RFC). */
static void rfc5322_now(char out[40])
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t t = time(NULL);
    struct tm u;
    gmtime_r(&t, &u);
    snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[u.tm_wday], u.tm_mday, months[u.tm_mon],
             u.tm_year + 1900, u.tm_hour, u.tm_min, u.tm_sec);
}

int mailer_send_row(void *ctx, const OutboxRow *row, Str *err)
{
    const WebConfig *cfg = ctx;
    if (!cfg->smtp_from || !address_ok(cfg->smtp_from)) {
        str_append(err, "差出人のメールアドレス（smtp_from）が設定されていません");
        return -1;
    }
    const char *base = cfg->public_url ? cfg->public_url : "";
    size_t bl = strlen(base);
    while (bl && base[bl - 1] == '/')
        bl--;
    Str body = STR_INIT;
    str_appendf(&body, "%s 様\n\n%s\n", row->name ? row->name : "", row->body ? row->body : "");
    if (row->clause && *row->clause)
        str_appendf(&body, "\n根拠: %s\n", row->clause);
    if (row->link && *row->link) {
        if (bl)
            str_appendf(&body, "\n詳細: %.*s%s\n", (int)bl, base, row->link);
        else
            str_appendf(&body, "\n詳細: daicho の画面 %s\n", row->link);
    }
    str_append(&body, "\n--\nこのメールは daicho（外部サービス利用管理）から自動で送信しています。\n");
    if (bl)
        str_appendf(&body, "通知の一覧: %.*s/notifications\n", (int)bl, base);
    char date[40], msgid[160];
    rfc5322_now(date);
    const char *domain = strchr(cfg->smtp_from, '@');
    snprintf(msgid, sizeof msgid, "daicho.outbox.%lld.%lld@%s", row->id, (long long)time(NULL), domain ? domain + 1 : "daicho");
    Mail m = {cfg->smtp_from, "daicho 外部サービス利用管理", row->email, row->name, row->subject, str_cstr(&body), date, msgid};
    int rc = str_failed(&body) ? -1 : mail_send(cfg->smtp_url, &m, err);
    if (str_failed(&body))
        str_append(err, "out of memory");
    str_free(&body);
    return rc;
}
