/*
 * kb_write.h: the SQLite side of kbc: create a KB with the schema, add
 * and drop articles, read back what an incremental build needs.
 */
#ifndef KBC_KB_WRITE_H
#define KBC_KB_WRITE_H

#include <sqlite3.h>

#include "article.h"

#define KB_SCHEMA_VERSION 5

extern const char kb_schema_sql[];	/* schema/kb.sql, compiled in */

/* Create a new KB at path (which must not exist).  0, or -1 with err set. */
int	kb_create(const char *path, sqlite3 **db, char *err, size_t errsz);
/* kb_open() flags and results. */
#define KB_RW		1	/* read-write (else read-only) */
#define KB_QUICKCHECK	2	/* run PRAGMA quick_check too */
#define KB_NOFOLLOW	4	/* never through a symbolic link (an output folder's KB) */
#define KB_JOURNAL	8	/* with KB_RW: the KB in place, its writes under
				 * SQLite's rollback journal (else no journal:
				 * a private file, deleted on failure) */
enum {
	KB_OPEN_OK = 0,
	KB_OPEN_OLDER = 1,	/* an older schema version: rebuild it */
	KB_OPEN_DAMAGED = -1,	/* not SQLite, damaged, or objects kbc never creates */
	KB_OPEN_NEWER = -2	/* a newer schema version: never overwritten */
};
/*
 * Open an existing KB, which is untrusted (an output folder may come from a
 * cache someone else wrote): defensive mode, trusted_schema OFF, triggers
 * and views disabled, and its sqlite_master compared with the schema this
 * kbc creates before anything else is read.  Returns a KB_OPEN_ value; *db
 * is set only for KB_OPEN_OK.  err says why for every other value.
 */
int	kb_open(const char *path, int flags, sqlite3 **db, char *err, size_t errsz);
/*
 * A read-only open of a KB beside a hot journal (a build killed in the
 * middle of its transaction) fails until a writer rolls the journal back:
 * kb_open() does it first, when the KB may be written, so that the
 * previous generation reads as it was.
 */
/* The same, for a copy at path of the KB the messages call name. */
int	kb_open_as(const char *path, const char *name, int flags, sqlite3 **db,
	    char *err, size_t errsz);
/* Column i of a result row as text, "" for NULL (a KB may hold NULLs). */
const char *kb_col(sqlite3_stmt *, int);
/* An open KB with its insert statements prepared once. */
struct kb_writer;

struct kb_writer *kb_writer_new(sqlite3 *db, char *err, size_t errsz);
void	kb_writer_free(struct kb_writer *);	/* accepts NULL */
/* --base-url: articles with no url of their own get base/path-without-.md. */
void	kb_writer_base_url(struct kb_writer *, const char *base);
/*
 * The published page of an article, as kb_put() stores it: its front
 * matter's url or canonical_url, else the base URL and its path without
 * ".md" ("https://docs.example.com/en/agent/slow-backups"), else NULL.
 * A new string.
 */
char	*kb_article_url(const struct kb_writer *, const struct article *);
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
/* The KB's generation (table generation), or -1 when it has none. */
long long kb_generation(sqlite3 *db);
/* Set it (inside the build's transaction).  0, or -1 with err set. */
int	kb_set_generation(sqlite3 *db, long long n, char *err, size_t errsz);
/* Run SQL with no result rows; 0, or -1 with err set. */
int	kb_exec(sqlite3 *db, const char *sql, char *err, size_t errsz);

#endif
