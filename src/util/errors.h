/* A list of error messages collected while loading or parsing, so that a user
 * sees every problem at once ("FILE:LINE:COL: message"). */
#ifndef DAICHO_ERRORS_H
#define DAICHO_ERRORS_H

enum { ERRORS_MAX = 200 };

typedef struct Errors {
    char *msg[ERRORS_MAX]; /* owned; freed by errors_free */
    int count;             /* messages stored */
    int dropped;           /* messages beyond ERRORS_MAX */
} Errors;

void errors_add(Errors *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void errors_free(Errors *e);

#endif
