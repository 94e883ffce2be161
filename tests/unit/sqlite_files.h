/* A test's SQLite database is a file and, in WAL mode, two companions
 * (-wal, -shm): remove all three. Header-only: the store suites and the app
 * harness link different libraries. */
#ifndef DAICHO_TEST_SQLITE_FILES_H
#define DAICHO_TEST_SQLITE_FILES_H
#include <stdio.h>
#include <unistd.h>

static inline void remove_sqlite_files(const char *path)
{
    char side[600];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

#endif
