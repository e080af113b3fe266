/*
 * kb_write.c: write articles into the SQLite KB.
 *
 * Every value goes through a bound parameter; no SQL is ever built from
 * article text.  Rows go in document order, so equal input gives an equal
 * file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "frontmatter.h"
#include "kb_write.h"

static int
fail(sqlite3 *db, char *err, size_t errsz, const char *what)
{
	if (errsz)
		snprintf(err, errsz, "%s: %s", what, db ? sqlite3_errmsg(db) : "out of memory");
	return -1;
}

int
kb_exec(sqlite3 *db, const char *sql, char *err, size_t errsz)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		if (errsz)
			snprintf(err, errsz, "%s", msg ? msg : "sqlite error");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* Settings for a file that is private until renamed into place: no
 * journal (a failed build is deleted, not rolled back). */
static int
tune(sqlite3 *db, char *err, size_t errsz)
{
	return kb_exec(db, "PRAGMA journal_mode = OFF;"
	    " PRAGMA synchronous = OFF; PRAGMA temp_store = DEFAULT;"
	    " PRAGMA cache_size = -16384;", err, errsz);
}

/*
 * Settings for the KB updated in place, which readers may have open and a
 * killed build must leave as it was: every write goes through the
 * rollback journal, synced, so an interrupted transaction is rolled back
 * by the next open, leaving the previous file byte for byte.  The cache
 * stays small: pages that spill before the commit are journaled first.
 * Foreign keys are off: kb_drop() deletes every row an article has,
 * leaves first, and the cascades would only scan tables for nothing.
 */
static int
tune_journal(sqlite3 *db, char *err, size_t errsz)
{
	return kb_exec(db, "PRAGMA foreign_keys = OFF; PRAGMA journal_mode = DELETE;"
	    " PRAGMA synchronous = FULL; PRAGMA temp_store = DEFAULT;"
	    " PRAGMA cache_size = -16384;", err, errsz);
}

int
kb_create(const char *path, sqlite3 **db, char *err, size_t errsz)
{
	*db = NULL;
	if (sqlite3_open_v2(path, db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	    SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK)
		return fail(*db, err, errsz, path);
	/* Foreign keys off after the schema (which turns them on): kb_put()
	 * gives every row a parent it has just inserted, and checking that
	 * cost two lookups a row (a fifth of the writer's time). */
	if (tune(*db, err, errsz) || kb_exec(*db, kb_schema_sql, err, errsz) ||
	    kb_exec(*db, "PRAGMA foreign_keys = OFF", err, errsz))
		return -1;
	return 0;
}

/*
 * Shut the doors a planted schema could come in by, on any connection to a
 * KB kbc did not just create: no triggers, no views, no functions with
 * side effects called from the schema, and (defensive) no SQL that can
 * corrupt the file.  0, or -1.
 */
static int
harden(sqlite3 *db, int defensive)
{
	/* The KB is changed in place: a reader waits while a build commits,
	 * and a build's commit waits for the readers in the middle of a
	 * read, rather than either failing with "database is locked". */
	sqlite3_busy_timeout(db, 60000);
	if (sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL) != SQLITE_OK ||
	    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL) != SQLITE_OK ||
	    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL) != SQLITE_OK ||
	    (defensive &&
	    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL) != SQLITE_OK))
		return -1;
	return kb_exec(db, "PRAGMA trusted_schema = OFF", NULL, 0);
}

/* A NULL-safe column: "" for NULL. */
const char *
kb_col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s ? s : "";
}

/*
 * The schema objects of db, one "type name tbl_name sql" string each
 * (fields split by 0x1f), sorted.  0, or -1.
 */
static int
schema_rows(sqlite3 *db, struct strv *rows)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, "SELECT type, name, tbl_name, sql FROM sqlite_master"
	    " ORDER BY type, name", -1, &st, NULL) != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct buf b = {0};

		buf_printf(&b, "%s\x1f%s\x1f%s\x1f%s%s", kb_col(st, 0), kb_col(st, 1),
		    kb_col(st, 2), sqlite3_column_type(st, 3) == SQLITE_NULL ? "\x1e" : "",
		    kb_col(st, 3));
		strv_push(rows, buf_take(&b));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The objects the compiled-in schema creates (computed once). */
static int
schema_expected(struct strv *rows)
{
	sqlite3 *db = NULL;
	int rc = -1;

	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
	    kb_exec(db, kb_schema_sql, NULL, 0) == 0)
		rc = schema_rows(db, rows);
	sqlite3_close(db);
	return rc;
}

/* Say which object a schema row is (kind and name) and what is wrong with it. */
static void
schema_say(const char *row, char *err, size_t errsz, const char *path, int planted)
{
	const char *sep = strchr(row, 0x1f), *sep2 = sep ? strchr(sep + 1, 0x1f) : NULL;
	int kl = sep ? (int)(sep - row) : 0, nl = sep && sep2 ? (int)(sep2 - sep - 1) : 0;

	if (errsz == 0)
		return;
	if (planted)
		snprintf(err, errsz, "%s: holds a %.*s '%.*s' that kbc never creates; "
		    "not a KB kbc wrote", path, kl, row, nl, sep ? sep + 1 : "");
	else
		snprintf(err, errsz, "%s: its %.*s '%.*s' is missing or not the one kbc "
		    "creates; not a KB kbc wrote", path, kl, row, nl, sep ? sep + 1 : "");
}

/*
 * Is the schema of db exactly the one this kbc creates?  0, or -1 with err
 * naming the first object that differs (a planted trigger, view, table).
 */
static int
schema_check(sqlite3 *db, const char *path, char *err, size_t errsz)
{
	struct strv want = {0}, have = {0};
	size_t i = 0, k = 0;
	int rc = 0;

	if (schema_expected(&want) != 0 || schema_rows(db, &have) != 0) {
		if (errsz)
			snprintf(err, errsz, "%s: cannot read its schema: %s", path,
			    sqlite3_errmsg(db));
		rc = -1;
	}
	while (rc == 0 && (i < want.n || k < have.n)) {
		int c = i == want.n ? 1 : k == have.n ? -1 : strcmp(want.v[i], have.v[k]);

		if (c == 0) {
			i++;
			k++;
		} else if (c > 0) {
			schema_say(have.v[k], err, errsz, path, 1);
			rc = -1;
		} else {
			schema_say(want.v[i], err, errsz, path, 0);
			rc = -1;
		}
	}
	strv_free(&want);
	strv_free(&have);
	return rc;
}

int
kb_open(const char *path, int flags, sqlite3 **db, char *err, size_t errsz)
{
	return kb_open_as(path, path, flags, db, err, errsz);
}

/*
 * Roll back the hot journal a killed build left beside the KB at path, if
 * there is one and the KB may be written: a read-only connection cannot,
 * and would fail.  The first read of a connection that can write does it
 * (SQLite's own recovery; a journal some live writer still holds is not
 * hot and is left alone).
 */
static void
recover(const char *path, int flags)
{
	char jpath[4200];
	sqlite3 *db = NULL;

	snprintf(jpath, sizeof(jpath), "%s-journal", path);
	if (access(jpath, F_OK) != 0 || access(path, W_OK) != 0)
		return;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
	    ((flags & KB_NOFOLLOW) ? SQLITE_OPEN_NOFOLLOW : 0), NULL) == SQLITE_OK &&
	    harden(db, 1) == 0)
		kb_exec(db, "PRAGMA user_version", NULL, 0);
	sqlite3_close(db);
}

int
kb_open_as(const char *path, const char *name, int flags, sqlite3 **db, char *err,
    size_t errsz)
{
	sqlite3_stmt *st;
	int v = -1, ok;

	*db = NULL;
	if (errsz)
		err[0] = '\0';
	if (!(flags & KB_RW))
		recover(path, flags);
	if (sqlite3_open_v2(path, db, ((flags & KB_RW) ? SQLITE_OPEN_READWRITE :
	    SQLITE_OPEN_READONLY) | SQLITE_OPEN_NOMUTEX |
	    ((flags & KB_NOFOLLOW) ? SQLITE_OPEN_NOFOLLOW : 0), NULL) !=
	    SQLITE_OK || harden(*db, 1) != 0) {
		if (errsz)
			snprintf(err, errsz, "%s: %s", name, *db ? sqlite3_errmsg(*db) :
			    "cannot open");
		goto damaged;
	}
	if (sqlite3_prepare_v2(*db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	if (v < 0) {
		if (errsz)
			snprintf(err, errsz, "%s: not a KB (%s)", name, sqlite3_errmsg(*db));
		goto damaged;
	}
	if (v > KB_SCHEMA_VERSION) {
		if (errsz)
			snprintf(err, errsz, "%s: KB schema version %d is newer than this kbc's (%d)",
			    name, v, KB_SCHEMA_VERSION);
		sqlite3_close(*db);
		*db = NULL;
		return KB_OPEN_NEWER;
	}
	if (v < KB_SCHEMA_VERSION) {
		if (errsz)
			snprintf(err, errsz, "%s: KB schema version %d is older than this kbc's (%d)",
			    name, v, KB_SCHEMA_VERSION);
		sqlite3_close(*db);
		*db = NULL;
		return KB_OPEN_OLDER;
	}
	if (schema_check(*db, name, err, errsz) != 0)
		goto damaged;
	if (flags & KB_QUICKCHECK) {
		/* A quick look that the file is sound before building on it. */
		if (sqlite3_prepare_v2(*db, "PRAGMA quick_check", -1, &st, NULL) != SQLITE_OK) {
			if (errsz)
				snprintf(err, errsz, "%s: damaged: %s", name, sqlite3_errmsg(*db));
			goto damaged;
		}
		ok = sqlite3_step(st) == SQLITE_ROW && strcmp(kb_col(st, 0), "ok") == 0;
		if (!ok && errsz)
			snprintf(err, errsz, "%s: damaged: %.200s", name,
			    sqlite3_column_type(st, 0) == SQLITE_TEXT ? kb_col(st, 0) :
			    sqlite3_errmsg(*db));
		sqlite3_finalize(st);
		if (!ok)
			goto damaged;
	}
	/* The schema is ours: the writer may now use its fast settings
	 * (journal_mode OFF is refused in defensive mode). */
	if ((flags & KB_RW) && (sqlite3_db_config(*db, SQLITE_DBCONFIG_DEFENSIVE, 0, NULL) !=
	    SQLITE_OK || ((flags & KB_JOURNAL) ? tune_journal(*db, err, errsz) :
	    tune(*db, err, errsz)) != 0))
		goto damaged;
	return KB_OPEN_OK;
damaged:
	sqlite3_close(*db);
	*db = NULL;
	return KB_OPEN_DAMAGED;
}

long long
kb_generation(sqlite3 *db)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(db, "SELECT n FROM generation", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_INTEGER)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n < 0 ? -1 : n;
}

int
kb_set_generation(sqlite3 *db, long long n, char *err, size_t errsz)
{
	sqlite3_stmt *st;
	int rc;

	if (kb_exec(db, "DELETE FROM generation", err, errsz))
		return -1;
	if (sqlite3_prepare_v2(db, "INSERT INTO generation (n) VALUES (?)", -1, &st,
	    NULL) != SQLITE_OK)
		return fail(db, err, errsz, "generation");
	sqlite3_bind_int64(st, 1, n);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : fail(db, err, errsz, "generation");
}

int
kb_defer_indexes(sqlite3 *db, struct strv *sqls, char *err, size_t errsz)
{
	sqlite3_stmt *st;
	struct strv names = {0};
	int rc = 0;

	if (sqlite3_prepare_v2(db, "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
	    " AND sql IS NOT NULL ORDER BY rowid", -1, &st, NULL) != SQLITE_OK)
		return fail(db, err, errsz, "indexes");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		strv_add(&names, (const char *)sqlite3_column_text(st, 0));
		strv_add(sqls, (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		strv_free(&names);
		return fail(db, err, errsz, "indexes");
	}
	rc = 0;
	for (size_t i = 0; i < names.n && rc == 0; i++) {
		struct buf b = {0};

		/* Names come from our own schema, not from articles. */
		buf_printf(&b, "DROP INDEX \"%s\"", names.v[i]);
		rc = kb_exec(db, b.s, err, errsz);
		buf_free(&b);
	}
	strv_free(&names);
	return rc;
}

int
kb_restore_indexes(sqlite3 *db, const struct strv *sqls, char *err, size_t errsz)
{
	for (size_t i = 0; i < sqls->n; i++)
		if (kb_exec(db, sqls->v[i], err, errsz))
			return -1;
	return 0;
}

int
kb_hashes(sqlite3 *db, struct strv *paths, struct strv *hashes)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, "SELECT path, hash FROM articles ORDER BY path", -1,
	    &st, NULL) != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		strv_add(paths, kb_col(st, 0));
		strv_add(hashes, kb_col(st, 1));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
kb_drop(sqlite3 *db, const char *path, char *err, size_t errsz)
{
	/*
	 * Leaf tables first, each through an index on its parent column, so
	 * that no ON DELETE CASCADE is left to run: the cascades from
	 * sections (to sections.parent_id, entries.section_id and
	 * passages.section_id, which have no index) would scan those tables
	 * once per section, seconds at ten thousand articles.  The KB in
	 * place is written with foreign keys off for that reason; the order
	 * also holds with them on.
	 */
#define KB_ART "(SELECT id FROM articles WHERE path = ?1)"
#define KB_ENT "(SELECT id FROM entries WHERE article_id IN " KB_ART ")"
#define KB_FIX "(SELECT id FROM fixes WHERE entry_id IN " KB_ENT ")"
	static const char *const sql[] = {
		"DELETE FROM fts WHERE rowid IN " KB_ENT,
		"DELETE FROM action_items WHERE action_id IN"
		" (SELECT id FROM actions WHERE fix_id IN " KB_FIX ")",
		"DELETE FROM actions WHERE fix_id IN " KB_FIX,
		"DELETE FROM causes WHERE fix_id IN " KB_FIX,
		"DELETE FROM fixes WHERE entry_id IN " KB_ENT,
		"DELETE FROM messages WHERE entry_id IN " KB_ENT,
		"DELETE FROM codes WHERE entry_id IN " KB_ENT,
		"DELETE FROM links WHERE article_id IN " KB_ART,
		"DELETE FROM diagnostics WHERE article_id IN " KB_ART,
		"DELETE FROM passages WHERE article_id IN " KB_ART,
		"DELETE FROM entries WHERE article_id IN " KB_ART,
		"DELETE FROM sections WHERE article_id IN " KB_ART,
		"DELETE FROM front_matter WHERE article_id IN " KB_ART,
		"DELETE FROM articles WHERE path = ?1",
		NULL
	};
#undef KB_ART
#undef KB_ENT
#undef KB_FIX

	for (int i = 0; sql[i]; i++) {
		sqlite3_stmt *st;

		if (sqlite3_prepare_v2(db, sql[i], -1, &st, NULL) != SQLITE_OK)
			return fail(db, err, errsz, "drop article");
		sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_finalize(st);
			return fail(db, err, errsz, "drop article");
		}
		sqlite3_finalize(st);
	}
	return 0;
}

/* Statements of a writer, prepared once per build. */
enum { S_ART, S_FM, S_SEC, S_ENT, S_MSG, S_CODE, S_FIX, S_CAUSE, S_ACT, S_ITEM,
	S_LINK, S_DIAG, S_FTS, S_PSG, S_N };

static const char *const put_sql[S_N] = {
	"INSERT INTO articles(path, key, locale, title, description, date, hash, size, url)"
	" VALUES (?,?,?,?,?,?,?,?,?)",
	"INSERT INTO front_matter(article_id, seq, name, value) VALUES (?,?,?,?)",
	"INSERT INTO sections(article_id, parent_id, level, text, anchor, line)"
	" VALUES (?,?,?,?,?,?)",
	"INSERT INTO entries(article_id, section_id, kind, anchor, line, col)"
	" VALUES (?,?,?,?,?,?)",
	"INSERT INTO messages(entry_id, seq, text) VALUES (?,?,?)",
	"INSERT INTO codes(entry_id, seq, written, norm, form) VALUES (?,?,?,?,?)",
	"INSERT INTO fixes(entry_id, seq) VALUES (?,?)",
	"INSERT INTO causes(fix_id, seq, text) VALUES (?,?,?)",
	"INSERT INTO actions(fix_id, seq, text) VALUES (?,?,?)",
	"INSERT INTO action_items(action_id, seq, text) VALUES (?,?,?)",
	"INSERT INTO links(article_id, entry_id, href, text, line, target, resolved)"
	" VALUES (?,?,?,?,?,?,?)",
	"INSERT INTO diagnostics(article_id, line, col, severity, name, text, source)"
	" VALUES (?,?,?,?,?,?,?)",
	"INSERT INTO fts(rowid, messages, codes, causes, actions, section)"
	" VALUES (?,?,?,?,?,?)",
	"INSERT INTO passages(article_id, section_id, kind, line, text)"
	" VALUES (?,?,?,?,?)",
};

static int
step(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void
text(sqlite3_stmt *st, int i, const char *s)
{
	sqlite3_bind_text(st, i, s ? s : "", -1, SQLITE_STATIC);
}

/* The strings of v, a line each (an action's sub-items too). */
static void
join(struct buf *b, const struct strv *v)
{
	for (size_t i = 0; i < v->n; i++) {
		if (b->len)
			buf_addc(b, '\n');
		for (const char *p = v->v[i]; *p; p++)
			buf_addc(b, *p == ACTION_ITEM_SEP ? '\n' : *p);
	}
}

/* Action seq of fix fid, and its sub-items (after ACTION_ITEM_SEP). */
static int
put_action(sqlite3 *db, sqlite3_stmt **st, sqlite3_int64 fid, size_t seq,
    const char *a)
{
	const char *sep = strchr(a, ACTION_ITEM_SEP), *end;
	sqlite3_int64 aid;

	sqlite3_bind_int64(st[S_ACT], 1, fid);
	sqlite3_bind_int64(st[S_ACT], 2, (sqlite3_int64)seq);
	sqlite3_bind_text(st[S_ACT], 3, a, sep ? (int)(sep - a) : -1, SQLITE_STATIC);
	if (step(st[S_ACT]))
		return -1;
	aid = sqlite3_last_insert_rowid(db);
	for (sqlite3_int64 k = 0; sep; k++, sep = end) {
		end = strchr(sep + 1, ACTION_ITEM_SEP);
		sqlite3_bind_int64(st[S_ITEM], 1, aid);
		sqlite3_bind_int64(st[S_ITEM], 2, k);
		sqlite3_bind_text(st[S_ITEM], 3, sep + 1, end ? (int)(end - sep - 1) : -1,
		    SQLITE_STATIC);
		if (step(st[S_ITEM]))
			return -1;
	}
	return 0;
}

struct kb_writer {
	sqlite3		*db;
	sqlite3_stmt	*st[S_N];
	const char	*base_url;	/* --base-url, or NULL */
};

void
kb_writer_base_url(struct kb_writer *w, const char *base)
{
	w->base_url = base && *base ? base : NULL;
}

char *
kb_article_url(const struct kb_writer *w, const struct article *a)
{
	const char *u = frontmatter_get(&a->fm_names, &a->fm_values, "url");
	struct buf b = {0};
	size_t bl, pl;

	if (u == NULL || *u == '\0')
		u = frontmatter_get(&a->fm_names, &a->fm_values, "canonical_url");
	if (u && *u)
		return xstrdup(u);
	if (w->base_url == NULL || a->path == NULL)
		return NULL;
	bl = strlen(w->base_url);
	while (bl > 0 && w->base_url[bl - 1] == '/')
		bl--;
	pl = strlen(a->path);
	if (pl > 3 && strcmp(a->path + pl - 3, ".md") == 0)
		pl -= 3;
	buf_printf(&b, "%.*s/%.*s", (int)bl, w->base_url, (int)pl, a->path);
	return buf_take(&b);
}

struct kb_writer *
kb_writer_new(sqlite3 *db, char *err, size_t errsz)
{
	struct kb_writer *w = xcalloc(1, sizeof(*w));

	w->db = db;
	for (int i = 0; i < S_N; i++)
		if (sqlite3_prepare_v2(db, put_sql[i], -1, &w->st[i], NULL) != SQLITE_OK) {
			fail(db, err, errsz, "prepare");
			kb_writer_free(w);
			return NULL;
		}
	return w;
}

void
kb_writer_free(struct kb_writer *w)
{
	if (w == NULL)
		return;
	for (int i = 0; i < S_N; i++)
		sqlite3_finalize(w->st[i]);
	free(w);
}

int
kb_put(struct kb_writer *w, const struct article *a, char *err, size_t errsz)
{
	sqlite3 *db = w->db;
	sqlite3_stmt **st = w->st;
	sqlite3_int64 aid, *sids = NULL, *eids = NULL;
	struct buf m = {0}, c = {0}, ca = {0}, ac = {0};	/* an entry's FTS text */
	char *url = kb_article_url(w, a);
	int rc = -1;

	text(st[S_ART], 1, a->path);
	text(st[S_ART], 2, a->key);
	text(st[S_ART], 3, a->locale);
	text(st[S_ART], 4, a->title);
	text(st[S_ART], 5, a->description);
	text(st[S_ART], 6, a->date);
	text(st[S_ART], 7, a->hash);
	sqlite3_bind_int64(st[S_ART], 8, (sqlite3_int64)a->size);
	if (url)
		sqlite3_bind_text(st[S_ART], 9, url, -1, SQLITE_STATIC);
	if (step(st[S_ART]))
		goto sqlfail;
	aid = sqlite3_last_insert_rowid(db);

	for (size_t i = 0; i < a->fm_names.n && i < a->fm_values.n; i++) {
		sqlite3_bind_int64(st[S_FM], 1, aid);
		sqlite3_bind_int64(st[S_FM], 2, (sqlite3_int64)i);
		text(st[S_FM], 3, a->fm_names.v[i]);
		text(st[S_FM], 4, a->fm_values.v[i]);
		if (step(st[S_FM]))
			goto sqlfail;
	}
	sids = xcalloc(a->nsections + 1, sizeof(*sids));
	for (size_t i = 0; i < a->nsections; i++) {
		const struct section *s = &a->sections[i];

		sqlite3_bind_int64(st[S_SEC], 1, aid);
		if (s->parent >= 0)
			sqlite3_bind_int64(st[S_SEC], 2, sids[s->parent]);
		sqlite3_bind_int(st[S_SEC], 3, s->level);
		text(st[S_SEC], 4, s->text);
		text(st[S_SEC], 5, s->anchor);
		sqlite3_bind_int(st[S_SEC], 6, s->line);
		if (step(st[S_SEC]))
			goto sqlfail;
		sids[i] = sqlite3_last_insert_rowid(db);
	}
	eids = xcalloc(a->nentries + 1, sizeof(*eids));
	for (size_t i = 0; i < a->nentries; i++) {
		const struct entry *e = &a->entries[i];
		const struct section *s = e->section >= 0 ? &a->sections[e->section] : NULL;
		sqlite3_int64 eid;

		buf_clear(&m);
		buf_clear(&c);
		buf_clear(&ca);
		buf_clear(&ac);
		sqlite3_bind_int64(st[S_ENT], 1, aid);
		if (s)
			sqlite3_bind_int64(st[S_ENT], 2, sids[e->section]);
		text(st[S_ENT], 3, e->kind == ENTRY_ERROR ? "error" : "guide");
		text(st[S_ENT], 4, s ? s->anchor : "");
		sqlite3_bind_int(st[S_ENT], 5, e->line);
		sqlite3_bind_int(st[S_ENT], 6, e->col);
		if (step(st[S_ENT]))
			goto sqlfail;
		eids[i] = eid = sqlite3_last_insert_rowid(db);
		for (size_t k = 0; k < e->messages.n; k++) {
			sqlite3_bind_int64(st[S_MSG], 1, eid);
			sqlite3_bind_int64(st[S_MSG], 2, (sqlite3_int64)k);
			text(st[S_MSG], 3, e->messages.v[k]);
			if (step(st[S_MSG]))
				goto sqlfail;
		}
		for (size_t k = 0; k < e->ncodes; k++) {
			sqlite3_bind_int64(st[S_CODE], 1, eid);
			sqlite3_bind_int64(st[S_CODE], 2, (sqlite3_int64)k);
			text(st[S_CODE], 3, e->codes[k].written);
			text(st[S_CODE], 4, e->codes[k].norm);
			text(st[S_CODE], 5, code_form_name(e->codes[k].form));
			if (step(st[S_CODE]))
				goto sqlfail;
			if (c.len)
				buf_addc(&c, ' ');
			buf_adds(&c, e->codes[k].written);
		}
		for (size_t k = 0; k < e->nfixes; k++) {
			const struct fix *f = &e->fixes[k];
			sqlite3_int64 fid;

			sqlite3_bind_int64(st[S_FIX], 1, eid);
			sqlite3_bind_int64(st[S_FIX], 2, (sqlite3_int64)k);
			if (step(st[S_FIX]))
				goto sqlfail;
			fid = sqlite3_last_insert_rowid(db);
			for (size_t j = 0; j < f->causes.n; j++) {
				sqlite3_bind_int64(st[S_CAUSE], 1, fid);
				sqlite3_bind_int64(st[S_CAUSE], 2, (sqlite3_int64)j);
				text(st[S_CAUSE], 3, f->causes.v[j]);
				if (step(st[S_CAUSE]))
					goto sqlfail;
			}
			for (size_t j = 0; j < f->actions.n; j++)
				if (put_action(db, st, fid, j, f->actions.v[j]))
					goto sqlfail;
			join(&ca, &f->causes);
			join(&ac, &f->actions);
		}
		join(&m, &e->messages);
		sqlite3_bind_int64(st[S_FTS], 1, eid);
		text(st[S_FTS], 2, m.s);
		text(st[S_FTS], 3, c.s);
		text(st[S_FTS], 4, ca.s);
		text(st[S_FTS], 5, ac.s);
		text(st[S_FTS], 6, s ? s->text : "");
		if (step(st[S_FTS]))
			goto sqlfail;
	}
	for (size_t i = 0; i < a->npassages; i++) {
		const struct passage *p = &a->passages[i];

		sqlite3_bind_int64(st[S_PSG], 1, aid);
		if (p->section >= 0 && (size_t)p->section < a->nsections)
			sqlite3_bind_int64(st[S_PSG], 2, sids[p->section]);
		text(st[S_PSG], 3, passage_kind_name(p->kind));
		sqlite3_bind_int(st[S_PSG], 4, p->line);
		text(st[S_PSG], 5, p->text);
		if (step(st[S_PSG]))
			goto sqlfail;
	}
	for (size_t i = 0; i < a->nlinks; i++) {
		const struct link *l = &a->links[i];

		sqlite3_bind_int64(st[S_LINK], 1, aid);
		if (l->entry >= 0 && (size_t)l->entry < a->nentries)
			sqlite3_bind_int64(st[S_LINK], 2, eids[l->entry]);
		text(st[S_LINK], 3, l->href);
		text(st[S_LINK], 4, l->text);
		sqlite3_bind_int(st[S_LINK], 5, l->line);
		if (l->target) {
			text(st[S_LINK], 6, l->target);
			sqlite3_bind_int(st[S_LINK], 7, l->resolved);
		}
		if (step(st[S_LINK]))
			goto sqlfail;
	}
	for (size_t i = 0; i < a->ndiags; i++) {
		const struct diag *d = &a->diags[i];

		sqlite3_bind_int64(st[S_DIAG], 1, aid);
		sqlite3_bind_int(st[S_DIAG], 2, d->line);
		sqlite3_bind_int(st[S_DIAG], 3, d->col);
		text(st[S_DIAG], 4, d->error ? "error" : "warning");
		text(st[S_DIAG], 5, d->name);
		text(st[S_DIAG], 6, d->text);
		text(st[S_DIAG], 7, d->source);
		if (step(st[S_DIAG]))
			goto sqlfail;
	}
	rc = 0;
	goto out;
sqlfail:
	fail(db, err, errsz, a->path);
	for (int i = 0; i < S_N; i++)
		sqlite3_reset(st[i]);
	rc = -1;
out:
	buf_free(&m);
	buf_free(&c);
	buf_free(&ca);
	buf_free(&ac);
	free(sids);
	free(eids);
	free(url);
	return rc;
}
