/* Whole-file input for the CLI. */
#ifndef DAICHO_FILE_H
#define DAICHO_FILE_H
#include <stddef.h>

enum { FILE_MAX_BYTES = 16 * 1024 * 1024 };

/* Read `path` ("-" for standard input) into a NUL-terminated buffer that the
 * caller frees with free(). Returns NULL and sets *err to a static message
 * (or errno text) on failure. */
char *file_read(const char *path, size_t *len, const char **err);

#endif
