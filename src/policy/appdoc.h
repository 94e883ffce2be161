/* An application document as typed values, ready for evaluation. Filled by a
 * parser (exchange/appdoc_json.c) against one profile; strings and lists
 * point into storage owned by whoever filled it (see AppDoc.arena). */
#ifndef DAICHO_APPDOC_H
#define DAICHO_APPDOC_H
#include "policy/fields.h"
#include "policy/profile.h"
#include "util/arena.h"

typedef struct FieldValue {
    int present;               /* given in the document (lists: non-empty) */
    const char *s;             /* STRING */
    long long i;               /* BOOL 0/1, INT, DATE yyyymmdd */
    double n;                  /* NUMBER */
    int code;                  /* ENUM index, CLASS rank, COUNTRY packed, ROLE index */
    const int *codes;          /* ENUM_LIST / COUNTRY_LIST elements */
    const char *const *strs;   /* HOST_LIST elements */
    int count;                 /* list length */
} FieldValue;

typedef enum AnswerStatus { ANSWER_NONE, ANSWER_DONE, ANSWER_NOT_APPLICABLE, ANSWER_NOT_DONE } AnswerStatus;
extern const char *const answer_status_names[]; /* unanswered, done, not_applicable, not_done */

typedef struct AppDoc {
    const Profile *profile;
    FieldValue v[F_COUNT];
    unsigned char *answers;       /* per answer index (items, then risks): AnswerStatus */
    const char **evidence;        /* per answer index, may be NULL */
    Arena arena;                  /* owns answers, evidence and parsed strings */
    int syntax_error;             /* set by a parser: 1 the text is not valid JSON, 2 it exceeds a reader limit */
    _Alignas(16) char inline_buf[8192]; /* first arena storage: most documents need no malloc */
} AppDoc;

/* Reset `d` to an empty document for profile `p`; storage for answers is
 * taken from d->arena. Returns 0 on out-of-memory. */
int appdoc_init(AppDoc *d, const Profile *p);
/* Release everything the document owns (not `d` itself). */
void appdoc_free(AppDoc *d);

#endif
