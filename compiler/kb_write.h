/*
 * kb_write.h: the SQLite side of kbc: create a KB with the schema, add
 * and drop articles, read back what an incremental build needs.
 */
#ifndef KBC_KB_WRITE_H
#define KBC_KB_WRITE_H

#include <sqlite3.h>

#include "article.h"

#define KB_SCHEMA_VERSION 3

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
/* An open KB with its insert statements prepared once. */
struct kb_writer;

struct kb_writer *kb_writer_new(sqlite3 *db, char *err, size_t errsz);
void	kb_writer_free(struct kb_writer *);	/* accepts NULL */
/* Is the file at path a KB of a newer schema than this kbc's? */
int	kb_newer(const char *path);
/* Insert an article and everything under it.  0, or -1 with err set. */
int	kb_put(struct kb_writer *, const struct article *, char *err, size_t errsz);
/* Delete the article with this path and everything under it. */
int	kb_drop(sqlite3 *db, const char *path, char *err, size_t errsz);
/*
 * For a bulk load into a new KB: drop the secondary indexes, keeping their
 * SQL in sqls, and build them again at the end (sorting once is faster than
 * keeping them up to date row by row).  0, or -1 with err set.
 */
int	kb_defer_indexes(sqlite3 *db, struct strv *sqls, char *err, size_t errsz);
int	kb_restore_indexes(sqlite3 *db, const struct strv *sqls, char *err,
	    size_t errsz);

/* Every stored article's path and hash, sorted by path (bytewise).  0 or -1. */
int	kb_hashes(sqlite3 *db, struct strv *paths, struct strv *hashes);
/* Run SQL with no result rows; 0, or -1 with err set. */
int	kb_exec(sqlite3 *db, const char *sql, char *err, size_t errsz);

#endif
