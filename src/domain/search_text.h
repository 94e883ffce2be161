/* Japanese substring search over the ledger (DESIGN.md "Storage"): the text
 * every entry is found by, normalized the same way as queries, and the
 * bigram tokens that answer two-character queries such as 会議, which a
 * trigram index cannot. Pure. */
#ifndef DAICHO_SEARCH_TEXT_H
#define DAICHO_SEARCH_TEXT_H
#include "util/str.h"

/* Append `text` normalized for matching: full-width ASCII (Ａ１！) to its
 * half-width form, ASCII letters to lower case, the ideographic space and
 * runs of white space to one space. Invalid UTF-8 bytes are dropped. */
void search_normalize(const char *text, Str *out);
/* Number of characters (code points) of UTF-8 text. */
int search_char_count(const char *text);
/* Append one token per pair of adjacent characters of normalized `text`
 * (pairs with a space skipped), each as the lowercase hex of the two code
 * points (6 digits each), separated by `sep`. Hex keeps any character (punctuation,
 * symbols) a single token for every tokenizer. */
void search_bigrams(const char *text, char sep, Str *out);

#endif
