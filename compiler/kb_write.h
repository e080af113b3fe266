/*
 * kb_write.h: the SQLite side of kbc: create a KB with the schema, add
 * and drop articles, read back what an incremental build needs.
 */
#ifndef KBC_KB_WRITE_H
#define KBC_KB_WRITE_H

#include <sqlite3.h>

#include "article.h"

#define KB_SCHEMA_VERSION 1

extern const char kb_schema_sql[];	/* schema/kb.sql, compiled in */

/* Create a new KB at path (which must not exist).  0, or -1 with err set. */
int	kb_create(const char *path, sqlite3 **db, char *err, size_t errsz);
/*
 * Open an existing KB read-write for an incremental update.  Returns 0,
 * 1 if it is not a KB this kbc can update (not SQLite, damaged, another
 * schema version: rebuild it from scratch), or -1 with err set for a KB of
 * a newer schema (never overwritten silently).
 */
int	kb_open(const char *path, sqlite3 **db, char *err, size_t errsz);
/* Insert an article and everything under it.  0, or -1 with err set. */
int	kb_put(sqlite3 *db, const struct article *, char *err, size_t errsz);
/* Delete the article with this path and everything under it. */
int	kb_drop(sqlite3 *db, const char *path, char *err, size_t errsz);
/* The stored hash of the article at path into hash[33]; 0 found, 1 not. */
int	kb_hash(sqlite3 *db, const char *path, char hash[33]);
/* Run SQL with no result rows; 0, or -1 with err set. */
int	kb_exec(sqlite3 *db, const char *sql, char *err, size_t errsz);

#endif
