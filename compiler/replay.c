/*
 * replay.c: the diagnostics a previous build stored in the KB, said again
 * or counted.  Every string read back may come from a planted KB: all is
 * printed through print_diag(), which drops control characters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "kb_write.h"
#include "replay.h"

int
replay_article(const struct build_opts *o, sqlite3 *db, const char *path, int say)
{
	sqlite3_stmt *st;
	int n = 0;

	if (sqlite3_prepare_v2(db, "SELECT d.line, d.col, d.severity, d.name, d.text"
	    " FROM diagnostics d JOIN articles a ON a.id = d.article_id WHERE a.path = ?"
	    " ORDER BY d.id", -1, &st, NULL) != SQLITE_OK)
		return print_diag(o, path, 1, 1, "warning", "unreadable",
		    "the previous build's diagnostics cannot be read");
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (diag_off(o, kb_col(st, 3)))
			continue;
		if (say)
			print_diag(o, path, sqlite3_column_int(st, 0), sqlite3_column_int(st, 1),
			    kb_col(st, 2), kb_col(st, 3), kb_col(st, 4));
		n++;
	}
	sqlite3_finalize(st);
	return n;
}

int
replay_count(const char *kbpath, struct statcache *c)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st;
	char err[1024];
	int rc = -1;

	if (kb_open(kbpath, 0, &db, err, sizeof(err)) == KB_OPEN_OK &&
	    sqlite3_prepare_v2(db, "SELECT name, count(*) FROM diagnostics GROUP BY name"
	    " ORDER BY name", -1, &st, NULL) == SQLITE_OK) {
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *name = kb_col(st, 0);
			char n[32];

			/* One word a line in the cache; a name kbc never gives
			 * (from an old or foreign KB) is counted nowhere. */
			if (!warning_known(name))
				continue;
			snprintf(n, sizeof(n), "%d", sqlite3_column_int(st, 1));
			strv_add(&c->wname, name);
			strv_add(&c->wcount, n);
		}
		rc = rc == SQLITE_DONE ? 0 : -1;
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return rc;
}

long
replay_cached(const struct build_opts *o, const struct statcache *c)
{
	long n = 0;

	for (size_t i = 0; i < c->wname.n && i < c->wcount.n; i++)
		if (!diag_off(o, c->wname.v[i]))
			n += strtol(c->wcount.v[i], NULL, 10);
	return n;
}

long
replay_all(const struct build_opts *o, const char *kbpath)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st;
	char err[1024];
	long n = -1;

	if (kb_open(kbpath, 0, &db, err, sizeof(err)) == KB_OPEN_OK)
		n = 0;
	if (n == 0 && sqlite3_prepare_v2(db, "SELECT a.path, d.line, d.col, d.severity,"
	    " d.name, d.text FROM diagnostics d JOIN articles a ON a.id = d.article_id"
	    " ORDER BY a.path, d.id", -1, &st, NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW)
			n += print_diag(o, kb_col(st, 0),
			    sqlite3_column_int(st, 1), sqlite3_column_int(st, 2),
			    kb_col(st, 3), kb_col(st, 4), kb_col(st, 5));
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return n;
}

