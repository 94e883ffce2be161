/* Versioned schema migrations for both backends (DESIGN.md "Storage").
 * Each migration runs in its own transaction together with the version bump,
 * so a database is always at exactly one version. */
#ifndef DAICHO_MIGRATE_H
#define DAICHO_MIGRATE_H
#include "store/db.h"

/* The version this build writes. */
int migrate_latest(void);
/* Current version of the database (0: empty). -1 on error. */
int migrate_version(Db *db);
/* Bring the schema up to migrate_latest(); 0 on success, -1 (db_errmsg) on
 * error. A database newer than this build is refused, never touched. */
int migrate_up(Db *db);

#endif
