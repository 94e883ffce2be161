/* Web proxy logs (issue #5 item 5): a streaming reader of Squid's native
 * access.log and of a simple CSV (time,user,host), one record per line with
 * the time, the user and the host visited. Pure (no I/O): the caller feeds
 * bytes in chunks of any size and gets a callback per good line; memory is
 * constant (one line buffer of PROXY_LINE_MAX bytes inside the reader).
 *
 * Squid native (logformat squid):
 *   time.ms elapsed client code/status bytes method URL rfc931 hierarchy/peer type
 * fields separated by runs of spaces; at least 10 fields (more are ignored:
 * log_mime_hdrs appends headers). CONNECT lines have "host:port" as URL,
 * others "scheme://[user@]host[:port]/path". The user is rfc931, or the
 * client address when rfc931 is "-".
 *
 * CSV: exactly three fields time,user,host (RFC 4180 quoting, "" inside
 * quotes); an optional header line whose first field is "time"; time is ISO
 * 8601 (YYYY-MM-DDTHH:MM:SS with Z, ±HH:MM or none = UTC; a space may stand
 * for the T; fractions ignored) or epoch seconds; host may also be given as
 * host:port or as a URL. An empty user is malformed.
 *
 * Hosts come out lower-case (ASCII), without port, without a trailing dot;
 * IDN labels as given (UTF-8 or xn--); IPv6 literals without brackets.
 * Blank lines are counted (`blank`) but are not records and not malformed.
 * Every other line that cannot be read is malformed: counted, with its line
 * number and reason kept for the first PROXY_BAD_KEEP. A line longer than
 * PROXY_LINE_MAX bytes (without its LF or CRLF) is malformed too. */
#ifndef DAICHO_PROXY_LOG_H
#define DAICHO_PROXY_LOG_H
#include <stddef.h>

typedef enum ProxyFormat { PROXY_AUTO, PROXY_SQUID, PROXY_CSV } ProxyFormat;
extern const char *const proxy_format_names[]; /* "auto", "squid", "csv" */
/* PROXY_* of "auto"/"squid"/"csv"; -1 for anything else. */
int proxy_format_parse(const char *name);

enum {
    PROXY_LINE_MAX = 8192,   /* bytes of a line without its terminator */
    PROXY_HOST_MAX = 253,    /* DNS limit */
    PROXY_USER_MAX = 128,    /* a longer user name is malformed */
    PROXY_BAD_KEEP = 20      /* malformed lines whose numbers are kept */
};

typedef enum ProxyBad {
    PBAD_TOO_LONG,       /* longer than PROXY_LINE_MAX */
    PBAD_FIELDS,         /* too few (Squid) / not three (CSV) fields */
    PBAD_TIME,           /* time unreadable or out of range */
    PBAD_USER,           /* empty, too long or control characters */
    PBAD_URL,            /* no host in the URL (e.g. "error:…") */
    PBAD_HOST,           /* host empty, too long or with bad characters */
    PBAD_QUOTE,          /* CSV quoting broken */
    PBAD_COUNT
} ProxyBad;
extern const char *const proxy_bad_names[PBAD_COUNT];   /* stable codes: "too_long" … */
extern const char *const proxy_bad_labels[PBAD_COUNT];  /* Japanese */

typedef struct ProxyRecord {
    long long line;          /* 1-based line number */
    long long time;          /* seconds since the epoch, UTC */
    const char *user;        /* not NUL-terminated: user_len bytes; valid during the callback */
    size_t user_len;
    char host[PROXY_HOST_MAX + 1];  /* NUL-terminated */
    size_t host_len;
} ProxyRecord;

/* Called once per good line; a non-zero return stops the reader (feed
 * returns it). */
typedef int (*ProxyRecordFn)(void *ctx, const ProxyRecord *rec);

typedef struct ProxyReader {
    ProxyFormat format;      /* PROXY_AUTO until the first non-blank line decides */
    ProxyRecordFn fn;
    void *ctx;
    long long lines;         /* lines read (also blank and malformed ones) */
    long long records;       /* good lines */
    long long blank;
    long long bad;           /* malformed lines */
    long long bad_by[PBAD_COUNT];
    long long bad_line[PROXY_BAD_KEEP];  /* the first malformed lines: numbers … */
    ProxyBad bad_why[PROXY_BAD_KEEP];    /* … and reasons */
    int n_bad_kept;
    int stopped;             /* the callback returned non-zero */
    int header_seen;         /* CSV: the first non-blank line was looked at */
    /* The line carried over between chunks. */
    size_t part_len;
    int part_overflow;       /* the carried line already exceeds the cap */
    char part[PROXY_LINE_MAX + 2];  /* + a CR + NUL */
} ProxyReader;

/* Start a reader (no allocation; the struct is ~8 KiB). */
void proxy_reader_init(ProxyReader *r, ProxyFormat format, ProxyRecordFn fn, void *ctx);
/* Feed the next `n` bytes; lines may span calls. Returns 0, or the
 * callback's non-zero value (the reader then ignores further input). */
int proxy_reader_feed(ProxyReader *r, const char *data, size_t n);
/* End of input: a last line without a newline is read. Same return. */
int proxy_reader_finish(ProxyReader *r);

/* Read one line (without terminator) in `format` (not AUTO). 0 and `out`
 * filled, or -1 and the reason in *why. `line_no` goes to out->line. */
int proxy_parse_line(ProxyFormat format, const char *line, size_t len, long long line_no, ProxyRecord *out,
                     ProxyBad *why);
/* Normalise a host (from a URL authority or a CSV field, port allowed):
 * lower-case, port and trailing dot dropped, brackets of an IPv6 literal
 * dropped. 0 and the host in out (PROXY_HOST_MAX + 1 bytes), or -1. */
int proxy_host_normalize(const char *s, size_t len, char *out, size_t *out_len);
/* The first `max` fields of a Squid line (split at runs of spaces/tabs):
 * their count (≤ max), pointers and lengths. proxy_split_fields_scalar is
 * the byte-by-byte reference the SIMD version is tested against. */
int proxy_split_fields(const char *s, size_t len, int max, const char **f, size_t *fl);
int proxy_split_fields_scalar(const char *s, size_t len, int max, const char **f, size_t *fl);
/* The format a first non-blank line suggests: CSV when its first field ends
 * at a comma, else Squid. */
ProxyFormat proxy_sniff(const char *line, size_t len);

#endif
